/* RULES §3 (check-in) and §4 (points): the ledger's kinds and refs, and
 * what the nightly settlement awards for one day. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "calendar.h"
#include "rules.h"
#include "rules_fixture.h"

#include <string.h>

/* §4: the kinds have stable names, stored in the ledger. */
static void test_s4_ledger_kind_names(void **state)
{
	(void)state;
	static const char *const names[RULES_LEDGER_KIND_COUNT] = {
		"checkin", "steps", "personal_target", "team_target", "essay", "leader_full_team",
		"redeem", "adjust",
	};
	for (int k = 0; k < RULES_LEDGER_KIND_COUNT; k++) {
		assert_string_equal(rules_ledger_kind_name((enum rules_ledger_kind)k), names[k]);
		enum rules_ledger_kind parsed = RULES_LEDGER_KIND_COUNT;
		assert_true(rules_ledger_kind_parse(names[k], &parsed));
		assert_int_equal(parsed, k);
	}
	assert_null(rules_ledger_kind_name(RULES_LEDGER_KIND_COUNT));
	assert_null(rules_ledger_kind_name((enum rules_ledger_kind)-1));
	enum rules_ledger_kind kind = RULES_LEDGER_ADJUST;
	assert_false(rules_ledger_kind_parse("Checkin", &kind));
	assert_false(rules_ledger_kind_parse("", &kind));
	assert_false(rules_ledger_kind_parse(NULL, &kind));
	assert_int_equal(kind, RULES_LEDGER_ADJUST);
}

/* §4: the natural key's ref: a day for the daily kinds, else an id. */
static void test_s4_ledger_refs(void **state)
{
	(void)state;
	static const struct { enum rules_ledger_kind kind; int64_t value; const char *ref; } cases[] = {
		{ RULES_LEDGER_CHECKIN, 18078, "2019-07-01" },
		{ RULES_LEDGER_STEPS, 18078, "2019-07-01" },
		{ RULES_LEDGER_PERSONAL_TARGET, 18177, "2019-10-08" },
		{ RULES_LEDGER_TEAM_TARGET, 18077, "2019-06-30" },
		{ RULES_LEDGER_ESSAY, 13, "13" },
		{ RULES_LEDGER_LEADER_FULL_TEAM, 4711, "4711" },
		{ RULES_LEDGER_REDEEM, 0, "0" },
		{ RULES_LEDGER_ADJUST, -42, "-42" },
		{ RULES_LEDGER_REDEEM, INT64_MAX, "9223372036854775807" },
		{ RULES_LEDGER_ADJUST, INT64_MIN, "-9223372036854775808" },
	};
	char buf[RULES_REF_BUF];
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		assert_true(rules_ledger_ref(cases[i].kind, cases[i].value, buf, sizeof buf));
		assert_string_equal(buf, cases[i].ref);
	}
	/* Refusals write "" (when there is room for it). */
	assert_false(rules_ledger_ref(RULES_LEDGER_CHECKIN, (int64_t)INT32_MAX + 1, buf, sizeof buf));
	assert_string_equal(buf, "");
	assert_false(rules_ledger_ref(RULES_LEDGER_STEPS, INT32_MIN, buf, sizeof buf));
	assert_false(rules_ledger_ref(RULES_LEDGER_REDEEM, 1, buf, RULES_REF_BUF - 1));
	assert_string_equal(buf, "");
	assert_false(rules_ledger_ref(RULES_LEDGER_KIND_COUNT, 1, buf, sizeof buf));
	char untouched = 'x';
	assert_false(rules_ledger_ref(RULES_LEDGER_ESSAY, 1, &untouched, 0));
	assert_int_equal(untouched, 'x');
	/* A day ref fits in CAL_DAY_BUF. */
	char small[CAL_DAY_BUF];
	assert_true(rules_ledger_ref(RULES_LEDGER_CHECKIN, 18078, small, sizeof small));
}

/* §4: steps = floor(counted / 2000), at most 5.  1999/2000/2001 and the
 * cap region 9999/10000/10001, 11999/12000. */
