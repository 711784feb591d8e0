/*
 * Activity settings, next year's activity, admin accounts and the
 * organisation award through the real stack (README "Activity settings",
 * "Admin accounts", "The organisation award (优秀组织奖)").
 *
 * The data of the award: 甲 and 乙 of 西安市总工会 (xa, quota 250000), 丙 of
 * 宝鸡市总工会 (bj, quota 100000).  Their settled days of 07-01 and 07-02 and
 * 丙's badge are inserted with SQL; 甲 leads a team.  On 07-03:
 *   xa: enrolled 2, completion 2/250000 = 0.0008 %, active days 3 of 2 × 2
 *       (75 %), counted 8000 + 9000 + 5000 = 22000 → 7333 a day, 1 team;
 *   bj: enrolled 1, completion 0.001 %, active 2 of 2 (100 %), 13000 → 6500,
 *       1 badge.
 * bj ranks first (its completion is higher), xa second, the 21 others share
 * the third place.  The tests share one stack and run in main()'s order.
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
static struct walker jia, yi, bing;
static struct admin_client prov, xa;

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

static double number(const cJSON *o, const char *name)
{
	return cJSON_GetNumberValue(member(o, name));
}

static const char *text(const cJSON *o, const char *name)
{
	const char *v = cJSON_GetStringValue(member(o, name));
	return v ? v : "";
}

static void as_admin(const struct admin_client *a, struct http_reply *r, const char *method, const char *path,
                     const char *json)
{
	admin_client_req(a, &S, r, method, path, json ? "application/json" : NULL, json, ADMIN_WITH_CSRF);
}

static void put_settings(struct http_reply *r, const char *json)
{
	as_admin(&prov, r, "PUT", "/admin/api/activities/1/settings", json);
}

static long config_version(void)
{
	return stack_sql_int(&S, "SELECT version FROM config_version");
}

static int start_stack(void **state)
{
	(void)state;
	if (stack_start(&S, "admin_settings", NULL) != 0)
		return -1;
	admin_client_add(&prov, &S, "prov", "prov-pass-2019", NULL);
	admin_client_add(&xa, &S, "xa-admin", "xa-pass-2019", "xa");
	stack_clock(&S, "2019-06-20T10:00:00+08:00");
	walker_login(&jia, &S, NULL);
	walker_enroll(&jia, "王甲", "xa");
	walker_login(&yi, &S, NULL);
	walker_enroll(&yi, "李乙", "xa");
	walker_login(&bing, &S, NULL);
	walker_enroll(&bing, "赵丙", "bj");
	struct http_reply r;
	assert_int_equal(walker_req(&jia, &r, "POST", "/api/activities/1/teams", "{\"name\":\"长安健步队\"}"), 0);
	expect_status(&r, 201);
	http_reply_free(&r);
	return 0;
}

static int stop_stack(void **state)
{
	(void)state;
	stack_stop(&S);
	return 0;
}

/* Every new route: 401 without a session, 403 for a union admin (all are the
 * province's), 403 for a write without the CSRF token; nothing changes. */
