/* The fair-play pass (lib/fairplay, RULES §14) on a scratch database: each
 * pattern with a clean walker beside a flagged one, the pass idempotent (a
 * rerun, and a rerun after a clear, raise nothing for the same evidence), and
 * the ledger untouched by it. */
#include "calendar.h"
#include "config.h"
#include "db.h"
#include "fairplay.h"
#include "sealed.h"
#include "store_activity.h"
#include "store_awards.h"
#include "store_enrollment.h"
#include "store_fairplay.h"

#include "scratch_db.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NOW 1562500000   /* 2019-07-07 19:46 +08:00 */

struct fixture {
	char path[128];
	struct db *db;
	struct fairplay_thresholds t;
};

/* Seals the mobiles (and hashes them: schema 041 keeps the hashes). */
static struct sealer sealer;
#define DATA_KEY "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f"

static void person_with(struct db *db, int64_t uid, const char *union_code, const char *mobile)
{
	char openid[32];
	snprintf(openid, sizeof openid, "o-%lld", (long long)uid);
	assert_int_equal(db_execf(db, "INSERT OR IGNORE INTO users (id, openid, session_key, created_at, last_login_at)"
	                              " VALUES (?1, ?2, 'k', 0, 0)", "it", uid, openid), SQLITE_OK);
	struct enrollment e = { .activity_id = 1, .user_id = uid };
	snprintf(e.name, sizeof e.name, "走路人%lld", (long long)uid);
	snprintf(e.mobile, sizeof e.mobile, "%s", mobile);
	snprintf(e.region, sizeof e.region, "xa");
	snprintf(e.union_code, sizeof e.union_code, "%s", union_code);
	snprintf(e.unit, sizeof e.unit, "单位");
	snprintf(e.department, sizeof e.department, "部门");
	assert_int_equal(store_enrollment_put(db, &sealer, &e, NOW - 86400 * 30), SQLITE_OK);
}

static void person(struct db *db, int64_t uid, const char *union_code)
{
	char mobile[16];
	snprintf(mobile, sizeof mobile, "138%08lld", (long long)uid);
	person_with(db, uid, union_code, mobile);
}

/* Day n (1-based) of July 2019. */
static const char *july(int n)
{
	static char days[32][CAL_DAY_BUF];
	snprintf(days[n], sizeof days[n], "2019-07-%02d", n);
	return days[n];
}

static void walked(struct db *db, int64_t uid, int day, int64_t raw, bool settled)
{
	assert_int_equal(db_execf(db, "INSERT OR REPLACE INTO daily_steps (activity_id, user_id, day, raw_steps, settled,"
	                              " first_sync_at, last_sync_at) VALUES (1, ?1, ?2, ?3, ?4, 0, 0)",
	                          "itin", uid, july(day), raw, (int)settled), SQLITE_OK);
}

static void settled_days(struct db *db, int last)
{
	for (int d = 1; d <= last; d++)
		assert_int_equal(db_execf(db, "INSERT OR IGNORE INTO settled_days (activity_id, day, run_id) VALUES (1, ?1, 0)",
		                          "t", july(d)), SQLITE_OK);
}

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof *f);
	assert_int_equal(sealer_init(&sealer, DATA_KEY), 0);
	scratch_db_open(f->path, sizeof f->path, &f->db, "fairplay", 1000, true);
	struct walk_config cfg;
	char err[256];
	assert_int_equal(config_load_text(&cfg, "mode = test\n", 12, "test", err, sizeof err), 0);
	f->t = fairplay_thresholds_of(&cfg);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	scratch_db_close(f->db, f->path);
	sealer_free(&sealer);
	free(f);
	return 0;
}

static int64_t pass(struct fixture *f, const char *day, enum fairplay_kind kind)
{
	int64_t raised[FLAG_KINDS];
	assert_int_equal(fairplay_flags_pass(f->db, 1, day, &f->t, NOW, raised), SQLITE_OK);
	return raised[kind];
}

static int64_t flags_of(struct db *db, int64_t uid, const char *kind)
{
	int64_t n = -1;
	assert_int_equal(db_get_int(db, &n, "SELECT count(*) FROM fairplay_flags WHERE user_id = ?1 AND kind = ?2", "it",
	                            uid, kind), SQLITE_OK);
	return n;
}

