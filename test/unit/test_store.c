/* lib/store: a lookup that fails says so.  "Not found" (DB_NOTFOUND, or a
 * false "exists") comes only from a query that ran and found nothing; a
 * locked database is SQLITE_BUSY (503) and a statement that cannot prepare is
 * its own error (500), never "no such row".  A real SQLite file per test. */
#include "db.h"
#include "migrate.h"
#include "store_activity.h"
#include "store_admin_stats.h"
#include "store_board.h"
#include "store_enrollment.h"
#include "store_ledger.h"
#include "store_team.h"
#include "store_throttle.h"
#include "store_user.h"

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

enum { BUSY_TIMEOUT_MS = 50 };   /* how long a lookup waits for a lock: short, for the test */

struct fixture {
	char path[128];
	struct db *db;
	struct activity activity;
	int64_t user_id;
	struct sealer sealer;
};

#define DATA_KEY "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f"


static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof *f);
	scratch_db_open(f->path, sizeof f->path, &f->db, "store-test", BUSY_TIMEOUT_MS, true);
	assert_int_equal(sealer_init(&f->sealer, DATA_KEY), 0);
	assert_int_equal(store_user_upsert(f->db, &f->sealer, "o-store", NULL, "a2V5", 1000, &f->user_id), SQLITE_OK);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	scratch_db_close(f->db, f->path);
	sealer_free(&f->sealer);
	free(f);
	return 0;
}

/* Runs the lookups every handler relies on and checks that each answers
 * expected (SQLITE_OK meaning "ran and found nothing"), leaving its outputs as
 * they were when it fails. */
static void lookups_answer(struct fixture *f, int expected)
{
	struct db *db = f->db;
	int not_found = expected == SQLITE_OK ? DB_NOTFOUND : expected;
	struct enrollment e;
	struct team team;
	struct board_info board;
	struct user_standing standing;
	int64_t user_id = 0, team_id = 0, expires_at = 0, until = -1, days = -1, balance = -1;
	int32_t day = 0;
	char key[64];
	bool found = true, selectable = true, has = true;

	assert_int_equal(store_activity_load(db, 99, &f->activity), not_found);
	assert_int_equal(store_enrollment_get(db, &f->sealer, 1, f->user_id, &e), not_found);
	assert_int_equal(store_user_session_key(db, &f->sealer, f->user_id + 1, key, sizeof key, NULL), not_found);
	assert_int_equal(store_session_user(db, "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", 1000, &user_id), not_found);
	assert_int_equal(store_team_of_user(db, 1, f->user_id, &team), not_found);
	assert_int_equal(store_invite_find(db, "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", &team_id, &expires_at),
	                 not_found);
	assert_int_equal(store_board_current(db, 1, &board), not_found);
	assert_int_equal(store_user_standing(db, 1, f->user_id, &standing), not_found);
	assert_int_equal(store_stats_last_settled(db, 1, 20000, &day), not_found);
	assert_int_equal(store_region_exists(db, "nowhere", &found), expected);
	assert_int_equal(store_union_selectable(db, "sx", &selectable), expected);   /* the root: not selectable */
	assert_int_equal(store_ledger_has_kind(db, 1, f->user_id, RULES_LEDGER_CHECKIN, &has), expected);
	assert_int_equal(store_throttle_blocked_until(db, THROTTLE_USER_AT_ADDR, "127.0.0.1 nobody", &until), expected);
	assert_int_equal(store_team_compliant_days(db, 1, 1, &days), expected);
	assert_int_equal(store_ledger_balance(db, 1, f->user_id, &balance), expected);
	assert_int_equal(user_id, 0);
	assert_int_equal(day, 0);
	if (expected == SQLITE_OK) {
		assert_false(found);
		assert_false(selectable);
		assert_false(has);
		assert_int_equal(until, 0);
		assert_int_equal(days, 0);
		assert_int_equal(balance, 0);
	} else {
		assert_true(found);
		assert_true(selectable);
		assert_true(has);
		assert_int_equal(until, -1);
		assert_int_equal(days, -1);
		assert_int_equal(balance, -1);
	}
}

static void what_is_absent_is_not_found(void **state)
{
	struct fixture *f = *state;
	lookups_answer(f, SQLITE_OK);
	/* And what is there is found. */
	bool found = false;
	assert_int_equal(store_activity_load(f->db, 1, &f->activity), SQLITE_OK);
	assert_int_equal(store_region_exists(f->db, "xa", &found), SQLITE_OK);
	assert_true(found);
	char key[64];
	assert_int_equal(store_user_session_key(f->db, &f->sealer, f->user_id, key, sizeof key, NULL), SQLITE_OK);
	assert_string_equal(key, "a2V5");
}

static void a_database_locked_past_the_timeout_is_busy_not_absent(void **state)
{
	struct fixture *f = *state;
	/* Under WAL a writer never blocks readers; a rollback journal's exclusive
	 * lock does, which makes every lookup wait out its busy timeout. */
	assert_int_equal(db_exec(f->db, "PRAGMA journal_mode=DELETE"), SQLITE_OK);
	sqlite3 *other;
	assert_int_equal(sqlite3_open(f->path, &other), SQLITE_OK);
	assert_int_equal(sqlite3_exec(other, "BEGIN EXCLUSIVE; UPDATE users SET last_login_at = 2", NULL, NULL, NULL),
	                 SQLITE_OK);
	lookups_answer(f, SQLITE_BUSY);
	assert_false(db_failed(f->db));   /* busy is no reason to reopen the connection */
	assert_int_equal(sqlite3_exec(other, "ROLLBACK", NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(other);
	lookups_answer(f, SQLITE_OK);
}

static void a_statement_that_cannot_prepare_is_an_error_not_absent(void **state)
{
	struct fixture *f = *state;
	lookups_answer(f, SQLITE_OK);   /* the statements are cached now */
	/* Every table the lookups read, gone: the cached statements fail to
	 * prepare again, and new ones fail to prepare at all. */
	static const char *const tables[] = {
		"activities", "enrollments", "users", "sessions", "team_members", "team_invites", "boards",
		"user_totals", "settled_days", "regions", "unions", "ledger_entries", "admin_login_failures", "team_totals",
	};
	for (size_t i = 0; i < sizeof tables / sizeof tables[0]; i++) {
		char sql[128];
		snprintf(sql, sizeof sql, "ALTER TABLE %s RENAME TO %s_away", tables[i], tables[i]);
		assert_int_equal(db_exec(f->db, sql), SQLITE_OK);
	}
	lookups_answer(f, SQLITE_ERROR);
	assert_false(db_failed(f->db));   /* a bad statement is a bug, not a dead database */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(what_is_absent_is_not_found, setup, teardown),
		cmocka_unit_test_setup_teardown(a_database_locked_past_the_timeout_is_busy_not_absent, setup, teardown),
		cmocka_unit_test_setup_teardown(a_statement_that_cannot_prepare_is_an_error_not_absent, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
