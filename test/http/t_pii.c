/*
 * Personal information through the real stack (README "Personal
 * information"): the privacy notice's consent, mobiles and addresses sealed
 * in the database file, the searches that still find them, the audited admin
 * views, the own-data export, the account's erasure and walkctl purge.
 *
 * The people: 甲 (xa, 13987654321), 乙 (xa, 13712340987), 丙 (bj), 丁 (xa,
 * who erases their account).  The tests share one stack and run in main()'s
 * order; the clock only moves forward.
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
static struct walker jia, yi, bing, ding;
static struct admin_client prov, xa, bj;
static long award_id;

#define JIA_MOBILE "13987654321"
#define YI_MOBILE "13712340987"
#define DING_NAME "欧阳删除"
#define DING_MOBILE "15866664444"
#define RECIPIENT "司马收件"
#define DETAIL "雁塔路九十九号七单元"

static void sql(const char *statement)
{
	char out[512];
	if (stack_sh(&S, out, sizeof out, "sqlite3 \"$WALK_VAR/walk.db\" \"%s\"", statement) != 0)
		fail_msg("sqlite3 %s: %s", statement, out);
}

static void as_admin(const struct admin_client *a, struct http_reply *r, const char *method, const char *path,
                     const char *json)
{
	admin_client_req(a, &S, r, method, path, json ? "application/json" : NULL, json, ADMIN_WITH_CSRF);
}

static void enroll(struct walker *w, const char *name, const char *mobile, const char *union_code, long version,
                   long status, const char *code)
{
	char body[512];
	snprintf(body, sizeof body, "{\"name\":\"%s\",\"mobile\":\"%s\",\"region\":\"xa\",\"union\":\"%s\","
	         "\"unit\":\"测试单位\",\"department\":\"测试部门\",\"privacy_version\":%ld}",
	         name, mobile, union_code, version);
	struct http_reply r;
	assert_int_equal(walker_req(w, &r, "PUT", "/api/activities/1/enrollment", body), 0);
	if (code) {
		expect_error(&r, status, code, "privacy_version");
		return;
	}
	expect_status(&r, status);
	http_reply_free(&r);
}

/* Whether the database file or its WAL holds text, byte for byte. */
static bool file_holds(const char *text)
{
	return stack_sh(&S, NULL, 0, "cat \"$WALK_VAR/walk.db\" \"$WALK_VAR/walk.db-wal\" 2>/dev/null"
	                               " | grep -c -F -a '%s' > /dev/null", text) == 0;
}

static long audit_count(const char *action, const char *actor)
{
	char q[256];
	snprintf(q, sizeof q, "SELECT count(*) FROM audit_log WHERE action = '%s' AND actor = '%s'", action, actor);
	return stack_sql_int(&S, q);
}

static int start_stack(void **state)
{
	(void)state;
	if (stack_start(&S, "pii", NULL) != 0)
		return -1;
	admin_client_add(&prov, &S, "prov", "prov-pass-2019", NULL);
	admin_client_add(&xa, &S, "xa-admin", "xa-pass-2019", "xa");
	admin_client_add(&bj, &S, "bj-admin", "bj-pass-2019", "bj");
	stack_clock(&S, "2019-06-20T10:00:00+08:00");
	walker_login(&jia, &S, NULL);
	walker_login(&yi, &S, NULL);
	walker_login(&bing, &S, NULL);
	walker_login(&ding, &S, NULL);
	return 0;
}

static int stop_stack(void **state)
{
	(void)state;
	stack_stop(&S);
	return 0;
}

