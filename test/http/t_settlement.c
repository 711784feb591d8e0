/*
 * The nightly settlement through the real stack and walkctl (RULES §2, §4–§6,
 * §10): a scenario of three teams and a walker on their own over five days,
 * every figure computed by hand below; go-live at the cron's times; the
 * freeze of the final board; re-runs that change nothing; a settlement killed
 * at random moments; statements made to fail.
 *
 * The scenario's tests depend on each other and run in the order of main():
 * they share one stack (S) and its participants (W), and each starts where
 * the one before left the clock and the database (the_public_test enrolls
 * everybody and forms the teams; the five days' balances build on go-live; the
 * boards after five days on those days; and so on).  Run alone, a later one
 * fails.  The last two tests start their own stacks and stand alone.
 */
#include "walker.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static struct stack S;

/* The cast: A1..A5 (team 甲, union xa), B1..B6 (team 乙, xa; B1 leads),
 * C1, C2 (team 丙, bj), S1 (no team, bj). */
enum { A1, A2, A3, A4, A5, B1, B2, B3, B4, B5, B6, C1, C2, S1, PEOPLE };
static struct walker W[PEOPLE];

/* Steps per person and day 07-01..07-05: >0 synced in the window; a negative
 * value is synced only in the morning (unsettled); 0 is no sync at all. */
static const long STEPS[5][PEOPLE] = {
	/* A1..A5                            B1..B6                                  C1      C2      S1 */
	{ 7200, 7200, 7200, 7200, 7200,      8000, 8000, 8000, 8000, 8000, 5999,     12000,  12000,  11999 },
	{ 7200, 7200, 7200, 7200, 7200,      8000, 8000, 8000, 8000, 8000, 8000,     12000,  0,      1999 },
	{ 7200, 7200, 7200, 7200, 7200,      7500, 7500, 7500, 7500, 7500, 7500,     -6000,  6000,   2000 },
	{ 7200, 7200, 7200, 7200, -7200,     9999, 7500, 7500, 7500, 7500, 7500,     0,      0,      10001 },
	{ 6000, 6000, 6000, 6000, 6000,      7000, 7000, 7000, 7000, 7000, 7000,     12000,  12000,  0 },
};

/* Points each person earns by day (hand-computed: steps floor(counted/2000)
 * up to 5, +1 personal target, +2 when the team met its target; team 乙's
 * targets are 7000/42000 from 07-03). */
static const long POINTS[5][PEOPLE] = {
	{ 6, 6, 6, 6, 6,   5, 5, 5, 5, 5, 2,   6, 6, 6 },   /* 甲 met (5 × 7200 = 36000); 乙 not (B6 5999) */
	{ 6, 6, 6, 6, 6,   7, 7, 7, 7, 7, 7,   6, 0, 0 },   /* 乙 met; C2 missed; S1 1999 earns nothing */
	{ 6, 6, 6, 6, 6,   6, 6, 6, 6, 6, 6,   0, 4, 1 },   /* 乙 met 45000 >= 42000; C1 unsettled */
	{ 4, 4, 4, 4, 0,   7, 6, 6, 6, 6, 6,   0, 0, 6 },   /* 甲 not (A5 unsettled); 乙 met */
	{ 4, 4, 4, 4, 4,   6, 6, 6, 6, 6, 6,   6, 6, 0 },   /* 甲 30000 < 36000; 乙 42000 >= 42000 */
};
enum { LEADER_BONUS = 20 };   /* B1: 乙 was full before go-live; the bonus is re-awarded at go-live */

static int start_stack(void **state)
{
	(void)state;
	return stack_start(&S, "settlement", "WALK_WORKERS=3");
}

static int stop_stack(void **state)
{
	(void)state;
	stack_stop(&S);
	return 0;
}

static void settle(const char *args, const char *expect)
{
	enum { OUT = 256 * 1024 };
	char *out = malloc(OUT);
	int rc = stack_sh(&S, out, OUT, "walkctl settle %s", args);
	if (rc != 0 || (expect && !strstr(out, expect)))
		fail_msg("walkctl settle %s (%d), expected '%s':\n%.2000s", args, rc, expect ? expect : "", out);
	free(out);
}

