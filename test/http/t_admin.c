/*
 * Admin through the real stack (RULES §11–§12, API.md
 * "Admin"): accounts made with walkctl, cookie sessions with their CSRF token,
 * the login throttle and the PBKDF2 slots, idle and absolute expiry, the
 * matrix of every admin route against every kind of caller, the dashboard's
 * figures, participants and their export (250,000 rows streamed), and the
 * audit log.
 *
 * The data (made in setup, through the real participant API where it can be):
 *   xa  张三 13800000001 region xa, leader of 西安一队, syncs 07-01 12000 and
 *           07-02 6000 in the settle window
 *       李四 13800000002 region bj, member of 西安一队, syncs 07-01 8000
 *       王五 13800000003 region xa, unit "=1+2", no team, syncs 07-03 9000
 *   bj  赵六 13900000004 region bj, leader of 宝鸡一队, syncs 07-01 5000
 *   szjg 1234 participants inserted by SQL (a completion worth reading)
 * and the settlement's output for 07-02 faked by SQL: 西安一队 met its target.
 *
 * Order: the tests share one stack and run in main()'s order.  Each sets the
 * server clock it needs and makes its own participants, but a later test may
 * see what an earlier one left (rows, counts, the clock's day): run the file
 * as a whole, and add a test at the end unless it is independent of the rest.
 */
#include "walker.h"

#include "crypto.h"

#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static struct stack S;

#define PROV_PW "prov-pass-2019"
#define XA_PW "xa-pass-2019"
#define BJ_PW "bj-pass-2019"

static long uid_zhang, uid_li, uid_wang, uid_zhao;

/* ---------------------------------------------------------------- helpers */

struct admin {
	char cookie[128];     /* "Cookie: walk_admin=…" */
	char token[64];
	char csrf[72];
};

enum csrf_mode { CSRF_SEND, CSRF_OMIT, CSRF_WRONG };

/* Logs in; on 200 fills a from the Set-Cookie header and the body. */
/* A login from the client address addr (X-Real-IP, which the dev nginx
 * trusts from loopback; NULL: this machine's own). */
static long login_at(struct admin *a, const char *user, const char *pw, const char *addr, struct http_reply *keep)
{
	memset(a, 0, sizeof *a);
	char body[256], real_ip[64];
	snprintf(body, sizeof body, "{\"username\":\"%s\",\"password\":\"%s\"}", user, pw);
	snprintf(real_ip, sizeof real_ip, "X-Real-IP: %s", addr ? addr : "");
	const char *headers[] = { addr ? real_ip : NULL, NULL };
	struct http_reply r;
	assert_int_equal(stack_req(&r, &S, WALK, "POST", "/admin/api/login", "application/json", body, -1, headers), 0);
	long status = r.status;
	if (status == 200) {
		char set[256];
		http_header(&r, "Set-Cookie", set, sizeof set);
		size_t n = strcspn(set, ";");
		assert_true(strncmp(set, "walk_admin=", 11) == 0);
		snprintf(a->cookie, sizeof a->cookie, "Cookie: %.*s", (int)n, set);
		snprintf(a->token, sizeof a->token, "%.*s", (int)(n - 11), set + 11);
		snprintf(a->csrf, sizeof a->csrf, "%s", http_str(&r, "csrf"));
	}
	if (keep)
		*keep = r;
	else
		http_reply_free(&r);
	return status;
}

static long login(struct admin *a, const char *user, const char *pw, struct http_reply *keep)
{
	return login_at(a, user, pw, NULL, keep);
}

static void must_login(struct admin *a, const char *user, const char *pw)
{
	struct http_reply r;
	long status = login(a, user, pw, &r);
	if (status != 200)
		fail_msg("login %s: %ld %s", user, status, r.body);
	http_reply_free(&r);
}

/* A request as a (NULL: without any cookie). */
static void admin_req(const struct admin *a, struct http_reply *r, const char *method, const char *path,
                      const char *json, enum csrf_mode mode)
{
	char csrf[128];
	const char *headers[3];
	int n = 0;
	if (a)
		headers[n++] = a->cookie;
	if (mode == CSRF_SEND && a) {
		snprintf(csrf, sizeof csrf, "X-CSRF-Token: %s", a->csrf);
		headers[n++] = csrf;
	} else if (mode == CSRF_WRONG) {
		headers[n++] = "X-CSRF-Token: 0000000000000000000000000000000000000000000000000000000000000000";
	}
	headers[n] = NULL;
	assert_int_equal(stack_req(r, &S, WALK, method, path, json ? "application/json" : NULL, json, -1, headers), 0);
}

static void get(const struct admin *a, struct http_reply *r, const char *path)
{
	admin_req(a, r, "GET", path, NULL, CSRF_OMIT);
}


/* walkctl with the password on stdin; returns its exit status. */
static int walkctl_pw(const char *pw, const char *args, char *out, int outsize)
{
	return stack_sh(&S, out, outsize, "printf '%%s\\n' '%s' | walkctl admin %s", pw, args);
}

static void sql(const char *statement)
{
	char out[512];
	if (stack_sh(&S, out, sizeof out, "sqlite3 \"$WALK_VAR/walk.db\" \"%s\"", statement) != 0)
		fail_msg("sqlite3 %s: %s", statement, out);
}

static cJSON *item(const cJSON *array, int i)
{
	return cJSON_GetArrayItem(array, i);
}

static double num(const cJSON *o, const char *name)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, name);
	if (!cJSON_IsNumber(v))
		fail_msg("%s is not a number", name);
	return v->valuedouble;
}

static const char *str(const cJSON *o, const char *name)
{
	const char *v = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(o, name));
	return v ? v : "";
}

/* The union named code in a stats answer, or NULL. */
static const cJSON *union_in(const struct http_reply *r, const char *code)
{
	const cJSON *u;
	cJSON_ArrayForEach(u, cJSON_GetObjectItemCaseSensitive(r->json, "unions"))
		if (strcmp(str(u, "code"), code) == 0)
			return u;
	return NULL;
}

/* ---------------------------------------------------------------- setup */

static long enroll(struct walker *w, const char *name, const char *union_code, const char *region,
                   const char *mobile, const char *unit)
{
	walker_login(w, &S, NULL);
	char body[512];
	snprintf(body, sizeof body,
	         "{\"name\":\"%s\",\"mobile\":\"%s\",\"region\":\"%s\",\"union\":\"%s\",\"unit\":\"%s\","
	         "\"department\":\"工会办公室\"" WALKER_CONSENT "}", name, mobile, region, union_code, unit);
	struct http_reply r;
	assert_int_equal(walker_req(w, &r, "PUT", "/api/activities/1/enrollment", body), 0);
	expect_status(&r, 201);
	http_reply_free(&r);
	return w->user_id;
}

/* A team of leader and members, joined by invitation. */
static void make_team(struct walker *leader, const char *name, struct walker *const *members, int n)
{
	char body[128];
	snprintf(body, sizeof body, "{\"name\":\"%s\"}", name);
	struct http_reply r;
	assert_int_equal(walker_req(leader, &r, "POST", "/api/activities/1/teams", body), 0);
	expect_status(&r, 201);
	http_reply_free(&r);
	for (int i = 0; i < n; i++) {
		assert_int_equal(walker_req(leader, &r, "POST", "/api/activities/1/teams/mine/invites", NULL), 0);
		expect_status(&r, 201);
		snprintf(body, sizeof body, "{\"invite\":\"%s\"}", http_str(&r, "invite"));
		http_reply_free(&r);
		assert_int_equal(walker_req(members[i], &r, "POST", "/api/activities/1/teams/join", body), 0);
		expect_status(&r, 200);
		http_reply_free(&r);
	}
}

