/* Admin corrections of teams and the nightly settlement (RULES §4–§6;
 * lib/store/store_team_admin.c, lib/settle): a member moved on day D counts
 * for the old team on D and for the new one from D+1, never twice; a leader
 * hand-over changes no result; the leader bonus stays once per leader.  A
 * real SQLite file (scratch_db), users and teams made in SQL, steps in
 * daily_steps as the sync leaves them, then settle_day of D and D+1. */
#include "calendar.h"
#include "db.h"
#include "settle.h"
#include "store_activity.h"
#include "store_team_admin.h"

#include "scratch_db.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>

struct fixture {
	char path[128];
	struct db *db;
	struct activity a;
	int32_t d;   /* the day of the move: 2019-07-02 */
};

static void user(struct db *db, int id)
{
	char openid[32];
	snprintf(openid, sizeof openid, "o-%d", id);
	assert_int_equal(db_execf(db, "INSERT INTO users (id, openid, session_key, created_at, last_login_at)"
	                              " VALUES (?1, ?2, 'k', 0, 0)", "nt", id, openid), SQLITE_OK);
	assert_int_equal(db_execf(db, "INSERT INTO enrollments (activity_id, user_id, name, mobile, region_code,"
	                              " union_code, unit, department, created_at, updated_at)"
	                              " VALUES (1, ?1, 'n', '13800000000', 'xa', 'xa', 'u', 'd', 0, 0)", "n", id),
	                 SQLITE_OK);
}

/* Team t led by users[0], all members from the start of the activity. */
static void team(struct db *db, int t, const int *users, int n)
{
	for (int i = 0; i < n; i++)
		user(db, users[i]);
	assert_int_equal(db_execf(db, "INSERT INTO teams (id, activity_id, name, leader_id, created_at)"
	                              " VALUES (?1, 1, 'team ' || ?1, ?2, 0)", "nn", t, users[0]), SQLITE_OK);
	for (int i = 0; i < n; i++) {
		assert_int_equal(db_execf(db, "INSERT INTO team_members (activity_id, team_id, user_id, joined_at)"
		                              " VALUES (1, ?1, ?2, 0)", "nn", t, users[i]), SQLITE_OK);
	}
}

/* raw steps of user on day, synced inside the settle window (20:30). */
static void steps(struct db *db, int32_t day, int user_id, int raw)
{
	char text[CAL_DAY_BUF];
	cal_format_day(day, text, sizeof text);
	int64_t at = cal_day_start(day) + 20 * 3600 + 1800;
	assert_int_equal(db_execf(db, "INSERT INTO daily_steps (activity_id, user_id, day, raw_steps, settled,"
	                              " first_sync_at, last_sync_at) VALUES (1, ?1, ?2, ?3, 1, ?4, ?4)",
	                          "ntni", user_id, text, raw, at), SQLITE_OK);
}

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof *f);
	scratch_db_open(f->path, sizeof f->path, &f->db, "team_corrections", 1000, true);
	assert_int_equal(store_activity_load(f->db, 1, &f->a), SQLITE_OK);
	f->d = f->a.rules.first_day + 1;
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

static void settle(struct fixture *f, int32_t day)
{
	struct settle_stats stats;
	char reason[256] = "";
	enum settle_result r = settle_day(f->db, &f->a, day, cal_day_start(day + 1) + 600, &stats, NULL, reason,
	                                  sizeof reason);
	if (r != SETTLE_OK)
		fail_msg("settle: %s", reason);
}

static int64_t q(struct db *db, const char *sql, int64_t a, const char *day)
{
	int64_t v = -1;
	int rc = day ? db_get_int(db, &v, sql, "it", a, day) : db_get_int(db, &v, sql, "i", a);
	if (rc == DB_NOTFOUND)
		return -1;
	assert_int_equal(rc, SQLITE_OK);
	return v;
}

static int64_t team_day(struct db *db, int64_t t, const char *day, const char *column)
{
	char sql[160];
	snprintf(sql, sizeof sql, "SELECT %s FROM team_days WHERE activity_id = 1 AND team_id = ?1 AND day = ?2", column);
	return q(db, sql, t, day);
}

static int64_t team_target_points(struct db *db, int64_t user_id, const char *day)
{
	return q(db, "SELECT coalesce(sum(amount), 0) FROM ledger WHERE user_id = ?1 AND kind = 'team_target'"
	             " AND ref = ?2", user_id, day);
}

