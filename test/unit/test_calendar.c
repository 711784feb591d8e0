/* RULES §1 (time): UTC+8 day numbers, day boundaries, "YYYY-MM-DD" and
 * ISO 8601 instants.  Pure arithmetic, so every edge is checked by value. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "calendar.h"

#include <string.h>

/* 2019-07-01 00:00 +08:00 = 2019-06-30T16:00:00Z, and its day number. */
#define JUL1_START 1561910400
#define JUL1 18078

/* §1: a day is [D 00:00, D+1 00:00) UTC+8, so UTC 16:00 is the boundary. */
static void test_s1_day_of_crosses_at_utc_1600(void **state)
{
	(void)state;
	static const struct { int64_t t; int32_t day; int32_t second; } cases[] = {
		{ JUL1_START - 1, JUL1 - 1, 86399 },    /* 2019-06-30 23:59:59 +08 = 15:59:59Z */
		{ JUL1_START, JUL1, 0 },                /* 2019-07-01 00:00:00 +08 = 16:00:00Z */
		{ JUL1_START + 28800, JUL1, 28800 },    /* 2019-07-01 00:00Z is 08:00 here */
		{ JUL1_START + 86399, JUL1, 86399 },
		{ JUL1_START + 86400, JUL1 + 1, 0 },
		{ 0, 0, 28800 },                        /* the epoch is 1970-01-01 08:00 +08 */
		{ -28800, 0, 0 },                       /* 1970-01-01 00:00 +08 */
		{ -28801, -1, 86399 },                  /* negative: floor, not truncation */
		{ -86400 - 28800, -1, 0 },
		{ -86400 - 28801, -2, 86399 },
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		assert_int_equal(cal_day_of(cases[i].t), cases[i].day);
		assert_int_equal(cal_seconds_of_day(cases[i].t), cases[i].second);
	}
}

static void test_s1_day_of_extremes_saturate(void **state)
{
	(void)state;
	assert_int_equal(cal_day_of(INT64_MAX), INT32_MAX);
	assert_int_equal(cal_day_of(INT64_MIN), INT32_MIN);
	assert_in_range(cal_seconds_of_day(INT64_MIN), 0, 86399);
	assert_in_range(cal_seconds_of_day(INT64_MAX), 0, 86399);
	assert_int_equal(cal_day_of(cal_day_start(INT32_MAX)), INT32_MAX);
	assert_int_equal(cal_day_of(cal_day_start(INT32_MIN)), INT32_MIN);
}

static void test_s1_day_start_is_local_midnight(void **state)
{
	(void)state;
	assert_int_equal(cal_day_start(JUL1), JUL1_START);
	assert_int_equal(cal_day_start(0), -28800);
	assert_int_equal(cal_day_start(-1), -28800 - 86400);
	for (int32_t d = -1000; d <= 1000; d += 7) {
		assert_int_equal(cal_day_of(cal_day_start(d)), d);
		assert_int_equal(cal_day_of(cal_day_start(d) - 1), d - 1);
	}
}

static void test_s1_day_is_over_at_next_midnight(void **state)
{
	(void)state;
	assert_false(cal_day_is_over(JUL1, JUL1_START + 86399));
	assert_true(cal_day_is_over(JUL1, JUL1_START + 86400));
	assert_false(cal_day_is_over(JUL1, JUL1_START));
}

static void test_s1_valid_dates(void **state)
{
	(void)state;
	assert_true(cal_is_valid_date(2000, 2, 29));    /* divisible by 400 */
	assert_false(cal_is_valid_date(1900, 2, 29));   /* by 100, not 400 */
	assert_true(cal_is_valid_date(2020, 2, 29));
	assert_false(cal_is_valid_date(2019, 2, 29));
	assert_true(cal_is_valid_date(2019, 4, 30));
	assert_false(cal_is_valid_date(2019, 4, 31));
	assert_false(cal_is_valid_date(2019, 0, 1));
	assert_false(cal_is_valid_date(2019, 13, 1));
	assert_false(cal_is_valid_date(2019, 1, 0));
	assert_true(cal_is_valid_date(-4, 2, 29));      /* proleptic, year -4 is leap */
}

