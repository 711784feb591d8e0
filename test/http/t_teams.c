/*
 * Teams through the real stack (RULES §5–§6, API.md "Teams"): create with
 * WeChat's text check, invites, join, the leader's bonus, leave and dissolve,
 * targets from tomorrow, announcements, boards, and seven people racing for
 * the last place.
 *
 * Order: the tests share one stack and run in main()'s order.  Each sets the
 * server clock it needs and makes its own participants, but a later test may
 * see what an earlier one left (rows, counts, the clock's day): run the file
 * as a whole, and add a test at the end unless it is independent of the rest.
 */
#include "walker.h"

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

static int start_stack(void **state)
{
	(void)state;
	if (stack_start(&S, "teams", "WALK_WORKERS=4 WALK_WX_TIMEOUT_MS=1500") != 0)
		return -1;
	stack_clock(&S, "2019-06-20T10:00:00+08:00");   /* public test: before the first day */
	return 0;
}

static int stop_stack(void **state)
{
	(void)state;
	stack_stop(&S);
	return 0;
}



/* Creates a team; returns its id. */
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

static void invite(struct walker *leader, char *token, size_t size)
{
	struct http_reply r;
	assert_int_equal(walker_req(leader, &r, "POST", "/api/activities/1/teams/mine/invites", NULL), 0);
	expect_status(&r, 201);
	snprintf(token, size, "%s", http_str(&r, "invite"));
	assert_int_equal(strlen(token), 43);
	http_reply_free(&r);
}

static long join(struct walker *w, const char *token)
{
	char body[128];
	snprintf(body, sizeof body, "{\"invite\":\"%s\"}", token);
	struct http_reply r;
	assert_int_equal(walker_req(w, &r, "POST", "/api/activities/1/teams/join", body), 0);
	long status = r.status;
	http_reply_free(&r);
	return status;
}

static long balance(struct walker *w)
{
	struct http_reply r;
	assert_int_equal(walker_req(w, &r, "GET", "/api/activities/1/me", NULL), 0);
	long v = (long)http_num(&r, "balance");
	http_reply_free(&r);
	return v;
}

static void verdict(const char *contains, const char *suggest)
{
	char body[256];
	snprintf(body, sizeof body, "{\"contains\":\"%s\",\"suggest\":\"%s\"}", contains, suggest);
	struct http_reply r;
	assert_int_equal(stack_post(&r, &S, FAKE, "/fake/verdicts", body), 0);
	expect_status(&r, 200);
	http_reply_free(&r);
}


/* ---------------------------------------------------------------- create */

