#ifndef WALK_STORE_ACTIVITY_H
#define WALK_STORE_ACTIVITY_H
/*
 * Activities and their rule numbers, as stored (schema 001).
 *
 * Return codes (lib/base/db.h): SQLITE_OK; DB_NOTFOUND when the activity
 * looked up does not exist; or the SQLite error as SQLite gave it (a BUSY
 * stays BUSY).  Both functions only read: call them inside a transaction (a
 * worker's request has its read transaction), so that an activity and its
 * route come from one snapshot.
 */
#include "rules.h"

#include <stdint.h>

struct db;

struct activity {
	int64_t id;
	char name[128];
	struct activity_rules rules;
	/* §7 route, for display */
	char checkpoint_name[RULES_MAX_CHECKPOINTS][64];
	char checkpoint_landmark[RULES_MAX_CHECKPOINTS][96];
	int64_t checkpoint_stage[RULES_MAX_CHECKPOINTS];
};

/* Loads activity id into *out.  Returns SQLITE_OK, DB_NOTFOUND when there is
 * no such activity, or the SQLite error.  A stored configuration that fails
 * rules_check() is logged and reported as SQLITE_CORRUPT: no rule may run on
 * it.  On any answer but SQLITE_OK, *out may be half-written: do not use it. */
int store_activity_load(struct db *db, int64_t id, struct activity *out);

/* store_activity_load() without rules_check(): for the settings page, which
 * checks a changed configuration before it commits it. */
int store_activity_load_unchecked(struct db *db, int64_t id, struct activity *out);

/* The ids of all activities, oldest first (at most max), and their number in
 * *count.  Returns SQLITE_OK or the SQLite error. */
int store_activity_ids(struct db *db, int64_t *ids, int max, int *count);
/* The id of the newest activity: SQLITE_OK, DB_NOTFOUND when there is none,
 * or the error. */
int store_activity_newest(struct db *db, int64_t *id);

#endif
