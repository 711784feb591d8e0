/* Go-live's fresh leader bonus (lib/settle/settle_golive.c, RULES §4, §10):
 * the teams stay while the public test's points go, so every leader whose team
 * is already full gets the bonus again, dated go-live, once; a leader of a
 * team that is not full gets nothing.  A real SQLite file (scratch_db) with
 * three teams built in SQL: two full ones and one of five. */
#include "calendar.h"
#include "db.h"
#include "settle.h"
#include "store_activity.h"

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
};

/* Team t (1..3) of `members` people, users 100t+1…, the first the leader. */
static void team(struct db *db, int t, int members)
{
	for (int i = 1; i <= members; i++) {
		char openid[32];
		snprintf(openid, sizeof openid, "o-%d-%d", t, i);
		assert_int_equal(db_execf(db, "INSERT INTO users (id, openid, session_key, created_at, last_login_at)"
		                              " VALUES (?1, ?2, 'k', 0, 0)", "nt", 100 * t + i, openid), SQLITE_OK);
	}
	assert_int_equal(db_execf(db, "INSERT INTO teams (id, activity_id, name, leader_id, created_at)"
	                              " VALUES (?1, 1, 'team ' || ?1, ?2, 0)", "nn", t, 100 * t + 1), SQLITE_OK);
	assert_int_equal(db_execf(db, "INSERT INTO team_members (activity_id, team_id, user_id, joined_at)"
	                              " SELECT 1, ?1, id, 0 FROM users WHERE id / 100 = ?1", "n", t), SQLITE_OK);
}

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof *f);
	scratch_db_open(f->path, sizeof f->path, &f->db, "golive", 1000, true);
	assert_int_equal(store_activity_load(f->db, 1, &f->a), SQLITE_OK);
	team(f->db, 1, f->a.rules.team_size);
	team(f->db, 2, f->a.rules.team_size);
	team(f->db, 3, f->a.rules.team_size - 1);
	/* The public test's bonuses of the two full teams, wiped with the ledger. */
	assert_int_equal(db_exec(f->db, "INSERT INTO ledger (activity_id, user_id, kind, ref, amount, created_at)"
	                                " VALUES (1, 101, 'leader_full_team', '1', 20, 1561500000),"
	                                "        (1, 201, 'leader_full_team', '2', 20, 1561500000)"), SQLITE_OK);
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

static int64_t bonus_of(struct db *db, int64_t leader, int64_t *created_at)
{
	int64_t amount = 0;
	*created_at = 0;
	int rc = db_get_int(db, &amount, "SELECT amount FROM ledger WHERE user_id = ?1 AND kind = 'leader_full_team'",
	                    "i", leader);
	if (rc == SQLITE_OK)
		assert_int_equal(db_get_int(db, created_at, "SELECT created_at FROM ledger WHERE user_id = ?1"
		                                            " AND kind = 'leader_full_team'", "i", leader), SQLITE_OK);
	else
		assert_int_equal(rc, DB_NOTFOUND);
	return amount;
}

static void every_full_teams_leader_gets_the_bonus_again_at_go_live(void **state)
{
	struct fixture *f = *state;
	int64_t go_live = cal_day_start(f->a.rules.first_day);
	bool done = false;
	struct settle_wiped wiped;
	char reason[256] = "";
	assert_int_equal(settle_golive(f->db, &f->a, go_live + 60, &done, &wiped, reason, sizeof reason), SETTLE_OK);
	assert_true(done);
	assert_int_equal(wiped.ledger, 2);
	int64_t at;
	assert_int_equal(bonus_of(f->db, 101, &at), f->a.rules.points_leader_full_team);
	assert_int_equal(at, go_live);
	assert_int_equal(bonus_of(f->db, 201, &at), f->a.rules.points_leader_full_team);
	assert_int_equal(at, go_live);
	assert_int_equal(bonus_of(f->db, 301, &at), 0);   /* five of six: no bonus */
	/* Once: a second go-live does nothing. */
	assert_int_equal(settle_golive(f->db, &f->a, go_live + 120, &done, &wiped, reason, sizeof reason), SETTLE_OK);
	assert_false(done);
	int64_t rows = 0;
	assert_int_equal(db_get_int(f->db, &rows, "SELECT count(*) FROM ledger WHERE kind = 'leader_full_team'", ""),
	                 SQLITE_OK);
	assert_int_equal(rows, 2);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(every_full_teams_leader_gets_the_bonus_again_at_go_live, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
