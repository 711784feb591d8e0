/* lib/db, lib/migrate, lib/clock: a real SQLite file per test. */
#include "clock.h"
#include "db.h"
#include "migrate.h"

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
};

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof *f);
	scratch_db_open(f->path, sizeof f->path, &f->db, "db-test", 1000, false);
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

static void connection_is_configured(void **state)
{
	struct fixture *f = *state;
	sqlite3_stmt *st = db_stmt(f->db, "PRAGMA journal_mode");
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	assert_string_equal((const char *)sqlite3_column_text(st, 0), "wal");
	assert_int_equal(db_int(f->db, -1, "PRAGMA foreign_keys"), 1);
	/* The cache hands back the same statement, reset. */
	assert_ptr_equal(db_stmt(f->db, "PRAGMA journal_mode"), st);
	for (int i = 0; i < 200; i++) {   /* grows the cache past its first size */
		char sql[64];
		snprintf(sql, sizeof sql, "SELECT %d", i);
		assert_int_equal(db_int(f->db, -1, sql), i);
	}
	assert_ptr_equal(db_stmt(f->db, "PRAGMA journal_mode"), st);
	assert_null(db_stmt(f->db, "SELEKT nonsense"));
	assert_false(db_failed(f->db));   /* a bad statement is a bug, not a dead database */
}

static void a_missing_file_is_not_created_unless_asked(void **state)
{
	(void)state;
	struct db *db = NULL;
	char err[256];
	assert_int_equal(db_open(&db, "/nonexistent-dir/walk.db", 100, false, err, sizeof err), -1);
	assert_null(db);
	assert_non_null(strstr(err, "cannot open database"));
}

static void migrations_apply_once_and_record(void **state)
{
	struct fixture *f = *state;
	char err[256];
	assert_int_equal(migrate_db_version(f->db), 0);
	assert_int_equal(migrate_check(f->db, err, sizeof err), -1);
	assert_non_null(strstr(err, "run walkctl migrate"));
	assert_int_equal(migrate_apply(f->db, err, sizeof err), walk_migration_count);
	assert_int_equal(migrate_db_version(f->db), migrate_code_version());
	assert_int_equal(migrate_apply(f->db, err, sizeof err), 0);
	assert_int_equal(migrate_check(f->db, err, sizeof err), 0);
	assert_int_equal(db_int(f->db, -1, "SELECT count(*) FROM schema_migrations"), walk_migration_count);
}

static void a_newer_database_is_refused(void **state)
{
	struct fixture *f = *state;
	char err[256];
	assert_true(migrate_apply(f->db, err, sizeof err) > 0);
	assert_int_equal(db_exec(f->db, "INSERT INTO schema_migrations VALUES (999, '999_future', 0)"), SQLITE_OK);
	assert_int_equal(migrate_apply(f->db, err, sizeof err), -1);
	assert_non_null(strstr(err, "database schema version 999 is newer than this program"));
	assert_int_equal(migrate_check(f->db, err, sizeof err), -1);
}

/* The unions of the plan's attachment, as copied into schema/unions.csv. */
static void reference_data_matches_the_plan(void **state)
{
	struct fixture *f = *state;
	char err[256];
	assert_true(migrate_apply(f->db, err, sizeof err) > 0);
	assert_int_equal(db_int(f->db, -1, "SELECT count(*) FROM unions WHERE parent_code = 'sx'"), 23);
	assert_int_equal(db_int(f->db, -1, "SELECT count(*) FROM regions"), 12);
	FILE *csv = fopen("schema/unions.csv", "r");
	assert_non_null(csv);
	char line[512];
	int rows = 0;
	assert_non_null(fgets(line, sizeof line, csv));   /* header */
	while (fgets(line, sizeof line, csv)) {
		char code[16], name[128], category[16], share[16];
		long members, quota;
		assert_int_equal(sscanf(line, "%15[^,],%127[^,],%15[^,],%ld,%15[^,],%ld", code, name, category,
		                        &members, share, &quota), 6);
		sqlite3_stmt *st = db_stmt(f->db, "SELECT name, category, members, quota_people FROM unions WHERE code = ?1");
		sqlite3_bind_text(st, 1, code, -1, SQLITE_STATIC);
		assert_int_equal(sqlite3_step(st), SQLITE_ROW);
		assert_string_equal((const char *)sqlite3_column_text(st, 0), name);
		assert_string_equal((const char *)sqlite3_column_text(st, 1), category);
		assert_int_equal(sqlite3_column_int64(st, 2), members);
		assert_int_equal(sqlite3_column_int64(st, 3), quota);
		sqlite3_reset(st);
		rows++;
	}
	fclose(csv);
	assert_int_equal(rows, 24);
	/* The plan's activity and its route (RULES §1, §7). */
	assert_int_equal(db_int(f->db, -1, "SELECT total_days FROM activities WHERE id = 1"), 100);
	assert_int_equal(db_int(f->db, -1, "SELECT daily_cap FROM activities WHERE id = 1"), 10000);
	assert_int_equal(db_int(f->db, -1, "SELECT count(*) FROM checkpoints WHERE activity_id = 1"), 13);
	assert_int_equal(db_int(f->db, -1, "SELECT max(cumulative_steps) FROM checkpoints"), 700000);
	assert_int_equal(db_int(f->db, -1, "SELECT sum(stage_steps) FROM checkpoints"), 700000);
}

