/*
 * What nginx and the two worker pools do in front of the handlers: each pool
 * serves only its own routes.
 */
#include "fcgic.h"
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

static int start_stack(void **state)
{
	(void)state;
	return stack_start(&S, "nginx", "WALK_WORKERS=2");
}

static int stop_stack(void **state)
{
	(void)state;
	stack_stop(&S);
	return 0;
}

/* ---------------------------------------------------------------- pools */

/* Straight to each pool's socket, past nginx: the participants' pool has no
 * admin route (no admin login can run PBKDF2 there), the admin pool no
 * participant route. */
static void each_pool_serves_only_its_own_routes(void **state)
{
	(void)state;
	char participants[600], admin[600], body[1024];
	snprintf(participants, sizeof participants, "%s/run/walk.sock", S.var);
	snprintf(admin, sizeof admin, "%s/run/walk-admin.sock", S.var);
	assert_int_equal(fcgi_request(participants, "GET", "/api/health", body, sizeof body), 200);
	assert_int_equal(fcgi_request(participants, "GET", "/admin/api/session", body, sizeof body), 404);
	assert_non_null(strstr(body, "\"not_found\""));
	assert_int_equal(fcgi_request(participants, "POST", "/admin/api/login", body, sizeof body), 404);
	assert_int_equal(fcgi_request(admin, "GET", "/admin/api/session", body, sizeof body), 401);
	assert_int_equal(fcgi_request(admin, "GET", "/api/health", body, sizeof body), 404);
	assert_int_equal(fcgi_request(admin, "POST", "/api/login", body, sizeof body), 404);

	/* Through nginx, each prefix reaches its own pool. */
	struct http_reply r;
	assert_int_equal(stack_get(&r, &S, WALK, "/admin/api/session"), 0);
	expect_error(&r, 401, "unauthenticated", NULL);
	char out[256];
	assert_int_equal(stack_sh(&S, out, sizeof out, "grep -c 'GET /admin/api/session 401' \"$WALK_VAR/log/walk-admin.log\""), 0);
	assert_true(atoi(out) >= 1);
	assert_int_equal(stack_sh(&S, out, sizeof out, "grep -c 'GET /admin/api/session 401' \"$WALK_VAR/log/walk.log\"; true"), 0);
	assert_string_equal(out, "0\n");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(each_pool_serves_only_its_own_routes),
	};
	return cmocka_run_group_tests(tests, start_stack, stop_stack);
}