static void every_new_route_is_the_province_admins(void **state)
{
	(void)state;
	static const struct { const char *method, *path, *body; } routes[] = {
		{ "GET", "/admin/api/activities/1/settings", NULL },
		{ "PUT", "/admin/api/activities/1/settings", "{\"daily_cap\":12000}" },
		{ "POST", "/admin/api/activities", "{\"copy_from\":1,\"name\":\"x\",\"starts_on\":\"2020-07-01\"}" },
		{ "GET", "/admin/api/admins", NULL },
		{ "POST", "/admin/api/admins", "{\"username\":\"bj-admin\",\"union\":\"bj\"}" },
		{ "POST", "/admin/api/admins/1/disable", NULL },
		{ "POST", "/admin/api/admins/1/enable", NULL },
		{ "POST", "/admin/api/admins/1/password", "{}" },
		{ "GET", "/admin/api/award/organisation", NULL },
		{ "GET", "/admin/api/award/organisation.csv", NULL },
	};
	long version = config_version();
	struct http_reply r;
	for (size_t i = 0; i < sizeof routes / sizeof routes[0]; i++) {
		const char *type = routes[i].body ? "application/json" : NULL;
		admin_client_req(NULL, &S, &r, routes[i].method, routes[i].path, type, routes[i].body, ADMIN_NO_CSRF);
		expect_error(&r, 401, "unauthenticated", NULL);
		as_admin(&xa, &r, routes[i].method, routes[i].path, routes[i].body);
		expect_error(&r, 403, "forbidden", NULL);
		if (strcmp(routes[i].method, "GET") != 0) {
			admin_client_req(&prov, &S, &r, routes[i].method, routes[i].path, type, routes[i].body, ADMIN_NO_CSRF);
			expect_error(&r, 403, "forbidden", NULL);
			admin_client_req(&prov, &S, &r, routes[i].method, routes[i].path, type, routes[i].body, ADMIN_BAD_CSRF);
			expect_error(&r, 403, "forbidden", NULL);
		}
	}
	assert_int_equal(config_version(), version);
	assert_int_equal(stack_sql_int(&S, "SELECT count(*) FROM activities"), 1);
	assert_int_equal(stack_sql_int(&S, "SELECT count(*) FROM admins"), 2);
	assert_int_equal(stack_sql_int(&S, "SELECT disabled FROM admins WHERE id = 1"), 0);
}

/* The cap every participant worker shows, asked often enough to reach each. */
static void every_worker_shows_cap(long cap)
{
	for (int i = 0; i < 12; i++) {
		struct http_reply r;
		assert_int_equal(stack_get(&r, &S, WALK, "/api/activities/1"), 0);
		expect_status(&r, 200);
		assert_int_equal((long)number(r.json, "daily_cap"), cap);
		http_reply_free(&r);
	}
}

static void before_the_first_day_every_rule_changes_and_workers_reload(void **state)
{
	(void)state;
	struct http_reply r;
	every_worker_shows_cap(10000);   /* every worker has the activity cached */
	as_admin(&prov, &r, "GET", "/admin/api/activities/1/settings", NULL);
	expect_status(&r, 200);
	assert_int_equal((long)number(member(r.json, "settings"), "daily_cap"), 10000);
	assert_string_equal(text(member(r.json, "settings"), "first_day"), "2019-07-01");
	assert_string_equal(text(member(r.json, "settings"), "redeem_deadline"), "2019-10-08T00:00:00+08:00");
	assert_false(cJSON_IsTrue(member(r.json, "started")));
	long version = (long)number(r.json, "config_version");
	assert_int_equal(version, config_version());
	http_reply_free(&r);

	put_settings(&r, "{\"daily_cap\":12000,\"team_target\":40000}");
	expect_status(&r, 200);
	assert_int_equal((long)number(member(r.json, "settings"), "daily_cap"), 12000);
	assert_true((long)number(r.json, "config_version") > version);
	http_reply_free(&r);
	every_worker_shows_cap(12000);
	assert_int_equal(stack_sql_int(&S, "SELECT count(*) FROM audit_log WHERE action = 'activity.settings' AND "
	                                   "target = 'activity:1' AND json_extract(before, '$.daily_cap') = 10000 AND "
	                                   "json_extract(after, '$.daily_cap') = 12000 AND "
	                                   "json_extract(after, '$.team_target') = 40000"), 1);

	/* total_days follows the last day. */
	put_settings(&r, "{\"last_day\":\"2019-10-10\",\"board_freeze_at\":\"2019-10-10T00:00:00+08:00\"}");
	expect_status(&r, 200);
	assert_int_equal((long)number(r.json, "total_days"), 102);
	http_reply_free(&r);
	put_settings(&r, "{\"last_day\":\"2019-10-08\",\"board_freeze_at\":\"2019-10-08T00:00:00+08:00\"}");
	expect_status(&r, 200);
	assert_int_equal((long)number(r.json, "total_days"), 100);
	http_reply_free(&r);
}

