/* Badges, the grand-prize draw, team prizes, working days and the shipping
 * import: the pure rules table by table, the store against a scratch
 * database.  Checkpoint passes are inserted straight into checkpoint_passes
 * with SQL: the handler that writes them belongs to the checkpoints feature. */
#include "calendar.h"
#include "db.h"
#include "rules_prize.h"
#include "rules_workdays.h"
#include "settle.h"
#include "store_awards_import.h"
#include "store_activity.h"
#include "store_awards.h"
#include "store_badges.h"
#include "store_ledger.h"
#include "store_prizes.h"

#include "scratch_db.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int32_t day_of(const char *text)
{
	int32_t d;
	assert_true(cal_parse_day(text, &d));
	return d;
}

static void expect_after(const char *from, int n, const char *want)
{
	struct rules_official_calendar c = rules_official_calendar();
	int32_t due;
	assert_true(rules_working_day_after(&c, day_of(from), n, &due));
	char got[CAL_DAY_BUF];
	cal_format_day(due, got, sizeof got);
	assert_string_equal(got, want);
}

/*
 * Checked by hand on the State Council's notice for 2019 (国办发明电〔2018〕15号:
 * 10-01…10-07 off, Sunday 09-29 and Saturday 10-12 worked).  From Thursday
 * 2019-09-26, the working days after it are: 09-27 Fri (1), 09-29 Sun worked
 * (2), 09-30 Mon (3), the holiday 10-01…10-07, 10-08 Tue (4), 10-09 (5),
 * 10-10 (6), 10-11 Fri (7), 10-12 Sat worked (8), 10-14 Mon (9) … 10-18 Fri
 * (13), 10-21 Mon (14), 10-22 Tue (15).  Plain weekdays would give 10-17.
 */
static void fifteen_working_days_around_national_day(void **state)
{
	(void)state;
	expect_after("2019-09-26", 15, "2019-10-22");
	expect_after("2019-09-26", 1, "2019-09-27");
	expect_after("2019-09-26", 2, "2019-09-29");   /* the Sunday worked */
	expect_after("2019-09-26", 3, "2019-09-30");
	expect_after("2019-09-26", 4, "2019-10-08");   /* over the holiday */
	expect_after("2019-09-26", 8, "2019-10-12");   /* the Saturday worked */
	expect_after("2019-09-30", 1, "2019-10-08");
	struct rules_official_calendar c = rules_official_calendar();
	assert_false(rules_is_working_day(&c, day_of("2019-10-01")));
	assert_false(rules_is_working_day(&c, day_of("2019-10-04")));   /* a Friday off */
	assert_true(rules_is_working_day(&c, day_of("2019-09-29")));
	assert_false(rules_is_working_day(&c, day_of("2019-10-13")));   /* an ordinary Sunday */
	assert_false(rules_is_working_day(&c, day_of("2018-12-31")));   /* before the data */
	int32_t due;
	assert_false(rules_working_day_after(&c, day_of("2018-12-20"), 15, &due));
}

static void rejection_sampling_has_no_modulo_bias(void **state)
{
	(void)state;
	uint64_t pos;
	/* m = 3: 2^64 mod 3 = 1, so only the very last value is refused. */
	assert_true(rules_prize_pick(UINT64_MAX - 1, 3, &pos));
	assert_int_equal(pos, (UINT64_MAX - 1) % 3);
	assert_false(rules_prize_pick(UINT64_MAX, 3, &pos));
	/* A power of two divides 2^64: nothing is refused. */
	assert_true(rules_prize_pick(UINT64_MAX, 4, &pos));
	assert_int_equal(pos, 3);
	/* m = 2^63 + 1: 2^64 mod m = 2^63 - 1, so only [0, m) is kept. */
	uint64_t m = (UINT64_C(1) << 63) + 1;
	assert_true(rules_prize_pick(m - 1, m, &pos));
	assert_int_equal(pos, m - 1);
	assert_false(rules_prize_pick(m, m, &pos));
	assert_false(rules_prize_pick(UINT64_MAX, m, &pos));
	assert_true(rules_prize_pick(0, 1, &pos));
	assert_int_equal(pos, 0);
}

/* Blocks from a fixed script: the first 8 bytes are values[counter]. */
static void scripted_block(uint64_t counter, unsigned char block[RULES_PRIZE_BLOCK], void *arg)
{
	const uint64_t *values = arg;
	memset(block, 0, RULES_PRIZE_BLOCK);
	for (int i = 0; i < 8; i++)
		block[i] = (unsigned char)(values[counter] >> (56 - 8 * i));
}

