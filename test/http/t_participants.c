/*
 * Participants through the real stack (API.md "Participants"): login against the
 * fake WeChat with each of its errors, reference data, enrollment, the daily
 * sync loop over three simulated days, check-in, me, and every error code.
 *
 * Order: the tests share one stack and run in main()'s order.  Each sets the
 * server clock it needs and makes its own participants, but a later test may
 * see what an earlier one left (rows, counts, the clock's day): run the file
 * as a whole, and add a test at the end unless it is independent of the rest.
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
#include <time.h>
#include <unistd.h>

static struct stack S;

static int start_stack(void **state)
{
	(void)state;
	/* A short WeChat timeout so that the timeout fault is quick to show. */
	return stack_start(&S, "participants", "WALK_WORKERS=3 WALK_WX_TIMEOUT_MS=1500");
}

static int stop_stack(void **state)
{
	(void)state;
	stack_stop(&S);
	return 0;
}

/* ---------------------------------------------------------------- login */

static void login_gives_a_token_and_keeps_the_user(void **state)
{
	(void)state;
	stack_clock(&S, "2019-06-20T09:00:00+08:00");
	struct walker a, b;
	walker_login(&a, &S, "o-login-1");
	assert_int_equal(strlen(a.token), 43);
	assert_true(a.user_id > 0);
	b = a;
	walker_relogin(&b);
	assert_int_equal(b.user_id, a.user_id);
	assert_string_not_equal(b.token, a.token);
	/* Only a hash of the token is stored, and the session key is never answered. */
	char sql[256];
	snprintf(sql, sizeof sql, "SELECT count(*) FROM sessions WHERE token_hash = '%s'", b.token);
	assert_int_equal(stack_sql_int(&S, sql), 0);
	struct http_reply r;
	assert_int_equal(walker_req(&b, &r, "GET", "/api/activities/1/enrollment", NULL), 0);
	expect_error(&r, 404, "not_found", NULL);
}

static void login_with_fault(const char *fault, int count, long status, const char *code)
{
	struct http_reply r;
	char body[256];
	snprintf(body, sizeof body, "{\"api\":\"jscode2session\",\"fault\":\"%s\",\"count\":%d,\"seconds\":3}",
	         fault, count);
	assert_int_equal(stack_post(&r, &S, FAKE, "/fake/faults", body), 0);
	assert_int_equal(r.status, 200);
	http_reply_free(&r);
	assert_int_equal(stack_post(&r, &S, FAKE, "/fake/users", "{\"openid\":\"o-fault\"}"), 0);
	http_reply_free(&r);
	assert_int_equal(stack_post(&r, &S, FAKE, "/fake/login", "{\"openid\":\"o-fault\"}"), 0);
	snprintf(body, sizeof body, "{\"code\":\"%s\"}", http_str(&r, "code"));
	http_reply_free(&r);
	assert_int_equal(stack_post(&r, &S, WALK, "/api/login", body), 0);
	if (!code) {
		assert_int_equal(r.status, status);
		http_reply_free(&r);
		return;
	}
	expect_error(&r, status, code, NULL);
}

static void login_maps_every_wechat_error(void **state)
{
	(void)state;
	struct http_reply r;
	assert_int_equal(stack_post(&r, &S, WALK, "/api/login", "{}"), 0);
	expect_error(&r, 400, "validation_failed", "code");
	assert_int_equal(stack_post(&r, &S, WALK, "/api/login", "{\"code\":12}"), 0);
	expect_error(&r, 400, "validation_failed", "code");
	assert_int_equal(stack_post(&r, &S, WALK, "/api/login", "{\"code\":\"never-issued\"}"), 0);
	expect_error(&r, 400, "bad_code", NULL);

	long users_before = stack_sql_int(&S, "SELECT count(*) FROM users");
	login_with_fault("code_used", 1, 400, "bad_code");
	login_with_fault("rate_limited", 1, 429, "rate_limited");
	login_with_fault("blocked", 1, 403, "blocked");
	login_with_fault("5xx", 1, 502, "wechat_error");
	login_with_fault("busy", 2, 502, "wechat_error");   /* busy, and busy again on the one retry */
	time_t t0 = time(NULL);
	login_with_fault("timeout", 1, 502, "wechat_error");
	assert_true(time(NULL) - t0 <= 3);   /* our 1.5 s timeout, not the fake's 3 s */
	/* A WeChat outage changes nothing. */
	assert_int_equal(stack_sql_int(&S, "SELECT count(*) FROM users"), users_before);
	/* busy once: retried once, and the login goes through. */
	assert_int_equal(stack_get(&r, &S, FAKE, "/fake/calls?api=jscode2session"), 0);
	int calls_before = cJSON_GetArraySize(r.json);
	http_reply_free(&r);
	login_with_fault("busy", 1, 200, NULL);
	assert_int_equal(stack_get(&r, &S, FAKE, "/fake/calls?api=jscode2session"), 0);
	assert_int_equal(cJSON_GetArraySize(r.json), calls_before + 2);
	http_reply_free(&r);
}