/* Bad values: 400 naming the field, and nothing changed (no version, no audit). */
static void bad_settings_are_refused_whole(void **state)
{
	(void)state;
	static const struct { const char *body, *field; } bad[] = {
		{ "{\"daily_cap\":500}", "daily_cap" },                       /* below 1000 */
		{ "{\"daily_cap\":11000,\"team_size\":99}", "team_size" },    /* the good one is not kept either */
		{ "{\"daily_cap\":\"12000\"}", "daily_cap" },
		{ "{\"daily_cap\":1.5}", "daily_cap" },
		{ "{\"bogus\":1}", "bogus" },
		{ "{\"first_day\":\"2019-7-1\"}", "first_day" },
		{ "{\"test_to\":\"2019-07-05\"}", "test_to" },                 /* the test overlaps the activity */
		{ "{\"member_target\":13000}", "member_target" },              /* above the cap */
		{ "{\"redeem_deadline\":\"2019-06-01T00:00:00+08:00\"}", "redeem_deadline" },
		{ "{\"name\":\"\"}", "name" },
		{ "{}", "settings" },
	};
	long version = config_version();
	long audits = stack_sql_int(&S, "SELECT count(*) FROM audit_log");
	struct http_reply r;
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		put_settings(&r, bad[i].body);
		expect_error(&r, 400, "validation_failed", bad[i].field);
	}
	assert_int_equal(config_version(), version);
	assert_int_equal(stack_sql_int(&S, "SELECT count(*) FROM audit_log"), audits);
	assert_int_equal(stack_sql_int(&S, "SELECT daily_cap FROM activities WHERE id = 1"), 12000);
	as_admin(&prov, &r, "GET", "/admin/api/activities/9/settings", NULL);
	expect_error(&r, 404, "not_found", NULL);
}

static void next_years_activity_is_a_copy_moved_in_time(void **state)
{
	(void)state;
	struct http_reply r;
	as_admin(&prov, &r, "POST", "/admin/api/activities",
	         "{\"copy_from\":1,\"name\":\"与祖国同行2020\",\"starts_on\":\"2019-10-01\"}");
	expect_error(&r, 400, "validation_failed", "starts_on");
	as_admin(&prov, &r, "POST", "/admin/api/activities", "{\"copy_from\":7,\"name\":\"x\",\"starts_on\":\"2020-07-01\"}");
	expect_error(&r, 400, "validation_failed", "copy_from");
	as_admin(&prov, &r, "POST", "/admin/api/activities", "{\"copy_from\":1,\"starts_on\":\"2020-07-01\"}");
	expect_error(&r, 400, "validation_failed", "name");
	assert_int_equal(stack_sql_int(&S, "SELECT count(*) FROM activities"), 1);

	sql("INSERT INTO pool_tiers (activity_id, amount_fen, count, drawn) VALUES (1, 30, 1000, 7)");
	as_admin(&prov, &r, "POST", "/admin/api/activities",
	         "{\"copy_from\":1,\"name\":\"与祖国同行2020\",\"starts_on\":\"2020-07-01\"}");
	expect_status(&r, 201);
	assert_int_equal((long)number(r.json, "activity_id"), 2);
	const cJSON *s = member(r.json, "settings");
	assert_string_equal(text(s, "name"), "与祖国同行2020");
	assert_string_equal(text(s, "first_day"), "2020-07-01");
	assert_string_equal(text(s, "last_day"), "2020-10-08");      /* 366 days later: 2020 is a leap year */
	assert_string_equal(text(s, "test_from"), "2020-06-18");
	assert_string_equal(text(s, "redeem_deadline"), "2020-10-08T00:00:00+08:00");
	assert_int_equal((long)number(s, "daily_cap"), 12000);       /* the rules as changed */
	assert_int_equal((long)number(r.json, "total_days"), 100);
	http_reply_free(&r);
	assert_int_equal(stack_sql_int(&S, "SELECT count(*) FROM checkpoints WHERE activity_id = 2"), 13);
	assert_int_equal(stack_sql_int(&S, "SELECT count(*) FROM quiz_questions WHERE activity_id = 2"),
	                 stack_sql_int(&S, "SELECT count(*) FROM quiz_questions WHERE activity_id = 1 AND retired_at IS NULL"));
	assert_int_equal(stack_sql_int(&S, "SELECT count * 1000 + drawn FROM pool_tiers WHERE activity_id = 2"), 1000000);
	assert_int_equal(stack_sql_int(&S, "SELECT count(*) FROM enrollments WHERE activity_id = 2"), 0);
	assert_int_equal(stack_sql_int(&S, "SELECT count(*) FROM audit_log WHERE action = 'activity.create' AND "
	                                   "target = 'activity:2' AND json_extract(after, '$.copy_from') = 1"), 1);
	/* The public list and the participants' workers know it at once. */
	assert_int_equal(stack_get(&r, &S, WALK, "/api/activities/2"), 0);
	expect_status(&r, 200);
	assert_string_equal(text(r.json, "name"), "与祖国同行2020");
	http_reply_free(&r);
	/* The admin routes: the newest activity by default, another by ?aid=. */
	as_admin(&prov, &r, "GET", "/admin/api/unions/stats", NULL);
	expect_status(&r, 200);
	assert_int_equal((long)number(member(r.json, "activity"), "id"), 2);
	assert_int_equal((long)number(member(r.json, "total"), "enrolled"), 0);
	http_reply_free(&r);
	as_admin(&prov, &r, "GET", "/admin/api/unions/stats?aid=1", NULL);
	expect_status(&r, 200);
	assert_int_equal((long)number(member(r.json, "total"), "enrolled"), 3);
	http_reply_free(&r);
}

