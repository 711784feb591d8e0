/*
 * Fair play through the real stack (RULES §14): the flags the pass raises
 * after walkctl settle, the admin's list, clear, disqualify and requalify
 * (scope, CSRF, bad input, audit rows), and what a disqualification does: no
 * red envelope (403 disqualified), no prize entry, off the people board from
 * the next settlement, and the team judged without them from that day on.
 *
 * The data: team 甲队 of six in 西安市总工会 (xa): 甲, 乙, 戊一, 戊二, 戊三
 * walk 8000 a day, 丙 3000 (under the 6000 member target, so the team misses
 * its target with them); 丁 of 宝鸡市总工会 (bj) alone.  丙 has 12 refused
 * WeRun payloads; 丁 enrolled with two mobiles.  Steps are written with SQL
 * (the sync is t_werun's), as the settlement reads them.  The tests share one
 * stack and run in main()'s order.
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

enum { JIA, YI, WU1, WU2, WU3, BING, DING, PEOPLE };
static struct stack S;
static struct walker W[PEOPLE];
static struct admin_client prov, xa, bj;
static long team_id;

static void sql(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static void sql(const char *fmt, ...)
{
	char statement[1024], out[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(statement, sizeof statement, fmt, ap);
	va_end(ap);
	if (stack_sh(&S, out, sizeof out, "sqlite3 \"$WALK_VAR/walk.db\" \"%s\"", statement) != 0)
		fail_msg("sqlite3 %s: %s", statement, out);
}

static long sql_int(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static long sql_int(const char *fmt, ...)
{
	char statement[1024];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(statement, sizeof statement, fmt, ap);
	va_end(ap);
	return stack_sql_int(&S, statement);
}

/* walkctl args; its output into out, and its exit status. */
static int walkctl(char *out, int size, const char *args)
{
	return stack_sh(&S, out, size, "walkctl %s", args);
}

static void enroll(struct walker *w, const char *name, const char *union_code, const char *mobile)
{
	walker_enroll_as(w, &(struct walker_enrollment){ .name = name, .mobile = mobile, .union_code = union_code });
}

static int start_stack(void **state)
{
	(void)state;
	if (stack_start(&S, "fairplay", NULL) != 0)
		return -1;
	admin_client_add(&prov, &S, "prov", "prov-pass-2019", NULL);
	admin_client_add(&xa, &S, "xa-admin", "xa-pass-2019", "xa");
	admin_client_add(&bj, &S, "bj-admin", "bj-pass-2019", "bj");
	stack_clock(&S, "2019-06-20T10:00:00+08:00");
	static const char *const names[PEOPLE] = { "王甲", "李乙", "周戊一", "吴戊二", "郑戊三", "赵丙", "孙丁" };
	for (int i = 0; i < PEOPLE; i++) {
		char mobile[24];
		snprintf(mobile, sizeof mobile, "1390000000%d", i);
		walker_login(&W[i], &S, NULL);
		enroll(&W[i], names[i], i == DING ? "bj" : "xa", mobile);
	}
	enroll(&W[DING], "孙丁", "bj", "13700000007");   /* a second mobile */
	sql("INSERT INTO teams (activity_id, name, leader_id, created_at) VALUES (1, '甲队', %ld, 0)", W[JIA].user_id);
	team_id = sql_int("SELECT id FROM teams WHERE name = '甲队'");
	for (int i = JIA; i <= BING; i++)
		sql("INSERT INTO team_members (activity_id, team_id, user_id, joined_at) VALUES (1, %ld, %ld, 0)", team_id,
		    W[i].user_id);
	sql("INSERT INTO werun_flags (activity_id, user_id, refusals, first_at, last_at, last_reason, window_start,"
	    " window_refusals) VALUES (1, %ld, 12, 1561000000, 1561000100, 'werun_undecryptable: duplicate key',"
	    " 1561000000, 2)", W[BING].user_id);
	return 0;
}

static int stop_stack(void **state)
{
	(void)state;
	stack_stop(&S);
	return 0;
}

/* The team's day as written with SQL: five at 8000, 丙 at 3000, 丁 at 5000. */
static void walk_day(const char *day)
{
	for (int i = 0; i < PEOPLE; i++)
		sql("INSERT INTO daily_steps (activity_id, user_id, day, raw_steps, settled, first_sync_at, last_sync_at)"
		    " VALUES (1, %ld, '%s', %d, 1, 0, 0)", W[i].user_id, day, i == BING ? 3000 : i == DING ? 5000 : 8000);
}

