/*
 * The route of checkpoints and its quiz (RULES §7, API.md "Checkpoints"):
 * GET …/checkpoints, POST …/checkpoints/{no}/question and …/answer.
 * The right choice is compared here and never sent.
 */
#include "checkpoint_route.h"

#include "calendar.h"
#include "media_view.h"
#include "store_badges.h"
#include "store_checkpoints.h"
#include "store_essays.h"
#include "store_quiz.h"
#include "store_steps.h"

static void add_instant_or_null(cJSON *o, const char *name, int64_t t)
{
	char at[CAL_INSTANT_BUF];
	if (t > 0 && cal_format_instant(t, at, sizeof at))
		cJSON_AddStringToObject(o, name, at);
	else
		cJSON_AddNullToObject(o, name);
}

void api_checkpoints(struct request *req, struct response *resp)
{
	struct db *db = worker_of(req)->db;
	struct activity_ctx ctx;
	if (!worker_activity(req, resp, &ctx, true))
		return;
	int64_t aid = ctx.activity->id, cumulative = 0;
	int64_t passed_at[RULES_MAX_CHECKPOINTS];
	enum essay_state essay[RULES_MAX_CHECKPOINTS];
	char (*reason)[ESSAY_REASON_BUF] = arena_alloc(req->arena, sizeof *reason * RULES_MAX_CHECKPOINTS);
	int rc = store_steps_cumulative(db, ctx.rules, aid, req->user_id, &cumulative);
	if (rc == SQLITE_OK)
		rc = store_checkpoint_passes(db, aid, req->user_id, passed_at, RULES_MAX_CHECKPOINTS);
	if (rc == SQLITE_OK)
		rc = store_essay_states(db, aid, req->user_id, essay, reason, RULES_MAX_CHECKPOINTS);
	if (rc != SQLITE_OK) {
		worker_db_error(req, resp, rc);
		return;
	}
	int lit = rules_checkpoints_lit(ctx.rules, cumulative);
	cJSON *o = cJSON_CreateObject();
	cJSON_AddNumberToObject(o, "cumulative", (double)cumulative);
	cJSON *items = cJSON_AddArrayToObject(o, "items");
	for (int i = 0; i < ctx.rules->checkpoint_count; i++) {
		cJSON *c = cJSON_CreateObject();
		cJSON_AddNumberToObject(c, "no", i + 1);
		cJSON_AddStringToObject(c, "name", ctx.activity->checkpoint_name[i]);
		cJSON_AddStringToObject(c, "landmark", ctx.activity->checkpoint_landmark[i]);
		cJSON_AddNumberToObject(c, "threshold", (double)ctx.rules->checkpoint_threshold[i]);
		cJSON_AddBoolToObject(c, "lit", i < lit);
		cJSON_AddBoolToObject(c, "passed", passed_at[i] > 0);
		add_instant_or_null(c, "passed_at", passed_at[i]);
		rc = media_view_add(db, aid, req->user_id, i + 1, c);   /* poster, photo_check, photo_note */
		const char *state = essay_state_name(essay[i]);
		if (state)
			cJSON_AddStringToObject(c, "essay", state);
		else
			cJSON_AddNullToObject(c, "essay");
		if (essay[i] == ESSAY_REJECTED)
			cJSON_AddStringToObject(c, "essay_reason", reason[i]);
		cJSON_AddItemToArray(items, c);
		if (rc != SQLITE_OK) {
			cJSON_Delete(o);
			worker_db_error(req, resp, rc);
			return;
		}
	}
	resp_json(resp, 200, o);
}

/* 429 rate_limited with Retry-After while the wait after a wrong answer runs:
 * returns false after answering it (or a database error). */