static void a_person_wins_at_most_once(void **state)
{
	(void)state;
	/* Entries 0 and 2 are person 7's; the second value is refused for m = 3. */
	const int64_t persons[] = { 7, 8, 7, 9 };
	uint64_t values[] = { 2, UINT64_MAX, 0, 0, 0 };
	size_t work[4], winners[4];
	size_t filled = rules_prize_draw(persons, 4, 4, scripted_block, values, work, winners);
	/* m = 4 → position 2 (person 7); person 7's entries leave: [8, 9]; m = 2:
	 * UINT64_MAX accepted (2 divides 2^64), position 1 → 9; [8]: 0 → 8. */
	assert_int_equal(filled, 3);
	assert_int_equal(winners[0], 2);
	assert_int_equal(winners[1], 3);
	assert_int_equal(winners[2], 1);
}

/* ---------------------------------------------------------------- store */

struct fixture {
	char path[128];
	struct db *db;
	struct activity a;
};

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof *f);
	scratch_db_open(f->path, sizeof f->path, &f->db, "prizes", 1000, true);
	assert_int_equal(store_activity_load(f->db, 1, &f->a), SQLITE_OK);
	assert_int_equal(db_exec(f->db, "INSERT INTO users (id, openid, session_key, created_at, last_login_at)"
	                                " WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 40)"
	                                " SELECT i, 'o' || i, 'k', 0, 0 FROM n;"
	                                "INSERT INTO enrollments (activity_id, user_id, name, mobile, region_code,"
	                                " union_code, unit, department, created_at, updated_at)"
	                                " SELECT 1, id, '张' || id, '13800000000', 'xa', CASE WHEN id % 2 = 0 THEN 'xa'"
	                                " ELSE 'bj' END, 'u', 'd', 0, 0 FROM users"),
	                 SQLITE_OK);
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

static void check_in(struct fixture *f, int64_t user, int32_t day)
{
	assert_int_equal(store_ledger_award(f->db, 1, user, RULES_LEDGER_CHECKIN, day, 1, cal_day_start(day) + 3600, NULL),
	                 SQLITE_OK);
}

static void pass_all(struct fixture *f, int64_t user, int64_t first_at)
{
	char sql[256];
	for (int seq = 1; seq <= f->a.rules.checkpoint_count; seq++) {
		snprintf(sql, sizeof sql, "INSERT INTO checkpoint_passes (activity_id, user_id, seq, passed_at)"
		                          " VALUES (1, %lld, %d, %lld)", (long long)user, seq, (long long)(first_at + seq));
		assert_int_equal(db_exec(f->db, sql), SQLITE_OK);
	}
}

static int64_t sql_int(struct fixture *f, const char *sql)
{
	int64_t v = -1;
	assert_int_equal(db_get_int(f->db, &v, sql, ""), SQLITE_OK);
	return v;
}

/* A scripted 100-day history: user 1 checks in every day, user 2 every day
 * but 2019-08-15; user 3 passes all 13 checkpoints, user 4 only 12.  Users 5,
 * 6 and 7 check in without the handler's call, so that the night finds them:
 * 5 every day, 6 every day but the first, 7 every day but the last. */
