/*
 * Themed walks through the real stack (README "Themed walks"): the admins'
 * creation rules and scope, the participants' list, joining (late joining
 * too), progress of both goal kinds from the settled steps, the board, the
 * certificate, the freeze, and the admins' figures and CSV.
 *
 * The people: 甲, 乙 and 戊 of 西安市总工会 (xa), unit 测试单位; 丁 of xa,
 * unit 其他单位; 丙 of 宝鸡市总工会 (bj).  The walks:
 *   A  xa's, for 测试单位, 07-01…07-03, 25,000 counted steps in all;
 *   B  the province's, 07-02…07-03, 2 days at 8,000 or more;
 *   C  xa's, 07-05…07-06, cancelled before it begins.
 * Steps (counted = min(raw, 10,000), settled days only):
 *        07-01             07-02   07-03
 *   甲   12,000 (synced)   9,000   8,000    A: 10,000 + 9,000 + 8,000 = 27,000, reached 07-03
 *                                           B: 9,000 + 8,000 = 17,000, 2 good days, reached 07-03
 *   乙   10,000            8,000   9,000    A (joined 07-02): 8,000 + 9,000 = 17,000, not reached
 *                                           B: 17,000, 2 good days, reached 07-03
 *   丙   —                 7,999   12,000   B: 7,999 + 10,000 = 17,999, 1 good day
 * Board B: 丙 17,999 rank 1; 甲 and 乙 17,000 share rank 2.
 * The tests share one stack and run in main()'s order.
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
static struct walker jia, yi, bing, ding, wu;
static struct admin_client prov, xa, bj;
static long walk_a, walk_b, walk_c;

static void sql(const char *statement)
{
	char out[512];
	if (stack_sh(&S, out, sizeof out, "sqlite3 \"$WALK_VAR/walk.db\" \"%s\"", statement) != 0)
		fail_msg("sqlite3 %s: %s", statement, out);
}

static const cJSON *member(const cJSON *o, const char *name)
{
	return cJSON_GetObjectItemCaseSensitive(o, name);
}

static const char *text(const cJSON *o, const char *name)
{
	const char *v = cJSON_GetStringValue(member(o, name));
	return v ? v : "";
}

static long number(const cJSON *o, const char *name)
{
	const cJSON *v = member(o, name);
	if (!cJSON_IsNumber(v))
		fail_msg("no number %s", name);
	return (long)v->valuedouble;
}

static void as_admin(const struct admin_client *a, struct http_reply *r, const char *method, const char *path,
                     const char *json)
{
	admin_client_req(a, &S, r, method, path, json ? "application/json" : NULL, json, ADMIN_WITH_CSRF);
}

static void walker_enroll_unit(struct walker *w, const char *name, const char *unit)
{
	char body[512];
	snprintf(body, sizeof body, "{\"name\":\"%s\",\"mobile\":\"13912345678\",\"region\":\"xa\",\"union\":\"xa\","
	                            "\"unit\":\"%s\",\"department\":\"测试部门\"" WALKER_CONSENT "}", name, unit);
	struct http_reply r;
	assert_int_equal(walker_req(w, &r, "PUT", "/api/activities/1/enrollment", body), 0);
	if (r.status != 201 && r.status != 200)
		fail_msg("enroll failed: %ld %s", r.status, r.body);
	http_reply_free(&r);
}

static int start_stack(void **state)
{
	(void)state;
	if (stack_start(&S, "walks", NULL) != 0)
		return -1;
	admin_client_add(&prov, &S, "prov", "prov-pass-2019", NULL);
	admin_client_add(&xa, &S, "xa-admin", "xa-pass-2019", "xa");
	admin_client_add(&bj, &S, "bj-admin", "bj-pass-2019", "bj");
	stack_clock(&S, "2019-06-20T10:00:00+08:00");
	walker_login(&jia, &S, NULL);
	walker_enroll(&jia, "王甲", "xa");
	walker_login(&yi, &S, NULL);
	walker_enroll(&yi, "李乙", "xa");
	walker_login(&bing, &S, NULL);
	walker_enroll(&bing, "赵丙", "bj");
	walker_login(&ding, &S, NULL);
	walker_enroll_unit(&ding, "孙丁", "其他单位");
	walker_login(&wu, &S, NULL);
	walker_enroll(&wu, "周戊", "xa");
	return 0;
}

static int stop_stack(void **state)
{
	(void)state;
	stack_stop(&S);
	return 0;
}

/* POST /admin/api/walks as a, expecting status; the new walk's id for 200. */
static long create(const struct admin_client *a, const char *json, long status, const char *code, const char *field)
{
	struct http_reply r;
	as_admin(a, &r, "POST", "/admin/api/walks", json);
	if (status != 200) {
		expect_error(&r, status, code, field);
		return 0;
	}
	expect_status(&r, 200);
	long id = number(r.json, "id");
	http_reply_free(&r);
	return id;
}

