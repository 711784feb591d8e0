/*
 * The limits on what a participant can make the server ask WeChat through
 * the real stack (WECHAT.md §4, API.md 429 rate_limited): refusals that cost
 * nothing come before the text check, the checks are counted per participant
 * (lib/store/store_rate_limits.h) until a window is full, and a slow WeChat
 * is given up on after wx_check_timeout_ms.
 */
#include "store_rate_limits.h"
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

/* The text check's time in this stack: long enough for a call that the fake
 * holds one second and a retry, short beside the fake's longer holds and the
 * 5 s of every other WeChat call. */
enum { CHECK_TIMEOUT_MS = 1500 };

static struct stack S;

static int start_stack(void **state)
{
	(void)state;
	char env[128];
	snprintf(env, sizeof env, "WALK_WORKERS=4 WALK_WX_CHECK_TIMEOUT_MS=%d", CHECK_TIMEOUT_MS);
	if (stack_start(&S, "limits", env) != 0)
		return -1;
	stack_clock(&S, "2019-06-20T10:00:00+08:00");   /* public test: before the first day */
	struct http_reply r;
	if (stack_post(&r, &S, FAKE, "/fake/verdicts", "{\"contains\":\"违禁\",\"suggest\":\"risky\"}") != 0 ||
	    r.status != 200)
		return -1;
	http_reply_free(&r);
	return 0;
}

static int stop_stack(void **state)
{
	(void)state;
	stack_stop(&S);
	return 0;
}



static long create_team(struct walker *w, const char *name, struct http_reply *r)
{
	char body[256];
	snprintf(body, sizeof body, "{\"name\":\"%s\"}", name);
	assert_int_equal(walker_req(w, r, "POST", "/api/activities/1/teams", body), 0);
	return r->status;
}

static long post_announcement(struct walker *w, const char *text, struct http_reply *r)
{
	char body[256];
	snprintf(body, sizeof body, "{\"text\":\"%s\"}", text);
	assert_int_equal(walker_req(w, r, "POST", "/api/activities/1/teams/mine/announcements", body), 0);
	return r->status;
}

static void fault(const char *json)
{
	struct http_reply r;
	assert_int_equal(stack_post(&r, &S, FAKE, "/fake/faults", json), 0);
	expect_status(&r, 200);
	http_reply_free(&r);
}

/* The text checks the fake received for this participant (their openid is
 * in each request's body). */
static int checks_by(const struct walker *w)
{
	struct http_reply r;
	assert_int_equal(stack_get(&r, &S, FAKE, "/fake/calls?api=msg_sec_check"), 0);
	int n = 0;
	cJSON *call;
	cJSON_ArrayForEach(call, r.json)
	{
		const char *body = cJSON_GetStringValue(cJSON_GetObjectItem(call, "body"));
		n += body && strstr(body, w->openid) != NULL;
	}
	http_reply_free(&r);
	return n;
}

static long counted(const struct walker *w, const char *action)
{
	char sql[160];
	snprintf(sql, sizeof sql, "SELECT coalesce(sum(used), 0) FROM rate_limits WHERE user_id = %ld AND action = '%s'",
	         w->user_id, action);
	return stack_sql_int(&S, sql);
}

/* r is 429 rate_limited with a message and Retry-After within [min, max]. */
static void expect_rate_limited(struct http_reply *r, long min_wait, long max_wait)
{
	assert_error(r, 429, "rate_limited", NULL);
	char retry[32];
	http_header(r, "Retry-After", retry, sizeof retry);
	long wait = atol(retry);
	if (wait < min_wait || wait > max_wait)
		fail_msg("Retry-After '%s', expected %ld..%ld", retry, min_wait, max_wait);
	const char *message = cJSON_GetStringValue(
		cJSON_GetObjectItem(cJSON_GetObjectItem(r->json, "error"), "message"));
	assert_non_null(strstr(message, "后再试"));
	http_reply_free(r);
}

static int64_t monotonic_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* ---------------------------------------------------------------- nothing to ask */

/* A taken name, a caller already in a team or not enrolled: answered from the
 * database, however often it is sent, without a check and without a count. */
static void refusals_that_cost_nothing_ask_no_wechat(void **state)
{
	(void)state;
	struct walker owner, other, stranger;
	walker_person(&owner, &S, "钱先到");
	walker_person(&other, &S, "孙后到");
	walker_login(&stranger, &S, NULL);   /* not enrolled */
	struct http_reply r;
	assert_int_equal(create_team(&owner, "先到先得队", &r), 201);
	http_reply_free(&r);
	assert_int_equal(checks_by(&owner), 1);

	for (int i = 0; i < 3 * RATE_TEAM_CREATE_MAX; i++) {
		create_team(&other, "先到先得队", &r);
		expect_error(&r, 409, "name_taken", "name");
		create_team(&owner, "第二个队名", &r);
		expect_error(&r, 409, "already_in_team", NULL);
		create_team(&stranger, "陌生人的队", &r);
		expect_error(&r, 403, "not_enrolled", NULL);
	}
	assert_int_equal(checks_by(&other), 0);
	assert_int_equal(checks_by(&owner), 1);
	assert_int_equal(checks_by(&stranger), 0);
	assert_int_equal(counted(&other, "team_create"), 0);
	assert_int_equal(counted(&owner, "team_create"), 1);
	/* Nothing was spent: the other participant's first free name goes through. */
	assert_int_equal(create_team(&other, "后来居上队", &r), 201);
	http_reply_free(&r);
	assert_int_equal(checks_by(&other), 1);
}