/*
 * Team 1: users 101…105 (101 leads); team 2: 201, 202 (201 leads).  Targets:
 * the defaults, 6000 a member and 36000 a team.
 *
 * On D (07-02) at 10:00 an admin moves 105 from team 1 to team 2, and hands
 * team 1's lead from 101 to 102.  Spans: 105 in team 1 until 07-03 00:00, in
 * team 2 from then.
 *
 * D:   101…105 walk 8000 each; 201 and 202 9000 each.
 *      team 1 = 101…105 (105 still counts for it): 5 × 8000 = 40000 ≥ 36000,
 *      each ≥ 6000 → met; members 5.
 *      team 2 = 201, 202: 18000 < 36000 → not met; members 2.
 * D+1: 101…104 walk 9000 each; 201 9000, 202 9000, 105 walks 20000
 *      (counted 10000, the cap).
 *      team 1 = 101…104: 4 × 9000 = 36000 → met; members 4.
 *      team 2 = 201, 202, 105: 9000 + 9000 + 10000 = 28000 → not met; members 3.
 * Totals after D+1: team 1 compliant 2 days, steps 40000 + 36000 = 76000,
 * compliance 2 / 100; team 2 compliant 0, steps 18000 + 28000 = 46000.  The
 * sum over both teams and both days, 122000, is every member's counted steps
 * once: (5 × 8000 + 2 × 9000) + (4 × 9000 + 2 × 9000 + 10000).
 * team_target +2: on D to 101…105; on D+1 to 101…104, not to 105.
 */
static void a_move_counts_from_the_next_day_and_never_twice(void **state)
{
	struct fixture *f = *state;
	struct db *db = f->db;
	const int t1[] = { 101, 102, 103, 104, 105 }, t2[] = { 201, 202 };
	team(db, 1, t1, 5);
	team(db, 2, t2, 2);
	for (int i = 0; i < 5; i++)
		steps(db, f->d, t1[i], 8000);
	steps(db, f->d, 201, 9000);
	steps(db, f->d, 202, 9000);
	for (int i = 0; i < 4; i++)
		steps(db, f->d + 1, t1[i], 9000);
	steps(db, f->d + 1, 201, 9000);
	steps(db, f->d + 1, 202, 9000);
	steps(db, f->d + 1, 105, 20000);
	settle(f, f->d - 1);   /* go-live and the first day: nobody walked */

	assert_int_equal(db_begin_write(db), SQLITE_OK);
	assert_int_equal(store_team_move(db, 1, 105, 2, cal_day_start(f->d + 1)), SQLITE_OK);
	assert_int_equal(store_team_hand_over(db, 1, 102), SQLITE_OK);
	assert_int_equal(store_team_move(db, 1, 999, 2, cal_day_start(f->d + 1)), DB_NOTFOUND);   /* in no team */
	assert_int_equal(db_commit(db), SQLITE_OK);

	char d[CAL_DAY_BUF], d1[CAL_DAY_BUF];
	cal_format_day(f->d, d, sizeof d);
	cal_format_day(f->d + 1, d1, sizeof d1);
	settle(f, f->d);
	settle(f, f->d + 1);
	settle(f, f->d + 1);   /* a re-run changes nothing */

	assert_int_equal(team_day(db, 1, d, "members"), 5);
	assert_int_equal(team_day(db, 1, d, "team_steps"), 40000);
	assert_int_equal(team_day(db, 1, d, "met"), 1);
	assert_int_equal(team_day(db, 2, d, "members"), 2);
	assert_int_equal(team_day(db, 2, d, "team_steps"), 18000);
	assert_int_equal(team_day(db, 2, d, "met"), 0);
	assert_int_equal(team_day(db, 1, d1, "members"), 4);
	assert_int_equal(team_day(db, 1, d1, "team_steps"), 36000);
	assert_int_equal(team_day(db, 1, d1, "met"), 1);
	assert_int_equal(team_day(db, 2, d1, "members"), 3);
	assert_int_equal(team_day(db, 2, d1, "team_steps"), 28000);
	assert_int_equal(team_day(db, 2, d1, "met"), 0);

	assert_int_equal(q(db, "SELECT compliant_days FROM team_totals WHERE team_id = ?1", 1, NULL), 2);
	assert_int_equal(q(db, "SELECT team_steps FROM team_totals WHERE team_id = ?1", 1, NULL), 76000);
	assert_int_equal(q(db, "SELECT compliant_days FROM team_totals WHERE team_id = ?1", 2, NULL), 0);
	assert_int_equal(q(db, "SELECT team_steps FROM team_totals WHERE team_id = ?1", 2, NULL), 46000);
	assert_int_equal(q(db, "SELECT sum(team_steps) FROM team_totals WHERE activity_id = ?1", 1, NULL), 122000);
	/* the board: team 1 first with 2 compliant days of 100, per capita 76000 / 4 now */
	assert_int_equal(q(db, "SELECT team_id FROM team_board WHERE activity_id = ?1 AND as_of = ?2 AND rank = 1", 1, d1),
	                 1);
	assert_int_equal(q(db, "SELECT per_capita FROM team_board WHERE activity_id = ?1 AND as_of = ?2 AND team_id = 1",
	                   1, d1), 19000);

	for (int i = 0; i < 5; i++)
		assert_int_equal(team_target_points(db, t1[i], d), 2);
	for (int i = 0; i < 4; i++)
		assert_int_equal(team_target_points(db, t1[i], d1), 2);
	assert_int_equal(team_target_points(db, 105, d1), 0);
	assert_int_equal(team_target_points(db, 201, d), 0);
	/* the hand-over changed no result, and the lead is 102's */
	assert_int_equal(q(db, "SELECT leader_id FROM teams WHERE id = ?1", 1, NULL), 102);
}