static const char walk_a_json[] =
	"{\"name\":\"测试单位健步走\",\"description\":\"三天两万五\",\"union\":\"xa\",\"units\":[\"测试单位\"],"
	"\"first_day\":\"2019-07-01\",\"last_day\":\"2019-07-03\",\"goal\":{\"kind\":\"total\",\"steps\":25000}}";

static void admins_create_walks_within_the_rules_and_their_scope(void **state)
{
	(void)state;
	struct http_reply r;
	admin_client_req(NULL, &S, &r, "GET", "/admin/api/walks", NULL, NULL, ADMIN_NO_CSRF);
	expect_error(&r, 401, "unauthenticated", NULL);
	admin_client_req(NULL, &S, &r, "POST", "/admin/api/walks", "application/json", walk_a_json, ADMIN_NO_CSRF);
	expect_error(&r, 401, "unauthenticated", NULL);
	admin_client_req(&xa, &S, &r, "POST", "/admin/api/walks", "application/json", walk_a_json, ADMIN_NO_CSRF);
	expect_error(&r, 403, "forbidden", NULL);
	/* another union's, and each faulty field named */
	create(&xa, "{\"name\":\"宝鸡的\",\"union\":\"bj\",\"first_day\":\"2019-07-01\",\"last_day\":\"2019-07-03\","
	            "\"goal\":{\"kind\":\"total\",\"steps\":1000}}", 403, "forbidden", NULL);
	create(&xa, "{\"name\":\"今天开始\",\"first_day\":\"2019-06-20\",\"last_day\":\"2019-07-03\","
	            "\"goal\":{\"kind\":\"total\",\"steps\":1000}}", 400, "validation_failed", "first_day");
	create(&xa, "{\"name\":\"太长\",\"first_day\":\"2019-07-01\",\"last_day\":\"2019-10-09\","
	            "\"goal\":{\"kind\":\"total\",\"steps\":1000}}", 400, "validation_failed", "last_day");
	create(&xa, "{\"name\":\"走不完\",\"first_day\":\"2019-07-01\",\"last_day\":\"2019-07-03\","
	            "\"goal\":{\"kind\":\"total\",\"steps\":30001}}", 400, "validation_failed", "goal.steps");
	create(&xa, "{\"name\":\"天数\",\"first_day\":\"2019-07-01\",\"last_day\":\"2019-07-03\","
	            "\"goal\":{\"kind\":\"days\",\"steps\":8000,\"days\":4}}", 400, "validation_failed", "goal.days");
	create(&xa, "{\"name\":\"怪\",\"first_day\":\"2019-07-01\",\"last_day\":\"2019-07-03\","
	            "\"goal\":{\"kind\":\"weekly\",\"steps\":8000}}", 400, "validation_failed", "goal.kind");
	create(&xa, "{\"first_day\":\"2019-07-01\",\"last_day\":\"2019-07-03\","
	            "\"goal\":{\"kind\":\"total\",\"steps\":8000}}", 400, "validation_failed", "name");
	create(&xa, "{\"name\":\"日期\",\"first_day\":\"2019-7-1\",\"last_day\":\"2019-07-03\","
	            "\"goal\":{\"kind\":\"total\",\"steps\":8000}}", 400, "validation_failed", "first_day");
	create(&prov, "{\"name\":\"全省限单位\",\"union\":null,\"units\":[\"测试单位\"],\"first_day\":\"2019-07-01\","
	              "\"last_day\":\"2019-07-03\",\"goal\":{\"kind\":\"total\",\"steps\":8000}}",
	       400, "validation_failed", "units");
	assert_int_equal(stack_sql_int(&S, "SELECT count(*) FROM walks"), 0);   /* nothing made by the refusals */
	walk_a = create(&xa, walk_a_json, 200, NULL, NULL);
	walk_b = create(&prov, "{\"name\":\"全省国庆健步走\",\"union\":null,\"first_day\":\"2019-07-02\","
	                       "\"last_day\":\"2019-07-03\",\"goal\":{\"kind\":\"days\",\"steps\":8000,\"days\":2}}",
	                200, NULL, NULL);
	walk_c = create(&xa, "{\"name\":\"取消的\",\"first_day\":\"2019-07-05\",\"last_day\":\"2019-07-06\","
	                     "\"goal\":{\"kind\":\"total\",\"steps\":8000}}", 200, NULL, NULL);
	/* the union admin's walk is their union's, whatever they asked */
	char path[96];
	snprintf(path, sizeof path, "/admin/api/walks/%ld", walk_c);
	as_admin(&xa, &r, "GET", path, NULL);
	expect_status(&r, 200);
	assert_string_equal(text(r.json, "union"), "xa");
	assert_string_equal(text(r.json, "state"), "upcoming");
	http_reply_free(&r);
	/* 403 for another union's walk, and for the province's */
	snprintf(path, sizeof path, "/admin/api/walks/%ld", walk_a);
	as_admin(&bj, &r, "GET", path, NULL);
	expect_error(&r, 403, "forbidden", NULL);
	as_admin(&bj, &r, "PUT", path, "{\"name\":\"改名\"}");
	expect_error(&r, 403, "forbidden", NULL);
	snprintf(path, sizeof path, "/admin/api/walks/%ld/cancel", walk_a);
	as_admin(&bj, &r, "POST", path, "{\"reason\":\"不行\"}");
	expect_error(&r, 403, "forbidden", NULL);
	snprintf(path, sizeof path, "/admin/api/walks/%ld", walk_b);
	as_admin(&xa, &r, "GET", path, NULL);
	expect_error(&r, 403, "forbidden", NULL);
	/* lists: each admin their own */
	as_admin(&bj, &r, "GET", "/admin/api/walks", NULL);
	expect_status(&r, 200);
	assert_int_equal(cJSON_GetArraySize(member(r.json, "items")), 0);
	http_reply_free(&r);
	as_admin(&xa, &r, "GET", "/admin/api/walks", NULL);
	assert_int_equal(cJSON_GetArraySize(member(r.json, "items")), 2);
	http_reply_free(&r);
	as_admin(&prov, &r, "GET", "/admin/api/walks", NULL);
	assert_int_equal(cJSON_GetArraySize(member(r.json, "items")), 3);
	http_reply_free(&r);
	assert_int_equal(stack_sql_int(&S, "SELECT count(*) FROM audit_log WHERE action = 'walk.create'"
	                                   " AND before IS NULL AND json_extract(after, '$.goal.steps') IS NOT NULL"),
	                 3);
}