struct create_call {
	struct walker *w;
	const char *name;
	long status;
	char code[32];
};

static void *create_run(void *arg)
{
	struct create_call *c = arg;
	struct http_reply r;
	c->status = create_team(c->w, c->name, &r);
	snprintf(c->code, sizeof c->code, "%s", http_error_code(&r));
	http_reply_free(&r);
	return NULL;
}

/* The name is free when the first participant asks, taken by a second while
 * WeChat is slow to answer the first: the check inside the write still
 * refuses it. */
static void a_name_taken_during_the_check_is_refused_by_the_write(void **state)
{
	(void)state;
	struct walker slow, quick;
	walker_person(&slow, &S, "赵慢慢");
	walker_person(&quick, &S, "李快快");
	/* The fake holds the slow participant's check a second, then says busy;
	 * the retry passes at once. */
	fault("{\"api\":\"msg_sec_check\",\"fault\":\"timeout\",\"seconds\":1,\"count\":1}");
	struct create_call c = { .w = &slow, .name = "同名竞争队" };
	pthread_t thread;
	pthread_create(&thread, NULL, create_run, &c);
	for (int i = 0; i < 200 && checks_by(&slow) == 0; i++)
		usleep(5000);
	assert_int_equal(checks_by(&slow), 1);   /* held at the fake now: the name was free */
	struct http_reply r;
	assert_int_equal(create_team(&quick, "同名竞争队", &r), 201);
	http_reply_free(&r);
	pthread_join(thread, NULL);
	assert_int_equal(c.status, 409);
	assert_string_equal(c.code, "name_taken");
	assert_int_equal(checks_by(&slow), 2);   /* the busy answer, and the retry */
	assert_int_equal(stack_sql_int(&S, "SELECT count(*) FROM teams WHERE name = '同名竞争队'"), 1);
	assert_int_equal(walker_req(&slow, &r, "GET", "/api/activities/1/teams/mine", NULL), 0);
	expect_error(&r, 404, "not_found", NULL);
}

/* ---------------------------------------------------------------- windows */

/* Checks that reach WeChat are counted, a refused name (422) and an outage
 * (502) included; past the hour's limit the participant waits for the window
 * to close, without a check, while what costs nothing is still answered. */
static void team_create_checks_are_limited_per_hour(void **state)
{
	(void)state;
	stack_clock(&S, "2019-06-22T10:00:00+08:00");
	struct walker w, taken_by;
	walker_person(&w, &S, "周反复");
	walker_person(&taken_by, &S, "吴占名");
	struct http_reply r;
	assert_int_equal(create_team(&taken_by, "早已有主队", &r), 201);
	http_reply_free(&r);
	fault("{\"api\":\"msg_sec_check\",\"fault\":\"5xx\",\"count\":1}");
	create_team(&w, "故障中的队", &r);
	expect_error(&r, 502, "wechat_error", NULL);
	for (int i = 1; i < RATE_TEAM_CREATE_MAX; i++) {
		create_team(&w, "违禁的队名", &r);
		expect_error(&r, 422, "content_rejected", NULL);
	}
	assert_int_equal(checks_by(&w), RATE_TEAM_CREATE_MAX);
	assert_int_equal(counted(&w, "team_create"), RATE_TEAM_CREATE_MAX);

	create_team(&w, "正常的队名", &r);
	expect_rate_limited(&r, RATE_TEAM_CREATE_WINDOW_S - 120, RATE_TEAM_CREATE_WINDOW_S);
	create_team(&w, "早已有主队", &r);   /* answered before the limit: it costs nothing */
	expect_error(&r, 409, "name_taken", "name");
	assert_int_equal(checks_by(&w), RATE_TEAM_CREATE_MAX);
	assert_int_equal(counted(&w, "team_create"), RATE_TEAM_CREATE_MAX);

	stack_clock(&S, "2019-06-22T10:59:00+08:00");
	create_team(&w, "正常的队名", &r);
	expect_rate_limited(&r, 50, 120);   /* the window opened a few seconds after 10:00 */
	stack_clock(&S, "2019-06-22T11:01:00+08:00");
	assert_int_equal(create_team(&w, "正常的队名", &r), 201);
	http_reply_free(&r);
	assert_int_equal(checks_by(&w), RATE_TEAM_CREATE_MAX + 1);
	assert_int_equal(counted(&w, "team_create"), 1);   /* a new window */
	stack_clock(&S, "2019-06-20T10:00:00+08:00");
}