static void cap_often_flags_the_capper_far_above_their_union(void **state)
{
	struct fixture *f = *state;
	assert_int_equal(f->t.cap_days, 8);
	assert_int_equal(f->t.cap_window, 10);
	for (int uid = 1; uid <= 5; uid++)
		person(f->db, uid, "xa");
	person(f->db, 6, "bj");
	person(f->db, 7, "bj");
	for (int d = 1; d <= 10; d++) {
		walked(f->db, 1, d, 12000, true);                       /* the cap every day */
		for (int uid = 2; uid <= 4; uid++)
			walked(f->db, uid, d, 4000, true);
		walked(f->db, 5, d, d <= 7 ? 10500 : 7000, true);       /* the cap on 7 days: under 8 */
		walked(f->db, 6, d, 11000, true);                       /* the cap every day, as their union does */
		walked(f->db, 7, d, 10000, true);
	}
	settled_days(f->db, 10);
	/* xa's mean: (10 × 10000 + 30 × 4000 + 7 × 10000 + 3 × 7000) / 50 = 6220; 10000 ≥ 150 % of it. */
	assert_int_equal(pass(f, july(10), FLAG_CAP_OFTEN), 1);
	assert_int_equal(flags_of(f->db, 1, "cap_often"), 1);
	for (int uid = 2; uid <= 7; uid++)
		assert_int_equal(flags_of(f->db, uid, "cap_often"), 0);
	int64_t capped = 0, mean = 0;
	assert_int_equal(db_get_int(f->db, &capped, "SELECT json_array_length(evidence, '$.capped_days') FROM fairplay_flags"
	                                            " WHERE user_id = 1", ""), SQLITE_OK);
	assert_int_equal(capped, 10);
	assert_int_equal(db_get_int(f->db, &mean, "SELECT json_extract(evidence, '$.union_mean') FROM fairplay_flags"
	                                          " WHERE user_id = 1", ""), SQLITE_OK);
	assert_int_equal(mean, 6220);
	/* Idempotent: again, nothing; cleared, the same days raise nothing either. */
	assert_int_equal(pass(f, july(10), FLAG_CAP_OFTEN), 0);
	int64_t id = 0;
	assert_int_equal(db_get_int(f->db, &id, "SELECT id FROM fairplay_flags WHERE user_id = 1", ""), SQLITE_OK);
	assert_int_equal(store_flag_clear(f->db, 1, id, 0, "查过了，是真的", NOW), SQLITE_OK);
	assert_int_equal(store_flag_clear(f->db, 1, id, 0, "again", NOW), DB_NOTFOUND);
	assert_int_equal(pass(f, july(10), FLAG_CAP_OFTEN), 0);
	/* Eight new days at the cap after the cleared ones: a new flag. */
	for (int d = 11; d <= 18; d++) {
		walked(f->db, 1, d, 12000, true);
		for (int uid = 2; uid <= 4; uid++)
			walked(f->db, uid, d, 4000, true);
	}
	settled_days(f->db, 18);
	assert_int_equal(pass(f, july(17), FLAG_CAP_OFTEN), 0);   /* seven of them so far */
	assert_int_equal(pass(f, july(18), FLAG_CAP_OFTEN), 1);
	assert_int_equal(flags_of(f->db, 1, "cap_often"), 2);
}

static void same_counts_flags_the_repeated_number(void **state)
{
	struct fixture *f = *state;
	person(f->db, 1, "xa");
	person(f->db, 2, "xa");
	for (int d = 1; d <= 5; d++)
		walked(f->db, 1, d, 7777, true);
	for (int d = 1; d <= 4; d++)
		walked(f->db, 2, d, 6666, true);   /* four times: under 5 */
	walked(f->db, 2, 5, 6667, true);
	walked(f->db, 1, 6, 0, false);         /* zeros are no evidence */
	walked(f->db, 2, 6, 0, false);
	assert_int_equal(pass(f, july(6), FLAG_SAME_COUNTS), 1);
	assert_int_equal(flags_of(f->db, 1, "same_counts"), 1);
	assert_int_equal(flags_of(f->db, 2, "same_counts"), 0);
	int64_t steps = 0;
	assert_int_equal(db_get_int(f->db, &steps, "SELECT json_extract(evidence, '$.counts[0].steps') FROM fairplay_flags"
	                                           " WHERE user_id = 1", ""), SQLITE_OK);
	assert_int_equal(steps, 7777);
	assert_int_equal(pass(f, july(6), FLAG_SAME_COUNTS), 0);
}

