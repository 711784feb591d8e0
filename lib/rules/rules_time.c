/* The activity's calendar (RULES §1): which days score, the settle window,
 * the phases and the instants that close the board and the redemptions. */
#include "rules.h"

#include "calendar.h"

bool rules_is_activity_day(const struct activity_rules *r, int32_t day)
{
	return day >= r->first_day && day <= r->last_day;
}

bool rules_is_test_day(const struct activity_rules *r, int32_t day)
{
	return day >= r->test_from && day <= r->test_to;
}

bool rules_is_scoring_day(const struct activity_rules *r, int32_t day)
{
	return rules_is_activity_day(r, day) || rules_is_test_day(r, day);
}

int rules_day_index(const struct activity_rules *r, int32_t day)
{
	return rules_is_activity_day(r, day) ? (int)(day - r->first_day) + 1 : 0;
}

bool rules_in_settle_window(const struct activity_rules *r, int64_t t)
{
	int32_t s = cal_seconds_of_day(t);
	return s >= r->settle_window_start && s < r->settle_window_end;
}

enum rules_phase rules_phase(const struct activity_rules *r, int64_t now)
{
	int32_t today = cal_day_of(now);
	if (today > r->last_day)
		return RULES_PHASE_ENDED;
	if (today >= r->first_day)
		return RULES_PHASE_RUNNING;
	if (rules_is_test_day(r, today))
		return RULES_PHASE_TEST;
	return RULES_PHASE_UPCOMING;
}

const char *rules_phase_name(enum rules_phase phase)
{
	switch (phase) {
	case RULES_PHASE_UPCOMING: return "upcoming";
	case RULES_PHASE_TEST: return "test";
	case RULES_PHASE_RUNNING: return "running";
	case RULES_PHASE_ENDED: return "ended";
	}
	return "?";
}

bool rules_enrollment_open(const struct activity_rules *r, int64_t now)
{
	return now >= r->enroll_opens && cal_day_of(now) <= r->last_day;
}

bool rules_first_day_begun(const struct activity_rules *r, int64_t now)
{
	return now >= cal_day_start(r->first_day);
}

bool rules_board_frozen(const struct activity_rules *r, int64_t now)
{
	return now >= r->board_freeze_at;
}

int32_t rules_board_last_day(const struct activity_rules *r, int64_t now)
{
	/* A day is on the board once it is over; the board settled at the
	 * freeze instant is final, so later days never join it. */
	int32_t today = cal_day_of(now), freeze_day = cal_day_of(r->board_freeze_at);
	int64_t last = (int64_t)(today < freeze_day ? today : freeze_day) - 1;
	if (last > r->last_day)
		last = r->last_day;
	return last < INT32_MIN ? INT32_MIN : (int32_t)last;
}

bool rules_redeem_open(const struct activity_rules *r, int64_t now)
{
	return now < r->redeem_deadline;
}

bool rules_checkin_allowed(const struct activity_rules *r, int64_t now)
{
	return rules_is_scoring_day(r, cal_day_of(now));
}
