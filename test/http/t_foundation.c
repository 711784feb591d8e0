/*
 * The foundation through the real stack: nginx, sanitizer-built workers under
 * multiwatch, the fake WeChat, a fresh database.  The worker and
 * its supervision, the clock, the fake WeChat, two stacks side by side, the
 * routes and their body checks.
 */
#include "migrate.h"
#include "stack.h"
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
#include <unistd.h>

static struct stack S;

static int start_stack(void **state)
{
	(void)state;
	return stack_start(&S, "foundation", "WALK_WORKERS=3");
}

static int stop_stack(void **state)
{
	(void)state;
	stack_stop(&S);
	return 0;
}

static void health_answers_with_version_time_and_mode(void **state)
{
	(void)state;
	struct http_reply r;
	assert_int_equal(stack_get(&r, &S, WALK, "/api/health"), 0);
	assert_int_equal(r.status, 200);
	assert_true(cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(r.json, "ok")));
	assert_int_equal((int)http_num(&r, "schema_version"), migrate_code_version());
	const char *t = http_str(&r, "server_time");
	assert_int_equal(strlen(t), 25);
	assert_string_equal(t + 19, "+08:00");
	assert_string_equal(http_str(&r, "mode"), "dev");
	char rid[128], len[32];
	http_header(&r, "X-Request-Id", rid, sizeof rid);
	http_header(&r, "Content-Length", len, sizeof len);
	assert_int_equal(atoi(len), (int)r.len);
	assert_true(strlen(rid) >= 16);
	http_reply_free(&r);
	/* One access line per request, carrying the request id. */
	usleep(100 * 1000);
	assert_int_equal(stack_sh(&S, NULL, 0, "grep -q 'rid=%s .*GET /api/health 200 [0-9]*us$' \"$WALK_VAR/log/walk.log\"", rid), 0);
}

static void unknown_paths_are_404(void **state)
{
	(void)state;
	const char *paths[] = { "/api/nope", "/api/health/extra", "/elsewhere", "/walk-locations.conf",
	                        "/api/activities/../nope", "/api/dev/echo/" };
	for (size_t i = 0; i < sizeof paths / sizeof paths[0]; i++) {
		struct http_reply r;
		assert_int_equal(stack_get(&r, &S, WALK, paths[i]), 0);
		expect_error(&r, 404, "not_found", NULL);
	}
}

static void wrong_method_is_405_with_allow(void **state)
{
	(void)state;
	struct http_reply r;
	assert_int_equal(stack_req(&r, &S, WALK, "DELETE", "/api/health", NULL, NULL, 0, NULL), 0);
	assert_error(&r, 405, "method_not_allowed", NULL);
	char allow[64];
	http_header(&r, "Allow", allow, sizeof allow);
	assert_string_equal(allow, "GET");
	http_reply_free(&r);
	assert_int_equal(stack_post(&r, &S, WALK, "/api/health", "{}"), 0);
	expect_error(&r, 405, "method_not_allowed", NULL);
}