static int start_stack(void **state)
{
	(void)state;
	/* This suite logs in many times from one address: nginx's limits on the
	 * admin login (t_nginx.c tests them) are raised out of its way. */
	if (stack_start(&S, "admin", "WALK_WORKERS=3 WALK_ADMIN_WORKERS=3 ADMIN_LOGIN_RATE=100r/s "
	                             "ADMIN_LOGIN_RATE_ALL=100r/s") != 0)
		return -1;
	char out[512];
	if (walkctl_pw(PROV_PW, "add --username prov --role province", out, sizeof out) != 0 ||
	    walkctl_pw(XA_PW, "add --username xa-admin --role union --union xa", out, sizeof out) != 0 ||
	    walkctl_pw(BJ_PW, "add --username bj-admin --role union --union bj", out, sizeof out) != 0) {
		fprintf(stderr, "walkctl admin add: %s\n", out);
		return -1;
	}
	stack_clock(&S, "2019-06-20T10:00:00+08:00");
	struct walker zhang, li, wang, zhao;
	uid_zhang = enroll(&zhang, "张三", "xa", "xa", "13800000001", "西安第一中学");
	uid_li = enroll(&li, "李四", "xa", "bj", "13800000002", "西安交通局");
	uid_wang = enroll(&wang, "王五", "xa", "xa", "13800000003", "=1+2");
	uid_zhao = enroll(&zhao, "赵六", "bj", "bj", "13900000004", "宝鸡钢厂");
	make_team(&zhang, "西安一队", (struct walker *const[]){ &li }, 1);
	make_team(&zhao, "宝鸡一队", NULL, 0);
	/* Bulk participants of 省直属机关工会 (quota 5000): 1234 of them. */
	sql("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 1234) "
	    "INSERT INTO users (id, openid, session_key, created_at, last_login_at) "
	    "SELECT 500000 + i, 'szjg-' || i, 'k', 0, 0 FROM n; "
	    "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 1234) "
	    "INSERT INTO enrollments (activity_id, user_id, name, mobile, region_code, union_code, unit, department,"
	    " created_at, updated_at) SELECT 1, 500000 + i, '机关' || i, '137' || printf('%08d', i), 'xa', 'szjg',"
	    " '省直机关', '', 0, 0 FROM n");

	/* Syncs inside the settle window: each of these days is settled. */
	const struct { struct walker *w; const char *day; int steps; } syncs[] = {
		{ &zhang, "2019-07-01", 12000 }, { &li, "2019-07-01", 8000 }, { &zhao, "2019-07-01", 5000 },
		{ &zhang, "2019-07-02", 6000 }, { &wang, "2019-07-03", 9000 },
	};
	for (size_t i = 0; i < sizeof syncs / sizeof syncs[0]; i++) {
		char at[40], list[96], body[4096];
		snprintf(at, sizeof at, "%sT21:00:00+08:00", syncs[i].day);
		if (i == 0 || strcmp(syncs[i].day, syncs[i - 1].day) != 0)
			stack_clock(&S, at);
		snprintf(list, sizeof list, "[{\"day\":\"%s\",\"step\":%d}]", syncs[i].day, syncs[i].steps);
		walker_werun(syncs[i].w, list, NULL, body, sizeof body);
		struct http_reply r;
		walker_sync(syncs[i].w, body, &r);
		expect_status(&r, 200);
		assert_true(cJSON_IsTrue(cJSON_GetObjectItem(r.json, "settled")));
		http_reply_free(&r);
	}
	/* What the nightly settlement of 07-02 would have written for the teams. */
	sql("INSERT INTO settled_days (activity_id, day, run_id) VALUES (1, '2019-07-02', 1); "
	    "INSERT INTO team_days (activity_id, team_id, day, members, team_steps, met) "
	    "SELECT 1, id, '2019-07-02', 2, 42000, name = '西安一队' FROM teams");
	return 0;
}

static int stop_stack(void **state)
{
	(void)state;
	stack_stop(&S);
	return 0;
}

/* ---------------------------------------------------------------- accounts */

static void accounts_are_made_with_walkctl(void **state)
{
	(void)state;
	char out[512];
	struct { const char *pw, *args, *reason; } refused[] = {
		{ "another-pass", "add --username prov --role province", "exists already" },
		{ "another-pass", "add --username xx1 --role boss", "--role" },
		{ "another-pass", "add --username xx1 --role union", "needs --union" },
		{ "another-pass", "add --username xx1 --role province --union xa", "no --union" },
		{ "another-pass", "add --username xx1 --role union --union sx", "no top-level union" },
		{ "another-pass", "add --username xx1 --role union --union zz", "no top-level union" },
		{ "short", "add --username xx1 --role province", "password" },
		{ "another-pass", "add --username 'A B' --role province", "--username" },
		{ "another-pass", "passwd --username nobody", "no admin" },
		{ "another-pass", "disable --username nobody", "no admin" },
	};
	for (size_t i = 0; i < sizeof refused / sizeof refused[0]; i++) {
		if (walkctl_pw(refused[i].pw, refused[i].args, out, sizeof out) == 0 || !strstr(out, refused[i].reason))
			fail_msg("walkctl admin %s: expected a refusal about '%s', got: %s", refused[i].args,
			         refused[i].reason, out);
	}
	assert_int_equal(stack_sql_int(&S, "SELECT count(*) FROM admins WHERE username = 'xx1'"), 0);
	/* Only a PBKDF2 hash is stored: ≥ 100,000 iterations, a salt of its own each. */
	/* ($ would be the shell's: char(36) is the separator) */
	assert_int_equal(stack_sql_int(&S, "SELECT count(*) FROM admins WHERE substr(password_hash, 1, 21) = "
	                                   "'pbkdf2_sha256' || char(36) || '100000' || char(36)"), 3);
	assert_int_equal(stack_sql_int(&S, "SELECT count(DISTINCT substr(password_hash, 22, 24)) FROM admins"), 3);
	assert_int_equal(stack_sh(&S, out, sizeof out, "cat \"$WALK_VAR\"/walk.db* | grep -c -a '%s'", XA_PW), 1);
	assert_string_equal(out, "0\n");
	assert_int_equal(stack_sh(&S, out, sizeof out, "walkctl admin list"), 0);
	assert_non_null(strstr(out, "xa-admin"));
	assert_non_null(strstr(out, "union    xa"));
}

/* ---------------------------------------------------------------- login and session */

