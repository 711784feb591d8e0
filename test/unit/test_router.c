/* fcgi/fw router and params: the one route table's matching, path parameters
 * read by the names the patterns declare, and the query string's values. */
#include "http.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

static void h(struct request *req, struct response *resp)
{
	(void)req;
	(void)resp;
}

static const struct route routes[] = {
	{ "GET", "/api/health", 0, h },
	{ "GET", "/api/activities/{aid}", 0, h },
	{ "PUT", "/api/activities/{aid}/enrollment", R_JSON_BODY, h },
	{ "GET", "/api/activities/{aid}/enrollment", 0, h },
	{ "GET", "/api/activities/{aid}/teams/{tid}", 0, h },
	{ "POST", "/api/activities/{aid}/checkpoints/{no}/answer", R_JSON_BODY, h },
	{ "GET", "/admin/api/unions/{code}/daily", 0, h },
};
#define N (sizeof routes / sizeof routes[0])

struct exchange {
	struct arena arena;
	struct request req;
	struct response resp;
};

static void open_exchange(struct exchange *x)
{
	memset(x, 0, sizeof *x);
	arena_init(&x->arena, 4096);
	x->req.arena = &x->arena;
	x->req.method = "GET";
	x->req.path = "/test";
}

static void close_exchange(struct exchange *x)
{
	buf_free(&x->resp.body);
	buf_free(&x->resp.headers);
	arena_free(&x->arena);
}

/* Matches method and path, which must find routes[want]. */
static void match(struct exchange *x, const char *method, const char *path, size_t want)
{
	const struct route *r = NULL;
	resp_reset(&x->resp);
	x->req.method = method;
	x->req.path = path;
	assert_int_equal(router_match(routes, N, method, path, &x->req, &r, NULL), ROUTE_FOUND);
	assert_ptr_equal(r, &routes[want]);
}

static void matches_exact_and_captures_by_name(void **state)
{
	(void)state;
	struct exchange x;
	open_exchange(&x);
	match(&x, "GET", "/api/health", 0);
	assert_int_equal(x.req.nparams, 0);
	match(&x, "GET", "/api/activities/7/teams/42", 4);
	assert_int_equal(x.req.nparams, 2);
	assert_string_equal(req_param(&x.req, &x.resp, "aid"), "7");
	assert_string_equal(req_param(&x.req, &x.resp, "tid"), "42");
	match(&x, "PUT", "/api/activities/1/enrollment", 2);
	assert_string_equal(req_param(&x.req, &x.resp, "aid"), "1");
	match(&x, "GET", "/admin/api/unions/xa/daily", 6);
	assert_string_equal(req_param(&x.req, &x.resp, "code"), "xa");
	assert_int_equal(x.resp.status, 0);   /* nothing answered so far */
	close_exchange(&x);
}

static void two_ids_are_read_by_name_whatever_their_order(void **state)
{
	(void)state;
	struct exchange x;
	open_exchange(&x);
	match(&x, "POST", "/api/activities/3/checkpoints/12/answer", 5);
	int64_t no = 0, aid = 0;
	assert_true(req_param_id(&x.req, &x.resp, "no", &no));
	assert_true(req_param_id(&x.req, &x.resp, "aid", &aid));
	assert_int_equal(no, 12);
	assert_int_equal(aid, 3);
	assert_int_equal(x.resp.status, 0);
	close_exchange(&x);
}

/* The value of {aid} in /api/activities/{aid} must be refused as an id: 404. */
static void refused_as_id(const char *value)
{
	struct exchange x;
	open_exchange(&x);
	char path[128];
	snprintf(path, sizeof path, "/api/activities/%s", value);
	match(&x, "GET", path, 1);
	int64_t id = -7;
	assert_false(req_param_id(&x.req, &x.resp, "aid", &id));
	assert_int_equal(x.resp.status, 404);
	assert_non_null(strstr(buf_str(&x.resp.body), "\"not_found\""));
	assert_int_equal(id, -7);
	close_exchange(&x);
}