static void json_bodies_are_checked_by_the_dispatcher(void **state)
{
	(void)state;
	struct http_reply r;
	/* The good case first: the echo route returns what it got. */
	assert_int_equal(stack_post(&r, &S, WALK, "/api/dev/echo", "{\"名字\":\"张三\",\"n\":[1,2]}"), 0);
	assert_int_equal(r.status, 200);
	assert_string_equal(r.body, "{\"名字\":\"张三\",\"n\":[1,2]}");
	http_reply_free(&r);
	assert_int_equal(stack_req(&r, &S, WALK, "POST", "/api/dev/echo", "application/json; charset=UTF-8",
	                           "{}", -1, NULL), 0);
	assert_int_equal(r.status, 200);
	http_reply_free(&r);

	const char *types[] = { "text/plain", "application/x-www-form-urlencoded", "application/jsonp", NULL };
	for (size_t i = 0; i < 4; i++) {
		assert_int_equal(stack_req(&r, &S, WALK, "POST", "/api/dev/echo", types[i], "{}", -1, NULL), 0);
		expect_error(&r, 415, "unsupported_media_type", NULL);
	}
	/* Also refused, though cJSON alone would take them: raw control bytes inside
	 * a string (kept, or cut short, in what is stored) and bytes that are not
	 * UTF-8. */
	static const char *const bad[] = { "", "{", "{\"a\":}", "[1,2]", "\"text\"", "{} trailing",
	                                   "nul\x01l", "{}\0{\"hidden\":1}", "\xff\xfe{}", "{}\0",
	                                   "{\"a\":\"x\0y\"}", "{\"a\":\"x\x01y\"}", "{\"a\":\"x\ny\"}",
	                                   "{\"a\":\"\xc0\xaf\"}" };
	static const long bad_len[] = { 0, 1, 6, 5, 6, 11, 5, 15, 4, 3, 11, 11, 11, 10 };
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		assert_int_equal(stack_req(&r, &S, WALK, "POST", "/api/dev/echo", "application/json", bad[i],
		                           bad_len[i], NULL), 0);
		expect_error(&r, 400, "invalid_json", NULL);
	}
	/* Just over 64 KiB: refused (nginx and the worker have the same limit). */
	size_t n = 64 * 1024 + 10;
	char *big = malloc(n + 1);
	memset(big, ' ', n);
	big[0] = '{';
	big[n - 1] = '}';
	big[n] = '\0';
	assert_int_equal(stack_post(&r, &S, WALK, "/api/dev/echo", big), 0);
	expect_error(&r, 413, "body_too_large", NULL);
	big[64 * 1024 - 1] = '}';   /* exactly 64 KiB is fine */
	big[64 * 1024] = '\0';
	assert_int_equal(stack_post(&r, &S, WALK, "/api/dev/echo", big), 0);
	assert_int_equal(r.status, 200);
	http_reply_free(&r);
	free(big);
	/* Far over it: nginx answers without reading it, in the same JSON shape. */
	n = 7 * 1024 * 1024;
	big = malloc(n);
	memset(big, ' ', n);
	assert_int_equal(stack_req(&r, &S, WALK, "POST", "/api/dev/echo", "application/json", big, (long)n, NULL), 0);
	expect_error(&r, 413, "body_too_large", NULL);
	free(big);
	/* The workers survived all of it. */
	assert_int_equal(stack_get(&r, &S, WALK, "/api/health"), 0);
	assert_int_equal(r.status, 200);
	http_reply_free(&r);
}

static int health_year(const struct stack *s)
{
	struct http_reply r;
	stack_get(&r, s, WALK, "/api/health");
	int year = r.status == 200 ? atoi(http_str(&r, "server_time")) : -1;
	http_reply_free(&r);
	return year;
}

static void the_clock_moves_for_every_worker(void **state)
{
	(void)state;
	char out[1024];
	assert_int_equal(stack_sh(&S, out, sizeof out, "walkctl clock set 2019-07-01T20:30:00+08:00"), 0);
	assert_non_null(strstr(out, "server time 2019-07-01T20:30:0"));
	for (int i = 0; i < 9; i++) {   /* enough requests to reach every worker */
		struct http_reply r;
		stack_get(&r, &S, WALK, "/api/health");
		assert_int_equal(r.status, 200);
		assert_memory_equal(http_str(&r, "server_time"), "2019-07-01T20:3", 15);
		http_reply_free(&r);
	}
	assert_int_equal(stack_sh(&S, out, sizeof out, "walkctl clock show"), 0);
	assert_non_null(strstr(out, "server time 2019-07-01T20:3"));
	assert_int_equal(stack_sh(&S, NULL, 0, "walkctl clock reset"), 0);
	assert_true(health_year(&S) >= 2026);
	/* Bad input and production mode are refused with a reason. */
	assert_int_equal(stack_sh(&S, out, sizeof out, "walkctl clock set yesterday"), 1);
	assert_non_null(strstr(out, "is not an instant"));
	assert_int_equal(stack_sh(&S, out, sizeof out,
	                          "WALK_MODE=production WALK_APP_SECRET=s WALK_WX_API_BASE=https://api.weixin.qq.com "
	                          "WALK_PAY_API_BASE=https://api.mch.weixin.qq.com "
	                          "WALK_PAY_NOTIFY_URL=https://walk.example.org/api/pay/notify "
	                          "WALK_DATA_KEY=8f3a9c2e51d7b604e9a1c3f5d7b9e1a3c5e7f9b1d3f5a7c9e1b3d5f7a9c1e3f5 "
	                          "walkctl clock set 2019-07-01T20:30:00+08:00"), 1);
	assert_non_null(strstr(out, "cannot be shifted in production mode"));
	assert_int_equal(stack_sh(&S, out, sizeof out, "WALK_MODE=production walkctl clock show"), 1);
	assert_non_null(strstr(out, "production mode refuses wx_api_base"));
	assert_true(health_year(&S) >= 2026);
}