static void sync_steps(struct walker *w, const char *day, long steps)
{
	char steps_json[128], body[4096];
	snprintf(steps_json, sizeof steps_json, "[{\"day\":\"%s\",\"step\":%ld}]", day, steps);
	walker_werun(w, steps_json, NULL, body, sizeof body);
	struct http_reply r;
	walker_sync(w, body, &r);
	if (r.status != 200)
		fail_msg("sync: %ld %s", r.status, r.body);
	http_reply_free(&r);
}

/* What the settlement writes, instants excluded: compared between runs. */
static const char SETTLED_TABLES[] =
	"SELECT user_id, kind, ref, amount FROM ledger ORDER BY 1, 2, 3;"
	"SELECT * FROM user_totals ORDER BY user_id; SELECT * FROM team_totals ORDER BY team_id;"
	"SELECT * FROM team_days ORDER BY team_id, day; SELECT * FROM team_board ORDER BY as_of, rank;"
	"SELECT * FROM people_board ORDER BY scope, pos; SELECT activity_id, as_of, final FROM boards;"
	"SELECT day FROM settled_days ORDER BY day;";

/* The SHA-256 of what sql prints on db_file (in the stack's folder), into
 * out.  Fails the test when sqlite3 fails (the pipeline runs under pipefail,
 * so its status is sqlite3's, not only sha256sum's) or prints nothing: a
 * broken query must not hash the same empty output on both sides of a
 * comparison.  sql holds no double quote. */
static void fingerprint_of(const struct stack *s, const char *db_file, const char *sql, char *out, size_t size)
{
	static const char empty[] = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
	char line[512];
	int rc = stack_sh(s, line, sizeof line,
	                  "bash -o pipefail -c 'sqlite3 -bail \"$WALK_VAR/$0\" \"$1\" | sha256sum' '%s' \"%s\"",
	                  db_file, sql);
	if (rc != 0 || strlen(line) < sizeof empty - 1 || strncmp(line, empty, sizeof empty - 1) == 0)
		fail_msg("fingerprint of %s (%d): %s\nfrom: %s", db_file, rc, line, sql);
	snprintf(out, size, "%.*s", (int)(sizeof empty - 1), line);
}

static void fingerprint(char *out, size_t size)
{
	fingerprint_of(&S, "walk.db", SETTLED_TABLES, out, size);
}