static void create_a_team(void **state)
{
	(void)state;
	struct walker leader, other, stranger;
	walker_person(&leader, &S, "周一");
	walker_person(&other, &S, "吴二");
	walker_login(&stranger, &S, NULL);   /* not enrolled */
	struct http_reply r;
	const char *bad[] = { "{\"name\":\"队\"}", "{\"name\":\"一二三四五六七八九十一二三四五六七\"}",
	                      "{\"name\":\" 前进队\"}", "{\"name\":\"前进队 \"}", "{\"name\":12}", "{}",
	                      /* invisible and direction-changing characters: "前进队" lookalikes */
	                      "{\"name\":\"前进\u200b队\"}", "{\"name\":\"\u202e前进队\"}",
	                      "{\"name\":\"前进队\ufeff\"}" };
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		assert_int_equal(walker_req(&leader, &r, "POST", "/api/activities/1/teams", bad[i]), 0);
		expect_error(&r, 400, "validation_failed", "name");
	}
	assert_int_equal(walker_req(&stranger, &r, "POST", "/api/activities/1/teams", "{\"name\":\"陌生队\"}"), 0);
	expect_error(&r, 403, "not_enrolled", NULL);

	assert_int_equal(walker_req(&leader, &r, "POST", "/api/activities/1/teams", "{\"name\":\"健步先锋队\"}"), 0);
	expect_status(&r, 201);
	assert_string_equal(http_str(&r, "name"), "健步先锋队");
	assert_true(cJSON_IsTrue(cJSON_GetObjectItem(r.json, "is_leader")));
	assert_int_equal((int)http_num(&r, "member_count"), 1);
	assert_int_equal((int)http_num(&r, "size"), 6);
	cJSON *today = cJSON_GetObjectItem(cJSON_GetObjectItem(r.json, "targets"), "today");
	assert_int_equal((int)cJSON_GetNumberValue(cJSON_GetObjectItem(today, "member_target")), 6000);
	assert_int_equal((int)cJSON_GetNumberValue(cJSON_GetObjectItem(today, "team_target")), 36000);
	http_reply_free(&r);

	assert_int_equal(walker_req(&leader, &r, "POST", "/api/activities/1/teams", "{\"name\":\"第二个队\"}"), 0);
	expect_error(&r, 409, "already_in_team", NULL);
	assert_int_equal(walker_req(&other, &r, "POST", "/api/activities/1/teams", "{\"name\":\"健步先锋队\"}"), 0);
	expect_error(&r, 409, "name_taken", "name");
	assert_int_equal(walker_req(&other, &r, "GET", "/api/activities/1/teams/mine", NULL), 0);
	expect_error(&r, 404, "not_found", NULL);
	/* "me" shows the team. */
	assert_int_equal(walker_req(&leader, &r, "GET", "/api/activities/1/me", NULL), 0);
	cJSON *team = cJSON_GetObjectItem(r.json, "team");
	assert_string_equal(cJSON_GetStringValue(cJSON_GetObjectItem(team, "name")), "健步先锋队");
	http_reply_free(&r);
}

/* WeChat's text check decides (WECHAT.md §4); one access_token serves all. */
static void names_go_through_the_text_check(void **state)
{
	(void)state;
	struct walker a, b, c, d;
	walker_person(&a, &S, "郑三");
	walker_person(&b, &S, "王四");
	walker_person(&c, &S, "冯五");
	walker_person(&d, &S, "陈六");
	verdict("违禁", "risky");
	verdict("待审", "review");
	int tokens_before = stack_fake_calls(&S, "token");
	struct http_reply r;
	assert_int_equal(walker_req(&a, &r, "POST", "/api/activities/1/teams", "{\"name\":\"违禁词队\"}"), 0);
	expect_error(&r, 422, "content_rejected", NULL);
	assert_int_equal(walker_req(&a, &r, "GET", "/api/activities/1/teams/mine", NULL), 0);
	expect_error(&r, 404, "not_found", NULL);   /* nothing was created */

	long flagged_id = create_team(&b, "待审核的队");
	char sql[128];
	snprintf(sql, sizeof sql, "SELECT name_flagged FROM teams WHERE id = %ld", flagged_id);
	assert_int_equal(stack_sql_int(&S, sql), 1);
	/* The check was asked with the user's openid and the name. */
	assert_int_equal(stack_get(&r, &S, FAKE, "/fake/calls?api=msg_sec_check"), 0);
	assert_non_null(strstr(r.body, b.openid));
	assert_non_null(strstr(r.body, "待审核的队"));
	http_reply_free(&r);
	/* A stale token (40001) is replaced and the check retried. */
	assert_int_equal(stack_post(&r, &S, FAKE, "/fake/faults", "{\"api\":\"msg_sec_check\",\"fault\":\"stale_token\"}"), 0);
	http_reply_free(&r);
	create_team(&c, "刷新令牌队");
	/* One new token replaced the refused one; every other check reused the shared token. */
	assert_int_equal(stack_fake_calls(&S, "token") - tokens_before, 1);
	assert_int_equal(stack_fake_calls(&S, "token"), 2);   /* in this whole stack's life: the first, and its replacement */
	/* WeChat down: 502, nothing created. */
	assert_int_equal(stack_post(&r, &S, FAKE, "/fake/faults", "{\"api\":\"msg_sec_check\",\"fault\":\"5xx\"}"), 0);
	http_reply_free(&r);
	assert_int_equal(walker_req(&d, &r, "POST", "/api/activities/1/teams", "{\"name\":\"故障时的队\"}"), 0);
	expect_error(&r, 502, "wechat_error", NULL);
	assert_int_equal(stack_sql_int(&S, "SELECT count(*) FROM teams WHERE name = '故障时的队'"), 0);
	create_team(&d, "故障时的队");   /* and it works once WeChat is back */
}

