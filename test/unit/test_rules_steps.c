/* RULES §2 (steps): today's entry of a WeRun sync, the watermark, settled
 * days, counted and displayed steps. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "calendar.h"
#include "rules.h"
#include "rules_fixture.h"

#define APPID "wx0123456789abcdef"

/* 31 entries like WeChat's, oldest first, the last one on last_day; entry i
 * has 1000 * (i + 1) steps. */
static void werun_list(struct rules_step_entry list[31], int32_t last_day)
{
	for (int i = 0; i < 31; i++) {
		list[i].timestamp = cal_day_start(last_day - 30 + i);
		list[i].step = 1000 * (i + 1);
	}
}

/* §2: only the entry whose timestamp is today's 00:00 UTC+8 counts. */
static void test_s2_picks_only_todays_entry(void **state)
{
	(void)state;
	struct rules_step_entry list[31];
	int64_t now = at("2019-07-10T21:00:00+08:00"), raw = -1;
	werun_list(list, day("2019-07-10"));
	assert_int_equal(rules_pick_today_steps(list, 31, now, &raw), RULES_SYNC_OK);
	assert_int_equal(raw, 31000);

	/* Any order. */
	struct rules_step_entry reversed[31];
	for (int i = 0; i < 31; i++)
		reversed[i] = list[30 - i];
	raw = -1;
	assert_int_equal(rules_pick_today_steps(reversed, 31, now, &raw), RULES_SYNC_OK);
	assert_int_equal(raw, 31000);

	/* Only today's entry, among strangers: other times of today, tomorrow. */
	struct rules_step_entry odd[] = {
		{ cal_day_start(day("2019-07-10")) + 1, 99999 },
		{ cal_day_start(day("2019-07-11")), 88888 },
		{ cal_day_start(day("2019-07-10")) - 28800, 77777 },   /* 00:00 UTC */
		{ cal_day_start(day("2019-07-10")), 4321 },
	};
	assert_int_equal(rules_pick_today_steps(odd, 4, now, &raw), RULES_SYNC_OK);
	assert_int_equal(raw, 4321);

	/* Twice today: the larger (raw_steps is the largest value seen). */
	struct rules_step_entry twice[] = {
		{ cal_day_start(day("2019-07-10")), 5000 },
		{ cal_day_start(day("2019-07-10")), 7000 },
		{ cal_day_start(day("2019-07-10")), 6000 },
	};
	assert_int_equal(rules_pick_today_steps(twice, 3, now, &raw), RULES_SYNC_OK);
	assert_int_equal(raw, 7000);
}

/* §2: a sync that carries yesterday's data only settles nothing: earlier
 * days are ignored, a day counts only if synced on that day. */
static void test_s2_yesterdays_data_only_is_no_entry_today(void **state)
{
	(void)state;
	struct rules_step_entry list[31];
	werun_list(list, day("2019-07-09"));
	int64_t raw = 12345;
	/* Just after the UTC+8 midnight (16:00 UTC), WeChat still ends at 07-09. */
	assert_int_equal(rules_pick_today_steps(list, 31, at("2019-07-10T00:00:30+08:00"), &raw),
			 RULES_SYNC_NO_ENTRY_TODAY);
	assert_int_equal(raw, 12345);
	/* The same list a second earlier is today's. */
	assert_int_equal(rules_pick_today_steps(list, 31, at("2019-07-09T23:59:59+08:00"), &raw),
			 RULES_SYNC_OK);
	assert_int_equal(raw, 31000);
	/* Nothing at all. */
	assert_int_equal(rules_pick_today_steps(NULL, 0, at("2019-07-10T21:00:00+08:00"), &raw),
			 RULES_SYNC_NO_ENTRY_TODAY);
}