/* Before the first day: people enroll, teams form, and the public test scores. */
static void the_public_test(void **state)
{
	(void)state;
	stack_clock(&S, "2019-06-25T10:00:00+08:00");
	const char *names[PEOPLE] = { "甲一", "甲二", "甲三", "甲四", "甲五", "乙一", "乙二", "乙三", "乙四", "乙五",
	                              "乙六", "丙一", "丙二", "独行" };
	for (int i = 0; i < PEOPLE; i++) {
		walker_login(&W[i], &S, NULL);
		walker_enroll(&W[i], names[i], i >= C1 ? "bj" : "xa");
	}
	const int leaders[] = { A1, B1, C1 }, sizes[] = { 5, 6, 2 };
	const char *team_names[] = { "甲队", "乙队", "丙队" };
	for (int t = 0; t < 3; t++) {
		char body[128], token[64];
		snprintf(body, sizeof body, "{\"name\":\"%s\"}", team_names[t]);
		struct http_reply r;
		assert_int_equal(walker_req(&W[leaders[t]], &r, "POST", "/api/activities/1/teams", body), 0);
		assert_int_equal(r.status, 201);
		http_reply_free(&r);
		assert_int_equal(walker_req(&W[leaders[t]], &r, "POST", "/api/activities/1/teams/mine/invites", NULL), 0);
		snprintf(token, sizeof token, "%s", http_str(&r, "invite"));
		http_reply_free(&r);
		snprintf(body, sizeof body, "{\"invite\":\"%s\"}", token);
		for (int m = 1; m < sizes[t]; m++) {
			assert_int_equal(walker_req(&W[leaders[t] + m], &r, "POST", "/api/activities/1/teams/join", body), 0);
			assert_int_equal(r.status, 200);
			http_reply_free(&r);
		}
	}
	assert_int_equal(walker_me_number(&W[B1], "balance"), LEADER_BONUS);
	/* A test day: everybody walks 9000 in the window and checks in. */
	stack_clock(&S, "2019-06-28T21:00:00+08:00");
	for (int i = 0; i < PEOPLE; i++) {
		sync_steps(&W[i], "2019-06-28", 9000);
		struct http_reply r;
		assert_int_equal(walker_req(&W[i], &r, "POST", "/api/activities/1/checkin", NULL), 0);
		assert_int_equal(r.status, 200);
		http_reply_free(&r);
	}
	stack_clock(&S, "2019-06-29T00:30:00+08:00");
	settle("", "2019-06-28: 14 users, 3 teams (2 met)");   /* the test days up to yesterday */
	/* 9000: 4 steps points + 1 personal + 1 check-in; 甲 and 乙 met: +2. */
	assert_int_equal(walker_me_number(&W[A1], "balance"), 8);
	assert_int_equal(walker_me_number(&W[S1], "balance"), 6);
	assert_int_equal(walker_me_number(&W[B1], "balance"), 8 + LEADER_BONUS);
	/* Days are settled in order, and only once they are over. */
	char out[512];
	assert_int_equal(stack_sh(&S, out, sizeof out, "walkctl settle --day 2019-06-28"), 0);
	assert_non_null(strstr(out, "already settled, nothing changed"));
	assert_int_equal(stack_sh(&S, out, sizeof out, "walkctl settle --day 2019-06-29"), 1);
	assert_non_null(strstr(out, "is not over yet"));
}

/* Go-live at the cron's times (cli/walk.cron: 00:05 each night; RULES §10:
 * the test data is wiped at first_day 00:00).  At 06-30 23:59 nothing is
 * wiped.  The 00:05 run of 07-01 wipes the test although it has no day to
 * settle: 06-30, the test's last day, is not settled but wiped with the rest
 * (settle.h), and 07-01 is not over.  A second run changes nothing. */
static void golive_at_the_first_run_of_the_first_day(void **state)
{
	(void)state;
	stack_clock(&S, "2019-06-30T21:00:00+08:00");
	sync_steps(&W[A1], "2019-06-30", 9000);
	stack_clock(&S, "2019-06-30T23:59:00+08:00");
	settle("", "2019-06-29: 14 users, 3 teams (0 met), 0 awards");
	assert_int_equal(stack_sql_int(&S, "SELECT count(*) FROM golive"), 0);
	assert_int_equal(walker_me_number(&W[A1], "balance"), 8);
	assert_int_equal(stack_sql_int(&S, "SELECT count(*) FROM daily_steps WHERE day = '2019-06-30'"), 1);

	stack_clock(&S, "2019-07-01T00:05:00+08:00");
	settle("", "go-live: public-test data wiped");
	settle("", "nothing to settle");
	assert_int_equal(stack_sql_int(&S, "SELECT count(*) FROM golive"), 1);
	assert_int_equal(stack_sql_int(&S, "SELECT count(*) FROM daily_steps WHERE day < '2019-07-01'"), 0);
	assert_int_equal(stack_sql_int(&S, "SELECT count(*) FROM ledger WHERE kind != 'leader_full_team'"), 0);
	assert_int_equal(stack_sql_int(&S, "SELECT count(*) FROM user_totals"), 0);
	assert_int_equal(stack_sql_int(&S, "SELECT count(*) FROM settle_runs WHERE day = '2019-06-30'"), 0);
	assert_int_equal(walker_me_number(&W[A1], "balance"), 0);
	assert_int_equal(walker_me_number(&W[B1], "balance"), LEADER_BONUS);
	char out[512];
	assert_int_equal(stack_sh(&S, out, sizeof out, "walkctl settle --day 2019-06-30"), 1);
	assert_non_null(strstr(out, "2019-06-30 is a public-test day, wiped at go-live"));

	/* The second run of the night (and the hourly ones) change nothing. */
	char before[128], after[128];
	fingerprint(before, sizeof before);
	assert_int_equal(stack_sh(&S, out, sizeof out, "walkctl settle"), 0);
	assert_non_null(strstr(out, "nothing to settle"));
	assert_null(strstr(out, "go-live"));
	fingerprint(after, sizeof after);
	assert_string_equal(before, after);
	assert_int_equal(stack_sql_int(&S, "SELECT count(*) FROM golive"), 1);
}

