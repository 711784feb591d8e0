/* The nightly settlement: order, records and the phases (settle.h). */
#include "settle_internal.h"

#include "clock.h"
#include "db.h"
#include "log.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static void progress(const struct settle_run *run, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void progress(const struct settle_run *run, const char *fmt, ...)
{
	if (!run->log)
		return;
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	va_list ap;
	va_start(ap, fmt);
	fprintf(run->log, "settle %s [%.3f]: ", run->day_text, (double)t.tv_sec + (double)t.tv_nsec / 1e9);
	vfprintf(run->log, fmt, ap);
	fputc('\n', run->log);
	fflush(run->log);
	va_end(ap);
}

/* Whether sql (parameters: ?1 the activity, ?2 an optional text) finds a row. */
static bool exists(struct db *db, const char *sql, int64_t activity_id, const char *text)
{
	sqlite3_stmt *st = db_stmt(db, sql);
	if (!st)
		return false;
	sqlite3_bind_int64(st, 1, activity_id);
	if (text)
		sqlite3_bind_text(st, 2, text, -1, SQLITE_TRANSIENT);
	bool found = sqlite3_step(st) == SQLITE_ROW;
	sqlite3_reset(st);
	return found;
}

static bool day_settled(struct db *db, int64_t activity_id, const char *day_text)
{
	return exists(db, "SELECT 1 FROM settled_days WHERE activity_id = ?1 AND day = ?2", activity_id, day_text);
}

static bool golive_done(struct db *db, int64_t activity_id)
{
	return exists(db, "SELECT 1 FROM golive WHERE activity_id = ?1", activity_id, NULL);
}

static bool final_board_exists(struct db *db, int64_t activity_id)
{
	return exists(db, "SELECT 1 FROM boards WHERE activity_id = ?1 AND final = 1", activity_id, NULL);
}

/* The first day that needs settling: test days count only until go-live. */
static int32_t first_settle_day(struct db *db, const struct activity *a, int64_t now)
{
	const struct activity_rules *r = &a->rules;
	bool test_period = r->test_to >= r->test_from;
	if (test_period && !rules_first_day_begun(r, now) && !golive_done(db, a->id))
		return r->test_from;
	return r->first_day;
}

int settle_pending_days(struct db *db, const struct activity *a, int64_t now, int32_t *days, int max, int *n)
{
	const struct activity_rules *r = &a->rules;
	int32_t yesterday = cal_day_of(now) - 1;
	int32_t last = yesterday < r->last_day ? yesterday : r->last_day;
	*n = 0;
	for (int32_t d = first_settle_day(db, a, now); d <= last && *n < max; d++) {
		char text[CAL_DAY_BUF];
		cal_format_day(d, text, sizeof text);
		if (rules_is_scoring_day(r, d) && !day_settled(db, a->id, text))
			days[(*n)++] = d;
	}
	return SQLITE_OK;
}

static int64_t start_run(struct db *db, int64_t activity_id, const char *day_text, int64_t now)
{
	int64_t id = 0;
	sqlite3_stmt *st = db_stmt(db, "INSERT INTO settle_runs (activity_id, day, started_at) VALUES (?1, ?2, ?3) "
	                               "RETURNING id");
	if (st) {
		sqlite3_bind_int64(st, 1, activity_id);
		sqlite3_bind_text(st, 2, day_text, -1, SQLITE_TRANSIENT);
		sqlite3_bind_int64(st, 3, now);
		if (sqlite3_step(st) == SQLITE_ROW)
			id = sqlite3_column_int64(st, 0);
		sqlite3_reset(st);
	}
	return id;
}

static int finish_run(struct settle_run *run, const char *outcome, bool settled)
{
	int rc = db_begin_write(run->db);
	sqlite3_stmt *st = db_stmt(run->db, "UPDATE settle_runs SET finished_at = ?2, users = ?3, teams = ?4,"
	                                    " awards = ?5, outcome = ?6 WHERE id = ?1");
	if (rc == SQLITE_OK && st) {
		sqlite3_bind_int64(st, 1, run->stats->run_id);
		sqlite3_bind_int64(st, 2, clock_now());   /* the clock the run started by */
		sqlite3_bind_int64(st, 3, run->stats->users);
		sqlite3_bind_int64(st, 4, run->stats->teams);
		sqlite3_bind_int64(st, 5, run->stats->awards);
		sqlite3_bind_text(st, 6, outcome, -1, SQLITE_STATIC);
		rc = sqlite3_step(st) == SQLITE_DONE ? SQLITE_OK : SQLITE_ERROR;
		sqlite3_reset(st);
	}
	st = settled ? db_stmt(run->db, "INSERT OR IGNORE INTO settled_days (activity_id, day, run_id) VALUES (?1, ?2, ?3)")
	             : NULL;
	if (rc == SQLITE_OK && st) {
		sqlite3_bind_int64(st, 1, run->a->id);
		sqlite3_bind_text(st, 2, run->day_text, -1, SQLITE_STATIC);
		sqlite3_bind_int64(st, 3, run->stats->run_id);
		rc = sqlite3_step(st) == SQLITE_DONE ? SQLITE_OK : SQLITE_ERROR;
		sqlite3_reset(st);
	}
	if (rc == SQLITE_OK)
		rc = db_commit(run->db);
	if (rc != SQLITE_OK)
		db_rollback(run->db);
	return rc;
}