static void consent_is_required_and_versioned(void **state)
{
	(void)state;
	struct http_reply r;
	assert_int_equal(stack_get(&r, &S, WALK, "/api/activities/1/privacy"), 0);
	expect_status(&r, 200);
	assert_int_equal((long)http_num(&r, "version"), 1);
	assert_non_null(strstr(http_str(&r, "text"), "保存期限"));
	http_reply_free(&r);
	/* Without the consent, or with a version that is not the one in force:
	 * refused, naming the field, and nothing stored. */
	char body[512];
	snprintf(body, sizeof body, "{\"name\":\"王甲\",\"mobile\":\"%s\",\"region\":\"xa\",\"union\":\"xa\","
	         "\"unit\":\"单位\"}", JIA_MOBILE);
	assert_int_equal(walker_req(&jia, &r, "PUT", "/api/activities/1/enrollment", body), 0);
	expect_error(&r, 400, "validation_failed", "privacy_version");
	enroll(&jia, "王甲", JIA_MOBILE, "xa", 2, 400, "validation_failed");
	assert_int_equal(walker_req(&jia, &r, "GET", "/api/activities/1/enrollment", NULL), 0);
	expect_error(&r, 404, "not_found", NULL);
	enroll(&jia, "王甲", JIA_MOBILE, "xa", 1, 201, NULL);
	assert_int_equal(walker_req(&jia, &r, "GET", "/api/activities/1/enrollment", NULL), 0);
	expect_status(&r, 200);
	assert_int_equal((long)http_num(&r, "privacy_version"), 1);
	assert_non_null(http_str(&r, "privacy_accepted_at"));   /* the clock runs on: see below */
	assert_int_equal(strncmp(http_str(&r, "privacy_accepted_at"), "2019-06-20T10:0", 15), 0);
	assert_false(cJSON_IsTrue(cJSON_GetObjectItem(r.json, "consent_needed")));
	http_reply_free(&r);
	/* A new version: union admins may not publish one; the province does. */
	const char notice[] = "{\"text\":\"第二版告知：我们收集姓名、手机号码和步数，用于活动的统计和奖励，活动结束后删除。\"}";
	as_admin(&xa, &r, "PUT", "/admin/api/privacy?aid=1", notice);
	expect_error(&r, 403, "forbidden", NULL);
	as_admin(&prov, &r, "PUT", "/admin/api/privacy?aid=1", "{\"text\":\"短\"}");
	expect_error(&r, 400, "validation_failed", "text");
	as_admin(&prov, &r, "PUT", "/admin/api/privacy?aid=1", notice);
	expect_status(&r, 200);
	assert_int_equal((long)http_num(&r, "version"), 2);
	http_reply_free(&r);
	assert_int_equal(audit_count("privacy.publish", "prov"), 1);
	/* The enrollment now says that consent is needed, and a change asks for it. */
	stack_clock(&S, "2019-06-21T10:00:00+08:00");
	assert_int_equal(walker_req(&jia, &r, "GET", "/api/activities/1/enrollment", NULL), 0);
	assert_true(cJSON_IsTrue(cJSON_GetObjectItem(r.json, "consent_needed")));
	assert_int_equal((long)http_num(&r, "privacy_current"), 2);
	http_reply_free(&r);
	enroll(&jia, "王甲", JIA_MOBILE, "xa", 1, 400, "validation_failed");
	enroll(&jia, "王甲", JIA_MOBILE, "xa", 2, 200, NULL);
	assert_int_equal(walker_req(&jia, &r, "GET", "/api/activities/1/enrollment", NULL), 0);
	assert_false(cJSON_IsTrue(cJSON_GetObjectItem(r.json, "consent_needed")));
	/* The stack's clock runs on from where it was set (a loaded machine may
	 * take a second or more to get here): the minute is what is sure. */
	assert_non_null(http_str(&r, "privacy_accepted_at"));
	assert_int_equal(strncmp(http_str(&r, "privacy_accepted_at"), "2019-06-21T10:0", 15), 0);
	assert_string_equal(http_str(&r, "mobile"), JIA_MOBILE);   /* the owner's own, opened */
	http_reply_free(&r);
	enroll(&yi, "李乙", YI_MOBILE, "xa", 2, 201, NULL);
	enroll(&bing, "赵丙", "13600001111", "bj", 2, 201, NULL);
	enroll(&ding, DING_NAME, DING_MOBILE, "xa", 2, 201, NULL);
}

