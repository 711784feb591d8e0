/*
 * Admin corrections of teams and points through the real stack (RULES §4,
 * §5, §12; README "Team and points corrections").
 *
 * The data, made through the participant API on 2019-07-05 (an activity
 * day): 甲队 of 西安 (xa), full: a[0] leads a[1..5]; 乙队 (xa): b[0] leads
 * b[1]; 丁队 (xa): d alone; 待审队名 (xa), whose name the text check held for
 * review: f alone; 丙队 of 宝鸡 (bj): c alone; x (xa) in no team.  Admins:
 * prov (province), xa and bj (union).  The tests share one stack and run in
 * main()'s order; each says what it changes.
 */
#include "admin_client.h"
#include "walker.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static struct stack S;
static struct walker a[6], b[2], d, f, c, x;
static struct admin_client prov, xa, bj;
static long team_a, team_b, team_d, team_f, team_c;

/* ---------------------------------------------------------------- helpers */

static void verdict(const char *contains, const char *suggest)
{
	char body[256];
	snprintf(body, sizeof body, "{\"contains\":\"%s\",\"suggest\":\"%s\"}", contains, suggest);
	struct http_reply r;
	assert_int_equal(stack_post(&r, &S, FAKE, "/fake/verdicts", body), 0);
	expect_status(&r, 200);
	http_reply_free(&r);
}

static long create_team(struct walker *leader, const char *name)
{
	char body[256];
	snprintf(body, sizeof body, "{\"name\":\"%s\"}", name);
	struct http_reply r;
	assert_int_equal(walker_req(leader, &r, "POST", "/api/activities/1/teams", body), 0);
	expect_status(&r, 201);
	long id = (long)http_num(&r, "id");
	http_reply_free(&r);
	return id;
}

static void join(struct walker *leader, struct walker *w)
{
	struct http_reply r;
	assert_int_equal(walker_req(leader, &r, "POST", "/api/activities/1/teams/mine/invites", NULL), 0);
	expect_status(&r, 201);
	char body[128];
	snprintf(body, sizeof body, "{\"invite\":\"%s\"}", http_str(&r, "invite"));
	http_reply_free(&r);
	assert_int_equal(walker_req(w, &r, "POST", "/api/activities/1/teams/join", body), 0);
	expect_status(&r, 200);
	http_reply_free(&r);
}

/* A request of admin ad (NULL: no session) with the CSRF header as said. */
static void as(const struct admin_client *ad, struct http_reply *r, const char *method, const char *path,
               const char *json, enum admin_csrf csrf)
{
	admin_client_req(ad, &S, r, method, path, json ? "application/json" : NULL, json, csrf);
}

static void ok(const struct admin_client *ad, struct http_reply *r, const char *method, const char *path,
               const char *json)
{
	as(ad, r, method, path, json, ADMIN_WITH_CSRF);
	if (r->status != 200)
		fail_msg("%s %s: %ld %s", method, path, r->status, r->body);
}

static void expect(const struct admin_client *ad, const char *method, const char *path, const char *json,
                   long status, const char *code, const char *field)
{
	struct http_reply r;
	as(ad, &r, method, path, json, ADMIN_WITH_CSRF);
	expect_error(&r, status, code, field);
}

static long sql_int(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static long sql_int(const char *fmt, ...)
{
	char q[1024];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(q, sizeof q, fmt, ap);
	va_end(ap);
	return stack_sql_int(&S, q);
}

/* The column (before or after) of the newest audit row of action, parsed. */
static cJSON *audit_json(const char *action, const char *column)
{
	static char out[16384];
	if (stack_sh(&S, out, sizeof out, "sqlite3 \"$WALK_VAR/walk.db\" \"SELECT %s FROM audit_log WHERE action = '%s'"
	                                  " ORDER BY id DESC LIMIT 1\"", column, action) != 0)
		fail_msg("sqlite3: %s", out);
	cJSON *j = cJSON_Parse(out);
	if (!j)
		fail_msg("audit %s %s is not JSON: %s", action, column, out);
	return j;
}

static double num(const cJSON *o, const char *name)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, name);
	if (!cJSON_IsNumber(v))
		fail_msg("no number %s", name);
	return v->valuedouble;
}