static void bad_tokens_are_401(void **state)
{
	(void)state;
	struct walker w;
	walker_login(&w, &S, NULL);
	struct http_reply r;
	assert_int_equal(stack_get(&r, &S, WALK, "/api/activities/1/me"), 0);
	expect_error(&r, 401, "unauthenticated", NULL);
	const char *bad[] = { "Authorization: Bearer nonsense", "Authorization: Basic dXNlcjpwYXNz",
	                      "Authorization: Bearer ", "Authorization: Bearer AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA" };
	for (size_t i = 0; i < 4; i++) {
		const char *headers[] = { bad[i], NULL };
		assert_int_equal(stack_req(&r, &S, WALK, "GET", "/api/activities/1/me", NULL, NULL, 0, headers), 0);
		expect_error(&r, 401, "unauthenticated", NULL);
	}
	/* A token expires after 30 days. */
	stack_clock(&S, "2019-08-30T09:00:00+08:00");
	assert_int_equal(walker_req(&w, &r, "GET", "/api/activities/1/enrollment", NULL), 0);
	expect_error(&r, 401, "unauthenticated", NULL);
	stack_clock(&S, "2019-06-20T09:00:00+08:00");
}

/* ---------------------------------------------------------------- reference data */

static void reference_data(void **state)
{
	(void)state;
	struct http_reply r;
	assert_int_equal(stack_get(&r, &S, WALK, "/api/unions"), 0);
	assert_int_equal(r.status, 200);
	assert_int_equal(cJSON_GetArraySize(r.json), 23);
	cJSON *first = cJSON_GetArrayItem(r.json, 0);
	assert_string_equal(cJSON_GetStringValue(cJSON_GetObjectItem(first, "code")), "xa");
	assert_string_equal(cJSON_GetStringValue(cJSON_GetObjectItem(first, "name")), "西安市总工会");
	assert_string_equal(cJSON_GetStringValue(cJSON_GetObjectItem(first, "category")), "city");
	http_reply_free(&r);
	assert_int_equal(stack_get(&r, &S, WALK, "/api/regions"), 0);
	assert_int_equal(cJSON_GetArraySize(r.json), 12);
	http_reply_free(&r);
	assert_int_equal(stack_get(&r, &S, WALK, "/api/activities"), 0);
	cJSON *a = cJSON_GetArrayItem(r.json, 0);
	assert_string_equal(cJSON_GetStringValue(cJSON_GetObjectItem(a, "state")), "test");   /* 2019-06-20 */
	assert_string_equal(cJSON_GetStringValue(cJSON_GetObjectItem(a, "first_day")), "2019-07-01");
	http_reply_free(&r);
	assert_int_equal(stack_get(&r, &S, WALK, "/api/activities/1"), 0);
	assert_int_equal(r.status, 200);
	assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(r.json, "checkpoints")), 13);
	assert_int_equal((int)http_num(&r, "daily_cap"), 10000);
	assert_null(strstr(r.body, "answer"));
	http_reply_free(&r);
	const char *missing[] = { "/api/activities/2", "/api/activities/0", "/api/activities/abc",
	                          "/api/activities/99999999999999999999" };
	for (size_t i = 0; i < 4; i++) {
		assert_int_equal(stack_get(&r, &S, WALK, missing[i]), 0);
		expect_error(&r, 404, "not_found", NULL);
	}
}

/* ---------------------------------------------------------------- enrollment */

static void enroll_expect(struct walker *w, const char *body, long status, const char *code, const char *field)
{
	struct http_reply r;
	assert_int_equal(walker_req(w, &r, "PUT", "/api/activities/1/enrollment", body), 0);
	if (code)
		expect_error(&r, status, code, field);
	else {
		if (r.status != status)
			fail_msg("expected %ld, got %ld %s", status, r.status, r.body);
		http_reply_free(&r);
	}
}

#define OK_REST "\"mobile\":\"13800000000\",\"region\":\"xa\",\"union\":\"xa\",\"unit\":\"单位\""