static bool wait_is_over(struct request *req, struct response *resp, const struct route_standing *s,
                         bool *have_attempt, struct quiz_attempt *a)
{
	int rc = store_quiz_attempt(worker_of(req)->db, s->ctx.activity->id, req->user_id, s->no, a);
	if (rc != SQLITE_OK && rc != DB_NOTFOUND) {
		worker_db_error(req, resp, rc);
		return false;
	}
	*have_attempt = rc == SQLITE_OK;
	if (!*have_attempt)
		*a = (struct quiz_attempt){ 0 };   /* never given a question: nothing to wait for */
	const struct activity_rules *r = s->ctx.rules;
	bool wrong_before = a->wrong_answers > 0;
	if (rules_quiz_attempt_allowed(r, wrong_before, a->last_wrong_at, s->ctx.now))
		return true;
	int64_t wait = a->last_wrong_at + r->quiz_retry_seconds - s->ctx.now;
	if (wait < 1 || wait > r->quiz_retry_seconds)
		wait = r->quiz_retry_seconds;   /* the clock went back: a whole wait from now */
	resp_error(resp, 429, "rate_limited",
	           arena_printf(req->arena, "答错了，请 %lld 秒后再答一题", (long long)wait), NULL);
	resp_header(resp, "Retry-After", arena_printf(req->arena, "%lld", (long long)wait));
	return false;
}

void api_checkpoint_question(struct request *req, struct response *resp)
{
	struct route_standing s;
	struct quiz_attempt a;
	bool have_attempt;
	if (!route_standing_load(req, resp, &s) || !route_may_attempt(resp, &s) ||
	    !wait_is_over(req, resp, &s, &have_attempt, &a))
		return;
	struct quiz_question q;
	int rc = store_quiz_issue(worker_of(req)->db, s.ctx.activity->id, req->user_id, s.no, s.ctx.now, &q);
	if (rc == DB_NOTFOUND) {
		resp_error(resp, 409, "quiz_empty", "这一关的题库暂时没有题目，请稍后再试", NULL);
		return;
	}
	if (rc != SQLITE_OK) {
		worker_db_error(req, resp, rc);
		return;
	}
	cJSON *o = cJSON_CreateObject();
	cJSON_AddNumberToObject(o, "question_id", (double)q.id);
	cJSON_AddStringToObject(o, "text", q.text);
	cJSON *options = cJSON_AddArrayToObject(o, "options");
	for (int i = 0; i < QUIZ_OPTIONS; i++)
		cJSON_AddItemToArray(options, cJSON_CreateString(q.options[i]));
	resp_json(resp, 200, o);
}

void api_checkpoint_answer(struct request *req, struct response *resp)
{
	struct db *db = worker_of(req)->db;
	int64_t question_id, choice;
	if (!json_int_in(req, resp, "question_id", 1, INT64_MAX / 2, "question_id 须为题目编号", &question_id) ||
	    !json_int_in(req, resp, "choice", 0, QUIZ_OPTIONS - 1, "choice 须为 0 到 3 的选项序号", &choice))
		return;
	struct route_standing s;
	struct quiz_attempt a;
	bool have_attempt;
	if (!route_standing_load(req, resp, &s) || !route_may_attempt(resp, &s) ||
	    !wait_is_over(req, resp, &s, &have_attempt, &a))
		return;
	if (!have_attempt || a.question_id != question_id) {
		resp_error(resp, 409, "question_mismatch", "只能回答最近一次领取的题目，请重新领取", NULL);
		return;
	}
	int64_t aid = s.ctx.activity->id;
	struct quiz_question q;
	int rc = store_quiz_get(db, aid, question_id, &q);
	bool correct = rc == SQLITE_OK && q.answer == choice, inserted = false;
	if (rc == SQLITE_OK)
		rc = store_quiz_answered(db, aid, req->user_id, s.no, correct, s.ctx.now);
	if (rc == SQLITE_OK && correct)
		rc = store_checkpoint_record_pass(db, aid, req->user_id, s.no, s.ctx.now, &inserted);
	/* The 13th pass earns 与祖国同行 at once (RULES §8), in the pass's transaction. */
	if (rc == SQLITE_OK && inserted)
		rc = store_badges_record_due(db, aid, s.ctx.rules, req->user_id, NULL);
	if (rc != SQLITE_OK) {   /* DB_NOTFOUND too: the question given is the activity's */
		worker_db_error(req, resp, rc);
		return;
	}
	cJSON *o = cJSON_CreateObject();
	cJSON_AddBoolToObject(o, "correct", correct);
	if (correct) {
		cJSON_AddBoolToObject(o, "passed", true);
		add_instant_or_null(o, "passed_at", s.ctx.now);
	} else {
		cJSON_AddNumberToObject(o, "retry_after", (double)s.ctx.rules->quiz_retry_seconds);
	}
	resp_json(resp, 200, o);
}