/* §2: negative or absurd raw values are made safe. */
static void test_s2_negative_and_absurd_raw_steps(void **state)
{
	(void)state;
	struct activity_rules r;
	rules_defaults(&r);
	assert_int_equal(rules_sanitize_raw_steps(-1), 0);
	assert_int_equal(rules_sanitize_raw_steps(INT64_MIN), 0);
	assert_int_equal(rules_sanitize_raw_steps(0), 0);
	assert_int_equal(rules_sanitize_raw_steps(123456), 123456);
	assert_int_equal(rules_sanitize_raw_steps(RULES_RAW_STEPS_MAX), RULES_RAW_STEPS_MAX);
	assert_int_equal(rules_sanitize_raw_steps(INT64_MAX), RULES_RAW_STEPS_MAX);

	int32_t d = day("2019-07-10");
	struct rules_step_entry bad[] = { { cal_day_start(d), -500 } };
	int64_t raw = 1;
	assert_int_equal(rules_pick_today_steps(bad, 1, cal_day_start(d) + 72000, &raw), RULES_SYNC_OK);
	assert_int_equal(raw, 0);
	bad[0].step = INT64_MAX;
	assert_int_equal(rules_pick_today_steps(bad, 1, cal_day_start(d) + 72000, &raw), RULES_SYNC_OK);
	assert_int_equal(raw, RULES_RAW_STEPS_MAX);
	assert_int_equal(rules_counted_steps(&r, d, INT64_MAX, true), 10000);
	assert_int_equal(rules_counted_steps(&r, d, -7, true), 0);
	assert_int_equal(rules_displayed_steps(&r, INT64_MIN), 0);
}

