/*
 * Checkpoints through the real stack (RULES §7, §10; API.md "Checkpoints"):
 * two participants walk the public test's days with real syncs and nightly
 * settlements until the first two checkpoints light; quizzes failed and
 * passed on the shifted clock (the right answer is read from the database,
 * never from the API); every refusal; an essay of each verdict; the admin
 * queue and the quiz bank with their scopes and CSRF; walkctl quiz import;
 * the wipe at go-live.
 *
 * The tests share one stack and run in the order of main(), each starting
 * where the one before left the clock and the database.
 */
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
static struct walker P, Q;   /* P in 西安 (xa), Q in 宝鸡 (bj) */

#define TWENTY_CHARS "今天走到了大雁塔，风景真好，明天继续走路"   /* 20 characters */

static int start_stack(void **state)
{
	(void)state;
	return stack_start(&S, "checkpoints", NULL);
}

static int stop_stack(void **state)
{
	(void)state;
	stack_stop(&S);
	return 0;
}

static void sh_ok(const char *cmd)
{
	char out[4096];
	if (stack_sh(&S, out, sizeof out, "%s", cmd) != 0)
		fail_msg("%s: %s", cmd, out);
}

static void sync_steps(struct walker *w, const char *day, long steps)
{
	char steps_json[128], body[4096];
	snprintf(steps_json, sizeof steps_json, "[{\"day\":\"%s\",\"step\":%ld}]", day, steps);
	walker_werun(w, steps_json, NULL, body, sizeof body);
	struct http_reply r;
	walker_sync(w, body, &r);
	if (r.status != 200)
		fail_msg("sync: %ld %s", r.status, r.body);
	http_reply_free(&r);
}

/* Both walk 10,000 steps on day (2019-06-DD) in the settle window; the
 * nightly settlement runs after midnight. */
static void walk_day(int dd)
{
	char day[16], at[48];
	snprintf(day, sizeof day, "2019-06-%02d", dd);
	snprintf(at, sizeof at, "%sT20:30:00+08:00", day);
	stack_clock(&S, at);
	sync_steps(&P, day, 10000);
	sync_steps(&Q, day, 10000);
	snprintf(at, sizeof at, "2019-06-%02dT00:30:00+08:00", dd + 1);
	stack_clock(&S, at);
	sh_ok("walkctl settle");
}

static void path_of(char *out, size_t size, int no, const char *what)
{
	snprintf(out, size, "/api/activities/1/checkpoints/%d/%s", no, what);
}

static void expect_refusal(struct walker *w, const char *method, int no, const char *what, const char *json,
                           long status, const char *code)
{
	char path[96];
	path_of(path, sizeof path, no, what);
	struct http_reply r;
	assert_int_equal(walker_req(w, &r, method, path, json), 0);
	expect_error(&r, status, code, NULL);
}

/* POST …/question: the id of the question given; asserts its shape. */
static long ask(struct walker *w, int no)
{
	char path[96];
	path_of(path, sizeof path, no, "question");
	struct http_reply r;
	assert_int_equal(walker_req(w, &r, "POST", path, NULL), 0);
	if (r.status != 200)
		fail_msg("question %d: %ld %s", no, r.status, r.body);
	long id = (long)http_num(&r, "question_id");
	assert_true(id > 0);
	assert_true(*http_str(&r, "text"));
	assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(r.json, "options")), 4);
	/* The right choice never leaves the server. */
	assert_null(cJSON_GetObjectItem(r.json, "answer"));
	assert_null(strstr(r.body, "answer"));
	http_reply_free(&r);
	return id;
}

static long right_choice(long question_id)
{
	char sql[96];
	snprintf(sql, sizeof sql, "SELECT answer FROM quiz_questions WHERE id = %ld", question_id);
	return stack_sql_int(&S, sql);
}

/* POST …/answer; the reply is the caller's. */
static void answer(struct walker *w, int no, long question_id, long choice, struct http_reply *r)
{
	char path[96], body[64];
	path_of(path, sizeof path, no, "answer");
	snprintf(body, sizeof body, "{\"question_id\":%ld,\"choice\":%ld}", question_id, choice);
	assert_int_equal(walker_req(w, r, "POST", path, body), 0);
}

