/* RULES §1 (time): the plan's defaults, the configuration check, activity
 * days, the settle window, phases, the board freeze and the redeem deadline. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "calendar.h"
#include "rules.h"
#include "rules_fixture.h"

#include <string.h>

/* §1: the plan's numbers, as RULES.md lists them. */
static void test_s1_defaults_are_the_plan(void **state)
{
	(void)state;
	struct activity_rules r;
	rules_defaults(&r);
	assert_null(rules_check(&r));
	assert_int_equal(r.enroll_opens, at("2019-06-18T00:00:00+08:00"));
	assert_int_equal(r.test_from, day("2019-06-18"));
	assert_int_equal(r.test_to, day("2019-06-30"));
	assert_int_equal(r.first_day, day("2019-07-01"));
	assert_int_equal(r.last_day, day("2019-10-08"));
	assert_int_equal(r.total_days, 100);   /* 「7月1日至10月8日，为期100天」 */
	assert_int_equal(r.settle_window_start, 72000);
	assert_int_equal(r.settle_window_end, 86400);
	assert_int_equal(r.board_freeze_at, at("2019-10-08T00:00:00+08:00"));
	assert_int_equal(r.redeem_deadline, at("2019-10-08T00:00:00+08:00"));
	assert_int_equal(r.daily_cap, 10000);
	assert_int_equal(r.sync_max_skew, 600);
	assert_int_equal(r.steps_per_point, 2000);
	assert_int_equal(r.max_step_points, 5);
	assert_int_equal(r.points_checkin, 1);
	assert_int_equal(r.points_personal_target, 1);
	assert_int_equal(r.points_team_target, 2);
	assert_int_equal(r.points_essay, 2);
	assert_int_equal(r.points_leader_full_team, 20);
	assert_int_equal(r.team_size, 6);
	assert_int_equal(r.member_target, 6000);
	assert_int_equal(r.team_target, 36000);
	assert_int_equal(r.team_prizes[0], 3);
	assert_int_equal(r.team_prizes[1], 10);
	assert_int_equal(r.team_prizes[2], 20);
	assert_int_equal(r.checkpoint_count, 13);
	assert_int_equal(r.checkpoint_threshold[12], 700000);
	assert_int_equal(r.quiz_retry_seconds, 3);
	assert_int_equal(r.points_per_draw, 20);
	static const int64_t fen[RULES_DRAW_TIERS] = { 30, 50, 100, 300, 500, 1000, 2000, 5000 };
	for (int i = 0; i < RULES_DRAW_TIERS; i++)
		assert_int_equal(r.draw_tier_fen[i], fen[i]);
	assert_int_equal(r.daily_release, 0);
}