static void admins_edit_before_the_first_day_and_cancel_with_a_reason(void **state)
{
	(void)state;
	struct http_reply r;
	char path[96];
	snprintf(path, sizeof path, "/admin/api/walks/%ld", walk_a);
	as_admin(&xa, &r, "PUT", path, "{\"description\":\"三天走两万五千步\",\"goal\":{\"kind\":\"total\",\"steps\":25000}}");
	expect_status(&r, 200);
	assert_string_equal(text(r.json, "description"), "三天走两万五千步");
	assert_string_equal(cJSON_GetStringValue(cJSON_GetArrayItem(member(r.json, "units"), 0)), "测试单位");
	http_reply_free(&r);
	as_admin(&xa, &r, "PUT", path, "{\"goal\":{\"kind\":\"total\",\"steps\":99999}}");
	expect_error(&r, 400, "validation_failed", "goal.steps");
	assert_int_equal(stack_sql_int(&S, "SELECT count(*) FROM audit_log WHERE action = 'walk.edit'"
	                                   " AND json_extract(before, '$.description') = '三天两万五'"
	                                   " AND json_extract(after, '$.description') = '三天走两万五千步'"),
	                 1);
	snprintf(path, sizeof path, "/admin/api/walks/%ld/cancel", walk_c);
	as_admin(&xa, &r, "POST", path, "{}");
	expect_error(&r, 400, "validation_failed", "reason");
	as_admin(&xa, &r, "POST", path, "{\"reason\":\"与单位活动冲突\"}");
	expect_status(&r, 200);
	assert_string_equal(text(r.json, "state"), "cancelled");
	assert_string_equal(text(r.json, "cancel_reason"), "与单位活动冲突");
	http_reply_free(&r);
	as_admin(&xa, &r, "POST", path, "{\"reason\":\"再取消一次\"}");
	expect_error(&r, 409, "walk_cancelled", NULL);
	assert_int_equal(stack_sql_int(&S, "SELECT count(*) FROM audit_log WHERE action = 'walk.cancel'"
	                                   " AND json_extract(before, '$.state') = 'upcoming'"
	                                   " AND json_extract(after, '$.state') = 'cancelled'"),
	                 1);
}