/* The new account's id, from the list. */
static long account_id(const char *username)
{
	char q[160];
	snprintf(q, sizeof q, "SELECT id FROM admins WHERE username = '%s'", username);
	return stack_sql_int(&S, q);
}

static void accounts_are_added_disabled_enabled_and_reset(void **state)
{
	(void)state;
	struct http_reply r;
	struct admin_client bj, again;
	as_admin(&prov, &r, "POST", "/admin/api/admins", "{\"username\":\"bj-admin\",\"union\":\"bj\"}");
	expect_status(&r, 201);
	char first[64];
	snprintf(first, sizeof first, "%s", text(r.json, "password"));
	assert_int_equal(strlen(first), 14);
	assert_string_equal(text(member(r.json, "admin"), "union"), "bj");
	assert_string_equal(text(member(r.json, "admin"), "role"), "union");
	http_reply_free(&r);
	assert_int_equal(admin_client_login(&bj, &S, "bj-admin", first), 200);
	admin_client_req(&bj, &S, &r, "GET", "/admin/api/unions/stats?aid=1&union=xa", NULL, NULL, ADMIN_WITH_CSRF);
	expect_error(&r, 403, "forbidden", NULL);   /* scoped to bj like any union admin */

	as_admin(&prov, &r, "POST", "/admin/api/admins", "{\"username\":\"bj-admin\",\"union\":\"bj\"}");
	expect_error(&r, 409, "username_taken", "username");
	as_admin(&prov, &r, "POST", "/admin/api/admins", "{\"username\":\"wn-admin\",\"union\":\"nowhere\"}");
	expect_error(&r, 400, "validation_failed", "union");
	as_admin(&prov, &r, "POST", "/admin/api/admins", "{\"username\":\"Bad Name\",\"union\":\"wn\"}");
	expect_error(&r, 400, "validation_failed", "username");
	as_admin(&prov, &r, "POST", "/admin/api/admins", "{\"username\":\"wn-admin\",\"union\":\"wn\",\"password\":\"short\"}");
	expect_error(&r, 400, "validation_failed", "password");
	as_admin(&prov, &r, "POST", "/admin/api/admins",
	         "{\"username\":\"wn-admin\",\"union\":\"wn\",\"password\":\"wn-chosen-2019\"}");
	expect_status(&r, 201);
	assert_null(member(r.json, "password"));   /* a chosen password is never echoed */
	http_reply_free(&r);
	assert_int_equal(admin_client_login(&again, &S, "wn-admin", "wn-chosen-2019"), 200);

	as_admin(&prov, &r, "GET", "/admin/api/admins", NULL);
	expect_status(&r, 200);
	assert_int_equal(cJSON_GetArraySize(member(r.json, "items")), 4);
	assert_null(strstr(r.body, "pbkdf2"));
	http_reply_free(&r);

	char path[96];
	long id = account_id("bj-admin");
	snprintf(path, sizeof path, "/admin/api/admins/%ld/disable", id);
	as_admin(&prov, &r, "POST", path, NULL);
	expect_status(&r, 200);
	assert_true(cJSON_IsTrue(member(member(r.json, "admin"), "disabled")));
	http_reply_free(&r);
	admin_client_req(&bj, &S, &r, "GET", "/admin/api/session", NULL, NULL, ADMIN_WITH_CSRF);
	expect_error(&r, 401, "unauthenticated", NULL);   /* its session ended */
	assert_int_equal(admin_client_login(&again, &S, "bj-admin", first), 401);
	snprintf(path, sizeof path, "/admin/api/admins/%ld/enable", id);
	as_admin(&prov, &r, "POST", path, NULL);
	expect_status(&r, 200);
	http_reply_free(&r);
	assert_int_equal(admin_client_login(&bj, &S, "bj-admin", first), 200);

	snprintf(path, sizeof path, "/admin/api/admins/%ld/password", id);
	as_admin(&prov, &r, "POST", path, "{}");
	expect_status(&r, 200);
	char second[64];
	snprintf(second, sizeof second, "%s", text(r.json, "password"));
	assert_int_equal(strlen(second), 14);
	assert_string_not_equal(first, second);
	http_reply_free(&r);
	admin_client_req(&bj, &S, &r, "GET", "/admin/api/session", NULL, NULL, ADMIN_WITH_CSRF);
	expect_error(&r, 401, "unauthenticated", NULL);
	assert_int_equal(admin_client_login(&again, &S, "bj-admin", first), 401);
	assert_int_equal(admin_client_login(&bj, &S, "bj-admin", second), 200);

	/* The own account cannot be disabled; the own password changes as before. */
	snprintf(path, sizeof path, "/admin/api/admins/%ld/disable", account_id("prov"));
	as_admin(&prov, &r, "POST", path, NULL);
	expect_error(&r, 409, "cannot_disable_self", NULL);
	as_admin(&prov, &r, "POST", "/admin/api/admins/99/disable", NULL);
	expect_error(&r, 404, "not_found", NULL);
	admin_client_req(&bj, &S, &r, "POST", "/admin/api/password", "application/json",
	                 "{\"current\":\"wrong-one-here\",\"new\":\"bj-own-pass-2019\"}", ADMIN_WITH_CSRF);
	expect_error(&r, 400, "validation_failed", "current");

	char q[512];
	snprintf(q, sizeof q, "SELECT count(*) FROM audit_log WHERE target = 'admin:bj-admin' AND action IN "
	                      "('admin.add', 'admin.disable', 'admin.enable', 'admin.reset_password') AND actor = 'prov'");
	assert_int_equal(stack_sql_int(&S, q), 4);
	snprintf(q, sizeof q, "SELECT count(*) FROM audit_log WHERE coalesce(after, '') || coalesce(before, '') LIKE '%%%s%%' "
	                      "OR coalesce(after, '') || coalesce(before, '') LIKE '%%%s%%'", first, second);
	assert_int_equal(stack_sql_int(&S, q), 0);   /* no password in the log */
}