/* Five days, settled each night, checked against the hand-computed tables. */
static void five_days_exactly_as_computed_by_hand(void **state)
{
	(void)state;
	long total[PEOPLE] = { 0 };
	total[B1] = LEADER_BONUS;
	for (int d = 0; d < 5; d++) {
		char day[16], at[40];
		snprintf(day, sizeof day, "2019-07-%02d", d + 1);
		/* Morning syncs first (they do not settle the day), then the window. */
		snprintf(at, sizeof at, "%sT09:00:00+08:00", day);
		stack_clock(&S, at);
		for (int i = 0; i < PEOPLE; i++)
			if (STEPS[d][i] < 0)
				sync_steps(&W[i], day, -STEPS[d][i]);
		snprintf(at, sizeof at, "%sT20:30:00+08:00", day);
		stack_clock(&S, at);
		for (int i = 0; i < PEOPLE; i++)
			if (STEPS[d][i] > 0)
				sync_steps(&W[i], day, STEPS[d][i]);
		if (d == 1) {   /* 乙's leader raises the targets on 07-02: from 07-03 on */
			struct http_reply r;
			assert_int_equal(walker_req(&W[B1], &r, "PUT", "/api/activities/1/teams/mine/targets",
			                            "{\"member_target\":7000,\"team_target\":42000}"), 0);
			assert_int_equal(r.status, 200);
			http_reply_free(&r);
		}
		snprintf(at, sizeof at, "2019-07-%02dT00:05:00+08:00", d + 2);
		stack_clock(&S, at);
		settle("", NULL);   /* the cron's way: every unsettled day up to yesterday */
		for (int i = 0; i < PEOPLE; i++) {
			total[i] += POINTS[d][i];
			if (walker_me_number(&W[i], "balance") != total[i])
				fail_msg("day %d, person %d: balance %ld, expected %ld", d + 1, i, walker_me_number(&W[i], "balance"),
				         total[i]);
		}
		if (d == 0) {
			/* Go-live, the night before, wiped the public test: the test day's points and steps are gone. */
			assert_int_equal(stack_sql_int(&S, "SELECT count(*) FROM daily_steps WHERE day < '2019-07-01'"), 0);
			assert_int_equal(stack_sql_int(&S, "SELECT count(*) FROM ledger WHERE ref < '2019-07-01' AND kind != 'leader_full_team'"), 0);
			/* After day 1: 甲 compliant once; 丙 (10000 per capita) before 乙 (7666). */
			struct http_reply r;
			assert_int_equal(walker_req(&W[A1], &r, "GET", "/api/activities/1/boards/teams", NULL), 0);
			cJSON *items = cJSON_GetObjectItem(r.json, "items");
			assert_string_equal(http_str(&r, "as_of"), "2019-07-01");
			assert_string_equal(cJSON_GetStringValue(cJSON_GetObjectItem(cJSON_GetArrayItem(items, 0), "name")), "甲队");
			assert_string_equal(cJSON_GetStringValue(cJSON_GetObjectItem(cJSON_GetArrayItem(items, 1), "name")), "丙队");
			assert_string_equal(cJSON_GetStringValue(cJSON_GetObjectItem(cJSON_GetArrayItem(items, 2), "name")), "乙队");
			http_reply_free(&r);
		}
	}
}

