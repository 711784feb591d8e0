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

static void person_at(struct db *db, int64_t uid, const char *union_code, const char *mobile, int64_t at)
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
	assert_int_equal(store_enrollment_put(db, &sealer, &e, at), SQLITE_OK);
}

static void person_with(struct db *db, int64_t uid, const char *union_code, const char *mobile)
{
	person_at(db, uid, union_code, mobile, NOW - 86400 * 30);
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

/* Five times 5555, but the first of them 30 days before the last: out of the
 * window of 30 days, four are in it. */
static void same_counts_looks_at_the_window_only(void **state)
{
	struct fixture *f = *state;
	assert_int_equal(f->t.same_window, 30);
	person(f->db, 1, "xa");
	person(f->db, 2, "xa");
	const int days[] = { 1, 8, 15, 22, 31 };
	for (size_t i = 0; i < sizeof days / sizeof days[0]; i++) {
		walked(f->db, 1, days[i], 5555, true);
		walked(f->db, 2, days[i] == 1 ? 2 : days[i], 4444, true);   /* all five within 07-02..07-31 */
	}
	assert_int_equal(pass(f, july(31), FLAG_SAME_COUNTS), 1);
	assert_int_equal(flags_of(f->db, 1, "same_counts"), 0);
	assert_int_equal(flags_of(f->db, 2, "same_counts"), 1);
}

/*
 * Night by night the window patterns read only the new days (and the windows
 * of people whose flag was cleared since): their flags must be the whole
 * window's.  Two databases get the same nights of pseudo-random counts, drawn
 * from a few numbers so that they repeat, and the same clears; one keeps its
 * pass state, the other forgets it before every pass and so reads its whole
 * window each night.  Their flags must stay identical.
 */
enum { NIGHTS = 40, SOLO = 12, TEAMS = 4, TEAM_SIZE = 4 };

static void one_day(int n, char out[CAL_DAY_BUF])
{
	cal_format_day(cal_days_from_civil(2019, 7, 1) + n - 1, out, CAL_DAY_BUF);
}

static uint32_t next_random(uint32_t *state)
{
	*state = *state * 1103515245u + 12345u;
	return *state >> 16;
}

static void two_databases_people(struct db *db)
{
	for (int64_t uid = 1; uid <= SOLO; uid++)
		person(db, uid, "xa");
	for (int t = 0; t < TEAMS; t++)
		team(db, t + 1, 100 + t * 10, TEAM_SIZE);
	/* Each team's second member moves to the next team, on nights 8, 14, 20
	 * and 26 (as the settlement judges, from that day on): a pattern counts
	 * their days in both teams. */
	for (int t = 0; t < TEAMS; t++) {
		char day[CAL_DAY_BUF];
		one_day(7 + 6 * t, day);
		int64_t uid = 100 + t * 10 + 1;
		assert_int_equal(db_execf(db, "UPDATE team_members SET left_at = unixepoch(?1) + 3600 WHERE user_id = ?2",
		                          "ti", day, uid), SQLITE_OK);
		assert_int_equal(db_execf(db, "INSERT INTO team_members (activity_id, team_id, user_id, joined_at)"
		                              " VALUES (1, ?2, ?3, unixepoch(?1) + 3600)", "tii", day, (t + 1) % TEAMS + 1, uid),
		                 SQLITE_OK);
	}
}

static void night_counts(struct db *a, struct db *b, int n, uint32_t *random)
{
	static const int64_t numbers[] = { 0, 5000, 6000 };
	char day[CAL_DAY_BUF];
	one_day(n, day);
	for (int64_t uid = 1; uid <= 140; uid++) {
		if (uid > SOLO && (uid < 100 || (uid - 100) % 10 >= TEAM_SIZE))
			continue;
		uint32_t r = next_random(random);
		int64_t raw = r % 4 == 0 ? 3000 + (int64_t)(r % 9000) : numbers[r % 3];
		struct db *both[] = { a, b };
		for (int i = 0; i < 2; i++)
			assert_int_equal(db_execf(both[i], "INSERT INTO daily_steps (activity_id, user_id, day, raw_steps, settled,"
			                                  " first_sync_at, last_sync_at) VALUES (1, ?1, ?2, ?3, 1, 0, 0)",
			                          "iti", uid, day, raw), SQLITE_OK);
	}
}

static void flags_text(struct db *db, char *out, size_t len)
{
	sqlite3_stmt *st;
	int rc = db_row(db, &st, "SELECT coalesce(group_concat(r, char(10)), '') FROM (SELECT user_id || ' ' || kind || ' '"
	                         " || coalesce(first_day, '') || ' ' || coalesce(last_day, '') || ' ' || amount || ' ' || state"
	                         " || ' ' || evidence AS r FROM fairplay_flags ORDER BY kind, user_id, id)", "");
	assert_int_equal(rc, SQLITE_ROW);
	snprintf(out, len, "%s", (const char *)sqlite3_column_text(st, 0));
	assert_int_equal(db_finish(st, rc), SQLITE_OK);
}

/* Every third night a solo walker takes a new mobile, now and then one that
 * another account has, and their flag of multi_mobile may be open: the new
 * rows alone are what a night reads. */
static void new_mobiles(struct db *a, struct db *b, int n, int64_t at)
{
	if (n % 3)
		return;
	char mobile[16];
	int64_t uid = n / 3 % 4 + 1;
	snprintf(mobile, sizeof mobile, n % 2 ? "138%08d" : "139%08d", n % 2 ? n : 1);
	person_at(a, uid, "xa", mobile, at);
	person_at(b, uid, "xa", mobile, at);
}

/* Clears the open flags of every fifth person (by night), in both. */
static void clear_some(struct db *a, struct db *b, int n, int64_t at)
{
	struct db *both[] = { a, b };
	for (int i = 0; i < 2; i++)
		assert_int_equal(db_execf(both[i], "UPDATE fairplay_flags SET state = 'cleared', cleared_at = ?2,"
		                                  " clear_reason = 'test' WHERE state = 'open' AND (user_id + ?1) % 5 = 0",
		                          "ni", n, at), SQLITE_OK);
}

static void the_window_patterns_read_only_whats_new_and_find_the_whole_windows_flags(void **state)
{
	struct fixture *f = *state;
	char path[128];
	struct db *whole;
	scratch_db_open(path, sizeof path, &whole, "fairplay-whole", 1000, true);
	f->t.same_days = 3;
	f->t.same_window = 7;
	f->t.team_same_members = 2;
	f->t.team_same_days = 2;
	two_databases_people(f->db);
	two_databases_people(whole);
	uint32_t random = 7;
	static char mine[1 << 16], theirs[1 << 16];
	int64_t raised = 0, incremental = 0;
	for (int n = 1; n <= NIGHTS; n++) {
		night_counts(f->db, whole, n, &random);
		char day[CAL_DAY_BUF];
		one_day(n, day);
		int64_t now = NOW + n * 86400, r[FLAG_KINDS];
		new_mobiles(f->db, whole, n, now - 1000);
		assert_int_equal(db_exec(whole, "DELETE FROM fairplay_passes"), SQLITE_OK);
		assert_int_equal(fairplay_flags_pass(whole, 1, day, &f->t, now, r), SQLITE_OK);
		raised += r[FLAG_SAME_COUNTS] + r[FLAG_TEAM_SAME_COUNTS];
		assert_int_equal(fairplay_flags_pass(f->db, 1, day, &f->t, now, r), SQLITE_OK);
		assert_int_equal(db_get_int(f->db, &incremental, "SELECT count(*) FROM fairplay_passes WHERE last_day = ?1",
		                            "t", day), SQLITE_OK);
		assert_int_equal(incremental, 3);   /* same_counts, team_same_counts, multi_mobile */
		flags_text(f->db, mine, sizeof mine);
		flags_text(whole, theirs, sizeof theirs);
		if (strcmp(mine, theirs) != 0)
			fail_msg("night %d: read night by night\n%s\nthe whole window\n%s", n, mine, theirs);
		clear_some(f->db, whole, n, now + 1000);
	}
	/* Enough happened for the comparison to mean something. */
	int64_t cleared = 0, kinds = 0;
	assert_int_equal(db_get_int(f->db, &cleared, "SELECT count(*) FROM fairplay_flags WHERE state = 'cleared'", ""),
	                 SQLITE_OK);
	assert_int_equal(db_get_int(f->db, &kinds, "SELECT count(DISTINCT kind) FROM fairplay_flags", ""), SQLITE_OK);
	assert_true(raised >= 20);
	assert_true(cleared >= 5);
	assert_int_equal(kinds, 3);
	scratch_db_close(whole, path);
}

/* Other thresholds than the previous pass's: the whole window again. */
static void other_thresholds_look_at_the_whole_window_again(void **state)
{
	struct fixture *f = *state;
	person(f->db, 1, "xa");
	for (int d = 1; d <= 4; d++)
		walked(f->db, 1, d, 7777, true);
	assert_int_equal(pass(f, july(4), FLAG_SAME_COUNTS), 0);   /* four: under 5 */
	walked(f->db, 1, 5, 1234, true);
	f->t.same_days = 4;
	assert_int_equal(pass(f, july(5), FLAG_SAME_COUNTS), 1);   /* 7777 is on none of the new days */
	sqlite3_stmt *st;
	assert_int_equal(db_row(f->db, &st, "SELECT last_day || ' ' || thresholds FROM fairplay_passes"
	                                    " WHERE kind = 'same_counts'", ""), SQLITE_ROW);
	assert_string_equal((const char *)sqlite3_column_text(st, 0), "2019-07-05 4/30");
	assert_int_equal(db_finish(st, SQLITE_ROW), SQLITE_OK);
}

/* 11 walks the same as 12 in team 1 on days 1 and 2, then moves to team 2
 * and walks the same as 21 on day 3: three such days, two of them in the team
 * left, which tonight's new day does not name. */
static void team_same_counts_counts_the_days_in_a_team_left(void **state)
{
	struct fixture *f = *state;
	f->t.team_same_members = 2;
	team(f->db, 1, 11, 2);
	team(f->db, 2, 21, 2);
	for (int d = 1; d <= 2; d++) {
		walked(f->db, 11, d, 8000, true);
		walked(f->db, 12, d, 8000, true);
		walked(f->db, 21, d, 5000 + d, true);
		walked(f->db, 22, d, 6000 + d, true);
		assert_int_equal(pass(f, july(d), FLAG_TEAM_SAME_COUNTS), 0);
	}
	assert_int_equal(db_execf(f->db, "UPDATE team_members SET left_at = unixepoch(?1) + 3600 WHERE user_id = 11", "t",
	                          july(3)), SQLITE_OK);
	assert_int_equal(db_execf(f->db, "INSERT INTO team_members (activity_id, team_id, user_id, joined_at)"
	                                 " VALUES (1, 2, 11, unixepoch(?1) + 3600)", "t", july(3)), SQLITE_OK);
	walked(f->db, 11, 3, 9000, true);
	walked(f->db, 21, 3, 9000, true);
	walked(f->db, 12, 3, 7000, true);
	walked(f->db, 22, 3, 7001, true);
	assert_int_equal(pass(f, july(3), FLAG_TEAM_SAME_COUNTS), 1);
	assert_int_equal(flags_of(f->db, 11, "team_same_counts"), 1);
	int64_t teams = 0;
	assert_int_equal(db_get_int(f->db, &teams, "SELECT count(DISTINCT json_extract(value, '$.team')) FROM fairplay_flags,"
	                                           " json_each(evidence, '$.days') WHERE user_id = 11", ""), SQLITE_OK);
	assert_int_equal(teams, 2);
}

/* 7777 on days 1 to 10: flagged on night 5, the flag open until the morning
 * of day 11, when it is cleared.  A look back at day 5 that morning neither
 * raises anything nor takes the clear away from night 11, which flags days
 * 6 to 10. */
static void a_look_back_leaves_the_clears_to_the_next_night(void **state)
{
	struct fixture *f = *state;
	person(f->db, 1, "xa");
	int64_t raised[FLAG_KINDS];
	for (int d = 1; d <= 10; d++) {
		walked(f->db, 1, d, 7777, true);
		assert_int_equal(fairplay_flags_pass(f->db, 1, july(d), &f->t, NOW + d * 86400, raised), SQLITE_OK);
		assert_int_equal(raised[FLAG_SAME_COUNTS], d == 5);
	}
	int64_t id = 0, morning = NOW + 10 * 86400 + 1000;
	assert_int_equal(db_get_int(f->db, &id, "SELECT id FROM fairplay_flags WHERE kind = 'same_counts'", ""), SQLITE_OK);
	assert_int_equal(store_flag_clear(f->db, 1, id, 0, "查过了", morning), SQLITE_OK);
	assert_int_equal(fairplay_flags_pass(f->db, 1, july(5), &f->t, morning + 7200, raised), SQLITE_OK);
	assert_int_equal(raised[FLAG_SAME_COUNTS], 0);
	walked(f->db, 1, 11, 1234, true);
	assert_int_equal(fairplay_flags_pass(f->db, 1, july(11), &f->t, NOW + 11 * 86400, raised), SQLITE_OK);
	assert_int_equal(raised[FLAG_SAME_COUNTS], 1);
	int64_t n = 0;
	assert_int_equal(db_get_int(f->db, &n, "SELECT amount FROM fairplay_flags WHERE kind = 'same_counts'"
	                                       " AND state = 'open' AND first_day = '2019-07-06'", ""), SQLITE_OK);
	assert_int_equal(n, 5);
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
	/* A third account on that mobile, since the last pass (which the next
	 * one reads alone): 2 and 3 have more evidence, but their flags are open. */
	person_at(f->db, 5, "xa", "13900000009", NOW);
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
	/* Rehashed rows keep their first_at: the next pass reads everyone. */
	assert_int_equal(db_get_int(f->db, &held, "SELECT count(*) FROM fairplay_passes WHERE kind = 'multi_mobile'", ""),
	                 SQLITE_OK);
	assert_int_equal(held, 0);
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
		cmocka_unit_test_setup_teardown(same_counts_looks_at_the_window_only, setup, teardown),
		cmocka_unit_test_setup_teardown(the_window_patterns_read_only_whats_new_and_find_the_whole_windows_flags, setup,
		                                teardown),
		cmocka_unit_test_setup_teardown(other_thresholds_look_at_the_whole_window_again, setup, teardown),
		cmocka_unit_test_setup_teardown(a_look_back_leaves_the_clears_to_the_next_night, setup, teardown),
		cmocka_unit_test_setup_teardown(team_same_counts_flags_the_members_with_one_number, setup, teardown),
		cmocka_unit_test_setup_teardown(team_same_counts_counts_the_days_in_a_team_left, setup, teardown),
		cmocka_unit_test_setup_teardown(the_patterns_hold_no_write_lock_while_they_read, setup, teardown),
		cmocka_unit_test_setup_teardown(bad_payloads_flags_many_refusals_and_again_after_as_many_more, setup, teardown),
		cmocka_unit_test_setup_teardown(multi_mobile_flags_one_account_many_mobiles_and_one_mobile_many_accounts, setup,
		                                teardown),
		cmocka_unit_test_setup_teardown(a_flag_never_changes_points, setup, teardown),
		cmocka_unit_test_setup_teardown(the_disqualified_member_of_a_prize_team_wins_no_team_prize, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
