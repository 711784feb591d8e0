/*
 * The restore drill: participants write through the API while `walkctl
 * backup` copies the database; the writes go on; the set is restored into a
 * fresh stack, where everything acknowledged before the backup began is
 * there, nothing written after it finished is, every balance the API shows
 * equals the ledger, and the settlement reruns cleanly.  And the refusals:
 * a set that does not match its checksum, a database that exists (without
 * --replace) or that a process has open.
 */
#include "stack.h"
#include "walker.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

enum { WALKERS = 6 };

static struct stack A, B;
static struct walker people[WALKERS];
static long acked_before[WALKERS];   /* the last steps acknowledged before the backup began */
static long written_after[WALKERS];  /* steps acknowledged once the backup had finished */
static char set_file[1024];          /* the backup's walk-STAMP.db.gz */

static int start_stacks(void **state)
{
	(void)state;
	return stack_start(&A, "backup", "WALK_WORKERS=3");
}

static int stop_stacks(void **state)
{
	(void)state;
	stack_stop(&A);
	stack_stop(&B);
	return 0;
}

/* One sync of today's steps for person i; asserts it was acknowledged. */
static void sync_steps(int i, long steps)
{
	char json[96], body[8192];
	snprintf(json, sizeof json, "[{\"day\":\"2019-07-05\",\"step\":%ld}]", steps);
	walker_werun(&people[i], json, NULL, body, sizeof body);
	struct http_reply r;
	walker_sync(&people[i], body, &r);
	expect_status(&r, 200);
	http_reply_free(&r);
}

static bool file_exists(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0;
}

static void backup_while_the_api_writes(void **state)
{
	(void)state;
	stack_clock(&A, "2019-07-05T20:30:00+08:00");
	/* A database of some size, so that the copy takes a while: the
	 * benchmarks' 100,000 participants with a week of history. */
	assert_int_equal(stack_sh(&A, NULL, 0, "sqlite3 \"$WALK_VAR/walk.db\" \"CREATE TEMP TABLE bench_days (n INTEGER);"
	                                       " INSERT INTO bench_days VALUES (7);\" '.read test/bench-seed.sql'"), 0);
	for (int i = 0; i < WALKERS; i++) {
		char name[16];
		snprintf(name, sizeof name, "备份%s", (const char *[]){ "甲", "乙", "丙", "丁", "戊", "己" }[i]);
		walker_person(&people[i], &A, name);
		struct http_reply r;
		assert_int_equal(walker_req(&people[i], &r, "POST", "/api/activities/1/checkin", NULL), 0);
		expect_status(&r, 200);
		http_reply_free(&r);
		for (long k = 1; k <= 3; k++)
			sync_steps(i, 1000 * k + i);
		acked_before[i] = 3000 + i;
	}
	/* A cached invite code (a file of the media folder beside the database). */
	assert_int_equal(stack_sh(&A, NULL, 0, "mkdir -p \"$WALK_VAR/invite-codes\" && "
	                          "printf 'code-png' > \"$WALK_VAR/invite-codes/0123.png\""), 0);
	/* The backup runs in the background; the participants go on writing. */
	assert_int_equal(stack_sh(&A, NULL, 0,
	                          "mkdir -p \"$WALK_VAR/backups\" && (walkctl backup \"$WALK_VAR/backups\" --keep 3 "
	                          "> \"$WALK_VAR/backup.out\" 2>&1; echo $? > \"$WALK_VAR/backup.rc\") > /dev/null 2>&1 &"), 0);
	char rc_path[600];
	snprintf(rc_path, sizeof rc_path, "%s/backup.rc", A.var);
	long during = 0;
	for (int round = 0; !file_exists(rc_path) && round < 2000; round++) {
		for (int i = 0; i < WALKERS; i++)
			sync_steps(i, 4000 + 10 * round + i);
		during++;
	}
	usleep(100 * 1000);   /* the status line is written after the file appears */
	char out[4096];
	stack_sh(&A, out, sizeof out, "cat \"$WALK_VAR/backup.rc\" \"$WALK_VAR/backup.out\"");
	print_message("backup while %ld rounds of %d syncs were acknowledged:\n%s", during, WALKERS, out);
	assert_int_equal(atoi(out), 0);
	assert_non_null(strstr(out, "database  "));
	assert_non_null(strstr(out, ".invite-codes.tar.gz ("));
	assert_true(during >= 1);   /* the API was written to while the copy ran */
	/* Written after the backup finished: not in it. */
	for (int i = 0; i < WALKERS; i++) {
		written_after[i] = 90000 + i;
		sync_steps(i, written_after[i]);
	}
	assert_int_equal(stack_sh(&A, set_file, sizeof set_file, "ls \"$WALK_VAR\"/backups/walk-*.db.gz"), 0);
	set_file[strcspn(set_file, "\n")] = '\0';
	/* The set checks by hand, too (the runbook's sha256sum -c). */
	assert_int_equal(stack_sh(&A, NULL, 0, "cd \"$WALK_VAR/backups\" && sha256sum -c --quiet *.sha256"), 0);
}