static void enrollment_validates_each_field(void **state)
{
	(void)state;
	stack_clock(&S, "2019-06-20T09:00:00+08:00");
	struct walker w;
	walker_login(&w, &S, NULL);
	const char *bad_names[] = { "\"张\"", "\"John\"", "\"·张三\"", "\"张三·\"", "\"张··三\"", "\"张 三\"",
	                            "12", "null", "\"一二三四五六七八九十一二三四五六七八九十一\"" };
	char body[1024];
	for (size_t i = 0; i < sizeof bad_names / sizeof bad_names[0]; i++) {
		snprintf(body, sizeof body, "{\"name\":%s," OK_REST "}", bad_names[i]);
		enroll_expect(&w, body, 400, "validation_failed", "name");
	}
	const char *bad_mobiles[] = { "\"12800000000\"", "\"1380000000\"", "\"138000000001\"", "\"1380000000a\"",
	                              "13800000000" };
	for (size_t i = 0; i < sizeof bad_mobiles / sizeof bad_mobiles[0]; i++) {
		snprintf(body, sizeof body, "{\"name\":\"张三\",\"mobile\":%s,\"region\":\"xa\",\"union\":\"xa\","
		         "\"unit\":\"单位\"}", bad_mobiles[i]);
		enroll_expect(&w, body, 400, "validation_failed", "mobile");
	}
	enroll_expect(&w, "{\"name\":\"张三\",\"mobile\":\"13800000000\",\"region\":\"beijing\",\"union\":\"xa\",\"unit\":\"单位\"}",
	              400, "validation_failed", "region");
	enroll_expect(&w, "{\"name\":\"张三\",\"mobile\":\"13800000000\",\"region\":\"xa\",\"union\":\"sx\",\"unit\":\"单位\"}",
	              400, "validation_failed", "union");
	enroll_expect(&w, "{\"name\":\"张三\",\"mobile\":\"13800000000\",\"region\":\"xa\",\"union\":\"xa' OR 1=1 --\",\"unit\":\"单位\"}",
	              400, "validation_failed", "union");
	enroll_expect(&w, "{\"name\":\"张三\",\"mobile\":\"13800000000\",\"region\":\"xa\",\"union\":\"xa\"}",
	              400, "validation_failed", "unit");
	enroll_expect(&w, "{\"name\":\"张三\",\"mobile\":\"13800000000\",\"region\":\"xa\",\"union\":\"xa\",\"unit\":\"   \"}",
	              400, "validation_failed", "unit");
	enroll_expect(&w, "{\"name\":\"张三\",\"mobile\":\"13800000000\",\"region\":\"xa\",\"union\":\"xa\",\"unit\":\"\\u202e位单\"}",
	              400, "validation_failed", "unit");
	/* A NUL would cut the string: the whole body is refused rather than stored cut. */
	enroll_expect(&w, "{\"name\":\"张三\",\"mobile\":\"13800000000\",\"region\":\"xa\",\"union\":\"xa\",\"unit\":\"a\\u0000b\"}",
	              400, "invalid_json", NULL);
	enroll_expect(&w, "{\"name\":\"张三\",\"mobile\":\"13800000000\",\"region\":\"xa\",\"union\":\"xa\","
	              "\"unit\":\"123456789012345678901234567890123456789012345678901\"}", 400, "validation_failed", "unit");
	enroll_expect(&w, "{\"name\":\"张三\",\"mobile\":\"13800000000\",\"region\":\"xa\",\"union\":\"xa\",\"unit\":\"u\","
	              "\"department\":7}", 400, "validation_failed", "department");
	/* Invalid UTF-8 inside a JSON string: not a JSON text at all (RFC 8259 §8.1). */
	const char raw[] = "{\"name\":\"张三\",\"mobile\":\"13800000000\",\"region\":\"xa\",\"union\":\"xa\",\"unit\":\"\xff\xfe\"}";
	const char *headers[] = { w.auth, NULL };
	struct http_reply r;
	assert_int_equal(stack_req(&r, &S, WALK, "PUT", "/api/activities/1/enrollment", "application/json", raw,
	                           (long)sizeof raw - 1, headers), 0);
	expect_error(&r, 400, "invalid_json", NULL);
	/* Nothing was stored by any of it. */
	assert_int_equal(walker_req(&w, &r, "GET", "/api/activities/1/enrollment", NULL), 0);
	expect_error(&r, 404, "not_found", NULL);
}

