/* Phase 1: every enrolled user's day — step points, the personal target
 * point, the running total (RULES §2, §4). */
#include "settle_internal.h"

#include "db.h"
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

static void remember_count(struct settle_run *run, int64_t user_id, int64_t counted)
{
	if (run->ncounts == run->counts_cap) {
		run->counts_cap = run->counts_cap ? run->counts_cap * 2 : 4096;
		struct day_count *p = realloc(run->counts, run->counts_cap * sizeof *p);
		if (!p)
			abort();
		run->counts = p;
	}
	run->counts[run->ncounts++] = (struct day_count){ user_id, counted };
}

/* Adds the day to the user's running total, once: as_of only moves forward. */
static int add_to_total(struct settle_run *run, int64_t user_id, const char *union_code, int64_t counted)
{
	sqlite3_stmt *st = counted > 0
		? db_stmt(run->db, "INSERT INTO user_totals (activity_id, user_id, union_code, cumulative, as_of) "
		                   "VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT (activity_id, user_id) DO UPDATE SET "
		                   "cumulative = cumulative + excluded.cumulative, as_of = excluded.as_of,"
		                   " union_code = excluded.union_code WHERE user_totals.as_of < excluded.as_of")
		: db_stmt(run->db, "INSERT INTO user_totals (activity_id, user_id, union_code, cumulative, as_of) "
		                   "VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT (activity_id, user_id) DO NOTHING");
	if (!st)
		return SQLITE_ERROR;
	sqlite3_bind_int64(st, 1, run->a->id);
	sqlite3_bind_int64(st, 2, user_id);
	sqlite3_bind_text(st, 3, union_code, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(st, 4, counted);
	sqlite3_bind_text(st, 5, run->day_text, -1, SQLITE_STATIC);
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? SQLITE_OK : db_note_rc(run->db, rc);
}

/* One chunk of users after `after`, in its own transaction.  *last gets the
 * last user id seen; *n the number of users. */
static int settle_chunk(struct settle_run *run, int64_t after, int64_t *last, int *n)
{
	*n = 0;
	int rc = db_begin_write(run->db);
	if (rc != SQLITE_OK)
		return rc;
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
	struct row { int64_t user_id, raw; int settled; char union_code[16]; } rows[SETTLE_CHUNK];
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
		rc = settle_award(run, r->user_id, RULES_LEDGER_STEPS, award.steps);
		if (rc == SQLITE_OK)
			rc = settle_award(run, r->user_id, RULES_LEDGER_PERSONAL_TARGET, award.personal_target);
		if (rc == SQLITE_OK)
			rc = add_to_total(run, r->user_id, r->union_code, award.counted);
		if (award.counted > 0)
			remember_count(run, r->user_id, award.counted);
		*last = r->user_id;
	}
	if (rc == SQLITE_OK)
		rc = db_commit(run->db);
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