static void test_s4_step_points_table(void **state)
{
	(void)state;
	struct activity_rules r;
	rules_defaults(&r);
	static const struct { int64_t counted; int64_t points; } cases[] = {
		{ -5, 0 }, { 0, 0 }, { 1999, 0 }, { 2000, 1 }, { 2001, 1 }, { 3999, 1 }, { 4000, 2 },
		{ 7999, 3 }, { 8000, 4 }, { 9999, 4 }, { 10000, 5 }, { 10001, 5 }, { 11999, 5 },
		{ 12000, 5 }, { INT64_MAX, 5 },
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
		assert_int_equal(rules_step_points(&r, cases[i].counted), cases[i].points);
	/* With a higher cap and max, 11999 and 12000 differ. */
	r.daily_cap = 12000;
	r.max_step_points = 6;
	assert_int_equal(rules_step_points(&r, 11999), 5);
	assert_int_equal(rules_step_points(&r, 12000), 6);
}

/* §4: personal_target +1 if counted >= the user's member target. */
static void test_s4_personal_target(void **state)
{
	(void)state;
	struct activity_rules r;
	rules_defaults(&r);
	assert_false(rules_personal_target_met(5999, 6000));
	assert_true(rules_personal_target_met(6000, 6000));
	assert_true(rules_personal_target_met(6001, 6000));
	assert_false(rules_personal_target_met(7999, 8000));
	assert_int_equal(rules_personal_target_points(&r, 5999, 6000), 0);
	assert_int_equal(rules_personal_target_points(&r, 6000, 6000), 1);
	/* A day without steps never meets a target, even a broken one. */
	assert_false(rules_personal_target_met(0, 0));
	assert_false(rules_personal_target_met(-1, -10));
	assert_true(rules_personal_target_met(1, 0));
}

/* §3, §4, §7: fixed amounts. */
static void test_s4_fixed_amounts(void **state)
{
	(void)state;
	struct activity_rules r;
	rules_defaults(&r);
	assert_int_equal(rules_checkin_points(&r), 1);
	assert_int_equal(rules_team_target_points(&r, true), 2);
	assert_int_equal(rules_team_target_points(&r, false), 0);
	assert_int_equal(rules_essay_points(&r), 2);
}

/* §4: the nightly settlement of one user's day; at most 1 + 5 + 1 + 2 = 9
 * with the check-in. */
static void test_s4_settle_user_day(void **state)
{
	(void)state;
	struct activity_rules r;
	rules_defaults(&r);
	int32_t d = day("2019-07-10");
	static const struct {
		int64_t raw;
		bool settled;
		int64_t target;
		bool team_met;
		int64_t counted, steps, personal, team;
	} cases[] = {
		{ 12000, true, 6000, true, 10000, 5, 1, 2 },
		{ 11999, true, 6000, false, 10000, 5, 1, 0 },
		{ 10001, true, 10000, true, 10000, 5, 1, 2 },
		{ 9999, true, 10000, false, 9999, 4, 0, 0 },
		{ 5999, true, 6000, false, 5999, 2, 0, 0 },
		{ 6000, true, 6000, false, 6000, 3, 1, 0 },
		{ 2001, true, 6000, false, 2001, 1, 0, 0 },
		{ 1999, true, 6000, false, 1999, 0, 0, 0 },
		{ 15000, false, 6000, false, 0, 0, 0, 0 },   /* not synced in the window */
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct rules_day_award a;
		rules_settle_user_day(&r, d, cases[i].raw, cases[i].settled, cases[i].target,
				      cases[i].team_met, &a);
		assert_int_equal(a.counted, cases[i].counted);
		assert_int_equal(a.steps, cases[i].steps);
		assert_int_equal(a.personal_target, cases[i].personal);
		assert_int_equal(a.team_target, cases[i].team);
	}
	struct rules_day_award best;
	rules_settle_user_day(&r, d, 1000000, true, 6000, true, &best);
	assert_int_equal(rules_checkin_points(&r) + best.steps + best.personal_target + best.team_target, 9);
	/* Days outside the activity score nothing; test days score. */
	struct rules_day_award a;
	rules_settle_user_day(&r, day("2019-10-09"), 12000, true, 6000, true, &a);
	assert_int_equal(a.counted + a.steps + a.personal_target + a.team_target, 0);
	rules_settle_user_day(&r, day("2019-06-20"), 12000, true, 6000, true, &a);
	assert_int_equal(a.steps + a.personal_target + a.team_target, 8);
}

/* §4: a balance is never allowed below 0. */
static void test_s4_can_spend(void **state)
{
	(void)state;
	assert_true(rules_can_spend(20, 20));
	assert_false(rules_can_spend(19, 20));
	assert_true(rules_can_spend(0, 0));
	assert_false(rules_can_spend(100, -1));
	assert_false(rules_can_spend(-5, 0));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_s4_ledger_kind_names),
		cmocka_unit_test(test_s4_ledger_refs),
		cmocka_unit_test(test_s4_step_points_table),
		cmocka_unit_test(test_s4_personal_target),
		cmocka_unit_test(test_s4_fixed_amounts),
		cmocka_unit_test(test_s4_settle_user_day),
		cmocka_unit_test(test_s4_can_spend),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