static void the_clock_offset_is_shared_through_the_database(void **state)
{
	struct fixture *f = *state;
	char err[256];
	assert_true(migrate_apply(f->db, err, sizeof err) > 0);
	assert_int_equal(clock_store_offset(f->db, -86400), SQLITE_OK);
	/* A second connection (another process in real life) sees it at its next refresh. */
	struct db *other;
	assert_int_equal(db_open(&other, f->path, 1000, false, err, sizeof err), 0);
	assert_int_equal(clock_refresh(other, true), 0);
	assert_int_equal(clock_offset(), -86400);
	int64_t skew = clock_real_now() - 86400 - clock_now();
	assert_true(skew >= -1 && skew <= 1);
	/* Production ignores any offset. */
	assert_int_equal(clock_refresh(other, false), 0);
	assert_int_equal(clock_offset(), 0);
	db_close(other);
}

static void helpers_bind_by_format_and_tell_not_found_from_errors(void **state)
{
	struct fixture *f = *state;
	assert_int_equal(db_exec(f->db, "CREATE TABLE t (k INTEGER PRIMARY KEY, n INTEGER, s TEXT, b BLOB, x REAL)"),
	                 SQLITE_OK);
	assert_int_equal(db_execf(f->db, "INSERT INTO t VALUES (?1, ?2, ?3, ?4, ?5)", "intbf",
	                          (int64_t)1 << 40, 7, "\xe5\xbc\xa0", "xyz", 2, 2.5), SQLITE_OK);
	assert_int_equal(db_execf(f->db, "INSERT INTO t VALUES (?1, ?2, ?3, NULL, NULL)", "i-s", (int64_t)2, "abcdef", 3),
	                 SQLITE_OK);
	int64_t v = 0;
	assert_int_equal(db_get_int(f->db, &v, "SELECT n FROM t WHERE k = ?1", "i", (int64_t)1 << 40), SQLITE_OK);
	assert_int_equal(v, 7);
	/* No row, and a NULL, are "not found"; v is left as it was. */
	assert_int_equal(db_get_int(f->db, &v, "SELECT n FROM t WHERE k = ?1", "i", (int64_t)3), DB_NOTFOUND);
	assert_int_equal(db_get_int(f->db, &v, "SELECT n FROM t WHERE k = ?1", "i", (int64_t)2), DB_NOTFOUND);
	assert_int_equal(v, 7);
	sqlite3_stmt *st;
	assert_int_equal(db_row(f->db, &st, "SELECT s, length(b), x FROM t WHERE k = ?1", "i", (int64_t)1 << 40),
	                 SQLITE_ROW);
	assert_string_equal((const char *)sqlite3_column_text(st, 0), "\xe5\xbc\xa0");
	assert_int_equal(sqlite3_column_int(st, 1), 2);
	assert_true(sqlite3_column_double(st, 2) == 2.5);
	assert_int_equal(db_row(f->db, &st, "SELECT s FROM t WHERE k = ?1", "i", (int64_t)2), SQLITE_ROW);
	assert_string_equal((const char *)sqlite3_column_text(st, 0), "abc");
	bool found = true;
	assert_int_equal(db_exists(f->db, &found, "SELECT 1 FROM t WHERE s = ?1", "t", "nope"), SQLITE_OK);
	assert_false(found);
	assert_int_equal(db_exists(f->db, &found, "SELECT 1 FROM t WHERE s = ?1", "t", "abc"), SQLITE_OK);
	assert_true(found);
	/* A loop over rows, finished. */
	assert_int_equal(db_prepare(f->db, &st, "SELECT k FROM t ORDER BY k", ""), SQLITE_OK);
	int rows = 0, rc;
	while ((rc = db_step(f->db, st)) == SQLITE_ROW)
		rows++;
	assert_int_equal(db_finish(st, rc), SQLITE_OK);
	assert_int_equal(rows, 2);
	/* Errors come back as what they are: a statement that does not prepare gives
	 * its own code (and no "not found"), a constraint stays a constraint. */
	bool untouched = true;
	assert_int_equal(db_exists(f->db, &untouched, "SELECT 1 FROM no_such_table", ""), SQLITE_ERROR);
	assert_true(untouched);
	assert_int_equal(db_get_int(f->db, &v, "SELECT nope FROM t", ""), SQLITE_ERROR);
	assert_int_equal(db_execf(f->db, "INSERT INTO t (k) VALUES (?1)", "i", (int64_t)2) & 0xff, SQLITE_CONSTRAINT);
	assert_int_equal(db_execf(f->db, "INSERT INTO t (k) VALUES (?1)", "?", 1), SQLITE_MISUSE);
}

