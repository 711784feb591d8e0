#include "store_board.h"

#include "db.h"
#include "validate.h"

#include <stdio.h>
#include <string.h>

int store_board_current(struct db *db, int64_t activity_id, struct board_info *out)
{
	sqlite3_stmt *st;
	int rc = db_row(db, &st, "SELECT as_of, final, teams, people FROM boards WHERE activity_id = ?1 "
	                         "ORDER BY final DESC, as_of DESC LIMIT 1", "i", activity_id);
	if (rc != SQLITE_ROW)
		return rc;
	snprintf(out->as_of, sizeof out->as_of, "%s", sqlite3_column_text(st, 0));
	out->final = sqlite3_column_int(st, 1) != 0;
	out->teams = sqlite3_column_int64(st, 2);
	out->people = sqlite3_column_int64(st, 3);
	return db_finish(st, rc);
}

#define TEAM_ROW_COLUMNS "rank, team_id, name, members, compliant_days, team_steps, per_capita"

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
	sqlite3_stmt *st;
	int rc = db_prepare(db, &st, "SELECT " TEAM_ROW_COLUMNS " FROM team_board "
	                             "WHERE activity_id = ?1 AND as_of = ?2 AND rank > ?3 AND rank <= ?4 ORDER BY rank",
	                    "itii", activity_id, as_of, offset, offset + limit);
	if (rc != SQLITE_OK)
		return rc;
	while ((rc = db_step(db, st)) == SQLITE_ROW) {
		struct team_board_row r;
		read_team_row(st, &r);
		fn(&r, arg);
	}
	return db_finish(st, rc);
}

int store_board_team(struct db *db, int64_t activity_id, const char *as_of, int64_t team_id,
                     struct team_board_row *out)
{
	/* The team's rank first, from the covering index; then the row by its key.
	 * In one query the planner prefers the key's (activity, as_of) prefix and
	 * scans the whole board. */
	int64_t rank;
	int rc = db_get_int(db, &rank, "SELECT rank FROM team_board WHERE activity_id = ?1 AND as_of = ?2 AND team_id = ?3",
	                    "iti", activity_id, as_of, team_id);
	if (rc != SQLITE_OK)
		return rc;
	sqlite3_stmt *st;
	rc = db_row(db, &st, "SELECT " TEAM_ROW_COLUMNS " FROM team_board WHERE activity_id = ?1 AND as_of = ?2 AND rank = ?3",
	            "iti", activity_id, as_of, rank);
	if (rc != SQLITE_ROW)
		return rc;
	read_team_row(st, out);
	return db_finish(st, rc);
}

int store_board_people(struct db *db, int64_t activity_id, const char *scope, int64_t offset, int64_t limit,
                       void (*fn)(const struct person_board_row *row, void *arg), void *arg)
{
	sqlite3_stmt *st;
	int rc = db_prepare(db, &st, "SELECT b.pos, b.rank, b.user_id, b.cumulative, coalesce(e.name, ''),"
	                             " coalesce(e.union_code, '') FROM people_board b "
	                             "LEFT JOIN enrollments e ON e.activity_id = b.activity_id AND e.user_id = b.user_id "
	                             "WHERE b.activity_id = ?1 AND b.scope = ?2 AND b.pos > ?3 AND b.pos <= ?4 "
	                             "ORDER BY b.pos", "itii", activity_id, scope, offset, offset + limit);
	if (rc != SQLITE_OK)
		return rc;
	while ((rc = db_step(db, st)) == SQLITE_ROW) {
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
	return db_finish(st, rc);
}

int store_board_people_count(struct db *db, int64_t activity_id, const char *scope, int64_t *count)
{
	return db_get_int(db, count, "SELECT coalesce(max(pos), 0) FROM people_board WHERE activity_id = ?1 AND scope = ?2",
	                  "it", activity_id, scope);
}

/* The competition rank of cumulative on a personal board into *rank: the
 * board is in place order with cumulative never increasing, so the first
 * place whose total is not above it is found by bisection (about 20 key
 * lookups for a million people), and that place's stored rank is the answer.
 * 0 when the board does not hold the value.  SQLITE_OK or the error. */
static int rank_on_board(struct db *db, int64_t activity_id, const char *scope, int64_t cumulative, int64_t *rank)
{
	int64_t lo = 1, hi;
	*rank = 0;
	int rc = store_board_people_count(db, activity_id, scope, &hi);
	while (rc == SQLITE_OK && lo <= hi) {
		int64_t mid = lo + (hi - lo) / 2;
		sqlite3_stmt *st;
		rc = db_row(db, &st, "SELECT cumulative, rank FROM people_board WHERE activity_id = ?1 AND scope = ?2 AND pos = ?3",
		            "iti", activity_id, scope, mid);
		if (rc == DB_NOTFOUND) {
			*rank = 0;   /* a gap in the places: "not on the board", like any value it lacks */
			return SQLITE_OK;
		}
		if (rc != SQLITE_ROW)
			return rc;
		int64_t at = sqlite3_column_int64(st, 0), at_rank = sqlite3_column_int64(st, 1);
		rc = db_finish(st, rc);
		if (at <= cumulative) {
			if (at == cumulative)
				*rank = at_rank;
			hi = mid - 1;
		} else {
			lo = mid + 1;
		}
	}
	return rc;
}

int store_user_standing(struct db *db, int64_t activity_id, int64_t user_id, struct user_standing *out)
{
	char union_code[UNION_CODE_SIZE];
	sqlite3_stmt *st;
	int rc = db_row(db, &st, "SELECT cumulative, as_of, union_code FROM user_totals "
	                         "WHERE activity_id = ?1 AND user_id = ?2", "ii", activity_id, user_id);
	if (rc != SQLITE_ROW)
		return rc;
	out->cumulative = sqlite3_column_int64(st, 0);
	snprintf(out->as_of, sizeof out->as_of, "%s", sqlite3_column_text(st, 1));
	snprintf(union_code, sizeof union_code, "%s", sqlite3_column_text(st, 2));
	rc = db_finish(st, rc);
	if (rc == SQLITE_OK)
		rc = rank_on_board(db, activity_id, "province", out->cumulative, &out->rank_province);
	if (rc == SQLITE_OK)
		rc = rank_on_board(db, activity_id, union_code, out->cumulative, &out->rank_union);
	return rc;
}

int store_team_compliant_days(struct db *db, int64_t activity_id, int64_t team_id, int64_t *days)
{
	int rc = db_get_int(db, days, "SELECT compliant_days FROM team_totals WHERE activity_id = ?1 AND team_id = ?2",
	                    "ii", activity_id, team_id);
	if (rc == DB_NOTFOUND)
		*days = 0;   /* not settled yet */
	return rc == DB_NOTFOUND ? SQLITE_OK : rc;
}
