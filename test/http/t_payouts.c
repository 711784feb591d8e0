/*
 * Red-envelope payouts against the fake WeChat Pay through the real stack
 * (WECHAT.md §6, API.md "Red envelopes"): the transfer made after the draw
 * commits, what wx.requestMerchantTransfer needs, the user's confirmation and
 * its callback applied once (duplicates and repeats change nothing), a
 * callback with a bad signature refused, faults (SYSTEM_ERROR, a lost reply,
 * a bad answer signature, NOT_ENOUGH) resolved by the same bill, expiry after
 * 24 h and a claim with a new bill only once the old one is final.
 *
 * Points are given with SQL (ledger rows of kind 'adjust').
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

#define JULY_5 1562256000L

static int start_stack(void **state)
{
	(void)state;
	if (stack_start(&S, "payouts", "WALK_WORKERS=2 WALK_PAY_TIMEOUT_MS=1500") != 0)
		return -1;
	stack_clock(&S, "2019-07-05T10:00:00+08:00");
	char out[512];
	if (stack_sh(&S, out, sizeof out, "walkctl pool set --tier 30=1000 --tier 100=1000") != 0) {
		fprintf(stderr, "pool set: %s\n", out);
		return -1;
	}
	return 0;
}

static int stop_stack(void **state)
{
	(void)state;
	stack_stop(&S);
	return 0;
}

static void person_with_points(struct walker *w, const char *name, long points)
{
	walker_person(w, &S, name);
	char cmd[512], out[256];
	snprintf(cmd, sizeof cmd,
	         "sqlite3 \"$WALK_VAR/walk.db\" \"INSERT INTO ledger (activity_id, user_id, kind, ref, amount, created_at) "
	         "VALUES (1, %ld, 'adjust', '90001', %ld, %ld)\"", w->user_id, points, JULY_5);
	if (stack_sh(&S, out, sizeof out, "%s", cmd) != 0)
		fail_msg("%s", out);
}

/* A draw; its id into *id and its bill number (first attempt) into bill. */
static cJSON *draw(struct walker *w, const char *key, long *id, char *bill, size_t size)
{
	char header[128];
	snprintf(header, sizeof header, "Idempotency-Key: %s", key);
	const char *headers[] = { w->auth, header, NULL };
	struct http_reply r;
	assert_int_equal(stack_req(&r, &S, WALK, "POST", "/api/activities/1/draws", NULL, NULL, 0, headers), 0);
	expect_status(&r, 201);
	*id = (long)http_num(&r, "id");
	snprintf(bill, size, "WD%ldA1", *id);
	cJSON *payout = cJSON_Duplicate(cJSON_GetObjectItem(r.json, "payout"), true);
	http_reply_free(&r);
	return payout;
}

static const char *state_of(const cJSON *payout)
{
	return cJSON_GetStringValue(cJSON_GetObjectItem(payout, "state"));
}

/* The payout state of draw id as GET …/draws shows it, into out. */
static void draw_state(struct walker *w, long id, char *out, size_t size)
{
	struct http_reply r;
	assert_int_equal(walker_req(w, &r, "GET", "/api/activities/1/draws", NULL), 0);
	expect_status(&r, 200);
	out[0] = '\0';
	const cJSON *item;
	cJSON_ArrayForEach(item, cJSON_GetObjectItem(r.json, "items"))
		if ((long)cJSON_GetNumberValue(cJSON_GetObjectItem(item, "id")) == id)
			snprintf(out, size, "%s", state_of(cJSON_GetObjectItem(item, "payout")));
	http_reply_free(&r);
}

/* Waits (up to 5 s) until draw id shows state. */
static void await_state(struct walker *w, long id, const char *state)
{
	char now[32] = "";
	for (int i = 0; i < 50; i++) {
		draw_state(w, id, now, sizeof now);
		if (strcmp(now, state) == 0)
			return;
		usleep(100 * 1000);
	}
	fail_msg("draw %ld: %s, expected %s", id, now, state);
}

static void fake(const char *path, const char *json, long status)
{
	struct http_reply r;
	assert_int_equal(stack_post(&r, &S, FAKE, path, json), 0);
	if (r.status != status)
		fail_msg("%s %s: %ld %s", path, json, r.status, r.body);
	http_reply_free(&r);
}

static void fault(const char *api, const char *name, int count)
{
	char body[160];
	snprintf(body, sizeof body, "{\"api\":\"%s\",\"fault\":\"%s\",\"count\":%d}", api, name, count);
	fake("/fake/faults", body, 200);
}

/* How many bills the fake holds for out_bill_no, and the state of the last into state. */
static int fake_bills(const char *bill, char *state, size_t size)
{
	struct http_reply r;
	assert_int_equal(stack_get(&r, &S, FAKE, "/fake/pay/bills"), 0);
	int n = 0;
	const cJSON *b;
	cJSON *list = cJSON_IsArray(r.json) ? r.json : cJSON_GetObjectItem(r.json, "bills");
	cJSON_ArrayForEach(b, list)
		if (strcmp(cJSON_GetStringValue(cJSON_GetObjectItem(b, "out_bill_no")), bill) == 0) {
			n++;
			if (state)
				snprintf(state, size, "%s", cJSON_GetStringValue(cJSON_GetObjectItem(b, "state")));
		}
	http_reply_free(&r);
	return n;
}