static void enrollment_stores_as_sent_and_locks_the_union(void **state)
{
	(void)state;
	stack_clock(&S, "2019-06-25T09:00:00+08:00");
	struct walker w;
	walker_login(&w, &S, NULL);
	enroll_expect(&w, "{\"name\":\"阿依古丽·买买提\",\"mobile\":\"15912345678\",\"region\":\"ylsf\",\"union\":\"xa\","
	              "\"unit\":\" 西安·某厂 \",\"department\":\"\"" WALKER_CONSENT "}", 201, NULL, NULL);
	struct http_reply r;
	assert_int_equal(walker_req(&w, &r, "GET", "/api/activities/1/enrollment", NULL), 0);
	assert_int_equal(r.status, 200);
	assert_string_equal(http_str(&r, "name"), "阿依古丽·买买提");
	assert_string_equal(http_str(&r, "unit"), " 西安·某厂 ");
	assert_string_equal(http_str(&r, "region"), "ylsf");
	http_reply_free(&r);
	/* Before the first day the union may change; the second PUT is an update. */
	enroll_expect(&w, "{\"name\":\"阿依古丽·买买提\",\"mobile\":\"15912345678\",\"region\":\"ylsf\",\"union\":\"gf\","
	              "\"unit\":\"单位\"" WALKER_CONSENT "}", 200, NULL, NULL);
	stack_clock(&S, "2019-07-01T00:00:00+08:00");
	enroll_expect(&w, "{\"name\":\"阿依古丽·买买提\",\"mobile\":\"15912345678\",\"region\":\"ylsf\",\"union\":\"xa\","
	              "\"unit\":\"单位\"" WALKER_CONSENT "}", 409, "union_locked", "union");
	enroll_expect(&w, "{\"name\":\"阿依古丽·买买提\",\"mobile\":\"15912345679\",\"region\":\"ylsf\",\"union\":\"gf\","
	              "\"unit\":\"单位\"" WALKER_CONSENT "}", 200, NULL, NULL);   /* the rest may still be corrected */
	assert_int_equal(walker_req(&w, &r, "GET", "/api/activities/1/enrollment", NULL), 0);
	assert_string_equal(http_str(&r, "union"), "gf");
	assert_string_equal(http_str(&r, "mobile"), "15912345679");
	http_reply_free(&r);
}

/* ---------------------------------------------------------------- the daily loop */

static void sync_expect(struct walker *w, const char *body, long steps, bool provisional, bool settled,
                        long cumulative, const char *day)
{
	struct http_reply r;
	walker_sync(w, body, &r);
	if (r.status != 200)
		fail_msg("sync: %ld %s", r.status, r.body);
	assert_string_equal(http_str(&r, "day"), day);
	assert_int_equal((long)http_num(&r, "steps"), steps);
	assert_int_equal(cJSON_IsTrue(cJSON_GetObjectItem(r.json, "provisional")), provisional);
	assert_int_equal(cJSON_IsTrue(cJSON_GetObjectItem(r.json, "settled")), settled);
	assert_int_equal((long)http_num(&r, "cumulative"), cumulative);
	http_reply_free(&r);
}