static int walk_count(struct walker *w)
{
	struct http_reply r;
	assert_int_equal(walker_req(w, &r, "GET", "/api/activities/1/walks", NULL), 0);
	expect_status(&r, 200);
	int n = cJSON_GetArraySize(member(r.json, "items"));
	http_reply_free(&r);
	return n;
}

static void join(struct walker *w, long wid, long status, const char *code, const char *from_day)
{
	char path[96];
	snprintf(path, sizeof path, "/api/activities/1/walks/%ld/join", wid);
	struct http_reply r;
	assert_int_equal(walker_req(w, &r, "POST", path, NULL), 0);
	if (status != 200) {
		expect_error(&r, status, code, NULL);
		return;
	}
	expect_status(&r, 200);
	assert_true(cJSON_IsTrue(member(r.json, "joined")));
	assert_string_equal(text(member(r.json, "progress"), "from_day"), from_day);
	http_reply_free(&r);
}

static void participants_see_the_walks_open_to_them_and_join(void **state)
{
	(void)state;
	assert_int_equal(walk_count(&jia), 2);    /* A and B: C is cancelled */
	assert_int_equal(walk_count(&ding), 1);   /* B: A is for 测试单位 */
	assert_int_equal(walk_count(&bing), 1);   /* B */
	char path[96];
	snprintf(path, sizeof path, "/api/activities/1/walks/%ld", walk_a);
	struct http_reply r;
	assert_int_equal(walker_req(&ding, &r, "GET", path, NULL), 0);
	expect_error(&r, 404, "not_found", NULL);
	join(&ding, walk_a, 404, "not_found", NULL);
	join(&jia, walk_c, 404, "not_found", NULL);
	join(&jia, walk_a, 200, NULL, "2019-07-01");
	join(&jia, walk_a, 409, "already_joined", NULL);
	join(&jia, walk_b, 200, NULL, "2019-07-02");
	join(&yi, walk_b, 200, NULL, "2019-07-02");
	join(&bing, walk_b, 200, NULL, "2019-07-02");
	assert_int_equal(walker_req(&jia, &r, "GET", path, NULL), 0);
	expect_status(&r, 200);
	assert_int_equal(number(member(r.json, "progress"), "steps"), 0);
	assert_true(cJSON_IsNull(member(member(r.json, "progress"), "finished_day")));
	http_reply_free(&r);
}