static void login_sets_a_strict_cookie_and_gives_the_csrf_token(void **state)
{
	(void)state;
	stack_clock(&S, "2019-07-03T22:00:00+08:00");
	struct admin a;
	struct http_reply r;
	assert_int_equal(login(&a, "xa-admin", XA_PW, &r), 200);
	char set[256];
	http_header(&r, "Set-Cookie", set, sizeof set);
	assert_non_null(strstr(set, "; HttpOnly"));
	assert_non_null(strstr(set, "; SameSite=Strict"));
	assert_non_null(strstr(set, "; Path=/admin/"));
	assert_null(strstr(set, "Secure"));      /* dev mode: no HTTPS on loopback */
	assert_null(strstr(set, "Max-Age"));     /* a browser-session cookie */
	assert_int_equal(strlen(a.token), 43);
	assert_int_equal(strlen(a.csrf), 64);
	assert_string_equal(http_str(&r, "role"), "union");
	assert_string_equal(http_str(&r, "union"), "xa");
	assert_string_equal(http_str(&r, "union_name"), "西安市总工会");
	assert_null(strstr(r.body, a.token));   /* the token only in the HttpOnly cookie */
	http_reply_free(&r);
	/* Only the token's hash is kept. */
	char hash[CRYPTO_SHA256_HEX_SIZE], q[256];
	crypto_sha256_hex(a.token, strlen(a.token), hash);
	snprintf(q, sizeof q, "SELECT count(*) FROM admin_sessions WHERE token_hash = '%s'", hash);
	assert_int_equal(stack_sql_int(&S, q), 1);
	snprintf(q, sizeof q, "SELECT count(*) FROM admin_sessions WHERE token_hash = '%s'", a.token);
	assert_int_equal(stack_sql_int(&S, q), 0);
	/* The page gets the CSRF token again after a reload. */
	get(&a, &r, "/admin/api/session");
	expect_status(&r, 200);
	assert_string_equal(http_str(&r, "csrf"), a.csrf);
	assert_string_equal(http_str(&r, "username"), "xa-admin");
	http_reply_free(&r);

	/* Malformed logins. */
	assert_int_equal(stack_post(&r, &S, WALK, "/admin/api/login", "{\"password\":\"x\"}"), 0);
	expect_error(&r, 400, "validation_failed", "username");
	assert_int_equal(stack_post(&r, &S, WALK, "/admin/api/login", "{\"username\":\"prov\"}"), 0);
	expect_error(&r, 400, "validation_failed", "password");
	assert_int_equal(stack_req(&r, &S, WALK, "POST", "/admin/api/login", "text/plain", "x", -1, NULL), 0);
	expect_error(&r, 415, "unsupported_media_type", NULL);
	/* A forged or unknown cookie. */
	struct admin forged = { .cookie = "Cookie: walk_admin=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA" };
	get(&forged, &r, "/admin/api/session");
	expect_error(&r, 401, "unauthenticated", NULL);
	struct admin junk = { .cookie = "Cookie: other=1; walk_admin=../../etc; x=y" };
	get(&junk, &r, "/admin/api/session");
	expect_error(&r, 401, "unauthenticated", NULL);

	/* Logout ends the session and clears the cookie. */
	admin_req(&a, &r, "POST", "/admin/api/logout", NULL, CSRF_SEND);
	expect_status(&r, 200);
	http_header(&r, "Set-Cookie", set, sizeof set);
	assert_non_null(strstr(set, "walk_admin=;"));
	assert_non_null(strstr(set, "Max-Age=0"));
	http_reply_free(&r);
	get(&a, &r, "/admin/api/session");
	expect_error(&r, 401, "unauthenticated", NULL);
	snprintf(q, sizeof q, "SELECT count(*) FROM admin_sessions WHERE token_hash = '%s'", hash);
	assert_int_equal(stack_sql_int(&S, q), 0);
}

/* Wrong password, unknown user and disabled account answer alike. */
static void refusals_never_tell_whether_the_username_exists(void **state)
{
	(void)state;
	stack_clock(&S, "2019-07-04T09:00:00+08:00");
	char out[256];
	assert_int_equal(walkctl_pw("dormant-pass", "add --username dormant --role union --union hz", out, sizeof out), 0);
	assert_int_equal(stack_sh(&S, out, sizeof out, "walkctl admin disable --username dormant"), 0);
	struct admin a;
	struct http_reply wrong, unknown, disabled;
	assert_int_equal(login(&a, "prov", "not-the-password", &wrong), 401);
	assert_int_equal(login(&a, "no-such-admin", "not-the-password", &unknown), 401);
	assert_int_equal(login(&a, "dormant", "dormant-pass", &disabled), 401);
	assert_string_equal(http_error_code(&wrong), "unauthenticated");
	assert_string_equal(wrong.body, unknown.body);
	assert_string_equal(wrong.body, disabled.body);
	http_reply_free(&wrong);
	http_reply_free(&unknown);
	http_reply_free(&disabled);
	sql("DELETE FROM admin_login_failures");
}

/* ---------------------------------------------------------------- throttle */

static void check_throttled(const char *user, const char *pw, long min_wait, long max_wait)
{
	struct admin a;
	struct http_reply r;
	assert_int_equal(login(&a, user, pw, &r), 429);
	assert_string_equal(http_error_code(&r), "rate_limited");
	char retry[32];
	http_header(&r, "Retry-After", retry, sizeof retry);
	long wait = atol(retry);
	if (wait < min_wait || wait > max_wait)
		fail_msg("Retry-After %ld, expected %ld..%ld", wait, min_wait, max_wait);
	http_reply_free(&r);
}

static void logins_are_throttled_with_a_growing_delay(void **state)
{
	(void)state;
	char out[256];
	assert_int_equal(walkctl_pw("target-pass", "add --username target --role union --union ak", out, sizeof out), 0);
	sql("DELETE FROM admin_login_failures");
	struct admin a;
	/* By username: four failures are free, the fifth blocks for 30 s… */
	stack_clock(&S, "2019-07-05T09:00:00+08:00");
	for (int i = 0; i < 5; i++)
		assert_int_equal(login(&a, "target", "guess", NULL), 401);
	check_throttled("target", "target-pass", 25, 30);   /* even the right password */
	/* …the sixth for 60 s, counted from it. */
	stack_clock(&S, "2019-07-05T09:00:40+08:00");
	assert_int_equal(login(&a, "target", "guess", NULL), 401);
	check_throttled("target", "target-pass", 55, 60);
	stack_clock(&S, "2019-07-05T09:01:50+08:00");
	sql("DELETE FROM admin_login_failures WHERE kind = 'addr'");   /* only the username's count here */
	assert_int_equal(login(&a, "target", "target-pass", NULL), 200);
	/* Success cleared the username's count: one more failure blocks nothing. */
	assert_int_equal(login(&a, "target", "guess", NULL), 401);
	assert_int_equal(login(&a, "target", "target-pass", NULL), 200);
	sql("DELETE FROM admin_login_failures");

	/* By address: five failures with five usernames, then another name waits
	 * too, unless it logged in from this address lately (as xa-admin did). */
	stack_clock(&S, "2019-07-05T10:00:00+08:00");
	const char *names[] = { "u1", "u2", "u3", "u4", "prov" };
	for (int i = 0; i < 5; i++)
		assert_int_equal(login(&a, names[i], "guess", NULL), 401);
	check_throttled("newcomer", "whatever", 25, 30);
	assert_int_equal(login(&a, "xa-admin", XA_PW, NULL), 200);
	/* An hour later the count starts again. */
	stack_clock(&S, "2019-07-05T11:00:31+08:00");
	assert_int_equal(login(&a, "u6", "guess", NULL), 401);
	assert_int_equal(login(&a, "newcomer", "whatever", NULL), 401);
	assert_int_equal(stack_sql_int(&S, "SELECT failures FROM admin_login_failures WHERE kind = 'addr'"), 2);
	sql("DELETE FROM admin_login_failures");
}

/* Failures from one place cannot lock an admin out everywhere: a username's
 * block holds at the address its failures came from. */
static void a_username_is_blocked_only_where_it_failed(void **state)
{
	(void)state;
	sql("DELETE FROM admin_login_failures");
	stack_clock(&S, "2019-07-06T09:00:00+08:00");
	struct admin a;
	struct http_reply r;
	for (int i = 0; i < 8; i++)
		assert_int_equal(login_at(&a, "target", "guess", "127.0.0.9", NULL), 401 + (i >= 5) * 28);
	assert_int_equal(login_at(&a, "target", "target-pass", "127.0.0.9", &r), 429);   /* blocked there… */
	http_reply_free(&r);
	assert_int_equal(login_at(&a, "target", "target-pass", "127.0.0.10", NULL), 200);   /* …not here */
	assert_int_equal(login(&a, "target", "target-pass", NULL), 200);
	assert_int_equal(login_at(&a, "someone", "guess", "127.0.0.9", NULL), 429);   /* the address, for everyone */
	assert_int_equal(stack_sql_int(&S, "SELECT count(*) FROM admin_login_failures WHERE kind = 'user_addr' "
	                                   "AND key = '127.0.0.9 target'"), 1);
	sql("DELETE FROM admin_login_failures");
}

struct parallel_login {
	char username[32];
	char addr[32];
	long status;
	bool from_worker;
	char retry_after[16];
};

