#ifndef WALK_RULES_REMIND_H
#define WALK_RULES_REMIND_H
/*
 * RULES §13 reminders as pure functions, in the manner of rules.h: no I/O, no
 * clock, the activity's numbers passed in.  remind_at is seconds of the day
 * (UTC+8), stored with the activity (schema 011).
 */
#include "rules.h"

#include <stdbool.h>
#include <stdint.h>

/* No reminder goes out in the last quarter hour of the settle window: it
 * would leave too little time to open the app before 24:00. */
#define RULES_REMIND_LAST_CALL_S 900
/* A message WeChat did not answer is tried at most this many times a day. */
#define RULES_REMIND_MAX_ATTEMPTS 3

/* Whether remind_at lies in the settle window, before its last quarter hour. */
bool rules_remind_at_valid(const struct activity_rules *r, int32_t remind_at);

enum rules_remind_time {
	RULES_REMIND_NOT_A_DAY,   /* today is no activity day: no reminders */
	RULES_REMIND_TOO_EARLY,   /* before today's remind_at */
	RULES_REMIND_OPEN,        /* reminders may go out now */
	RULES_REMIND_TOO_LATE     /* the window's last quarter hour has begun */
};
/* Where now stands for today's reminders. */
enum rules_remind_time rules_remind_time(const struct activity_rules *r, int32_t remind_at, int64_t now);

/* How many grants a participant can still use at now: at most one message a
 * day, so one per activity day from today (or first_day, if later) to
 * last_day, today counted only when today_usable (today's message is not
 * sent, the day is not settled, its last call has not passed).  0 once the
 * activity is over. */
int64_t rules_remind_grant_cap(const struct activity_rules *r, int64_t now, bool today_usable);

#endif