static void teams_and_ranks_after_five_days(void **state)
{
	(void)state;
	/* Team figures: compliant days, Σ counted steps, per capita. */
	struct { const char *name; long compliant, steps, per_capita, rank; } expect[] = {
		{ "乙队", 4, 228498, 38083, 1 },   /* 45999 + 48000 + 45000 + 47499 + 42000; / 6 */
		{ "甲队", 3, 166800, 33360, 2 },   /* 36000 × 3 + 28800 + 30000; / 5 */
		{ "丙队", 0, 56000, 28000, 3 },    /* 20000 + 10000 + 6000 + 0 + 20000; / 2 */
	};
	struct http_reply r;
	assert_int_equal(walker_req(&W[C2], &r, "GET", "/api/activities/1/boards/teams?limit=10", NULL), 0);
	assert_int_equal(r.status, 200);
	assert_string_equal(http_str(&r, "as_of"), "2019-07-05");
	assert_false(cJSON_IsTrue(cJSON_GetObjectItem(r.json, "final")));
	assert_int_equal((int)http_num(&r, "total"), 3);
	cJSON *items = cJSON_GetObjectItem(r.json, "items");
	for (int i = 0; i < 3; i++) {
		cJSON *t = cJSON_GetArrayItem(items, i);
		assert_string_equal(cJSON_GetStringValue(cJSON_GetObjectItem(t, "name")), expect[i].name);
		assert_int_equal((long)cJSON_GetNumberValue(cJSON_GetObjectItem(t, "rank")), expect[i].rank);
		assert_int_equal((long)cJSON_GetNumberValue(cJSON_GetObjectItem(t, "compliant_days")), expect[i].compliant);
		assert_int_equal((long)cJSON_GetNumberValue(cJSON_GetObjectItem(t, "team_steps")), expect[i].steps);
		assert_int_equal((long)cJSON_GetNumberValue(cJSON_GetObjectItem(t, "per_capita")), expect[i].per_capita);
	}
	cJSON *mine = cJSON_GetObjectItem(r.json, "mine");
	assert_string_equal(cJSON_GetStringValue(cJSON_GetObjectItem(mine, "name")), "丙队");
	http_reply_free(&r);
	assert_int_equal(walker_req(&W[A3], &r, "GET", "/api/activities/1/teams/mine", NULL), 0);
	assert_int_equal((long)http_num(&r, "compliant_days"), 3);
	assert_int_equal((long)http_num(&r, "board_rank"), 2);
	http_reply_free(&r);

	/* Cumulative counted steps and ranks; equal totals share a rank. */
	struct { int who; long cumulative, province, in_union; } people[] = {
		{ B1, 40499, 1, 1 }, { B2, 38000, 2, 2 }, { B5, 38000, 2, 2 }, { B6, 35999, 6, 6 },
		{ A1, 34800, 7, 7 }, { A4, 34800, 7, 7 }, { C1, 30000, 11, 1 }, { A5, 27600, 12, 11 },
		{ C2, 26000, 13, 2 }, { S1, 23999, 14, 3 },
	};
	for (size_t i = 0; i < sizeof people / sizeof people[0]; i++) {
		assert_int_equal(walker_req(&W[people[i].who], &r, "GET", "/api/activities/1/me", NULL), 0);
		cJSON *rank = cJSON_GetObjectItem(r.json, "rank");
		if ((long)http_num(&r, "cumulative") != people[i].cumulative ||
		    (long)cJSON_GetNumberValue(cJSON_GetObjectItem(rank, "province")) != people[i].province ||
		    (long)cJSON_GetNumberValue(cJSON_GetObjectItem(rank, "union")) != people[i].in_union)
			fail_msg("person %d: %s", people[i].who, r.body);
		http_reply_free(&r);
	}
	/* The union board of bj: C1, C2, S1, with masked names. */
	assert_int_equal(walker_req(&W[S1], &r, "GET", "/api/activities/1/boards/people?scope=union", NULL), 0);
	items = cJSON_GetObjectItem(r.json, "items");
	assert_int_equal(cJSON_GetArraySize(items), 3);
	assert_string_equal(cJSON_GetStringValue(cJSON_GetObjectItem(cJSON_GetArrayItem(items, 0), "name")), "丙*");
	assert_true(cJSON_IsTrue(cJSON_GetObjectItem(cJSON_GetArrayItem(items, 2), "me")));
	assert_null(strstr(r.body, "1391"));   /* no mobile number */
	http_reply_free(&r);
}