static void *parallel_login_run(void *arg)
{
	struct parallel_login *p = arg;
	char body[128], real_ip[64];
	snprintf(body, sizeof body, "{\"username\":\"%s\",\"password\":\"not-the-password\"}", p->username);
	snprintf(real_ip, sizeof real_ip, "X-Real-IP: %s", p->addr);
	const char *headers[] = { real_ip, NULL };
	struct http_reply r;
	if (stack_req(&r, &S, WALK, "POST", "/admin/api/login", "application/json", body, -1, headers) == 0) {
		p->status = r.status;
		char rid[128];
		http_header(&r, "X-Request-Id", rid, sizeof rid);
		p->from_worker = *rid != '\0' && strcmp(http_error_code(&r), r.status == 429 ? "rate_limited" : "unauthenticated") == 0;
		http_header(&r, "Retry-After", p->retry_after, sizeof p->retry_after);
	}
	http_reply_free(&r);
	return NULL;
}

/* Three admin workers, one PBKDF2 slot (the default): of logins that arrive
 * together, one at a time checks a password and the others are answered
 * 429 at once by their worker, with Retry-After, before any check (no
 * failure is counted for them).  Each login comes from an address of its
 * own, so that nothing else refuses it. */
static void logins_beyond_the_pbkdf2_slots_are_refused_at_once(void **state)
{
	(void)state;
	stack_clock(&S, "2019-07-05T12:00:00+08:00");
	enum { LOGINS = 6 };
	int refused = 0, checked = 0;
	for (int round = 0; round < 5 && refused == 0; round++) {
		struct parallel_login logins[LOGINS];
		pthread_t threads[LOGINS];
		for (int i = 0; i < LOGINS; i++) {
			memset(&logins[i], 0, sizeof logins[i]);
			snprintf(logins[i].username, sizeof logins[i].username, "slot-%d-%d", round, i);
			snprintf(logins[i].addr, sizeof logins[i].addr, "203.0.113.%d", round * LOGINS + i + 1);
			pthread_create(&threads[i], NULL, parallel_login_run, &logins[i]);
		}
		for (int i = 0; i < LOGINS; i++)
			pthread_join(threads[i], NULL);
		for (int i = 0; i < LOGINS; i++) {
			if (!logins[i].from_worker)
				fail_msg("login %s: %ld, not the worker's answer", logins[i].username, logins[i].status);
			char q[160];
			snprintf(q, sizeof q, "SELECT count(*) FROM admin_login_failures WHERE kind = 'user_addr' "
			         "AND key = '%.31s %.31s'", logins[i].addr, logins[i].username);
			if (logins[i].status == 429) {
				refused++;
				assert_string_equal(logins[i].retry_after, "1");
				assert_int_equal(stack_sql_int(&S, q), 0);
			} else {
				assert_int_equal(logins[i].status, 401);
				checked++;
				assert_int_equal(stack_sql_int(&S, q), 1);
			}
		}
	}
	print_message("parallel logins: %d checked, %d refused for want of a PBKDF2 slot\n", checked, refused);
	assert_true(refused > 0);
	assert_true(checked > 0);
	sql("DELETE FROM admin_login_failures");
}

/* ---------------------------------------------------------------- expiry */

static void sessions_expire_after_two_idle_hours_and_twelve_in_all(void **state)
{
	(void)state;
	struct admin a;
	struct http_reply r;
	stack_clock(&S, "2019-07-06T08:00:00+08:00");
	must_login(&a, "prov", PROV_PW);
	/* Every request slides the idle expiry. */
	const char *steps[] = { "2019-07-06T09:59:00+08:00", "2019-07-06T11:58:00+08:00", "2019-07-06T13:57:00+08:00" };
	for (size_t i = 0; i < 3; i++) {
		stack_clock(&S, steps[i]);
		get(&a, &r, "/admin/api/session");
		expect_status(&r, 200);
		http_reply_free(&r);
	}
	stack_clock(&S, "2019-07-06T15:58:00+08:00");   /* 2 h and a minute after the last request */
	get(&a, &r, "/admin/api/session");
	expect_error(&r, 401, "unauthenticated", NULL);

	/* However busy, a session ends 12 hours after its login. */
	stack_clock(&S, "2019-07-07T08:00:00+08:00");
	must_login(&a, "prov", PROV_PW);
	char at[64];
	for (int h = 1; h <= 11; h++) {
		snprintf(at, sizeof at, "2019-07-07T%02d:59:00+08:00", 8 + h);
		stack_clock(&S, at);
		get(&a, &r, "/admin/api/session");
		expect_status(&r, 200);
		http_reply_free(&r);
	}
	stack_clock(&S, "2019-07-07T20:01:00+08:00");
	get(&a, &r, "/admin/api/session");
	expect_error(&r, 401, "unauthenticated", NULL);
}

/* ---------------------------------------------------------------- the matrix */

enum who { NOBODY, PROVINCE, UNION_XA, XA_GUESSING, WHO_COUNT };
static const char *const who_name[] = { "no session", "province admin", "union admin (xa)",
                                        "union admin (xa) guessing bj" };

struct matrix_row {
	const char *method;
	const char *path;            /* as the province and xa admins ask it; {uid}: a participant of xa */
	const char *guess;           /* as xa asks for another union's data ({uid}: one of bj) */
	const char *json;
	long expect[WHO_COUNT];
};

/* What an unknown participant id is answered, to the letter. */
static const char unknown_uid_body[] = "{\"error\":{\"code\":\"not_found\",\"message\":\"参与者不存在\"}}";

/* template with "{uid}" replaced by uid. */
static void fill_uid(char *out, size_t size, const char *template, long uid)
{
	const char *at = strstr(template, "{uid}");
	if (!at)
		snprintf(out, size, "%s", template);
	else
		snprintf(out, size, "%.*s%ld%s", (int)(at - template), template, uid, at + 5);
}

/* Every admin route × every kind of caller.  Non-GET routes send the right
 * CSRF token here (its absence is the next test).  Logout is checked with
 * sessions of its own, so that the others live on. */