static void badges_from_a_hundred_day_history(void **state)
{
	struct fixture *f = *state;
	const struct activity_rules *r = &f->a.rules;
	int recorded = 0;
	for (int32_t d = r->first_day; d <= r->last_day; d++) {
		check_in(f, 1, d);
		if (d != day_of("2019-08-15"))
			check_in(f, 2, d);
		check_in(f, 5, d);
		if (d != r->first_day)
			check_in(f, 6, d);
		if (d != r->last_day)
			check_in(f, 7, d);
		/* The check-in handler's call: nothing is due before the last day. */
		assert_int_equal(store_badges_record_due(f->db, 1, r, 1, &recorded), SQLITE_OK);
		assert_int_equal(recorded, d == r->last_day ? 1 : 0);
	}
	pass_all(f, 3, 1567000000);
	pass_all(f, 4, 1567000000);
	assert_int_equal(db_exec(f->db, "DELETE FROM checkpoint_passes WHERE user_id = 4 AND seq = 13"), SQLITE_OK);
	int64_t nightly = 0;
	assert_int_equal(store_badges_record_all_due(f->db, 1, r, true, &nightly), SQLITE_OK);
	assert_int_equal(nightly, 2);   /* user 3's and 5's; user 1's was recorded at the check-in */
	assert_int_equal(sql_int(f, "SELECT count(*) FROM badges WHERE user_id = 5 AND kind = 'full_attendance'"), 1);
	assert_int_equal(sql_int(f, "SELECT count(*) FROM badges WHERE user_id IN (6, 7)"), 0);
	assert_int_equal(store_badges_record_all_due(f->db, 1, r, true, &nightly), SQLITE_OK);
	assert_int_equal(nightly, 0);
	struct badge b[BADGE_KIND_COUNT];
	int n = 0;
	assert_int_equal(store_badges_of_user(f->db, 1, 1, b, &n), SQLITE_OK);
	assert_int_equal(n, 1);
	assert_int_equal(b[0].kind, BADGE_FULL_ATTENDANCE);
	assert_int_equal(b[0].earned_at, cal_day_start(r->last_day) + 3600);   /* the last day's check-in */
	assert_int_equal(store_badges_of_user(f->db, 1, 2, b, &n), SQLITE_OK);
	assert_int_equal(n, 0);
	assert_int_equal(store_badges_of_user(f->db, 1, 3, b, &n), SQLITE_OK);
	assert_int_equal(n, 1);
	assert_int_equal(b[0].kind, BADGE_ALL_CHECKPOINTS);
	assert_int_equal(b[0].earned_at, 1567000000 + 13);   /* the 13th pass */
	assert_int_equal(store_badges_of_user(f->db, 1, 4, b, &n), SQLITE_OK);
	assert_int_equal(n, 0);
}

/* Go-live wipes the badges of the public test, and only those. */
static void go_live_wipes_the_badges_of_the_public_test(void **state)
{
	struct fixture *f = *state;
	int64_t go_live = cal_day_start(f->a.rules.first_day);
	assert_int_equal(db_execf(f->db, "INSERT INTO badges VALUES (1, 1, 'all_checkpoints', ?1),"
	                                 " (1, 2, 'all_checkpoints', ?2)", "ii", go_live - 60, go_live), SQLITE_OK);
	bool done = false;
	struct settle_wiped wiped;
	char reason[200];
	assert_int_equal(settle_golive(f->db, &f->a, go_live + 3600, &done, &wiped, reason, sizeof reason), SETTLE_OK);
	assert_true(done);
	assert_int_equal(sql_int(f, "SELECT count(*) FROM badges WHERE user_id = 1"), 0);
	assert_int_equal(sql_int(f, "SELECT count(*) FROM badges WHERE user_id = 2"), 1);
}

/* Writes the canonical entries and the seed, runs the independent Python
 * re-implementation (test/tools/prize_verify.py) and compares its winners
 * line by line with the awards the store made. */
static void python_agrees(struct fixture *f, const struct prize_draw *d, int64_t slots)
{
	struct buf text = { 0 };
	assert_int_equal(store_prize_entries_text(f->db, 1, &text), SQLITE_OK);
	char file[160];
	snprintf(file, sizeof file, "%s.entries", f->path);
	FILE *out = fopen(file, "wb");
	assert_non_null(out);
	assert_int_equal(fwrite(text.data, 1, text.len, out), text.len);
	fclose(out);
	buf_free(&text);
	char seed[2 * PRIZE_SEED_SIZE + 1], cmd[512], line[256];
	crypto_hex(d->seed, PRIZE_SEED_SIZE, seed);
	snprintf(cmd, sizeof cmd, "python3 test/tools/prize_verify.py %s %s %lld", seed, file, (long long)slots);
	FILE *p = popen(cmd, "r");
	assert_non_null(p);
	assert_non_null(fgets(line, sizeof line, p));
	char want[200];
	snprintf(want, sizeof want, "commitment %s\n", d->commitment);
	assert_string_equal(line, want);
	assert_non_null(fgets(line, sizeof line, p));
	snprintf(want, sizeof want, "entries_sha256 %s\n", d->entries_sha256);
	assert_string_equal(line, want);
	int64_t k = 0;
	while (fgets(line, sizeof line, p)) {
		long long slot, entry, person;
		assert_int_equal(sscanf(line, "%lld %lld %lld", &slot, &entry, &person), 3);
		char sql[256];
		snprintf(sql, sizeof sql, "SELECT count(*) FROM awards WHERE kind = 'grand' AND id = (SELECT id FROM awards"
		                          " WHERE kind = 'grand' ORDER BY id LIMIT 1 OFFSET %lld) AND entry_no = %lld"
		                          " AND user_id = %lld", slot - 1, entry, person);
		assert_int_equal(sql_int(f, sql), 1);
		k++;
	}
	assert_int_equal(pclose(p), 0);
	assert_int_equal(k, slots);
	remove(file);
}

