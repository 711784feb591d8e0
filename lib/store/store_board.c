#include "store_board.h"

#include "db.h"
#include "validate.h"

#include <stdio.h>
#include <string.h>

static int finish(struct db *db, int rc)
{
	if (rc == SQLITE_ROW)
		return SQLITE_OK;
	return rc == SQLITE_DONE ? SQLITE_NOTFOUND : db_note_rc(db, rc);
}

int store_board_current(struct db *db, int64_t activity_id, struct board_info *out)
{
	sqlite3_stmt *st = db_stmt(db, "SELECT as_of, final, teams, people FROM boards WHERE activity_id = ?1 "
	                               "ORDER BY final DESC, as_of DESC LIMIT 1");
	if (!st)
		return SQLITE_ERROR;
	sqlite3_bind_int64(st, 1, activity_id);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		snprintf(out->as_of, sizeof out->as_of, "%s", sqlite3_column_text(st, 0));
		out->final = sqlite3_column_int(st, 1) != 0;
		out->teams = sqlite3_column_int64(st, 2);
		out->people = sqlite3_column_int64(st, 3);
	}
	sqlite3_reset(st);
	return finish(db, rc);
}

static void read_team_row(sqlite3_stmt *st, struct team_board_row *r)
{
	r->rank = sqlite3_column_int64(st, 0);
	r->team_id = sqlite3_column_int64(st, 1);
	snprintf(r->name, sizeof r->name, "%s", sqlite3_column_text(st, 2));
	r->members = sqlite3_column_int64(st, 3);
	r->compliant_days = sqlite3_column_int64(st, 4);
	r->team_steps = sqlite3_column_int64(st, 5);
	r->per_capita = sqlite3_column_int64(st, 6);
}