static void from_the_first_day_only_harmless_settings_change(void **state)
{
	(void)state;
	stack_clock(&S, "2019-07-02T10:00:00+08:00");
	long version = config_version();
	struct http_reply r;
	put_settings(&r, "{\"daily_cap\":10000}");
	expect_error(&r, 409, "setting_locked", "daily_cap");
	put_settings(&r, "{\"name\":\"与祖国同行·2019\",\"first_day\":\"2019-07-05\"}");
	expect_error(&r, 409, "setting_locked", "first_day");
	put_settings(&r, "{\"redeem_deadline\":\"2019-07-01T00:00:00+08:00\"}");
	expect_error(&r, 409, "setting_locked", "redeem_deadline");   /* the new instant is past */
	assert_int_equal(config_version(), version);
	put_settings(&r, "{\"name\":\"与祖国同行·2019\",\"remind_at_s\":75600,"
	                 "\"redeem_deadline\":\"2019-10-09T00:00:00+08:00\",\"daily_cap\":12000}");   /* the cap unchanged */
	expect_status(&r, 200);
	assert_true(cJSON_IsTrue(member(r.json, "started")));
	const cJSON *f;
	cJSON_ArrayForEach(f, member(r.json, "fields")) {
		const char *name = text(f, "name");
		bool open = strcmp(name, "name") == 0 || strcmp(name, "remind_at_s") == 0 ||
		            strcmp(name, "board_freeze_at") == 0 || strcmp(name, "redeem_deadline") == 0;
		if (cJSON_IsTrue(member(f, "editable")) != open)
			fail_msg("%s: editable should be %d", name, open);
	}
	http_reply_free(&r);
	assert_true(config_version() > version);
	assert_int_equal(stack_sql_int(&S, "SELECT remind_at_s FROM activities WHERE id = 1"), 75600);
	assert_int_equal(stack_sql_int(&S, "SELECT count(*) FROM audit_log WHERE action = 'activity.settings' AND "
	                                   "json_extract(after, '$.remind_at_s') = 75600 AND "
	                                   "json_extract(before, '$.remind_at_s') = 77400 AND "
	                                   "json_extract(after, '$.daily_cap') IS NULL"), 1);
}

