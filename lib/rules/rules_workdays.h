#ifndef WALK_RULES_WORKDAYS_H
#define WALK_RULES_WORKDAYS_H
/*
 * Working days on China's official calendar (RULES §9: a parcel is due 15
 * working days after its address was given).  A day is a working day when it
 * is Monday to Friday and not a public holiday, or when it is a weekend day
 * the State Council moved a working day to (调休).  The exceptions come from
 * the table that seed/holidays.mjs generates at build time from the npm
 * package chinese-days (rules_official_days); the functions below take any
 * table, so that the unit tests can also use one of their own.
 *
 * Days are calendar day numbers (calendar.h).  Pure: no I/O, no clock.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum rules_day_kind {
	RULES_DAY_OFF = 1,      /* a public holiday, weekday or not */
	RULES_DAY_WORKED = 2,   /* a weekend day worked in lieu */
};

struct rules_official_day {
	int32_t ymd;                 /* 20191001 */
	enum rules_day_kind kind;
};

/* A table of exceptions sorted by ymd, and the years it covers entirely. */
struct rules_official_calendar {
	const struct rules_official_day *days;
	size_t count;
	int first_year, last_year;
};

/* The generated table (build/…/gen/workdays_data.c). */
extern const struct rules_official_day rules_official_days[];
extern const size_t rules_official_day_count;
extern const int rules_official_first_year, rules_official_last_year;
/* The generated table as a calendar. */
struct rules_official_calendar rules_official_calendar(void);

/* Whether the calendar covers day's year. */
bool rules_calendar_covers(const struct rules_official_calendar *c, int32_t day);
/* Whether day is a working day (false outside the covered years). */
bool rules_is_working_day(const struct rules_official_calendar *c, int32_t day);
/* The n-th working day after day (day itself not counted), n >= 1, into
 * *out.  False when a day on the way is outside the covered years. */
bool rules_working_day_after(const struct rules_official_calendar *c, int32_t day, int n, int32_t *out);

#endif
