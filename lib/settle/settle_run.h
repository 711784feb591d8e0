#ifndef WALK_SETTLE_RUN_H
#define WALK_SETTLE_RUN_H
/*
 * The books of one settlement run (lib/settle only): its state, its record in
 * settle_runs, its write transactions and its awards.  settle.c starts and
 * finishes a run; the phases (settle_phases.h) call down into this file and
 * never back up into settle.c.
 *
 * Every function that touches the database returns SQLITE_OK or the SQLite
 * code exactly as SQLite gave it (SQLITE_BUSY stays BUSY); the message of the
 * first error is kept in run->error for the operator.
 */
#include "calendar.h"
#include "settle.h"

#include <stddef.h>

/* Rows per write transaction: large enough that the per-transaction cost
 * (measured: it dominates below a few thousand users) is small, small enough
 * that a request waiting for the write lock waits well under 100 ms. */
enum { SETTLE_CHUNK = 2000 };

/* One member of a team at the end of the day. */
struct day_member {
	int64_t user_id, team_id;
};

/* A team on the day: its members (a slice of members_by_team) and targets. */
struct day_team {
	int64_t team_id;
	struct rules_targets targets;
	size_t first, count;
};

/* A user's counted steps of the day (the users phase's output, the teams
 * phase's input). */
struct day_count {
	int64_t user_id, counted;
};

struct settle_run {
	struct db *db;
	const struct activity *a;
	const struct activity_rules *r;
	int32_t day;
	char day_text[CAL_DAY_BUF];
	int64_t now;
	FILE *log;
	struct day_member *members_by_user;   /* sorted by user */
	struct day_member *members_by_team;   /* sorted by team, then user */
	size_t nmembers;
	struct day_team *teams;               /* sorted by team */
	size_t nteams;
	struct day_count *counts;             /* sorted by user */
	size_t ncounts, counts_cap;
	struct settle_stats *stats;
	int lock_fd;                          /* the settlement's lock while the run holds it, else -1 */
	char error[256];                      /* the first error's message, "" while none */
};

/*
 * Starts the run: takes the settlement's lock, an flock(2) on the file
 * "<database>-settle.lock" beside the database, held until settle_run_finish.
 * The kernel drops the lock when its process dies, however it dies, so the
 * holder knows that a run still recorded 'running' is dead (killed, or gave up
 * without recording its end): it marks those 'abandoned', then records itself
 * 'running' (run->stats->run_id).  SETTLE_REFUSED when another process holds
 * the lock, SETTLE_FAILED otherwise (reason in both).
 */
enum settle_result settle_run_start(struct settle_run *run, char *reason, size_t reason_size);

/* Ends the run and releases the lock.  rc is the phases' result: when
 * SQLITE_OK the run is recorded 'done' and the day settled (settled_days) in
 * one transaction; otherwise, or if that transaction fails, the run is
 * recorded 'failed' and the day stays unsettled.  Returns rc, or the error of
 * recording the run done. */
int settle_run_finish(struct settle_run *run, int rc);

/* One write transaction of the run: write(run, arg) between BEGIN IMMEDIATE
 * and COMMIT, then a pause of a few milliseconds, since the settlement would
 * otherwise take the write lock again at once and a request waiting for it
 * (polling every few milliseconds, see db.c) could wait through chunk after
 * chunk.  On an error the transaction is rolled back and the error returned. */
typedef int settle_write_fn(struct settle_run *run, void *arg);
int settle_transaction(struct settle_run *run, settle_write_fn *write, void *arg);

/* [0, n) in chunks of SETTLE_CHUNK, each in its own settle_transaction:
 * write(run, lo, hi, arg) writes [lo, hi).  Stops at the first error. */
typedef int settle_chunk_fn(struct settle_run *run, size_t lo, size_t hi, void *arg);
int settle_chunks(struct settle_run *run, size_t n, settle_chunk_fn *write, void *arg);

/* Keeps the message of rc, the first error of the run, for the operator;
 * returns rc.  Call before anything else talks to the connection. */
int settle_note_error(struct settle_run *run, int rc);

/* A ledger award for the run's day in the current transaction, counted in the
 * run's stats when written; a zero amount writes no row.  Returns an SQLite
 * code. */
int settle_award(struct settle_run *run, int64_t user_id, enum rules_ledger_kind kind, int64_t amount);

/* Makes room for one more element in a growing array (*items, *cap in
 * elements of size bytes, n used); aborts on out-of-memory like every
 * allocation here. */
void settle_grow(void **items, size_t *cap, size_t n, size_t size);

#endif