/* ---------------------------------------------------------------- invites and joining */

static void invites_join_and_the_leader_bonus(void **state)
{
	(void)state;
	struct walker leader, m[6];
	walker_person(&leader, &S, "蒋队长");
	for (int i = 0; i < 6; i++)
		walker_person(&m[i], &S, "韩队员");
	create_team(&leader, "满员测试队");
	char token[64];
	invite(&leader, token, sizeof token);
	struct http_reply r;
	assert_int_equal(walker_req(&m[0], &r, "POST", "/api/activities/1/teams/mine/invites", NULL), 0);
	expect_error(&r, 404, "not_found", NULL);   /* not in a team */
	assert_int_equal(join(&m[0], "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"), 404);
	assert_int_equal(join(&m[0], "not-a-token"), 404);
	assert_int_equal(walker_req(&m[0], &r, "POST", "/api/activities/1/teams/join", "{}"), 0);
	expect_error(&r, 400, "validation_failed", "invite");
	for (int i = 0; i < 4; i++)
		assert_int_equal(join(&m[i], token), 200);
	assert_int_equal(join(&m[0], token), 409);   /* already in (this) team */
	assert_int_equal(walker_req(&m[0], &r, "POST", "/api/activities/1/teams/mine/invites", NULL), 0);
	expect_error(&r, 403, "not_leader", NULL);
	assert_int_equal(balance(&leader), 0);
	/* The sixth member fills the team: +20 for the leader, once. */
	assert_int_equal(join(&m[4], token), 200);
	assert_int_equal(balance(&leader), 20);
	assert_int_equal(join(&m[5], token), 409);
	assert_int_equal(walker_req(&m[5], &r, "POST", "/api/activities/1/teams/join", "{\"invite\":\"x\"}"), 0);
	expect_error(&r, 404, "not_found", NULL);
	char body[128];
	snprintf(body, sizeof body, "{\"invite\":\"%s\"}", token);
	assert_int_equal(walker_req(&m[5], &r, "POST", "/api/activities/1/teams/join", body), 0);
	expect_error(&r, 409, "team_full", NULL);
	assert_int_equal(walker_req(&leader, &r, "POST", "/api/activities/1/teams/mine/invites", NULL), 0);
	expect_error(&r, 409, "team_full", NULL);

	/* Members see each other's names and steps, never a mobile number. */
	assert_int_equal(walker_req(&m[1], &r, "GET", "/api/activities/1/teams/mine", NULL), 0);
	expect_status(&r, 200);
	assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(r.json, "members")), 6);
	cJSON *first = cJSON_GetArrayItem(cJSON_GetObjectItem(r.json, "members"), 0);
	assert_string_equal(cJSON_GetStringValue(cJSON_GetObjectItem(first, "name")), "蒋队长");
	assert_true(cJSON_IsTrue(cJSON_GetObjectItem(first, "is_leader")));
	assert_null(strstr(r.body, "13912345678"));
	assert_null(strstr(r.body, "mobile"));
	assert_false(cJSON_IsTrue(cJSON_GetObjectItem(r.json, "is_leader")));
	http_reply_free(&r);
	/* The bonus stays single even if the team fills again (a member leaves, another joins). */
	assert_int_equal(walker_req(&m[4], &r, "POST", "/api/activities/1/teams/mine/leave", NULL), 0);
	expect_status(&r, 200);
	http_reply_free(&r);
	char again[64];
	invite(&leader, again, sizeof again);
	assert_int_equal(join(&m[5], again), 200);
	assert_int_equal(balance(&leader), 20);
	snprintf(body, sizeof body, "SELECT count(*) FROM ledger WHERE kind = 'leader_full_team' AND user_id = %ld",
	         leader.user_id);
	assert_int_equal(stack_sql_int(&S, body), 1);
}