static void test_s1_civil_round_trip(void **state)
{
	(void)state;
	assert_int_equal(cal_days_from_civil(1970, 1, 1), 0);
	assert_int_equal(cal_days_from_civil(2019, 7, 1), JUL1);
	assert_int_equal(cal_days_from_civil(2000, 3, 1), 11017);
	assert_int_equal(cal_days_from_civil(0, 1, 1), -719528);
	/* Every day from year -200 to 9999 maps to the next date. */
	int32_t y0;
	int m0, d0;
	cal_civil_from_days(-800000, &y0, &m0, &d0);
	for (int32_t day = -800000; day <= 2932896; day++) {
		int32_t y;
		int m, d;
		cal_civil_from_days(day, &y, &m, &d);
		if (!cal_is_valid_date(y, m, d) || cal_days_from_civil(y, m, d) != day)
			fail_msg("day %d -> %d-%d-%d", (int)day, (int)y, m, d);
		if (day > -800000 && !(d == d0 + 1 || (d == 1 && (m == m0 + 1 || (m == 1 && y == y0 + 1)))))
			fail_msg("day %d does not follow %d-%d-%d", (int)day, (int)y0, m0, d0);
		y0 = y, m0 = m, d0 = d;
	}
	cal_civil_from_days(cal_days_from_civil(-5000000, 3, 1), &y0, &m0, &d0);
	assert_int_equal(y0, -5000000);
	cal_civil_from_days(cal_days_from_civil(5000000, 12, 31), &y0, &m0, &d0);
	assert_int_equal(y0, 5000000);
	assert_int_equal(m0, 12);
	assert_int_equal(d0, 31);
}

/* §1 / API: days are strictly "YYYY-MM-DD". */
static void test_s1_parse_day_table(void **state)
{
	(void)state;
	static const struct { const char *text; int32_t day; } good[] = {
		{ "2019-07-01", JUL1 },
		{ "2019-06-30", JUL1 - 1 },
		{ "2019-10-08", JUL1 + 99 },
		{ "1970-01-01", 0 },
		{ "1969-12-31", -1 },
		{ "2000-02-29", 11016 },
		{ "0000-01-01", -719528 },
		{ "9999-12-31", 2932896 },
	};
	static const char *const bad[] = {
		"2019-02-30", "2019-02-29", "1900-02-29", "2019-04-31", "2019-13-01", "2019-00-10",
		"2019-01-00", "2019-01-32", "2019-7-1", "2019-07-1", "19-07-01", "02019-07-01",
		"2019-07-01 ", " 2019-07-01", "+019-07-01", "-019-07-01", "2019-+7-01", "2019-07-+1",
		"2019-07- 1", "2019/07/01", "2019-07-0a", "2019_07-01", "20190701", "", "2019-07-011",
		"2019-07-01T00:00:00+08:00",
	};
	for (size_t i = 0; i < sizeof good / sizeof good[0]; i++) {
		int32_t day = 12345;
		if (!cal_parse_day(good[i].text, &day))
			fail_msg("refused %s", good[i].text);
		assert_int_equal(day, good[i].day);
	}
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		int32_t day = 12345;
		if (cal_parse_day(bad[i], &day))
			fail_msg("accepted \"%s\"", bad[i]);
		assert_int_equal(day, 12345);   /* untouched */
	}
	int32_t day = 12345;
	assert_false(cal_parse_day(NULL, &day));
	assert_false(cal_parse_day_n(NULL, 10, &day));
	/* A slice: only len bytes are read; an embedded NUL is refused. */
	assert_true(cal_parse_day_n("2019-07-01T20:00", 10, &day));
	assert_int_equal(day, JUL1);
	assert_false(cal_parse_day_n("2019-07\0-01", 11, &day));
	assert_false(cal_parse_day_n("2019-07-01", 9, &day));
}

static void test_s1_format_day(void **state)
{
	(void)state;
	char buf[CAL_DAY_BUF];
	assert_true(cal_format_day(JUL1, buf, sizeof buf));
	assert_string_equal(buf, "2019-07-01");
	assert_true(cal_format_day(-1, buf, sizeof buf));
	assert_string_equal(buf, "1969-12-31");
	assert_true(cal_format_day(-719528, buf, sizeof buf));
	assert_string_equal(buf, "0000-01-01");
	assert_true(cal_format_day(2932896, buf, sizeof buf));
	assert_string_equal(buf, "9999-12-31");
	/* Years that do not have four digits, and short buffers, are refused. */
	assert_false(cal_format_day(-719529, buf, sizeof buf));
	assert_string_equal(buf, "");
	assert_false(cal_format_day(2932897, buf, sizeof buf));
	assert_false(cal_format_day(JUL1, buf, CAL_DAY_BUF - 1));
	assert_string_equal(buf, "");
	char untouched = 'x';
	assert_false(cal_format_day(JUL1, &untouched, 0));
	assert_int_equal(untouched, 'x');
	/* parse(format(d)) == d */
	for (int32_t d = -719528; d <= 2932896; d += 997) {
		int32_t back;
		assert_true(cal_format_day(d, buf, sizeof buf));
		assert_true(cal_parse_day(buf, &back));
		assert_int_equal(back, d);
	}
}

