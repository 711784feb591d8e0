/* The boards phase: the team board and the personal ranks of the settled day
 * (RULES §6). */
#include "settle_phases.h"

#include "db.h"
#include "store_fairplay.h"
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
	size_t cap = 0;
	*n = 0;
	settle_grow((void **)out, &cap, 0, sizeof **out);
	sqlite3_stmt *st;
	int rc = db_prepare(run->db, &st,
		"SELECT t.id, t.created_at, t.name, coalesce(tt.compliant_days, 0), coalesce(tt.team_steps, 0),"
		" (SELECT count(*) FROM team_members m WHERE m.team_id = t.id AND m.left_at IS NULL"
		"  AND NOT " FAIRPLAY_DISQUALIFIED_NOW("t.activity_id", "m.user_id") ") "
		"FROM teams t LEFT JOIN team_totals tt ON tt.activity_id = t.activity_id AND tt.team_id = t.id "
		"WHERE t.activity_id = ?1 AND t.dissolved_at IS NULL", "i", run->a->id);   /* schema 032 */
	if (rc != SQLITE_OK)
		return rc;
	while ((rc = db_step(run->db, st)) == SQLITE_ROW) {
		settle_grow((void **)out, &cap, *n, sizeof **out);
		struct board_row *r = &(*out)[(*n)++];
		r->standing = (struct rules_team_standing){
			.team_id = sqlite3_column_int64(st, 0),
			.created_at = sqlite3_column_int64(st, 1),
			.compliant_days = sqlite3_column_int(st, 3),
			.team_steps = sqlite3_column_int64(st, 4),
			.member_count = sqlite3_column_int(st, 5),
		};
		snprintf(r->name, sizeof r->name, "%s", sqlite3_column_text(st, 2));
	}
	return db_finish(st, rc);
}

static int insert_board_chunk(struct settle_run *run, size_t lo, size_t hi, void *arg)
{
	const struct board_row *rows = arg;
	int rc = SQLITE_OK;
	for (size_t i = lo; i < hi && rc == SQLITE_OK; i++) {
		const struct rules_team_standing *s = &rows[i].standing;
		rc = db_execf(run->db, "INSERT OR REPLACE INTO team_board (activity_id, as_of, rank, team_id, name, members,"
		                       " compliant_days, team_steps, per_capita) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
		              "itiitnnii", run->a->id, run->day_text, (int64_t)i + 1, s->team_id, rows[i].name,
		              s->member_count, s->compliant_days, s->team_steps,
		              rules_per_capita(s->team_steps, s->member_count));
	}
	return rc;
}

struct board_publication {
	size_t teams;
	bool final;
};

/* The boards row makes the board visible at once.  Rows ranked past its teams
 * are left by an earlier attempt at the same day that saw more teams. */
static int publish(struct settle_run *run, void *arg)
{
	const struct board_publication *p = arg;
	int rc = db_execf(run->db, "DELETE FROM team_board WHERE activity_id = ?1 AND as_of = ?2 AND rank > ?3", "iti",
	                  run->a->id, run->day_text, (int64_t)p->teams);
	if (rc != SQLITE_OK)
		return rc;
	return db_execf(run->db, "INSERT OR REPLACE INTO boards (activity_id, as_of, final, teams, people, created_at) "
	                         "VALUES (?1, ?2, ?3, ?4, (SELECT count(*) FROM user_totals u WHERE u.activity_id = ?1"
	                         " AND NOT " FAIRPLAY_DISQUALIFIED_NOW("?1", "u.user_id") "), ?5)",
	                "itnii", run->a->id, run->day_text, (int)p->final, (int64_t)p->teams, run->now);
}

/* The oldest non-final board before the settled day: SQLITE_OK with as_of and
 * *teams set, DB_NOTFOUND when there is none, or the error. */
static int next_old_board(struct settle_run *run, char as_of[CAL_DAY_BUF], int64_t *teams)
{
	sqlite3_stmt *st;
	int rc = db_row(run->db, &st, "SELECT as_of, teams FROM boards WHERE activity_id = ?1 AND final = 0 "
	                              "AND as_of < ?2 ORDER BY as_of LIMIT 1", "it", run->a->id, run->day_text);
	if (rc != SQLITE_ROW)
		return rc;
	snprintf(as_of, CAL_DAY_BUF, "%s", sqlite3_column_text(st, 0));
	*teams = sqlite3_column_int64(st, 1);
	return db_finish(st, rc);
}

static int drop_ranks_chunk(struct settle_run *run, size_t lo, size_t hi, void *arg)
{
	return db_execf(run->db, "DELETE FROM team_board WHERE activity_id = ?1 AND as_of = ?2 AND rank > ?3 AND rank <= ?4",
	                "itii", run->a->id, (const char *)arg, (int64_t)lo, (int64_t)hi);
}

/* What is left of an old board after its ranks went (rows past its count, if
 * an attempt left any), and its boards row. */
static int drop_board(struct settle_run *run, void *arg)
{
	const char *as_of = arg;
	int rc = db_execf(run->db, "DELETE FROM team_board WHERE activity_id = ?1 AND as_of = ?2", "it", run->a->id, as_of);
	if (rc == SQLITE_OK)
		rc = db_execf(run->db, "DELETE FROM boards WHERE activity_id = ?1 AND as_of = ?2", "it", run->a->id, as_of);
	return rc;
}

/* Publishes the board, then drops the previous non-final ones, a rank range
 * of a chunk at a time.  A final board is never dropped. */