static void invites_expire_after_seven_days(void **state)
{
	(void)state;
	struct walker leader, early, late;
	walker_person(&leader, &S, "杨队长");
	walker_person(&early, &S, "马及时");
	walker_person(&late, &S, "朱迟到");
	create_team(&leader, "过期邀请队");
	/* The clock keeps running from where it is set: the invite is made within
	 * seconds of 10:00:00, and the checks keep a margin of a minute. */
	stack_clock(&S, "2019-06-20T10:00:00+08:00");
	char token[64];
	invite(&leader, token, sizeof token);
	stack_clock(&S, "2019-06-27T09:59:00+08:00");   /* a minute before seven days */
	assert_int_equal(join(&early, token), 200);
	stack_clock(&S, "2019-06-27T10:01:00+08:00");   /* a minute after */
	assert_int_equal(join(&late, token), 410);
	stack_clock(&S, "2019-06-20T10:00:00+08:00");
}

/* ---------------------------------------------------------------- leaving */

static void leaving_and_dissolving_before_the_first_day(void **state)
{
	(void)state;
	struct walker leader, member;
	walker_person(&leader, &S, "秦队长");
	walker_person(&member, &S, "尤队员");
	create_team(&leader, "解散测试队");
	char token[64];
	invite(&leader, token, sizeof token);
	assert_int_equal(join(&member, token), 200);
	struct http_reply r;
	assert_int_equal(walker_req(&leader, &r, "POST", "/api/activities/1/teams/mine/leave", NULL), 0);
	expect_error(&r, 409, "leader_has_members", NULL);
	assert_int_equal(walker_req(&member, &r, "POST", "/api/activities/1/teams/mine/leave", NULL), 0);
	expect_status(&r, 200);
	assert_false(cJSON_IsTrue(cJSON_GetObjectItem(r.json, "dissolved")));
	http_reply_free(&r);
	assert_int_equal(walker_req(&leader, &r, "POST", "/api/activities/1/teams/mine/leave", NULL), 0);
	expect_status(&r, 200);
	assert_true(cJSON_IsTrue(cJSON_GetObjectItem(r.json, "dissolved")));
	http_reply_free(&r);
	/* The name is free again, and the member may lead a team of their own. */
	create_team(&member, "解散测试队");
	/* From the first day, membership is final. */
	stack_clock(&S, "2019-07-01T00:00:00+08:00");
	assert_int_equal(walker_req(&member, &r, "POST", "/api/activities/1/teams/mine/leave", NULL), 0);
	expect_error(&r, 409, "membership_locked", NULL);
	stack_clock(&S, "2019-06-20T10:00:00+08:00");
}

/* ---------------------------------------------------------------- targets */

static long target_of(struct walker *w, const char *when, const char *which)
{
	struct http_reply r;
	assert_int_equal(walker_req(w, &r, "GET", "/api/activities/1/teams/mine", NULL), 0);
	expect_status(&r, 200);
	cJSON *t = cJSON_GetObjectItem(cJSON_GetObjectItem(r.json, "targets"), when);
	long v = (long)cJSON_GetNumberValue(cJSON_GetObjectItem(t, which));
	http_reply_free(&r);
	return v;
}