static void rerunning_changes_nothing(void **state)
{
	(void)state;
	char before[128], after[128];
	fingerprint(before, sizeof before);
	settle("--day 2019-07-03", "already settled, nothing changed");
	settle("", "nothing to settle");
	fingerprint(after, sizeof after);
	assert_string_equal(before, after);
	assert_true(stack_sql_int(&S, "SELECT count(*) FROM settle_runs WHERE outcome = 'done' AND activity_id = 1") >= 7);
}

/* The board settled at board_freeze_at (2019-10-08 00:00) is final. */
static void the_final_board_never_changes(void **state)
{
	(void)state;
	stack_clock(&S, "2019-10-08T00:05:00+08:00");
	char out[512];
	assert_int_equal(stack_sh(&S, out, sizeof out, "walkctl settle --day 2019-07-08"), 1);
	assert_non_null(strstr(out, "2019-07-06 is not settled yet: days are settled in order"));
	settle("", "2019-10-07: 14 users, 3 teams (0 met), 0 awards, final board");
	walker_relogin(&W[A1]);   /* the June token has expired */
	struct http_reply r;
	assert_int_equal(walker_req(&W[A1], &r, "GET", "/api/activities/1/boards/teams", NULL), 0);
	assert_true(cJSON_IsTrue(cJSON_GetObjectItem(r.json, "final")));
	assert_string_equal(http_str(&r, "as_of"), "2019-10-07");
	http_reply_free(&r);
	/* 10-08 is still an activity day: its points count, the board does not move. */
	stack_clock(&S, "2019-10-08T20:30:00+08:00");
	walker_relogin(&W[C1]);
	sync_steps(&W[C1], "2019-10-08", 10000);
	char before[128], after[128];
	fingerprint_of(&S, "walk.db", "SELECT * FROM team_board ORDER BY as_of, rank", before, sizeof before);
	stack_clock(&S, "2019-10-09T00:05:00+08:00");
	settle("", "2019-10-08: 14 users, 3 teams (0 met), 2 awards, no board (final one stands)");
	fingerprint_of(&S, "walk.db", "SELECT * FROM team_board ORDER BY as_of, rank", after, sizeof after);
	assert_string_equal(before, after);
	assert_int_equal(stack_sql_int(&S, "SELECT count(*) FROM boards WHERE final = 1"), 1);
}

/* A stack of its own (name) at clock with a simulated history (walkctl
 * simulate with simulate's options), then walkctl then; the database is then
 * copied to reference.db, for comparing with a run that nothing disturbs. */
static void start_with_history(struct stack *s, const char *name, const char *clock, const char *simulate,
                               const char *then)
{
	assert_int_equal(stack_start(s, name, "WALK_WORKERS=1"), 0);
	char out[4096];
	if (stack_sh(s, out, sizeof out, "walkctl clock set %s >/dev/null && walkctl simulate %s >/dev/null && "
	             "walkctl %s >/dev/null && sqlite3 \"$WALK_VAR/walk.db\" \".backup '$WALK_VAR/reference.db'\"",
	             clock, simulate, then) != 0)
		fail_msg("history of %s: %s", name, out);
}

/* A settlement killed with SIGKILL at random moments, then run again, ends in
 * the state of an uninterrupted run (on a copy of the same database). */