static void every_route_answers_each_role_as_it_should(void **state)
{
	(void)state;
	stack_clock(&S, "2019-07-08T10:00:00+08:00");
	struct admin prov, xa;
	must_login(&prov, "prov", PROV_PW);
	must_login(&xa, "xa-admin", XA_PW);
	static const struct matrix_row rows[] = {
		{ "POST", "/admin/api/login", "/admin/api/login", "{}", { 400, 400, 400, 400 } },   /* no session needed */
		{ "GET", "/admin/api/session", "/admin/api/session", NULL, { 401, 200, 200, 200 } },
		{ "POST", "/admin/api/password", "/admin/api/password", "{}", { 401, 400, 400, 400 } },
		{ "GET", "/admin/api/unions/stats", "/admin/api/unions/stats?union=bj", NULL, { 401, 200, 200, 403 } },
		{ "GET", "/admin/api/unions/stats?union=xa", "/admin/api/unions/stats?union=sx", NULL, { 401, 200, 200, 403 } },
		{ "GET", "/admin/api/unions/xa/daily", "/admin/api/unions/bj/daily", NULL, { 401, 200, 200, 403 } },
		{ "GET", "/admin/api/unions/xa/daily", "/admin/api/unions/sx/daily", NULL, { 401, 200, 200, 403 } },
		{ "GET", "/admin/api/participants", "/admin/api/participants?union=bj", NULL, { 401, 200, 200, 403 } },
		{ "GET", "/admin/api/participants?union=xa", "/admin/api/participants?union=bj&q=%E8%B5%B5%E5%85%AD", NULL, { 401, 200, 200, 403 } },
		{ "GET", "/admin/api/participants.csv", "/admin/api/participants.csv?union=bj", NULL, { 401, 200, 200, 403 } },
		/* Another union's participant is answered as an unknown id: nothing tells it exists. */
		{ "GET", "/admin/api/participants/{uid}", "/admin/api/participants/{uid}", NULL, { 401, 200, 200, 404 } },
		{ "GET", "/admin/api/audit", "/admin/api/audit?limit=5", NULL, { 401, 200, 403, 403 } },
	};
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		for (int who = NOBODY; who < WHO_COUNT; who++) {
			const struct admin *as = who == NOBODY ? NULL : who == PROVINCE ? &prov : &xa;
			char path[256];
			fill_uid(path, sizeof path, who == XA_GUESSING ? rows[i].guess : rows[i].path,
			         who == XA_GUESSING ? uid_zhao : uid_zhang);
			struct http_reply r;
			admin_req(as, &r, rows[i].method, path, rows[i].json, CSRF_SEND);
			if (r.status != rows[i].expect[who])
				fail_msg("%s %s as %s: expected %ld, got %ld %s", rows[i].method, path, who_name[who],
				         rows[i].expect[who], r.status, r.body);
			if (r.status == 401)
				assert_string_equal(http_error_code(&r), "unauthenticated");
			if (r.status == 403)
				assert_string_equal(http_error_code(&r), "forbidden");
			if (r.status == 404)
				assert_string_equal(r.body, unknown_uid_body);
			http_reply_free(&r);
		}
	}
	/* The province admin reaches any union; a union that does not exist is a bad request. */
	struct http_reply r;
	get(&prov, &r, "/admin/api/participants?union=bj");
	expect_status(&r, 200);
	assert_int_equal((int)http_num(&r, "total"), 1);
	http_reply_free(&r);
	get(&prov, &r, "/admin/api/unions/bj/daily");
	expect_status(&r, 200);
	http_reply_free(&r);
	get(&prov, &r, "/admin/api/unions/stats?union=zz");
	expect_error(&r, 400, "validation_failed", "union");
	get(&prov, &r, "/admin/api/participants/999999");
	expect_error(&r, 404, "not_found", NULL);
	get(&xa, &r, "/admin/api/participants/999999");
	assert_string_equal(r.body, unknown_uid_body);   /* the very answer another union's id gets */
	expect_error(&r, 404, "not_found", NULL);
	get(&prov, &r, "/admin/api/unions/stats?aid=99");
	expect_error(&r, 404, "not_found", NULL);

	/* Logout, for each role, with sessions of its own. */
	struct admin bye;
	admin_req(NULL, &r, "POST", "/admin/api/logout", NULL, CSRF_OMIT);
	expect_error(&r, 401, "unauthenticated", NULL);
	must_login(&bye, "prov", PROV_PW);
	admin_req(&bye, &r, "POST", "/admin/api/logout", NULL, CSRF_SEND);
	expect_status(&r, 200);
	http_reply_free(&r);
	must_login(&bye, "xa-admin", XA_PW);
	admin_req(&bye, &r, "POST", "/admin/api/logout", NULL, CSRF_SEND);
	expect_status(&r, 200);
	http_reply_free(&r);
	/* Logging one session out leaves the others. */
	get(&xa, &r, "/admin/api/session");
	expect_status(&r, 200);
	http_reply_free(&r);
}

/* What a union admin gets holds nothing of another union. */
static void a_union_admin_sees_only_their_own_union(void **state)
{
	(void)state;
	stack_clock(&S, "2019-07-08T10:00:00+08:00");
	struct admin xa;
	must_login(&xa, "xa-admin", XA_PW);
	struct http_reply r;
	get(&xa, &r, "/admin/api/participants?limit=200");
	expect_status(&r, 200);
	assert_int_equal((int)http_num(&r, "total"), 3);
	const cJSON *p;
	cJSON_ArrayForEach(p, cJSON_GetObjectItem(r.json, "items"))
		assert_string_equal(str(p, "union"), "xa");
	http_reply_free(&r);
	get(&xa, &r, "/admin/api/participants?q=%E8%B5%B5%E5%85%AD");   /* 赵六, of bj */
	expect_status(&r, 200);
	assert_int_equal((int)http_num(&r, "total"), 0);
	http_reply_free(&r);
	get(&xa, &r, "/admin/api/unions/stats");
	expect_status(&r, 200);
	assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(r.json, "unions")), 1);
	assert_non_null(union_in(&r, "xa"));
	assert_null(strstr(r.body, "宝鸡"));
	http_reply_free(&r);
	get(&xa, &r, "/admin/api/participants.csv");
	expect_status(&r, 200);
	assert_null(strstr(r.body, "赵六"));
	assert_null(strstr(r.body, "机关"));
	http_reply_free(&r);
}

static void every_write_needs_the_sessions_csrf_token(void **state)
{
	(void)state;
	stack_clock(&S, "2019-07-08T10:00:00+08:00");
	struct admin prov, xa;
	must_login(&prov, "prov", PROV_PW);
	must_login(&xa, "xa-admin", XA_PW);
	struct admin borrowed = xa;   /* xa's cookie with the province session's token */
	memcpy(borrowed.csrf, prov.csrf, sizeof borrowed.csrf);
	const char *writes[][2] = {
		{ "/admin/api/logout", NULL },
		{ "/admin/api/password", "{\"current\":\"xa-pass-2019\",\"new\":\"new-pass-2019\"}" },
	};
	struct http_reply r;
	for (size_t i = 0; i < 2; i++) {
		admin_req(&xa, &r, "POST", writes[i][0], writes[i][1], CSRF_OMIT);
		expect_error(&r, 403, "forbidden", NULL);
		admin_req(&xa, &r, "POST", writes[i][0], writes[i][1], CSRF_WRONG);
		expect_error(&r, 403, "forbidden", NULL);
		admin_req(&borrowed, &r, "POST", writes[i][0], writes[i][1], CSRF_SEND);
		expect_error(&r, 403, "forbidden", NULL);
	}
	/* Nothing happened: the session lives and the password is the old one. */
	get(&xa, &r, "/admin/api/session");
	expect_status(&r, 200);
	http_reply_free(&r);
	struct admin again;
	must_login(&again, "xa-admin", XA_PW);
}

/* ---------------------------------------------------------------- dashboard */