static const char *str(const cJSON *o, const char *name)
{
	const char *v = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(o, name));
	if (!v)
		fail_msg("no string %s", name);
	return v;
}

/* Everything a refused correction could have changed, as one fingerprint. */
static long state_print(void)
{
	return stack_sql_int(&S, "SELECT (SELECT count(*) FROM audit_log) * 1000000 + (SELECT count(*) FROM ledger) * 10000"
	                         " + (SELECT total(coalesce(left_at, 7) + joined_at + team_id) FROM team_members) % 9973"
	                         " + (SELECT total(leader_id + coalesce(dissolved_at, 3) + length(name)) FROM teams) % 997");
}

/* prefix, the id, suffix: in one of four rotating buffers (a test uses a few at once). */
static const char *path(const char *prefix, long id, const char *suffix)
{
	static char buf[4][128];
	static int i;
	i = (i + 1) % 4;
	snprintf(buf[i], sizeof buf[i], "%s%ld%s", prefix, id, suffix);
	return buf[i];
}

/* ---------------------------------------------------------------- the stack */

static int start_stack(void **state)
{
	(void)state;
	if (stack_start(&S, "admin_teams", NULL) != 0)
		return -1;
	admin_client_add(&prov, &S, "prov", "prov-pass-2019", NULL);
	admin_client_add(&xa, &S, "xa-admin", "xa-pass-2019", "xa");
	admin_client_add(&bj, &S, "bj-admin", "bj-pass-2019", "bj");
	stack_clock(&S, "2019-07-05T10:00:00+08:00");
	static const char *const names[] = { "王一", "王二", "王三", "王四", "王五", "王六" };
	for (int i = 0; i < 6; i++) {
		walker_login(&a[i], &S, NULL);
		walker_enroll(&a[i], names[i], "xa");
	}
	walker_login(&b[0], &S, NULL);
	walker_enroll(&b[0], "李甲", "xa");
	walker_login(&b[1], &S, NULL);
	walker_enroll(&b[1], "李乙", "xa");
	walker_login(&d, &S, NULL);
	walker_enroll(&d, "孙丁", "xa");
	walker_login(&f, &S, NULL);
	walker_enroll(&f, "周戊", "xa");
	walker_login(&x, &S, NULL);
	walker_enroll(&x, "吴己", "xa");
	walker_login(&c, &S, NULL);
	walker_enroll(&c, "赵丙", "bj");
	team_a = create_team(&a[0], "甲队");
	for (int i = 1; i < 6; i++)
		join(&a[0], &a[i]);
	team_b = create_team(&b[0], "乙队");
	join(&b[0], &b[1]);
	team_d = create_team(&d, "丁队");
	verdict("待审", "review");
	team_f = create_team(&f, "待审队名");
	team_c = create_team(&c, "丙队");
	return 0;
}

static int stop_stack(void **state)
{
	(void)state;
	stack_stop(&S);
	return 0;
}

/* ---------------------------------------------------------------- the scope matrix */

struct route_case {
	const char *method, *prefix, *suffix;   /* the path: prefix, an id of 西安, suffix */
	long *id;                   /* NULL: the path has no id */
	const char *body;
	bool write;
};

/* Every new route: no session 401; a write without CSRF 403; bj's admin on
 * 西安's team or participant 403; nothing changed by any of them. */
