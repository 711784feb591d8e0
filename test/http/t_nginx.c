/*
 * What nginx and the two worker pools do in front of the handlers: each pool
 * serves only its own routes; the admin login's limits count a client by its
 * IPv4 address or its IPv6 /64; every answer, nginx's own error pages
 * included, carries the security headers; the admin API's query strings stay
 * out of nginx's access log and out of the workers' logs.
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
	stack_sh(&S, NULL, 0, "bash test/support/prod-site.sh stop \"$WALK_VAR/prod\"");   /* should its test have failed */
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

/* A worker serves many FastCGI connections at once, as nginx keeps them
 * (fastcgi_keep_conn): more kept connections than the pool has workers (2)
 * are each answered, twice, in an order where every connection waits idle
 * while the others are served; a connection not kept is closed after its
 * answer; GET_VALUES says that requests are not multiplexed; a connection that
 * does not speak FastCGI is closed and the others go on. */
static void a_worker_serves_many_kept_connections(void **state)
{
	(void)state;
	char sock[600], body[1024];
	snprintf(sock, sizeof sock, "%s/run/walk.sock", S.var);
	enum { N = 6 };
	int fds[N];
	for (int i = 0; i < N; i++) {
		fds[i] = fcgi_connect(sock);
		assert_true(fds[i] >= 0);
		assert_int_equal(fcgi_exchange(fds[i], 1, true, "GET", "/api/health", body, sizeof body), 200);
	}
	for (int i = N - 1; i >= 0; i--)
		assert_int_equal(fcgi_exchange(fds[i], 7, true, "GET", "/api/no-such-route", body, sizeof body), 404);

	char values[256];
	assert_int_equal(fcgi_get_values(fds[0], values, sizeof values), 0);
	assert_non_null(strstr(values, "FCGI_MPXS_CONNS=0\n"));
	assert_non_null(strstr(values, "FCGI_MAX_CONNS="));

	assert_int_equal(fcgi_exchange(fds[1], 2, false, "GET", "/api/health", body, sizeof body), 200);
	char byte;
	assert_int_equal(read(fds[1], &byte, 1), 0);   /* closed by the worker */

	const char not_fastcgi[16] = "GET / HTTP/1.1\r\n";
	assert_int_equal(write(fds[2], not_fastcgi, sizeof not_fastcgi), (ssize_t)sizeof not_fastcgi);
	assert_true(read(fds[2], &byte, 1) <= 0);
	assert_int_equal(fcgi_exchange(fds[3], 3, true, "GET", "/api/health", body, sizeof body), 200);
	for (int i = 0; i < N; i++)
		close(fds[i]);
}

/* Straight to each pool's socket, past nginx: the participants' pool has no
 * admin route (no admin login can run PBKDF2 there), the admin pool no
 * participant route, the outbound pool only its own. */
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
	/* The outbound pool serves only the routes that call WeChat inline,
	 * render an image or need the WeChat Pay client; the participants' pool
	 * (walk-worker-lean, which has no handler for them) none of them.  Which
	 * pool nginx sends each route to is t_pools'. */
	char outbound[600];
	snprintf(outbound, sizeof outbound, "%s/run/walk-outbound.sock", S.var);
	assert_int_equal(fcgi_request(outbound, "POST", "/api/activities/1/draws", body, sizeof body), 401);
	assert_int_equal(fcgi_request(participants, "POST", "/api/login", body, sizeof body), 404);
	/* GET …/draws is the participants': the path is known, the method not. */
	assert_int_equal(fcgi_request(participants, "POST", "/api/activities/1/draws", body, sizeof body), 405);
	assert_int_equal(fcgi_request(outbound, "GET", "/api/activities/1/walks/1/certificate", body, sizeof body), 401);
	assert_int_equal(fcgi_request(participants, "GET", "/api/activities/1/walks/1/certificate", body, sizeof body), 404);
	assert_int_equal(fcgi_request(participants, "GET", "/api/activities/1/walks/1/board", body, sizeof body), 401);
	assert_int_equal(fcgi_request(outbound, "GET", "/api/activities/1/me", body, sizeof body), 404);
	assert_int_equal(fcgi_request(outbound, "GET", "/admin/api/session", body, sizeof body), 404);

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