static void settle_ok(const char *expect)
{
	char out[8192];
	int rc = walkctl(out, sizeof out, "settle");
	if (rc != 0 || (expect && !strstr(out, expect)))
		fail_msg("walkctl settle (%d), expected '%s':\n%s", rc, expect ? expect : "", out);
}

static void as_admin(const struct admin_client *a, struct http_reply *r, const char *method, const char *path,
                     const char *json)
{
	admin_client_req(a, &S, r, method, path, json ? "application/json" : NULL, json, ADMIN_WITH_CSRF);
}

static const cJSON *member(const cJSON *o, const char *name)
{
	return cJSON_GetObjectItemCaseSensitive(o, name);
}

/* The id of the flag of kind for walker i (-1 when none in the list). */
static long flag_of(const cJSON *items, int i, const char *kind)
{
	const cJSON *f;
	cJSON_ArrayForEach(f, items) {
		if ((long)cJSON_GetNumberValue(member(f, "user_id")) == W[i].user_id &&
		    strcmp(cJSON_GetStringValue(member(f, "kind")), kind) == 0)
			return (long)cJSON_GetNumberValue(member(f, "id"));
	}
	return -1;
}

static void the_pass_after_settle_raises_flags_for_the_admins_in_scope(void **state)
{
	(void)state;
	char out[4096];
	stack_clock(&S, "2019-07-02T00:30:00+08:00");
	assert_int_equal(walkctl(out, sizeof out, "golive"), 0);
	walk_day("2019-07-01");
	settle_ok("flags up to 2019-07-01: cap_often 0, same_counts 0, team_same_counts 0, bad_payloads 1, multi_mobile 1");
	/* The team of 07-01, with 丙: six members, 43000 steps, target missed (丙 under 6000). */
	assert_int_equal(sql_int("SELECT members || team_steps || met FROM team_days WHERE day = '2019-07-01'"), 6430000);
	struct http_reply r;
	as_admin(&prov, &r, "GET", "/admin/api/flags", NULL);
	expect_status(&r, 200);
	const cJSON *items = member(r.json, "items");
	assert_int_equal(cJSON_GetArraySize(items), 2);
	assert_true(flag_of(items, BING, "bad_payloads") > 0);
	assert_true(flag_of(items, DING, "multi_mobile") > 0);
	const cJSON *first = cJSON_GetArrayItem(items, 1);   /* newest first: 丙's came first */
	assert_string_equal(cJSON_GetStringValue(member(first, "union")), "xa");
	assert_string_equal(cJSON_GetStringValue(member(first, "state")), "open");
	assert_int_equal((int)cJSON_GetNumberValue(member(member(first, "evidence"), "refusals")), 12);
	http_reply_free(&r);
	/* A union admin sees their own union's flags only. */
	as_admin(&xa, &r, "GET", "/admin/api/flags", NULL);
	expect_status(&r, 200);
	assert_int_equal(cJSON_GetArraySize(member(r.json, "items")), 1);
	assert_true(flag_of(member(r.json, "items"), BING, "bad_payloads") > 0);
	http_reply_free(&r);
	as_admin(&xa, &r, "GET", "/admin/api/flags?union=bj", NULL);
	expect_error(&r, 403, "forbidden", NULL);
	as_admin(&prov, &r, "GET", "/admin/api/flags?union=bj&kind=multi_mobile", NULL);
	expect_status(&r, 200);
	assert_int_equal(cJSON_GetArraySize(member(r.json, "items")), 1);
	http_reply_free(&r);
	as_admin(&prov, &r, "GET", "/admin/api/flags?kind=shaking", NULL);
	expect_error(&r, 400, "validation_failed", "kind");
	as_admin(&prov, &r, "GET", "/admin/api/flags?state=maybe", NULL);
	expect_error(&r, 400, "validation_failed", "state");
	admin_client_req(NULL, &S, &r, "GET", "/admin/api/flags", NULL, NULL, ADMIN_NO_CSRF);
	expect_error(&r, 401, "unauthenticated", NULL);
	/* Again: the same evidence raises nothing, and the ledger stays as it was. */
	long ledger_rows = sql_int("SELECT count(*) FROM ledger"), ledger_sum = sql_int("SELECT sum(amount) FROM ledger");
	assert_int_equal(walkctl(out, sizeof out, "flags"), 0);
	assert_non_null(strstr(out, "cap_often 0, same_counts 0, team_same_counts 0, bad_payloads 0, multi_mobile 0"));
	assert_int_equal(sql_int("SELECT count(*) FROM fairplay_flags"), 2);
	assert_int_equal(sql_int("SELECT count(*) FROM ledger"), ledger_rows);
	assert_int_equal(sql_int("SELECT sum(amount) FROM ledger"), ledger_sum);
}