static void mobiles_and_addresses_are_sealed_in_the_file(void **state)
{
	(void)state;
	assert_int_equal(stack_sql_int(&S, "SELECT count(*) FROM enrollments WHERE mobile NOT LIKE 's1:%'"), 0);
	assert_int_equal(stack_sql_int(&S, "SELECT count(*) FROM enrollments WHERE length(mobile_index) = 64"), 4);
	/* An award with an address, given through the API. */
	sql("INSERT INTO awards (activity_id, user_id, kind, grand_prize_id, entry_no, created_at)"
	    " SELECT 1, user_id, 'grand', 1, 1, 0 FROM enrollments WHERE name = '李乙'");
	award_id = stack_sql_int(&S, "SELECT max(id) FROM awards");
	char path[128], body[256];
	snprintf(path, sizeof path, "/api/activities/1/me/awards/%ld/address", award_id);
	snprintf(body, sizeof body, "{\"recipient\":\"%s\",\"mobile\":\"13511112222\",\"division\":\"610113\","
	         "\"detail\":\"%s\"}", RECIPIENT, DETAIL);
	struct http_reply r;
	assert_int_equal(walker_req(&yi, &r, "PUT", path, body), 0);
	expect_status(&r, 201);
	http_reply_free(&r);
	assert_int_equal(walker_req(&yi, &r, "GET", "/api/activities/1/me/awards", NULL), 0);
	assert_non_null(strstr(r.body, DETAIL));   /* the owner sees it whole */
	http_reply_free(&r);
	assert_int_equal(stack_sql_int(&S, "SELECT count(*) FROM awards WHERE recipient LIKE 's1:%'"
	                                   " AND mobile LIKE 's1:%' AND detail LIKE 's1:%'"), 1);
	/* Neither the database file nor its WAL holds any of them in the clear. */
	const char *plain[] = { JIA_MOBILE, YI_MOBILE, DING_MOBILE, "13511112222", RECIPIENT, DETAIL };
	for (size_t i = 0; i < sizeof plain / sizeof plain[0]; i++)
		if (file_holds(plain[i]))
			fail_msg("the database holds %s in the clear", plain[i]);
	assert_true(file_holds("李乙"));   /* the search itself finds what is there */
}

static void search_by_number_and_last_four(void **state)
{
	(void)state;
	struct http_reply r;
	as_admin(&xa, &r, "GET", "/admin/api/participants?aid=1&q=" JIA_MOBILE, NULL);
	expect_status(&r, 200);
	assert_int_equal((long)http_num(&r, "total"), 1);
	cJSON *item = cJSON_GetArrayItem(cJSON_GetObjectItem(r.json, "items"), 0);
	assert_int_equal((long)cJSON_GetNumberValue(cJSON_GetObjectItem(item, "user_id")), jia.user_id);
	assert_string_equal(cJSON_GetStringValue(cJSON_GetObjectItem(item, "mobile")), "139****4321");
	http_reply_free(&r);
	as_admin(&xa, &r, "GET", "/admin/api/participants?aid=1&q=0987", NULL);
	expect_status(&r, 200);
	assert_int_equal((long)http_num(&r, "total"), 1);
	item = cJSON_GetArrayItem(cJSON_GetObjectItem(r.json, "items"), 0);
	assert_int_equal((long)cJSON_GetNumberValue(cJSON_GetObjectItem(item, "user_id")), yi.user_id);
	http_reply_free(&r);
	as_admin(&xa, &r, "GET", "/admin/api/participants?aid=1&q=13987654320", NULL);
	assert_int_equal((long)http_num(&r, "total"), 0);
	http_reply_free(&r);
	/* Another union's number is not found by a union admin. */
	as_admin(&bj, &r, "GET", "/admin/api/participants?aid=1&q=" JIA_MOBILE, NULL);
	assert_int_equal((long)http_num(&r, "total"), 0);
	http_reply_free(&r);
}

static void admin_views_of_whole_data_are_audited(void **state)
{
	(void)state;
	struct http_reply r;
	char path[128], q[256];
	snprintf(path, sizeof path, "/admin/api/participants/%ld/mobile?aid=1", jia.user_id);
	admin_client_req(NULL, &S, &r, "GET", path, NULL, NULL, ADMIN_WITH_CSRF);
	expect_error(&r, 401, "unauthenticated", NULL);
	as_admin(&bj, &r, "GET", path, NULL);
	expect_error(&r, 404, "not_found", NULL);
	assert_int_equal(audit_count("participant.mobile_view", "bj-admin"), 0);
	as_admin(&xa, &r, "GET", path, NULL);
	expect_status(&r, 200);
	assert_string_equal(http_str(&r, "mobile"), JIA_MOBILE);
	http_reply_free(&r);
	snprintf(q, sizeof q, "SELECT count(*) FROM audit_log WHERE action = 'participant.mobile_view'"
	                      " AND actor = 'xa-admin' AND target = 'user:%ld'", jia.user_id);
	assert_int_equal(stack_sql_int(&S, q), 1);
	/* The shipping list shows addresses whole: each view is recorded with
	 * the awards it showed. */
	as_admin(&prov, &r, "GET", "/admin/api/shipping?aid=1", NULL);
	expect_status(&r, 200);
	assert_non_null(strstr(r.body, DETAIL));
	http_reply_free(&r);
	snprintf(q, sizeof q, "SELECT count(*) FROM audit_log WHERE action = 'shipping.view' AND actor = 'prov'"
	                      " AND after LIKE '%%awards%%[%ld]%%'", award_id);
	assert_int_equal(stack_sql_int(&S, q), 1);
	as_admin(&prov, &r, "GET", "/admin/api/shipping.csv?aid=1", NULL);
	expect_status(&r, 200);
	char head[256];
	http_header(&r, "Content-Disposition", head, sizeof head);
	assert_string_equal(head, "attachment; filename=\"shipping-all-2019-06-21-prov.csv\"");
	http_reply_free(&r);
	assert_int_equal(audit_count("shipping.export", "prov"), 1);
	as_admin(&xa, &r, "GET", "/admin/api/participants.csv?aid=1", NULL);
	expect_status(&r, 200);
	http_header(&r, "Content-Disposition", head, sizeof head);
	assert_string_equal(head, "attachment; filename=\"participants-xa-2019-06-21-xa-admin.csv\"");
	http_reply_free(&r);
	assert_int_equal(audit_count("participants.export", "xa-admin"), 1);
	/* What the audit log keeps of them is never the value. */
	assert_int_equal(stack_sql_int(&S, "SELECT count(*) FROM audit_log WHERE after LIKE '%" JIA_MOBILE "%'"
	                                   " OR after LIKE '%" DETAIL "%'"), 0);
}