int settle_commit(struct settle_run *run)
{
	int rc = db_commit(run->db);
	struct timespec pause = { 0, 3 * 1000 * 1000 };
	nanosleep(&pause, NULL);
	return rc;
}

static double seconds_since(const struct timespec *t0)
{
	struct timespec t1;
	clock_gettime(CLOCK_MONOTONIC, &t1);
	return (double)(t1.tv_sec - t0->tv_sec) + (double)(t1.tv_nsec - t0->tv_nsec) / 1e9;
}

/* The phases, in order; each commits its own chunks. */
static int run_phases(struct settle_run *run)
{
	const struct activity_rules *r = run->r;
	int rc = settle_load_teams(run);
	if (rc == SQLITE_OK) {
		progress(run, "%zu teams with %zu members", run->nteams, run->nmembers);
		rc = settle_users(run);
	}
	if (rc == SQLITE_OK) {
		progress(run, "%lld users, %lld awards", (long long)run->stats->users, (long long)run->stats->awards);
		rc = settle_teams(run);
	}
	if (rc != SQLITE_OK)
		return rc;
	progress(run, "%lld teams, %lld met their target", (long long)run->stats->teams,
	         (long long)run->stats->teams_met);
	/* The board covers days up to the one before board_freeze_at's day; the
	 * board of that last day is final and nothing replaces it. */
	int32_t final_day = cal_day_of(r->board_freeze_at) - 1;
	if (run->day <= final_day && !final_board_exists(run->db, run->a->id)) {
		bool final = run->day == final_day;
		rc = settle_board(run, final);
		run->stats->board = rc == SQLITE_OK;
		run->stats->final_board = final && rc == SQLITE_OK;
	}
	if (rc == SQLITE_OK) {
		progress(run, run->stats->board ? "board made" : "board frozen: none made");
		rc = settle_ranks(run);
	}
	return rc;
}

static enum settle_result refuse(char *reason, size_t size, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

static enum settle_result refuse(char *reason, size_t size, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(reason, size, fmt, ap);
	va_end(ap);
	return SETTLE_REFUSED;
}

enum settle_result settle_day(struct db *db, const struct activity *a, int32_t day, int64_t now,
                              struct settle_stats *stats, FILE *log, char *reason, size_t reason_size)
{
	memset(stats, 0, sizeof *stats);
	struct settle_run run = { .db = db, .a = a, .r = &a->rules, .day = day, .now = now, .log = log,
	                          .stats = stats };
	cal_format_day(day, run.day_text, sizeof run.day_text);
	/* The first settlement after go-live wipes the public test first (RULES §10). */
	bool has_test = run.r->test_to >= run.r->test_from, golive = false;
	if (has_test && rules_first_day_begun(run.r, now) && !golive_done(db, a->id)) {
		if (settle_golive(db, a, now, &golive, reason, reason_size) != 0)
			return SETTLE_FAILED;
		progress(&run, "go-live: the public test's data was wiped");
	}
	if (!cal_day_is_over(day, now))
		return refuse(reason, reason_size, "%s is not over yet", run.day_text);
	if (!rules_is_scoring_day(run.r, day))
		return refuse(reason, reason_size, "%s is not a day of activity %lld", run.day_text, (long long)a->id);
	if (rules_first_day_begun(run.r, now) && day < run.r->first_day && golive_done(db, a->id))
		return refuse(reason, reason_size, "%s is a public-test day, wiped at go-live", run.day_text);
	if (day_settled(db, a->id, run.day_text)) {
		stats->skipped = true;
		progress(&run, "settled before: nothing to do");
		return SETTLE_OK;
	}
	int32_t pending[8];
	int npending = 0;
	settle_pending_days(db, a, now, pending, 8, &npending);
	if (npending > 0 && pending[0] < day) {
		char first[CAL_DAY_BUF];
		cal_format_day(pending[0], first, sizeof first);
		return refuse(reason, reason_size, "%s is not settled yet: days are settled in order", first);
	}
	struct timespec t0;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	stats->run_id = start_run(db, a->id, run.day_text, now);
	int rc = stats->run_id ? run_phases(&run) : SQLITE_ERROR;
	stats->seconds = seconds_since(&t0);
	if (rc == SQLITE_OK)
		rc = finish_run(&run, "done", true);
	else
		finish_run(&run, "failed", false);
	settle_free_teams(&run);
	free(run.counts);
	if (rc != SQLITE_OK) {
		snprintf(reason, reason_size, "settling %s failed: %s", run.day_text, sqlite3_errmsg(db_handle(db)));
		log_error("%s", reason);
		return SETTLE_FAILED;
	}
	/* Fold the night's write-ahead log back into the database: a long WAL makes
	 * every page lookup of every request search more of its index. */
	db_exec(db, "PRAGMA wal_checkpoint(TRUNCATE)");
	progress(&run, "done in %.1f s", stats->seconds);
	return SETTLE_OK;
}