static void a_killed_settlement_resumes_exactly(void **state)
{
	(void)state;
	struct stack big;
	start_with_history(&big, "settlement-kill", "2019-07-04T01:00:00+08:00",
	                   "--users 30000 --teams 5000 --days 3 --seed 7", "settle --day 2019-07-01");
	char out[4096];
	int kills = 0;
	for (int delay_ms = 150; delay_ms <= 750; delay_ms += 300) {
		int rc = stack_sh(&big, out, sizeof out,
			"walkctl settle > /dev/null 2>&1 & pid=$!; sleep %d.%03d; kill -KILL $pid 2>/dev/null && echo killed; wait $pid; true",
			delay_ms / 1000, delay_ms % 1000);
		assert_int_equal(rc, 0);
		kills += strstr(out, "killed") != NULL;
	}
	assert_true(kills >= 1);
	/* Each run marked the runs killed before it: only the last one is left
	 * 'running'.  A run refused because another holds the settlement's lock
	 * (here flock(1) holds it) cannot know that one dead and leaves it. */
	const char *running = "SELECT count(*) FROM settle_runs WHERE outcome = 'running'";
	long left_running = stack_sql_int(&big, running);
	assert_true(left_running <= 1);
	assert_int_equal(stack_sh(&big, out, sizeof out, "flock \"$WALK_VAR/walk.db-settle.lock\" walkctl settle"), 1);
	assert_non_null(strstr(out, "another settlement is running"));
	assert_int_equal(stack_sql_int(&big, running), left_running);
	long abandoned = stack_sql_int(&big, "SELECT count(*) FROM settle_runs WHERE outcome = 'abandoned'");
	assert_int_equal(stack_sh(&big, out, sizeof out, "walkctl settle"), 0);
	assert_int_equal(stack_sql_int(&big, running), 0);
	assert_int_equal(stack_sql_int(&big, "SELECT count(*) FROM settle_runs WHERE outcome = 'abandoned'"),
	                 abandoned + left_running);
	assert_true(abandoned + left_running >= 1);
	assert_int_equal(stack_sh(&big, out, sizeof out, "WALK_DB=\"$WALK_VAR/reference.db\" walkctl settle"), 0);
	char resumed[128], reference[128];
	fingerprint_of(&big, "walk.db", SETTLED_TABLES, resumed, sizeof resumed);
	fingerprint_of(&big, "reference.db", SETTLED_TABLES, reference, sizeof reference);
	assert_string_equal(resumed, reference);
	print_message("%d runs killed mid-way; the resumed database equals the uninterrupted one\n", kills);
	stack_stop(&big);
}

/* On the stack's database: sql (no double quote) through sqlite3, which must succeed. */
static void sql_on(const struct stack *s, const char *sql)
{
	char out[512];
	if (stack_sh(s, out, sizeof out, "sqlite3 -bail \"$WALK_VAR/walk.db\" \"%s\"", sql) != 0)
		fail_msg("sqlite3 %s: %s", sql, out);
}

/* The cron's run fails on day while broken is in place, saying message; the
 * day stays unsettled and its run is recorded 'failed'.  After repair, a run
 * of that day completes it. */
static void fails_then_completes(const struct stack *s, const char *day, const char *broken, const char *repair,
                                 const char *message)
{
	char out[4096], sql[256];
	sql_on(s, broken);
	int rc = stack_sh(s, out, sizeof out, "walkctl settle");
	sql_on(s, repair);
	if (rc != 1 || !strstr(out, message))
		fail_msg("with %s, walkctl settle (%d) should fail saying '%s':\n%s", broken, rc, message, out);
	snprintf(sql, sizeof sql, "SELECT count(*) FROM settled_days WHERE day = '%s'", day);
	assert_int_equal(stack_sql_int(s, sql), 0);
	snprintf(sql, sizeof sql, "SELECT outcome = 'failed' FROM settle_runs WHERE day = '%s' ORDER BY id DESC LIMIT 1",
	         day);
	assert_int_equal(stack_sql_int(s, sql), 1);
	if (stack_sh(s, out, sizeof out, "walkctl settle --day %s", day) != 0 || !strstr(out, "users"))
		fail_msg("settling %s again: %s", day, out);
	snprintf(sql, sizeof sql, "SELECT count(*) FROM settled_days WHERE day = '%s'", day);
	assert_int_equal(stack_sql_int(s, sql), 1);
}