/* ---------------------------------------------------------------- headers */

static void check_security_headers(const struct http_reply *r, const char *what)
{
	static const char *const want[][2] = {
		{ "Content-Security-Policy", "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
		                             "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'" },
		{ "X-Content-Type-Options", "nosniff" },
		{ "Referrer-Policy", "no-referrer" },
		{ "Strict-Transport-Security", "" },   /* only over TLS */
	};
	for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
		char got[512];
		http_header(r, want[i][0], got, sizeof got);
		if (strcmp(got, want[i][1]) != 0)
			fail_msg("%s (%ld): %s is '%s', expected '%s'", what, r->status, want[i][0], got, want[i][1]);
	}
}

/* The headers are on the workers' answers and on every answer nginx makes
 * itself, error pages included (a location with an add_header of its own
 * would drop them). */
static void every_answer_carries_the_security_headers(void **state)
{
	(void)state;
	struct http_reply r;
	assert_int_equal(stack_get(&r, &S, WALK, "/api/health"), 0);
	assert_int_equal(r.status, 200);
	check_security_headers(&r, "a worker's 200");
	http_reply_free(&r);
	assert_int_equal(stack_get(&r, &S, WALK, "/admin/login.html"), 0);
	assert_int_equal(r.status, 200);
	check_security_headers(&r, "an admin page");
	http_reply_free(&r);
	assert_int_equal(stack_get(&r, &S, WALK, "/api/nope"), 0);
	assert_error(&r, 404, "not_found", NULL);
	check_security_headers(&r, "a worker's 404");
	http_reply_free(&r);
	assert_int_equal(stack_get(&r, &S, WALK, "/elsewhere"), 0);
	assert_error(&r, 404, "not_found", NULL);
	assert_false(from_a_worker(&r));
	check_security_headers(&r, "nginx's 404");
	http_reply_free(&r);

	/* nginx's 413: one byte over its 64 KiB. */
	size_t n = 64 * 1024 + 1;
	char *big = malloc(n + 1);
	memset(big, ' ', n);
	big[0] = '{';
	big[n - 1] = '}';
	big[n] = '\0';
	assert_int_equal(stack_post(&r, &S, WALK, "/api/dev/echo", big), 0);
	assert_error(&r, 413, "body_too_large", NULL);
	assert_false(from_a_worker(&r));
	check_security_headers(&r, "nginx's 413");
	http_reply_free(&r);
	free(big);

	/* nginx's 429 (this client's attempts are spent) and a worker's 401. */
	exhaust_client("198.51.100.20");
	assert_int_equal(failed_login("198.51.100.20", &r), 429);
	assert_false(from_a_worker(&r));
	check_security_headers(&r, "nginx's 429");
	http_reply_free(&r);
	assert_int_equal(failed_login("198.51.100.21", &r), 401);
	check_security_headers(&r, "the admin pool's 401");
	http_reply_free(&r);
}

/* ---------------------------------------------------------------- logs */

/* A participant search holds a mobile number: neither nginx's access log nor
 * a worker's log may keep an admin request's query string (or a Referer that
 * carries one).  The search must be able to fail: the same log shows a
 * participant route's query string, and the admin requests themselves. */