/* One user over three days, the clock moved (RULES §2). */
static void three_days_of_syncs(void **state)
{
	(void)state;
	stack_clock(&S, "2019-06-28T09:00:00+08:00");
	struct walker w;
	char body[4096], yesterday[4096];
	walker_login(&w, &S, NULL);
	walker_enroll(&w, "李四", "bj");

	/* Day 1, morning: steps shown, provisional, not settled. */
	stack_clock(&S, "2019-07-01T10:00:00+08:00");
	walker_werun(&w, "[{\"day\":\"2019-07-01\",\"step\":5000}]", NULL, body, sizeof body);
	sync_expect(&w, body, 5000, true, false, 0, "2019-07-01");
	/* In the window: settled, shown and counted up to the cap. */
	stack_clock(&S, "2019-07-01T20:30:00+08:00");
	walker_werun(&w, "[{\"day\":\"2019-07-01\",\"step\":12000}]", NULL, yesterday, sizeof yesterday);
	sync_expect(&w, yesterday, 10000, false, true, 10000, "2019-07-01");
	/* A lower count later the same day changes nothing (the day keeps its largest). */
	stack_clock(&S, "2019-07-01T23:59:00+08:00");
	walker_werun(&w, "[{\"day\":\"2019-07-01\",\"step\":7000}]", NULL, body, sizeof body);
	sync_expect(&w, body, 10000, false, true, 10000, "2019-07-01");

	/* Day 2: yesterday's entry in today's data is ignored; the morning sync does not settle. */
	stack_clock(&S, "2019-07-02T09:00:00+08:00");
	walker_werun(&w, "[{\"day\":\"2019-07-01\",\"step\":15000},{\"day\":\"2019-07-02\",\"step\":3000}]", NULL,
	             body, sizeof body);
	sync_expect(&w, body, 3000, true, false, 10000, "2019-07-02");
	/* Yesterday's payload replayed today is stale. */
	struct http_reply r;
	walker_sync(&w, yesterday, &r);
	expect_error(&r, 400, "werun_stale", NULL);
	/* Day 2 is never synced in its window: it counts 0. */

	/* Day 3, in the window: 8000 more. */
	stack_clock(&S, "2019-07-03T21:00:00+08:00");
	walker_werun(&w, "[{\"day\":\"2019-07-03\",\"step\":8000}]", NULL, body, sizeof body);
	sync_expect(&w, body, 8000, false, true, 18000, "2019-07-03");

	assert_int_equal(walker_req(&w, &r, "GET", "/api/activities/1/me/days?from=2019-07-01&to=2019-07-03", NULL), 0);
	assert_int_equal(r.status, 200);
	assert_int_equal(cJSON_GetArraySize(r.json), 3);
	long steps[3], counted[3];
	for (int i = 0; i < 3; i++) {
		cJSON *d = cJSON_GetArrayItem(r.json, i);
		steps[i] = (long)cJSON_GetNumberValue(cJSON_GetObjectItem(d, "steps"));
		counted[i] = (long)cJSON_GetNumberValue(cJSON_GetObjectItem(d, "counted"));
	}
	http_reply_free(&r);
	assert_int_equal(steps[0], 10000);   /* raw 12000, never shown above the cap */
	assert_int_equal(counted[0], 10000);
	assert_int_equal(steps[1], 3000);
	assert_int_equal(counted[1], 0);      /* not settled */
	assert_int_equal(counted[2], 8000);
	assert_int_equal(walker_me_number(&w, "cumulative"), 18000);
	assert_int_equal(stack_sql_int(&S, "SELECT raw_steps FROM daily_steps WHERE day = '2019-07-01' "
	                                   "ORDER BY raw_steps DESC LIMIT 1"), 12000);
}

static void sync_errors_change_nothing(void **state)
{
	(void)state;
	stack_clock(&S, "2019-07-05T20:10:00+08:00");
	struct walker w, other;
	char body[4096];
	walker_login(&w, &S, NULL);
	walker_login(&other, &S, NULL);
	struct http_reply r;

	/* Not enrolled yet. */
	walker_werun(&w, "[{\"day\":\"2019-07-05\",\"step\":6000}]", NULL, body, sizeof body);
	walker_sync(&w, body, &r);
	expect_error(&r, 403, "not_enrolled", NULL);
	walker_enroll(&w, "王五", "xy");

	/* Steps in clear are never accepted. */
	assert_int_equal(walker_req(&w, &r, "POST", "/api/activities/1/steps/sync", "{\"steps\":10000}"), 0);
	expect_error(&r, 400, "validation_failed", "encryptedData");
	assert_int_equal(walker_req(&w, &r, "POST", "/api/activities/1/steps/sync", "{\"encryptedData\":\"abc\"}"), 0);
	expect_error(&r, 400, "validation_failed", "iv");

	assert_int_equal(walker_req(&w, &r, "POST", "/api/activities/1/steps/sync",
	                            "{\"encryptedData\":\"AAAAAAAAAAAAAAAAAAAAAA==\",\"iv\":\"abc\"}"), 0);
	expect_error(&r, 400, "werun_bad_iv", NULL);
	assert_int_equal(walker_req(&w, &r, "POST", "/api/activities/1/steps/sync",
	                            "{\"encryptedData\":\"not base64!\",\"iv\":\"r7BXXKkLb8qrSNn05n0qiA==\"}"), 0);
	expect_error(&r, 400, "werun_undecryptable", NULL);
	assert_int_equal(walker_req(&w, &r, "POST", "/api/activities/1/steps/sync",
	                            "{\"encryptedData\":\"AAAAAAAAAAAAAAAAAAAAAA==\",\"iv\":\"r7BXXKkLb8qrSNn05n0qiA==\"}"), 0);
	expect_error(&r, 400, "werun_undecryptable", NULL);
	/* Another user's data does not decrypt with our key. */
	walker_werun(&other, "[{\"day\":\"2019-07-05\",\"step\":9000}]", NULL, body, sizeof body);
	walker_sync(&w, body, &r);
	expect_error(&r, 400, "werun_undecryptable", NULL);
	/* Data of another mini-program. */
	walker_werun(&w, "[{\"day\":\"2019-07-05\",\"step\":9000}]", "\"appid\":\"wx0123456789abcdef\"", body, sizeof body);
	walker_sync(&w, body, &r);
	expect_error(&r, 400, "werun_wrong_app", NULL);
	/* A watermark an hour old, or an hour ahead. */
	char extra[64];
	snprintf(extra, sizeof extra, "\"watermark_ts\":%ld", (long)1562328600 - 3600);   /* 2019-07-05T20:10+08 - 1 h */
	walker_werun(&w, "[{\"day\":\"2019-07-05\",\"step\":9000}]", extra, body, sizeof body);
	walker_sync(&w, body, &r);
	expect_error(&r, 400, "werun_stale", NULL);
	snprintf(extra, sizeof extra, "\"watermark_ts\":%ld", (long)1562328600 + 3600);
	walker_werun(&w, "[{\"day\":\"2019-07-05\",\"step\":9000}]", extra, body, sizeof body);
	walker_sync(&w, body, &r);
	expect_error(&r, 400, "werun_stale", NULL);
	/* Data made with a session key that a new login has replaced. */
	walker_werun(&w, "[{\"day\":\"2019-07-05\",\"step\":9000}]", NULL, body, sizeof body);
	walker_relogin(&w);
	walker_sync(&w, body, &r);
	expect_error(&r, 400, "werun_undecryptable", NULL);
	/* A session key WeChat gave malformed. */
	char sql[256];
	snprintf(sql, sizeof sql, "UPDATE users SET session_key = 'c2hvcnQ=' WHERE id = %ld; SELECT changes()", w.user_id);
	assert_int_equal(stack_sql_int(&S, sql), 1);
	walker_sync(&w, body, &r);
	expect_error(&r, 400, "werun_bad_key", NULL);

	/* None of it stored a step. */
	snprintf(sql, sizeof sql, "SELECT count(*) FROM daily_steps WHERE user_id = %ld", w.user_id);
	assert_int_equal(stack_sql_int(&S, sql), 0);
	/* And a clear-text number beside real data is ignored. */
	walker_relogin(&w);
	walker_werun(&w, "[{\"day\":\"2019-07-05\",\"step\":6500}]", NULL, body, sizeof body);
	body[strlen(body) - 1] = '\0';
	strcat(body, ",\"steps\":99999,\"step\":99999}");
	sync_expect(&w, body, 6500, false, true, 6500, "2019-07-05");
}