/* Transfer requests the fake received for bill: their number; every one
 * signed validly and with amount. */
static int transfer_calls(const char *bill, long amount)
{
	struct http_reply r;
	assert_int_equal(stack_get(&r, &S, FAKE, "/fake/calls?api=transfer"), 0);
	int n = 0;
	const cJSON *c;
	cJSON_ArrayForEach(c, r.json) {
		const char *no = cJSON_GetStringValue(cJSON_GetObjectItem(c, "out_bill_no"));
		if (!no || strcmp(no, bill) != 0)
			continue;
		n++;
		assert_true(cJSON_IsTrue(cJSON_GetObjectItem(c, "signature_valid")));
		assert_int_equal((long)cJSON_GetNumberValue(cJSON_GetObjectItem(c, "amount")), amount);
	}
	http_reply_free(&r);
	return n;
}

static void reconcile(int expect_status_code)
{
	char out[1024];
	int rc = stack_sh(&S, out, sizeof out, "walkctl payouts reconcile");
	if (rc != expect_status_code)
		fail_msg("reconcile exited %d: %s", rc, out);
	printf("reconcile: %s", out);
}

static long amount_of(long id)
{
	char sql[96];
	snprintf(sql, sizeof sql, "SELECT amount_fen FROM draws WHERE id = %ld", id);
	return stack_sql_int(&S, sql);
}

static void test_draw_confirm_and_callbacks(void **state)
{
	(void)state;
	struct walker w;
	person_with_points(&w, "红包甲", 100);
	long id;
	char bill[40], json[160], wx[32];
	cJSON *payout = draw(&w, "pay-confirm-key-000001", &id, bill, sizeof bill);
	assert_string_equal(state_of(payout), "wait_confirm");
	assert_string_equal(cJSON_GetStringValue(cJSON_GetObjectItem(payout, "mch_id")), "1900000109");
	assert_string_equal(cJSON_GetStringValue(cJSON_GetObjectItem(payout, "appid")), "wxd0e1a2b3c4d5e6f7");
	assert_true(strlen(cJSON_GetStringValue(cJSON_GetObjectItem(payout, "package_info"))) > 0);
	cJSON_Delete(payout);
	assert_int_equal(transfer_calls(bill, amount_of(id)), 1);
	assert_int_equal(fake_bills(bill, wx, sizeof wx), 1);
	assert_string_equal(wx, "WAIT_USER_CONFIRM");

	snprintf(json, sizeof json, "{\"out_bill_no\":\"%s\"}", bill);
	fake("/fake/pay/confirm", json, 200);
	await_state(&w, id, "paid");
	/* Repeated callbacks change nothing. */
	snprintf(json, sizeof json, "{\"out_bill_no\":\"%s\",\"repeat\":3}", bill);
	fake("/fake/pay/notify", json, 200);
	char sql[128];
	snprintf(sql, sizeof sql, "SELECT count(*) FROM payouts WHERE out_bill_no = '%s' AND state = 'paid'", bill);
	assert_int_equal(stack_sql_int(&S, sql), 1);
	draw_state(&w, id, wx, sizeof wx);
	assert_string_equal(wx, "paid");

	/* A callback not signed by WeChat Pay is refused and changes nothing. */
	const char *headers[] = { "Wechatpay-Timestamp: 1700000000", "Wechatpay-Nonce: abc",
	                          "Wechatpay-Signature: WECHATPAY/SIGNTEST/xyz",
	                          "Wechatpay-Serial: PUB_KEY_ID_0119000001092026120100000000000001", NULL };
	struct http_reply r;
	assert_int_equal(stack_req(&r, &S, WALK, "POST", "/api/pay/notify", "application/json",
	                           "{\"resource_type\":\"encrypt-resource\"}", -1, headers), 0);
	expect_error(&r, 401, "bad_signature", NULL);
}

