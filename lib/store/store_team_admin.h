#ifndef WALK_STORE_TEAM_ADMIN_H
#define WALK_STORE_TEAM_ADMIN_H
/*
 * Teams as admins correct them (schema 005, 032; RULES §5, §12): the list
 * with its filter, a member moved to another team, the leader role handed
 * over, a flagged name replaced, an empty team dissolved.
 *
 * A team belongs to its leader's union (the union of the leader's
 * enrollment): that is the scope a union admin sees it in.
 *
 * Return codes (lib/base/db.h): SQLITE_OK; DB_NOTFOUND from the lookups of one
 * row when there is none; SQLITE_CONSTRAINT where said; else the SQLite error
 * as SQLite gave it.  Writers expect the caller's write transaction, and so do
 * the lookups whose answer decides a write.
 */
#include "rules.h"
#include "store_team.h"
#include "validate.h"

#include <stdbool.h>
#include <stdint.h>

struct db;

struct team_admin_row {
	struct team team;                    /* member_count: the members now */
	char union_code[UNION_CODE_SIZE];    /* the leader's union ("" when the leader is not enrolled) */
	char leader_name[128];
	int64_t dissolved_at;                /* 0 while the team lasts */
};

struct team_filter {
	int64_t activity_id;
	const char *union_code;   /* NULL: every union */
	const char *q;            /* NULL or "": any; digits: that id, or a name holding them; else a part of the name */
	bool flagged_only;        /* only names WeChat's text check held for review */
};

int store_teams_admin_count(struct db *db, const struct team_filter *f, int64_t *total);
/* Rows by id, from offset, at most limit; fn is called for each. */
int store_teams_admin_each(struct db *db, const struct team_filter *f, int64_t offset, int64_t limit,
                           void (*fn)(const struct team_admin_row *row, void *arg), void *arg);
/* One team of the activity (dissolved ones included). */
int store_team_admin_get(struct db *db, int64_t activity_id, int64_t team_id, struct team_admin_row *out);

/* Moves the user from their current team to to_team: the span in the old team
 * ends and the one in the new team begins at from (the start of the day after
 * the move, RULES §6: the old team keeps the member for the day of the move,
 * the new one counts them from the next).  DB_NOTFOUND when the user is in no
 * team. */
int store_team_move(struct db *db, int64_t activity_id, int64_t user_id, int64_t to_team, int64_t from);
/* Makes user_id (a member) the leader of the team. */
int store_team_hand_over(struct db *db, int64_t team_id, int64_t leader_id);
/* A new name; flagged as the text check said.  SQLITE_CONSTRAINT when another
 * team of the activity has it. */
int store_team_rename(struct db *db, int64_t team_id, const char *name, bool flagged);
/* Marks an empty team dissolved at now and drops its invites, so that nobody
 * joins it again. */
int store_team_mark_dissolved(struct db *db, int64_t team_id, int64_t now);

/* RULES §4: the leader's leader_full_team award when the team now has
 * member_count members, full, and the leader never had one in the activity
 * (whatever team: a leader who refills a team, or leads a second one, gets
 * none).  *awarded says whether a row was written (may be NULL).  Inside the
 * write transaction that made the team full. */
int store_team_leader_bonus(struct db *db, const struct activity_rules *r, int64_t activity_id, int64_t team_id,
                            int64_t leader_id, int member_count, int64_t now, bool *awarded);

#endif