static void targets_change_from_tomorrow(void **state)
{
	(void)state;
	stack_clock(&S, "2019-07-02T18:00:00+08:00");
	struct walker leader, member;
	walker_person(&leader, &S, "许队长");
	walker_person(&member, &S, "何队员");
	create_team(&leader, "目标测试队");
	char token[64];
	invite(&leader, token, sizeof token);
	assert_int_equal(join(&member, token), 200);
	struct http_reply r;
	const char *bad[][2] = {
		{ "{\"member_target\":5999,\"team_target\":36000}", "member_target" },
		{ "{\"member_target\":10001,\"team_target\":36000}", "member_target" },
		{ "{\"member_target\":7000.5,\"team_target\":42000}", "member_target" },
		{ "{\"member_target\":\"7000\",\"team_target\":42000}", "member_target" },
		{ "{\"member_target\":7000,\"team_target\":35999}", "team_target" },
		{ "{\"member_target\":7000,\"team_target\":60001}", "team_target" },
		{ "{\"member_target\":7000}", "team_target" },
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		assert_int_equal(walker_req(&leader, &r, "PUT", "/api/activities/1/teams/mine/targets", bad[i][0]), 0);
		expect_error(&r, 400, "validation_failed", bad[i][1]);
	}
	assert_int_equal(walker_req(&member, &r, "PUT", "/api/activities/1/teams/mine/targets",
	                            "{\"member_target\":7000,\"team_target\":42000}"), 0);
	expect_error(&r, 403, "not_leader", NULL);
	assert_int_equal(walker_req(&leader, &r, "PUT", "/api/activities/1/teams/mine/targets",
	                            "{\"member_target\":7000,\"team_target\":42000}"), 0);
	expect_status(&r, 200);
	assert_string_equal(http_str(&r, "effective_from"), "2019-07-03");
	http_reply_free(&r);
	assert_int_equal(target_of(&member, "today", "member_target"), 6000);
	assert_int_equal(target_of(&member, "tomorrow", "member_target"), 7000);
	assert_int_equal(target_of(&member, "tomorrow", "team_target"), 42000);
	stack_clock(&S, "2019-07-03T00:00:00+08:00");
	assert_int_equal(target_of(&member, "today", "member_target"), 7000);
	assert_int_equal(target_of(&member, "today", "team_target"), 42000);
	/* The extremes are allowed. */
	assert_int_equal(walker_req(&leader, &r, "PUT", "/api/activities/1/teams/mine/targets",
	                            "{\"member_target\":10000,\"team_target\":60000}"), 0);
	expect_status(&r, 200);
	http_reply_free(&r);
	stack_clock(&S, "2019-06-20T10:00:00+08:00");
}

/* ---------------------------------------------------------------- announcements */

static void announcements_from_the_leader(void **state)
{
	(void)state;
	struct walker leader, member, outsider;
	walker_person(&leader, &S, "吕队长");
	walker_person(&member, &S, "施队员");
	walker_person(&outsider, &S, "张路人");
	create_team(&leader, "公告测试队");
	char token[64];
	invite(&leader, token, sizeof token);
	assert_int_equal(join(&member, token), 200);
	struct http_reply r;
	assert_int_equal(walker_req(&leader, &r, "POST", "/api/activities/1/teams/mine/announcements",
	                            "{\"text\":\"今晚八点一起走\"}"), 0);
	expect_status(&r, 201);
	http_reply_free(&r);
	assert_int_equal(walker_req(&leader, &r, "POST", "/api/activities/1/teams/mine/announcements",
	                            "{\"text\":\"明天早上七点集合\"}"), 0);
	expect_status(&r, 201);
	http_reply_free(&r);
	assert_int_equal(walker_req(&leader, &r, "POST", "/api/activities/1/teams/mine/announcements",
	                            "{\"text\":\"违禁内容\"}"), 0);
	expect_error(&r, 422, "content_rejected", NULL);
	assert_int_equal(walker_req(&leader, &r, "POST", "/api/activities/1/teams/mine/announcements", "{\"text\":\"\"}"), 0);
	expect_error(&r, 400, "validation_failed", "text");
	char big[1700] = "{\"text\":\"";
	for (int i = 0; i < 501; i++)
		strcat(big, "走");
	strcat(big, "\"}");
	assert_int_equal(walker_req(&leader, &r, "POST", "/api/activities/1/teams/mine/announcements", big), 0);
	expect_error(&r, 400, "validation_failed", "text");
	assert_int_equal(walker_req(&member, &r, "POST", "/api/activities/1/teams/mine/announcements",
	                            "{\"text\":\"我也想发\"}"), 0);
	expect_error(&r, 403, "not_leader", NULL);

	assert_int_equal(walker_req(&member, &r, "GET", "/api/activities/1/teams/mine/announcements", NULL), 0);
	expect_status(&r, 200);
	assert_int_equal(cJSON_GetArraySize(r.json), 2);
	cJSON *newest = cJSON_GetArrayItem(r.json, 0);
	assert_string_equal(cJSON_GetStringValue(cJSON_GetObjectItem(newest, "text")), "明天早上七点集合");
	assert_string_equal(cJSON_GetStringValue(cJSON_GetObjectItem(newest, "author")), "吕队长");
	http_reply_free(&r);
	assert_int_equal(walker_req(&outsider, &r, "GET", "/api/activities/1/teams/mine/announcements", NULL), 0);
	expect_error(&r, 404, "not_found", NULL);
}