static void pass(struct walker *w, int no)
{
	long q = ask(w, no);
	struct http_reply r;
	answer(w, no, q, right_choice(q), &r);
	if (r.status != 200 || !cJSON_IsTrue(cJSON_GetObjectItem(r.json, "passed")))
		fail_msg("pass %d: %ld %s", no, r.status, r.body);
	http_reply_free(&r);
}

/* GET …/checkpoints: the item of checkpoint no, in *r (the caller frees). */
static cJSON *item(struct walker *w, int no, struct http_reply *r)
{
	assert_int_equal(walker_req(w, r, "GET", "/api/activities/1/checkpoints", NULL), 0);
	expect_status(r, 200);
	cJSON *items = cJSON_GetObjectItem(r->json, "items");
	assert_int_equal(cJSON_GetArraySize(items), 13);
	return cJSON_GetArrayItem(items, no - 1);
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

static void essay(struct walker *w, int no, const char *text, struct http_reply *r)
{
	char path[96], body[8192];
	path_of(path, sizeof path, no, "essay");
	snprintf(body, sizeof body, "{\"text\":\"%s\"}", text);
	assert_int_equal(walker_req(w, r, "POST", path, body), 0);
}

/* ---------------------------------------------------------------- the route */

static void before_walking_nothing_is_lit(void **state)
{
	(void)state;
	stack_clock(&S, "2019-06-18T09:00:00+08:00");
	walker_person(&P, &S, "张闯关");
	walker_login(&Q, &S, NULL);
	walker_enroll(&Q, "李闯关", "bj");
	struct http_reply r;
	cJSON *first = item(&P, 1, &r);
	assert_int_equal((long)http_num(&r, "cumulative"), 0);
	assert_string_equal(cJSON_GetStringValue(cJSON_GetObjectItem(first, "name")), "西安");
	assert_string_equal(cJSON_GetStringValue(cJSON_GetObjectItem(first, "landmark")), "大雁塔");
	assert_int_equal((long)cJSON_GetNumberValue(cJSON_GetObjectItem(first, "threshold")), 30000);
	assert_true(cJSON_IsFalse(cJSON_GetObjectItem(first, "lit")));
	assert_true(cJSON_IsNull(cJSON_GetObjectItem(first, "passed_at")));
	assert_true(cJSON_IsNull(cJSON_GetObjectItem(first, "essay")));
	cJSON *last = cJSON_GetArrayItem(cJSON_GetObjectItem(r.json, "items"), 12);
	assert_int_equal((long)cJSON_GetNumberValue(cJSON_GetObjectItem(last, "threshold")), 700000);
	http_reply_free(&r);
	expect_refusal(&P, "POST", 1, "question", NULL, 409, "not_lit");
	expect_refusal(&P, "POST", 2, "question", NULL, 409, "not_in_order");
	expect_refusal(&P, "POST", 14, "question", NULL, 404, "not_found");
	expect_refusal(&P, "POST", 0, "question", NULL, 404, "not_found");
	expect_refusal(&P, "POST", 1, "essay", "{\"text\":\"" TWENTY_CHARS "\"}", 409, "not_passed");
	/* Not enrolled: nobody's route. */
	struct walker stranger;
	walker_login(&stranger, &S, NULL);
	expect_refusal(&stranger, "POST", 1, "question", NULL, 403, "not_enrolled");
}

static void the_first_lights_once_today_is_settled(void **state)
{
	(void)state;
	walk_day(18);
	walk_day(19);
	/* 06-20 in the morning: 20,000 counted, today's steps provisional. */
	stack_clock(&S, "2019-06-20T10:00:00+08:00");
	sync_steps(&P, "2019-06-20", 10000);
	assert_int_equal(walker_me_number(&P, "lit"), 0);
	expect_refusal(&P, "POST", 1, "question", NULL, 409, "not_lit");
	/* At 20:30 the day is settled by the sync: 30,000, the first lights. */
	walk_day(20);
	stack_clock(&S, "2019-06-21T10:00:00+08:00");
	struct http_reply r;
	cJSON *first = item(&P, 1, &r);
	assert_int_equal((long)http_num(&r, "cumulative"), 30000);
	assert_true(cJSON_IsTrue(cJSON_GetObjectItem(first, "lit")));
	assert_true(cJSON_IsFalse(cJSON_GetObjectItem(first, "passed")));
	assert_true(cJSON_IsFalse(cJSON_GetObjectItem(first, "poster")));
	http_reply_free(&r);
	assert_int_equal(walker_me_number(&P, "lit"), 1);
	assert_int_equal(walker_me_number(&P, "passed"), 0);
	expect_refusal(&P, "POST", 2, "question", NULL, 409, "not_in_order");
}

static void a_wrong_answer_waits_then_a_fresh_question_passes(void **state)
{
	(void)state;
	long q1 = ask(&P, 1);
	struct http_reply r;
	answer(&P, 1, q1, (right_choice(q1) + 1) % 4, &r);
	expect_status(&r, 200);
	assert_true(cJSON_IsFalse(cJSON_GetObjectItem(r.json, "correct")));
	assert_int_equal((long)http_num(&r, "retry_after"), 3);
	assert_null(strstr(r.body, "answer"));
	http_reply_free(&r);
	/* Within quiz_retry_s, on the server clock: 429 with Retry-After. */
	answer(&P, 1, q1, right_choice(q1), &r);
	assert_error(&r, 429, "rate_limited", NULL);
	char retry[16];
	http_header(&r, "Retry-After", retry, sizeof retry);
	assert_true(atoi(retry) >= 1 && atoi(retry) <= 3);
	http_reply_free(&r);
	expect_refusal(&P, "POST", 1, "question", NULL, 429, "rate_limited");
	assert_int_equal(stack_sql_int(&S, "SELECT count(*) FROM checkpoint_passes"), 0);

	stack_clock(&S, "2019-06-21T10:00:10+08:00");
	/* The question answered wrong can be answered no more. */
	answer(&P, 1, q1, right_choice(q1), &r);
	expect_error(&r, 409, "question_mismatch", NULL);
	long q2 = ask(&P, 1);
	assert_true(q2 != q1);   /* a fresh one: an unseen question is preferred */
	answer(&P, 1, q1, right_choice(q1), &r);
	expect_error(&r, 409, "question_mismatch", NULL);
	answer(&P, 1, q2, 7, &r);
	expect_error(&r, 400, "validation_failed", "choice");
	answer(&P, 1, q2, right_choice(q2), &r);
	expect_status(&r, 200);
	assert_true(cJSON_IsTrue(cJSON_GetObjectItem(r.json, "correct")));
	assert_true(cJSON_IsTrue(cJSON_GetObjectItem(r.json, "passed")));
	assert_string_equal(http_str(&r, "passed_at"), "2019-06-21T10:00:10+08:00");
	http_reply_free(&r);

	expect_refusal(&P, "POST", 1, "question", NULL, 409, "already_passed");
	answer(&P, 1, q2, right_choice(q2), &r);
	expect_error(&r, 409, "already_passed", NULL);
	expect_refusal(&P, "POST", 2, "question", NULL, 409, "not_lit");
	assert_int_equal(walker_me_number(&P, "passed"), 1);
	assert_int_equal(stack_sql_int(&S, "SELECT count(*) FROM checkpoint_passes"), 1);
	cJSON *first = item(&P, 1, &r);
	assert_true(cJSON_IsTrue(cJSON_GetObjectItem(first, "passed")));
	assert_string_equal(cJSON_GetStringValue(cJSON_GetObjectItem(first, "passed_at")), "2019-06-21T10:00:10+08:00");
	http_reply_free(&r);
}

static void unseen_questions_come_first(void **state)
{
	(void)state;
	long bank = stack_sql_int(&S, "SELECT count(*) FROM quiz_questions WHERE activity_id = 1 AND seq = 1"
	                              " AND retired_at IS NULL");
	assert_true(bank >= 10 && bank <= 64);
	long seen[64];
	for (long i = 0; i < bank; i++) {
		seen[i] = ask(&Q, 1);
		for (long k = 0; k < i; k++)
			if (seen[k] == seen[i])
				fail_msg("question %ld given twice within the first %ld", seen[i], bank);
	}
	/* Every one seen: any but the last one given. */
	assert_true(ask(&Q, 1) != seen[bank - 1]);
	pass(&Q, 1);
}

static void essays_of_each_verdict(void **state)
{
	(void)state;
	verdict("违禁词", "risky");
	verdict("请人工看", "review");
	long balance = walker_me_number(&P, "balance");
	struct http_reply r;
	essay(&P, 1, TWENTY_CHARS "违禁词", &r);
	expect_error(&r, 422, "content_rejected", NULL);
	assert_int_equal(stack_sql_int(&S, "SELECT count(*) FROM essays"), 0);
	/* 19 characters (57 bytes) are too few; counted as characters, not bytes. */
	essay(&P, 1, "今天走到了大雁塔风景真好明天继续走路吧", &r);
	expect_error(&r, 400, "validation_failed", "text");
	essay(&P, 1, TWENTY_CHARS, &r);
	expect_status(&r, 200);
	assert_string_equal(http_str(&r, "status"), "accepted");
	assert_int_equal((long)http_num(&r, "awarded"), 2);
	assert_int_equal((long)http_num(&r, "balance"), balance + 2);
	http_reply_free(&r);
	assert_int_equal(stack_sql_int(&S, "SELECT count(*) FROM ledger WHERE kind = 'essay' AND ref = '1'"), 1);
	essay(&P, 1, TWENTY_CHARS "再写一篇", &r);
	expect_error(&r, 409, "essay_exists", NULL);
	cJSON *first = item(&P, 1, &r);
	assert_string_equal(cJSON_GetStringValue(cJSON_GetObjectItem(first, "essay")), "accepted");
	http_reply_free(&r);

	long q_balance = walker_me_number(&Q, "balance");
	essay(&Q, 1, TWENTY_CHARS "请人工看", &r);
	expect_status(&r, 200);
	assert_string_equal(http_str(&r, "status"), "review");
	assert_null(cJSON_GetObjectItem(r.json, "awarded"));
	http_reply_free(&r);
	assert_int_equal(walker_me_number(&Q, "balance"), q_balance);
	first = item(&Q, 1, &r);
	assert_string_equal(cJSON_GetStringValue(cJSON_GetObjectItem(first, "essay")), "review");
	http_reply_free(&r);
}

static void the_second_lights_and_passes(void **state)
{
	(void)state;
	for (int dd = 21; dd <= 24; dd++)
		walk_day(dd);
	stack_clock(&S, "2019-06-25T09:00:00+08:00");
	assert_int_equal(walker_me_number(&P, "cumulative"), 70000);
	assert_int_equal(walker_me_number(&P, "lit"), 2);
	pass(&P, 2);
	assert_int_equal(walker_me_number(&P, "passed"), 2);
	expect_refusal(&P, "POST", 3, "question", NULL, 409, "not_lit");
	struct http_reply r;
	essay(&P, 2, TWENTY_CHARS "请人工看", &r);
	expect_status(&r, 200);
	assert_string_equal(http_str(&r, "status"), "review");
	http_reply_free(&r);
}

/* ---------------------------------------------------------------- admins */

struct admin {
	char cookie[160];
	char csrf_header[128];
};

static void admin_login(struct admin *a, const char *user, const char *pw)
{
	char body[160], set[256];
	snprintf(body, sizeof body, "{\"username\":\"%s\",\"password\":\"%s\"}", user, pw);
	struct http_reply r;
	assert_int_equal(stack_post(&r, &S, WALK, "/admin/api/login", body), 0);
	if (r.status != 200)
		fail_msg("login %s: %ld %s", user, r.status, r.body);
	http_header(&r, "Set-Cookie", set, sizeof set);
	snprintf(a->cookie, sizeof a->cookie, "Cookie: %.*s", (int)strcspn(set, ";"), set);
	snprintf(a->csrf_header, sizeof a->csrf_header, "X-CSRF-Token: %s", http_str(&r, "csrf"));
	http_reply_free(&r);
}

enum csrf { WITH_CSRF, NO_CSRF };

/* A request as admin a (NULL: no session). */
static void as_admin(const struct admin *a, enum csrf csrf, struct http_reply *r, const char *method,
                     const char *path, const char *json)
{
	const char *headers[] = { a ? a->cookie : NULL, a && csrf == WITH_CSRF ? a->csrf_header : NULL, NULL };
	if (!a)
		headers[0] = NULL;
	assert_int_equal(stack_req(r, &S, WALK, method, path, json ? "application/json" : NULL, json, -1, headers), 0);
}

static struct admin PROV, XA, BJ;

static long essay_id_of(struct walker *w, int no)
{
	char sql[128];
	snprintf(sql, sizeof sql, "SELECT id FROM essays WHERE user_id = %ld AND seq = %d", w->user_id, no);
	return stack_sql_int(&S, sql);
}

static void the_essay_queue_is_scoped(void **state)
{
	(void)state;
	sh_ok("printf 'prov-pass-2019\\n' | walkctl admin add --username prov --role province");
	sh_ok("printf 'xa-pass-2019\\n' | walkctl admin add --username xa-admin --role union --union xa");
	sh_ok("printf 'bj-pass-2019\\n' | walkctl admin add --username bj-admin --role union --union bj");
	admin_login(&PROV, "prov", "prov-pass-2019");
	admin_login(&XA, "xa-admin", "xa-pass-2019");
	admin_login(&BJ, "bj-admin", "bj-pass-2019");
	long p2 = essay_id_of(&P, 2), q1 = essay_id_of(&Q, 1);
	char path[96];
	struct http_reply r;

	as_admin(NULL, NO_CSRF, &r, "GET", "/admin/api/essays", NULL);
	expect_error(&r, 401, "unauthenticated", NULL);
	as_admin(&PROV, NO_CSRF, &r, "GET", "/admin/api/essays?state=review", NULL);
	expect_status(&r, 200);
	assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(r.json, "items")), 2);
	http_reply_free(&r);
	as_admin(&XA, NO_CSRF, &r, "GET", "/admin/api/essays", NULL);
	expect_status(&r, 200);
	cJSON *items = cJSON_GetObjectItem(r.json, "items");
	assert_int_equal(cJSON_GetArraySize(items), 1);   /* only 西安's */
	assert_int_equal((long)cJSON_GetNumberValue(cJSON_GetObjectItem(cJSON_GetArrayItem(items, 0), "id")), p2);
	assert_string_equal(cJSON_GetStringValue(cJSON_GetObjectItem(cJSON_GetArrayItem(items, 0), "writer")), "张闯关");
	http_reply_free(&r);
	as_admin(&XA, NO_CSRF, &r, "GET", "/admin/api/essays?union=bj", NULL);
	expect_error(&r, 403, "forbidden", NULL);
	as_admin(&XA, NO_CSRF, &r, "GET", "/admin/api/essays?state=maybe", NULL);
	expect_error(&r, 400, "validation_failed", "state");

	/* Another union's essay is not there for a union admin. */
	snprintf(path, sizeof path, "/admin/api/essays/%ld/approve", q1);
	as_admin(&XA, WITH_CSRF, &r, "POST", path, NULL);
	expect_error(&r, 404, "not_found", NULL);
	/* Reject: CSRF, then a reason, then the writer sees it. */
	snprintf(path, sizeof path, "/admin/api/essays/%ld/reject", p2);
	as_admin(&XA, NO_CSRF, &r, "POST", path, "{\"reason\":\"与关卡无关\"}");
	expect_error(&r, 403, "forbidden", NULL);
	as_admin(&XA, WITH_CSRF, &r, "POST", path, "{\"reason\":\"\"}");
	expect_error(&r, 400, "validation_failed", "reason");
	as_admin(&XA, WITH_CSRF, &r, "POST", path, "{\"reason\":\"与关卡无关\"}");
	expect_status(&r, 200);
	assert_string_equal(http_str(&r, "state"), "rejected");
	http_reply_free(&r);
	as_admin(&XA, WITH_CSRF, &r, "POST", path, "{\"reason\":\"再拒一次\"}");
	expect_error(&r, 409, "already_decided", NULL);
	cJSON *second = item(&P, 2, &r);
	assert_string_equal(cJSON_GetStringValue(cJSON_GetObjectItem(second, "essay")), "rejected");
	assert_string_equal(cJSON_GetStringValue(cJSON_GetObjectItem(second, "essay_reason")), "与关卡无关");
	http_reply_free(&r);

	/* Approve: the points once. */
	long balance = walker_me_number(&Q, "balance");
	snprintf(path, sizeof path, "/admin/api/essays/%ld/approve", q1);
	as_admin(&BJ, WITH_CSRF, &r, "POST", path, NULL);
	expect_status(&r, 200);
	assert_int_equal((long)http_num(&r, "awarded"), 2);
	http_reply_free(&r);
	as_admin(&PROV, WITH_CSRF, &r, "POST", path, NULL);
	expect_error(&r, 409, "already_decided", NULL);
	assert_int_equal(walker_me_number(&Q, "balance"), balance + 2);
	cJSON *first = item(&Q, 1, &r);
	assert_string_equal(cJSON_GetStringValue(cJSON_GetObjectItem(first, "essay")), "accepted");
	http_reply_free(&r);
	assert_int_equal(stack_sql_int(&S, "SELECT count(*) FROM audit_log WHERE action IN ('essay.approve', 'essay.reject')"), 2);
}