static void busy_stays_busy(void **state)
{
	struct fixture *f = *state;
	assert_int_equal(db_exec(f->db, "CREATE TABLE t (k INTEGER PRIMARY KEY)"), SQLITE_OK);
	struct db *other;
	char err[256];
	assert_int_equal(db_open(&other, f->path, 20, false, err, sizeof err), 0);
	assert_int_equal(db_begin_write(other), SQLITE_OK);
	assert_int_equal(db_execf(other, "INSERT INTO t VALUES (?1)", "i", (int64_t)1), SQLITE_OK);
	/* The lock is held: a write on the first connection waits its timeout, then
	 * answers BUSY, never a generic error. */
	assert_int_equal(db_execf(f->db, "INSERT INTO t VALUES (?1)", "i", (int64_t)2), SQLITE_BUSY);
	assert_int_equal(db_begin_write(f->db), SQLITE_BUSY);
	assert_false(db_failed(f->db));
	db_rollback(other);
	db_close(other);
}

/* Lines of work merged in another order than they were numbered: a database
 * that recorded 1 and 3 still gets 2, and is not at the program's version
 * until it has. */
static void a_migration_below_the_newest_recorded_is_applied(void **state)
{
	struct fixture *f = *state;
	char err[256];
	static const struct migration first_and_third[] = {
		{ 1, "001_a", "CREATE TABLE a (x INTEGER);" },
		{ 3, "003_c", "CREATE TABLE c (x INTEGER);" },
	};
	static const struct migration all[] = {
		{ 1, "001_a", "CREATE TABLE a (x INTEGER);" },
		{ 2, "002_b", "CREATE TABLE b (x INTEGER);" },
		{ 3, "003_c", "CREATE TABLE c (x INTEGER);" },
	};
	assert_int_equal(migrate_apply_list(f->db, first_and_third, 2, err, sizeof err), 2);
	assert_int_equal(migrate_apply_list(f->db, all, 3, err, sizeof err), 1);
	assert_int_equal(db_int(f->db, -1, "SELECT count(*) FROM sqlite_master WHERE name = 'b'"), 1);
	assert_int_equal(migrate_apply_list(f->db, all, 3, err, sizeof err), 0);
}

/* A database missing one of the program's migrations is not ready for it. */
static void a_database_missing_a_migration_is_not_ready(void **state)
{
	struct fixture *f = *state;
	char err[256];
	assert_true(migrate_apply(f->db, err, sizeof err) > 0);
	assert_int_equal(migrate_check(f->db, err, sizeof err), 0);
	assert_int_equal(db_exec(f->db, "DELETE FROM schema_migrations WHERE version = 2"), SQLITE_OK);
	assert_int_equal(migrate_check(f->db, err, sizeof err), -1);
	assert_non_null(strstr(err, "lacks 1 of"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(connection_is_configured, setup, teardown),
		cmocka_unit_test_setup_teardown(helpers_bind_by_format_and_tell_not_found_from_errors, setup, teardown),
		cmocka_unit_test_setup_teardown(busy_stays_busy, setup, teardown),
		cmocka_unit_test_setup_teardown(a_migration_below_the_newest_recorded_is_applied, setup, teardown),
		cmocka_unit_test_setup_teardown(a_database_missing_a_migration_is_not_ready, setup, teardown),
		cmocka_unit_test(a_missing_file_is_not_created_unless_asked),
		cmocka_unit_test_setup_teardown(migrations_apply_once_and_record, setup, teardown),
		cmocka_unit_test_setup_teardown(a_newer_database_is_refused, setup, teardown),
		cmocka_unit_test_setup_teardown(reference_data_matches_the_plan, setup, teardown),
		cmocka_unit_test_setup_teardown(the_clock_offset_is_shared_through_the_database, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
