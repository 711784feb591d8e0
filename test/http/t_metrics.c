/*
 * GET /metrics through the real stack: served on the metrics listener only
 * (the stack's unix socket, nginx's WALK_METRICS=1), 404 on the public site;
 * the counters of all the workers add up in the shared file; WeChat calls by
 * outcome; the gauges read from the database.  And the request id that ties
 * nginx's access line to the worker's.
 */
#include "fcgic.h"
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
#include <unistd.h>

static struct stack S;
static char scraped[256 * 1024];

static int start_stack(void **state)
{
	(void)state;
	return stack_start(&S, "metrics", "WALK_WORKERS=4");
}

static int stop_stack(void **state)
{
	(void)state;
	stack_stop(&S);
	return 0;
}

/* The metrics as Prometheus would scrape them, into scraped; asserts a 200. */
static void scrape(void)
{
	assert_int_equal(stack_sh(&S, scraped, sizeof scraped,
	                          "curl -sS -f --unix-socket \"$WALK_VAR/run/metrics.sock\" http://localhost/metrics"), 0);
}

/* The value of the sample "series" (name and labels exactly) in scraped; -1
 * when it is not there. */
static double sample(const char *series)
{
	size_t n = strlen(series);
	for (const char *p = scraped; (p = strstr(p, series)); p += n)
		if ((p == scraped || p[-1] == '\n') && p[n] == ' ')
			return atof(p + n + 1);
	return -1;
}

static double sample_or_zero(const char *series)
{
	double v = sample(series);
	return v < 0 ? 0 : v;
}

static void only_the_metrics_listener_answers(void **state)
{
	(void)state;
	struct http_reply r;
	assert_int_equal(stack_get(&r, &S, WALK, "/metrics"), 0);
	expect_error(&r, 404, "not_found", NULL);
	/* Straight to the participants' pool, past nginx, without the listener's
	 * parameter: the worker refuses too (a location added by mistake). */
	char socket_path[600], body[512];
	snprintf(socket_path, sizeof socket_path, "%s/run/walk.sock", S.var);
	assert_int_equal(fcgi_request(socket_path, "GET", "/metrics", body, sizeof body), 404);
	assert_non_null(strstr(body, "\"not_found\""));
	scrape();
	assert_non_null(strstr(scraped, "# TYPE walk_http_requests_total counter\n"));
	assert_non_null(strstr(scraped, "# TYPE walk_http_request_duration_seconds histogram\n"));
	/* The worker's refusal was counted as a 404 of the route. */
	assert_int_equal((long)sample("walk_http_requests_total{route=\"GET /metrics\",status=\"404\"}"), 1);
}

static void requests_of_every_worker_add_up(void **state)
{
	(void)state;
	const char *health = "walk_http_requests_total{route=\"GET /api/health\",status=\"200\"}";
	const char *count = "walk_http_request_duration_seconds_count{route=\"GET /api/health\"}";
	const char *inf = "walk_http_request_duration_seconds_bucket{route=\"GET /api/health\",le=\"+Inf\"}";
	const char *unmatched = "walk_http_requests_total{route=\"unmatched\",status=\"404\"}";
	scrape();
	double before = sample_or_zero(health), before_count = sample_or_zero(count),
	       before_unmatched = sample_or_zero(unmatched);
	/* 40 requests over 4 workers: every one counts, whichever worker took it.
	 * Each on a connection of its own, straight to the pool's socket: nginx
	 * would send them all down the one connection it keeps to one worker. */
	char socket_path[600];
	snprintf(socket_path, sizeof socket_path, "%s/run/walk.sock", S.var);
	for (int i = 0; i < 40; i++)
		assert_int_equal(fcgi_request(socket_path, "GET", "/api/health", NULL, 0), 200);
	struct http_reply r;
	assert_int_equal(stack_get(&r, &S, WALK, "/api/no-such-thing"), 0);
	expect_error(&r, 404, "not_found", NULL);
	usleep(50 * 1000);   /* the count follows the answer */
	scrape();
	assert_int_equal((long)(sample(health) - before), 40);
	assert_int_equal((long)(sample(count) - before_count), 40);
	assert_int_equal((long)sample(inf), (long)sample(count));
	assert_int_equal((long)(sample(unmatched) - before_unmatched), 1);
	/* More than one worker answered them (the counters are shared, not one
	 * worker's): each logs its pid. */
	char out[64];
	stack_sh(&S, out, sizeof out,
	         "grep 'GET /api/health 200' \"$WALK_VAR/log/walk.log\" | grep -o 'pid=[0-9]*' | sort -u | wc -l");
	assert_true(atoi(out) >= 2);
}