static void the_dashboard_counts_each_union(void **state)
{
	(void)state;
	stack_clock(&S, "2019-07-03T22:00:00+08:00");
	struct admin prov;
	must_login(&prov, "prov", PROV_PW);
	struct http_reply r;
	get(&prov, &r, "/admin/api/unions/stats?aid=1");
	expect_status(&r, 200);
	assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(r.json, "unions")), 23);
	assert_string_equal(http_str(&r, "today"), "2019-07-03");
	assert_int_equal((int)http_num(&r, "days_over"), 2);
	assert_string_equal(http_str(&r, "settled_day"), "2019-07-02");
	const cJSON *xa = union_in(&r, "xa"), *bj = union_in(&r, "bj"), *szjg = union_in(&r, "szjg");
	const cJSON *hz = union_in(&r, "hz");
	assert_string_equal(str(xa, "name"), "西安市总工会");
	assert_int_equal((int)num(xa, "quota"), 250000);
	assert_int_equal((int)num(xa, "enrolled"), 3);
	assert_int_equal((int)num(xa, "active_today"), 1);       /* 王五 */
	assert_int_equal((int)num(xa, "active_yesterday"), 1);   /* 张三 */
	assert_true(num(xa, "active_rate") == 50.0);             /* (2 + 1) of 3 × 2 days */
	assert_int_equal((int)num(xa, "avg_steps"), 8000);        /* (10000 capped + 8000 + 6000) / 3 */
	assert_int_equal((int)num(xa, "teams"), 1);
	assert_int_equal((int)num(xa, "compliant_teams"), 1);
	assert_int_equal((int)num(bj, "enrolled"), 1);
	assert_true(num(bj, "active_rate") == 50.0);
	assert_int_equal((int)num(bj, "avg_steps"), 5000);
	assert_int_equal((int)num(bj, "teams"), 1);
	assert_int_equal((int)num(bj, "compliant_teams"), 0);
	assert_int_equal((int)num(szjg, "quota"), 5000);
	assert_true(num(szjg, "completion") == 24.68);           /* 1234 / 5000 */
	assert_true(num(szjg, "active_rate") == 0.0);
	/* The award order: completion (szjg 24.68 %, xa 3/250000, bj 1/100000), then the rest tied. */
	assert_int_equal((int)num(szjg, "rank"), 1);
	assert_int_equal((int)num(xa, "rank"), 2);
	assert_int_equal((int)num(bj, "rank"), 3);
	assert_int_equal((int)num(hz, "rank"), 4);
	const cJSON *total = cJSON_GetObjectItem(r.json, "total");
	assert_int_equal((int)num(total, "enrolled"), 1238);
	assert_int_equal((int)num(total, "quota"), 1010000);   /* the 23 quotas of the plan */
	assert_int_equal((int)num(total, "active_today"), 1);
	assert_int_equal((int)num(total, "teams"), 2);
	assert_int_equal((int)num(total, "compliant_teams"), 1);
	assert_int_equal((int)num(total, "avg_steps"), 7250);    /* (10000 + 8000 + 6000 + 5000) / 4 */
	http_reply_free(&r);

	/* The union admin: the same figures of their own union, its rank among all. */
	struct admin xa_admin;
	must_login(&xa_admin, "xa-admin", XA_PW);
	get(&xa_admin, &r, "/admin/api/unions/stats");
	expect_status(&r, 200);
	xa = union_in(&r, "xa");
	assert_int_equal((int)num(xa, "rank"), 2);
	assert_int_equal((int)num(xa, "enrolled"), 3);
	total = cJSON_GetObjectItem(r.json, "total");
	assert_int_equal((int)num(total, "enrolled"), 3);
	http_reply_free(&r);

	/* Daily active participants, for the line chart. */
	get(&xa_admin, &r, "/admin/api/unions/xa/daily");
	expect_status(&r, 200);
	cJSON *days = cJSON_GetObjectItem(r.json, "days");
	assert_int_equal(cJSON_GetArraySize(days), 2);
	assert_string_equal(str(item(days, 0), "day"), "2019-07-01");
	assert_int_equal((int)num(item(days, 0), "active"), 2);
	assert_int_equal((int)num(item(days, 0), "avg_steps"), 9000);
	assert_int_equal((int)num(item(days, 1), "active"), 1);
	assert_int_equal((int)num(cJSON_GetObjectItem(r.json, "today"), "active"), 1);
	http_reply_free(&r);
	get(&prov, &r, "/admin/api/unions/sx/daily");
	expect_status(&r, 200);
	days = cJSON_GetObjectItem(r.json, "days");
	assert_int_equal((int)num(item(days, 0), "active"), 3);
	http_reply_free(&r);
	/* Later, the cached days stay, and days without anybody are zeros. */
	stack_clock(&S, "2019-07-06T10:00:00+08:00");
	must_login(&prov, "prov", PROV_PW);   /* the last session is long idle */
	get(&prov, &r, "/admin/api/unions/sx/daily");
	expect_status(&r, 200);
	days = cJSON_GetObjectItem(r.json, "days");
	assert_int_equal(cJSON_GetArraySize(days), 5);
	assert_int_equal((int)num(item(days, 2), "active"), 1);
	assert_int_equal((int)num(item(days, 3), "active"), 0);
	http_reply_free(&r);
	assert_int_equal(stack_sql_int(&S, "SELECT count(*) FROM admin_days_done WHERE activity_id = 1"), 5);
}

/* ---------------------------------------------------------------- participants */

static void participants_are_searched_filtered_paged_and_masked(void **state)
{
	(void)state;
	stack_clock(&S, "2019-07-08T10:00:00+08:00");
	struct admin prov;
	must_login(&prov, "prov", PROV_PW);
	struct http_reply r;
	get(&prov, &r, "/admin/api/participants?limit=2");
	expect_status(&r, 200);
	assert_int_equal((int)http_num(&r, "total"), 1238);
	cJSON *items = cJSON_GetObjectItem(r.json, "items");
	assert_int_equal(cJSON_GetArraySize(items), 2);
	const cJSON *first = item(items, 0);
	assert_string_equal(str(first, "name"), "张三");
	assert_string_equal(str(first, "mobile"), "138****0001");
	assert_null(strstr(r.body, "13800000001"));
	assert_string_equal(str(first, "union_name"), "西安市总工会");
	assert_string_equal(str(first, "region_name"), "西安市");
	const cJSON *team = cJSON_GetObjectItem(first, "team");
	assert_string_equal(str(team, "name"), "西安一队");
	assert_true(cJSON_IsTrue(cJSON_GetObjectItem(team, "leader")));
	assert_true(cJSON_IsNull(cJSON_GetObjectItem(first, "cumulative")));   /* no settlement ran */
	assert_string_equal(str(item(items, 1), "name"), "李四");
	http_reply_free(&r);
	get(&prov, &r, "/admin/api/participants?limit=2&offset=2");
	assert_string_equal(str(item(cJSON_GetObjectItem(r.json, "items"), 0), "name"), "王五");
	http_reply_free(&r);

	struct { const char *query; int total; const char *first; } cases[] = {
		{ "union=xa", 3, "张三" },
		{ "q=%E5%BC%A0", 1, "张三" },                 /* 张 */
		{ "q=13800000002", 1, "李四" },
		{ "union=xa&q=0002", 1, "李四" },               /* the last four digits */
		{ "union=xa&region=bj", 1, "李四" },
		{ "union=xa&team=yes", 2, "张三" },
		{ "union=xa&team=no", 1, "王五" },
		{ "team=leader", 2, "张三" },
		{ "union=szjg&q=%E6%9C%BA%E5%85%B3123", 6, "机关123" },    /* 机关123, 机关1230…1234 */
		{ "union=bj&team=no", 0, NULL },
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char path[256];
		snprintf(path, sizeof path, "/admin/api/participants?%s", cases[i].query);
		get(&prov, &r, path);
		expect_status(&r, 200);
		if ((int)http_num(&r, "total") != cases[i].total)
			fail_msg("%s: expected %d, got %s", cases[i].query, cases[i].total, r.body);
		if (cases[i].first)
			assert_string_equal(str(item(cJSON_GetObjectItem(r.json, "items"), 0), "name"), cases[i].first);
		http_reply_free(&r);
	}
	struct { const char *query, *field; } bad[] = {
		{ "q=138", "q" }, { "q=1380000000", "q" }, { "team=maybe", "team" }, { "region=zz", "region" },
		{ "limit=0", "limit" }, { "limit=201", "limit" }, { "offset=-1", "offset" }, { "aid=x", "aid" },
		{ "union=sx", "union" },
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		char path[256];
		snprintf(path, sizeof path, "/admin/api/participants?%s", bad[i].query);
		get(&prov, &r, path);
		expect_error(&r, 400, "validation_failed", bad[i].field);
	}
	/* One participant, with their days. */
	char path[128];
	snprintf(path, sizeof path, "/admin/api/participants/%ld", uid_zhang);
	get(&prov, &r, path);
	expect_status(&r, 200);
	assert_string_equal(http_str(&r, "mobile"), "138****0001");
	cJSON *days = cJSON_GetObjectItem(r.json, "days");
	assert_int_equal(cJSON_GetArraySize(days), 2);
	assert_int_equal((int)num(item(days, 0), "counted"), 10000);
	assert_int_equal((int)num(item(days, 0), "steps"), 10000);
	http_reply_free(&r);
}

/* Counts the lines of a text. */
static int lines_of(const char *s)
{
	int n = 0;
	for (; *s; s++)
		n += *s == '\n';
	return n;
}