/* The dev stack's clock and settlement over HTTP (api_dev_clock.c), what the
 * participant client's buttons call. */
static void the_dev_routes_move_the_clock_and_settle(void **state)
{
	(void)state;
	struct http_reply r;
	assert_int_equal(stack_post(&r, &S, WALK, "/api/dev/clock", "{\"at\":\"yesterday\"}"), 0);
	expect_error(&r, 400, "validation_failed", "at");
	assert_true(health_year(&S) >= 2026);
	assert_int_equal(stack_post(&r, &S, WALK, "/api/dev/clock", "{\"at\":\"2019-07-03T20:30:00+08:00\"}"), 0);
	assert_int_equal(r.status, 200);
	assert_memory_equal(http_str(&r, "server_time"), "2019-07-03T20:3", 15);
	http_reply_free(&r);
	for (int i = 0; i < 9; i++) {   /* every worker sees it */
		stack_get(&r, &S, WALK, "/api/health");
		assert_memory_equal(http_str(&r, "server_time"), "2019-07-03T20:3", 15);
		http_reply_free(&r);
	}
	/* Every day up to yesterday, once: the second call has nothing to do. */
	assert_int_equal(stack_post(&r, &S, WALK, "/api/dev/settle", NULL), 0);
	assert_int_equal(r.status, 200);
	cJSON *days = cJSON_GetObjectItemCaseSensitive(r.json, "settled");
	assert_int_equal(cJSON_GetArraySize(days), 2);
	assert_string_equal(cJSON_GetStringValue(cJSON_GetObjectItem(cJSON_GetArrayItem(days, 1), "day")), "2019-07-02");
	http_reply_free(&r);
	assert_int_equal(stack_post(&r, &S, WALK, "/api/dev/settle", NULL), 0);
	assert_int_equal(r.status, 200);
	assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(r.json, "settled")), 0);
	http_reply_free(&r);
	assert_int_equal(stack_post(&r, &S, WALK, "/api/dev/clock", "{\"reset\":true}"), 0);
	assert_int_equal(r.status, 200);
	http_reply_free(&r);
	assert_true(health_year(&S) >= 2026);
}

static int count_workers(const struct stack *s, const char *name)
{
	char out[64];
	stack_sh(s, out, sizeof out, "pgrep -c -P \"$(cat \"$WALK_VAR/run/%s.pid\")\"", name);
	return atoi(out);
}

static void a_killed_worker_is_restarted(void **state)
{
	(void)state;
	assert_int_equal(count_workers(&S, "walk"), 3);
	assert_int_equal(stack_sh(&S, NULL, 0, "kill -KILL \"$(pgrep -P \"$(cat \"$WALK_VAR/run/walk.pid\")\" | head -1)\""), 0);
	int n = 0;
	for (int i = 0; i < 50 && (n = count_workers(&S, "walk")) != 3; i++)
		usleep(100 * 1000);
	assert_int_equal(n, 3);
	for (int i = 0; i < 12; i++)
		assert_true(health_year(&S) >= 2026);
}

