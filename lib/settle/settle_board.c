/* Phase 3: the team board and the personal ranks of the settled day (RULES §6). */
#include "settle_internal.h"

#include "db.h"
#include "validate.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---------------------------------------------------------------- team board */

struct board_row {
	struct rules_team_standing standing;   /* first: rules_team_standing_cmp sorts these */
	char name[96];
};

static int load_standings(struct settle_run *run, struct board_row **out, size_t *n)
{
	sqlite3_stmt *st = db_stmt(run->db,
		"SELECT t.id, t.created_at, t.name, coalesce(tt.compliant_days, 0), coalesce(tt.team_steps, 0),"
		" (SELECT count(*) FROM team_members m WHERE m.team_id = t.id AND m.left_at IS NULL) "
		"FROM teams t LEFT JOIN team_totals tt ON tt.activity_id = t.activity_id AND tt.team_id = t.id "
		"WHERE t.activity_id = ?1");
	if (!st)
		return SQLITE_ERROR;
	sqlite3_bind_int64(st, 1, run->a->id);
	size_t cap = 0;
	struct board_row *rows = NULL;
	*n = 0;
	int rc;
	settle_grow((void **)&rows, &cap, 0, sizeof *rows);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		settle_grow((void **)&rows, &cap, *n, sizeof *rows);
		struct board_row *r = &rows[(*n)++];
		r->standing = (struct rules_team_standing){
			.team_id = sqlite3_column_int64(st, 0),
			.created_at = sqlite3_column_int64(st, 1),
			.compliant_days = sqlite3_column_int(st, 3),
			.team_steps = sqlite3_column_int64(st, 4),
			.member_count = sqlite3_column_int(st, 5),
		};
		snprintf(r->name, sizeof r->name, "%s", sqlite3_column_text(st, 2));
	}
	sqlite3_reset(st);
	*out = rows;
	return rc == SQLITE_DONE ? SQLITE_OK : db_note_rc(run->db, rc);
}

static int insert_board(struct settle_run *run, const struct board_row *rows, size_t n)
{
	for (size_t start = 0; start < n; start += SETTLE_CHUNK) {
		int rc = db_begin_write(run->db);
		size_t end = start + SETTLE_CHUNK < n ? start + SETTLE_CHUNK : n;
		sqlite3_stmt *st = db_stmt(run->db, "INSERT OR REPLACE INTO team_board (activity_id, as_of, rank, team_id,"
		                                    " name, members, compliant_days, team_steps, per_capita) "
		                                    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)");
		for (size_t i = start; i < end && rc == SQLITE_OK && st; i++) {
			const struct rules_team_standing *s = &rows[i].standing;
			sqlite3_bind_int64(st, 1, run->a->id);
			sqlite3_bind_text(st, 2, run->day_text, -1, SQLITE_STATIC);
			sqlite3_bind_int64(st, 3, (int64_t)i + 1);
			sqlite3_bind_int64(st, 4, s->team_id);
			sqlite3_bind_text(st, 5, rows[i].name, -1, SQLITE_STATIC);
			sqlite3_bind_int(st, 6, s->member_count);
			sqlite3_bind_int(st, 7, s->compliant_days);
			sqlite3_bind_int64(st, 8, s->team_steps);
			sqlite3_bind_int64(st, 9, rules_per_capita(s->team_steps, s->member_count));
			int step = sqlite3_step(st);
			sqlite3_reset(st);
			if (step != SQLITE_DONE)
				rc = db_note_rc(run->db, step);
		}
		if (!st)
			rc = SQLITE_ERROR;
		if (rc == SQLITE_OK)
			rc = settle_commit(run);
		if (rc != SQLITE_OK) {
			db_rollback(run->db);
			return rc;
		}
	}
	return SQLITE_OK;
}