static void the_export_is_csv_for_excel_with_the_same_filter(void **state)
{
	(void)state;
	stack_clock(&S, "2019-07-08T10:00:00+08:00");
	struct admin xa;
	must_login(&xa, "xa-admin", XA_PW);
	struct http_reply r;
	get(&xa, &r, "/admin/api/participants.csv?team=yes");
	expect_status(&r, 200);
	char head[256];
	http_header(&r, "Content-Type", head, sizeof head);
	assert_string_equal(head, "text/csv; charset=utf-8");
	http_header(&r, "Content-Disposition", head, sizeof head);
	assert_string_equal(head, "attachment; filename=\"participants-xa-2019-07-08-xa-admin.csv\"");   /* whose export */
	http_header(&r, "Content-Length", head, sizeof head);
	assert_string_equal(head, "");   /* streamed */
	assert_memory_equal(r.body, "\xEF\xBB\xBF用户ID,姓名,手机号,地区,工会,单位,部门,团队,团队角色,报名时间,累计步数,截至\r\n",
	                    strlen("\xEF\xBB\xBF用户ID,姓名,手机号,地区,工会,单位,部门,团队,团队角色,报名时间,累计步数,截至\r\n"));
	assert_int_equal(lines_of(r.body), 3);
	char row[256];
	snprintf(row, sizeof row, "\r\n%ld,张三,138****0001,西安市,西安市总工会,西安第一中学,工会办公室,西安一队,团长,", uid_zhang);
	assert_non_null(strstr(r.body, row));
	assert_null(strstr(r.body, "王五"));
	http_reply_free(&r);
	/* A cell a spreadsheet would run as a formula is defused. */
	get(&xa, &r, "/admin/api/participants.csv?q=0003");
	assert_non_null(strstr(r.body, ",王五,138****0003,西安市,西安市总工会,\"'=1+2\",工会办公室,,,"));
	http_reply_free(&r);
	get(&xa, &r, "/admin/api/participants.csv?team=maybe");
	expect_error(&r, 400, "validation_failed", "team");
}

/* VmHWM (peak resident memory, in kB) of the largest admin worker. */
static long workers_peak_kb(void)
{
	char out[256];
	assert_int_equal(stack_sh(&S, out, sizeof out,
	                          "for p in $(pgrep -P \"$(cat \"$WALK_VAR/run/walk-admin.pid\")\"); do "
	                          "awk '/VmHWM/ {print $2}' /proc/$p/status; done | sort -n | tail -1"), 0);
	return atol(out);
}

/* 250,000 rows leave the worker as they are read: its memory does not grow
 * with the export (buffered, the 30 MB answer would double it at least). */
static void a_quarter_million_rows_stream_out(void **state)
{
	(void)state;
	stack_clock(&S, "2019-07-08T10:00:00+08:00");
	sql("INSERT INTO activities (id, name, enroll_opens_at, test_from, test_to, first_day, last_day, total_days,"
	    " board_freeze_at, redeem_deadline, created_at) SELECT 2, '压力测试', enroll_opens_at, test_from, test_to,"
	    " first_day, last_day, total_days, board_freeze_at, redeem_deadline, created_at FROM activities WHERE id = 1;"
	    "INSERT INTO checkpoints SELECT 2, seq, name, stage_steps, cumulative_steps, landmark FROM checkpoints"
	    " WHERE activity_id = 1;"
	    "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 250000) "
	    "INSERT INTO users (id, openid, session_key, created_at, last_login_at) "
	    "SELECT 1000000 + i, 'bulk-' || i, 'k', 0, 0 FROM n; "
	    "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 250000) "
	    "INSERT INTO enrollments (activity_id, user_id, name, mobile, region_code, union_code, unit, department,"
	    " created_at, updated_at) SELECT 2, 1000000 + i, '压测' || i, '135' || printf('%08d', i), 'xa', 'xa',"
	    " '西安市某某有限责任公司', '第' || (i % 50) || '车间', 0, 0 FROM n");
	struct admin prov;
	must_login(&prov, "prov", PROV_PW);
	/* Warm every worker up on a small export first, so that the peak compares like with like. */
	struct http_reply r;
	for (int i = 0; i < 6; i++) {
		get(&prov, &r, "/admin/api/participants.csv?aid=2&q=0001");
		expect_status(&r, 200);
		http_reply_free(&r);
	}
	long before = workers_peak_kb();
	char out[512];
	assert_int_equal(stack_sh(&S, out, sizeof out,
	                          "curl -sS -o \"$WALK_VAR/big.csv\" -D \"$WALK_VAR/big.head\" -H '%s' "
	                          "'%s/admin/api/participants.csv?aid=2' && wc -l < \"$WALK_VAR/big.csv\" && "
	                          "stat -c %%s \"$WALK_VAR/big.csv\" && grep -ci '^content-length' \"$WALK_VAR/big.head\"; "
	                          "tail -c 400 \"$WALK_VAR/big.csv\" | tail -1; rm -f \"$WALK_VAR/big.csv\"",
	                          prov.cookie, S.base), 0);
	long rows = 0, bytes = 0, with_length = -1;
	sscanf(out, "%ld %ld %ld", &rows, &bytes, &with_length);
	assert_int_equal(rows, 250001);
	assert_true(bytes > 25L * 1000 * 1000);
	assert_int_equal(with_length, 0);
	if (!strstr(out, ",压测250000,135****0000,西安市,西安市总工会,西安市某某有限责任公司,第0车间,,,"))
		fail_msg("the export's last row is not the last participant's: %s", out);
	long after = workers_peak_kb();
	print_message("export of %ld bytes: the largest worker's peak memory went from %ld to %ld kB\n", bytes, before,
	              after);
	if (after - before > 16 * 1024)
		fail_msg("a worker's peak memory grew by %ld kB for a %ld-byte export", after - before, bytes);
	get(&prov, &r, "/admin/api/participants?aid=2&limit=1&offset=249999");
	expect_status(&r, 200);
	assert_int_equal((int)http_num(&r, "total"), 250000);
	http_reply_free(&r);
}

/* ---------------------------------------------------------------- audit */

static bool audit_has(const struct http_reply *r, const char *actor, const char *action, const char *target)
{
	const cJSON *e;
	cJSON_ArrayForEach(e, cJSON_GetObjectItem(r->json, "items"))
		if (strcmp(str(e, "actor"), actor) == 0 && strcmp(str(e, "action"), action) == 0 &&
		    strcmp(str(e, "target"), target) == 0)
			return true;
	return false;
}