static void every_route_is_scoped_and_writes_need_csrf(void **state)
{
	(void)state;
	static long uid_a3;
	uid_a3 = a[3].user_id;
	char move[128];
	snprintf(move, sizeof move, "{\"user_id\":%ld,\"to_team\":%ld,\"reason\":\"调整\"}", b[1].user_id, team_d);
	char leader[128];
	snprintf(leader, sizeof leader, "{\"user_id\":%ld,\"reason\":\"调整\"}", b[1].user_id);
	const struct route_case cases[] = {
		{ "GET", "/admin/api/teams/", "", &team_b, NULL, false },
		{ "POST", "/admin/api/teams/", "/move", &team_b, move, true },
		{ "POST", "/admin/api/teams/", "/leader", &team_b, leader, true },
		{ "PUT", "/admin/api/teams/", "/name", &team_f, "{\"name\":\"新的队名\",\"reason\":\"调整\"}", true },
		{ "POST", "/admin/api/teams/", "/dissolve", &team_d, "{\"reason\":\"调整\"}", true },
		{ "POST", "/admin/api/participants/", "/adjust", &uid_a3, "{\"points\":5,\"reason\":\"调整\"}", true },
		{ "GET", "/admin/api/participants/", "/ledger", &uid_a3, NULL, false },
	};
	long before = state_print();
	int checks = stack_fake_calls(&S, "msg_sec_check");
	struct http_reply r;
	as(NULL, &r, "GET", "/admin/api/teams", NULL, ADMIN_NO_CSRF);
	expect_error(&r, 401, "unauthenticated", NULL);
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		const struct route_case *k = &cases[i];
		const char *p = path(k->prefix, *k->id, k->suffix);
		as(NULL, &r, k->method, p, k->body, ADMIN_NO_CSRF);
		expect_error(&r, 401, "unauthenticated", NULL);
		if (k->write) {
			as(&prov, &r, k->method, p, k->body, ADMIN_NO_CSRF);
			expect_error(&r, 403, "forbidden", NULL);
			as(&xa, &r, k->method, p, k->body, ADMIN_BAD_CSRF);
			expect_error(&r, 403, "forbidden", NULL);
		}
		expect(&bj, k->method, p, k->body, 403, "forbidden", NULL);
	}
	/* and a union admin's list never holds another union's team */
	expect(&xa, "GET", "/admin/api/teams?union=bj", NULL, 403, "forbidden", NULL);
	assert_int_equal(state_print(), before);
	assert_int_equal(stack_fake_calls(&S, "msg_sec_check"), checks);   /* nothing was asked of WeChat */
	/* The province and the own union's admin read them (the writes come below). */
	ok(&prov, &r, "GET", path("/admin/api/teams/", team_b, ""), NULL);
	http_reply_free(&r);
	ok(&xa, &r, "GET", path("/admin/api/participants/", a[3].user_id, "/ledger"), NULL);
	http_reply_free(&r);
	ok(&bj, &r, "GET", path("/admin/api/teams/", team_c, ""), NULL);
	http_reply_free(&r);
}

/* ---------------------------------------------------------------- list and one team */

static long list_total(const struct admin_client *ad, const char *query)
{
	struct http_reply r;
	char p[256];
	snprintf(p, sizeof p, "/admin/api/teams%s", query);
	ok(ad, &r, "GET", p, NULL);
	long n = (long)http_num(&r, "total");
	assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(r.json, "items")), n);
	http_reply_free(&r);
	return n;
}