static void admin_query_strings_stay_out_of_the_logs(void **state)
{
	(void)state;
	struct http_reply r;
	const char *referer[] = { "Referer: http://127.0.0.1/admin/participants.html?q=13912345670", NULL };
	assert_int_equal(stack_req(&r, &S, WALK, "GET", "/admin/api/participants?q=13912345678&limit=5", NULL, NULL, 0,
	                           referer), 0);
	expect_error(&r, 401, "unauthenticated", NULL);
	assert_int_equal(stack_get(&r, &S, WALK, "//admin/api/participants.csv?q=13912345679"), 0);
	expect_error(&r, 401, "unauthenticated", NULL);
	assert_int_equal(stack_get(&r, &S, WALK, "/admin/participants.html?q=13912345677"), 0);
	assert_int_equal(r.status, 200);
	http_reply_free(&r);
	assert_int_equal(stack_get(&r, &S, WALK, "/api/health?probe=visible-4711"), 0);
	assert_int_equal(r.status, 200);
	http_reply_free(&r);
	usleep(1500 * 1000);   /* nginx writes its buffered access log every second */

	char out[1024];
	assert_int_equal(stack_sh(&S, out, sizeof out, "grep -c -F -e '\"GET /admin/api/participants HTTP/1.1\"' "
	                                              "-e '\"GET /admin/api/participants.csv HTTP/1.1\"' "
	                                              "-e '\"GET /admin/participants.html HTTP/1.1\"' "
	                                              "\"$WALK_VAR/log/nginx-access.log\""), 0);
	assert_string_equal(out, "3\n");
	assert_int_equal(stack_sh(&S, out, sizeof out, "grep -c 'probe=visible-4711' \"$WALK_VAR/log/nginx-access.log\""), 0);
	assert_string_equal(out, "1\n");
	assert_int_equal(stack_sh(&S, out, sizeof out, "grep -c -e 'GET /admin/api/participants 401' "
	                                              "-e 'GET /admin/api/participants.csv 401' \"$WALK_VAR/log/walk-admin.log\""), 0);
	assert_string_equal(out, "2\n");
	/* grep's status 1: every log read, nothing found (2 would be an error). */
	assert_int_equal(stack_sh(&S, out, sizeof out, "grep -r -F 1391234567 \"$WALK_VAR/log\"; echo \"rc=$?\""), 0);
	assert_string_equal(out, "rc=1\n");
}

/* ---------------------------------------------------------------- production's site */

/* nginx/walk.conf itself (test/support/prod-site.sh changes only ports,
 * certificate and folders) in front of this stack's pools: TLS 1.2 with AEAD
 * suites only and TLS 1.3, HSTS beside the other headers, and no trust in
 * X-Real-IP, which only the dev configuration honours. */
static void the_production_site_speaks_aead_only_and_trusts_no_forwarded_address(void **state)
{
	(void)state;
	char out[4096];
	assert_int_equal(stack_sh(&S, out, sizeof out, "bash test/support/prod-site.sh start \"$WALK_VAR/prod\""), 0);
	int port = atoi(out);
	assert_true(port > 0);
	/* Suites offered one at a time under TLS 1.2: only ECDHE with GCM or ChaCha20-Poly1305 is taken. */
	static const struct { const char *suite; bool taken; } suites[] = {
		{ "ECDHE-ECDSA-AES128-GCM-SHA256", true }, { "ECDHE-ECDSA-AES256-GCM-SHA384", true },
		{ "ECDHE-ECDSA-CHACHA20-POLY1305", true }, { "ECDHE-ECDSA-AES128-SHA", false },
		{ "ECDHE-ECDSA-AES256-SHA384", false }, { "ECDHE-ECDSA-AES128-SHA256", false },
		{ "AES128-GCM-SHA256", false },
	};
	for (size_t i = 0; i < sizeof suites / sizeof suites[0]; i++) {
		int rc = stack_sh(&S, out, sizeof out, "echo | timeout 10 openssl s_client -connect 127.0.0.1:%d -tls1_2 "
		                  "-cipher %s 2>&1 | grep -q 'Cipher is %s'", port, suites[i].suite, suites[i].suite);
		if ((rc == 0) != suites[i].taken)
			fail_msg("TLS 1.2 with %s: %s", suites[i].suite, suites[i].taken ? "refused" : "accepted");
	}
	assert_int_equal(stack_sh(&S, out, sizeof out, "echo | timeout 10 openssl s_client -connect 127.0.0.1:%d -tls1_3 "
	                          "2>&1 | grep -q 'New, TLSv1.3'", port), 0);
	assert_int_not_equal(stack_sh(&S, out, sizeof out, "echo | timeout 10 openssl s_client -connect 127.0.0.1:%d "
	                              "-tls1_1 2>&1 | grep -q 'Cipher is ECDHE'", port), 0);
	/* The headers, HSTS included over TLS; plain HTTP is sent to HTTPS. */
	assert_int_equal(stack_sh(&S, out, sizeof out, "curl -sk -D - -o /dev/null https://127.0.0.1:%d/api/health", port), 0);
	const char *headers[] = { "HTTP/2 200", "strict-transport-security: max-age=31536000",
	                          "content-security-policy: default-src 'self';", "frame-ancestors 'none'",
	                          "x-content-type-options: nosniff", "referrer-policy: no-referrer" };
	for (size_t i = 0; i < sizeof headers / sizeof headers[0]; i++)
		if (!strstr(out, headers[i]))
			fail_msg("production's answer lacks '%s':\n%s", headers[i], out);
	assert_int_equal(stack_sh(&S, out, sizeof out, "curl -s -o /dev/null -w '%%{http_code} %%{redirect_url}' "
	                          "http://127.0.0.1:%d/api/health", port + 1), 0);
	assert_string_equal(out, "301 https://127.0.0.1/api/health");
	/* The participant client and its way to the fake WeChat are the dev stack's alone. */
	const char *dev_only[] = { "/demo/", "/demo/index.html", "/demo/js/app.js", "/demo/fake/calls" };
	for (size_t i = 0; i < sizeof dev_only / sizeof dev_only[0]; i++) {
		assert_int_equal(stack_sh(&S, out, sizeof out, "curl -sk -o /dev/null -w '%%{http_code}' https://127.0.0.1:%d%s",
		                          port, dev_only[i]), 0);
		if (strcmp(out, "404") != 0)
			fail_msg("production serves %s: %s", dev_only[i], out);
	}
	/* A client that says it is another address is the address it connects from. */
	assert_int_equal(stack_sh(&S, out, sizeof out, "curl -sk -o /dev/null -w '%%{http_code}' -H 'X-Real-IP: 203.0.113.99' "
	                          "-H 'Content-Type: application/json' -d '{\"username\":\"prod-probe\",\"password\":\"x\"}' "
	                          "https://127.0.0.1:%d/admin/api/login", port), 0);
	assert_string_equal(out, "401");
	assert_int_equal(stack_sql_int(&S, "SELECT count(*) FROM admin_login_failures WHERE kind = 'user_addr' "
	                                   "AND key = '127.0.0.1 prod-probe'"), 1);
	assert_int_equal(stack_sql_int(&S, "SELECT count(*) FROM admin_login_failures WHERE key LIKE '203.0.113.99%'"), 0);
	assert_int_equal(stack_sh(&S, out, sizeof out, "bash test/support/prod-site.sh stop \"$WALK_VAR/prod\""), 0);
}