static void an_unreachable_database_is_503_then_recovers(void **state)
{
	(void)state;
	/* The database goes missing and the workers restart: they cannot open it. */
	assert_int_equal(stack_sh(&S, NULL, 0,
		"cd \"$WALK_VAR\" && mkdir -p away && mv walk.db* away/ && "
		"pkill -KILL -P \"$(cat run/walk.pid)\""), 0);
	usleep(500 * 1000);
	struct http_reply r;
	for (int i = 0; i < 6; i++) {
		assert_int_equal(stack_get(&r, &S, WALK, "/api/health"), 0);
		expect_error(&r, 503, "unavailable", NULL);
	}
	/* The file is back: the next requests reopen it. */
	assert_int_equal(stack_sh(&S, NULL, 0, "cd \"$WALK_VAR\" && mv away/walk.db* ."), 0);
	for (int i = 0; i < 6; i++)
		assert_true(health_year(&S) >= 2026);
}

static void two_stacks_run_side_by_side(void **state)
{
	(void)state;
	struct stack other;
	assert_int_equal(stack_start(&other, "foundation-b", "WALK_WORKERS=2"), 0);
	assert_int_not_equal(other.port, S.port);
	char out[512];
	assert_int_equal(stack_sh(&other, out, sizeof out, "walkctl clock set 2030-01-01T00:00:00+08:00"), 0);
	assert_int_equal(health_year(&other), 2030);
	assert_true(health_year(&S) < 2030);   /* each stack has its own database and clock */
	stack_stop(&other);
	struct http_reply r;
	assert_int_not_equal(stack_get(&r, &other, WALK, "/api/health"), 0);   /* nothing left listening */
	http_reply_free(&r);
	assert_true(health_year(&S) >= 2026);
}

/* GET /api/activities/{id} on s: the status, and the activity's name into
 * name ("" for an error). */
static long activity_name(const struct stack *s, int id, char *name, size_t size)
{
	char path[64];
	snprintf(path, sizeof path, "/api/activities/%d", id);
	struct http_reply r;
	assert_int_equal(stack_get(&r, s, WALK, path), 0);
	long status = r.status;
	snprintf(name, size, "%s", status == 200 ? http_str(&r, "name") : "");
	http_reply_free(&r);
	return status;
}

/* A worker keeps the activities it was last asked for (ACTIVITY_CACHE_SIZE
 * of them): when full, the least recently used one makes room, and a load
 * that fails leaves nothing behind to be found.  One worker, so that every
 * request meets the same cache; renames made behind the triggers' back show
 * which activities were served from it. */
static void the_activity_cache_drops_the_least_recently_used(void **state)
{
	(void)state;
	struct stack one;
	assert_int_equal(stack_start(&one, "foundation-cache", "WALK_WORKERS=1"), 0);
	/* Activities 2 to 7 copy activity 1 and its route; 8 has no route, which
	 * rules_check() refuses. */
	assert_int_equal(stack_sh(&one, NULL, 0, "sqlite3 \"$WALK_VAR/walk.db\" \""
		"WITH ids(id) AS (VALUES (2), (3), (4), (5), (6), (7), (8)) "
		"INSERT INTO activities (id, name, enroll_opens_at, test_from, test_to, first_day, last_day, total_days,"
		" board_freeze_at, redeem_deadline, created_at) "
		"SELECT ids.id, 'a' || ids.id, enroll_opens_at, test_from, test_to, first_day, last_day, total_days,"
		" board_freeze_at, redeem_deadline, created_at FROM activities, ids WHERE activities.id = 1; "
		"INSERT INTO checkpoints (activity_id, seq, name, stage_steps, cumulative_steps, landmark) "
		"SELECT a.id, seq, c.name, stage_steps, cumulative_steps, landmark FROM checkpoints c, activities a "
		"WHERE c.activity_id = 1 AND a.id BETWEEN 2 AND 7\""), 0);
	char name[64];
	for (int id = 2; id <= 5; id++)
		assert_int_equal(activity_name(&one, id, name, sizeof name), 200);   /* the cache is full */
	assert_int_equal(activity_name(&one, 2, name, sizeof name), 200);       /* 3 is now the least recent */
	assert_int_equal(activity_name(&one, 6, name, sizeof name), 200);       /* and makes room for 6 */
	/* An unusable activity is refused however often it is asked for. */
	assert_int_equal(activity_name(&one, 8, name, sizeof name), 503);
	assert_int_equal(activity_name(&one, 8, name, sizeof name), 503);
	/* Renamed without moving config_version: what the cache holds keeps its old name. */
	assert_int_equal(stack_sh(&one, NULL, 0, "sqlite3 \"$WALK_VAR/walk.db\" \""
		"DROP TRIGGER activities_updated; UPDATE activities SET name = name || '-renamed'\""), 0);
	assert_int_equal(activity_name(&one, 2, name, sizeof name), 200);
	assert_string_equal(name, "a2");            /* kept: asked for recently */
	assert_int_equal(activity_name(&one, 6, name, sizeof name), 200);
	assert_string_equal(name, "a6");
	assert_int_equal(activity_name(&one, 3, name, sizeof name), 200);
	assert_string_equal(name, "a3-renamed");    /* dropped, so read again */
	stack_stop(&one);
}