static void list_and_search_teams(void **state)
{
	(void)state;
	assert_int_equal(list_total(&prov, ""), 5);
	assert_int_equal(list_total(&xa, ""), 4);   /* 丙队 is 宝鸡's */
	assert_int_equal(list_total(&bj, ""), 1);
	assert_int_equal(list_total(&prov, "?union=bj"), 1);
	assert_int_equal(list_total(&prov, "?q=%E4%B9%99"), 1);   /* 乙 */
	char q[64];
	snprintf(q, sizeof q, "?q=%ld", team_c);
	assert_int_equal(list_total(&prov, q), 1);
	assert_int_equal(list_total(&bj, q), 1);
	snprintf(q, sizeof q, "?q=%ld", team_a);
	assert_int_equal(list_total(&bj, q), 0);
	/* the names the text check held for review */
	struct http_reply r;
	ok(&xa, &r, "GET", "/admin/api/teams?flagged=1", NULL);
	assert_int_equal((long)http_num(&r, "total"), 1);
	const cJSON *item = cJSON_GetArrayItem(cJSON_GetObjectItem(r.json, "items"), 0);
	assert_string_equal(str(item, "name"), "待审队名");
	assert_true(cJSON_IsTrue(cJSON_GetObjectItem(item, "name_flagged")));
	assert_string_equal(str(item, "union"), "xa");
	http_reply_free(&r);
	expect(&prov, "GET", "/admin/api/teams?flagged=yes", NULL, 400, "validation_failed", "flagged");
	expect(&prov, "GET", "/admin/api/teams?union=zz", NULL, 400, "validation_failed", "union");
	expect(&prov, "GET", "/admin/api/teams/999999", NULL, 404, "not_found", NULL);

	ok(&xa, &r, "GET", path("/admin/api/teams/", team_a, ""), NULL);
	const cJSON *members = cJSON_GetObjectItem(r.json, "members");
	assert_int_equal(cJSON_GetArraySize(members), 6);
	assert_int_equal((long)num(r.json, "member_count"), 6);
	assert_string_equal(str(cJSON_GetArrayItem(members, 0), "name"), "王一");
	assert_true(cJSON_IsTrue(cJSON_GetObjectItem(cJSON_GetArrayItem(members, 0), "is_leader")));
	assert_string_equal(str(r.json, "leader_name"), "王一");
	http_reply_free(&r);
}

/* ---------------------------------------------------------------- move */

static void move_body(char *buf, size_t size, long uid, long to, const char *reason)
{
	if (reason)
		snprintf(buf, size, "{\"user_id\":%ld,\"to_team\":%ld,\"reason\":\"%s\"}", uid, to, reason);
	else
		snprintf(buf, size, "{\"user_id\":%ld,\"to_team\":%ld}", uid, to);
}

static void move_refusals_change_nothing(void **state)
{
	(void)state;
	long before = state_print();
	char body[256];
	const char *from_a = path("/admin/api/teams/", team_a, "/move");
	move_body(body, sizeof body, a[2].user_id, team_b, NULL);
	expect(&prov, "POST", from_a, body, 400, "validation_failed", "reason");
	move_body(body, sizeof body, a[2].user_id, team_b, "");
	expect(&prov, "POST", from_a, body, 400, "validation_failed", "reason");
	expect(&prov, "POST", from_a, "{\"to_team\":1,\"reason\":\"调整\"}", 400, "validation_failed", "user_id");
	move_body(body, sizeof body, x.user_id, team_b, "调整");
	expect(&prov, "POST", from_a, body, 404, "not_member", "user_id");   /* x is in no team */
	move_body(body, sizeof body, b[1].user_id, team_d, "调整");
	expect(&prov, "POST", from_a, body, 404, "not_member", "user_id");   /* b[1] is 乙队's */
	move_body(body, sizeof body, a[2].user_id, 999999, "调整");
	expect(&prov, "POST", from_a, body, 404, "not_found", "to_team");
	move_body(body, sizeof body, a[2].user_id, team_a, "调整");
	expect(&prov, "POST", from_a, body, 400, "validation_failed", "to_team");
	move_body(body, sizeof body, a[0].user_id, team_b, "调整");
	expect(&prov, "POST", from_a, body, 409, "leader_has_members", "user_id");
	move_body(body, sizeof body, b[1].user_id, team_a, "调整");
	expect(&prov, "POST", path("/admin/api/teams/", team_b, "/move"), body, 409, "team_full", "to_team");
	move_body(body, sizeof body, a[2].user_id, team_c, "调整");
	expect(&xa, "POST", from_a, body, 403, "forbidden", "to_team");   /* into 宝鸡's team */
	assert_int_equal(state_print(), before);
}