static void the_draw_commits_draws_and_matches_an_independent_run(void **state)
{
	struct fixture *f = *state;
	const struct activity_rules *r = &f->a.rules;
	/* 30 badge holders, ten of them with both badges (two entries). */
	for (int64_t u = 1; u <= 30; u++) {
		assert_int_equal(db_execf(f->db, "INSERT INTO badges VALUES (1, ?1, 'full_attendance', ?2)", "ii", u,
		                          (int64_t)1570000000 + u % 7), SQLITE_OK);
		if (u % 3 == 0)
			assert_int_equal(db_execf(f->db, "INSERT INTO badges VALUES (1, ?1, 'all_checkpoints', ?2)", "ii", u,
			                          (int64_t)1569000000 + u), SQLITE_OK);
	}
	int64_t id;
	assert_int_equal(store_prizes_add(f->db, 1, "小米手机9", 2, 1, &id), SQLITE_OK);
	assert_int_equal(store_prizes_add(f->db, 1, "小米手环3", 10, 1, &id), SQLITE_OK);
	assert_int_equal(store_prizes_add(f->db, 1, "小米手环3", 1, 1, &id) & 0xff, SQLITE_CONSTRAINT);
	unsigned char seed[PRIZE_SEED_SIZE];
	crypto_random(seed, sizeof seed);
	struct prize_draw d;
	assert_int_equal(store_prize_commit(f->db, 1, seed, 1571000000, &d), SQLITE_OK);
	assert_int_equal(d.entries, 40);
	/* A second commit is refused by the table itself (the handler answers 409 before). */
	assert_int_equal(store_prize_commit(f->db, 1, seed, 1571000000, &d) & 0xff, SQLITE_CONSTRAINT);
	assert_int_equal(sql_int(f, "SELECT count(*) FROM prize_entries"), 40);
	/* The documented order: earned_at first. */
	assert_int_equal(sql_int(f, "SELECT badge = 'all_checkpoints' FROM prize_entries WHERE entry_no = 1"), 1);
	int64_t winners = 0;
	assert_int_equal(store_prize_draw_run(f->db, 1, 1571000100, &winners), SQLITE_OK);
	assert_int_equal(winners, 12);
	assert_int_equal(sql_int(f, "SELECT count(DISTINCT user_id) FROM awards WHERE kind = 'grand'"), 12);
	assert_int_equal(sql_int(f, "SELECT count(*) FROM awards a JOIN grand_prizes g ON g.id = a.grand_prize_id"
	                            " WHERE g.name = '小米手机9'"), 2);
	assert_int_equal(store_prize_draw_get(f->db, 1, &d), SQLITE_OK);
	assert_memory_equal(d.seed, seed, sizeof seed);
	assert_int_equal(d.drawn_at, 1571000100);
	python_agrees(f, &d, 12);
	(void)r;
}

/* The final board of 2019-10-07 with 35 teams; team 2 (rank 2) had a member
 * who left on 10-06 and one who joined on 10-08: neither is a winner. */
