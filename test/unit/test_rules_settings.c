/* RULES §1–§8 as settings: every column a setting, the plan's numbers inside
 * the ranges, what may change from the first day, and the whole checked. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "rules.h"
#include "rules_fixture.h"
#include "rules_settings.h"

#include <string.h>

/* The plan's defaults (rules_defaults) lie inside every integer range. */
static void test_defaults_inside_ranges(void **state)
{
	(void)state;
	static const struct { const char *name; int64_t plan; } plan[] = {
		{ "daily_cap", 10000 }, { "steps_per_point", 2000 }, { "max_step_points", 5 }, { "checkin_points", 1 },
		{ "personal_target_points", 1 }, { "team_target_points", 2 }, { "essay_points", 2 },
		{ "leader_bonus_points", 20 }, { "points_per_draw", 20 }, { "team_size", 6 }, { "member_target", 6000 },
		{ "team_target", 36000 }, { "sync_max_skew_s", 600 }, { "quiz_retry_s", 3 }, { "essay_min_chars", 20 },
		{ "essay_max_chars", 2000 }, { "team_prizes_first", 3 }, { "team_prizes_second", 10 },
		{ "team_prizes_third", 20 }, { "settle_window_start_s", 72000 }, { "settle_window_end_s", 86400 },
		{ "remind_at_s", 77400 },
	};
	for (size_t i = 0; i < sizeof plan / sizeof plan[0]; i++) {
		const struct setting_field *f = rules_setting_find(plan[i].name);
		if (!f)
			fail_msg("no setting %s", plan[i].name);
		assert_int_equal(f->kind, SETTING_INT);
		if (plan[i].plan < f->min || plan[i].plan > f->max)
			fail_msg("%s: the plan's %lld outside %lld..%lld", f->name, (long long)plan[i].plan,
			         (long long)f->min, (long long)f->max);
	}
	assert_null(rules_setting_find("total_days"));   /* follows the days */
	assert_null(rules_setting_find("id"));
}

/* Before the first day all change; from it only the name, the reminder time,
 * and a deadline whose old and new instants are both ahead. */
static void test_what_changes_from_the_first_day(void **state)
{
	(void)state;
	int64_t now = at("2019-07-02T10:00:00+08:00"), later = at("2019-10-08T00:00:00+08:00");
	int64_t past = at("2019-07-01T00:00:00+08:00");
	size_t n;
	const struct setting_field *fields = rules_setting_fields(&n);
	for (size_t i = 0; i < n; i++) {
		assert_true(rules_setting_editable(&fields[i], false, now, past, past));
		bool open = strcmp(fields[i].name, "name") == 0 || strcmp(fields[i].name, "remind_at_s") == 0;
		if (fields[i].lock != SETTING_UNTIL_REACHED)
			assert_int_equal(rules_setting_editable(&fields[i], true, now, 0, 0), open);
	}
	const struct setting_field *deadline = rules_setting_find("redeem_deadline");
	assert_true(rules_setting_editable(deadline, true, now, later, later + 86400));
	assert_false(rules_setting_editable(deadline, true, now, later, now));       /* the new one is not ahead */
	assert_false(rules_setting_editable(deadline, true, now, past, later));      /* the old one was reached */
	assert_false(rules_setting_editable(rules_setting_find("board_freeze_at"), true, later, later, later + 1));
}

static void test_whole_configuration_checked(void **state)
{
	(void)state;
	struct activity_rules r;
	rules_defaults(&r);
	assert_null(rules_settings_check(&r));
	r.test_to = day("2019-07-05");
	assert_string_equal(rules_settings_check(&r), "test_to");
	rules_defaults(&r);
	r.sync_max_skew = -1;
	assert_string_equal(rules_settings_check(&r), "sync_max_skew_s");   /* named as the column */
	rules_defaults(&r);
	r.last_day = day("2019-10-09");
	assert_string_equal(rules_settings_check(&r), "last_day");   /* total_days no longer matches */
	rules_defaults(&r);
	r.enroll_opens = at("2019-07-01T00:00:01+08:00");
	assert_string_equal(rules_settings_check(&r), "enroll_opens_at");
	rules_defaults(&r);
	r.redeem_deadline = at("2019-07-01T00:00:00+08:00");   /* the first day's start: nothing to redeem */
	assert_string_equal(rules_settings_check(&r), "redeem_deadline");
	r.redeem_deadline = at("2019-10-09T00:00:00+08:00");   /* the end of the last day: the latest */
	assert_null(rules_settings_check(&r));
	r.board_freeze_at = at("2019-10-09T00:00:01+08:00");
	assert_string_equal(rules_settings_check(&r), "board_freeze_at");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_defaults_inside_ranges),
		cmocka_unit_test(test_what_changes_from_the_first_day),
		cmocka_unit_test(test_whole_configuration_checked),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