/* A statement that fails, to prepare or to run, fails the run, which says
 * why; a run after the repair completes the day, and the whole ends in the
 * state of a run that never failed (a copy of the same database). */
static void a_failing_statement_fails_the_run(void **state)
{
	(void)state;
	struct stack st;
	start_with_history(&st, "settlement-errors", "2019-07-05T01:00:00+08:00",
	                   "--users 4500 --teams 700 --days 4 --seed 11", "golive");
	char out[4096];
	/* The days to settle cannot be listed. */
	sql_on(&st, "ALTER TABLE settled_days RENAME TO settled_days_away");
	int rc = stack_sh(&st, out, sizeof out, "walkctl settle");
	sql_on(&st, "ALTER TABLE settled_days_away RENAME TO settled_days");
	if (rc != 1 || !strstr(out, "cannot list the days to settle: no such table: settled_days"))
		fail_msg("walkctl settle (%d) without settled_days:\n%s", rc, out);
	assert_int_equal(stack_sql_int(&st, "SELECT count(*) FROM settle_runs"), 0);
	/* The teams phase: a statement fails after the users phase committed. */
	fails_then_completes(&st, "2019-07-01",
		"CREATE TRIGGER injected BEFORE INSERT ON team_days BEGIN SELECT RAISE(ABORT, 'injected'); END",
		"DROP TRIGGER injected", "settling 2019-07-01 failed: injected");
	/* The personal boards' statement cannot be prepared. */
	fails_then_completes(&st, "2019-07-02", "ALTER TABLE people_board RENAME COLUMN cumulative TO away",
		"ALTER TABLE people_board RENAME COLUMN away TO cumulative",
		"settling 2019-07-02 failed: table people_board has no column named cumulative");
	/* The record of the settled day cannot be prepared, then cannot be written. */
	fails_then_completes(&st, "2019-07-03", "ALTER TABLE settled_days RENAME COLUMN run_id TO away",
		"ALTER TABLE settled_days RENAME COLUMN away TO run_id",
		"settling 2019-07-03 failed: table settled_days has no column named run_id");
	fails_then_completes(&st, "2019-07-04",
		"CREATE TRIGGER injected BEFORE INSERT ON settled_days BEGIN SELECT RAISE(ABORT, 'injected'); END",
		"DROP TRIGGER injected", "settling 2019-07-04 failed: injected");
	assert_int_equal(stack_sh(&st, out, sizeof out, "walkctl settle"), 0);
	assert_non_null(strstr(out, "nothing to settle"));
	assert_int_equal(stack_sql_int(&st, "SELECT count(*) FROM settle_runs WHERE outcome = 'failed'"), 4);
	assert_int_equal(stack_sql_int(&st, "SELECT count(*) FROM settle_runs WHERE outcome = 'done'"), 4);
	assert_int_equal(stack_sql_int(&st, "SELECT count(*) FROM settle_runs WHERE outcome = 'running'"), 0);
	assert_int_equal(stack_sh(&st, out, sizeof out, "WALK_DB=\"$WALK_VAR/reference.db\" walkctl settle"), 0);
	char repaired[128], reference[128];
	fingerprint_of(&st, "walk.db", SETTLED_TABLES, repaired, sizeof repaired);
	fingerprint_of(&st, "reference.db", SETTLED_TABLES, reference, sizeof reference);
	assert_string_equal(repaired, reference);
	stack_stop(&st);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(the_public_test),
		cmocka_unit_test(golive_at_the_first_run_of_the_first_day),
		cmocka_unit_test(five_days_exactly_as_computed_by_hand),
		cmocka_unit_test(teams_and_ranks_after_five_days),
		cmocka_unit_test(rerunning_changes_nothing),
		cmocka_unit_test(the_final_board_never_changes),
		cmocka_unit_test(a_killed_settlement_resumes_exactly),
		cmocka_unit_test(a_failing_statement_fails_the_run),
	};
	return cmocka_run_group_tests(tests, start_stack, stop_stack);
}