static void team_prizes_go_to_the_members_on_the_last_board_day(void **state)
{
	struct fixture *f = *state;
	int64_t none = -1;
	assert_int_equal(store_awards_team_prizes(f->db, 1, &f->a.rules, 1, &none), SQLITE_OK);
	assert_int_equal(none, 0);   /* no final board yet */
	int64_t oct7 = cal_day_start(day_of("2019-10-07")), oct8 = cal_day_start(day_of("2019-10-08"));
	assert_int_equal(db_exec(f->db, "INSERT INTO boards (activity_id, as_of, final, teams, people, created_at)"
	                                " VALUES (1, '2019-10-07', 1, 35, 0, 0)"), SQLITE_OK);
	for (int64_t t = 1; t <= 35; t++) {
		assert_int_equal(db_execf(f->db, "INSERT INTO teams (id, activity_id, name, leader_id, created_at)"
		                                 " VALUES (?1, 1, 'T' || ?1, 1, 0)", "i", t), SQLITE_OK);
		/* Ranks in reverse of the ids, so that the rank and not the id decides. */
		assert_int_equal(db_execf(f->db, "INSERT INTO team_board VALUES (1, '2019-10-07', ?2, ?1, 'T', 1, 0, 0, 0)",
		                          "ii", t, 36 - t), SQLITE_OK);
	}
	/* Users 1..35 each in the team of their number; team 34 (rank 2) also has
	 * user 36 who left during 10-06 and user 37 who joined on 10-08. */
	assert_int_equal(db_exec(f->db, "INSERT INTO team_members (activity_id, team_id, user_id, joined_at)"
	                                " SELECT 1, id, id, 0 FROM teams"), SQLITE_OK);
	assert_int_equal(db_execf(f->db, "INSERT INTO team_members (activity_id, team_id, user_id, joined_at, left_at)"
	                                 " VALUES (1, 34, 36, 0, ?1), (1, 34, 37, ?2, NULL)",
	                          "ii", oct7 - 3600, oct8 + 60), SQLITE_OK);
	int64_t recorded = 0;
	assert_int_equal(store_awards_team_prizes(f->db, 1, &f->a.rules, 2, &recorded), SQLITE_OK);
	assert_int_equal(recorded, 33);
	assert_int_equal(store_awards_team_prizes(f->db, 1, &f->a.rules, 3, &recorded), SQLITE_OK);
	assert_int_equal(recorded, 0);
	assert_int_equal(sql_int(f, "SELECT tier FROM awards WHERE user_id = 35"), 1);   /* rank 1 */
	assert_int_equal(sql_int(f, "SELECT tier FROM awards WHERE user_id = 33"), 1);   /* rank 3 */
	assert_int_equal(sql_int(f, "SELECT tier FROM awards WHERE user_id = 32"), 2);   /* rank 4 */
	assert_int_equal(sql_int(f, "SELECT tier FROM awards WHERE user_id = 23"), 2);   /* rank 13 */
	assert_int_equal(sql_int(f, "SELECT tier FROM awards WHERE user_id = 22"), 3);   /* rank 14 */
	assert_int_equal(sql_int(f, "SELECT tier FROM awards WHERE user_id = 3"), 3);    /* rank 33 */
	assert_int_equal(sql_int(f, "SELECT count(*) FROM awards WHERE user_id IN (1, 2, 36, 37)"), 0);
}

/* ---------------------------------------------------------------- import */

struct lines {
	int ok, bad;
	int64_t bad_line[8];
	struct shipping_line last;
};

static void take_ok(const struct shipping_line *l, void *arg)
{
	struct lines *x = arg;
	x->ok++;
	x->last = *l;
}

static void take_bad(int64_t line, const char *message, void *arg)
{
	struct lines *x = arg;
	assert_non_null(message);
	if (x->bad < 8)
		x->bad_line[x->bad] = line;
	x->bad++;
}

static void the_shipping_import_checks_each_line(void **state)
{
	(void)state;
	const char csv[] = "\xEF\xBB\xBF奖项ID,快递公司,快递单号\r\n"
	                   "12,顺丰速运,SF1234567890\r\n"
	                   "\r\n"
	                   "13,\"中通,快递\",ZT-99887766\r\n"
	                   "x,顺丰,SF1234567890\r\n"
	                   "14,顺丰,short\r\n"
	                   "15,,SF1234567890\r\n"
	                   "16,顺丰,SF1234567890,extra\r\n"
	                   "17,\"broken,SF1234567890\n";
	struct lines x = { 0 };
	assert_true(shipping_import_parse(csv, sizeof csv - 1, take_ok, take_bad, &x));
	assert_int_equal(x.ok, 2);
	assert_int_equal(x.last.award_id, 13);
	assert_string_equal(x.last.courier, "中通,快递");
	assert_string_equal(x.last.tracking, "ZT-99887766");
	assert_int_equal(x.bad, 5);
	const int64_t want[] = { 5, 6, 7, 8, 9 };
	for (int i = 0; i < 5; i++)
		assert_int_equal(x.bad_line[i], want[i]);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(fifteen_working_days_around_national_day),
		cmocka_unit_test(rejection_sampling_has_no_modulo_bias),
		cmocka_unit_test(a_person_wins_at_most_once),
		cmocka_unit_test_setup_teardown(badges_from_a_hundred_day_history, setup, teardown),
		cmocka_unit_test_setup_teardown(go_live_wipes_the_badges_of_the_public_test, setup, teardown),
		cmocka_unit_test_setup_teardown(the_draw_commits_draws_and_matches_an_independent_run, setup, teardown),
		cmocka_unit_test_setup_teardown(team_prizes_go_to_the_members_on_the_last_board_day, setup, teardown),
		cmocka_unit_test(the_shipping_import_checks_each_line),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