static void own_data_is_everything_and_only_mine(void **state)
{
	(void)state;
	stack_clock(&S, "2019-07-03T10:00:00+08:00");
	char q[512];
	snprintf(q, sizeof q, "INSERT INTO daily_steps (activity_id, user_id, day, raw_steps, settled, first_sync_at,"
	         " last_sync_at) SELECT 1, user_id, d, 8000 + user_id, 1, 1561982400, 1561982400 FROM enrollments,"
	         " (SELECT '2019-07-01' AS d UNION SELECT '2019-07-02')");
	sql(q);
	char out[2048];
	if (stack_sh(&S, out, sizeof out, "walkctl settle") != 0)
		fail_msg("walkctl settle: %s", out);
	struct http_reply r;
	assert_int_equal(walker_req(&yi, &r, "GET", "/api/me/data", NULL), 0);
	expect_status(&r, 200);
	cJSON *profile = cJSON_GetObjectItem(r.json, "profile");
	assert_int_equal((long)cJSON_GetNumberValue(cJSON_GetObjectItem(profile, "id")), yi.user_id);
	cJSON *enrollments = cJSON_GetObjectItem(r.json, "enrollments");
	assert_int_equal(cJSON_GetArraySize(enrollments), 1);
	assert_string_equal(cJSON_GetStringValue(cJSON_GetObjectItem(cJSON_GetArrayItem(enrollments, 0), "mobile")),
	                    YI_MOBILE);
	cJSON *award = cJSON_GetArrayItem(cJSON_GetObjectItem(r.json, "awards"), 0);
	assert_string_equal(cJSON_GetStringValue(cJSON_GetObjectItem(award, "detail")), DETAIL);
	assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(r.json, "days")), 2);
	snprintf(q, sizeof q, "SELECT count(*) FROM ledger WHERE user_id = %ld", yi.user_id);
	long ledger = stack_sql_int(&S, q);
	assert_true(ledger > 0);
	assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(r.json, "ledger")), ledger);
	/* Nothing of anyone else. */
	assert_null(strstr(r.body, JIA_MOBILE));
	assert_null(strstr(r.body, "王甲"));
	assert_null(strstr(r.body, jia.openid));
	http_reply_free(&r);
	assert_int_equal(walker_req(&jia, &r, "GET", "/api/me/data", NULL), 0);
	assert_null(strstr(r.body, YI_MOBILE));
	assert_null(strstr(r.body, DETAIL));
	assert_null(strstr(r.body, "李乙"));
	assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(r.json, "awards")), 0);
	http_reply_free(&r);
}

/* What the boards and the union figures say, without the names. */
static void figures(char *out, size_t size)
{
	struct http_reply r;
	as_admin(&prov, &r, "GET", "/admin/api/unions/stats?aid=1", NULL);
	expect_status(&r, 200);
	int n = snprintf(out, size, "%s|", r.body);
	http_reply_free(&r);
	assert_int_equal(walker_req(&jia, &r, "GET", "/api/activities/1/boards/people?limit=50", NULL), 0);
	expect_status(&r, 200);
	cJSON *item;
	cJSON_ArrayForEach(item, cJSON_GetObjectItem(r.json, "items")) {
		n += snprintf(out + n, size - (size_t)n, "%g,%s,%g;", cJSON_GetNumberValue(cJSON_GetObjectItem(item, "rank")),
		              cJSON_GetStringValue(cJSON_GetObjectItem(item, "union")),
		              cJSON_GetNumberValue(cJSON_GetObjectItem(item, "cumulative")));
	}
	http_reply_free(&r);
}