static void clearing_a_flag_is_scoped_checked_and_audited(void **state)
{
	(void)state;
	long bing_flag = sql_int("SELECT id FROM fairplay_flags WHERE kind = 'bad_payloads'");
	long ding_flag = sql_int("SELECT id FROM fairplay_flags WHERE kind = 'multi_mobile'");
	char path[128], ding_path[128];
	snprintf(path, sizeof path, "/admin/api/flags/%ld/clear", bing_flag);
	snprintf(ding_path, sizeof ding_path, "/admin/api/flags/%ld/clear", ding_flag);
	struct http_reply r;
	const char *body = "{\"reason\":\"手机系统升级导致，已核实\"}";
	admin_client_req(NULL, &S, &r, "POST", path, "application/json", body, ADMIN_NO_CSRF);
	expect_error(&r, 401, "unauthenticated", NULL);
	admin_client_req(&xa, &S, &r, "POST", path, "application/json", body, ADMIN_NO_CSRF);
	expect_error(&r, 403, "forbidden", NULL);
	as_admin(&xa, &r, "POST", ding_path, body);   /* bj's participant */
	expect_error(&r, 403, "forbidden", NULL);
	as_admin(&xa, &r, "POST", path, "{\"reason\":\"\"}");
	expect_error(&r, 400, "validation_failed", "reason");
	as_admin(&xa, &r, "POST", path, "{\"reason\":42}");
	expect_error(&r, 400, "validation_failed", "reason");
	as_admin(&xa, &r, "POST", "/admin/api/flags/999999/clear", body);
	expect_error(&r, 404, "not_found", NULL);
	assert_int_equal(sql_int("SELECT count(*) FROM fairplay_flags WHERE state = 'cleared'"), 0);
	assert_int_equal(sql_int("SELECT count(*) FROM audit_log WHERE action = 'flag.clear'"), 0);
	as_admin(&xa, &r, "POST", path, body);
	expect_status(&r, 200);
	assert_string_equal(http_str(&r, "state"), "cleared");
	assert_string_equal(http_str(&r, "cleared_by"), "xa-admin");
	assert_string_equal(http_str(&r, "clear_reason"), "手机系统升级导致，已核实");
	http_reply_free(&r);
	as_admin(&xa, &r, "POST", path, body);
	expect_error(&r, 409, "already_cleared", NULL);
	char target[64];
	snprintf(target, sizeof target, "flag:%ld", bing_flag);
	assert_int_equal(sql_int("SELECT count(*) FROM audit_log WHERE action = 'flag.clear' AND actor = 'xa-admin'"
	                         " AND target = '%s' AND json_extract(before, '$.state') = 'open'"
	                         " AND json_extract(after, '$.state') = 'cleared'", target), 1);
	/* The open list no longer holds it; the list of every state does. */
	as_admin(&xa, &r, "GET", "/admin/api/flags", NULL);
	assert_int_equal(cJSON_GetArraySize(member(r.json, "items")), 0);
	http_reply_free(&r);
	as_admin(&xa, &r, "GET", "/admin/api/flags?state=cleared", NULL);
	assert_int_equal(cJSON_GetArraySize(member(r.json, "items")), 1);
	http_reply_free(&r);
}

static void draw(struct walker *w, const char *key, struct http_reply *r)
{
	char header[128];
	snprintf(header, sizeof header, "Idempotency-Key: %s", key);
	const char *headers[] = { w->auth, header, NULL };
	assert_int_equal(stack_req(r, &S, WALK, "POST", "/api/activities/1/draws", NULL, NULL, 0, headers), 0);
}

