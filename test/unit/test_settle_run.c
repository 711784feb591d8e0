/* lib/settle/settle_run: chunks and their transactions, errors as SQLite gave
 * them, the run's record and its lock (a real SQLite file per test). */
#include "db.h"
#include "migrate.h"
#include "settle_run.h"

#include "scratch_db.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct fixture {
	char path[128];
	struct db *db;
	struct activity a;
	struct settle_stats stats;
	struct settle_run run;
};

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof *f);
	scratch_db_open(f->path, sizeof f->path, &f->db, "settle-run-test", 50, true);
	assert_int_equal(db_exec(f->db, "CREATE TABLE rows (n INTEGER PRIMARY KEY)"), SQLITE_OK);
	f->a.id = 1;
	f->run = (struct settle_run){ .db = f->db, .a = &f->a, .r = &f->a.rules, .now = 1561910400,
	                              .stats = &f->stats, .lock_fd = -1 };
	snprintf(f->run.day_text, sizeof f->run.day_text, "2019-07-01");
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	scratch_db_close(f->db, f->path);
	free(f);
	return 0;
}

/* Writes rows lo..hi-1; fails with a constraint on the row numbered `fail_at`. */
struct writes {
	size_t calls, lo[8], hi[8];
	int64_t fail_at;
};

static int write_rows(struct settle_run *run, size_t lo, size_t hi, void *arg)
{
	struct writes *w = arg;
	w->lo[w->calls] = lo;
	w->hi[w->calls++] = hi;
	int rc = SQLITE_OK;
	for (size_t i = lo; i < hi && rc == SQLITE_OK; i++) {
		int64_t n = (int64_t)i == w->fail_at ? 0 : (int64_t)i;   /* 0 is written first: a duplicate */
		rc = db_execf(run->db, "INSERT INTO rows (n) VALUES (?1)", "i", n);
	}
	return rc;
}

static void chunks_cover_every_row_once(void **state)
{
	struct fixture *f = *state;
	size_t sizes[] = { 0, 1, SETTLE_CHUNK, SETTLE_CHUNK + 1, 2 * SETTLE_CHUNK + 7 };
	for (size_t s = 0; s < sizeof sizes / sizeof sizes[0]; s++) {
		struct writes w = { .fail_at = -1 };
		assert_int_equal(db_exec(f->db, "DELETE FROM rows"), SQLITE_OK);
		assert_int_equal(settle_chunks(&f->run, sizes[s], write_rows, &w), SQLITE_OK);
		assert_int_equal(w.calls, (sizes[s] + SETTLE_CHUNK - 1) / SETTLE_CHUNK);
		for (size_t c = 0; c < w.calls; c++) {
			assert_int_equal(w.lo[c], c * SETTLE_CHUNK);
			assert_int_equal(w.hi[c], c + 1 < w.calls ? (c + 1) * SETTLE_CHUNK : sizes[s]);
		}
		assert_int_equal(db_int(f->db, -1, "SELECT count(*) FROM rows"), (int64_t)sizes[s]);
		assert_true(sqlite3_get_autocommit(db_handle(f->db)));
	}
}

/* The failing chunk is rolled back, the ones before stay, the error comes
 * back as SQLite gave it, and its message is kept. */
static void a_failing_chunk_is_rolled_back_and_its_error_returned(void **state)
{
	struct fixture *f = *state;
	struct writes w = { .fail_at = SETTLE_CHUNK + 5 };
	int rc = settle_chunks(&f->run, 3 * SETTLE_CHUNK, write_rows, &w);
	assert_int_equal(rc, SQLITE_CONSTRAINT_PRIMARYKEY);
	assert_int_equal(w.calls, 2);
	assert_int_equal(db_int(f->db, -1, "SELECT count(*) FROM rows"), SETTLE_CHUNK);
	assert_true(sqlite3_get_autocommit(db_handle(f->db)));
	assert_non_null(strstr(f->run.error, "UNIQUE constraint failed: rows.n"));
}

static int nothing(struct settle_run *run, void *arg)
{
	(void)run;
	(void)arg;
	return SQLITE_OK;
}

/* A write lock held elsewhere makes the transaction fail with SQLITE_BUSY,
 * which stays BUSY. */
static void busy_stays_busy(void **state)
{
	struct fixture *f = *state;
	struct db *other;
	char err[256];
	assert_int_equal(db_open(&other, f->path, 50, false, err, sizeof err), 0);
	assert_int_equal(db_begin_write(other), SQLITE_OK);
	assert_int_equal(settle_transaction(&f->run, nothing, NULL), SQLITE_BUSY);
	db_rollback(other);
	db_close(other);
	assert_int_equal(settle_transaction(&f->run, nothing, NULL), SQLITE_OK);
}

static const char *outcome(struct db *db, int64_t run_id)
{
	static char text[32];
	sqlite3_stmt *st;
	assert_int_equal(db_row(db, &st, "SELECT outcome FROM settle_runs WHERE id = ?1", "i", run_id), SQLITE_ROW);
	snprintf(text, sizeof text, "%s", sqlite3_column_text(st, 0));
	sqlite3_reset(st);
	return text;
}

/* A run holds the lock from start to finish; meanwhile another is refused and
 * leaves its 'running' row alone.  A run that finds a 'running' row with the
 * lock free marks it abandoned. */
static void the_lock_tells_a_dead_run_from_a_live_one(void **state)
{
	struct fixture *f = *state;
	char reason[256];
	assert_int_equal(settle_run_start(&f->run, reason, sizeof reason), SETTLE_OK);
	int64_t first = f->stats.run_id;
	assert_string_equal(outcome(f->db, first), "running");

	struct settle_stats stats2 = { 0 };
	struct settle_run second = f->run;
	second.stats = &stats2;
	second.lock_fd = -1;
	assert_int_equal(settle_run_start(&second, reason, sizeof reason), SETTLE_REFUSED);
	assert_non_null(strstr(reason, "another settlement is running"));
	assert_string_equal(outcome(f->db, first), "running");

	assert_int_equal(settle_run_finish(&f->run, SQLITE_OK), SQLITE_OK);
	assert_string_equal(outcome(f->db, first), "done");
	assert_int_equal(db_int(f->db, -1, "SELECT run_id FROM settled_days WHERE day = '2019-07-01'"), first);

	/* A run killed mid-way: its row says 'running', nobody holds the lock. */
	assert_int_equal(db_exec(f->db, "INSERT INTO settle_runs (activity_id, day, started_at) VALUES (1, '2019-07-02', 0)"),
	                 SQLITE_OK);
	int64_t dead = sqlite3_last_insert_rowid(db_handle(f->db));
	assert_int_equal(settle_run_start(&second, reason, sizeof reason), SETTLE_OK);
	assert_int_equal(stats2.abandoned, 1);
	assert_string_equal(outcome(f->db, dead), "abandoned");
	assert_int_equal(settle_run_finish(&second, SQLITE_IOERR), SQLITE_IOERR);
	assert_string_equal(outcome(f->db, stats2.run_id), "failed");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(chunks_cover_every_row_once, setup, teardown),
		cmocka_unit_test_setup_teardown(a_failing_chunk_is_rolled_back_and_its_error_returned, setup, teardown),
		cmocka_unit_test_setup_teardown(busy_stays_busy, setup, teardown),
		cmocka_unit_test_setup_teardown(the_lock_tells_a_dead_run_from_a_live_one, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
