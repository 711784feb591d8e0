/*
 * What nginx and the two worker pools do in front of the handlers: each pool
 * serves only its own routes; the admin login's limits count a client by its
 * IPv4 address or its IPv6 /64.
 *
 * The stack runs with production's nginx rates (devstack.sh's defaults).  Its
 * nginx trusts X-Real-IP from loopback (the dev configuration only), so that
 * one test can be many clients, IPv6 ones included.
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

/* A request as the client at addr (X-Real-IP), with an optional body. */
static void as_client(struct http_reply *r, const char *addr, const char *method, const char *path, const char *json)
{
	char real_ip[96];
	snprintf(real_ip, sizeof real_ip, "X-Real-IP: %s", addr);
	const char *headers[] = { real_ip, NULL };
	assert_int_equal(stack_req(r, &S, WALK, method, path, json ? "application/json" : NULL, json, -1, headers), 0);
}

/* A failed admin login of a username of its own (the worker's throttle per
 * username stays out of the way), as the client at addr; returns the status. */
static long failed_login(const char *addr, struct http_reply *keep)
{
	static int attempt;
	char body[128];
	snprintf(body, sizeof body, "{\"username\":\"nobody-%d\",\"password\":\"wrong-password\"}", ++attempt);
	struct http_reply r;
	as_client(&r, addr, "POST", "/admin/api/login", body);
	long status = r.status;
	if (keep)
		*keep = r;
	else
		http_reply_free(&r);
	return status;
}

static bool from_a_worker(const struct http_reply *r)
{
	char rid[128];
	http_header(r, "X-Request-Id", rid, sizeof rid);
	return *rid != '\0';
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

/* ---------------------------------------------------------------- the client key */

static void check_client_net(const char *addr, const char *want)
{
	struct http_reply r;
	as_client(&r, addr, "GET", "/dev/nginx/client-net", NULL);
	assert_int_equal(r.status, 200);
	char got[128];
	snprintf(got, sizeof got, "%.*s", (int)strcspn(r.body, "\n"), r.body);
	if (strcmp(got, want) != 0)
		fail_msg("%s: client key %s, expected %s", addr, got, want);
	http_reply_free(&r);
}

/* nginx writes every IPv6 address in RFC 5952's form, "::" wherever the
 * longest run of zero groups happens to be; the key must be the /64 wherever
 * that is.  The cases by hand where "::" stands in or across the first four
 * groups, then random addresses rich in zero groups, written out in full
 * (nginx compresses them) and compared with their /64 computed here. */
static void the_client_key_is_the_ipv4_address_or_the_ipv6_64(void **state)
{
	(void)state;
	static const char *const cases[][2] = {
		{ "10.1.2.3", "10.1.2.3" },
		{ "::ffff:10.1.2.3", "10.1.2.3" },
		{ "2001:db8:1:2:3:4:5:6", "2001:db8:1:2/64" },
		{ "2001:DB8:0001:0002:0:0:0:1", "2001:db8:1:2/64" },
		{ "2001:db8:1:2::", "2001:db8:1:2/64" },
		{ "2001:db8::1", "2001:db8:0:0/64" },
		{ "2001:db8:0:0:1:0:0:1", "2001:db8:0:0/64" },      /* written 2001:db8::1:0:0:1 */
		{ "2001:db8:0:1:0:0:0:1", "2001:db8:0:1/64" },      /* 2001:db8:0:1::1 */
		{ "2001:0:0:1:2:3:4:5", "2001:0:0:1/64" },          /* 2001::1:2:3:4:5 */
		{ "2001:0:0:1::1", "2001:0:0:1/64" },
		{ "0:0:1:2:3:4:5:6", "0:0:1:2/64" },                /* ::1:2:3:4:5:6 */
		{ "0:0:1:2::1", "0:0:1:2/64" },
		{ "0:0:0:1:2:3:4:5", "0:0:0:1/64" },                /* ::1:2:3:4:5 */
		{ "0:0:0:1::1", "0:0:0:1/64" },                     /* ::1:0:0:0:1 */
		{ "::1", "0:0:0:0/64" },
		{ "::", "0:0:0:0/64" },
		{ "fe80::1", "fe80:0:0:0/64" },
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
		check_client_net(cases[i][0], cases[i][1]);

	srand(20190701);
	for (int n = 0; n < 400; n++) {
		unsigned g[8];
		for (int i = 0; i < 8; i++)
			g[i] = rand() % 2 ? 0 : (unsigned)(rand() % 3 ? rand() % 0x10000 : rand() % 16);
		if (g[0] == 0 && g[1] == 0 && g[2] == 0 && g[3] == 0 && g[4] == 0 && g[5] == 0xffff)
			g[5] = 1;   /* not an IPv4-mapped address */
		char addr[64], want[40];
		snprintf(addr, sizeof addr, "%x:%x:%x:%x:%x:%x:%x:%x", g[0], g[1], g[2], g[3], g[4], g[5], g[6], g[7]);
		snprintf(want, sizeof want, "%x:%x:%x:%x/64", g[0], g[1], g[2], g[3]);
		check_client_net(addr, want);
	}
}

/* ---------------------------------------------------------------- limits */

/* Sends failed logins as the client at addr, each given up after a second,
 * until nginx refuses one itself; returns how many it took. */
static int exhaust_client(const char *addr)
{
	for (int sent = 1; sent <= 20; sent++) {
		char out[64];
		stack_sh(&S, out, sizeof out,
		         "curl -s -o /dev/null -w '%%{http_code}' --max-time 1 -H 'X-Real-IP: %s' "
		         "-H 'Content-Type: application/json' -d '{\"username\":\"exhaust-%d\",\"password\":\"x\"}' "
		         "'%s/admin/api/login'", addr, sent, S.base);
		if (strcmp(out, "429") == 0)
			return sent;
	}
	fail_msg("nginx never refused a login of %s", addr);
	return -1;
}

/* One client gets a few attempts at once, a few more that wait their turn,
 * then nginx's 429 (in the API's JSON shape, with Retry-After), and so does
 * any other address of its IPv6 /64, however it is written, but not the next
 * /64 nor an IPv4 client. */
static void admin_logins_are_limited_per_client_and_per_ipv6_64(void **state)
{
	(void)state;
	int sent = exhaust_client("2001::1:2:3:4:5");   /* the /64 2001:0:0:1 */
	assert_true(sent >= 5 && sent <= 10);
	struct http_reply r;
	assert_int_equal(failed_login("2001:0:0:1::9", &r), 429);   /* the same /64 */
	assert_false(from_a_worker(&r));
	assert_error(&r, 429, "rate_limited", NULL);
	char retry[16];
	http_header(&r, "Retry-After", retry, sizeof retry);
	assert_string_equal(retry, "5");
	http_reply_free(&r);
	assert_int_equal(failed_login("2001:0:0:1:ffff:ffff:ffff:ffff", NULL), 429);
	assert_int_equal(failed_login("2001::2:2:3:4:5", NULL), 401);   /* the /64 2001:0:0:2 */
	assert_int_equal(failed_login("2001:0:0:2::1", NULL), 401);
	assert_int_equal(failed_login("192.0.2.7", NULL), 401);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(each_pool_serves_only_its_own_routes),
		cmocka_unit_test(the_client_key_is_the_ipv4_address_or_the_ipv6_64),
		cmocka_unit_test(admin_logins_are_limited_per_client_and_per_ipv6_64),
	};
	return cmocka_run_group_tests(tests, start_stack, stop_stack);
}