/*
 * The bonus: team 3 full (301…306, 301 led it full and had the bonus).
 * 306 moves out and back in: 301 gets nothing more.  The lead goes to 302,
 * who never had it: no bonus at the hand-over, even though the team is full;
 * 305 moves out and back: now the team becomes full under 302, who gets it.
 * Handing the lead back to 301 and refilling again gives nobody anything;
 * nor does 302 filling team 4 as its new leader, having had it with team 3.
 */
static void the_leader_bonus_stays_once_per_leader(void **state)
{
	struct fixture *f = *state;
	struct db *db = f->db;
	const struct activity_rules *r = &f->a.rules;
	const int t3[] = { 301, 302, 303, 304, 305, 306 }, t4[] = { 401 };
	team(db, 3, t3, 6);
	team(db, 4, t4, 1);
	settle(f, f->d - 1);   /* go-live: team 3 is full, so 301 gets the bonus */
	int64_t now = cal_day_start(f->d) + 36000, from = cal_day_start(f->d + 1);
	assert_int_equal(q(db, "SELECT count(*) FROM ledger WHERE kind = 'leader_full_team' AND user_id = ?1", 301, NULL), 1);
	bool awarded = true;
	assert_int_equal(db_begin_write(db), SQLITE_OK);
	assert_int_equal(store_team_move(db, 1, 306, 4, from), SQLITE_OK);
	assert_int_equal(store_team_move(db, 1, 306, 3, from), SQLITE_OK);
	assert_int_equal(store_team_leader_bonus(db, r, 1, 3, 301, 6, now, &awarded), SQLITE_OK);
	assert_false(awarded);
	assert_int_equal(store_team_hand_over(db, 3, 302), SQLITE_OK);
	/* the hand-over itself awards nothing: nothing calls the bonus for it */
	assert_int_equal(store_team_move(db, 1, 305, 4, from), SQLITE_OK);
	assert_int_equal(store_team_leader_bonus(db, r, 1, 4, 401, 2, now, &awarded), SQLITE_OK);
	assert_false(awarded);   /* team 4 of two is not full */
	assert_int_equal(store_team_move(db, 1, 305, 3, from), SQLITE_OK);
	assert_int_equal(store_team_leader_bonus(db, r, 1, 3, 302, 6, now, &awarded), SQLITE_OK);
	assert_true(awarded);
	assert_int_equal(store_team_hand_over(db, 3, 301), SQLITE_OK);
	assert_int_equal(store_team_move(db, 1, 304, 4, from), SQLITE_OK);
	assert_int_equal(store_team_move(db, 1, 304, 3, from), SQLITE_OK);
	assert_int_equal(store_team_leader_bonus(db, r, 1, 3, 301, 6, now, &awarded), SQLITE_OK);
	assert_false(awarded);
	/* 302 joins team 4, takes its lead and fills it: they had the bonus with team 3 */
	assert_int_equal(store_team_move(db, 1, 302, 4, from), SQLITE_OK);
	assert_int_equal(store_team_hand_over(db, 4, 302), SQLITE_OK);
	for (int u = 303; u <= 306; u++)
		assert_int_equal(store_team_move(db, 1, u, 4, from), SQLITE_OK);
	assert_int_equal(q(db, "SELECT count(*) FROM team_members WHERE team_id = ?1 AND left_at IS NULL", 4, NULL), 6);
	assert_int_equal(store_team_leader_bonus(db, r, 1, 4, 302, 6, now, &awarded), SQLITE_OK);
	assert_false(awarded);
	assert_int_equal(db_commit(db), SQLITE_OK);
	assert_int_equal(q(db, "SELECT count(*) FROM ledger WHERE kind = 'leader_full_team' AND user_id = ?1", 301, NULL), 1);
	assert_int_equal(q(db, "SELECT count(*) FROM ledger WHERE kind = 'leader_full_team' AND user_id = ?1", 302, NULL), 1);
	assert_int_equal(q(db, "SELECT count(*) FROM ledger WHERE kind = 'leader_full_team' AND activity_id = ?1", 1, NULL), 2);
	/* three moves out and back on D: each of those spans in team 4 covers no day */
	assert_int_equal(q(db, "SELECT count(*) FROM team_members WHERE team_id = ?1 AND joined_at = left_at", 4, NULL), 3);
	assert_int_equal(q(db, "SELECT count(*) FROM team_members WHERE team_id = ?1 AND left_at IS NULL", 3, NULL), 1);
}