static void disqualifying_is_scoped_checked_and_audited(void **state)
{
	(void)state;
	stack_clock(&S, "2019-07-02T10:00:00+08:00");
	char path[128], ding_path[128];
	snprintf(path, sizeof path, "/admin/api/participants/%ld/disqualify", W[BING].user_id);
	snprintf(ding_path, sizeof ding_path, "/admin/api/participants/%ld/disqualify", W[DING].user_id);
	const char *body = "{\"reason\":\"步数与团队成员雷同，摇步机\"}";
	struct http_reply r;
	admin_client_req(NULL, &S, &r, "POST", path, "application/json", body, ADMIN_NO_CSRF);
	expect_error(&r, 401, "unauthenticated", NULL);
	admin_client_req(&xa, &S, &r, "POST", path, "application/json", body, ADMIN_BAD_CSRF);
	expect_error(&r, 403, "forbidden", NULL);
	as_admin(&bj, &r, "POST", path, body);
	expect_error(&r, 403, "forbidden", NULL);
	as_admin(&xa, &r, "POST", ding_path, body);
	expect_error(&r, 403, "forbidden", NULL);
	as_admin(&xa, &r, "POST", path, "{}");
	expect_error(&r, 400, "validation_failed", "reason");
	as_admin(&prov, &r, "POST", "/admin/api/participants/999999/disqualify", body);
	expect_error(&r, 404, "not_found", NULL);
	assert_int_equal(sql_int("SELECT count(*) FROM disqualifications"), 0);
	as_admin(&xa, &r, "POST", path, body);
	expect_status(&r, 200);
	assert_true(cJSON_IsTrue(member(r.json, "disqualified")));
	assert_string_equal(http_str(&r, "from_day"), "2019-07-02");
	http_reply_free(&r);
	as_admin(&xa, &r, "POST", path, body);
	expect_error(&r, 409, "already_disqualified", NULL);
	assert_int_equal(sql_int("SELECT count(*) FROM audit_log WHERE action = 'participant.disqualify'"
	                         " AND target = 'participant:%ld' AND json_extract(before, '$.disqualified') = 0"
	                         " AND json_extract(after, '$.disqualified') = 1"
	                         " AND json_extract(after, '$.reason') = '步数与团队成员雷同，摇步机'", W[BING].user_id), 1);
	/* The participant view shows it. */
	char view[128];
	snprintf(view, sizeof view, "/admin/api/participants/%ld", W[BING].user_id);
	as_admin(&xa, &r, "GET", view, NULL);
	expect_status(&r, 200);
	assert_true(cJSON_IsTrue(member(member(r.json, "fairplay"), "disqualified")));
	assert_true(cJSON_IsTrue(member(r.json, "disqualified")));
	http_reply_free(&r);
	as_admin(&xa, &r, "GET", "/admin/api/participants?q=赵丙", NULL);
	expect_status(&r, 200);
	assert_true(cJSON_IsTrue(member(cJSON_GetArrayItem(member(r.json, "items"), 0), "disqualified")));
	http_reply_free(&r);
	as_admin(&xa, &r, "GET", "/admin/api/participants?q=王甲", NULL);
	assert_false(cJSON_IsTrue(member(cJSON_GetArrayItem(member(r.json, "items"), 0), "disqualified")));
	http_reply_free(&r);
}

static void the_disqualified_draw_no_red_envelope(void **state)
{
	(void)state;
	char out[2048];
	assert_int_equal(walkctl(out, sizeof out, "pool set --tier 30=10"), 0);
	for (int i = JIA; i <= BING; i += BING - JIA)
		sql("INSERT INTO ledger (activity_id, user_id, kind, ref, amount, created_at)"
		    " VALUES (1, %ld, 'adjust', '90001', 40, 1562000000)", W[i].user_id);
	long balance = sql_int("SELECT sum(amount) FROM ledger WHERE user_id = %ld", W[BING].user_id);
	struct http_reply r;
	draw(&W[BING], "fairplay-key-bing-0001", &r);
	expect_error(&r, 403, "disqualified", NULL);
	assert_int_equal(sql_int("SELECT sum(amount) FROM ledger WHERE user_id = %ld", W[BING].user_id), balance);
	assert_int_equal(sql_int("SELECT count(*) FROM draws WHERE user_id = %ld", W[BING].user_id), 0);
	draw(&W[JIA], "fairplay-key-jia-00001", &r);   /* the pool works for the others */
	expect_status(&r, 201);
	http_reply_free(&r);
}

