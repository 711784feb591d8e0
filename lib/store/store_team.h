#ifndef WALK_STORE_TEAM_H
#define WALK_STORE_TEAM_H
/*
 * Teams, memberships, targets, invites and announcements (schema 005,
 * RULES §5).
 *
 * Return codes (lib/base/db.h): SQLITE_OK; DB_NOTFOUND from the lookups of one
 * row (store_team_get, store_team_of_user, store_invite_find) when there is
 * none; SQLITE_CONSTRAINT where said below; else the SQLite error as SQLite
 * gave it (a BUSY stays BUSY).  An insert's RETURNING always gives its row.
 *
 * Transactions: functions that write expect the caller's write transaction,
 * and so do the lookups whose answer decides a write (not in a team yet, room
 * in the team), so that the check and the write it guards are one atomic
 * step.  The other lookups run in the caller's read transaction.
 */
#include "crypto.h"
#include "rules.h"

#include <stdbool.h>
#include <stdint.h>

struct db;

struct team {
	int64_t id, activity_id, leader_id, created_at;
	char name[96];
	bool name_flagged;
	int member_count;
};

struct team_member {
	int64_t user_id;
	char name[128];     /* the enrollment's real name */
	int64_t joined_at;
};

enum { TEAM_TARGETS_MAX = 256 };   /* target changes kept per team (one a day at most matters) */

int store_team_get(struct db *db, int64_t team_id, struct team *out);
/* The user's current team in the activity. */
int store_team_of_user(struct db *db, int64_t activity_id, int64_t user_id, struct team *out);
/* Whether a team of the activity has the name: read before WeChat's text
 * check, so that a taken name costs no call; store_team_create's constraint
 * decides inside the write. */
int store_team_name_taken(struct db *db, int64_t activity_id, const char *name, bool *taken);
/* SQLITE_CONSTRAINT when the name is taken in the activity. */
int store_team_create(struct db *db, int64_t activity_id, int64_t leader_id, const char *name, bool flagged,
                      int64_t now, int64_t *team_id);
int store_team_add_member(struct db *db, int64_t activity_id, int64_t team_id, int64_t user_id, int64_t now);
/* Ends the user's membership span (RULES §5: only before the first day). */
int store_team_leave(struct db *db, int64_t activity_id, int64_t user_id, int64_t now);
/* Removes a team that only ever had its leader, with its invites, targets and
 * announcements. */
int store_team_dissolve(struct db *db, int64_t team_id);
/* Current members, the leader first, then by joining; fn is called for each. */
int store_team_members(struct db *db, int64_t team_id, void (*fn)(const struct team_member *m, void *arg),
                       void *arg);
/* The target changes of a team, in the order they were made (for rules_targets_in_force). */
int store_team_targets(struct db *db, int64_t team_id, struct rules_target_setting *out, int max, int *n);
int store_team_set_targets(struct db *db, int64_t team_id, int32_t effective_from, int64_t member_target,
                           int64_t team_target, int64_t set_by, int64_t now);
/* A new invite token for the team (only its hash is stored). */
int store_invite_create(struct db *db, int64_t team_id, int64_t created_by, int64_t now, int64_t expires_at,
                        char token[CRYPTO_TOKEN_CHARS + 1]);
/* The team and expiry of an invite token. */
int store_invite_find(struct db *db, const char *token, int64_t *team_id, int64_t *expires_at);

struct announcement {
	int64_t id, author_id, created_at;
	char author_name[128];
	const char *body;   /* valid during the callback only */
	bool flagged;
};
int store_announcement_add(struct db *db, int64_t team_id, int64_t author_id, const char *body, bool flagged,
                           int64_t now, int64_t *id);
/* Newest first, id < before (before <= 0: from the newest), at most limit. */
int store_announcements(struct db *db, int64_t team_id, int64_t before, int limit,
                        void (*fn)(const struct announcement *a, void *arg), void *arg);

#endif