static void syncs_outside_the_activity_score_nothing(void **state)
{
	(void)state;
	stack_clock(&S, "2019-10-07T21:00:00+08:00");
	struct walker w;
	char body[4096];
	walker_login(&w, &S, NULL);
	walker_enroll(&w, "赵六", "hz");
	walker_werun(&w, "[{\"day\":\"2019-10-07\",\"step\":7000}]", NULL, body, sizeof body);
	sync_expect(&w, body, 7000, false, true, 7000, "2019-10-07");
	stack_clock(&S, "2019-10-09T21:00:00+08:00");   /* the day after last_day */
	walker_werun(&w, "[{\"day\":\"2019-10-09\",\"step\":9000}]", NULL, body, sizeof body);
	sync_expect(&w, body, 9000, false, true, 7000, "2019-10-09");
	char sql[256];
	snprintf(sql, sizeof sql, "SELECT count(*) FROM daily_steps WHERE user_id = %ld", w.user_id);
	assert_int_equal(stack_sql_int(&S, sql), 2);   /* stored, but not counted */
}

/* How many times the workers reopened their database (main.c logs each).  A
 * worker reopens at its next request, so first every worker serves a few: they
 * take turns at the shared socket. */
static long reopenings(void)
{
	for (int i = 0; i < 3 * 3; i++) {   /* three rounds of the stack's 3 workers */
		struct http_reply r;
		assert_int_equal(stack_get(&r, &S, WALK, "/api/health"), 0);
		http_reply_free(&r);
	}
	char out[64];
	stack_sh(&S, out, sizeof out, "grep -c 'database connection failed; reopening' \"$WALK_VAR/log/walk.log\"");
	return atol(out);
}

/* A sync answers what went wrong, each on its own: an unknown activity is 404,
 * a token whose user is gone 401, a write lock held past the busy timeout 503
 * unavailable; none of them is a broken database to reopen. */