static void the_next_settlement_judges_the_team_without_them_and_drops_them_from_the_board(void **state)
{
	(void)state;
	long on_board = sql_int("SELECT count(*) FROM people_board WHERE user_id = %ld", W[BING].user_id);
	assert_int_equal(on_board, 2);   /* the province's list and xa's, after 07-01 */
	long steps_points = sql_int("SELECT count(*) FROM ledger WHERE user_id = %ld AND kind = 'steps'", W[BING].user_id);
	stack_clock(&S, "2019-07-03T00:30:00+08:00");
	walk_day("2019-07-02");
	settle_ok("2019-07-02");
	/* By hand: five members of 8000 = 40000 >= 36000, each >= 6000: met. */
	assert_int_equal(sql_int("SELECT members || team_steps || met FROM team_days WHERE day = '2019-07-02'"), 5400001);
	assert_int_equal(sql_int("SELECT count(*) FROM ledger WHERE kind = 'team_target' AND ref = '2019-07-02'"), 5);
	assert_int_equal(sql_int("SELECT count(*) FROM ledger WHERE kind = 'team_target' AND user_id = %ld",
	                         W[BING].user_id), 0);
	/* The day of 07-01 stands as it was; 丙 keeps walking and earning step points. */
	assert_int_equal(sql_int("SELECT members || team_steps || met FROM team_days WHERE day = '2019-07-01'"), 6430000);
	assert_int_equal(sql_int("SELECT count(*) FROM ledger WHERE user_id = %ld AND kind = 'steps'", W[BING].user_id),
	                 steps_points + 1);
	/* The team board: 1 compliant day, 43000 + 40000 steps over 5 members. */
	char out[256];
	assert_int_equal(stack_sh(&S, out, sizeof out, "sqlite3 \"$WALK_VAR/walk.db\" \"SELECT compliant_days || '-' ||"
	                                               " team_steps || '-' || per_capita || '-' || members FROM team_board"
	                                               " WHERE as_of = '2019-07-02' AND team_id = %ld\"", team_id), 0);
	assert_string_equal(out, "1-83000-16600-5\n");
	assert_int_equal(sql_int("SELECT count(*) FROM people_board WHERE user_id = %ld", W[BING].user_id), 0);
	struct http_reply r;
	assert_int_equal(walker_req(&W[JIA], &r, "GET", "/api/activities/1/boards/people", NULL), 0);
	expect_status(&r, 200);
	assert_int_equal(cJSON_GetArraySize(member(r.json, "items")), PEOPLE - 1);
	http_reply_free(&r);
}