static void the_quiz_bank_is_for_province_admins(void **state)
{
	(void)state;
	struct http_reply r;
	as_admin(&XA, NO_CSRF, &r, "GET", "/admin/api/quiz", NULL);
	expect_error(&r, 403, "forbidden", NULL);
	as_admin(&PROV, NO_CSRF, &r, "GET", "/admin/api/quiz?checkpoint=1", NULL);
	expect_status(&r, 200);
	long in_use = stack_sql_int(&S, "SELECT count(*) FROM quiz_questions WHERE seq = 1 AND retired_at IS NULL");
	assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(r.json, "items")), in_use);
	http_reply_free(&r);

	static const char good[] = "{\"checkpoint\":3,\"text\":\"杨凌位于哪个省？\",\"options\":[\"陕西\",\"甘肃\",\"山西\",\"河南\"],\"answer\":0}";
	as_admin(&PROV, NO_CSRF, &r, "POST", "/admin/api/quiz", good);
	expect_error(&r, 403, "forbidden", NULL);
	as_admin(&PROV, WITH_CSRF, &r, "POST", "/admin/api/quiz",
	         "{\"checkpoint\":3,\"text\":\"杨凌位于哪个省？\",\"options\":[\"陕西\",\"甘肃\",\"山西\"],\"answer\":0}");
	expect_error(&r, 400, "validation_failed", "options");
	as_admin(&PROV, WITH_CSRF, &r, "POST", "/admin/api/quiz",
	         "{\"checkpoint\":3,\"text\":\"杨凌位于哪个省？\",\"options\":[\"陕西\",\"陕西\",\"山西\",\"河南\"],\"answer\":0}");
	expect_error(&r, 400, "validation_failed", "options");
	as_admin(&PROV, WITH_CSRF, &r, "POST", "/admin/api/quiz",
	         "{\"checkpoint\":14,\"text\":\"杨凌位于哪个省？\",\"options\":[\"陕西\",\"甘肃\",\"山西\",\"河南\"],\"answer\":0}");
	expect_error(&r, 400, "validation_failed", "checkpoint");
	as_admin(&PROV, WITH_CSRF, &r, "POST", "/admin/api/quiz", good);
	expect_status(&r, 201);
	long id = (long)http_num(&r, "id");
	http_reply_free(&r);
	char path[96];
	snprintf(path, sizeof path, "/admin/api/quiz/%ld", id);
	as_admin(&PROV, WITH_CSRF, &r, "PUT", path,
	         "{\"checkpoint\":3,\"text\":\"杨凌示范区位于哪个省？\",\"options\":[\"甘肃\",\"陕西\",\"山西\",\"河南\"],\"answer\":1}");
	expect_status(&r, 200);
	http_reply_free(&r);
	char sql[128];
	snprintf(sql, sizeof sql, "SELECT answer FROM quiz_questions WHERE id = %ld AND text = '杨凌示范区位于哪个省？'", id);
	assert_int_equal(stack_sql_int(&S, sql), 1);
	snprintf(path, sizeof path, "/admin/api/quiz/%ld/retire", id);
	as_admin(&PROV, WITH_CSRF, &r, "POST", path, NULL);
	expect_status(&r, 200);
	assert_true(cJSON_IsTrue(cJSON_GetObjectItem(r.json, "retired")));
	http_reply_free(&r);
	as_admin(&PROV, WITH_CSRF, &r, "POST", path, NULL);
	expect_error(&r, 404, "not_found", NULL);
	assert_int_equal(stack_sql_int(&S, "SELECT count(*) FROM audit_log WHERE action LIKE 'quiz.%'"), 3);
}