static void sync_answers_each_failure_as_what_it_is(void **state)
{
	(void)state;
	stack_clock(&S, "2019-07-06T20:30:00+08:00");
	struct walker w;
	char body[4096];
	walker_login(&w, &S, NULL);
	walker_enroll(&w, "周九", "xa");
	walker_werun(&w, "[{\"day\":\"2019-07-06\",\"step\":6000}]", NULL, body, sizeof body);
	long reopened = reopenings();
	struct http_reply r;

	assert_int_equal(walker_req(&w, &r, "POST", "/api/activities/99/steps/sync", body), 0);
	expect_error(&r, 404, "not_found", NULL);
	assert_int_equal(walker_req(&w, &r, "POST", "/api/activities/x1/steps/sync", body), 0);
	expect_error(&r, 404, "not_found", NULL);

	/* Another process holds the write lock longer than the workers' busy
	 * timeout (5 s): the sync waits for it, then answers 503. */
	assert_int_equal(stack_sh(&S, NULL, 0,
		"rm -f \"$WALK_VAR/locked\"; "
		"{ (echo '.timeout 2000'; echo 'BEGIN IMMEDIATE;'; echo \".shell touch '$WALK_VAR/locked'\"; sleep 7; echo 'ROLLBACK;'; "
		"   echo \".shell rm '$WALK_VAR/locked'\") | sqlite3 \"$WALK_VAR/walk.db\"; } > /dev/null 2>&1 & "
		"for i in $(seq 100); do [ -e \"$WALK_VAR/locked\" ] && exit 0; sleep 0.05; done; exit 1"), 0);
	walker_sync(&w, body, &r);
	expect_error(&r, 503, "unavailable", NULL);
	assert_int_equal(stack_sh(&S, NULL, 0,
		"for i in $(seq 100); do [ -e \"$WALK_VAR/locked\" ] || exit 0; sleep 0.1; done; exit 1"), 0);
	sync_expect(&w, body, 6000, false, true, 6000, "2019-07-06");

	/* The user of a still valid token gone behind the server's back: given
	 * another id (the sqlite3 shell does not enforce foreign keys), so that no
	 * later user takes over the id and the rows that hang on it. */
	char sql[128];
	snprintf(sql, sizeof sql, "UPDATE users SET id = id + 1000000 WHERE id = %ld; SELECT changes()", w.user_id);
	assert_int_equal(stack_sql_int(&S, sql), 1);
	walker_sync(&w, body, &r);
	expect_error(&r, 401, "unauthenticated", NULL);

	assert_int_equal(reopenings(), reopened);
}

/* ---------------------------------------------------------------- check-in */

struct checkin_call {
	struct walker *w;
	long status;
};

static void *checkin_run(void *arg)
{
	struct checkin_call *c = arg;
	struct http_reply r;
	walker_req(c->w, &r, "POST", "/api/activities/1/checkin", NULL);
	c->status = r.status;
	http_reply_free(&r);
	return NULL;
}

static void checkin_once_a_day_even_when_concurrent(void **state)
{
	(void)state;
	stack_clock(&S, "2019-07-10T08:00:00+08:00");
	struct walker w;
	walker_login(&w, &S, NULL);
	walker_enroll(&w, "钱七", "ak");
	enum { N = 8 };
	struct checkin_call calls[N];
	pthread_t threads[N];
	for (int i = 0; i < N; i++) {
		calls[i] = (struct checkin_call){ .w = &w };
		pthread_create(&threads[i], NULL, checkin_run, &calls[i]);
	}
	int ok = 0, conflict = 0;
	for (int i = 0; i < N; i++) {
		pthread_join(threads[i], NULL);
		ok += calls[i].status == 200;
		conflict += calls[i].status == 409;
	}
	assert_int_equal(ok, 1);
	assert_int_equal(conflict, N - 1);
	assert_int_equal(walker_me_number(&w, "balance"), 1);
	struct http_reply r;
	assert_int_equal(walker_req(&w, &r, "GET", "/api/activities/1/me", NULL), 0);
	assert_true(cJSON_IsTrue(cJSON_GetObjectItem(cJSON_GetObjectItem(r.json, "today"), "checked_in")));
	assert_true(cJSON_IsNull(cJSON_GetObjectItem(r.json, "rank")));
	http_reply_free(&r);
	/* The next day: one more. */
	stack_clock(&S, "2019-07-11T23:58:00+08:00");   /* late, with slack: the clock keeps running */
	assert_int_equal(walker_req(&w, &r, "POST", "/api/activities/1/checkin", NULL), 0);
	assert_int_equal(r.status, 200);
	assert_int_equal((long)http_num(&r, "balance"), 2);
	assert_string_equal(http_str(&r, "day"), "2019-07-11");
	http_reply_free(&r);
	assert_int_equal(walker_req(&w, &r, "GET", "/api/activities/1/me/ledger?limit=1", NULL), 0);
	cJSON *items = cJSON_GetObjectItem(r.json, "items");
	assert_int_equal(cJSON_GetArraySize(items), 1);
	assert_string_equal(cJSON_GetStringValue(cJSON_GetObjectItem(cJSON_GetArrayItem(items, 0), "ref")), "2019-07-11");
	long next = (long)http_num(&r, "next_before");
	http_reply_free(&r);
	char path[128];
	snprintf(path, sizeof path, "/api/activities/1/me/ledger?limit=1&before=%ld", next);
	assert_int_equal(walker_req(&w, &r, "GET", path, NULL), 0);
	items = cJSON_GetObjectItem(r.json, "items");
	assert_string_equal(cJSON_GetStringValue(cJSON_GetObjectItem(cJSON_GetArrayItem(items, 0), "ref")), "2019-07-10");
	http_reply_free(&r);
	assert_int_equal(walker_req(&w, &r, "GET", "/api/activities/1/me/ledger?limit=0", NULL), 0);
	expect_error(&r, 400, "validation_failed", "limit");
	assert_int_equal(walker_req(&w, &r, "GET", "/api/activities/1/me/days?from=2019-7-1", NULL), 0);
	expect_error(&r, 400, "validation_failed", "from");
	/* Outside the activity there is nothing to check in to. */
	stack_clock(&S, "2019-10-12T10:00:00+08:00");
	walker_relogin(&w);   /* the token of 07-10 has expired */
	assert_int_equal(walker_req(&w, &r, "POST", "/api/activities/1/checkin", NULL), 0);
	expect_error(&r, 409, "checkin_closed", NULL);
}

