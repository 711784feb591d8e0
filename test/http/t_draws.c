/*
 * Red-envelope draws through the real stack (RULES §8, API.md "Red
 * envelopes"): every refusal of a draw, the idempotency key (a replay, and 8
 * concurrent identical requests making one draw), the pool set by walkctl
 * (a count never below what was drawn), the public test's payouts completed
 * without WeChat Pay and wiped at go-live with the pool given back.
 *
 * Points are given with SQL: ledger rows of kind 'adjust' inserted into the
 * stack's database (what an admin's adjustment writes), so that a test does
 * not have to walk for days.
 */
#include "walker.h"

#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static struct stack S;

/* 2019-07-05 00:00 +08:00, a running day. */
#define JULY_5 1562256000L

static int start_stack(void **state)
{
	(void)state;
	if (stack_start(&S, "draws", "WALK_WORKERS=4") != 0)
		return -1;
	stack_clock(&S, "2019-07-05T10:00:00+08:00");
	return 0;
}

static int stop_stack(void **state)
{
	(void)state;
	stack_stop(&S);
	return 0;
}

static void sh_ok(const char *cmd)
{
	char out[2048];
	if (stack_sh(&S, out, sizeof out, "%s", cmd) != 0)
		fail_msg("%s: %s", cmd, out);
}

static void give_points(const struct walker *w, long points, const char *ref)
{
	char cmd[512];
	snprintf(cmd, sizeof cmd,
	         "sqlite3 \"$WALK_VAR/walk.db\" \"INSERT INTO ledger (activity_id, user_id, kind, ref, amount, created_at) "
	         "VALUES (1, %ld, 'adjust', '%s', %ld, %ld)\"", w->user_id, ref, points, JULY_5);
	sh_ok(cmd);
}

/* POST …/draws with key (NULL: no header). */
static void draw(struct walker *w, const char *key, struct http_reply *r)
{
	char header[128];
	snprintf(header, sizeof header, "Idempotency-Key: %s", key ? key : "");
	const char *headers[] = { w->auth, key ? header : NULL, NULL };
	assert_int_equal(stack_req(r, &S, WALK, "POST", "/api/activities/1/draws", NULL, NULL, 0, headers), 0);
}

static long balance_of(struct walker *w)
{
	struct http_reply r;
	assert_int_equal(walker_req(w, &r, "GET", "/api/activities/1/draws", NULL), 0);
	expect_status(&r, 200);
	long b = (long)http_num(&r, "balance");
	http_reply_free(&r);
	return b;
}