static void walkctl_quiz_import_refuses_a_bad_file_whole(void **state)
{
	(void)state;
	long before = stack_sql_int(&S, "SELECT count(*) FROM quiz_questions");
	char out[4096];
	int rc = stack_sh(&S, out, sizeof out,
	                  "printf 'checkpoint,question,option_a,option_b,option_c,option_d,answer\\n"
	                  "13,工会的基本职责是什么？,维护职工合法权益,组织生产,制定工资,管理人事,A\\n"
	                  "13,没有答案的题,甲,乙,丙,丁,E\\n' > \"$WALK_VAR/bad.csv\" && walkctl quiz import \"$WALK_VAR/bad.csv\"");
	assert_int_not_equal(rc, 0);
	assert_non_null(strstr(out, "line 3: answer must be one of the letters A, B, C, D"));
	assert_int_equal(stack_sql_int(&S, "SELECT count(*) FROM quiz_questions"), before);

	rc = stack_sh(&S, out, sizeof out,
	              "printf 'checkpoint,question,option_a,option_b,option_c,option_d,answer\\r\\n"
	              "13,\"工会的基本职责是什么？\",维护职工合法权益,组织生产,制定工资,管理人事,A\\r\\n' > \"$WALK_VAR/good.csv\""
	              " && walkctl quiz import --replace \"$WALK_VAR/good.csv\"");
	if (rc != 0)
		fail_msg("import: %s", out);
	assert_non_null(strstr(out, "1 question(s) added"));
	assert_int_equal(stack_sql_int(&S, "SELECT count(*) FROM quiz_questions WHERE seq = 13 AND retired_at IS NULL"), 1);
	assert_int_equal(stack_sql_int(&S, "SELECT answer FROM quiz_questions WHERE seq = 13 AND retired_at IS NULL"), 0);
	assert_int_equal(stack_sql_int(&S, "SELECT count(*) FROM audit_log WHERE action = 'quiz.import'"), 1);
}

