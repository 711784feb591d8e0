/* The books of a settlement run (settle_run.h). */
#include "settle_run.h"

#include "clock.h"
#include "db.h"
#include "log.h"
#include "store_ledger.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <time.h>
#include <unistd.h>

int settle_note_error(struct settle_run *run, int rc)
{
	if (rc != SQLITE_OK && !run->error[0]) {
		sqlite3 *h = db_handle(run->db);
		const char *msg = sqlite3_errcode(h) == SQLITE_OK ? sqlite3_errstr(rc) : sqlite3_errmsg(h);
		snprintf(run->error, sizeof run->error, "%s", msg);
	}
	return rc;
}

int settle_transaction(struct settle_run *run, settle_write_fn *write, void *arg)
{
	int rc = db_begin_write(run->db);
	if (rc == SQLITE_OK)
		rc = write(run, arg);
	if (rc == SQLITE_OK)
		rc = db_commit(run->db);
	if (rc != SQLITE_OK) {
		settle_note_error(run, rc);
		db_rollback(run->db);
		return rc;
	}
	struct timespec pause = { 0, 3 * 1000 * 1000 };
	nanosleep(&pause, NULL);
	return SQLITE_OK;
}

struct chunks {
	size_t lo, hi;
	settle_chunk_fn *write;
	void *arg;
};

static int write_chunk(struct settle_run *run, void *arg)
{
	struct chunks *c = arg;
	return c->write(run, c->lo, c->hi, c->arg);
}

int settle_chunks(struct settle_run *run, size_t n, settle_chunk_fn *write, void *arg)
{
	struct chunks c = { .write = write, .arg = arg };
	for (c.lo = 0; c.lo < n; c.lo = c.hi) {
		c.hi = n - c.lo > SETTLE_CHUNK ? c.lo + SETTLE_CHUNK : n;
		int rc = settle_transaction(run, write_chunk, &c);
		if (rc != SQLITE_OK)
			return rc;
	}
	return SQLITE_OK;
}

/* ---------------------------------------------------------------- the record */

/* Only the lock's holder gets here: a row still 'running' belongs to a run
 * whose process is gone or gave up. */
static int record_start(struct settle_run *run, void *arg)
{
	(void)arg;
	int rc = db_execf(run->db, "UPDATE settle_runs SET outcome = 'abandoned' WHERE outcome = 'running'", "");
	if (rc != SQLITE_OK)
		return rc;
	run->stats->abandoned = sqlite3_changes(db_handle(run->db));
	rc = db_execf(run->db, "INSERT INTO settle_runs (activity_id, day, started_at) VALUES (?1, ?2, ?3)", "iti",
	              run->a->id, run->day_text, run->now);
	if (rc == SQLITE_OK)
		run->stats->run_id = sqlite3_last_insert_rowid(db_handle(run->db));
	return rc;
}

static int record_end(struct settle_run *run, const char *outcome)
{
	const struct settle_stats *s = run->stats;
	/* finished_at on the clock the run started by (the server clock). */
	return db_execf(run->db, "UPDATE settle_runs SET finished_at = ?2, users = ?3, teams = ?4, awards = ?5,"
	                         " outcome = ?6 WHERE id = ?1", "iiiiit",
	                s->run_id, clock_now(), s->users, s->teams, s->awards, outcome);
}

static int record_done(struct settle_run *run, void *arg)
{
	(void)arg;
	int rc = record_end(run, "done");
	if (rc == SQLITE_OK)
		rc = db_execf(run->db, "INSERT OR IGNORE INTO settled_days (activity_id, day, run_id) VALUES (?1, ?2, ?3)",
		              "iti", run->a->id, run->day_text, run->stats->run_id);
	return rc;
}

static int record_failed(struct settle_run *run, void *arg)
{
	(void)arg;
	return record_end(run, "failed");
}

static void release_lock(struct settle_run *run)
{
	if (run->lock_fd >= 0)
		close(run->lock_fd);   /* drops the flock */
	run->lock_fd = -1;
}

enum settle_result settle_run_start(struct settle_run *run, char *reason, size_t reason_size)
{
	char path[4096];
	snprintf(path, sizeof path, "%s-settle.lock", db_path(run->db));
	run->lock_fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0660);
	if (run->lock_fd < 0) {
		snprintf(reason, reason_size, "cannot open the settlement's lock %s: %s", path, strerror(errno));
		return SETTLE_FAILED;
	}
	if (flock(run->lock_fd, LOCK_EX | LOCK_NB) != 0) {
		int e = errno;
		release_lock(run);
		if (e == EWOULDBLOCK) {
			snprintf(reason, reason_size, "another settlement is running (it holds %s)", path);
			return SETTLE_REFUSED;
		}
		snprintf(reason, reason_size, "cannot lock %s: %s", path, strerror(e));
		return SETTLE_FAILED;
	}
	int rc = settle_transaction(run, record_start, NULL);
	if (rc != SQLITE_OK) {
		release_lock(run);
		snprintf(reason, reason_size, "cannot record the run of %s: %s", run->day_text, run->error);
		return SETTLE_FAILED;
	}
	return SETTLE_OK;
}

int settle_run_finish(struct settle_run *run, int rc)
{
	settle_note_error(run, rc);
	if (rc == SQLITE_OK)
		rc = settle_transaction(run, record_done, NULL);
	/* A run whose end cannot be recorded stays 'running': the next run, holding
	 * the lock, marks it abandoned. */
	if (rc != SQLITE_OK && settle_transaction(run, record_failed, NULL) != SQLITE_OK)
		log_error("settle: run %lld of %s failed and could not be recorded so: %s",
		          (long long)run->stats->run_id, run->day_text, sqlite3_errmsg(db_handle(run->db)));
	release_lock(run);
	return rc;
}

/* ---------------------------------------------------------------- awards, arrays */

int settle_award(struct settle_run *run, int64_t user_id, enum rules_ledger_kind kind, int64_t amount)
{
	if (amount == 0)
		return SQLITE_OK;
	bool inserted = false;
	int rc = store_ledger_award(run->db, run->a->id, user_id, kind, run->day, amount, run->now, &inserted);
	if (rc == SQLITE_OK && inserted)
		run->stats->awards++;
	return rc;
}

void settle_grow(void **items, size_t *cap, size_t n, size_t size)
{
	if (n < *cap)
		return;
	size_t bigger = *cap ? *cap * 2 : 1024;
	void *p = realloc(*items, bigger * size);
	if (!p)
		abort();
	*items = p;
	*cap = bigger;
}
