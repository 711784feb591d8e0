/* The nightly settlement: the order of a run (settle.h).  The phases and the
 * run's books are below this file; nothing calls back up into it. */
#include "settle_phases.h"
#include "settle_badges.h"

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

static int day_settled(struct db *db, int64_t activity_id, const char *day_text, bool *settled)
{
	return db_exists(db, settled, "SELECT 1 FROM settled_days WHERE activity_id = ?1 AND day = ?2", "it",
	                 activity_id, day_text);
}

/* The first day that may need settling: test days only until first_day
 * begins (and never again after go-live, even on a clock moved back). */
static int first_settle_day(struct db *db, const struct activity *a, int64_t now, int32_t *first)
{
	const struct activity_rules *r = &a->rules;
	*first = r->first_day;
	if (r->test_to < r->test_from || rules_first_day_begun(r, now))
		return SQLITE_OK;
	bool golive = false;
	int rc = settle_golive_done(db, a->id, &golive);
	if (rc == SQLITE_OK && !golive)
		*first = r->test_from;
	return rc;
}

int settle_pending_days(struct db *db, const struct activity *a, int64_t now, int32_t *days, int max, int *n)
{
	const struct activity_rules *r = &a->rules;
	int32_t yesterday = cal_day_of(now) - 1;
	int32_t last = yesterday < r->last_day ? yesterday : r->last_day;
	int32_t first;
	*n = 0;
	int rc = first_settle_day(db, a, now, &first);
	for (int32_t d = first; d <= last && *n < max && rc == SQLITE_OK; d++) {
		if (!rules_is_scoring_day(r, d))
			continue;
		char text[CAL_DAY_BUF];
		cal_format_day(d, text, sizeof text);
		bool settled = false;
		rc = day_settled(db, a->id, text, &settled);
		if (rc == SQLITE_OK && !settled)
			days[(*n)++] = d;
	}
	return rc;
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
	 * board of that last day is final and nothing replaces it (RULES §1, §6). */
	int32_t final_day = cal_day_of(r->board_freeze_at) - 1;
	bool final_exists = false;
	if (run->day <= final_day)
		rc = db_exists(run->db, &final_exists, "SELECT 1 FROM boards WHERE activity_id = ?1 AND final = 1", "i",
		               run->a->id);
	if (rc == SQLITE_OK && run->day <= final_day && !final_exists) {
		bool final = run->day == final_day;
		rc = settle_board(run, final);
		run->stats->board = rc == SQLITE_OK;
		run->stats->final_board = final && rc == SQLITE_OK;
	}
	if (rc == SQLITE_OK) {
		progress(run, run->stats->board ? "board made" : "board frozen: none made");
		rc = settle_ranks(run);
	}
	if (rc == SQLITE_OK) {
		progress(run, "personal ranks written");
		rc = settle_badges(run);
	}
	if (rc == SQLITE_OK) {
		progress(run, "badges recorded");
		rc = settle_walks(run);
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

static enum settle_result failed(const struct settle_run *run, char *reason, size_t size, const char *error)
{
	snprintf(reason, size, "settling %s failed: %s", run->day_text, error);
	log_error("%s", reason);
	return SETTLE_FAILED;
}

/* Whether day may be settled now: SETTLE_OK, or SETTLE_REFUSED with the
 * reason (a day settled before is SETTLE_OK with stats->skipped). */
static enum settle_result check_day(struct settle_run *run, char *reason, size_t reason_size)
{
	const struct activity_rules *r = run->r;
	if (!cal_day_is_over(run->day, run->now))
		return refuse(reason, reason_size, "%s is not over yet", run->day_text);
	if (!rules_is_scoring_day(r, run->day))
		return refuse(reason, reason_size, "%s is not a day of activity %lld", run->day_text, (long long)run->a->id);
	if (run->day < r->first_day && rules_first_day_begun(r, run->now))
		return refuse(reason, reason_size, "%s is a public-test day, wiped at go-live", run->day_text);
	bool settled = false;
	int32_t pending = 0;
	int npending = 0;
	int rc = day_settled(run->db, run->a->id, run->day_text, &settled);
	if (rc == SQLITE_OK && !settled)
		rc = settle_pending_days(run->db, run->a, run->now, &pending, 1, &npending);
	if (rc != SQLITE_OK)
		return failed(run, reason, reason_size, sqlite3_errmsg(db_handle(run->db)));
	if (settled) {
		run->stats->skipped = true;
		progress(run, "settled before: nothing to do");
	} else if (npending > 0 && pending < run->day) {
		char first[CAL_DAY_BUF];
		cal_format_day(pending, first, sizeof first);
		return refuse(reason, reason_size, "%s is not settled yet: days are settled in order", first);
	}
	return SETTLE_OK;
}

enum settle_result settle_day(struct db *db, const struct activity *a, int32_t day, int64_t now,
                              struct settle_stats *stats, FILE *log, char *reason, size_t reason_size)
{
	memset(stats, 0, sizeof *stats);
	struct settle_run run = { .db = db, .a = a, .r = &a->rules, .day = day, .now = now, .log = log,
	                          .stats = stats, .lock_fd = -1 };
	cal_format_day(day, run.day_text, sizeof run.day_text);
	bool golive = false;
	struct settle_wiped wiped;
	enum settle_result result = settle_golive_when_due(db, a, now, &golive, &wiped, reason, reason_size);
	if (result != SETTLE_OK)
		return result;
	if (golive)
		progress(&run, "go-live: the public test's data was wiped");
	result = check_day(&run, reason, reason_size);
	if (result != SETTLE_OK || stats->skipped)
		return result;
	struct timespec t0 = clock_monotonic();
	result = settle_run_start(&run, reason, reason_size);
	if (result != SETTLE_OK)
		return result;
	if (stats->abandoned > 0)
		progress(&run, "%lld dead runs marked abandoned", (long long)stats->abandoned);
	int rc = run_phases(&run);
	stats->seconds = clock_seconds_since(t0);
	rc = settle_run_finish(&run, rc);
	settle_free_teams(&run);
	free(run.counts);
	if (rc != SQLITE_OK)
		return failed(&run, reason, reason_size, run.error);
	/* Fold the night's write-ahead log back into the database: a long WAL makes
	 * every page lookup of every request search more of its index.  The day is
	 * settled whatever comes of it: an error is logged (db_exec), and a reader
	 * holding the log only postpones the fold to SQLite's next checkpoint. */
	(void)db_exec(db, "PRAGMA wal_checkpoint(TRUNCATE)");
	progress(&run, "done in %.1f s", stats->seconds);
	return SETTLE_OK;
}
