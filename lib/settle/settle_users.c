/* Phase 1: every enrolled user's day — step points, the personal target
 * point, the running total (RULES §2, §4). */
#include "settle_internal.h"

#include "db.h"
#include "validate.h"
#include "store_ledger.h"

#include <stdio.h>
#include <stdlib.h>

int settle_award(struct settle_run *run, int64_t user_id, enum rules_ledger_kind kind, int64_t amount)
{
	if (amount == 0)
		return SQLITE_OK;   /* a zero amount writes no row */
	bool inserted = false;
	int rc = store_ledger_award(run->db, run->a->id, user_id, kind, run->day_text, amount, run->now, &inserted);
	if (rc == SQLITE_OK && inserted)
		run->stats->awards++;
	return rc;
}

/* Phase 1 stages a chunk's results in two temporary tables and writes them
 * with one statement each: set-based writes cost a fraction of a statement
 * per row, which is what makes a million users fit in the budget. */
static const char stage_schema[] =
	"CREATE TEMP TABLE IF NOT EXISTS stage_awards (user_id INTEGER, kind TEXT, amount INTEGER);"
	"CREATE TEMP TABLE IF NOT EXISTS stage_counts (user_id INTEGER, union_code TEXT, counted INTEGER);"
	"DELETE FROM stage_awards; DELETE FROM stage_counts;";

static int stage_award(struct settle_run *run, int64_t user_id, enum rules_ledger_kind kind, int64_t amount)
{
	if (amount == 0)
		return SQLITE_OK;
	sqlite3_stmt *st = db_stmt(run->db, "INSERT INTO stage_awards (user_id, kind, amount) VALUES (?1, ?2, ?3)");
	if (!st)
		return SQLITE_ERROR;
	sqlite3_bind_int64(st, 1, user_id);
	sqlite3_bind_text(st, 2, rules_ledger_kind_name(kind), -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 3, amount);
	return db_run(run->db, st);
}