/* While the patterns run, another connection (a worker's) writes: it tries
 * once, without waiting, from inside the pass's first statement. */
struct writer_probe {
	struct db *other;
	int calls;
	int first_write_rc;
};

static int write_from_other_connection(void *arg)
{
	struct writer_probe *w = arg;
	if (w->calls++ == 0) {
		w->first_write_rc = db_begin_write(w->other);
		if (w->first_write_rc == SQLITE_OK)
			w->first_write_rc = db_execf(w->other, "UPDATE users SET last_login_at = 1 WHERE id = 1", "");
		if (w->first_write_rc == SQLITE_OK)
			w->first_write_rc = db_commit(w->other);
		else
			db_rollback(w->other);
	}
	return 0;
}

static void the_patterns_hold_no_write_lock_while_they_read(void **state)
{
	struct fixture *f = *state;
	person(f->db, 1, "xa");
	for (int d = 1; d <= 5; d++)
		walked(f->db, 1, d, 7777, true);
	char err[256];
	struct writer_probe w = { .first_write_rc = -1 };
	assert_int_equal(db_open(&w.other, f->path, 0, false, err, sizeof err), 0);
	sqlite3_progress_handler(db_handle(f->db), 100, write_from_other_connection, &w);
	assert_int_equal(pass(f, july(6), FLAG_SAME_COUNTS), 1);
	sqlite3_progress_handler(db_handle(f->db), 0, NULL, NULL);
	assert_true(w.calls > 0);
	assert_int_equal(w.first_write_rc, SQLITE_OK);   /* not SQLITE_BUSY: the pass only read */
	int64_t login = 0;
	assert_int_equal(db_get_int(f->db, &login, "SELECT last_login_at FROM users WHERE id = 1", ""), SQLITE_OK);
	assert_int_equal(login, 1);
	db_close(w.other);
}

static void team(struct db *db, int64_t tid, int64_t first, int n)
{
	for (int64_t uid = first; uid < first + n; uid++)
		person(db, uid, "xa");
	assert_int_equal(db_execf(db, "INSERT INTO teams (id, activity_id, name, leader_id, created_at)"
	                              " VALUES (?1, 1, 'team ' || ?1, ?2, 0)", "ii", tid, first), SQLITE_OK);
	assert_int_equal(db_execf(db, "INSERT INTO team_members (activity_id, team_id, user_id, joined_at)"
	                              " SELECT 1, ?1, user_id, 0 FROM enrollments WHERE user_id BETWEEN ?2 AND ?3",
	                          "iii", tid, first, first + n - 1), SQLITE_OK);
}

static void team_same_counts_flags_the_members_with_one_number(void **state)
{
	struct fixture *f = *state;
	team(f->db, 1, 11, 4);   /* 11, 12, 13 walk the same 8000 on three days; 14 does not */
	team(f->db, 2, 21, 3);   /* the same on two days only */
	for (int d = 1; d <= 3; d++) {
		for (int uid = 11; uid <= 13; uid++)
			walked(f->db, uid, d, 8000, true);
		walked(f->db, 14, d, 8000 + d, true);
	}
	for (int d = 1; d <= 2; d++)
		for (int uid = 21; uid <= 23; uid++)
			walked(f->db, uid, d, 9000 + d, true);
	assert_int_equal(pass(f, july(3), FLAG_TEAM_SAME_COUNTS), 3);
	for (int uid = 11; uid <= 13; uid++)
		assert_int_equal(flags_of(f->db, uid, "team_same_counts"), 1);
	assert_int_equal(flags_of(f->db, 14, "team_same_counts"), 0);
	for (int uid = 21; uid <= 23; uid++)
		assert_int_equal(flags_of(f->db, uid, "team_same_counts"), 0);
	int64_t members = 0;
	assert_int_equal(db_get_int(f->db, &members, "SELECT json_array_length(evidence, '$.days[0].members')"
	                                             " FROM fairplay_flags WHERE user_id = 11", ""), SQLITE_OK);
	assert_int_equal(members, 3);
	/* Day 3 not yet looked at: team 1 has two such days, no flag. */
	assert_int_equal(pass(f, july(3), FLAG_TEAM_SAME_COUNTS), 0);
}