static void seed_days(void)
{
	char q[1024];
	snprintf(q, sizeof q,
	         "INSERT INTO daily_steps (activity_id, user_id, day, raw_steps, settled, first_sync_at, last_sync_at) VALUES "
	         "(1, %ld, '2019-07-01', 8000, 1, 1561982400, 1561982400), (1, %ld, '2019-07-02', 9000, 1, 1562068800, 1562068800),"
	         "(1, %ld, '2019-07-01', 5000, 1, 1561982400, 1561982400), (1, %ld, '2019-07-02', 4000, 0, 1562040000, 1562040000),"
	         "(1, %ld, '2019-07-01', 6000, 1, 1561982400, 1561982400), (1, %ld, '2019-07-02', 7000, 1, 1562068800, 1562068800)",
	         jia.user_id, jia.user_id, yi.user_id, yi.user_id, bing.user_id, bing.user_id);
	sql(q);
	snprintf(q, sizeof q, "INSERT INTO badges (activity_id, user_id, kind, earned_at) VALUES (1, %ld, 'all_checkpoints', 1562068800)",
	         bing.user_id);
	sql(q);
	snprintf(q, sizeof q, "INSERT INTO draws (activity_id, user_id, idem_key, amount_fen, day, created_at) VALUES "
	                      "(1, %ld, 'k-0123456789abcdef', 50, '2019-07-03', 1562130000)", bing.user_id);
	sql(q);
}

/* The union of code in a list of union objects. */
static const cJSON *union_of(const cJSON *list, const char *code)
{
	const cJSON *u;
	cJSON_ArrayForEach(u, list)
		if (strcmp(text(u, "code"), code) == 0)
			return u;
	fail_msg("no union %s", code);
	return NULL;
}