/* The fake WeChat's code2Session, WECHAT.md §1, through its nginx. */
static void fake_wechat_login_protocol(void **state)
{
	(void)state;
	struct http_reply r;
	assert_int_equal(stack_post(&r, &S, FAKE, "/fake/users", "{\"openid\":\"o-test-user-1\"}"), 0);
	assert_int_equal(r.status, 201);
	http_reply_free(&r);
	assert_int_equal(stack_post(&r, &S, FAKE, "/fake/login", "{\"openid\":\"o-test-user-1\"}"), 0);
	assert_int_equal(r.status, 200);
	char code[64], path[256];
	snprintf(code, sizeof code, "%s", http_str(&r, "code"));
	http_reply_free(&r);
	assert_int_equal(stack_get(&r, &S, FAKE, "/fake/users/o-test-user-1"), 0);
	char key[64];
	snprintf(key, sizeof key, "%s", http_str(&r, "session_key"));
	assert_int_equal(strlen(key), 24);
	http_reply_free(&r);

	snprintf(path, sizeof path, "/sns/jscode2session?appid=wxd0e1a2b3c4d5e6f7&secret=dev-app-secret"
	         "&js_code=%s&grant_type=authorization_code", code);
	assert_int_equal(stack_get(&r, &S, FAKE, path), 0);
	assert_int_equal(r.status, 200);
	char ctype[64];
	http_header(&r, "Content-Type", ctype, sizeof ctype);
	assert_string_equal(ctype, "text/plain");
	assert_string_equal(http_str(&r, "openid"), "o-test-user-1");
	assert_string_equal(http_str(&r, "session_key"), key);
	http_reply_free(&r);
	/* A code works once. */
	assert_int_equal(stack_get(&r, &S, FAKE, path), 0);
	assert_int_equal((int)http_num(&r, "errcode"), 40163);
	assert_non_null(strstr(http_str(&r, "errmsg"), ", rid: "));
	http_reply_free(&r);
	assert_int_equal(stack_get(&r, &S, FAKE, "/sns/jscode2session?appid=wxd0e1a2b3c4d5e6f7&secret=dev-app-secret"
	                                         "&js_code=nonsense&grant_type=authorization_code"), 0);
	assert_int_equal((int)http_num(&r, "errcode"), 40029);
	http_reply_free(&r);
	assert_int_equal(stack_get(&r, &S, FAKE, "/sns/jscode2session?appid=wxd0e1a2b3c4d5e6f7&secret=wrong"
	                                         "&js_code=x&grant_type=authorization_code"), 0);
	assert_int_equal((int)http_num(&r, "errcode"), 40125);
	http_reply_free(&r);

	/* Injected faults, each consumed once, in order. */
	assert_int_equal(stack_post(&r, &S, FAKE, "/fake/faults", "{\"api\":\"jscode2session\",\"fault\":\"busy\",\"count\":1}"), 0);
	assert_int_equal(r.status, 200);
	http_reply_free(&r);
	assert_int_equal(stack_post(&r, &S, FAKE, "/fake/faults", "{\"api\":\"jscode2session\",\"fault\":\"5xx\"}"), 0);
	http_reply_free(&r);
	assert_int_equal(stack_post(&r, &S, FAKE, "/fake/faults", "{\"api\":\"jscode2session\",\"fault\":\"rate_limited\"}"), 0);
	http_reply_free(&r);
	assert_int_equal(stack_post(&r, &S, FAKE, "/fake/faults", "{\"api\":\"jscode2session\",\"fault\":\"melt\"}"), 0);
	assert_int_equal(r.status, 400);
	http_reply_free(&r);
	assert_int_equal(stack_get(&r, &S, FAKE, path), 0);
	assert_int_equal((int)http_num(&r, "errcode"), -1);
	http_reply_free(&r);
	assert_int_equal(stack_get(&r, &S, FAKE, path), 0);
	assert_int_equal(r.status, 502);
	http_reply_free(&r);
	assert_int_equal(stack_get(&r, &S, FAKE, path), 0);
	assert_int_equal((int)http_num(&r, "errcode"), 45011);
	http_reply_free(&r);

	/* The fake remembers what it was asked, without the secret. */
	assert_int_equal(stack_get(&r, &S, FAKE, "/fake/calls?api=jscode2session"), 0);
	assert_int_equal(cJSON_GetArraySize(r.json), 7);
	assert_null(strstr(r.body, "dev-app-secret"));
	assert_non_null(strstr(r.body, "secret=***"));
	http_reply_free(&r);
}