static void move_counts_from_the_next_day(void **state)
{
	(void)state;
	char body[256];
	struct http_reply r;
	move_body(body, sizeof body, a[2].user_id, team_b, "工作调动到乙队所在单位");
	ok(&xa, &r, "POST", path("/admin/api/teams/", team_a, "/move"), body);
	assert_int_equal((long)http_num(&r, "member_count"), 5);
	http_reply_free(&r);
	/* the spans: the old ends and the new begins at 07-06 00:00+08:00 = 1562342400 */
	assert_int_equal(sql_int("SELECT left_at FROM team_members WHERE user_id = %ld AND team_id = %ld", a[2].user_id,
	                         team_a), 1562342400);
	assert_int_equal(sql_int("SELECT joined_at FROM team_members WHERE user_id = %ld AND team_id = %ld"
	                         " AND left_at IS NULL", a[2].user_id, team_b), 1562342400);
	/* the participant sees the new team at once */
	assert_int_equal(walker_req(&a[2], &r, "GET", "/api/activities/1/teams/mine", NULL), 0);
	expect_status(&r, 200);
	assert_int_equal((long)http_num(&r, "id"), team_b);
	http_reply_free(&r);
	/* the audit row: who, the team before (6 members) and after (5), the destination before (2) and after (3) */
	cJSON *before = audit_json("team.move", "before"), *after = audit_json("team.move", "after");
	assert_int_equal((long)num(before, "member_count"), 6);
	assert_int_equal((long)num(cJSON_GetObjectItem(before, "to_team"), "member_count"), 2);
	assert_int_equal((long)num(after, "member_count"), 5);
	assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(after, "members")), 5);
	assert_int_equal((long)num(cJSON_GetObjectItem(after, "to_team"), "member_count"), 3);
	assert_int_equal((long)num(after, "moved_user_id"), a[2].user_id);
	assert_string_equal(str(after, "counts_from"), "2019-07-06");
	assert_string_equal(str(after, "reason"), "工作调动到乙队所在单位");
	assert_false(cJSON_IsTrue(cJSON_GetObjectItem(after, "leader_bonus")));
	cJSON_Delete(before);
	cJSON_Delete(after);
	assert_int_equal(sql_int("SELECT count(*) FROM audit_log WHERE action = 'team.move' AND actor = 'xa-admin'"
	                         " AND target = 'user:%ld'", a[2].user_id), 1);
}

/* 甲队 was full once (王一's bonus); filled again by a move it gives none. */
static void refilling_a_team_gives_no_second_bonus(void **state)
{
	(void)state;
	assert_int_equal(sql_int("SELECT count(*) FROM ledger WHERE kind = 'leader_full_team' AND user_id = %ld",
	                         a[0].user_id), 1);
	char body[256];
	struct http_reply r;
	move_body(body, sizeof body, x.user_id, team_a, "调整");   /* x is in no team: not a member of 乙队 */
	expect(&prov, "POST", path("/admin/api/teams/", team_b, "/move"), body, 404, "not_member", "user_id");
	move_body(body, sizeof body, a[2].user_id, team_a, "调回原队");
	ok(&prov, &r, "POST", path("/admin/api/teams/", team_b, "/move"), body);
	http_reply_free(&r);
	assert_int_equal(sql_int("SELECT count(*) FROM team_members WHERE team_id = %ld AND left_at IS NULL", team_a), 6);
	cJSON *after = audit_json("team.move", "after");
	assert_false(cJSON_IsTrue(cJSON_GetObjectItem(after, "leader_bonus")));
	cJSON_Delete(after);
	assert_int_equal(sql_int("SELECT count(*) FROM ledger WHERE kind = 'leader_full_team' AND user_id = %ld",
	                         a[0].user_id), 1);
	/* a[2] moved twice today: the span in 乙队 covers no day at all */
	assert_int_equal(sql_int("SELECT count(*) FROM team_members WHERE user_id = %ld AND team_id = %ld"
	                         " AND joined_at = left_at", a[2].user_id, team_b), 1);
}

/* ---------------------------------------------------------------- leader */