/* ---------------------------------------------------------------- crashes */

struct killer {
	const struct stack *s;
	volatile int stop;
	int kills;
};

static void *killer_run(void *arg)
{
	struct killer *k = arg;
	while (!k->stop) {
		usleep(30 * 1000);
		if (stack_sh(k->s, NULL, 0, "pkill -KILL -P \"$(cat \"$WALK_VAR/run/walk.pid\")\" -n walk-worker") == 0)
			k->kills++;
	}
	return NULL;
}

/* Workers die with SIGKILL at random moments while participants check in:
 * every check-in that was answered 200 is in the ledger, none twice. */
static void a_killed_worker_loses_nothing_acknowledged(void **state)
{
	(void)state;
	stack_clock(&S, "2019-07-20T12:00:00+08:00");
	enum { USERS = 40 };
	static struct walker users[USERS];
	for (int i = 0; i < USERS; i++) {
		walker_login(&users[i], &S, NULL);
		walker_enroll(&users[i], "孙八", "xa");
	}
	struct killer k = { .s = &S };
	pthread_t t;
	pthread_create(&t, NULL, killer_run, &k);
	long status[USERS];
	for (int i = 0; i < USERS; i++) {
		struct http_reply r;
		walker_req(&users[i], &r, "POST", "/api/activities/1/checkin", NULL);
		status[i] = r.status;
		http_reply_free(&r);
		usleep(10 * 1000);
	}
	k.stop = 1;
	pthread_join(t, NULL);
	assert_true(k.kills > 0);
	usleep(500 * 1000);   /* multiwatch restarts the workers */
	int acknowledged = 0;
	for (int i = 0; i < USERS; i++) {
		long balance = walker_me_number(&users[i], "balance");
		if (status[i] == 200) {
			acknowledged++;
			assert_int_equal(balance, 1);
		} else {
			assert_true(balance == 0 || balance == 1);   /* committed but unanswered, or not done */
		}
	}
	assert_true(acknowledged > 0);
	print_message("%d check-ins acknowledged, %d workers killed\n", acknowledged, k.kills);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(login_gives_a_token_and_keeps_the_user),
		cmocka_unit_test(login_maps_every_wechat_error),
		cmocka_unit_test(bad_tokens_are_401),
		cmocka_unit_test(reference_data),
		cmocka_unit_test(enrollment_validates_each_field),
		cmocka_unit_test(enrollment_stores_as_sent_and_locks_the_union),
		cmocka_unit_test(three_days_of_syncs),
		cmocka_unit_test(sync_errors_change_nothing),
		cmocka_unit_test(syncs_outside_the_activity_score_nothing),
		cmocka_unit_test(sync_answers_each_failure_as_what_it_is),
		cmocka_unit_test(checkin_once_a_day_even_when_concurrent),
		cmocka_unit_test(a_killed_worker_loses_nothing_acknowledged),
	};
	return cmocka_run_group_tests(tests, start_stack, stop_stack);
}