static void once_begun_only_the_texts_change_and_late_joiners_count_from_that_day(void **state)
{
	(void)state;
	stack_clock(&S, "2019-07-01T10:00:00+08:00");
	char path[96];
	snprintf(path, sizeof path, "/admin/api/walks/%ld", walk_a);
	struct http_reply r;
	as_admin(&xa, &r, "PUT", path, "{\"last_day\":\"2019-07-05\"}");
	expect_error(&r, 409, "walk_started", NULL);
	as_admin(&xa, &r, "PUT", path, "{\"name\":\"测试单位三日健步走\"}");
	expect_status(&r, 200);
	assert_string_equal(text(r.json, "name"), "测试单位三日健步走");
	assert_string_equal(text(r.json, "last_day"), "2019-07-03");
	assert_string_equal(text(r.json, "state"), "running");
	http_reply_free(&r);
	stack_clock(&S, "2019-07-02T10:00:00+08:00");
	join(&yi, walk_a, 200, NULL, "2019-07-02");
}

static void steps(struct walker *w, const char *day, long raw)
{
	char q[256];
	snprintf(q, sizeof q, "INSERT INTO daily_steps (activity_id, user_id, day, raw_steps, settled, first_sync_at,"
	                      " last_sync_at) VALUES (1, %ld, '%s', %ld, 1, 0, 0)", w->user_id, day, raw);
	sql(q);
}

static const cJSON *walk_get(struct walker *w, long wid, struct http_reply *r)
{
	char path[96];
	snprintf(path, sizeof path, "/api/activities/1/walks/%ld", wid);
	assert_int_equal(walker_req(w, r, "GET", path, NULL), 0);
	expect_status(r, 200);
	return member(r->json, "progress");
}

static void progress_comes_from_the_settled_steps_of_the_walks_days(void **state)
{
	(void)state;
	/* 甲's 07-01 through the real sync, in the settle window */
	stack_clock(&S, "2019-07-01T20:30:00+08:00");
	char body[4096];
	struct http_reply r;
	walker_relogin(&jia);
	walker_werun(&jia, "[{\"day\":\"2019-07-01\",\"step\":12000}]", NULL, body, sizeof body);
	walker_sync(&jia, body, &r);
	expect_status(&r, 200);
	http_reply_free(&r);
	steps(&yi, "2019-07-01", 10000);
	steps(&jia, "2019-07-02", 9000);
	steps(&yi, "2019-07-02", 8000);
	steps(&bing, "2019-07-02", 7999);
	steps(&jia, "2019-07-03", 8000);
	steps(&yi, "2019-07-03", 9000);
	steps(&bing, "2019-07-03", 12000);
	stack_clock(&S, "2019-07-04T10:00:00+08:00");
	char out[4096];
	if (stack_sh(&S, out, sizeof out, "walkctl settle") != 0)
		fail_msg("walkctl settle: %s", out);
	walker_relogin(&jia);
	walker_relogin(&yi);
	walker_relogin(&bing);
	walker_relogin(&ding);
	walker_relogin(&wu);
	const cJSON *p = walk_get(&jia, walk_a, &r);
	assert_int_equal(number(p, "steps"), 27000);
	assert_int_equal(number(p, "active_days"), 3);
	assert_string_equal(text(p, "finished_day"), "2019-07-03");
	assert_string_equal(text(p, "as_of"), "2019-07-03");
	assert_true(cJSON_IsTrue(member(r.json, "final")));   /* its last day is settled: frozen */
	http_reply_free(&r);
	p = walk_get(&yi, walk_a, &r);
	assert_int_equal(number(p, "steps"), 17000);
	assert_true(cJSON_IsFalse(member(p, "finished")));
	http_reply_free(&r);
	p = walk_get(&jia, walk_b, &r);
	assert_int_equal(number(p, "steps"), 17000);
	assert_int_equal(number(p, "good_days"), 2);
	assert_string_equal(text(p, "finished_day"), "2019-07-03");
	http_reply_free(&r);
	p = walk_get(&bing, walk_b, &r);
	assert_int_equal(number(p, "steps"), 17999);
	assert_int_equal(number(p, "good_days"), 1);
	assert_true(cJSON_IsFalse(member(p, "finished")));
	http_reply_free(&r);
	/* the settlement again: the day is settled, nothing moves */
	long before = stack_sql_int(&S, "SELECT sum(steps * 7 + good_days * 3 + active_days) FROM walk_joins");
	if (stack_sh(&S, out, sizeof out, "walkctl settle --day 2019-07-03") != 0)
		fail_msg("walkctl settle again: %s", out);
	assert_int_equal(stack_sql_int(&S, "SELECT sum(steps * 7 + good_days * 3 + active_days) FROM walk_joins"),
	                 before);
	/* no points of a walk in the ledger: only the day's step points */
	assert_int_equal(stack_sql_int(&S, "SELECT count(*) FROM ledger WHERE ref LIKE '%walk%'"), 0);
}