/* §2: the watermark names our appid and is within sync_max_skew of now. */
static void test_s2_watermark(void **state)
{
	(void)state;
	struct activity_rules r;
	rules_defaults(&r);
	int64_t now = at("2019-07-10T21:00:00+08:00");
	static const struct { const char *appid; int64_t offset; enum rules_sync_status want; } cases[] = {
		{ APPID, 0, RULES_SYNC_OK },
		{ APPID, 600, RULES_SYNC_OK },
		{ APPID, -600, RULES_SYNC_OK },
		{ APPID, 601, RULES_SYNC_STALE },
		{ APPID, -601, RULES_SYNC_STALE },
		{ APPID, -86400, RULES_SYNC_STALE },     /* yesterday's payload replayed */
		{ "wx0123456789abcdeX", 0, RULES_SYNC_WRONG_APP },
		{ "", 0, RULES_SYNC_WRONG_APP },
		{ NULL, 0, RULES_SYNC_WRONG_APP },
		{ "wx0123456789abcdeX", 9999, RULES_SYNC_WRONG_APP },   /* appid first */
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
		assert_int_equal(rules_check_watermark(&r, APPID, cases[i].appid, now + cases[i].offset, now),
				 cases[i].want);
	assert_int_equal(rules_check_watermark(&r, NULL, APPID, now, now), RULES_SYNC_WRONG_APP);
	/* No overflow at the ends of int64. */
	assert_int_equal(rules_check_watermark(&r, APPID, APPID, INT64_MIN, INT64_MAX), RULES_SYNC_STALE);
	assert_int_equal(rules_check_watermark(&r, APPID, APPID, INT64_MAX, INT64_MIN), RULES_SYNC_STALE);
	r.sync_max_skew = 0;
	assert_int_equal(rules_check_watermark(&r, APPID, APPID, now, now), RULES_SYNC_OK);
	assert_int_equal(rules_check_watermark(&r, APPID, APPID, now + 1, now), RULES_SYNC_STALE);
}

/* §2: a sync inside the window settles today; before it, steps are
 * provisional.  Edges 19:59:59, 20:00:00, 23:59:59 and 00:00:00. */
static void test_s2_read_sync_window_edges(void **state)
{
	(void)state;
	struct activity_rules r;
	rules_defaults(&r);
	static const struct {
		const char *now;
		const char *today;
		bool settles, provisional;
	} cases[] = {
		{ "2019-07-10T19:59:59+08:00", "2019-07-10", false, true },
		{ "2019-07-10T20:00:00+08:00", "2019-07-10", true, false },
		{ "2019-07-10T23:59:59+08:00", "2019-07-10", true, false },
		{ "2019-07-11T00:00:00+08:00", "2019-07-11", false, true },
		{ "2019-07-10T08:00:00+08:00", "2019-07-10", false, true },
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		int64_t now = at(cases[i].now);
		struct rules_step_entry list[31];
		werun_list(list, cal_day_of(now));
		list[30].step = 12000;
		struct rules_sync_reading out;
		assert_int_equal(rules_read_sync(&r, APPID, APPID, now - 5, list, 31, now, &out),
				 RULES_SYNC_OK);
		assert_int_equal(out.day, day(cases[i].today));
		assert_int_equal(out.raw_steps, 12000);
		assert_int_equal(out.displayed, 10000);
		assert_int_equal(out.settles, cases[i].settles);
		assert_int_equal(out.provisional, cases[i].provisional);
	}
}

static void test_s2_read_sync_refusals_leave_output_alone(void **state)
{
	(void)state;
	struct activity_rules r;
	rules_defaults(&r);
	int64_t now = at("2019-07-10T21:00:00+08:00");
	struct rules_step_entry list[31];
	werun_list(list, day("2019-07-09"));
	struct rules_sync_reading out = { .day = 7, .raw_steps = 7 };
	assert_int_equal(rules_read_sync(&r, APPID, "wxother", now, list, 31, now, &out),
			 RULES_SYNC_WRONG_APP);
	assert_int_equal(rules_read_sync(&r, APPID, APPID, now - 3600, list, 31, now, &out),
			 RULES_SYNC_STALE);
	assert_int_equal(rules_read_sync(&r, APPID, APPID, now, list, 31, now, &out),
			 RULES_SYNC_NO_ENTRY_TODAY);
	assert_int_equal(out.day, 7);
	assert_int_equal(out.raw_steps, 7);
}

/* §2: day D is settled by a sync on D inside the window, and only D. */
static void test_s2_sync_settles_only_its_own_day(void **state)
{
	(void)state;
	struct activity_rules r;
	rules_defaults(&r);
	int32_t d = day("2019-07-10");
	assert_true(rules_sync_settles(&r, d, at("2019-07-10T21:00:00+08:00")));
	assert_false(rules_sync_settles(&r, d - 1, at("2019-07-10T21:00:00+08:00")));
	assert_false(rules_sync_settles(&r, d + 1, at("2019-07-10T21:00:00+08:00")));
	assert_false(rules_sync_settles(&r, d, at("2019-07-11T00:00:00+08:00")));
	assert_false(rules_sync_settles(&r, d, at("2019-07-10T19:59:59+08:00")));
	assert_true(rules_sync_settles(&r, d, at("2019-07-10T12:00:00Z")));
}

/* §2: counted = min(daily_cap, raw) on a settled scoring day, else 0;
 * displayed = min(daily_cap, raw) always.  9999/10000/10001. */
static void test_s2_counted_and_displayed_steps(void **state)
{
	(void)state;
	struct activity_rules r;
	rules_defaults(&r);
	int32_t d = day("2019-07-10");
	static const struct { int64_t raw; int64_t shown; } cases[] = {
		{ 0, 0 }, { 1, 1 }, { 9999, 9999 }, { 10000, 10000 }, { 10001, 10000 }, { 25000, 10000 },
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		assert_int_equal(rules_displayed_steps(&r, cases[i].raw), cases[i].shown);
		assert_int_equal(rules_counted_steps(&r, d, cases[i].raw, true), cases[i].shown);
		assert_int_equal(rules_counted_steps(&r, d, cases[i].raw, false), 0);
	}
	/* Days outside first_day..last_day score nothing; test days score. */
	assert_int_equal(rules_counted_steps(&r, day("2019-06-17"), 8000, true), 0);
	assert_int_equal(rules_counted_steps(&r, day("2019-10-09"), 8000, true), 0);
	assert_int_equal(rules_counted_steps(&r, day("2019-06-20"), 8000, true), 8000);
	assert_int_equal(rules_counted_steps(&r, day("2019-10-08"), 8000, true), 8000);
	/* The cap is configuration. */
	r.daily_cap = 12000;
	assert_int_equal(rules_counted_steps(&r, d, 11999, true), 11999);
	assert_int_equal(rules_counted_steps(&r, d, 12000, true), 12000);
	assert_int_equal(rules_counted_steps(&r, d, 12001, true), 12000);
}

static void test_s2_provisional_before_window(void **state)
{
	(void)state;
	struct activity_rules r;
	rules_defaults(&r);
	assert_true(rules_steps_provisional(&r, at("2019-07-10T00:00:00+08:00")));
	assert_true(rules_steps_provisional(&r, at("2019-07-10T19:59:59+08:00")));
	assert_false(rules_steps_provisional(&r, at("2019-07-10T20:00:00+08:00")));
	assert_false(rules_steps_provisional(&r, at("2019-07-10T23:59:59+08:00")));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_s2_picks_only_todays_entry),
		cmocka_unit_test(test_s2_yesterdays_data_only_is_no_entry_today),
		cmocka_unit_test(test_s2_negative_and_absurd_raw_steps),
		cmocka_unit_test(test_s2_watermark),
		cmocka_unit_test(test_s2_read_sync_window_edges),
		cmocka_unit_test(test_s2_read_sync_refusals_leave_output_alone),
		cmocka_unit_test(test_s2_sync_settles_only_its_own_day),
		cmocka_unit_test(test_s2_counted_and_displayed_steps),
		cmocka_unit_test(test_s2_provisional_before_window),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