static int publish_board(struct settle_run *run, size_t nteams, bool final)
{
	struct board_publication p = { nteams, final };
	int rc = settle_transaction(run, publish, &p);
	char old[CAL_DAY_BUF];
	int64_t old_teams = 0;
	while (rc == SQLITE_OK && (rc = next_old_board(run, old, &old_teams)) == SQLITE_OK) {
		rc = settle_chunks(run, (size_t)old_teams, drop_ranks_chunk, old);
		if (rc == SQLITE_OK)
			rc = settle_transaction(run, drop_board, old);
	}
	return rc == DB_NOTFOUND ? SQLITE_OK : rc;
}

int settle_board(struct settle_run *run, bool final)
{
	struct board_row *rows = NULL;
	size_t n = 0;
	int rc = load_standings(run, &rows, &n);
	if (rc == SQLITE_OK) {
		qsort(rows, n, sizeof *rows, rules_team_standing_cmp);
		rc = settle_chunks(run, n, insert_board_chunk, rows);
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
	size_t cap = 0;
	*n = 0;
	settle_grow((void **)out, &cap, 0, sizeof **out);
	sqlite3_stmt *st;
	/* The disqualified leave the boards (RULES §14). */
	int rc = db_prepare(run->db, &st, "SELECT u.user_id, u.cumulative, u.union_code FROM user_totals u"
	                                  " WHERE u.activity_id = ?1 AND NOT " FAIRPLAY_DISQUALIFIED_NOW("?1", "u.user_id"),
	                    "i", run->a->id);
	if (rc != SQLITE_OK)
		return rc;
	while ((rc = db_step(run->db, st)) == SQLITE_ROW) {
		settle_grow((void **)out, &cap, *n, sizeof **out);
		struct person *x = &(*out)[(*n)++];
		x->user_id = sqlite3_column_int64(st, 0);
		x->cumulative = sqlite3_column_int64(st, 1);
		snprintf(x->union_code, sizeof x->union_code, "%s", sqlite3_column_text(st, 2));
	}
	return db_finish(st, rc);
}

struct board_list {
	const struct person *people;
	bool province;   /* the province's list, else each person's union's */
};

/* The personal boards are written a chunk at a time: the chunk's rows are
 * staged in a temporary table, then written with one statement. */
static int write_board_chunk(struct settle_run *run, size_t lo, size_t hi, void *arg)
{
	const struct board_list *list = arg;
	int rc = db_exec(run->db, "CREATE TEMP TABLE IF NOT EXISTS stage_board (scope TEXT, pos INTEGER,"
	                          " user_id INTEGER, rank INTEGER, cumulative INTEGER); DELETE FROM stage_board;");
	for (size_t i = lo; i < hi && rc == SQLITE_OK; i++) {
		const struct person *x = &list->people[i];
		rc = db_execf(run->db, "INSERT INTO stage_board (scope, pos, user_id, rank, cumulative) VALUES (?1, ?2, ?3, ?4, ?5)",
		              "tiiii", list->province ? "province" : x->union_code,
		              list->province ? (int64_t)i + 1 : x->in_union_pos, x->user_id,
		              list->province ? x->province : x->in_union, x->cumulative);
	}
	if (rc != SQLITE_OK)
		return rc;
	return db_execf(run->db, "INSERT INTO people_board (activity_id, scope, pos, user_id, rank, cumulative) "
	                         "SELECT ?1, scope, pos, user_id, rank, cumulative FROM stage_board WHERE true "
	                         "ON CONFLICT (activity_id, scope, pos) DO UPDATE SET user_id = excluded.user_id,"
	                         " rank = excluded.rank, cumulative = excluded.cumulative", "i", run->a->id);
}

struct board_end {
	const char *scope;
	int64_t count;
};

/* Rows past the end of a new list (someone left a union's list) go. */
static int trim(struct settle_run *run, void *arg)
{
	const struct board_end *end = arg;
	return db_execf(run->db, "DELETE FROM people_board WHERE activity_id = ?1 AND scope = ?2 AND pos > ?3", "iti",
	                run->a->id, end->scope, end->count);
}

static int trim_board(struct settle_run *run, const char *scope, size_t count)
{
	struct board_end end = { scope, (int64_t)count };
	return settle_transaction(run, trim, &end);
}

/* A union's list with nobody left on it (its last ranked participant was
 * disqualified) goes whole: trim_board only sees the unions that have people. */
static int drop_empty_unions(struct settle_run *run, void *arg)
{
	(void)arg;
	return db_execf(run->db, "DELETE FROM people_board WHERE activity_id = ?1 AND scope <> 'province'"
	                         " AND scope NOT IN (SELECT u.union_code FROM user_totals u WHERE u.activity_id = ?1"
	                         " AND NOT " FAIRPLAY_DISQUALIFIED_NOW("?1", "u.user_id") ")", "i", run->a->id);
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
		rc = settle_chunks(run, n, write_board_chunk, &(struct board_list){ people, true });
	}
	if (rc == SQLITE_OK)
		rc = trim_board(run, "province", n);
	/* Each union's list. */
	if (rc == SQLITE_OK) {
		qsort(people, n, sizeof *people, by_union_then_cumulative);
		for (size_t start = 0, end; start < n && rc == SQLITE_OK; start = end) {
			for (end = start + 1; end < n && strcmp(people[end].union_code, people[start].union_code) == 0; end++)
				;
			rank_group(people + start, end - start, values, ranks, false);
			for (size_t i = start; i < end; i++)
				people[i].in_union_pos = (int64_t)(i - start) + 1;
			rc = trim_board(run, people[start].union_code, end - start);
		}
		if (rc == SQLITE_OK)
			rc = settle_chunks(run, n, write_board_chunk, &(struct board_list){ people, false });
		if (rc == SQLITE_OK)
			rc = settle_transaction(run, drop_empty_unions, NULL);
	}
	free(values);
	free(ranks);
	free(people);
	return rc;
}
