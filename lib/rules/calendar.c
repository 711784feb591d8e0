#include "calendar.h"

#include <stdio.h>
#include <string.h>

/* Floor division and its non-negative remainder: C's '/' truncates toward
 * zero, which would put 1969-12-31 23:00 +08:00 on day 0. */
static int64_t floor_div(int64_t a, int64_t b)
{
	int64_t q = a / b;
	return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
}

/* Not a - floor_div(a, b) * b: for a near INT64_MIN that product overflows. */
static int64_t floor_mod(int64_t a, int64_t b)
{
	int64_t r = a % b;
	return (r != 0 && (r < 0) != (b < 0)) ? r + b : r;
}

int32_t cal_day_of(int64_t t)
{
	/* Split first and add the offset to the remainder, so that t near
	 * INT64_MAX cannot overflow. */
	int64_t day = floor_div(t, CAL_SECONDS_PER_DAY);
	if (floor_mod(t, CAL_SECONDS_PER_DAY) + CAL_UTC_OFFSET >= CAL_SECONDS_PER_DAY)
		day++;
	if (day > INT32_MAX)
		return INT32_MAX;
	if (day < INT32_MIN)
		return INT32_MIN;
	return (int32_t)day;
}

int64_t cal_day_start(int32_t day)
{
	return (int64_t)day * CAL_SECONDS_PER_DAY - CAL_UTC_OFFSET;
}

int32_t cal_seconds_of_day(int64_t t)
{
	return (int32_t)floor_mod(floor_mod(t, CAL_SECONDS_PER_DAY) + CAL_UTC_OFFSET,
				  CAL_SECONDS_PER_DAY);
}

bool cal_day_is_over(int32_t day, int64_t now)
{
	return now >= cal_day_start(day) + CAL_SECONDS_PER_DAY;
}

static bool is_leap_year(int64_t year)
{
	return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

static int days_in_month(int64_t year, int month)
{
	static const int length[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	return month == 2 && is_leap_year(year) ? 29 : length[month - 1];
}

bool cal_is_valid_date(int32_t year, int month, int mday)
{
	return month >= 1 && month <= 12 && mday >= 1 && mday <= days_in_month(year, month);
}

/* http://howardhinnant.github.io/date_algorithms.html: an era is 400 years
 * (146097 days) starting on March 1st, so that leap days fall at the end. */
int32_t cal_days_from_civil(int32_t year, int month, int mday)
{
	int64_t y = (int64_t)year - (month <= 2);
	int64_t era = floor_div(y, 400);
	int64_t yoe = y - era * 400;                                   /* [0, 399] */
	int64_t doy = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + mday - 1;
	int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;          /* [0, 146096] */
	return (int32_t)(era * 146097 + doe - 719468);
}

void cal_civil_from_days(int32_t day, int32_t *year, int *month, int *mday)
{
	int64_t z = (int64_t)day + 719468;
	int64_t era = floor_div(z, 146097);
	int64_t doe = z - era * 146097;
	int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	int64_t mp = (5 * doy + 2) / 153;
	int m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*mday = (int)(doy - (153 * mp + 2) / 5 + 1);
	*month = m;
	*year = (int32_t)(yoe + era * 400 + (m <= 2));
}

/* n decimal digits at s, or -1 if any is not a digit. */
static int parse_digits(const char *s, int n)
{
	int v = 0;
	for (int i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	return v;
}

static void put_digits(char *out, int64_t v, int n)
{
	for (int i = n - 1; i >= 0; i--) {
		out[i] = (char)('0' + v % 10);
		v /= 10;
	}
}

bool cal_parse_day_n(const char *s, size_t len, int32_t *day)
{
	if (!s || len != 10 || s[4] != '-' || s[7] != '-')
		return false;
	int year = parse_digits(s, 4), month = parse_digits(s + 5, 2), mday = parse_digits(s + 8, 2);
	if (year < 0 || month < 0 || mday < 0 || !cal_is_valid_date(year, month, mday))
		return false;
	*day = cal_days_from_civil(year, month, mday);
	return true;
}

bool cal_parse_day(const char *s, int32_t *day)
{
	return s && cal_parse_day_n(s, strlen(s), day);
}

/* Writes "YYYY-MM-DD" without a NUL; false if the year has not 4 digits. */
static bool put_day(int32_t day, char *out)
{
	int32_t year;
	int month, mday;
	cal_civil_from_days(day, &year, &month, &mday);
	if (year < 0 || year > 9999)
		return false;
	put_digits(out, year, 4);
	out[4] = '-';
	put_digits(out + 5, month, 2);
	out[7] = '-';
	put_digits(out + 8, mday, 2);
	return true;
}

bool cal_format_day(int32_t day, char *buf, size_t size)
{
	if (size < CAL_DAY_BUF || !put_day(day, buf)) {
		if (size > 0)
			buf[0] = '\0';
		return false;
	}
	buf[10] = '\0';
	return true;
}

bool cal_format_instant(int64_t t, char *buf, size_t size)
{
	if (size < CAL_INSTANT_BUF || !put_day(cal_day_of(t), buf)) {
		if (size > 0)
			buf[0] = '\0';
		return false;
	}
	int32_t sec = cal_seconds_of_day(t);
	buf[10] = 'T';
	put_digits(buf + 11, sec / 3600, 2);
	buf[13] = ':';
	put_digits(buf + 14, sec / 60 % 60, 2);
	buf[16] = ':';
	put_digits(buf + 17, sec % 60, 2);
	memcpy(buf + 19, "+08:00", 7);   /* with the NUL */
	return true;
}

/* "HH:MM" at s (exactly 5 bytes checked) with HH <= max_hour; seconds, or -1. */
static int32_t parse_hh_mm(const char *s, int max_hour)
{
	int h = parse_digits(s, 2), m = parse_digits(s + 3, 2);
	if (s[2] != ':' || h < 0 || h > max_hour || m < 0 || m > 59)
		return -1;
	return h * 3600 + m * 60;
}

bool cal_parse_instant(const char *s, int64_t *t)
{
	if (!s)
		return false;
	size_t len = strlen(s);
	/* 19 bytes of local time, then "Z" (20) or "+HH:MM" (25). */
	if ((len != 20 && len != 25) || s[10] != 'T')
		return false;
	int32_t day;
	int32_t hm = parse_hh_mm(s + 11, 23);
	int sec = parse_digits(s + 17, 2);
	if (!cal_parse_day_n(s, 10, &day) || hm < 0 || s[16] != ':' || sec < 0 || sec > 59)
		return false;
	int32_t offset;
	if (len == 20) {
		if (s[19] != 'Z')
			return false;
		offset = 0;
	} else {
		offset = parse_hh_mm(s + 20, 23);
		if ((s[19] != '+' && s[19] != '-') || offset < 0)
			return false;
		if (s[19] == '-')
			offset = -offset;
	}
	/* cal_day_start() is local midnight in UTC+8; undo that offset and
	 * apply the string's own. */
	*t = cal_day_start(day) + CAL_UTC_OFFSET + hm + sec - offset;
	return true;
}

void cal_format_day_cn(int32_t day, char *buf, size_t size)
{
	int32_t year;
	int month, mday;
	cal_civil_from_days(day, &year, &month, &mday);
	snprintf(buf, size, "%d年%d月%d日", (int)year, month, mday);
}