/* ---------------------------------------------------------------- last: a pool down */

/* With the admin pool gone, nginx answers for it: 502 (its status for an
 * upstream that is not there) in the API's shape, Retry-After, and the
 * security headers still (the error page's own add_header must not have
 * dropped them).  The participants go on. */
static void nginx_answers_for_a_pool_that_is_down(void **state)
{
	(void)state;
	assert_int_equal(stack_sh(&S, NULL, 0, "kill -TERM \"$(cat \"$WALK_VAR/run/walk-admin.pid\")\" && "
	                                       "while kill -0 \"$(cat \"$WALK_VAR/run/walk-admin.pid\")\" 2>/dev/null; do sleep 0.1; done"), 0);
	struct http_reply r;
	assert_int_equal(stack_get(&r, &S, WALK, "/admin/api/session"), 0);
	assert_error(&r, 502, "unavailable", NULL);
	assert_false(from_a_worker(&r));
	char retry[16];
	http_header(&r, "Retry-After", retry, sizeof retry);
	assert_string_equal(retry, "5");
	check_security_headers(&r, "nginx's 502");
	http_reply_free(&r);
	assert_int_equal(stack_get(&r, &S, WALK, "/api/health"), 0);
	assert_int_equal(r.status, 200);
	http_reply_free(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(each_pool_serves_only_its_own_routes),
		cmocka_unit_test(a_worker_serves_many_kept_connections),
		cmocka_unit_test(the_client_key_is_the_ipv4_address_or_the_ipv6_64),
		cmocka_unit_test(admin_logins_are_limited_per_client_and_per_ipv6_64),
		cmocka_unit_test(every_answer_carries_the_security_headers),
		cmocka_unit_test(admin_query_strings_stay_out_of_the_logs),
		cmocka_unit_test(the_production_site_speaks_aead_only_and_trusts_no_forwarded_address),
		cmocka_unit_test(nginx_answers_for_a_pool_that_is_down),
	};
	return cmocka_run_group_tests(tests, start_stack, stop_stack);
}