static void requalifying_undoes_it_for_the_following_days(void **state)
{
	(void)state;
	char path[128];
	snprintf(path, sizeof path, "/admin/api/participants/%ld/requalify", W[BING].user_id);
	struct http_reply r;
	admin_client_req(&xa, &S, &r, "POST", path, "application/json", "{\"reason\":\"复核\"}", ADMIN_NO_CSRF);
	expect_error(&r, 403, "forbidden", NULL);
	as_admin(&bj, &r, "POST", path, "{\"reason\":\"复核\"}");
	expect_error(&r, 403, "forbidden", NULL);
	as_admin(&xa, &r, "POST", path, "{\"reason\":\"复核后确认为本人步数\"}");
	expect_status(&r, 200);
	assert_false(cJSON_IsTrue(member(r.json, "disqualified")));
	assert_string_equal(http_str(&r, "to_day"), "2019-07-03");
	http_reply_free(&r);
	as_admin(&xa, &r, "POST", path, "{\"reason\":\"复核\"}");
	expect_error(&r, 409, "not_disqualified", NULL);
	assert_int_equal(sql_int("SELECT count(*) FROM audit_log WHERE action = 'participant.requalify'"
	                         " AND json_extract(before, '$.disqualified') = 1"
	                         " AND json_extract(after, '$.disqualified') = 0"), 1);
	draw(&W[BING], "fairplay-key-bing-0002", &r);
	expect_status(&r, 201);
	http_reply_free(&r);
	/* 07-03, the day of the requalification, is still judged without 丙; 07-04 with. */
	walk_day("2019-07-03");
	stack_clock(&S, "2019-07-04T00:30:00+08:00");
	settle_ok("2019-07-03");
	assert_int_equal(sql_int("SELECT members FROM team_days WHERE day = '2019-07-03'"), 5);
	assert_int_equal(sql_int("SELECT count(*) FROM people_board WHERE user_id = %ld", W[BING].user_id), 2);
	walk_day("2019-07-04");
	stack_clock(&S, "2019-07-05T00:30:00+08:00");
	/* A failing flags pass (a table it reads is gone) leaves the day settled:
	 * exit status 4, not 1. */
	sql("ALTER TABLE werun_flags RENAME TO werun_flags_away");
	char out[8192];
	int rc = walkctl(out, sizeof out, "settle");
	sql("ALTER TABLE werun_flags_away RENAME TO werun_flags");
	if (rc != 4 || !strstr(out, "2019-07-04") || !strstr(out, "flags: activity 1"))
		fail_msg("walkctl settle with a failing flags pass (%d):\n%s", rc, out);
	assert_int_equal(sql_int("SELECT count(*) FROM settled_days WHERE day = '2019-07-04'"), 1);
	assert_int_equal(sql_int("SELECT members || team_steps || met FROM team_days WHERE day = '2019-07-04'"), 6430000);
	assert_int_equal(walkctl(out, sizeof out, "flags"), 0);
	/* A day whose counts may still grow is no day to look at, nor to
	 * remember as looked at. */
	rc = walkctl(out, sizeof out, "flags --day 2019-07-05");
	if (rc != 1 || !strstr(out, "2019-07-05 is not over yet"))
		fail_msg("walkctl flags --day 2019-07-05 (%d):\n%s", rc, out);
	assert_int_equal(sql_int("SELECT count(*) FROM fairplay_passes WHERE last_day > '2019-07-04'"), 0);
}

static void the_disqualified_enter_no_prize_draw(void **state)
{
	(void)state;
	for (int i = JIA; i <= BING; i += BING - JIA)
		sql("INSERT INTO badges (activity_id, user_id, kind, earned_at) VALUES (1, %ld, 'full_attendance', 1570500000)",
		    W[i].user_id);
	stack_clock(&S, "2019-10-09T10:00:00+08:00");
	char path[128];
	snprintf(path, sizeof path, "/admin/api/participants/%ld/disqualify", W[BING].user_id);
	struct http_reply r;
	as_admin(&prov, &r, "POST", path, "{\"reason\":\"再次发现摇步\"}");
	expect_status(&r, 200);
	assert_string_equal(http_str(&r, "from_day"), "2019-10-09");
	http_reply_free(&r);
	as_admin(&prov, &r, "POST", "/admin/api/prizes", "{\"name\":\"小米手环3\",\"quantity\":1}");
	expect_status(&r, 200);
	http_reply_free(&r);
	as_admin(&prov, &r, "POST", "/admin/api/prizes/commit", NULL);
	expect_status(&r, 200);
	http_reply_free(&r);
	assert_int_equal(sql_int("SELECT count(*) FROM prize_entries WHERE user_id = %ld", W[JIA].user_id), 1);
	assert_int_equal(sql_int("SELECT count(*) FROM prize_entries WHERE user_id = %ld", W[BING].user_id), 0);
	assert_int_equal(sql_int("SELECT count(*) FROM disqualifications WHERE user_id = %ld", W[BING].user_id), 2);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(the_pass_after_settle_raises_flags_for_the_admins_in_scope),
		cmocka_unit_test(clearing_a_flag_is_scoped_checked_and_audited),
		cmocka_unit_test(disqualifying_is_scoped_checked_and_audited),
		cmocka_unit_test(the_disqualified_draw_no_red_envelope),
		cmocka_unit_test(the_next_settlement_judges_the_team_without_them_and_drops_them_from_the_board),
		cmocka_unit_test(requalifying_undoes_it_for_the_following_days),
		cmocka_unit_test(the_disqualified_enter_no_prize_draw),
	};
	return cmocka_run_group_tests(tests, start_stack, stop_stack);
}
