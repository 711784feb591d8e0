#ifndef WALK_STORE_ACTIVITY_H
#define WALK_STORE_ACTIVITY_H
/* Activities and their rule numbers, as stored (schema 001). */
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

/* Loads activity id.  Returns SQLITE_OK, SQLITE_NOTFOUND when there is no
 * such activity, or the SQLite error.  A stored configuration that fails
 * rules_check() is logged and reported as SQLITE_CORRUPT: no rule may run on it. */
int store_activity_load(struct db *db, int64_t id, struct activity *out);

/* The ids of all activities, oldest first (at most max).  Returns an SQLite code. */
int store_activity_ids(struct db *db, int64_t *ids, int max, int *count);

#endif