static void test_refusals_take_nothing(void **state)
{
	(void)state;
	sh_ok("walkctl pool set --tier 30=2 --tier 5000=1");
	struct walker w;
	walker_person(&w, &S, "抽奖甲");
	struct http_reply r;
	draw(&w, NULL, &r);
	expect_error(&r, 400, "validation_failed", "Idempotency-Key");
	draw(&w, "short-key", &r);
	expect_error(&r, 400, "validation_failed", "Idempotency-Key");
	draw(&w, "key with spaces inside it", &r);
	expect_error(&r, 400, "validation_failed", "Idempotency-Key");
	draw(&w, "refusal-0000000001", &r);
	expect_error(&r, 409, "insufficient_points", NULL);
	give_points(&w, 19, "90001");
	draw(&w, "refusal-0000000002", &r);
	expect_error(&r, 409, "insufficient_points", NULL);
	give_points(&w, 61, "90002");   /* 80 points: four draws' worth, the pool holds three */
	long amounts = 0;
	for (int i = 0; i < 3; i++) {
		char key[32];
		snprintf(key, sizeof key, "refusal-draw-%06d", i);
		draw(&w, key, &r);
		expect_status(&r, 201);
		amounts += (long)http_num(&r, "amount_fen");
		assert_int_equal((long)http_num(&r, "balance"), 80 - 20 * (i + 1));
		http_reply_free(&r);
	}
	assert_int_equal(amounts, 30 + 30 + 5000);   /* the whole pool, exactly */
	draw(&w, "refusal-0000000003", &r);
	expect_error(&r, 409, "pool_empty", NULL);
	assert_int_equal(balance_of(&w), 20);
	assert_int_equal(stack_sql_int(&S, "SELECT count(*) FROM draws"), 3);
	assert_int_equal(stack_sql_int(&S, "SELECT min(count - drawn) FROM pool_tiers"), 0);

	/* A count cannot go below what its tier gave out. */
	char out[512];
	assert_int_not_equal(stack_sh(&S, out, sizeof out, "walkctl pool set --tier 30=1"), 0);
	assert_non_null(strstr(out, "below what was drawn"));
	assert_int_equal(stack_sql_int(&S, "SELECT count FROM pool_tiers WHERE amount_fen = 30"), 2);
	assert_int_equal(stack_sql_int(&S, "SELECT count(*) FROM audit_log WHERE action = 'pool.set'"), 1);

	/* The daily release: three draws a day, made already today. */
	sh_ok("walkctl pool set --tier 100=10 --daily-release 3");
	draw(&w, "refusal-0000000004", &r);
	expect_error(&r, 409, "pool_closed_today", NULL);
	assert_int_equal(balance_of(&w), 20);
	sh_ok("walkctl pool set --daily-release 0");

	/* The deadline: 2019-10-08 00:00. */
	stack_clock(&S, "2019-10-08T00:00:00+08:00");
	walker_relogin(&w);   /* the token of July has expired by October */
	draw(&w, "refusal-0000000005", &r);
	expect_error(&r, 409, "redeem_closed", NULL);
	stack_clock(&S, "2019-07-05T10:00:00+08:00");
	assert_int_equal(balance_of(&w), 20);
	assert_int_equal(stack_sql_int(&S, "SELECT count(*) FROM draws"), 3);
	assert_int_equal(stack_sql_int(&S, "SELECT count(*) FROM payouts"), 3);
	assert_int_equal(stack_sql_int(&S, "SELECT count(*) FROM ledger WHERE kind = 'redeem'"), 3);
}

static void test_same_key_same_draw(void **state)
{
	(void)state;
	sh_ok("walkctl pool set --tier 50=100");
	struct walker w;
	walker_person(&w, &S, "抽奖乙");
	give_points(&w, 40, "90003");
	struct http_reply r;
	draw(&w, "replay-key-00000000001", &r);
	expect_status(&r, 201);
	long id = (long)http_num(&r, "id");
	http_reply_free(&r);
	draw(&w, "replay-key-00000000001", &r);
	expect_status(&r, 200);
	assert_int_equal((long)http_num(&r, "id"), id);
	assert_int_equal((long)http_num(&r, "balance"), 20);
	http_reply_free(&r);
	assert_int_equal(balance_of(&w), 20);

	/* The list shows the draw with its payout; a payout that may still pay cannot be claimed. */
	assert_int_equal(walker_req(&w, &r, "GET", "/api/activities/1/draws", NULL), 0);
	expect_status(&r, 200);
	cJSON *items = cJSON_GetObjectItem(r.json, "items");
	assert_int_equal(cJSON_GetArraySize(items), 1);
	cJSON *item = cJSON_GetArrayItem(items, 0);
	assert_int_equal((long)cJSON_GetNumberValue(cJSON_GetObjectItem(item, "id")), id);
	/* The fake WeChat Pay made the bill at once: the participant confirms it. */
	cJSON *payout = cJSON_GetObjectItem(item, "payout");
	assert_string_equal(cJSON_GetStringValue(cJSON_GetObjectItem(payout, "state")), "wait_confirm");
	assert_non_null(cJSON_GetStringValue(cJSON_GetObjectItem(payout, "package_info")));
	assert_int_equal((long)http_num(&r, "cost"), 20);
	assert_true(cJSON_IsNull(cJSON_GetObjectItem(r.json, "left_today")));
	http_reply_free(&r);
	char path[128];
	snprintf(path, sizeof path, "/api/activities/1/draws/%ld/claim", id);
	assert_int_equal(walker_req(&w, &r, "POST", path, NULL), 0);
	expect_error(&r, 409, "not_expired", NULL);
	/* Another participant's draw is not found. */
	struct walker other;
	walker_person(&other, &S, "抽奖丙");
	assert_int_equal(walker_req(&other, &r, "POST", path, NULL), 0);
	expect_error(&r, 404, "not_found", NULL);
}

struct racer {
	struct walker *w;
	long status, id;
};

