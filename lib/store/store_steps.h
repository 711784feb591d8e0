#ifndef WALK_STORE_STEPS_H
#define WALK_STORE_STEPS_H
/*
 * Daily step records (schema 003, RULES §2): the largest raw count of each day
 * and whether the day was settled by a sync inside the window.
 *
 * Return codes (lib/base/db.h): SQLITE_OK; DB_NOTFOUND from store_steps_day
 * for a day without a sync; or the SQLite error as SQLite gave it (a BUSY
 * stays BUSY).  store_steps_record expects the caller's write transaction;
 * the readers run in the caller's transaction.
 */
#include "rules.h"

#include <stdbool.h>
#include <stdint.h>

struct db;

struct day_steps {
	int32_t day;
	int64_t raw_steps;
	bool settled;
	int64_t last_sync_at;
};

/* Records one sync: raw = max(stored, raw); settled stays true once true.
 * *after gets the stored row afterwards.  SQLITE_OK or the error. */
int store_steps_record(struct db *db, int64_t activity_id, int64_t user_id, int32_t day, int64_t raw,
                       bool settles, int64_t sync_at, struct day_steps *after);
/* The row of one day: SQLITE_OK, DB_NOTFOUND (no sync that day), or the error. */
int store_steps_day(struct db *db, int64_t activity_id, int64_t user_id, int32_t day, struct day_steps *out);
/* Calls fn for every stored day of the user in the activity, oldest first.
 * SQLITE_OK or the error (fn may have seen some days). */
int store_steps_each(struct db *db, int64_t activity_id, int64_t user_id,
                     void (*fn)(const struct day_steps *d, void *arg), void *arg);
/* Σ counted steps over all the user's days (rules_counted_steps: settled
 * scoring days only): the nightly total (user_totals) plus the days after it.
 * SQLITE_OK or the error. */
int store_steps_cumulative(struct db *db, const struct activity_rules *r, int64_t activity_id,
                           int64_t user_id, int64_t *cumulative);

#endif