/*
 * Dissolving: team 5 (501 alone) is emptied by moving 501 into team 6 (601)
 * on D, then dissolved the same day.  D still counts 501 for team 5 (team_days
 * of team 5 on D: 1 member, 7000 steps); from D+1 they count for team 6
 * (2 members, 7000 + 8000 = 15000), and the board of D+1 has no team 5.
 */
static void a_dissolved_team_keeps_its_past_and_leaves_the_board(void **state)
{
	struct fixture *f = *state;
	struct db *db = f->db;
	const int t5[] = { 501 }, t6[] = { 601 };
	team(db, 5, t5, 1);
	team(db, 6, t6, 1);
	steps(db, f->d, 501, 7000);
	steps(db, f->d + 1, 501, 7000);
	steps(db, f->d + 1, 601, 8000);
	settle(f, f->d - 1);
	assert_int_equal(db_begin_write(db), SQLITE_OK);
	assert_int_equal(store_team_move(db, 1, 501, 6, cal_day_start(f->d + 1)), SQLITE_OK);
	assert_int_equal(store_team_mark_dissolved(db, 5, cal_day_start(f->d) + 40000), SQLITE_OK);
	assert_int_equal(db_commit(db), SQLITE_OK);
	settle(f, f->d);
	settle(f, f->d + 1);
	char d[CAL_DAY_BUF], d1[CAL_DAY_BUF];
	cal_format_day(f->d, d, sizeof d);
	cal_format_day(f->d + 1, d1, sizeof d1);
	assert_int_equal(team_day(db, 5, d, "members"), 1);
	assert_int_equal(team_day(db, 5, d, "team_steps"), 7000);
	assert_int_equal(team_day(db, 6, d, "team_steps"), 0);
	assert_int_equal(team_day(db, 5, d1, "members"), -1);   /* no row: nobody in it */
	assert_int_equal(team_day(db, 6, d1, "members"), 2);
	assert_int_equal(team_day(db, 6, d1, "team_steps"), 15000);
	assert_int_equal(q(db, "SELECT count(*) FROM team_board WHERE activity_id = 1 AND as_of = ?2 AND team_id = ?1",
	                   5, d1), 0);
	assert_int_equal(q(db, "SELECT count(*) FROM team_board WHERE activity_id = 1 AND as_of = ?2 AND team_id = ?1",
	                   6, d1), 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(a_move_counts_from_the_next_day_and_never_twice, setup, teardown),
		cmocka_unit_test_setup_teardown(the_leader_bonus_stays_once_per_leader, setup, teardown),
		cmocka_unit_test_setup_teardown(a_dissolved_team_keeps_its_past_and_leaves_the_board, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
