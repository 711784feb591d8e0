/* RULES §13: when reminders go out and how many grants can be used. */
#include "rules_remind.h"

#include "calendar.h"

bool rules_remind_at_valid(const struct activity_rules *r, int32_t remind_at)
{
	return remind_at >= r->settle_window_start && remind_at < r->settle_window_end - RULES_REMIND_LAST_CALL_S;
}

enum rules_remind_time rules_remind_time(const struct activity_rules *r, int32_t remind_at, int64_t now)
{
	if (!rules_is_activity_day(r, cal_day_of(now)))
		return RULES_REMIND_NOT_A_DAY;
	int32_t s = cal_seconds_of_day(now);
	if (s >= r->settle_window_end - RULES_REMIND_LAST_CALL_S)
		return RULES_REMIND_TOO_LATE;
	return s < remind_at ? RULES_REMIND_TOO_EARLY : RULES_REMIND_OPEN;
}

int64_t rules_remind_grant_cap(const struct activity_rules *r, int64_t now, bool today_usable)
{
	int32_t today = cal_day_of(now);
	if (today > r->last_day)
		return 0;
	int32_t from = today > r->first_day ? today : r->first_day;
	int64_t days = (int64_t)r->last_day - from + 1;
	if (from == today && !today_usable)
		days--;
	return days;
}