/* The oldest non-final board before the settled day, if any. */
static bool next_old_board(struct settle_run *run, char as_of[CAL_DAY_BUF], int64_t *teams)
{
	sqlite3_stmt *st = db_stmt(run->db, "SELECT as_of, teams FROM boards WHERE activity_id = ?1 AND final = 0 "
	                                    "AND as_of < ?2 ORDER BY as_of LIMIT 1");
	if (!st)
		return false;
	sqlite3_bind_int64(st, 1, run->a->id);
	sqlite3_bind_text(st, 2, run->day_text, -1, SQLITE_STATIC);
	bool found = sqlite3_step(st) == SQLITE_ROW;
	if (found) {
		snprintf(as_of, CAL_DAY_BUF, "%s", sqlite3_column_text(st, 0));
		*teams = sqlite3_column_int64(st, 1);
	}
	sqlite3_reset(st);
	return found;
}

/* Publishes the board (boards row: readers switch to it at once), then drops
 * the previous non-final snapshots chunk by chunk. */
static int publish_board(struct settle_run *run, size_t nteams, bool final)
{
	int rc = db_begin_write(run->db);
	sqlite3_stmt *st = db_stmt(run->db, "INSERT OR REPLACE INTO boards (activity_id, as_of, final, teams, people,"
	                                    " created_at) VALUES (?1, ?2, ?3, ?4,"
	                                    " (SELECT count(*) FROM user_totals WHERE activity_id = ?1), ?5)");
	if (rc == SQLITE_OK && st) {
		sqlite3_bind_int64(st, 1, run->a->id);
		sqlite3_bind_text(st, 2, run->day_text, -1, SQLITE_STATIC);
		sqlite3_bind_int(st, 3, final);
		sqlite3_bind_int64(st, 4, (int64_t)nteams);
		sqlite3_bind_int64(st, 5, run->now);
		int step = sqlite3_step(st);
		sqlite3_reset(st);
		rc = step == SQLITE_DONE ? SQLITE_OK : db_note_rc(run->db, step);
	} else if (!st) {
		rc = SQLITE_ERROR;
	}
	if (rc == SQLITE_OK)
		rc = settle_commit(run);
	if (rc != SQLITE_OK) {
		db_rollback(run->db);
		return rc;
	}
	/* Older boards go, except a final one: their rows in rank ranges of a chunk,
	 * then their boards row. */
	char old[CAL_DAY_BUF];
	int64_t old_teams;
	while (next_old_board(run, old, &old_teams)) {
		for (int64_t lo = 0; lo <= old_teams; lo += SETTLE_CHUNK) {
			rc = db_begin_write(run->db);
			st = db_stmt(run->db, "DELETE FROM team_board WHERE activity_id = ?1 AND as_of = ?2 "
			                      "AND rank > ?3 AND rank <= ?4");
			if (rc == SQLITE_OK && st) {
				sqlite3_bind_int64(st, 1, run->a->id);
				sqlite3_bind_text(st, 2, old, -1, SQLITE_TRANSIENT);
				sqlite3_bind_int64(st, 3, lo);
				sqlite3_bind_int64(st, 4, lo + SETTLE_CHUNK);
				int step = sqlite3_step(st);
				sqlite3_reset(st);
				rc = step == SQLITE_DONE ? SQLITE_OK : db_note_rc(run->db, step);
			} else if (!st) {
				rc = SQLITE_ERROR;
			}
			if (rc == SQLITE_OK)
				rc = settle_commit(run);
			if (rc != SQLITE_OK) {
				db_rollback(run->db);
				return rc;
			}
		}
		st = db_stmt(run->db, "DELETE FROM boards WHERE activity_id = ?1 AND as_of = ?2");
		if (!st)
			return SQLITE_ERROR;
		sqlite3_bind_int64(st, 1, run->a->id);
		sqlite3_bind_text(st, 2, old, -1, SQLITE_TRANSIENT);
		int step = sqlite3_step(st);
		sqlite3_reset(st);
		if (step != SQLITE_DONE)
			return db_note_rc(run->db, step);
	}
	return SQLITE_OK;
}