/* API: instants are ISO 8601 with +08:00. */
static void test_s1_format_instant(void **state)
{
	(void)state;
	static const struct { int64_t t; const char *text; } cases[] = {
		{ JUL1_START + 72000, "2019-07-01T20:00:00+08:00" },
		{ JUL1_START, "2019-07-01T00:00:00+08:00" },
		{ JUL1_START - 1, "2019-06-30T23:59:59+08:00" },
		{ 0, "1970-01-01T08:00:00+08:00" },
		{ -28801, "1969-12-31T23:59:59+08:00" },
		{ JUL1_START + 86399, "2019-07-01T23:59:59+08:00" },
	};
	char buf[CAL_INSTANT_BUF];
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		assert_true(cal_format_instant(cases[i].t, buf, sizeof buf));
		assert_string_equal(buf, cases[i].text);
		int64_t back;
		assert_true(cal_parse_instant(buf, &back));
		assert_int_equal(back, cases[i].t);
	}
	assert_false(cal_format_instant(JUL1_START, buf, CAL_INSTANT_BUF - 1));
	assert_string_equal(buf, "");
	assert_false(cal_format_instant(INT64_MAX, buf, sizeof buf));
	char untouched = 'x';
	assert_false(cal_format_instant(0, &untouched, 0));
	assert_int_equal(untouched, 'x');
}

static void test_s1_parse_instant_table(void **state)
{
	(void)state;
	static const struct { const char *text; int64_t t; } good[] = {
		{ "2019-07-01T20:00:00+08:00", JUL1_START + 72000 },
		{ "2019-07-01T12:00:00Z", JUL1_START + 72000 },
		{ "2019-07-01T07:00:00-05:00", JUL1_START + 72000 },
		{ "2019-07-01T17:30:00+05:30", JUL1_START + 72000 },
		{ "2019-07-01T00:00:00+08:00", JUL1_START },
		{ "1970-01-01T00:00:00Z", 0 },
		{ "1969-12-31T23:59:59Z", -1 },
		{ "2019-07-01T23:59:59+23:59", JUL1_START + 86399 - 86340 + 28800 },
	};
	static const char *const bad[] = {
		"2019-07-01 20:00:00+08:00", "2019-07-01T24:00:00+08:00", "2019-07-01T20:60:00+08:00",
		"2019-07-01T20:00:60+08:00", "2019-07-01T20:00:00+0800", "2019-07-01T20:00:00",
		"2019-07-01T20:00:00z", "2019-07-01T20:00:00+24:00", "2019-07-01T20:00:00*08:00",
		"2019-02-30T20:00:00+08:00", "2019-07-01T20-00:00+08:00", "2019-07-01T20:00-00+08:00",
		"2019-07-01T20:00:00+08-00", "2019-07-01T20:00:00+08:00x", "2019-07-01T2a:00:00+08:00",
		"2019-07-01T20:00:0a+08:00", "2019-07-01T20:00:00+08:6a", "2019-07-01", "",
		"2019-07-01T20:00:00.000+08:00",
	};
	for (size_t i = 0; i < sizeof good / sizeof good[0]; i++) {
		int64_t t = 42;
		if (!cal_parse_instant(good[i].text, &t))
			fail_msg("refused %s", good[i].text);
		assert_int_equal(t, good[i].t);
	}
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		int64_t t = 42;
		if (cal_parse_instant(bad[i], &t))
			fail_msg("accepted \"%s\"", bad[i]);
		assert_int_equal(t, 42);
	}
	int64_t t;
	assert_false(cal_parse_instant(NULL, &t));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_s1_day_of_crosses_at_utc_1600),
		cmocka_unit_test(test_s1_day_of_extremes_saturate),
		cmocka_unit_test(test_s1_day_start_is_local_midnight),
		cmocka_unit_test(test_s1_day_is_over_at_next_midnight),
		cmocka_unit_test(test_s1_valid_dates),
		cmocka_unit_test(test_s1_civil_round_trip),
		cmocka_unit_test(test_s1_parse_day_table),
		cmocka_unit_test(test_s1_format_day),
		cmocka_unit_test(test_s1_format_instant),
		cmocka_unit_test(test_s1_parse_instant_table),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