static void refusals(struct db *db, int64_t uid, int64_t n)
{
	assert_int_equal(db_execf(db, "INSERT OR REPLACE INTO werun_flags (activity_id, user_id, refusals, first_at, last_at,"
	                              " last_reason, window_start, window_refusals) VALUES (1, ?1, ?2, ?3, ?3,"
	                              " 'werun_undecryptable: duplicate key', ?3, 1)", "iii", uid, n, (int64_t)NOW),
	                 SQLITE_OK);
}

static void bad_payloads_flags_many_refusals_and_again_after_as_many_more(void **state)
{
	struct fixture *f = *state;
	person(f->db, 1, "xa");
	person(f->db, 2, "xa");
	refusals(f->db, 1, 10);
	refusals(f->db, 2, 9);
	assert_int_equal(pass(f, july(1), FLAG_BAD_PAYLOADS), 1);
	assert_int_equal(flags_of(f->db, 1, "bad_payloads"), 1);
	assert_int_equal(flags_of(f->db, 2, "bad_payloads"), 0);
	int64_t id = 0;
	assert_int_equal(db_get_int(f->db, &id, "SELECT id FROM fairplay_flags WHERE user_id = 1", ""), SQLITE_OK);
	assert_int_equal(store_flag_clear(f->db, 1, id, 0, "网络问题", NOW), SQLITE_OK);
	refusals(f->db, 1, 19);
	assert_int_equal(pass(f, july(1), FLAG_BAD_PAYLOADS), 0);
	refusals(f->db, 1, 20);
	assert_int_equal(pass(f, july(1), FLAG_BAD_PAYLOADS), 1);
	assert_int_equal(pass(f, july(1), FLAG_BAD_PAYLOADS), 0);
}

static void multi_mobile_flags_one_account_many_mobiles_and_one_mobile_many_accounts(void **state)
{
	struct fixture *f = *state;
	person_with(f->db, 1, "xa", "13800000001");
	person_with(f->db, 1, "xa", "13800000002");   /* the same account, a new mobile */
	person_with(f->db, 2, "xa", "13900000009");
	person_with(f->db, 3, "bj", "13900000009");   /* another account, the same mobile */
	person_with(f->db, 4, "xa", "13700000004");
	person_with(f->db, 4, "xa", "13700000004");   /* enrolled again, nothing new */
	assert_int_equal(pass(f, july(1), FLAG_MULTI_MOBILE), 3);
	assert_int_equal(flags_of(f->db, 1, "multi_mobile"), 1);
	assert_int_equal(flags_of(f->db, 2, "multi_mobile"), 1);
	assert_int_equal(flags_of(f->db, 3, "multi_mobile"), 1);
	assert_int_equal(flags_of(f->db, 4, "multi_mobile"), 0);
	/* The mobiles are named by their hashes: neither the evidence nor the
	 * history holds a number (schema 041). */
	int64_t labelled = 0, clear = -1;
	assert_int_equal(db_get_int(f->db, &labelled, "SELECT json_array_length(evidence, '$.mobiles')"
	                                              " FROM fairplay_flags WHERE user_id = 1"
	                                              " AND evidence LIKE '%\"#%' AND evidence NOT LIKE '%0001%'", ""),
	                 SQLITE_OK);
	assert_int_equal(labelled, 2);
	assert_int_equal(db_get_int(f->db, &clear, "SELECT count(*) FROM enrollment_mobiles WHERE mobile_index LIKE '13%'"
	                                           " OR length(mobile_index) < 32", ""), SQLITE_OK);
	assert_int_equal(clear, 0);
	int64_t accounts = 0;
	assert_int_equal(db_get_int(f->db, &accounts, "SELECT json_extract(evidence, '$.shared[0].accounts')"
	                                              " FROM fairplay_flags WHERE user_id = 3", ""), SQLITE_OK);
	assert_int_equal(accounts, 2);
	assert_int_equal(pass(f, july(1), FLAG_MULTI_MOBILE), 0);
	/* A third account on that mobile: 2 and 3 have more evidence, but their flags are open. */
	person_with(f->db, 5, "xa", "13900000009");
	assert_int_equal(pass(f, july(1), FLAG_MULTI_MOBILE), 1);
	assert_int_equal(flags_of(f->db, 5, "multi_mobile"), 1);
	/* A new data key hashes the same number anew (as store_pii_migrate.c
	 * does it): the hash is replaced, the account gains no mobile. */
	assert_int_equal(db_exec(f->db, "BEGIN IMMEDIATE; INSERT INTO pii_rehashing (open) VALUES (1);"
	                                " UPDATE enrollments SET mobile_index = 'ab' || mobile_index WHERE user_id = 4;"
	                                " DELETE FROM pii_rehashing; COMMIT"), SQLITE_OK);
	int64_t held = 0;
	assert_int_equal(db_get_int(f->db, &held, "SELECT count(*) FROM enrollment_mobiles WHERE user_id = 4"
	                                          " AND mobile_index LIKE 'ab%'", ""), SQLITE_OK);
	assert_int_equal(held, 1);
	assert_int_equal(db_get_int(f->db, &held, "SELECT count(*) FROM enrollment_mobiles WHERE user_id = 4", ""),
	                 SQLITE_OK);
	assert_int_equal(held, 1);
}

