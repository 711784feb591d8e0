#include "rules_workdays.h"

#include "calendar.h"

#include <stdlib.h>

struct rules_official_calendar rules_official_calendar(void)
{
	return (struct rules_official_calendar){ rules_official_days, rules_official_day_count,
	                                         rules_official_first_year, rules_official_last_year };
}

static int32_t ymd_of(int32_t day, int32_t *year)
{
	int month, mday;
	cal_civil_from_days(day, year, &month, &mday);
	return *year * 10000 + month * 100 + mday;
}

static int by_ymd(const void *key, const void *elem)
{
	int32_t k = *(const int32_t *)key, e = ((const struct rules_official_day *)elem)->ymd;
	return (k > e) - (k < e);
}

bool rules_calendar_covers(const struct rules_official_calendar *c, int32_t day)
{
	int32_t year;
	ymd_of(day, &year);
	return year >= c->first_year && year <= c->last_year;
}

bool rules_is_working_day(const struct rules_official_calendar *c, int32_t day)
{
	int32_t year, ymd = ymd_of(day, &year);
	if (year < c->first_year || year > c->last_year)
		return false;
	const struct rules_official_day *exception = bsearch(&ymd, c->days, c->count, sizeof *c->days, by_ymd);
	if (exception)
		return exception->kind == RULES_DAY_WORKED;
	/* Day 0 (1970-01-01) was a Thursday: weekday 0 is Sunday. */
	int weekday = (int)(((int64_t)day % 7 + 7 + 4) % 7);
	return weekday != 0 && weekday != 6;
}

bool rules_working_day_after(const struct rules_official_calendar *c, int32_t day, int n, int32_t *out)
{
	if (n < 1)
		return false;
	int32_t d = day;
	while (n > 0) {
		d++;
		if (!rules_calendar_covers(c, d))
			return false;
		if (rules_is_working_day(c, d))
			n--;
	}
	*out = d;
	return true;
}