static void go_live_wipes_the_test_progress(void **state)
{
	(void)state;
	assert_true(stack_sql_int(&S, "SELECT count(*) FROM essays") > 0);
	stack_clock(&S, "2019-07-01T00:30:00+08:00");
	sh_ok("walkctl settle");
	static const char *const tables[] = { "checkpoint_passes", "quiz_asked", "quiz_attempts", "essays" };
	for (size_t i = 0; i < sizeof tables / sizeof tables[0]; i++) {
		char sql[64];
		snprintf(sql, sizeof sql, "SELECT count(*) FROM %s", tables[i]);
		if (stack_sql_int(&S, sql) != 0)
			fail_msg("%s not wiped", tables[i]);
	}
	assert_int_equal(stack_sql_int(&S, "SELECT count(*) FROM ledger WHERE kind = 'essay'"), 0);
	assert_int_equal(walker_me_number(&P, "passed"), 0);
	assert_int_equal(walker_me_number(&P, "lit"), 0);
	struct http_reply r;
	cJSON *first = item(&P, 1, &r);
	assert_true(cJSON_IsFalse(cJSON_GetObjectItem(first, "passed")));
	assert_true(cJSON_IsNull(cJSON_GetObjectItem(first, "essay")));
	http_reply_free(&r);
}