static void erasure_keeps_the_figures_and_removes_the_person(void **state)
{
	(void)state;
	char before[8192], after[8192], q[512];
	figures(before, sizeof before);
	assert_non_null(strchr(before, ';'));   /* the board has rows */
	struct http_reply r;
	assert_int_equal(walker_req(&ding, &r, "DELETE", "/api/me", "{}"), 0);
	expect_error(&r, 400, "validation_failed", "confirm");
	/* A red envelope on its way (of yesterday: today's red envelopes are a
	 * figure of the dashboard, and this one is the test's own): settled first. */
	snprintf(q, sizeof q, "INSERT INTO draws (activity_id, user_id, idem_key, amount_fen, day, created_at)"
	         " VALUES (1, %ld, 'pii-test-key-0001', 30, '2019-07-02', 0);"
	         " INSERT INTO payouts (draw_id, attempt, out_bill_no, openid, amount_fen, state, next_try_at,"
	         " created_at, updated_at) VALUES (last_insert_rowid(), 1, 'piibill0001', '%s', 30, 'wait_confirm',"
	         " 0, 0, 0)", ding.user_id, ding.openid);
	sql(q);
	assert_int_equal(walker_req(&ding, &r, "DELETE", "/api/me", "{\"confirm\":\"删除\"}"), 0);
	expect_error(&r, 409, "payout_pending", NULL);
	sql("UPDATE payouts SET state = 'paid', final_at = 1 WHERE out_bill_no = 'piibill0001'");
	/* An essay and a photo of theirs go too, the photo's files through the trash. */
	snprintf(q, sizeof q, "INSERT INTO essays (activity_id, user_id, seq, text, state, created_at)"
	         " VALUES (1, %ld, 1, '删除者的感言二十个字以上删除者的感言二十个字以上', 'accepted', 0);"
	         " INSERT INTO checkpoint_photos (activity_id, user_id, seq, file_id, uploaded_at)"
	         " VALUES (1, %ld, 1, 'feedfacefeedfacefeedfacefeedface', 0)", ding.user_id, ding.user_id);
	sql(q);
	assert_int_equal(walker_req(&ding, &r, "DELETE", "/api/me", "{\"confirm\":\"删除\"}"), 0);
	expect_status(&r, 200);
	assert_true(cJSON_IsTrue(cJSON_GetObjectItem(r.json, "erased")));
	http_reply_free(&r);
	/* Signed out, and nothing personal left. */
	assert_int_equal(walker_req(&ding, &r, "GET", "/api/me/data", NULL), 0);
	expect_error(&r, 401, "unauthenticated", NULL);
	snprintf(q, sizeof q, "SELECT count(*) FROM users WHERE id = %ld AND openid = 'erased:%ld'"
	         " AND session_key = '' AND erased_at IS NOT NULL", ding.user_id, ding.user_id);
	assert_int_equal(stack_sql_int(&S, q), 1);
	snprintf(q, sizeof q, "SELECT (SELECT count(*) FROM essays WHERE user_id = %ld)"
	         " + (SELECT count(*) FROM checkpoint_photos WHERE user_id = %ld)", ding.user_id, ding.user_id);
	assert_int_equal(stack_sql_int(&S, q), 0);
	assert_int_equal(stack_sql_int(&S, "SELECT count(*) FROM media_trash"
	                                   " WHERE file_id = 'feedfacefeedfacefeedfacefeedface'"), 1);
	snprintf(q, sizeof q, "SELECT count(*) FROM payouts WHERE openid = '%s'", ding.openid);
	assert_int_equal(stack_sql_int(&S, q), 0);
	snprintf(q, sizeof q, "SELECT count(*) FROM audit_log WHERE action = 'user.erase' AND target = 'user:%ld'",
	         ding.user_id);
	assert_int_equal(stack_sql_int(&S, q), 1);
	assert_int_equal(stack_sql_int(&S, "SELECT count(*) FROM audit_log WHERE after LIKE '%" DING_NAME "%'"), 0);
	/* The boards and the union figures are what they were. */
	figures(after, sizeof after);
	assert_string_equal(before, after);
	/* Not a byte of the name, the mobile or the openid left in the file once
	 * the WAL is checkpointed. */
	sql("PRAGMA wal_checkpoint(TRUNCATE)");
	assert_false(file_holds(DING_NAME));
	assert_false(file_holds(DING_MOBILE));
	assert_false(file_holds(ding.openid));
	assert_true(file_holds("王甲"));
}