static void a_damaged_set_is_refused(void **state)
{
	(void)state;
	char out[2048];
	/* One byte changed in a copy of the set: refused before anything changes. */
	assert_int_equal(stack_sh(&A, NULL, 0,
	                          "rm -rf \"$WALK_VAR/damaged\" && mkdir \"$WALK_VAR/damaged\" && cp '%s' '%s.sha256' \"$WALK_VAR/damaged/\" && "
	                          "f=\"$WALK_VAR/damaged/$(basename '%s')\" && printf 'X' | dd of=\"$f\" bs=1 seek=100 conv=notrunc 2>/dev/null",
	                          set_file, set_file, set_file), 0);
	int rc = stack_sh(&A, out, sizeof out,
	                  "WALK_DB=\"$WALK_VAR/other.db\" walkctl restore \"$WALK_VAR/damaged/$(basename '%s')\"", set_file);
	assert_int_not_equal(rc, 0);
	assert_non_null(strstr(out, "does not match its checksum"));
	assert_int_equal(stack_sh(&A, NULL, 0, "test ! -e \"$WALK_VAR/other.db\""), 0);
	/* Without its checksum file: refused. */
	rc = stack_sh(&A, out, sizeof out,
	              "rm \"$WALK_VAR\"/damaged/*.sha256 && WALK_DB=\"$WALK_VAR/other.db\" walkctl restore \"$WALK_VAR/damaged/$(basename '%s')\"",
	              set_file);
	assert_int_not_equal(rc, 0);
	assert_non_null(strstr(out, "no checksum file"));
	/* Onto the live database of stack A: refused, it exists ... */
	rc = stack_sh(&A, out, sizeof out, "walkctl restore '%s'", set_file);
	assert_int_not_equal(rc, 0);
	assert_non_null(strstr(out, "--replace moves it aside"));
	/* ... and with --replace still refused: its workers have it open. */
	rc = stack_sh(&A, out, sizeof out, "walkctl restore '%s' --replace", set_file);
	assert_int_not_equal(rc, 0);
	assert_non_null(strstr(out, "is in use"));
}

static void the_set_restores_into_a_fresh_stack(void **state)
{
	(void)state;
	assert_int_equal(stack_start(&B, "backup-restored", "WALK_WORKERS=2"), 0);
	stack_sh(&B, NULL, 0, "bash nginx/devstack.sh stop");
	char out[4096];
	int rc = stack_sh(&B, out, sizeof out, "walkctl restore '%s' --replace", set_file);
	print_message("%s", out);
	assert_int_equal(rc, 0);
	assert_non_null(strstr(out, "restored  "));
	assert_int_equal(stack_sh(&B, out, sizeof out, "bash nginx/devstack.sh start"), 0);

	for (int i = 0; i < WALKERS; i++) {
		char sql[256];
		snprintf(sql, sizeof sql, "SELECT raw_steps FROM daily_steps WHERE activity_id = 1 AND user_id = %ld "
		         "AND day = '2019-07-05'", people[i].user_id);
		long steps = stack_sql_int(&B, sql);
		assert_true(steps >= acked_before[i]);     /* acknowledged before: there */
		assert_true(steps < written_after[i]);     /* written after: not */
		snprintf(sql, sizeof sql, "SELECT count(*) FROM ledger WHERE user_id = %ld AND kind = 'checkin'",
		         people[i].user_id);
		assert_int_equal(stack_sql_int(&B, sql), 1);
	}
	/* The media folder came back beside the restored database. */
	assert_int_equal(stack_sh(&B, out, sizeof out, "cat \"$WALK_VAR/invite-codes/0123.png\""), 0);
	assert_string_equal(out, "code-png");
	/* The bulk came across too. */
	assert_int_equal(stack_sql_int(&B, "SELECT count(*) FROM users WHERE openid LIKE 'bench-%'"), 100000);
}

/* Every participant's balance as the restored API answers it equals the sum
 * of their ledger rows in the restored database. */
static void assert_balances_equal_the_ledger(void)
{
	for (int i = 0; i < WALKERS; i++) {
		struct walker w = people[i];
		w.s = &B;   /* the same token: the sessions came with the database */
		long balance = walker_me_number(&w, "balance");
		char sql[200];
		snprintf(sql, sizeof sql, "SELECT coalesce(sum(amount), 0) FROM ledger WHERE activity_id = 1 AND user_id = %ld",
		         people[i].user_id);
		assert_int_equal(balance, stack_sql_int(&B, sql));
		assert_true(balance > 0);
	}
}

static void balances_equal_the_ledger_and_the_settlement_reruns(void **state)
{
	(void)state;
	assert_balances_equal_the_ledger();
	/* The next morning: the restored database settles day 5 (and what was
	 * pending before it), then a second run changes nothing. */
	stack_clock(&B, "2019-07-06T08:00:00+08:00");
	char out[4096];
	assert_int_equal(stack_sh(&B, out, sizeof out, "walkctl settle"), 0);
	assert_int_equal(stack_sql_int(&B, "SELECT count(*) FROM settled_days WHERE day = '2019-07-05'"), 1);
	assert_int_equal(stack_sql_int(&B, "SELECT count(*) FROM settle_runs WHERE outcome NOT IN ('done')"), 0);
	long rows = stack_sql_int(&B, "SELECT count(*) FROM ledger");
	assert_int_equal(stack_sh(&B, out, sizeof out, "walkctl settle"), 0);
	assert_int_equal(stack_sql_int(&B, "SELECT count(*) FROM ledger"), rows);
	assert_balances_equal_the_ledger();
	/* And the steps that day earned step points for the walkers. */
	char sql[200];
	snprintf(sql, sizeof sql, "SELECT count(*) FROM ledger WHERE user_id = %ld AND kind = 'steps'", people[0].user_id);
	assert_true(stack_sql_int(&B, sql) >= 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(backup_while_the_api_writes),
		cmocka_unit_test(a_damaged_set_is_refused),
		cmocka_unit_test(the_set_restores_into_a_fresh_stack),
		cmocka_unit_test(balances_equal_the_ledger_and_the_settlement_reruns),
	};
	return cmocka_run_group_tests(tests, start_stacks, stop_stacks);
}
