/* RULES §5 (teams): size, the leader's bonus, targets and their limits,
 * "effective from tomorrow", and when a team meets its target. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "calendar.h"
#include "rules.h"
#include "rules_fixture.h"

/* §5: at most team_size = 6 members, leader included. */
static void test_s5_team_has_room_until_six(void **state)
{
	(void)state;
	struct activity_rules r;
	rules_defaults(&r);
	assert_true(rules_team_has_room(&r, 1));
	assert_true(rules_team_has_room(&r, 5));
	assert_false(rules_team_has_room(&r, 6));
	assert_false(rules_team_has_room(&r, 7));
}

/* §4/§5: leader_full_team when the 6th member joins, once per leader. */
static void test_s5_leader_full_team_bonus(void **state)
{
	(void)state;
	struct activity_rules r;
	rules_defaults(&r);
	assert_false(rules_leader_full_team_due(&r, 5, false));
	assert_true(rules_leader_full_team_due(&r, 6, false));
	assert_false(rules_leader_full_team_due(&r, 6, true));
	assert_int_equal(r.points_leader_full_team, 20);
}

/* §5: team target met = every member met the member target with counted
 * steps AND the sum >= the team target. */
static void test_s5_team_target_met_table(void **state)
{
	(void)state;
	static const struct {
		const char *what;
		int64_t counted[6];
		size_t n;
		int64_t member_target, team_target;
		bool met;
	} cases[] = {
		{ "5 x 7200 = 36000: fewer than 6 can meet it",
		  { 7200, 7200, 7200, 7200, 7200 }, 5, 6000, 36000, true },
		{ "6 members, one at 5999: not met although the sum is 55999",
		  { 10000, 10000, 10000, 10000, 10000, 5999 }, 6, 6000, 36000, false },
		{ "6 x 6000 = 36000 exactly", { 6000, 6000, 6000, 6000, 6000, 6000 }, 6, 6000, 36000, true },
		{ "5 x 7199 = 35995 < 36000", { 7199, 7199, 7199, 7199, 7199 }, 5, 6000, 36000, false },
		{ "everyone met, the sum is short", { 6000, 6000, 6000 }, 3, 6000, 36000, false },
		{ "a leader alone at the cap", { 10000 }, 1, 6000, 36000, false },
		{ "raised targets: 6 x 8000 vs 48000", { 8000, 8000, 8000, 8000, 8000, 8000 }, 6, 8000, 48000, true },
		{ "raised targets: one at 7999", { 8000, 8000, 8000, 8000, 8000, 7999 }, 6, 8000, 40000, false },
		{ "an unsettled member counts 0", { 10000, 10000, 10000, 10000, 10000, 0 }, 6, 6000, 36000, false },
		{ "no members", { 0 }, 0, 6000, 36000, false },
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
		if (rules_team_target_met(cases[i].counted, cases[i].n, cases[i].member_target,
					  cases[i].team_target) != cases[i].met)
			fail_msg("%s", cases[i].what);
	/* The sum saturates instead of overflowing. */
	int64_t huge[2] = { INT64_MAX, INT64_MAX };
	assert_true(rules_team_target_met(huge, 2, 6000, INT64_MAX));
}

/* §5: a leader may raise targets within [6000, daily_cap] and
 * [36000, team_size * daily_cap], never below the defaults. */
static void test_s5_validate_targets(void **state)
{
	(void)state;
	struct activity_rules r;
	rules_defaults(&r);
	struct rules_target_limits l = rules_target_limits(&r);
	assert_int_equal(l.member_min, 6000);
	assert_int_equal(l.member_max, 10000);
	assert_int_equal(l.team_min, 36000);
	assert_int_equal(l.team_max, 60000);
	static const struct { int64_t member, team; enum rules_targets_status want; } cases[] = {
		{ 6000, 36000, RULES_TARGETS_OK },
		{ 10000, 60000, RULES_TARGETS_OK },
		{ 7000, 42000, RULES_TARGETS_OK },
		{ 5999, 36000, RULES_MEMBER_TARGET_TOO_LOW },
		{ 10001, 36000, RULES_MEMBER_TARGET_TOO_HIGH },
		{ 6000, 35999, RULES_TEAM_TARGET_TOO_LOW },
		{ 6000, 60001, RULES_TEAM_TARGET_TOO_HIGH },
		{ 5999, 99999, RULES_MEMBER_TARGET_TOO_LOW },   /* member checked first */
		{ -1, 36000, RULES_MEMBER_TARGET_TOO_LOW },
		{ INT64_MAX, INT64_MAX, RULES_MEMBER_TARGET_TOO_HIGH },
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
		assert_int_equal(rules_validate_targets(&r, cases[i].member, cases[i].team), cases[i].want);
	struct rules_targets def = rules_default_targets(&r);
	assert_int_equal(def.member_target, 6000);
	assert_int_equal(def.team_target, 36000);
}

/* §5: a change made on day D takes effect on D + 1, whatever the hour. */
static void test_s5_target_change_applies_next_day(void **state)
{
	(void)state;
	assert_int_equal(rules_target_effective_from(at("2019-07-10T00:00:00+08:00")), day("2019-07-11"));
	assert_int_equal(rules_target_effective_from(at("2019-07-10T23:59:59+08:00")), day("2019-07-11"));
	/* 16:30 UTC on 07-10 is already 07-11 00:30 in UTC+8. */
	assert_int_equal(rules_target_effective_from(at("2019-07-10T16:30:00Z")), day("2019-07-12"));
	assert_int_equal(rules_target_effective_from(INT64_MAX), INT32_MAX);
}

/* §5: the targets in force on D are the latest change effective by D;
 * defaults before any; a user without a team has the defaults. */
static void test_s5_targets_in_force(void **state)
{
	(void)state;
	struct activity_rules r;
	rules_defaults(&r);
	int32_t d = day("2019-07-10");
	/* Changed on 07-10 (effective 07-11), then on 07-14 (effective 07-15),
	 * then twice on 07-20 (both effective 07-21: the later one counts). */
	struct rules_target_setting changes[] = {
		{ rules_target_effective_from(at("2019-07-10T09:00:00+08:00")), 7000, 42000 },
		{ rules_target_effective_from(at("2019-07-14T21:00:00+08:00")), 8000, 48000 },
		{ rules_target_effective_from(at("2019-07-20T08:00:00+08:00")), 9000, 54000 },
		{ rules_target_effective_from(at("2019-07-20T09:00:00+08:00")), 6500, 39000 },
	};
	static const struct { int32_t offset; int64_t member, team; } cases[] = {
		{ 0, 6000, 36000 },    /* the day of the change keeps the old targets */
		{ 1, 7000, 42000 },
		{ 4, 7000, 42000 },
		{ 5, 8000, 48000 },
		{ 10, 8000, 48000 },
		{ 11, 6500, 39000 },
		{ 90, 6500, 39000 },
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct rules_targets t = rules_targets_in_force(&r, changes, 4, d + cases[i].offset);
		assert_int_equal(t.member_target, cases[i].member);
		assert_int_equal(t.team_target, cases[i].team);
	}
	/* Any order of the array except among equal days. */
	struct rules_target_setting shuffled[] = { changes[1], changes[2], changes[0], changes[3] };
	assert_int_equal(rules_targets_in_force(&r, shuffled, 4, d + 5).member_target, 8000);
	assert_int_equal(rules_targets_in_force(&r, shuffled, 4, d + 11).member_target, 6500);
	/* No team, no changes: the defaults. */
	struct rules_targets none = rules_targets_in_force(&r, NULL, 0, d);
	assert_int_equal(none.member_target, 6000);
	assert_int_equal(none.team_target, 36000);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_s5_team_has_room_until_six),
		cmocka_unit_test(test_s5_leader_full_team_bonus),
		cmocka_unit_test(test_s5_team_target_met_table),
		cmocka_unit_test(test_s5_validate_targets),
		cmocka_unit_test(test_s5_target_change_applies_next_day),
		cmocka_unit_test(test_s5_targets_in_force),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