static void purge_enforces_the_retention_periods(void **state)
{
	(void)state;
	struct http_reply r;
	char out[2048], q[256];
	as_admin(&xa, &r, "PUT", "/admin/api/retention?aid=1", "{\"address_keep_days\":10,\"person_keep_days\":30}");
	expect_error(&r, 403, "forbidden", NULL);
	as_admin(&prov, &r, "PUT", "/admin/api/retention?aid=1", "{\"address_keep_days\":-1,\"person_keep_days\":30}");
	expect_error(&r, 400, "validation_failed", "address_keep_days");
	as_admin(&prov, &r, "PUT", "/admin/api/retention?aid=1", "{\"address_keep_days\":10,\"person_keep_days\":30}");
	expect_status(&r, 200);
	http_reply_free(&r);
	assert_int_equal(audit_count("retention.set", "prov"), 1);
	snprintf(q, sizeof q, "UPDATE awards SET shipped_at = 1570579200, courier = '顺丰', tracking = 'SF1234567'"
	                      " WHERE id = %ld", award_id);   /* 2019-10-09 08:00 +08:00 */
	sql(q);
	/* Nine days after the delivery and a day after the last day: nothing yet. */
	stack_clock(&S, "2019-10-18T09:00:00+08:00");
	assert_int_equal(stack_sh(&S, out, sizeof out, "walkctl purge"), 0);
	assert_non_null(strstr(out, "activity 1: 0 addresses deleted, 0 people pseudonymised"));
	/* Ten days after: the address goes; the people stay. */
	stack_clock(&S, "2019-10-19T09:00:00+08:00");
	assert_int_equal(stack_sh(&S, out, sizeof out, "walkctl purge"), 0);
	assert_non_null(strstr(out, "activity 1: 1 addresses deleted, 0 people pseudonymised"));
	assert_int_equal(stack_sql_int(&S, "SELECT count(*) FROM awards WHERE recipient IS NOT NULL"), 0);
	assert_int_equal(stack_sql_int(&S, "SELECT count(*) FROM enrollments WHERE name = '王甲'"), 1);
	/* Thirty days after the end of the last day (2019-10-08): names and mobiles go, and
	 * the logins with them. */
	stack_clock(&S, "2019-11-07T20:00:00+08:00");
	walker_relogin(&jia);
	assert_int_equal(walker_req(&jia, &r, "GET", "/api/activities/1/enrollment", NULL), 0);
	expect_status(&r, 200);
	http_reply_free(&r);
	stack_clock(&S, "2019-11-08T00:00:00+08:00");
	assert_int_equal(stack_sh(&S, out, sizeof out, "walkctl purge"), 0);
	assert_non_null(strstr(out, "0 addresses deleted, 3 people pseudonymised"));
	assert_int_equal(stack_sql_int(&S, "SELECT count(*) FROM enrollments WHERE name <> '匿名用户' OR mobile <> ''"), 0);
	assert_int_equal(stack_sql_int(&S, "SELECT count(*) FROM sessions"), 0);
	assert_int_equal(stack_sql_int(&S, "SELECT count(*) FROM users WHERE session_key <> ''"), 0);
	assert_int_equal(stack_sql_int(&S, "SELECT count(*) FROM audit_log WHERE action = 'pii.purge'"), 2);
	assert_int_equal(walker_req(&jia, &r, "GET", "/api/activities/1/enrollment", NULL), 0);
	expect_error(&r, 401, "unauthenticated", NULL);
	/* Once done, a later run has nothing left to do. */
	assert_int_equal(stack_sh(&S, out, sizeof out, "walkctl purge"), 0);
	assert_non_null(strstr(out, "0 addresses deleted, 0 people pseudonymised"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(consent_is_required_and_versioned),
		cmocka_unit_test(mobiles_and_addresses_are_sealed_in_the_file),
		cmocka_unit_test(search_by_number_and_last_four),
		cmocka_unit_test(admin_views_of_whole_data_are_audited),
		cmocka_unit_test(own_data_is_everything_and_only_mine),
		cmocka_unit_test(erasure_keeps_the_figures_and_removes_the_person),
		cmocka_unit_test(purge_enforces_the_retention_periods),
	};
	return cmocka_run_group_tests(tests, start_stack, stop_stack);
}