/* ---------------------------------------------------------------- boards */

static void boards_are_empty_before_any_settlement(void **state)
{
	(void)state;
	struct walker w;
	walker_person(&w, &S, "沈看板");
	struct http_reply r;
	assert_int_equal(walker_req(&w, &r, "GET", "/api/activities/1/boards/teams?offset=0&limit=50", NULL), 0);
	expect_status(&r, 200);
	assert_true(cJSON_IsNull(cJSON_GetObjectItem(r.json, "as_of")));
	assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(r.json, "items")), 0);
	http_reply_free(&r);
	assert_int_equal(walker_req(&w, &r, "GET", "/api/activities/1/boards/people?scope=union", NULL), 0);
	expect_status(&r, 200);
	http_reply_free(&r);
	assert_int_equal(walker_req(&w, &r, "GET", "/api/activities/1/boards/people?scope=world", NULL), 0);
	expect_error(&r, 400, "validation_failed", "scope");
	assert_int_equal(walker_req(&w, &r, "GET", "/api/activities/1/boards/teams?limit=1000", NULL), 0);
	expect_error(&r, 400, "validation_failed", "limit");
}

/* ---------------------------------------------------------------- the race */

struct join_call {
	struct walker *w;
	const char *token;
	long status;
};

static void *join_run(void *arg)
{
	struct join_call *c = arg;
	c->status = join(c->w, c->token);
	return NULL;
}

/* Seven people join a team of five at the same instant: exactly one gets in. */
static void seven_racing_for_the_last_place(void **state)
{
	(void)state;
	struct walker leader, first[4], racers[7];
	walker_person(&leader, &S, "孔队长");
	for (int i = 0; i < 4; i++)
		walker_person(&first[i], &S, "曹队员");
	for (int i = 0; i < 7; i++)
		walker_person(&racers[i], &S, "严选手");
	create_team(&leader, "抢位测试队");
	char token[64];
	invite(&leader, token, sizeof token);
	for (int i = 0; i < 4; i++)
		assert_int_equal(join(&first[i], token), 200);
	struct join_call calls[7];
	pthread_t threads[7];
	for (int i = 0; i < 7; i++) {
		calls[i] = (struct join_call){ .w = &racers[i], .token = token };
		pthread_create(&threads[i], NULL, join_run, &calls[i]);
	}
	int ok = 0, full = 0;
	for (int i = 0; i < 7; i++) {
		pthread_join(threads[i], NULL);
		ok += calls[i].status == 200;
		full += calls[i].status == 409;
	}
	assert_int_equal(ok, 1);
	assert_int_equal(full, 6);
	assert_int_equal(balance(&leader), 20);
	char sql[160];
	snprintf(sql, sizeof sql, "SELECT count(*) FROM team_members m JOIN teams t ON t.id = m.team_id "
	         "WHERE t.name = '抢位测试队' AND m.left_at IS NULL");
	assert_int_equal(stack_sql_int(&S, sql), 6);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(create_a_team),
		cmocka_unit_test(names_go_through_the_text_check),
		cmocka_unit_test(invites_join_and_the_leader_bonus),
		cmocka_unit_test(invites_expire_after_seven_days),
		cmocka_unit_test(leaving_and_dissolving_before_the_first_day),
		cmocka_unit_test(targets_change_from_tomorrow),
		cmocka_unit_test(announcements_from_the_leader),
		cmocka_unit_test(boards_are_empty_before_any_settlement),
		cmocka_unit_test(seven_racing_for_the_last_place),
	};
	return cmocka_run_group_tests(tests, start_stack, stop_stack);
}
