/* The users phase: every enrolled user's day — step points, the personal
 * target point, the running total (RULES §2, §4). */
#include "settle_phases.h"

#include "db.h"
#include "store_ledger.h"
#include "validate.h"

#include <stdio.h>
#include <stdlib.h>

/* A chunk's results are staged in two temporary tables (the awards'
 * store_ledger's) and written with one statement each: set-based writes cost
 * a fraction of a statement per row, which is what makes a million users fit
 * in the budget. */
static const char stage_schema[] =
	"CREATE TEMP TABLE IF NOT EXISTS stage_counts (user_id INTEGER, union_code TEXT, counted INTEGER);"
	"DELETE FROM stage_counts;";

static int stage_count(struct settle_run *run, int64_t user_id, const char *union_code, int64_t counted)
{
	return db_execf(run->db, "INSERT INTO stage_counts (user_id, union_code, counted) VALUES (?1, ?2, ?3)", "iti",
	                user_id, union_code, counted);
}

/* Writes the staged chunk: the awards (each natural key once), and the
 * running totals, which only move forward (as_of) and only when the day
 * counted something; a user seen the first time gets a row anyway. */
static int write_staged(struct settle_run *run)
{
	int64_t awarded = 0;
	int rc = store_ledger_award_staged(run->db, run->a->id, run->day, run->now, &awarded);
	if (rc != SQLITE_OK)
		return rc;
	run->stats->awards += awarded;
	return db_execf(run->db, "INSERT INTO user_totals (activity_id, user_id, union_code, cumulative, as_of) "
	                         "SELECT ?1, user_id, union_code, counted, ?2 FROM stage_counts WHERE true "
	                         "ON CONFLICT (activity_id, user_id) DO UPDATE SET "
	                         "cumulative = cumulative + excluded.cumulative, as_of = excluded.as_of,"
	                         " union_code = excluded.union_code "
	                         "WHERE user_totals.as_of < excluded.as_of AND excluded.cumulative > 0",
	                "it", run->a->id, run->day_text);
}

static void remember_count(struct settle_run *run, int64_t user_id, int64_t counted)
{
	settle_grow((void **)&run->counts, &run->counts_cap, run->ncounts, sizeof *run->counts);
	run->counts[run->ncounts++] = (struct day_count){ user_id, counted };
}

struct user_day {
	int64_t user_id, raw;
	int settled;
	char union_code[UNION_CODE_SIZE];
};

/* The chunk: up to SETTLE_CHUNK users after the last one settled. */
struct user_chunk {
	int64_t after;   /* in: the last user id of the previous chunk; out: of this one */
	int n;           /* out: users in the chunk */
	struct user_day *rows;
};

/* Reads the chunk first: its rows are written to other tables meanwhile. */
static int read_chunk(struct settle_run *run, struct user_chunk *c)
{
	sqlite3_stmt *st;
	int rc = db_prepare(run->db, &st,
		"SELECT e.user_id, e.union_code, coalesce(d.raw_steps, 0), coalesce(d.settled, 0) "
		"FROM enrollments e LEFT JOIN daily_steps d "
		" ON d.activity_id = e.activity_id AND d.user_id = e.user_id AND d.day = ?2 "
		"WHERE e.activity_id = ?1 AND e.user_id > ?3 ORDER BY e.user_id LIMIT ?4",
		"itin", run->a->id, run->day_text, c->after, (int)SETTLE_CHUNK);
	if (rc != SQLITE_OK)
		return rc;
	while (c->n < SETTLE_CHUNK && (rc = db_step(run->db, st)) == SQLITE_ROW) {
		struct user_day *r = &c->rows[c->n++];
		r->user_id = sqlite3_column_int64(st, 0);
		snprintf(r->union_code, sizeof r->union_code, "%s", sqlite3_column_text(st, 1));
		r->raw = sqlite3_column_int64(st, 2);
		r->settled = sqlite3_column_int(st, 3);
	}
	return db_finish(st, rc);
}

/* One chunk of users in one transaction (settle_transaction). */
static int settle_chunk(struct settle_run *run, void *arg)
{
	struct user_chunk *c = arg;
	c->n = 0;
	int rc = db_exec(run->db, stage_schema);
	if (rc == SQLITE_OK)
		rc = store_ledger_stage_clear(run->db);
	if (rc == SQLITE_OK)
		rc = read_chunk(run, c);
	for (int i = 0; i < c->n && rc == SQLITE_OK; i++) {
		const struct user_day *r = &c->rows[i];
		const struct day_team *team = settle_team_of(run, r->user_id);
		int64_t member_target = team ? team->targets.member_target : run->r->member_target;
		struct rules_day_award award;
		/* The team point is the teams phase's: it depends on the other members. */
		rules_settle_user_day(run->r, run->day, r->raw, r->settled != 0, member_target, false, &award);
		rc = store_ledger_stage(run->db, r->user_id, RULES_LEDGER_STEPS, award.steps);
		if (rc == SQLITE_OK)
			rc = store_ledger_stage(run->db, r->user_id, RULES_LEDGER_PERSONAL_TARGET, award.personal_target);
		if (rc == SQLITE_OK)
			rc = stage_count(run, r->user_id, r->union_code, award.counted);
		if (award.counted > 0)
			remember_count(run, r->user_id, award.counted);
	}
	if (rc == SQLITE_OK)
		rc = write_staged(run);
	if (rc == SQLITE_OK && c->n > 0)
		c->after = c->rows[c->n - 1].user_id;
	return rc;
}

int settle_users(struct settle_run *run)
{
	struct user_chunk c = { .rows = malloc(SETTLE_CHUNK * sizeof *c.rows) };
	if (!c.rows)
		abort();
	int rc;
	do {
		rc = settle_transaction(run, settle_chunk, &c);
		if (rc == SQLITE_OK)
			run->stats->users += c.n;
	} while (rc == SQLITE_OK && c.n == SETTLE_CHUNK);
	free(c.rows);
	return rc;
}