int store_board_teams(struct db *db, int64_t activity_id, const char *as_of, int64_t offset, int64_t limit,
                      void (*fn)(const struct team_board_row *row, void *arg), void *arg)
{
	sqlite3_stmt *st = db_stmt(db, "SELECT rank, team_id, name, members, compliant_days, team_steps, per_capita "
	                               "FROM team_board WHERE activity_id = ?1 AND as_of = ?2 AND rank > ?3 AND rank <= ?4 "
	                               "ORDER BY rank");
	if (!st)
		return SQLITE_ERROR;
	sqlite3_bind_int64(st, 1, activity_id);
	sqlite3_bind_text(st, 2, as_of, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(st, 3, offset);
	sqlite3_bind_int64(st, 4, offset + limit);
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct team_board_row r;
		read_team_row(st, &r);
		fn(&r, arg);
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? SQLITE_OK : db_note_rc(db, rc);
}

int store_board_team(struct db *db, int64_t activity_id, const char *as_of, int64_t team_id,
                     struct team_board_row *out)
{
	/* The team's rank first, from the covering index; then the row by its key.
	 * In one query the planner prefers the key's (activity, as_of) prefix and
	 * scans the whole board. */
	sqlite3_stmt *st = db_stmt(db, "SELECT rank FROM team_board WHERE activity_id = ?1 AND as_of = ?2 AND team_id = ?3");
	if (!st)
		return SQLITE_ERROR;
	sqlite3_bind_int64(st, 1, activity_id);
	sqlite3_bind_text(st, 2, as_of, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(st, 3, team_id);
	int rc = sqlite3_step(st);
	int64_t rank = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
	sqlite3_reset(st);
	if (rc != SQLITE_ROW)
		return finish(db, rc);
	st = db_stmt(db, "SELECT rank, team_id, name, members, compliant_days, team_steps, per_capita "
	                 "FROM team_board WHERE activity_id = ?1 AND as_of = ?2 AND rank = ?3");
	if (!st)
		return SQLITE_ERROR;
	sqlite3_bind_int64(st, 1, activity_id);
	sqlite3_bind_text(st, 2, as_of, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(st, 3, rank);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		read_team_row(st, out);
	sqlite3_reset(st);
	return finish(db, rc);
}

int store_board_people(struct db *db, int64_t activity_id, const char *scope, int64_t offset, int64_t limit,
                       void (*fn)(const struct person_board_row *row, void *arg), void *arg)
{
	sqlite3_stmt *st = db_stmt(db, "SELECT b.pos, b.rank, b.user_id, b.cumulative, coalesce(e.name, ''),"
	                               " coalesce(e.union_code, '') FROM people_board b "
	                               "LEFT JOIN enrollments e ON e.activity_id = b.activity_id AND e.user_id = b.user_id "
	                               "WHERE b.activity_id = ?1 AND b.scope = ?2 AND b.pos > ?3 AND b.pos <= ?4 "
	                               "ORDER BY b.pos");
	if (!st)
		return SQLITE_ERROR;
	sqlite3_bind_int64(st, 1, activity_id);
	sqlite3_bind_text(st, 2, scope, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(st, 3, offset);
	sqlite3_bind_int64(st, 4, offset + limit);
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct person_board_row r = {
			.pos = sqlite3_column_int64(st, 0),
			.rank = sqlite3_column_int64(st, 1),
			.user_id = sqlite3_column_int64(st, 2),
			.cumulative = sqlite3_column_int64(st, 3),
		};
		snprintf(r.name, sizeof r.name, "%s", sqlite3_column_text(st, 4));
		snprintf(r.union_code, sizeof r.union_code, "%s", sqlite3_column_text(st, 5));
		fn(&r, arg);
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? SQLITE_OK : db_note_rc(db, rc);
}

int64_t store_board_people_count(struct db *db, int64_t activity_id, const char *scope)
{
	sqlite3_stmt *st = db_stmt(db, "SELECT coalesce(max(pos), 0) FROM people_board WHERE activity_id = ?1 AND scope = ?2");
	if (!st)
		return 0;
	sqlite3_bind_int64(st, 1, activity_id);
	sqlite3_bind_text(st, 2, scope, -1, SQLITE_TRANSIENT);
	int64_t n = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
	sqlite3_reset(st);
	return n;
}

/* The competition rank of cumulative on a personal board: the board is in
 * place order with cumulative never increasing, so the first place whose
 * total is not above it is found by bisection (about 20 key lookups for a
 * million people), and that place's stored rank is the answer.  0 when the
 * board does not hold the value. */
static int64_t rank_on_board(struct db *db, int64_t activity_id, const char *scope, int64_t cumulative)
{
	sqlite3_stmt *st = db_stmt(db, "SELECT cumulative, rank FROM people_board "
	                               "WHERE activity_id = ?1 AND scope = ?2 AND pos = ?3");
	if (!st)
		return 0;
	int64_t lo = 1, hi = store_board_people_count(db, activity_id, scope), rank = 0;
	while (lo <= hi) {
		int64_t mid = lo + (hi - lo) / 2;
		sqlite3_bind_int64(st, 1, activity_id);
		sqlite3_bind_text(st, 2, scope, -1, SQLITE_TRANSIENT);
		sqlite3_bind_int64(st, 3, mid);
		int64_t at = -1, at_rank = 0;
		if (sqlite3_step(st) == SQLITE_ROW) {
			at = sqlite3_column_int64(st, 0);
			at_rank = sqlite3_column_int64(st, 1);
		}
		sqlite3_reset(st);
		if (at < 0)
			return 0;
		if (at <= cumulative) {
			if (at == cumulative)
				rank = at_rank;
			hi = mid - 1;
		} else {
			lo = mid + 1;
		}
	}
	return rank;
}

int store_user_standing(struct db *db, int64_t activity_id, int64_t user_id, struct user_standing *out)
{
	sqlite3_stmt *st = db_stmt(db, "SELECT cumulative, as_of, union_code FROM user_totals "
	                               "WHERE activity_id = ?1 AND user_id = ?2");
	if (!st)
		return SQLITE_ERROR;
	sqlite3_bind_int64(st, 1, activity_id);
	sqlite3_bind_int64(st, 2, user_id);
	char union_code[UNION_CODE_SIZE] = "";
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		out->cumulative = sqlite3_column_int64(st, 0);
		snprintf(out->as_of, sizeof out->as_of, "%s", sqlite3_column_text(st, 1));
		snprintf(union_code, sizeof union_code, "%s", sqlite3_column_text(st, 2));
	}
	sqlite3_reset(st);
	if (rc != SQLITE_ROW)
		return finish(db, rc);
	out->rank_province = rank_on_board(db, activity_id, "province", out->cumulative);
	out->rank_union = rank_on_board(db, activity_id, union_code, out->cumulative);
	return SQLITE_OK;
}

int store_team_compliant_days(struct db *db, int64_t activity_id, int64_t team_id, int64_t *days)
{
	sqlite3_stmt *st = db_stmt(db, "SELECT compliant_days FROM team_totals WHERE activity_id = ?1 AND team_id = ?2");
	if (!st)
		return SQLITE_ERROR;
	sqlite3_bind_int64(st, 1, activity_id);
	sqlite3_bind_int64(st, 2, team_id);
	int rc = sqlite3_step(st);
	*days = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
	sqlite3_reset(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? SQLITE_OK : db_note_rc(db, rc);
}