/* The 13th pass earns 与祖国同行 at once.  Seventy settled days of 10,000
 * and the first twelve passes are written straight into the database (the
 * real way through them is above); the 13th goes through the API. */
static void the_thirteenth_pass_earns_the_badge(void **state)
{
	(void)state;
	char sql[1024];
	snprintf(sql, sizeof sql,
	         "WITH RECURSIVE d(n) AS (SELECT 0 UNION ALL SELECT n + 1 FROM d WHERE n < 69)"
	         " INSERT INTO daily_steps (activity_id, user_id, day, raw_steps, settled, first_sync_at, last_sync_at)"
	         " SELECT 1, %ld, date('2019-07-01', '+' || n || ' days'), 10000, 1, 0, 0 FROM d;"
	         " WITH RECURSIVE c(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM c WHERE n < 12)"
	         " INSERT INTO checkpoint_passes (activity_id, user_id, seq, passed_at) SELECT 1, %ld, n, 1561910400 FROM c;"
	         " SELECT 1;",
	         P.user_id, P.user_id);
	assert_int_equal(stack_sql_int(&S, sql), 1);
	stack_clock(&S, "2019-09-10T09:00:00+08:00");
	walker_relogin(&P);   /* the token of July has expired */
	assert_int_equal(walker_me_number(&P, "lit"), 13);
	assert_int_equal(walker_me_number(&P, "passed"), 12);
	struct http_reply r;
	assert_int_equal(walker_req(&P, &r, "GET", "/api/activities/1/me", NULL), 0);
	assert_null(strstr(r.body, "all_checkpoints"));
	http_reply_free(&r);
	pass(&P, 13);
	assert_int_equal(walker_me_number(&P, "passed"), 13);
	assert_int_equal(walker_req(&P, &r, "GET", "/api/activities/1/me", NULL), 0);
	cJSON *badges = cJSON_GetObjectItem(r.json, "badges");
	bool earned = false;
	for (int i = 0; i < cJSON_GetArraySize(badges); i++) {
		/* a badge is its kind, or an object naming it (API.md) */
		const cJSON *b = cJSON_GetArrayItem(badges, i);
		const char *kind = cJSON_IsString(b) ? b->valuestring : cJSON_GetStringValue(cJSON_GetObjectItem(b, "kind"));
		earned |= kind && strcmp(kind, "all_checkpoints") == 0;
	}
	assert_true(earned);
	http_reply_free(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(before_walking_nothing_is_lit),
		cmocka_unit_test(the_first_lights_once_today_is_settled),
		cmocka_unit_test(a_wrong_answer_waits_then_a_fresh_question_passes),
		cmocka_unit_test(unseen_questions_come_first),
		cmocka_unit_test(essays_of_each_verdict),
		cmocka_unit_test(the_second_lights_and_passes),
		cmocka_unit_test(the_essay_queue_is_scoped),
		cmocka_unit_test(the_quiz_bank_is_for_province_admins),
		cmocka_unit_test(walkctl_quiz_import_refuses_a_bad_file_whole),
		cmocka_unit_test(go_live_wipes_the_test_progress),
		cmocka_unit_test(the_thirteenth_pass_earns_the_badge),
	};
	return cmocka_run_group_tests(tests, start_stack, stop_stack);
}