static int stage_count(struct settle_run *run, int64_t user_id, const char *union_code, int64_t counted)
{
	sqlite3_stmt *st = db_stmt(run->db, "INSERT INTO stage_counts (user_id, union_code, counted) VALUES (?1, ?2, ?3)");
	if (!st)
		return SQLITE_ERROR;
	sqlite3_bind_int64(st, 1, user_id);
	sqlite3_bind_text(st, 2, union_code, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(st, 3, counted);
	return db_run(run->db, st);
}

/* Writes the staged chunk: the awards (each natural key once), and the
 * running totals, which only move forward (as_of) and only when the day
 * counted something; a user seen the first time gets a row anyway. */
static int write_staged(struct settle_run *run)
{
	sqlite3_stmt *st = db_stmt(run->db, "INSERT INTO ledger (activity_id, user_id, kind, ref, amount, created_at) "
	                                    "SELECT ?1, user_id, kind, ?2, amount, ?3 FROM stage_awards WHERE true "
	                                    "ON CONFLICT (activity_id, user_id, kind, ref) DO NOTHING");
	if (!st)
		return SQLITE_ERROR;
	sqlite3_bind_int64(st, 1, run->a->id);
	sqlite3_bind_text(st, 2, run->day_text, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 3, run->now);
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return db_note_rc(run->db, rc);
	run->stats->awards += sqlite3_changes(db_handle(run->db));
	st = db_stmt(run->db, "INSERT INTO user_totals (activity_id, user_id, union_code, cumulative, as_of) "
	                      "SELECT ?1, user_id, union_code, counted, ?2 FROM stage_counts WHERE true "
	                      "ON CONFLICT (activity_id, user_id) DO UPDATE SET "
	                      "cumulative = cumulative + excluded.cumulative, as_of = excluded.as_of,"
	                      " union_code = excluded.union_code "
	                      "WHERE user_totals.as_of < excluded.as_of AND excluded.cumulative > 0");
	if (!st)
		return SQLITE_ERROR;
	sqlite3_bind_int64(st, 1, run->a->id);
	sqlite3_bind_text(st, 2, run->day_text, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? SQLITE_OK : db_note_rc(run->db, rc);
}

static void remember_count(struct settle_run *run, int64_t user_id, int64_t counted)
{
	settle_grow((void **)&run->counts, &run->counts_cap, run->ncounts, sizeof *run->counts);
	run->counts[run->ncounts++] = (struct day_count){ user_id, counted };
}

/* One chunk of users after `after`, in its own transaction.  *last gets the
 * last user id seen; *n the number of users. */
static int settle_chunk(struct settle_run *run, int64_t after, int64_t *last, int *n)
{
	*n = 0;
	int rc = db_begin_write(run->db);
	if (rc == SQLITE_OK)
		rc = db_exec(run->db, stage_schema);
	if (rc != SQLITE_OK) {
		db_rollback(run->db);
		return rc;
	}
	sqlite3_stmt *st = db_stmt(run->db,
		"SELECT e.user_id, e.union_code, coalesce(d.raw_steps, 0), coalesce(d.settled, 0) "
		"FROM enrollments e LEFT JOIN daily_steps d "
		" ON d.activity_id = e.activity_id AND d.user_id = e.user_id AND d.day = ?2 "
		"WHERE e.activity_id = ?1 AND e.user_id > ?3 ORDER BY e.user_id LIMIT ?4");
	if (!st) {
		db_rollback(run->db);
		return SQLITE_ERROR;
	}
	sqlite3_bind_int64(st, 1, run->a->id);
	sqlite3_bind_text(st, 2, run->day_text, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 3, after);
	sqlite3_bind_int(st, 4, SETTLE_CHUNK);
	/* Read the chunk first: its rows are written to other tables meanwhile. */
	struct row { int64_t user_id, raw; int settled; char union_code[UNION_CODE_SIZE]; };
	struct row *rows = malloc(SETTLE_CHUNK * sizeof *rows);
	if (!rows)
		abort();
	while ((rc = sqlite3_step(st)) == SQLITE_ROW && *n < SETTLE_CHUNK) {
		struct row *r = &rows[*n];
		r->user_id = sqlite3_column_int64(st, 0);
		snprintf(r->union_code, sizeof r->union_code, "%s", sqlite3_column_text(st, 1));
		r->raw = sqlite3_column_int64(st, 2);
		r->settled = sqlite3_column_int(st, 3);
		(*n)++;
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE && rc != SQLITE_ROW) {
		free(rows);
		db_rollback(run->db);
		return db_note_rc(run->db, rc);
	}
	rc = SQLITE_OK;
	for (int i = 0; i < *n && rc == SQLITE_OK; i++) {
		const struct row *r = &rows[i];
		const struct day_team *team = settle_team_of(run, r->user_id);
		int64_t member_target = team ? team->targets.member_target : run->r->member_target;
		struct rules_day_award award;
		/* The team point is phase 2's: it depends on the other members. */
		rules_settle_user_day(run->r, run->day, r->raw, r->settled != 0, member_target, false, &award);
		rc = stage_award(run, r->user_id, RULES_LEDGER_STEPS, award.steps);
		if (rc == SQLITE_OK)
			rc = stage_award(run, r->user_id, RULES_LEDGER_PERSONAL_TARGET, award.personal_target);
		if (rc == SQLITE_OK)
			rc = stage_count(run, r->user_id, r->union_code, award.counted);
		if (award.counted > 0)
			remember_count(run, r->user_id, award.counted);
		*last = r->user_id;
	}
	free(rows);
	if (rc == SQLITE_OK)
		rc = write_staged(run);
	if (rc == SQLITE_OK)
		rc = settle_commit(run);
	if (rc != SQLITE_OK)
		db_rollback(run->db);
	return rc;
}

int settle_users(struct settle_run *run)
{
	int64_t after = 0;
	int n;
	do {
		int rc = settle_chunk(run, after, &after, &n);
		if (rc != SQLITE_OK)
			return rc;
		run->stats->users += n;
	} while (n == SETTLE_CHUNK);
	return SQLITE_OK;
}