/* Everything of the ledger as one text. */
static char *ledger_text(struct db *db)
{
	sqlite3_stmt *st;
	assert_int_equal(db_row(db, &st, "SELECT coalesce(group_concat(id || ':' || user_id || ':' || kind || ':' || ref"
	                                 " || ':' || amount, ','), '') FROM ledger", ""), SQLITE_ROW);
	char *s = strdup((const char *)sqlite3_column_text(st, 0));
	db_finish(st, SQLITE_DONE);
	return s;
}

static void a_flag_never_changes_points(void **state)
{
	struct fixture *f = *state;
	person(f->db, 1, "xa");
	for (int d = 1; d <= 6; d++) {
		walked(f->db, 1, d, 7777, true);
		assert_int_equal(db_execf(f->db, "INSERT INTO ledger (activity_id, user_id, kind, ref, amount, created_at)"
		                                 " VALUES (1, 1, 'steps', ?1, 3, 0)", "t", july(d)), SQLITE_OK);
	}
	refusals(f->db, 1, 50);
	char *before = ledger_text(f->db);
	assert_true(strlen(before) > 0);
	assert_int_equal(pass(f, july(6), FLAG_SAME_COUNTS), 1);
	assert_int_equal(flags_of(f->db, 1, "bad_payloads"), 1);
	char *after = ledger_text(f->db);
	assert_string_equal(before, after);
	free(before);
	free(after);
}

static void the_disqualified_member_of_a_prize_team_wins_no_team_prize(void **state)
{
	struct fixture *f = *state;
	team(f->db, 1, 31, 3);
	assert_int_equal(store_disqualify(f->db, 1, 33, "2019-10-01", "摇步", 0, NOW), SQLITE_OK);
	assert_int_equal(db_exec(f->db, "INSERT INTO boards (activity_id, as_of, final, teams, people, created_at)"
	                                " VALUES (1, '2019-10-07', 1, 1, 3, 0);"
	                                "INSERT INTO team_board (activity_id, as_of, rank, team_id, name, members,"
	                                " compliant_days, team_steps, per_capita) VALUES (1, '2019-10-07', 1, 1, 'team 1',"
	                                " 2, 90, 1000000, 500000)"), SQLITE_OK);
	struct activity a;
	assert_int_equal(store_activity_load(f->db, 1, &a), SQLITE_OK);
	int64_t recorded = 0;
	assert_int_equal(store_awards_team_prizes(f->db, 1, &a.rules, NOW, &recorded), SQLITE_OK);
	assert_int_equal(recorded, 2);
	int64_t n = -1;
	assert_int_equal(db_get_int(f->db, &n, "SELECT count(*) FROM awards WHERE user_id = 33", ""), SQLITE_OK);
	assert_int_equal(n, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(cap_often_flags_the_capper_far_above_their_union, setup, teardown),
		cmocka_unit_test_setup_teardown(same_counts_flags_the_repeated_number, setup, teardown),
		cmocka_unit_test_setup_teardown(team_same_counts_flags_the_members_with_one_number, setup, teardown),
		cmocka_unit_test_setup_teardown(the_patterns_hold_no_write_lock_while_they_read, setup, teardown),
		cmocka_unit_test_setup_teardown(bad_payloads_flags_many_refusals_and_again_after_as_many_more, setup, teardown),
		cmocka_unit_test_setup_teardown(multi_mobile_flags_one_account_many_mobiles_and_one_mobile_many_accounts, setup,
		                                teardown),
		cmocka_unit_test_setup_teardown(a_flag_never_changes_points, setup, teardown),
		cmocka_unit_test_setup_teardown(the_disqualified_member_of_a_prize_team_wins_no_team_prize, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