static void the_award_matches_the_figures_by_hand(void **state)
{
	(void)state;
	seed_days();
	stack_clock(&S, "2019-07-03T10:00:00+08:00");
	struct http_reply r;
	as_admin(&prov, &r, "GET", "/admin/api/award/organisation?aid=1", NULL);
	expect_status(&r, 200);
	assert_int_equal((long)number(r.json, "days_over"), 2);
	assert_non_null(strstr(text(r.json, "method"), "指标完成率"));
	assert_int_equal(strncmp(text(r.json, "computed_at"), "2019-07-03T10:00", 16), 0);
	const cJSON *list = member(r.json, "unions");
	assert_int_equal(cJSON_GetArraySize(list), 23);
	const cJSON *first = cJSON_GetArrayItem(list, 0), *second = cJSON_GetArrayItem(list, 1);
	assert_string_equal(text(first, "code"), "bj");
	assert_string_equal(text(second, "code"), "xa");
	const cJSON *bj = union_of(list, "bj"), *xau = union_of(list, "xa");
	assert_int_equal((long)number(bj, "rank"), 1);
	assert_int_equal((long)number(bj, "quota"), 100000);
	assert_int_equal((long)number(bj, "enrolled"), 1);
	assert_true(number(bj, "completion") == 0.0);   /* 0.001 % floored to two decimals */
	assert_true(number(bj, "active_rate") == 100.0);
	assert_int_equal((long)number(bj, "avg_steps"), 6500);
	assert_int_equal((long)number(bj, "badges"), 1);
	assert_int_equal((long)number(bj, "teams"), 0);
	assert_int_equal((long)number(xau, "rank"), 2);
	assert_int_equal((long)number(xau, "enrolled"), 2);
	assert_true(number(xau, "active_rate") == 75.0);
	assert_int_equal((long)number(xau, "avg_steps"), 7333);
	assert_int_equal((long)number(xau, "teams"), 1);
	assert_int_equal((long)number(xau, "badges"), 0);
	assert_int_equal((long)number(cJSON_GetArrayItem(list, 2), "rank"), 3);
	assert_int_equal((long)number(cJSON_GetArrayItem(list, 22), "rank"), 3);   /* the 21 others share */
	http_reply_free(&r);

	as_admin(&prov, &r, "GET", "/admin/api/award/organisation.csv?aid=1", NULL);
	expect_status(&r, 200);
	char type[128];
	http_header(&r, "Content-Type", type, sizeof type);
	assert_non_null(strstr(type, "text/csv"));
	assert_non_null(strstr(r.body, "排名,工会代码,工会,分配指标,报名人数,指标完成率(%),日均活跃率(%),活跃者日均步数,团队数,达标团队数,奖章数\r\n"));
	assert_non_null(strstr(r.body, "\r\n1,bj,宝鸡市总工会,100000,1,0.00,100.00,6500,0,0,1\r\n"));
	assert_non_null(strstr(r.body, "\r\n2,xa,西安市总工会,250000,2,0.00,75.00,7333,1,0,0\r\n"));
	assert_non_null(strstr(r.body, "排名方法："));
	http_reply_free(&r);
}

static void the_dashboard_shows_badges_spend_and_its_moment(void **state)
{
	(void)state;
	struct http_reply r;
	as_admin(&prov, &r, "GET", "/admin/api/unions/stats?aid=1", NULL);
	expect_status(&r, 200);
	assert_int_equal((long)number(union_of(member(r.json, "unions"), "bj"), "badges"), 1);
	assert_int_equal((long)number(member(r.json, "total"), "badges"), 1);
	assert_int_equal((long)number(member(r.json, "red_envelopes_today"), "draws"), 1);
	assert_int_equal((long)number(member(r.json, "red_envelopes_today"), "amount_fen"), 50);
	assert_int_equal(strncmp(text(r.json, "computed_at"), "2019-07-03T10:00", 16), 0);
	http_reply_free(&r);
	as_admin(&xa, &r, "GET", "/admin/api/unions/stats?aid=1", NULL);   /* xa's own: bj's draw is not theirs */
	expect_status(&r, 200);
	assert_int_equal((long)number(member(r.json, "red_envelopes_today"), "amount_fen"), 0);
	assert_int_equal((long)number(member(r.json, "total"), "badges"), 0);
	http_reply_free(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(every_new_route_is_the_province_admins),
		cmocka_unit_test(before_the_first_day_every_rule_changes_and_workers_reload),
		cmocka_unit_test(bad_settings_are_refused_whole),
		cmocka_unit_test(next_years_activity_is_a_copy_moved_in_time),
		cmocka_unit_test(accounts_are_added_disabled_enabled_and_reset),
		cmocka_unit_test(from_the_first_day_only_harmless_settings_change),
		cmocka_unit_test(the_award_matches_the_figures_by_hand),
		cmocka_unit_test(the_dashboard_shows_badges_spend_and_its_moment),
	};
	return cmocka_run_group_tests(tests, start_stack, stop_stack);
}