static void the_board_ranks_equal_steps_alike_and_masks_names(void **state)
{
	(void)state;
	char path[96];
	snprintf(path, sizeof path, "/api/activities/1/walks/%ld/board", walk_b);
	struct http_reply r;
	assert_int_equal(walker_req(&yi, &r, "GET", path, NULL), 0);
	expect_status(&r, 200);
	assert_int_equal(number(r.json, "total"), 3);
	const cJSON *items = member(r.json, "items");
	assert_int_equal(cJSON_GetArraySize(items), 3);
	const cJSON *first = cJSON_GetArrayItem(items, 0), *second = cJSON_GetArrayItem(items, 1),
	            *third = cJSON_GetArrayItem(items, 2);
	assert_string_equal(text(first, "name"), "赵*");
	assert_string_equal(text(first, "union"), "bj");
	assert_int_equal(number(first, "rank"), 1);
	assert_int_equal(number(first, "steps"), 17999);
	assert_int_equal(number(second, "rank"), 2);
	assert_int_equal(number(third, "rank"), 2);
	assert_int_equal(number(third, "steps"), 17000);
	assert_true(strcmp(text(second, "name"), "王*") == 0 || strcmp(text(second, "name"), "李*") == 0);
	assert_null(strstr(r.body, "王甲"));
	assert_null(strstr(r.body, "李乙"));
	assert_null(strstr(r.body, "13912345678"));
	assert_int_equal(number(member(r.json, "mine"), "rank"), 2);
	http_reply_free(&r);
	/* a participant the walk is not open to sees no board */
	snprintf(path, sizeof path, "/api/activities/1/walks/%ld/board", walk_a);
	assert_int_equal(walker_req(&bing, &r, "GET", path, NULL), 0);
	expect_error(&r, 404, "not_found", NULL);
}

static void the_certificate_is_for_those_who_reached_the_goal(void **state)
{
	(void)state;
	char path[96];
	snprintf(path, sizeof path, "/api/activities/1/walks/%ld/certificate", walk_a);
	struct http_reply r;
	assert_int_equal(walker_req(&jia, &r, "GET", path, NULL), 0);
	expect_status(&r, 200);
	assert_non_null(strstr(r.headers, "image/jpeg"));
	assert_true(r.len > 20 * 1024);
	assert_int_equal((unsigned char)r.body[0], 0xff);
	assert_int_equal((unsigned char)r.body[1], 0xd8);
	http_reply_free(&r);
	assert_int_equal(walker_req(&yi, &r, "GET", path, NULL), 0);
	expect_error(&r, 404, "not_finished", NULL);
}