static void ids_are_positive_decimals_of_at_most_18_digits(void **state)
{
	(void)state;
	struct exchange x;
	open_exchange(&x);
	match(&x, "GET", "/api/activities/999999999999999999", 1);
	int64_t id = 0;
	assert_true(req_param_id(&x.req, &x.resp, "aid", &id));
	assert_int_equal(id, 999999999999999999LL);
	close_exchange(&x);
	refused_as_id("0");
	refused_as_id("000");
	refused_as_id("-1");
	refused_as_id("+1");
	refused_as_id("1x");
	refused_as_id("abc");
	refused_as_id("1%32");
	refused_as_id("1000000000000000000");   /* 19 digits */
}

static void an_undeclared_name_is_a_bug_answered_500(void **state)
{
	(void)state;
	struct exchange x;
	open_exchange(&x);
	match(&x, "GET", "/api/activities/7/teams/42", 4);
	assert_null(req_param(&x.req, &x.resp, "uid"));
	assert_int_equal(x.resp.status, 500);
	resp_reset(&x.resp);
	int64_t id = 0;
	assert_false(req_param_id(&x.req, &x.resp, "ai", &id));   /* a prefix of a declared name is not it */
	assert_int_equal(x.resp.status, 500);
	match(&x, "GET", "/api/health", 0);
	assert_null(req_param(&x.req, &x.resp, "aid"));   /* nothing left over from the last match */
	assert_int_equal(x.resp.status, 500);
	close_exchange(&x);
}

static void unknown_paths_and_methods(void **state)
{
	(void)state;
	struct arena a;
	arena_init(&a, 4096);
	struct request req = { .arena = &a };
	const struct route *r = NULL;
	struct buf allow = { 0 };
	assert_int_equal(router_match(routes, N, "GET", "/api/healthz", &req, &r, NULL), ROUTE_NOT_FOUND);
	assert_int_equal(router_match(routes, N, "GET", "/api/health/", &req, &r, NULL), ROUTE_NOT_FOUND);
	assert_int_equal(router_match(routes, N, "GET", "/api/activities/", &req, &r, NULL), ROUTE_NOT_FOUND);
	assert_int_equal(router_match(routes, N, "GET", "/api/activities//enrollment", &req, &r, NULL), ROUTE_NOT_FOUND);
	assert_int_equal(router_match(routes, N, "GET", "", &req, &r, NULL), ROUTE_NOT_FOUND);
	assert_int_equal(router_match(routes, N, "DELETE", "/api/activities/1/enrollment", &req, &r, &allow),
	                 ROUTE_BAD_METHOD);
	assert_string_equal(buf_str(&allow), "PUT, GET");
	buf_free(&allow);
	arena_free(&a);
}

static void route_tables_are_checked(void **state)
{
	(void)state;
	assert_true(router_check(routes, N));
	static const struct route unclosed[] = { { "GET", "/a/{aid", 0, h } };
	static const struct route unnamed[] = { { "GET", "/a/{}/b", 0, h } };
	static const struct route twice[] = { { "GET", "/a/{id}/b/{id}", 0, h } };
	static const struct route too_many[] = { { "GET", "/{a}/{b}/{c}/{d}/{e}", 0, h } };
	static const struct route across[] = { { "GET", "/a/{x/y}", 0, h } };
	assert_false(router_check(unclosed, 1));
	assert_false(router_check(unnamed, 1));
	assert_false(router_check(twice, 1));
	assert_false(router_check(too_many, 1));
	assert_false(router_check(across, 1));
}

static void query_values_are_decoded_but_for_nul(void **state)
{
	(void)state;
	struct arena a;
	arena_init(&a, 4096);
	struct request req = { .arena = &a, .query = "q=%E5%BC%A0+%41&aid=5%00x&flag&bad=%4" };
	assert_string_equal(req_query(&req, "q"), "张 A");
	assert_string_equal(req_query(&req, "aid"), "5%00x");   /* not "5": nothing after a NUL is hidden */
	assert_string_equal(req_query(&req, "flag"), "");
	assert_string_equal(req_query(&req, "bad"), "%4");
	assert_null(req_query(&req, "a"));
	arena_free(&a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(matches_exact_and_captures_by_name),
		cmocka_unit_test(two_ids_are_read_by_name_whatever_their_order),
		cmocka_unit_test(ids_are_positive_decimals_of_at_most_18_digits),
		cmocka_unit_test(an_undeclared_name_is_a_bug_answered_500),
		cmocka_unit_test(unknown_paths_and_methods),
		cmocka_unit_test(route_tables_are_checked),
		cmocka_unit_test(query_values_are_decoded_but_for_nul),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