/* §1: a configuration from the database is checked field by field. */
static void test_s1_check_names_the_bad_field(void **state)
{
	(void)state;
	struct activity_rules r;
#define EXPECT_BAD(field, stmt)                                   \
	do {                                                      \
		rules_defaults(&r);                               \
		stmt;                                             \
		const char *bad = rules_check(&r);                \
		if (!bad || strcmp(bad, field) != 0)              \
			fail_msg("%s: got %s", #stmt, bad ? bad : "NULL"); \
	} while (0)
	EXPECT_BAD("last_day", r.last_day = r.first_day - 1);
	EXPECT_BAD("total_days", r.total_days = 99);
	EXPECT_BAD("total_days", (r.last_day = r.first_day + RULES_MAX_TOTAL_DAYS,
				  r.total_days = RULES_MAX_TOTAL_DAYS + 1));
	EXPECT_BAD("test_to", r.test_to = r.first_day);
	EXPECT_BAD("settle_window_start", r.settle_window_start = -1);
	EXPECT_BAD("settle_window_start", r.settle_window_start = r.settle_window_end);
	EXPECT_BAD("settle_window_end", r.settle_window_end = 86401);
	EXPECT_BAD("daily_cap", r.daily_cap = 0);
	EXPECT_BAD("daily_cap", r.daily_cap = RULES_RAW_STEPS_MAX + 1);
	EXPECT_BAD("sync_max_skew", r.sync_max_skew = -1);
	EXPECT_BAD("steps_per_point", r.steps_per_point = 0);
	EXPECT_BAD("max_step_points", r.max_step_points = -1);
	EXPECT_BAD("points", r.points_checkin = -1);
	EXPECT_BAD("points", r.points_leader_full_team = -20);
	EXPECT_BAD("team_size", r.team_size = 0);
	EXPECT_BAD("team_size", r.team_size = RULES_MAX_TEAM_SIZE + 1);
	EXPECT_BAD("member_target", r.member_target = 0);
	EXPECT_BAD("member_target", r.member_target = 10001);
	EXPECT_BAD("team_target", r.team_target = 5999);
	EXPECT_BAD("team_target", r.team_target = 60001);
	EXPECT_BAD("team_prizes", r.team_prizes[2] = -1);
	EXPECT_BAD("checkpoint_count", r.checkpoint_count = 0);
	EXPECT_BAD("checkpoint_count", r.checkpoint_count = RULES_MAX_CHECKPOINTS + 1);
	EXPECT_BAD("checkpoint_threshold", r.checkpoint_threshold[0] = 0);
	EXPECT_BAD("checkpoint_threshold", r.checkpoint_threshold[5] = r.checkpoint_threshold[4]);
	EXPECT_BAD("quiz_retry_seconds", r.quiz_retry_seconds = -1);
	EXPECT_BAD("essay_min_chars", r.essay_min_chars = -1);
	EXPECT_BAD("essay_min_chars", r.essay_min_chars = r.essay_max_chars + 1);
	EXPECT_BAD("photo_max", r.photo_max_bytes = 0);
	EXPECT_BAD("photo_max", r.photo_max_px = 0);
	EXPECT_BAD("points_per_draw", r.points_per_draw = 0);
	EXPECT_BAD("draw_tier_fen", r.draw_tier_fen[7] = 0);
	EXPECT_BAD("daily_release", r.daily_release = -1);
#undef EXPECT_BAD
	/* No public test at all is fine: test_to < test_from. */
	rules_defaults(&r);
	r.test_from = r.first_day;
	r.test_to = r.first_day - 1;
	assert_null(rules_check(&r));
	assert_false(rules_is_test_day(&r, r.first_day));
}

/* §1: activity day 1..total_days; test days score too; others do not. */
static void test_s1_day_index_and_scoring_days(void **state)
{
	(void)state;
	struct activity_rules r;
	rules_defaults(&r);
	static const struct { const char *day; int index; bool test, scoring; } cases[] = {
		{ "2019-06-17", 0, false, false },
		{ "2019-06-18", 0, true, true },
		{ "2019-06-30", 0, true, true },
		{ "2019-07-01", 1, false, true },
		{ "2019-07-02", 2, false, true },
		{ "2019-10-07", 99, false, true },
		{ "2019-10-08", 100, false, true },
		{ "2019-10-09", 0, false, false },
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		int32_t d = day(cases[i].day);
		assert_int_equal(rules_day_index(&r, d), cases[i].index);
		assert_int_equal(rules_is_activity_day(&r, d), cases[i].index > 0);
		assert_int_equal(rules_is_test_day(&r, d), cases[i].test);
		assert_int_equal(rules_is_scoring_day(&r, d), cases[i].scoring);
	}
}

/* §1: settle_window = 20:00 inclusive to 24:00 exclusive, in UTC+8. */
static void test_s1_settle_window_edges(void **state)
{
	(void)state;
	struct activity_rules r;
	rules_defaults(&r);
	static const struct { const char *at; bool inside; } cases[] = {
		{ "2019-07-01T19:59:59+08:00", false },
		{ "2019-07-01T20:00:00+08:00", true },
		{ "2019-07-01T23:59:59+08:00", true },
		{ "2019-07-02T00:00:00+08:00", false },
		{ "2019-07-01T12:00:00Z", true },     /* 20:00 +08 written in UTC */
		{ "2019-07-01T16:00:00Z", false },    /* 00:00 +08 of the next day */
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
		assert_int_equal(rules_in_settle_window(&r, at(cases[i].at)), cases[i].inside);
	/* The bounds are configuration. */
	r.settle_window_start = 21 * 3600;
	r.settle_window_end = 22 * 3600;
	assert_false(rules_in_settle_window(&r, at("2019-07-01T20:30:00+08:00")));
	assert_true(rules_in_settle_window(&r, at("2019-07-01T21:00:00+08:00")));
	assert_false(rules_in_settle_window(&r, at("2019-07-01T22:00:00+08:00")));
}

/* §1 / API state: upcoming, test, running, ended. */
static void test_s1_phases(void **state)
{
	(void)state;
	struct activity_rules r;
	rules_defaults(&r);
	static const struct { const char *at; enum rules_phase phase; const char *name; } cases[] = {
		{ "2019-06-17T23:59:59+08:00", RULES_PHASE_UPCOMING, "upcoming" },
		{ "2019-06-18T00:00:00+08:00", RULES_PHASE_TEST, "test" },
		{ "2019-06-30T23:59:59+08:00", RULES_PHASE_TEST, "test" },
		{ "2019-07-01T00:00:00+08:00", RULES_PHASE_RUNNING, "running" },
		{ "2019-10-08T23:59:59+08:00", RULES_PHASE_RUNNING, "running" },
		{ "2019-10-09T00:00:00+08:00", RULES_PHASE_ENDED, "ended" },
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		enum rules_phase p = rules_phase(&r, at(cases[i].at));
		assert_int_equal(p, cases[i].phase);
		assert_string_equal(rules_phase_name(p), cases[i].name);
	}
	assert_string_equal(rules_phase_name((enum rules_phase)42), "?");
	/* A gap between the test and go-live is "upcoming" again. */
	r.test_to = day("2019-06-25");
	assert_int_equal(rules_phase(&r, at("2019-06-27T12:00:00+08:00")), RULES_PHASE_UPCOMING);
}

/* §1: enroll_opens; late enrollment allowed until the last day ends. */
static void test_s1_enrollment_window(void **state)
{
	(void)state;
	struct activity_rules r;
	rules_defaults(&r);
	assert_false(rules_enrollment_open(&r, at("2019-06-17T23:59:59+08:00")));
	assert_true(rules_enrollment_open(&r, at("2019-06-18T00:00:00+08:00")));
	assert_true(rules_enrollment_open(&r, at("2019-08-15T10:00:00+08:00")));
	assert_true(rules_enrollment_open(&r, at("2019-10-08T23:59:59+08:00")));
	assert_false(rules_enrollment_open(&r, at("2019-10-09T00:00:00+08:00")));
}

/* §5, §11: leaving a team or changing union stops at first_day 00:00. */
static void test_s5_first_day_begun(void **state)
{
	(void)state;
	struct activity_rules r;
	rules_defaults(&r);
	assert_false(rules_first_day_begun(&r, at("2019-06-30T23:59:59+08:00")));
	assert_true(rules_first_day_begun(&r, at("2019-07-01T00:00:00+08:00")));
}

/* §1: board_freeze_at and redeem_deadline = 2019-10-08 00:00 +08:00; the
 * final board covers days up to 10-07. */
static void test_s1_board_freeze_and_redeem_deadline(void **state)
{
	(void)state;
	struct activity_rules r;
	rules_defaults(&r);
	int64_t freeze = at("2019-10-08T00:00:00+08:00");
	assert_false(rules_board_frozen(&r, freeze - 1));
	assert_true(rules_board_frozen(&r, freeze));
	assert_true(rules_redeem_open(&r, freeze - 1));
	assert_false(rules_redeem_open(&r, freeze));

	assert_int_equal(rules_board_last_day(&r, at("2019-07-01T21:00:00+08:00")), day("2019-06-30"));
	assert_int_equal(rules_board_last_day(&r, at("2019-07-02T00:00:00+08:00")), day("2019-07-01"));
	assert_int_equal(rules_board_last_day(&r, freeze - 1), day("2019-10-06"));
	assert_int_equal(rules_board_last_day(&r, freeze), day("2019-10-07"));
	assert_int_equal(rules_board_last_day(&r, at("2019-10-09T00:00:00+08:00")), day("2019-10-07"));
	assert_int_equal(rules_board_last_day(&r, at("2020-01-01T00:00:00+08:00")), day("2019-10-07"));
	/* A freeze after the activity: the board stops at last_day anyway. */
	r.board_freeze_at = at("2019-12-01T00:00:00+08:00");
	assert_int_equal(rules_board_last_day(&r, at("2019-11-01T00:00:00+08:00")), day("2019-10-08"));
	assert_int_equal(rules_board_last_day(&r, INT64_MIN), INT32_MIN);
}

/* §3: check-in on activity days and test days, any time of the day. */
static void test_s3_checkin_days(void **state)
{
	(void)state;
	struct activity_rules r;
	rules_defaults(&r);
	assert_false(rules_checkin_allowed(&r, at("2019-06-17T23:59:59+08:00")));
	assert_true(rules_checkin_allowed(&r, at("2019-06-18T00:00:00+08:00")));
	assert_true(rules_checkin_allowed(&r, at("2019-07-01T00:00:00+08:00")));
	assert_true(rules_checkin_allowed(&r, at("2019-07-01T08:00:00+08:00")));
	assert_true(rules_checkin_allowed(&r, at("2019-10-08T23:59:59+08:00")));
	assert_false(rules_checkin_allowed(&r, at("2019-10-09T00:00:00+08:00")));
	assert_int_equal(rules_checkin_points(&r), 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_s1_defaults_are_the_plan),
		cmocka_unit_test(test_s1_check_names_the_bad_field),
		cmocka_unit_test(test_s1_day_index_and_scoring_days),
		cmocka_unit_test(test_s1_settle_window_edges),
		cmocka_unit_test(test_s1_phases),
		cmocka_unit_test(test_s1_enrollment_window),
		cmocka_unit_test(test_s5_first_day_begun),
		cmocka_unit_test(test_s1_board_freeze_and_redeem_deadline),
		cmocka_unit_test(test_s3_checkin_days),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