struct slow_call {
	const struct stack *s;
	struct http_reply reply;
};

static void *slow_call_run(void *arg)
{
	struct slow_call *c = arg;
	stack_get(&c->reply, c->s, FAKE, "/sns/jscode2session?appid=wxd0e1a2b3c4d5e6f7&secret=dev-app-secret"
	                                  "&js_code=x&grant_type=authorization_code");
	return NULL;
}

/* SIGTERM to a supervisor stops its workers gracefully: the request in flight is
 * answered in full.  Shown on the fake, whose "timeout" fault holds a request. */
static void sigterm_lets_the_request_in_flight_finish(void **state)
{
	(void)state;
	struct http_reply r;
	assert_int_equal(stack_post(&r, &S, FAKE, "/fake/faults",
	                            "{\"api\":\"jscode2session\",\"fault\":\"timeout\",\"seconds\":2,\"count\":1}"), 0);
	http_reply_free(&r);
	struct slow_call call = { .s = &S };
	pthread_t t;
	pthread_create(&t, NULL, slow_call_run, &call);
	usleep(700 * 1000);
	assert_int_equal(stack_sh(&S, NULL, 0, "kill -TERM \"$(cat \"$WALK_VAR/run/fakewx.pid\")\""), 0);
	pthread_join(t, NULL);
	assert_int_equal(call.reply.status, 200);
	assert_int_equal((int)http_num(&call.reply, "errcode"), -1);
	http_reply_free(&call.reply);
	/* ...and then the supervisor and its workers are gone. */
	int gone = 1;
	for (int i = 0; i < 50 && (gone = stack_sh(&S, NULL, 0, "kill -0 \"$(cat \"$WALK_VAR/run/fakewx.pid\")\" 2>/dev/null")) == 0; i++)
		usleep(100 * 1000);
	assert_int_not_equal(gone, 0);
	assert_int_equal(stack_sh(&S, NULL, 0, "grep -c 'fakewx: worker stopping' \"$WALK_VAR/log/fakewx.log\" | grep -qx 4"), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(health_answers_with_version_time_and_mode),
		cmocka_unit_test(unknown_paths_are_404),
		cmocka_unit_test(wrong_method_is_405_with_allow),
		cmocka_unit_test(json_bodies_are_checked_by_the_dispatcher),
		cmocka_unit_test(the_clock_moves_for_every_worker),
		cmocka_unit_test(the_dev_routes_move_the_clock_and_settle),
		cmocka_unit_test(a_killed_worker_is_restarted),
		cmocka_unit_test(an_unreachable_database_is_503_then_recovers),
		cmocka_unit_test(two_stacks_run_side_by_side),
		cmocka_unit_test(the_activity_cache_drops_the_least_recently_used),
		cmocka_unit_test(fake_wechat_login_protocol),
		cmocka_unit_test(sigterm_lets_the_request_in_flight_finish),
	};
	return cmocka_run_group_tests(tests, start_stack, stop_stack);
}
