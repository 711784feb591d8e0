/* fcgi/router: the one route table's matching; and the query string's values. */
#include "http.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
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
};
#define N (sizeof routes / sizeof routes[0])

static void matches_exact_and_captures(void **state)
{
	(void)state;
	struct arena a;
	arena_init(&a, 4096);
	struct request req = { .arena = &a };
	const struct route *r = NULL;
	assert_int_equal(router_match(routes, N, "GET", "/api/health", &req, &r, NULL), ROUTE_FOUND);
	assert_ptr_equal(r, &routes[0]);
	assert_int_equal(router_match(routes, N, "GET", "/api/activities/7/teams/42", &req, &r, NULL), ROUTE_FOUND);
	assert_ptr_equal(r, &routes[4]);
	assert_int_equal(req.nparams, 2);
	assert_string_equal(req.params[0], "7");
	assert_string_equal(req.params[1], "42");
	assert_int_equal(router_match(routes, N, "PUT", "/api/activities/1/enrollment", &req, &r, NULL), ROUTE_FOUND);
	assert_ptr_equal(r, &routes[2]);
	arena_free(&a);
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
		cmocka_unit_test(matches_exact_and_captures),
		cmocka_unit_test(unknown_paths_and_methods),
		cmocka_unit_test(query_values_are_decoded_but_for_nul),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