static void hand_the_leader_role_over(void **state)
{
	(void)state;
	long before_print = state_print();
	const char *p = path("/admin/api/teams/", team_b, "/leader");
	char body[256];
	snprintf(body, sizeof body, "{\"user_id\":%ld}", b[1].user_id);
	expect(&prov, "POST", p, body, 400, "validation_failed", "reason");
	snprintf(body, sizeof body, "{\"user_id\":%ld,\"reason\":\"调整\"}", a[1].user_id);
	expect(&prov, "POST", p, body, 404, "not_member", "user_id");
	snprintf(body, sizeof body, "{\"user_id\":%ld,\"reason\":\"调整\"}", b[0].user_id);
	expect(&prov, "POST", p, body, 409, "already_leader", "user_id");
	assert_int_equal(state_print(), before_print);

	struct http_reply r;
	snprintf(body, sizeof body, "{\"user_id\":%ld,\"reason\":\"原团长退休\"}", b[1].user_id);
	ok(&xa, &r, "POST", p, body);
	assert_int_equal((long)http_num(&r, "leader_id"), b[1].user_id);
	http_reply_free(&r);
	cJSON *before = audit_json("team.leader", "before"), *after = audit_json("team.leader", "after");
	assert_int_equal((long)num(before, "leader_id"), b[0].user_id);
	assert_int_equal((long)num(after, "leader_id"), b[1].user_id);
	assert_int_equal((long)num(after, "previous_leader_id"), b[0].user_id);
	assert_string_equal(str(after, "reason"), "原团长退休");
	cJSON_Delete(before);
	cJSON_Delete(after);
	/* the new leader leads: they may invite; the old one may not */
	assert_int_equal(walker_req(&b[1], &r, "POST", "/api/activities/1/teams/mine/invites", NULL), 0);
	expect_status(&r, 201);
	http_reply_free(&r);
	assert_int_equal(walker_req(&b[0], &r, "POST", "/api/activities/1/teams/mine/invites", NULL), 0);
	expect_error(&r, 403, "not_leader", NULL);
	/* now 李甲 is a member and may be moved; 李乙 leads */
}

/* ---------------------------------------------------------------- rename */

static void rename_a_flagged_name(void **state)
{
	(void)state;
	long before_print = state_print();
	const char *p = path("/admin/api/teams/", team_f, "/name");
	expect(&prov, "PUT", p, "{\"name\":\"新名字队\"}", 400, "validation_failed", "reason");
	expect(&prov, "PUT", p, "{\"name\":\"x\",\"reason\":\"调整\"}", 400, "validation_failed", "name");
	expect(&prov, "PUT", p, "{\"name\":\"乙队\",\"reason\":\"调整\"}", 409, "name_taken", "name");
	verdict("违禁", "risky");
	expect(&prov, "PUT", p, "{\"name\":\"违禁的名字\",\"reason\":\"调整\"}", 422, "content_rejected", NULL);
	assert_int_equal(state_print(), before_print);

	struct http_reply r;
	ok(&xa, &r, "PUT", p, "{\"name\":\"健步先锋队\",\"reason\":\"原名未通过审核\"}");
	assert_string_equal(http_str(&r, "name"), "健步先锋队");
	assert_false(cJSON_IsTrue(cJSON_GetObjectItem(r.json, "name_flagged")));
	http_reply_free(&r);
	/* checked as the leader's text */
	assert_int_equal(stack_get(&r, &S, FAKE, "/fake/calls?api=msg_sec_check"), 0);
	const char *last = strstr(r.body, "健步先锋队");
	assert_non_null(last);
	assert_non_null(strstr(r.body, f.openid));
	http_reply_free(&r);
	cJSON *before = audit_json("team.rename", "before"), *after = audit_json("team.rename", "after");
	assert_string_equal(str(before, "name"), "待审队名");
	assert_true(cJSON_IsTrue(cJSON_GetObjectItem(before, "name_flagged")));
	assert_string_equal(str(after, "name"), "健步先锋队");
	assert_string_equal(str(after, "reason"), "原名未通过审核");
	cJSON_Delete(before);
	cJSON_Delete(after);
	assert_int_equal(list_total(&xa, "?flagged=1"), 0);
}

/* ---------------------------------------------------------------- dissolve */