/* A leader's announcements beyond the day's limit: 429 with Retry-After, no
 * check; other leaders post as usual; the next day the leader posts again. */
static void announcements_are_limited_per_day(void **state)
{
	(void)state;
	stack_clock(&S, "2019-06-24T10:00:00+08:00");
	struct walker leader, other;
	walker_person(&leader, &S, "郑队长");
	walker_person(&other, &S, "王队长");
	struct http_reply r;
	assert_int_equal(create_team(&leader, "公告限额队", &r), 201);
	http_reply_free(&r);
	assert_int_equal(create_team(&other, "另一个公告队", &r), 201);
	http_reply_free(&r);
	int before = checks_by(&leader);
	/* A check that fails counts as well: it held a worker all the same. */
	fault("{\"api\":\"msg_sec_check\",\"fault\":\"5xx\",\"count\":1}");
	post_announcement(&leader, "今晚八点操场集合", &r);
	expect_error(&r, 502, "wechat_error", NULL);
	for (int i = 1; i < RATE_ANNOUNCEMENT_POST_MAX; i++) {
		assert_int_equal(post_announcement(&leader, "今晚八点操场集合", &r), 201);
		http_reply_free(&r);
	}
	assert_int_equal(checks_by(&leader) - before, RATE_ANNOUNCEMENT_POST_MAX);

	for (int i = 0; i < 3; i++) {
		post_announcement(&leader, "再发一条", &r);
		expect_rate_limited(&r, RATE_ANNOUNCEMENT_POST_WINDOW_S - 120, RATE_ANNOUNCEMENT_POST_WINDOW_S);
	}
	assert_int_equal(checks_by(&leader) - before, RATE_ANNOUNCEMENT_POST_MAX);
	assert_int_equal(counted(&leader, "announcement_post"), RATE_ANNOUNCEMENT_POST_MAX);
	/* Validation still comes first. */
	assert_int_equal(post_announcement(&leader, "", &r), 400);
	http_reply_free(&r);
	/* Another leader has a window of their own. */
	assert_int_equal(post_announcement(&other, "大家加油", &r), 201);
	http_reply_free(&r);

	stack_clock(&S, "2019-06-25T09:59:00+08:00");
	post_announcement(&leader, "再发一条", &r);
	expect_rate_limited(&r, 50, 120);
	assert_int_equal(checks_by(&leader) - before, RATE_ANNOUNCEMENT_POST_MAX);
	stack_clock(&S, "2019-06-25T10:01:00+08:00");
	assert_int_equal(post_announcement(&leader, "新的一天", &r), 201);
	http_reply_free(&r);
	assert_int_equal(checks_by(&leader) - before, RATE_ANNOUNCEMENT_POST_MAX + 1);
	stack_clock(&S, "2019-06-20T10:00:00+08:00");
}

/* ---------------------------------------------------------------- a slow WeChat */

/* WeChat holds the check for 4 s: the participant gets 502 wechat_error
 * after about wx_check_timeout_ms (well before the 5 s of other calls), and
 * nothing is created.  Measured loosely: under twice the configured time. */
static void a_slow_check_is_given_up_after_the_check_timeout(void **state)
{
	(void)state;
	struct walker w;
	walker_person(&w, &S, "冯等等");
	fault("{\"api\":\"msg_sec_check\",\"fault\":\"timeout\",\"seconds\":4,\"count\":1}");
	struct http_reply r;
	int64_t t0 = monotonic_ms();
	create_team(&w, "等不及的队", &r);
	int64_t took = monotonic_ms() - t0;
	expect_error(&r, 502, "wechat_error", NULL);
	assert_int_equal(checks_by(&w), 1);   /* the fake did hold it */
	if (took >= 2 * CHECK_TIMEOUT_MS)
		fail_msg("answered after %lld ms; the check timeout is %d ms", (long long)took, CHECK_TIMEOUT_MS);
	assert_int_equal(stack_sql_int(&S, "SELECT count(*) FROM teams WHERE name = '等不及的队'"), 0);
	/* The fake's worker is still asleep; the next check is answered by another. */
	assert_int_equal(create_team(&w, "等不及的队", &r), 201);
	http_reply_free(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(refusals_that_cost_nothing_ask_no_wechat),
		cmocka_unit_test(a_name_taken_during_the_check_is_refused_by_the_write),
		cmocka_unit_test(team_create_checks_are_limited_per_hour),
		cmocka_unit_test(announcements_are_limited_per_day),
		cmocka_unit_test(a_slow_check_is_given_up_after_the_check_timeout),
	};
	return cmocka_run_group_tests(tests, start_stack, stop_stack);
}
