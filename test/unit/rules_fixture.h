#ifndef WALK_TEST_RULES_FIXTURE_H
#define WALK_TEST_RULES_FIXTURE_H
/* Shared by the rules tests: instants and days written as text, so that the
 * tables read like RULES.md.  Include after cmocka.h. */
#include "calendar.h"

#include <stdint.h>

/* "2019-07-01T20:00:00+08:00" as Unix seconds; fails the test if malformed. */
static inline int64_t at(const char *iso)
{
	int64_t t = 0;
	if (!cal_parse_instant(iso, &t))
		fail_msg("bad instant %s", iso);
	return t;
}

/* "2019-07-01" as a day number; fails the test if malformed. */
static inline int32_t day(const char *ymd)
{
	int32_t d = 0;
	if (!cal_parse_day(ymd, &d))
		fail_msg("bad day %s", ymd);
	return d;
}

#endif