static void an_ended_walk_is_frozen(void **state)
{
	(void)state;
	join(&wu, walk_a, 409, "walk_ended", NULL);
	char path[96];
	snprintf(path, sizeof path, "/admin/api/walks/%ld", walk_a);
	struct http_reply r;
	as_admin(&xa, &r, "PUT", path, "{\"name\":\"结束后改名\"}");
	expect_error(&r, 409, "walk_ended", NULL);
	snprintf(path, sizeof path, "/admin/api/walks/%ld/cancel", walk_a);
	as_admin(&xa, &r, "POST", path, "{\"reason\":\"结束后取消\"}");
	expect_error(&r, 409, "walk_ended", NULL);
	/* a late change to a settled day is not taken in */
	sql("UPDATE daily_steps SET raw_steps = 1 WHERE day = '2019-07-03'");
	char out[4096];
	stack_clock(&S, "2019-07-05T10:00:00+08:00");
	if (stack_sh(&S, out, sizeof out, "walkctl settle") != 0)
		fail_msg("walkctl settle: %s", out);
	assert_int_equal(stack_sql_int(&S, "SELECT sum(steps) FROM walk_joins WHERE walk_id IN (1, 2)"),
	                 27000 + 17000 + 17000 + 17000 + 17999);
}

static void admins_follow_participation_by_unit_and_day(void **state)
{
	(void)state;
	char path[96];
	snprintf(path, sizeof path, "/admin/api/walks/%ld", walk_a);
	struct http_reply r;
	as_admin(&xa, &r, "GET", path, NULL);
	expect_status(&r, 200);
	const cJSON *c = member(r.json, "counts");
	assert_int_equal(number(c, "joined"), 2);
	assert_int_equal(number(c, "active"), 2);
	assert_int_equal(number(c, "finished"), 1);
	const cJSON *unit = cJSON_GetArrayItem(member(r.json, "by_unit"), 0);
	assert_int_equal(cJSON_GetArraySize(member(r.json, "by_unit")), 1);
	assert_string_equal(text(unit, "unit"), "测试单位");
	assert_int_equal(number(unit, "joined"), 2);
	const cJSON *days = member(r.json, "by_day");
	assert_int_equal(cJSON_GetArraySize(days), 3);
	assert_string_equal(text(cJSON_GetArrayItem(days, 0), "day"), "2019-07-01");
	assert_int_equal(number(cJSON_GetArrayItem(days, 0), "active"), 1);   /* 乙 joined on 07-02 */
	assert_int_equal(number(cJSON_GetArrayItem(days, 1), "active"), 2);
	assert_int_equal(number(cJSON_GetArrayItem(days, 1), "finished"), 0);
	assert_int_equal(number(cJSON_GetArrayItem(days, 2), "finished"), 1);
	http_reply_free(&r);
	snprintf(path, sizeof path, "/admin/api/walks/%ld/participation.csv", walk_a);
	as_admin(&xa, &r, "GET", path, NULL);
	expect_status(&r, 200);
	assert_non_null(strstr(r.headers, "text/csv"));
	assert_non_null(strstr(r.body, "xa,测试单位,2,2,1"));
	http_reply_free(&r);
	as_admin(&bj, &r, "GET", path, NULL);
	expect_error(&r, 403, "forbidden", NULL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(admins_create_walks_within_the_rules_and_their_scope),
		cmocka_unit_test(admins_edit_before_the_first_day_and_cancel_with_a_reason),
		cmocka_unit_test(participants_see_the_walks_open_to_them_and_join),
		cmocka_unit_test(once_begun_only_the_texts_change_and_late_joiners_count_from_that_day),
		cmocka_unit_test(progress_comes_from_the_settled_steps_of_the_walks_days),
		cmocka_unit_test(the_board_ranks_equal_steps_alike_and_masks_names),
		cmocka_unit_test(the_certificate_is_for_those_who_reached_the_goal),
		cmocka_unit_test(an_ended_walk_is_frozen),
		cmocka_unit_test(admins_follow_participation_by_unit_and_day),
	};
	return cmocka_run_group_tests(tests, start_stack, stop_stack);
}