int settle_board(struct settle_run *run, bool final)
{
	struct board_row *rows = NULL;
	size_t n = 0;
	int rc = load_standings(run, &rows, &n);
	if (rc == SQLITE_OK) {
		qsort(rows, n, sizeof *rows, rules_team_standing_cmp);
		rc = insert_board(run, rows, n);
	}
	if (rc == SQLITE_OK)
		rc = publish_board(run, n, final);
	free(rows);
	return rc;
}

/* ---------------------------------------------------------------- personal ranks */

struct person {
	int64_t user_id, cumulative, province, in_union, in_union_pos;
	char union_code[UNION_CODE_SIZE];
};

static int by_cumulative(const void *a, const void *b)
{
	const struct person *x = a, *y = b;
	if (x->cumulative != y->cumulative)
		return x->cumulative < y->cumulative ? 1 : -1;
	return (x->user_id > y->user_id) - (x->user_id < y->user_id);
}

static int by_union_then_cumulative(const void *a, const void *b)
{
	const struct person *x = a, *y = b;
	int c = strcmp(x->union_code, y->union_code);
	return c ? c : by_cumulative(a, b);
}

/* Competition ranks (rules_competition_ranks) of people[0..n) sorted by
 * cumulative descending, into the field chosen by province. */
static void rank_group(struct person *people, size_t n, int64_t *values, int64_t *ranks, bool province)
{
	for (size_t i = 0; i < n; i++)
		values[i] = people[i].cumulative;
	rules_competition_ranks(values, n, ranks);
	for (size_t i = 0; i < n; i++) {
		if (province)
			people[i].province = ranks[i];
		else
			people[i].in_union = ranks[i];
	}
}

static int load_people(struct settle_run *run, struct person **out, size_t *n)
{
	sqlite3_stmt *st = db_stmt(run->db, "SELECT user_id, cumulative, union_code FROM user_totals WHERE activity_id = ?1");
	if (!st)
		return SQLITE_ERROR;
	sqlite3_bind_int64(st, 1, run->a->id);
	size_t cap = 0;
	struct person *p = NULL;
	*n = 0;
	int rc;
	settle_grow((void **)&p, &cap, 0, sizeof *p);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		settle_grow((void **)&p, &cap, *n, sizeof *p);
		struct person *x = &p[(*n)++];
		x->user_id = sqlite3_column_int64(st, 0);
		x->cumulative = sqlite3_column_int64(st, 1);
		snprintf(x->union_code, sizeof x->union_code, "%s", sqlite3_column_text(st, 2));
	}
	sqlite3_reset(st);
	*out = p;
	return rc == SQLITE_DONE ? SQLITE_OK : db_note_rc(run->db, rc);
}

/* The personal boards are written a chunk at a time: the chunk's rows are
 * staged in a temporary table, then written with one statement. */
static int write_board_chunk(struct settle_run *run, const struct person *people, size_t start, size_t end,
                             bool province)
{
	int rc = db_exec(run->db, "CREATE TEMP TABLE IF NOT EXISTS stage_board (scope TEXT, pos INTEGER,"
	                          " user_id INTEGER, rank INTEGER, cumulative INTEGER); DELETE FROM stage_board;");
	sqlite3_stmt *st = db_stmt(run->db, "INSERT INTO stage_board (scope, pos, user_id, rank, cumulative) "
	                                    "VALUES (?1, ?2, ?3, ?4, ?5)");
	for (size_t i = start; i < end && rc == SQLITE_OK && st; i++) {
		const struct person *x = &people[i];
		sqlite3_bind_text(st, 1, province ? "province" : x->union_code, -1, SQLITE_STATIC);
		sqlite3_bind_int64(st, 2, province ? (int64_t)i + 1 : x->in_union_pos);
		sqlite3_bind_int64(st, 3, x->user_id);
		sqlite3_bind_int64(st, 4, province ? x->province : x->in_union);
		sqlite3_bind_int64(st, 5, x->cumulative);
		int step = sqlite3_step(st);
		sqlite3_reset(st);
		if (step != SQLITE_DONE)
			rc = db_note_rc(run->db, step);
	}
	if (!st)
		rc = SQLITE_ERROR;
	st = rc == SQLITE_OK ? db_stmt(run->db, "INSERT INTO people_board (activity_id, scope, pos, user_id, rank, cumulative) "
	                                        "SELECT ?1, scope, pos, user_id, rank, cumulative FROM stage_board WHERE true "
	                                        "ON CONFLICT (activity_id, scope, pos) DO UPDATE SET user_id = excluded.user_id,"
	                                        " rank = excluded.rank, cumulative = excluded.cumulative") : NULL;
	if (st) {
		sqlite3_bind_int64(st, 1, run->a->id);
		int step = sqlite3_step(st);
		sqlite3_reset(st);
		rc = step == SQLITE_DONE ? SQLITE_OK : db_note_rc(run->db, step);
	}
	return rc;
}

