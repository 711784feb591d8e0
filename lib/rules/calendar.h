#ifndef WALK_CALENDAR_H
#define WALK_CALENDAR_H
/*
 * Civil time of the business: Asia/Shanghai, UTC+8, no daylight saving
 * (RULES §1).  Pure arithmetic: nothing here reads a clock, the environment
 * (TZ) or the C library's time functions, so the answers are the same on
 * every machine and in every test.
 *
 * Two kinds of number:
 *   - an instant is int64 Unix seconds (seconds since 1970-01-01 00:00 UTC);
 *   - a day is int32 days since 1970-01-01 *in UTC+8*: day 0 is 1970-01-01,
 *     which runs from instant -28800 (inclusive) to 57600 (exclusive).
 *     Days before 1970 are negative.  A day's successor is day + 1.
 *
 * The activity's own calendar (activity days, settle window, phases) needs the
 * activity's configuration and lives in rules.h.  The server clock is clock.h.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Business time offset from UTC, in seconds. */
#define CAL_UTC_OFFSET 28800
#define CAL_SECONDS_PER_DAY 86400

/* Buffer sizes including the terminating NUL. */
#define CAL_DAY_BUF 11       /* "2019-07-01" */
#define CAL_INSTANT_BUF 26   /* "2019-07-01T20:00:00+08:00" */

/* The day containing instant t, i.e. floor((t + 28800) / 86400), exact for
 * negative t.  So 2019-06-30T16:00:00Z (2019-07-01 00:00 +08:00) is already
 * 2019-07-01.  Saturates at INT32_MIN/INT32_MAX for instants more than
 * 5.8 million years away, which no caller has. */
int32_t cal_day_of(int64_t t);

/* The instant at which day starts: day * 86400 - 28800 (its 00:00 UTC+8). */
int64_t cal_day_start(int32_t day);

/* Seconds elapsed since the start of t's day, in [0, 86400). */
int32_t cal_seconds_of_day(int64_t t);

/* Whether day is completely in the past at instant now, i.e.
 * now >= cal_day_start(day + 1).  A day can be settled only then. */
bool cal_day_is_over(int32_t day, int64_t now);

/* Whether (year, month, day) is a date of the proleptic Gregorian calendar:
 * 1 <= month <= 12 and 1 <= mday <= the month's length (February has 29 days
 * in years divisible by 4 but not by 100, or divisible by 400). */
bool cal_is_valid_date(int32_t year, int month, int mday);

/* Days since 1970-01-01 of a valid date (Howard Hinnant's days_from_civil).
 * Defined for years in [-5000000, 5000000]; an invalid date gives an
 * unspecified number, so validate first with cal_is_valid_date(). */
int32_t cal_days_from_civil(int32_t year, int month, int mday);

/* The inverse: the date of a day number.  Every output pointer is required. */
void cal_civil_from_days(int32_t day, int32_t *year, int *month, int *mday);

/* Parses exactly "YYYY-MM-DD" (len bytes, no NUL needed): four digits, '-',
 * two digits, '-', two digits, and a valid date; year 0000..9999.  Anything
 * else (other lengths, signs, spaces, "2019-7-1", "2019-02-30") is refused.
 * Returns true and sets *day on success; leaves *day alone on failure. */
bool cal_parse_day_n(const char *s, size_t len, int32_t *day);
/* Same for a NUL-terminated string; s may be NULL (refused). */
bool cal_parse_day(const char *s, int32_t *day);

/* Writes day as "YYYY-MM-DD" and a NUL into buf (size >= CAL_DAY_BUF).
 * Returns false, writing "" when size > 0, if the year is outside 0..9999 or
 * the buffer is too small. */
bool cal_format_day(int32_t day, char *buf, size_t size);

/* Writes day as people read it, "2019年7月5日", into buf (size >= 24). */
void cal_format_day_cn(int32_t day, char *buf, size_t size);

/* Writes t as ISO 8601 in UTC+8, "2019-07-01T20:00:00+08:00", into buf
 * (size >= CAL_INSTANT_BUF).  Same failure rules as cal_format_day(). */
bool cal_format_instant(int64_t t, char *buf, size_t size);

/* Parses "YYYY-MM-DDTHH:MM:SS" followed by "Z" or "+HH:MM" / "-HH:MM" (offset
 * hours 00..23, minutes 00..59), the form cal_format_instant() writes and
 * `walkctl clock set` takes.  Hours 00..23, minutes and seconds 00..59 (no
 * leap seconds), valid date, nothing before or after.  Returns true and sets
 * *t on success; s may be NULL (refused). */
bool cal_parse_instant(const char *s, int64_t *t);

#endif