static void *race(void *arg)
{
	struct racer *rc = arg;
	struct http_reply r;
	char header[] = "Idempotency-Key: concurrent-key-0000001";
	const char *headers[] = { rc->w->auth, header, NULL };
	if (stack_req(&r, &S, WALK, "POST", "/api/activities/1/draws", NULL, NULL, 0, headers) == 0) {
		rc->status = r.status;
		rc->id = (long)http_num(&r, "id");
		http_reply_free(&r);
	}
	return NULL;
}

static void test_eight_concurrent_requests_one_draw(void **state)
{
	(void)state;
	struct walker w;
	walker_person(&w, &S, "抽奖丁");
	give_points(&w, 200, "90004");
	struct racer racers[8];
	pthread_t threads[8];
	for (int i = 0; i < 8; i++) {
		racers[i] = (struct racer){ &w, 0, 0 };
		assert_int_equal(pthread_create(&threads[i], NULL, race, &racers[i]), 0);
	}
	for (int i = 0; i < 8; i++)
		pthread_join(threads[i], NULL);
	int made = 0;
	for (int i = 0; i < 8; i++) {
		assert_true(racers[i].status == 201 || racers[i].status == 200);
		made += racers[i].status == 201;
		assert_int_equal(racers[i].id, racers[0].id);
	}
	assert_int_equal(made, 1);
	assert_int_equal(balance_of(&w), 180);
	char sql[128];
	snprintf(sql, sizeof sql, "SELECT count(*) FROM draws WHERE user_id = %ld", w.user_id);
	assert_int_equal(stack_sql_int(&S, sql), 1);
}

/* The public test: a draw's payout completes at once, marked, without any
 * call to WeChat Pay; go-live wipes it and gives the pool back. */
static void test_public_test_payouts_and_golive(void **state)
{
	(void)state;
	stack_clock(&S, "2019-06-20T10:00:00+08:00");
	struct walker w;
	walker_person(&w, &S, "公测者");
	char cmd[512];
	snprintf(cmd, sizeof cmd,
	         "sqlite3 \"$WALK_VAR/walk.db\" \"INSERT INTO ledger (activity_id, user_id, kind, ref, amount, created_at) "
	         "VALUES (1, %ld, 'adjust', '90005', 20, 1561000000)\"", w.user_id);
	sh_ok(cmd);
	long left_before = stack_sql_int(&S, "SELECT sum(count - drawn) FROM pool_tiers");
	long bills_before = stack_fake_calls(&S, "transfer");
	struct http_reply r;
	draw(&w, "public-test-key-000001", &r);
	expect_status(&r, 201);
	cJSON *payout = cJSON_GetObjectItem(r.json, "payout");
	assert_string_equal(cJSON_GetStringValue(cJSON_GetObjectItem(payout, "state")), "paid");
	assert_true(cJSON_IsTrue(cJSON_GetObjectItem(payout, "test_mode")));
	long id = (long)http_num(&r, "id");
	http_reply_free(&r);
	assert_int_equal(stack_fake_calls(&S, "transfer"), bills_before);
	assert_int_equal(stack_sql_int(&S, "SELECT sum(count - drawn) FROM pool_tiers"), left_before - 1);

	stack_clock(&S, "2019-07-01T00:10:00+08:00");
	sh_ok("walkctl golive");
	char sql[128];
	snprintf(sql, sizeof sql, "SELECT count(*) FROM draws WHERE id = %ld", id);
	assert_int_equal(stack_sql_int(&S, sql), 0);
	assert_int_equal(stack_sql_int(&S, "SELECT count(*) FROM payouts WHERE test_mode = 1"), 0);
	assert_int_equal(stack_sql_int(&S, "SELECT sum(count - drawn) FROM pool_tiers"), left_before);
	/* The running activity's draws stay. */
	assert_true(stack_sql_int(&S, "SELECT count(*) FROM draws") >= 4);
	stack_clock(&S, "2019-07-05T10:00:00+08:00");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_refusals_take_nothing),
		cmocka_unit_test(test_same_key_same_draw),
		cmocka_unit_test(test_eight_concurrent_requests_one_draw),
		cmocka_unit_test(test_public_test_payouts_and_golive),
	};
	return cmocka_run_group_tests(tests, start_stack, stop_stack);
}
