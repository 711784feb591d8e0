#include "store_team_admin.h"

#include "db.h"
#include "store_ledger.h"

#include <stdio.h>
#include <string.h>

#define ROW_COLUMNS "t.id, t.activity_id, t.leader_id, t.created_at, t.name, t.name_flagged," \
	" (SELECT count(*) FROM team_members m WHERE m.team_id = t.id AND m.left_at IS NULL)," \
	" coalesce(e.union_code, ''), coalesce(e.name, ''), coalesce(t.dissolved_at, 0)"
#define ROW_FROM " FROM teams t LEFT JOIN enrollments e ON e.activity_id = t.activity_id AND e.user_id = t.leader_id "
/* ?1 activity, ?2 union or NULL, ?3 the search or NULL, ?4 flagged only */
#define ROW_WHERE "WHERE t.activity_id = ?1 AND (?2 IS NULL OR e.union_code = ?2)" \
	" AND (?3 IS NULL OR instr(t.name, ?3) > 0 OR CAST(t.id AS TEXT) = ?3)" \
	" AND (?4 = 0 OR t.name_flagged = 1) "

static void read_row(sqlite3_stmt *st, struct team_admin_row *out)
{
	struct team *t = &out->team;
	t->id = sqlite3_column_int64(st, 0);
	t->activity_id = sqlite3_column_int64(st, 1);
	t->leader_id = sqlite3_column_int64(st, 2);
	t->created_at = sqlite3_column_int64(st, 3);
	snprintf(t->name, sizeof t->name, "%s", sqlite3_column_text(st, 4));
	t->name_flagged = sqlite3_column_int(st, 5) != 0;
	t->member_count = sqlite3_column_int(st, 6);
	snprintf(out->union_code, sizeof out->union_code, "%s", sqlite3_column_text(st, 7));
	snprintf(out->leader_name, sizeof out->leader_name, "%s", sqlite3_column_text(st, 8));
	out->dissolved_at = sqlite3_column_int64(st, 9);
}

static const char *search_of(const struct team_filter *f)
{
	return f->q && *f->q ? f->q : NULL;
}

int store_teams_admin_count(struct db *db, const struct team_filter *f, int64_t *total)
{
	int rc = db_get_int(db, total, "SELECT count(*)" ROW_FROM ROW_WHERE, "ittn", f->activity_id, f->union_code,
	                    search_of(f), (int)f->flagged_only);
	return rc == DB_NOTFOUND ? SQLITE_OK : rc;   /* count(*) always has its row */
}

int store_teams_admin_each(struct db *db, const struct team_filter *f, int64_t offset, int64_t limit,
                           void (*fn)(const struct team_admin_row *row, void *arg), void *arg)
{
	sqlite3_stmt *st;
	int rc = db_prepare(db, &st, "SELECT " ROW_COLUMNS ROW_FROM ROW_WHERE "ORDER BY t.id LIMIT ?6 OFFSET ?5",
	                    "ittnii", f->activity_id, f->union_code, search_of(f), (int)f->flagged_only, offset, limit);
	if (rc != SQLITE_OK)
		return rc;
	while ((rc = db_step(db, st)) == SQLITE_ROW) {
		struct team_admin_row row;
		read_row(st, &row);
		fn(&row, arg);
	}
	return db_finish(st, rc);
}

int store_team_admin_get(struct db *db, int64_t activity_id, int64_t team_id, struct team_admin_row *out)
{
	sqlite3_stmt *st;
	int rc = db_row(db, &st, "SELECT " ROW_COLUMNS ROW_FROM "WHERE t.activity_id = ?1 AND t.id = ?2", "ii",
	                activity_id, team_id);
	if (rc != SQLITE_ROW)
		return rc;
	read_row(st, out);
	sqlite3_reset(st);
	return SQLITE_OK;
}

int store_team_move(struct db *db, int64_t activity_id, int64_t user_id, int64_t to_team, int64_t from)
{
	bool member = false;
	int rc = db_exists(db, &member, "SELECT 1 FROM team_members WHERE activity_id = ?1 AND user_id = ?2"
	                                " AND left_at IS NULL", "ii", activity_id, user_id);
	if (rc != SQLITE_OK)
		return rc;
	if (!member)
		return DB_NOTFOUND;
	/* A span may end where it began (moved twice on one day): it then covers
	 * no day, and the settlement never counts it. */
	rc = db_execf(db, "UPDATE team_members SET left_at = max(?3, joined_at) "
	                  "WHERE activity_id = ?1 AND user_id = ?2 AND left_at IS NULL", "iii", activity_id, user_id, from);
	if (rc == SQLITE_OK)
		rc = store_team_add_member(db, activity_id, to_team, user_id, from);
	return rc;
}

int store_team_hand_over(struct db *db, int64_t team_id, int64_t leader_id)
{
	return db_execf(db, "UPDATE teams SET leader_id = ?2 WHERE id = ?1", "ii", team_id, leader_id);
}

int store_team_rename(struct db *db, int64_t team_id, const char *name, bool flagged)
{
	int rc = db_execf(db, "UPDATE teams SET name = ?2, name_flagged = ?3 WHERE id = ?1", "itn", team_id, name,
	                  flagged ? 1 : 0);
	return (rc & 0xff) == SQLITE_CONSTRAINT ? SQLITE_CONSTRAINT : rc;
}

int store_team_mark_dissolved(struct db *db, int64_t team_id, int64_t now)
{
	int rc = db_execf(db, "DELETE FROM team_invites WHERE team_id = ?1", "i", team_id);
	if (rc == SQLITE_OK)
		rc = db_execf(db, "UPDATE teams SET dissolved_at = ?2 WHERE id = ?1", "ii", team_id, now);
	return rc;
}

int store_team_leader_bonus(struct db *db, const struct activity_rules *r, int64_t activity_id, int64_t team_id,
                            int64_t leader_id, int member_count, int64_t now, bool *awarded)
{
	bool before = false;
	if (awarded)
		*awarded = false;
	int rc = store_ledger_has_kind(db, activity_id, leader_id, RULES_LEDGER_LEADER_FULL_TEAM, &before);
	if (rc != SQLITE_OK || !rules_leader_full_team_due(r, member_count, before))
		return rc;
	return store_ledger_award(db, activity_id, leader_id, RULES_LEDGER_LEADER_FULL_TEAM, team_id,
	                          r->points_leader_full_team, now, awarded);
}