static void dissolve_an_empty_team(void **state)
{
	(void)state;
	const char *p = path("/admin/api/teams/", team_d, "/dissolve");
	long before_print = state_print();
	expect(&prov, "POST", p, "{}", 400, "validation_failed", "reason");
	expect(&prov, "POST", p, "{\"reason\":\"调整\"}", 409, "team_not_empty", NULL);
	assert_int_equal(state_print(), before_print);
	/* 丁 alone leads 丁队: a leader alone may be moved, and the team is empty */
	char body[256];
	struct http_reply r;
	move_body(body, sizeof body, d.user_id, team_b, "并入乙队");
	ok(&prov, &r, "POST", path("/admin/api/teams/", team_d, "/move"), body);
	http_reply_free(&r);
	ok(&xa, &r, "POST", p, "{\"reason\":\"成员已并入乙队\"}");
	assert_true(cJSON_IsString(cJSON_GetObjectItem(r.json, "dissolved_at")));
	http_reply_free(&r);
	cJSON *before = audit_json("team.dissolve", "before"), *after = audit_json("team.dissolve", "after");
	assert_true(cJSON_IsNull(cJSON_GetObjectItem(before, "dissolved_at")));
	assert_true(cJSON_IsString(cJSON_GetObjectItem(after, "dissolved_at")));
	assert_string_equal(str(after, "reason"), "成员已并入乙队");
	cJSON_Delete(before);
	cJSON_Delete(after);
	expect(&prov, "POST", p, "{\"reason\":\"调整\"}", 409, "team_dissolved", NULL);
	/* nobody is moved into a dissolved team */
	move_body(body, sizeof body, d.user_id, team_d, "调整");
	expect(&prov, "POST", path("/admin/api/teams/", team_b, "/move"), body, 409, "team_dissolved", "to_team");
	/* 丁's span in 丁队 is kept: it says who walked for it on the days before */
	assert_int_equal(sql_int("SELECT count(*) FROM team_members WHERE team_id = %ld", team_d), 1);
}

/* ---------------------------------------------------------------- points */

static void adjust_points_with_the_audit_row(void **state)
{
	(void)state;
	const char *p = path("/admin/api/participants/", a[3].user_id, "/adjust");
	long start = walker_me_number(&a[3], "balance");
	long before_print = state_print();
	expect(&prov, "POST", p, "{\"points\":5}", 400, "validation_failed", "reason");
	expect(&prov, "POST", p, "{\"points\":0,\"reason\":\"调整\"}", 400, "validation_failed", "points");
	expect(&prov, "POST", p, "{\"points\":1.5,\"reason\":\"调整\"}", 400, "validation_failed", "points");
	expect(&prov, "POST", p, "{\"points\":\"5\",\"reason\":\"调整\"}", 400, "validation_failed", "points");
	expect(&prov, "POST", path("/admin/api/participants/", 999999, "/adjust"), "{\"points\":5,\"reason\":\"调整\"}",
	       404, "not_found", NULL);
	char body[128];
	snprintf(body, sizeof body, "{\"points\":%ld,\"reason\":\"调整\"}", -(start + 1));
	expect(&prov, "POST", p, body, 409, "balance_below_zero", "points");
	assert_int_equal(state_print(), before_print);

	struct http_reply r;
	ok(&xa, &r, "POST", p, "{\"points\":12,\"reason\":\"线下活动补录\"}");
	assert_int_equal((long)http_num(&r, "balance"), start + 12);
	long audit_id = (long)http_num(&r, "audit_id");
	http_reply_free(&r);
	assert_int_equal(walker_me_number(&a[3], "balance"), start + 12);
	/* one ledger row of kind adjust, its ref the audit row's id */
	assert_int_equal(sql_int("SELECT amount FROM ledger WHERE kind = 'adjust' AND user_id = %ld AND ref = '%ld'",
	                         a[3].user_id, audit_id), 12);
	assert_int_equal(sql_int("SELECT count(*) FROM audit_log WHERE id = %ld AND action = 'points.adjust'"
	                         " AND actor = 'xa-admin'", audit_id), 1);
	cJSON *before = audit_json("points.adjust", "before"), *after = audit_json("points.adjust", "after");
	assert_int_equal((long)num(before, "balance"), start);
	assert_int_equal((long)num(after, "balance"), start + 12);
	assert_int_equal((long)num(after, "points"), 12);
	assert_string_equal(str(after, "reason"), "线下活动补录");
	cJSON_Delete(before);
	cJSON_Delete(after);
	/* down to exactly 0 is allowed; one more is not */
	snprintf(body, sizeof body, "{\"points\":%ld,\"reason\":\"误录冲正\"}", -(start + 12));
	ok(&prov, &r, "POST", p, body);
	assert_int_equal((long)http_num(&r, "balance"), 0);
	http_reply_free(&r);
	expect(&prov, "POST", p, "{\"points\":-1,\"reason\":\"调整\"}", 409, "balance_below_zero", "points");
	assert_int_equal(walker_me_number(&a[3], "balance"), 0);
}