static int write_board(struct settle_run *run, const struct person *people, size_t n, bool province)
{
	for (size_t start = 0; start < n; start += SETTLE_CHUNK) {
		size_t end = start + SETTLE_CHUNK < n ? start + SETTLE_CHUNK : n;
		int rc = db_begin_write(run->db);
		if (rc == SQLITE_OK)
			rc = write_board_chunk(run, people, start, end, province);
		if (rc == SQLITE_OK)
			rc = settle_commit(run);
		if (rc != SQLITE_OK) {
			db_rollback(run->db);
			return rc;
		}
	}
	return SQLITE_OK;
}

/* Rows past the end of the new lists (someone left a union's list) go. */
static int trim_board(struct settle_run *run, const char *scope, int64_t count)
{
	int rc = db_begin_write(run->db);
	sqlite3_stmt *st = db_stmt(run->db, "DELETE FROM people_board WHERE activity_id = ?1 AND scope = ?2 AND pos > ?3");
	if (rc == SQLITE_OK && st) {
		sqlite3_bind_int64(st, 1, run->a->id);
		sqlite3_bind_text(st, 2, scope, -1, SQLITE_TRANSIENT);
		sqlite3_bind_int64(st, 3, count);
		rc = sqlite3_step(st) == SQLITE_DONE ? SQLITE_OK : SQLITE_ERROR;
		sqlite3_reset(st);
	} else if (!st) {
		rc = SQLITE_ERROR;
	}
	if (rc == SQLITE_OK)
		rc = settle_commit(run);
	if (rc != SQLITE_OK)
		db_rollback(run->db);
	return rc;
}

int settle_ranks(struct settle_run *run)
{
	struct person *people = NULL;
	size_t n = 0;
	int rc = load_people(run, &people, &n);
	int64_t *values = malloc((n + 1) * sizeof *values), *ranks = malloc((n + 1) * sizeof *ranks);
	if (!values || !ranks)
		abort();
	/* The province's list. */
	if (rc == SQLITE_OK) {
		qsort(people, n, sizeof *people, by_cumulative);
		rank_group(people, n, values, ranks, true);
		rc = write_board(run, people, n, true);
	}
	if (rc == SQLITE_OK)
		rc = trim_board(run, "province", (int64_t)n);
	/* Each union's list. */
	if (rc == SQLITE_OK) {
		qsort(people, n, sizeof *people, by_union_then_cumulative);
		for (size_t start = 0, end; start < n && rc == SQLITE_OK; start = end) {
			for (end = start + 1; end < n && strcmp(people[end].union_code, people[start].union_code) == 0; end++)
				;
			rank_group(people + start, end - start, values, ranks, false);
			for (size_t i = start; i < end; i++)
				people[i].in_union_pos = (int64_t)(i - start) + 1;
			rc = trim_board(run, people[start].union_code, (int64_t)(end - start));
		}
		if (rc == SQLITE_OK)
			rc = write_board(run, people, n, false);
	}
	free(values);
	free(ranks);
	free(people);
	return rc;
}