static void every_admin_write_is_audited(void **state)
{
	(void)state;
	stack_clock(&S, "2019-07-09T10:00:00+08:00");
	char out[256];
	assert_int_equal(walkctl_pw("temp-pass-1", "add --username temp --role union --union xy", out, sizeof out), 0);
	struct admin temp, temp2, prov;
	must_login(&temp, "temp", "temp-pass-1");
	must_login(&temp2, "temp", "temp-pass-1");
	struct http_reply r;
	/* The admin's own password: checked, audited, other sessions ended. */
	admin_req(&temp, &r, "POST", "/admin/api/password", "{\"current\":\"wrong-one\",\"new\":\"temp-pass-2\"}", CSRF_SEND);
	expect_error(&r, 400, "validation_failed", "current");
	admin_req(&temp, &r, "POST", "/admin/api/password", "{\"current\":\"temp-pass-1\",\"new\":\"short\"}", CSRF_SEND);
	expect_error(&r, 400, "validation_failed", "new");
	admin_req(&temp, &r, "POST", "/admin/api/password", "{\"current\":\"temp-pass-1\",\"new\":\"temp-pass-2\"}", CSRF_SEND);
	expect_status(&r, 200);
	http_reply_free(&r);
	get(&temp, &r, "/admin/api/session");
	expect_status(&r, 200);
	http_reply_free(&r);
	get(&temp2, &r, "/admin/api/session");
	expect_error(&r, 401, "unauthenticated", NULL);
	assert_int_equal(login(&temp2, "temp", "temp-pass-1", NULL), 401);
	must_login(&temp2, "temp", "temp-pass-2");
	/* walkctl passwd and disable end the sessions too. */
	assert_int_equal(walkctl_pw("temp-pass-3", "passwd --username temp", out, sizeof out), 0);
	get(&temp2, &r, "/admin/api/session");
	expect_error(&r, 401, "unauthenticated", NULL);
	must_login(&temp, "temp", "temp-pass-3");
	assert_int_equal(stack_sh(&S, out, sizeof out, "walkctl admin disable --username temp"), 0);
	get(&temp, &r, "/admin/api/session");
	expect_error(&r, 401, "unauthenticated", NULL);
	sql("DELETE FROM admin_login_failures");

	must_login(&prov, "prov", PROV_PW);
	get(&prov, &r, "/admin/api/audit?limit=200");
	expect_status(&r, 200);
	assert_true(audit_has(&r, "walkctl", "admin.add", "admin:temp"));
	assert_true(audit_has(&r, "temp", "session.login", "admin:temp"));
	assert_true(audit_has(&r, "temp", "admin.passwd", "admin:temp"));
	assert_true(audit_has(&r, "walkctl", "admin.passwd", "admin:temp"));
	assert_true(audit_has(&r, "walkctl", "admin.disable", "admin:temp"));
	assert_true(audit_has(&r, "prov", "session.logout", "admin:prov"));
	/* The newest first, with before and after. */
	const cJSON *newest = item(cJSON_GetObjectItem(r.json, "items"), 0);
	assert_string_equal(str(newest, "action"), "session.login");
	assert_string_equal(str(newest, "actor"), "prov");
	assert_string_equal(str(newest, "remote_addr"), "127.0.0.1");
	const cJSON *disable = item(cJSON_GetObjectItem(r.json, "items"), 1);
	assert_string_equal(str(disable, "action"), "admin.disable");
	assert_true(cJSON_IsFalse(cJSON_GetObjectItem(cJSON_GetObjectItem(disable, "before"), "disabled")));
	assert_true(cJSON_IsTrue(cJSON_GetObjectItem(cJSON_GetObjectItem(disable, "after"), "disabled")));
	assert_true(strncmp(str(disable, "at"), "2019-07-09T10:0", 15) == 0);
	/* No secret in it. */
	assert_null(strstr(r.body, "pbkdf2"));
	assert_null(strstr(r.body, "temp-pass"));
	http_reply_free(&r);
	get(&prov, &r, "/admin/api/audit?limit=2");
	long next = (long)http_num(&r, "next_before");
	assert_true(next > 0);
	http_reply_free(&r);
	char path[64];
	snprintf(path, sizeof path, "/admin/api/audit?before=%ld&limit=1", next);
	get(&prov, &r, path);
	const cJSON *older = item(cJSON_GetObjectItem(r.json, "items"), 0);   /* temp's login before the disable */
	assert_string_equal(str(older, "action"), "session.login");
	assert_string_equal(str(older, "actor"), "temp");
	http_reply_free(&r);

	/* Append-only, even for whoever holds the database. */
	assert_true(stack_sh(&S, out, sizeof out, "sqlite3 \"$WALK_VAR/walk.db\" \"UPDATE audit_log SET actor = 'x'\"") != 0);
	assert_non_null(strstr(out, "append-only"));
	assert_true(stack_sh(&S, out, sizeof out, "sqlite3 \"$WALK_VAR/walk.db\" \"DELETE FROM audit_log\"") != 0);
	/* Passwords never reach a log.  The search must be able to fail: it reads the
	 * worker log that recorded these logins (else it could pass on no file at
	 * all), and grep's status 1 means "read it all, found nothing" (2: an error). */
	assert_int_equal(stack_sh(&S, out, sizeof out, "grep -c 'POST /admin/api/login 200' \"$WALK_VAR/log/walk-admin.log\""), 0);
	assert_true(atoi(out) >= 3);
	assert_int_equal(stack_sh(&S, out, sizeof out, "grep -r -F -e '%s' -e '%s' -e temp-pass \"$WALK_VAR/log\"; echo \"rc=$?\"",
	                          PROV_PW, XA_PW), 0);
	assert_string_equal(out, "rc=1\n");
}

/* Mobile-number searches are audited and limited per admin: 30 an hour. */
static void mobile_searches_are_audited_and_limited(void **state)
{
	(void)state;
	stack_clock(&S, "2019-07-10T10:00:00+08:00");
	struct admin xa, prov;
	must_login(&xa, "xa-admin", XA_PW);
	must_login(&prov, "prov", PROV_PW);
	long before = stack_sql_int(&S, "SELECT count(*) FROM audit_log WHERE action = 'participants.mobile_search'");
	struct http_reply r;
	for (int i = 0; i < 30; i++) {
		get(&xa, &r, i % 2 ? "/admin/api/participants?q=0000" : "/admin/api/participants.csv?q=13800000000");
		expect_status(&r, 200);
		http_reply_free(&r);
	}
	get(&xa, &r, "/admin/api/participants?q=0000");
	char retry[32] = "";
	http_header(&r, "Retry-After", retry, sizeof retry);
	assert_error(&r, 429, "rate_limited", NULL);
	http_reply_free(&r);
	assert_in_range(atol(retry), 3500, 3600);
	/* Recorded, masked: the log is no list of numbers. */
	assert_int_equal(stack_sql_int(&S, "SELECT count(*) FROM audit_log WHERE action = 'participants.mobile_search' "
	                                   "AND actor = 'xa-admin' AND target IN ('mobile:****0000', 'mobile:138****0000')"),
	                 30);
	assert_int_equal(stack_sql_int(&S, "SELECT count(*) FROM audit_log WHERE action = 'participants.mobile_search'"),
	                 before + 30);
	assert_int_equal(stack_sql_int(&S, "SELECT count(*) FROM audit_log WHERE target LIKE '%13800000000%' "
	                                   "OR after LIKE '%13800000000%'"), 0);
	/* A name search, and another admin, are not held back; nor is a bad
	 * request counted. */
	get(&xa, &r, "/admin/api/participants?q=%E5%BC%A0");
	expect_status(&r, 200);
	http_reply_free(&r);
	get(&prov, &r, "/admin/api/participants?q=0000&limit=0");
	expect_error(&r, 400, "validation_failed", "limit");
	get(&prov, &r, "/admin/api/participants?q=0000");
	expect_status(&r, 200);
	http_reply_free(&r);
	assert_int_equal(stack_sql_int(&S, "SELECT count(*) FROM audit_log WHERE action = 'participants.mobile_search'"),
	                 before + 31);
	/* An hour after the first, the window has moved on. */
	stack_clock(&S, "2019-07-10T11:00:01+08:00");
	must_login(&xa, "xa-admin", XA_PW);
	get(&xa, &r, "/admin/api/participants?q=0000");
	expect_status(&r, 200);
	http_reply_free(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(accounts_are_made_with_walkctl),
		cmocka_unit_test(the_dashboard_counts_each_union),
		cmocka_unit_test(login_sets_a_strict_cookie_and_gives_the_csrf_token),
		cmocka_unit_test(refusals_never_tell_whether_the_username_exists),
		cmocka_unit_test(logins_are_throttled_with_a_growing_delay),
		cmocka_unit_test(a_username_is_blocked_only_where_it_failed),
		cmocka_unit_test(logins_beyond_the_pbkdf2_slots_are_refused_at_once),
		cmocka_unit_test(sessions_expire_after_two_idle_hours_and_twelve_in_all),
		cmocka_unit_test(every_route_answers_each_role_as_it_should),
		cmocka_unit_test(a_union_admin_sees_only_their_own_union),
		cmocka_unit_test(every_write_needs_the_sessions_csrf_token),
		cmocka_unit_test(participants_are_searched_filtered_paged_and_masked),
		cmocka_unit_test(the_export_is_csv_for_excel_with_the_same_filter),
		cmocka_unit_test(every_admin_write_is_audited),
		cmocka_unit_test(mobile_searches_are_audited_and_limited),
		cmocka_unit_test(a_quarter_million_rows_stream_out),
	};
	return cmocka_run_group_tests(tests, start_stack, stop_stack);
}
