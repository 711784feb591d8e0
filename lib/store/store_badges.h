#ifndef WALK_STORE_BADGES_H
#define WALK_STORE_BADGES_H
/*
 * Badges (schema 028, RULES §8): 与祖国同行 (every checkpoint passed) and 全勤奖
 * (a check-in on every activity day), each recorded once per participant with
 * the moment it was earned, taken from its source: the passed_at of the last
 * checkpoint passed, and the created_at of the check-in that completed the
 * days.
 *
 * Return codes (lib/base/db.h): SQLITE_OK or the SQLite error as SQLite gave
 * it.  The writers run inside the caller's write transaction.
 */
#include "rules.h"

#include <stdbool.h>
#include <stdint.h>

struct db;

enum badge_kind { BADGE_ALL_CHECKPOINTS, BADGE_FULL_ATTENDANCE, BADGE_KIND_COUNT };

/* "all_checkpoints", "full_attendance" (the stored and answered names). */
const char *badge_kind_name(enum badge_kind kind);

struct badge {
	enum badge_kind kind;
	int64_t earned_at;
};

/* Records the participant's badges that are due and not yet recorded; adds
 * the number recorded now to *recorded (may be NULL).  Idempotent: a second
 * call records nothing. */
int store_badges_record_due(struct db *db, int64_t activity_id, const struct activity_rules *r, int64_t user_id,
                            int *recorded);
/* Records what is due for every participant who may have earned a badge not
 * yet recorded (the nightly settlement); *recorded gets the count.  Looking
 * for 全勤奖 reads every check-in of the activity: attendance asks for it,
 * which only the last day's settlement needs (no one completes the days
 * before it; the check-in handler records it at once anyway). */
int store_badges_record_all_due(struct db *db, int64_t activity_id, const struct activity_rules *r, bool attendance,
                                int64_t *recorded);
/* The participant's badges, in kind order, into out; *n gets their number. */
int store_badges_of_user(struct db *db, int64_t activity_id, int64_t user_id, struct badge out[BADGE_KIND_COUNT],
                         int *n);

#endif