static void wechat_calls_are_counted_by_outcome(void **state)
{
	(void)state;
	const char *ok = "walk_wechat_calls_total{api=\"jscode2session\",outcome=\"ok\"}";
	const char *http_error = "walk_wechat_calls_total{api=\"jscode2session\",outcome=\"http_error\"}";
	scrape();
	double ok0 = sample(ok), err0 = sample(http_error);
	assert_true(ok0 >= 0 && err0 >= 0);   /* every series is there, zero or not */
	struct walker w;
	walker_login(&w, &S, NULL);   /* one code2Session, answered */
	struct http_reply r;
	assert_int_equal(stack_post(&r, &S, FAKE, "/fake/faults", "{\"api\":\"jscode2session\",\"fault\":\"5xx\"}"), 0);
	http_reply_free(&r);
	assert_int_equal(stack_post(&r, &S, WALK, "/api/login", "{\"code\":\"whatever\"}"), 0);
	expect_error(&r, 502, "wechat_error", NULL);
	usleep(50 * 1000);
	scrape();
	assert_int_equal((long)(sample(ok) - ok0), 1);
	assert_int_equal((long)(sample(http_error) - err0), 1);
}

static void settlement_and_database_gauges(void **state)
{
	(void)state;
	scrape();
	assert_int_equal((long)sample("walk_settle_last_success_timestamp_seconds"), -1);   /* none yet */
	assert_true(sample("walk_db_file_bytes{file=\"db\"}") > 0);
	assert_true(sample("walk_db_file_bytes{file=\"wal\"}") >= 0);
	stack_clock(&S, "2019-07-03T08:00:00+08:00");
	char out[4096];
	assert_int_equal(stack_sh(&S, out, sizeof out, "walkctl settle"), 0);
	scrape();
	long finished = stack_sql_int(&S, "SELECT max(finished_at) FROM settle_runs WHERE outcome = 'done'");
	assert_true(finished > 0);
	assert_int_equal((long)sample("walk_settle_last_success_timestamp_seconds"), finished);
	assert_int_equal((long)sample("walk_settle_last_run{outcome=\"done\"}"), 1);
	assert_true(sample("walk_settle_last_run_duration_seconds") >= 0);
}

/* One request, one id: nginx's access line and the worker's carry the same
 * rid, which the answer gives as X-Request-Id. */
static void one_request_id_in_the_nginx_and_the_worker_logs(void **state)
{
	(void)state;
	struct http_reply r;
	assert_int_equal(stack_get(&r, &S, WALK, "/api/regions"), 0);
	expect_status(&r, 200);
	char rid[128];
	http_header(&r, "X-Request-Id", rid, sizeof rid);
	http_reply_free(&r);
	assert_true(strlen(rid) >= 16);
	usleep(1500 * 1000);   /* nginx writes its buffered access log every second */
	assert_int_equal(stack_sh(&S, NULL, 0, "grep -q '\"GET /api/regions HTTP/1.1\" 200 .* rid=%s$' "
	                                       "\"$WALK_VAR/log/nginx-access.log\"", rid), 0);
	assert_int_equal(stack_sh(&S, NULL, 0, "grep -q 'rid=%s .*GET /api/regions 200 [0-9]*us$' "
	                                       "\"$WALK_VAR/log/walk.log\"", rid), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(only_the_metrics_listener_answers),
		cmocka_unit_test(requests_of_every_worker_add_up),
		cmocka_unit_test(wechat_calls_are_counted_by_outcome),
		cmocka_unit_test(settlement_and_database_gauges),
		cmocka_unit_test(one_request_id_in_the_nginx_and_the_worker_logs),
	};
	return cmocka_run_group_tests(tests, start_stack, stop_stack);
}