static void test_faults_resolved_by_the_same_bill(void **state)
{
	(void)state;
	struct walker w;
	person_with_points(&w, "红包乙", 200);
	long id;
	char bill[40], wx[32];

	/* SYSTEM_ERROR: the draw stands, paying; refresh sends the same bill. */
	fault("transfer", "system_error", 1);
	cJSON *payout = draw(&w, "pay-fault-key-0000001", &id, bill, sizeof bill);
	assert_string_equal(state_of(payout), "paying");
	cJSON_Delete(payout);
	assert_int_equal(fake_bills(bill, NULL, 0), 0);
	char path[128];
	snprintf(path, sizeof path, "/api/activities/1/draws/%ld/refresh", id);
	struct http_reply r;
	assert_int_equal(walker_req(&w, &r, "POST", path, NULL), 0);
	expect_status(&r, 200);
	assert_string_equal(state_of(cJSON_GetObjectItem(r.json, "payout")), "wait_confirm");
	http_reply_free(&r);
	assert_int_equal(fake_bills(bill, NULL, 0), 1);
	assert_int_equal(transfer_calls(bill, amount_of(id)), 2);

	/* A lost reply: the bill is made, the answer never comes; the
	 * reconciler sends the same bill and WeChat Pay gives it back. */
	fault("transfer", "lost_reply", 1);
	payout = draw(&w, "pay-fault-key-0000002", &id, bill, sizeof bill);
	assert_string_equal(state_of(payout), "paying");
	cJSON_Delete(payout);
	assert_int_equal(fake_bills(bill, NULL, 0), 1);
	stack_clock(&S, "2019-07-05T10:05:00+08:00");
	reconcile(0);
	draw_state(&w, id, wx, sizeof wx);
	assert_string_equal(wx, "wait_confirm");
	assert_int_equal(fake_bills(bill, NULL, 0), 1);
	assert_int_equal(transfer_calls(bill, amount_of(id)), 2);

	/* An answer whose signature does not verify is not believed. */
	fault("transfer", "bad_signature", 1);
	payout = draw(&w, "pay-fault-key-0000003", &id, bill, sizeof bill);
	assert_string_equal(state_of(payout), "paying");
	cJSON_Delete(payout);

	/* NOT_ENOUGH pauses every payout until resumed; then the same bill. */
	fault("transfer", "not_enough", 1);
	long id2;
	char bill2[40];
	payout = draw(&w, "pay-fault-key-0000004", &id2, bill2, sizeof bill2);
	assert_string_equal(state_of(payout), "paying");
	cJSON_Delete(payout);
	assert_int_equal(stack_sql_int(&S, "SELECT count(*) FROM payout_pause"), 1);
	stack_clock(&S, "2019-07-05T10:08:00+08:00");
	reconcile(3);   /* paused: nothing sent */
	assert_int_equal(transfer_calls(bill2, amount_of(id2)), 1);
	char out[256];
	assert_int_equal(stack_sh(&S, out, sizeof out, "walkctl payouts resume"), 0);
	reconcile(0);
	draw_state(&w, id, wx, sizeof wx);
	assert_string_equal(wx, "wait_confirm");
	draw_state(&w, id2, wx, sizeof wx);
	assert_string_equal(wx, "wait_confirm");
	assert_int_equal(fake_bills(bill2, NULL, 0), 1);
	assert_int_equal(transfer_calls(bill2, amount_of(id2)), 2);
}

static void test_expiry_then_claim(void **state)
{
	(void)state;
	stack_clock(&S, "2019-07-06T10:00:00+08:00");
	struct walker w;
	person_with_points(&w, "红包丙", 40);
	long id;
	char bill[40], wx[32], path[128];
	cJSON *payout = draw(&w, "pay-expiry-key-000001", &id, bill, sizeof bill);
	assert_string_equal(state_of(payout), "wait_confirm");
	cJSON_Delete(payout);
	snprintf(path, sizeof path, "/api/activities/1/draws/%ld/claim", id);
	struct http_reply r;
	assert_int_equal(walker_req(&w, &r, "POST", path, NULL), 0);
	expect_error(&r, 409, "not_expired", NULL);

	/* 25 hours later WeChat Pay has closed the bill unconfirmed. */
	stack_clock(&S, "2019-07-07T11:00:00+08:00");
	walker_relogin(&w);
	reconcile(0);
	await_state(&w, id, "expired");
	assert_int_equal(fake_bills(bill, wx, sizeof wx), 1);
	assert_string_equal(wx, "CANCELLED");

	assert_int_equal(walker_req(&w, &r, "POST", path, NULL), 0);
	expect_status(&r, 201);
	assert_string_equal(state_of(cJSON_GetObjectItem(r.json, "payout")), "wait_confirm");
	http_reply_free(&r);
	char bill2[40];
	snprintf(bill2, sizeof bill2, "WD%ldA2", id);
	assert_int_equal(fake_bills(bill2, NULL, 0), 1);
	assert_int_equal(transfer_calls(bill2, amount_of(id)), 1);
	/* The new bill may still pay: no third one. */
	assert_int_equal(walker_req(&w, &r, "POST", path, NULL), 0);
	expect_error(&r, 409, "not_expired", NULL);
	/* Nothing else was spent: one draw, 20 points. */
	char sql[128];
	snprintf(sql, sizeof sql, "SELECT -sum(amount) FROM ledger WHERE kind = 'redeem' AND user_id = %ld", w.user_id);
	assert_int_equal(stack_sql_int(&S, sql), 20);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_draw_confirm_and_callbacks),
		cmocka_unit_test(test_faults_resolved_by_the_same_bill),
		cmocka_unit_test(test_expiry_then_claim),
	};
	return cmocka_run_group_tests(tests, start_stack, stop_stack);
}