static const cJSON *ledger_row_of_kind(const cJSON *items, const char *kind)
{
	const cJSON *row;
	cJSON_ArrayForEach(row, items) {
		if (strcmp(str(row, "kind"), kind) == 0)
			return row;
	}
	fail_msg("no ledger row of kind %s", kind);
	return NULL;
}

static void the_ledger_shows_each_rows_origin(void **state)
{
	(void)state;
	struct http_reply r;
	/* a[3]: a check-in (the day) and the two adjustments (the audit rows) */
	assert_int_equal(walker_req(&a[3], &r, "POST", "/api/activities/1/checkin", NULL), 0);
	expect_status(&r, 200);
	http_reply_free(&r);
	ok(&xa, &r, "GET", path("/admin/api/participants/", a[3].user_id, "/ledger"), NULL);
	assert_int_equal((long)http_num(&r, "balance"), 1);
	const cJSON *items = cJSON_GetObjectItem(r.json, "items");
	assert_int_equal(cJSON_GetArraySize(items), 3);
	const cJSON *first = cJSON_GetArrayItem(items, 0);   /* newest first */
	assert_string_equal(str(first, "kind"), "checkin");
	assert_string_equal(str(cJSON_GetObjectItem(first, "origin"), "type"), "day");
	assert_string_equal(str(cJSON_GetObjectItem(first, "origin"), "day"), "2019-07-05");
	const cJSON *adjust = cJSON_GetArrayItem(items, 2);   /* the first adjustment */
	const cJSON *origin = cJSON_GetObjectItem(adjust, "origin");
	assert_string_equal(str(origin, "type"), "audit");
	assert_string_equal(str(origin, "admin"), "xa-admin");
	assert_string_equal(str(origin, "reason"), "线下活动补录");
	assert_int_equal((long)num(adjust, "amount"), 12);
	http_reply_free(&r);
	/* a[0]: the leader bonus names its team */
	ok(&prov, &r, "GET", path("/admin/api/participants/", a[0].user_id, "/ledger"), NULL);
	origin = cJSON_GetObjectItem(ledger_row_of_kind(cJSON_GetObjectItem(r.json, "items"), "leader_full_team"),
	                             "origin");
	assert_string_equal(str(origin, "type"), "team");
	assert_int_equal((long)num(origin, "id"), team_a);
	assert_string_equal(str(origin, "name"), "甲队");
	http_reply_free(&r);
	expect(&prov, "GET", path("/admin/api/participants/", a[0].user_id, "/ledger?limit=0"), NULL, 400,
	       "validation_failed", "limit");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(every_route_is_scoped_and_writes_need_csrf),
		cmocka_unit_test(list_and_search_teams),
		cmocka_unit_test(move_refusals_change_nothing),
		cmocka_unit_test(move_counts_from_the_next_day),
		cmocka_unit_test(refilling_a_team_gives_no_second_bonus),
		cmocka_unit_test(hand_the_leader_role_over),
		cmocka_unit_test(rename_a_flagged_name),
		cmocka_unit_test(dissolve_an_empty_team),
		cmocka_unit_test(adjust_points_with_the_audit_row),
		cmocka_unit_test(the_ledger_shows_each_rows_origin),
	};
	return cmocka_run_group_tests(tests, start_stack, stop_stack);
}
