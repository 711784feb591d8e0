/*
 * The quiz bank (RULES §7), for province admins only:
 *   GET  /admin/api/quiz?aid=&checkpoint=&retired=0|1   the questions, with their answers
 *   POST /admin/api/quiz?aid=                           add {"checkpoint","text","options":[4],"answer":0..3}
 *   PUT  /admin/api/quiz/{qid}?aid=                     edit (the same body)
 *   POST /admin/api/quiz/{qid}/retire?aid=              retire: never drawn again
 * Every write is audited with the question before and after.  A retired
 * question cannot be edited; an edit changes only what is asked from then on.
 */
#include "worker.h"

#include "clock.h"
#include "store_quiz.h"
#include "store_quiz_file.h"

#include <stdio.h>
#include <string.h>

static cJSON *question_json(const struct quiz_question *q)
{
	cJSON *o = cJSON_CreateObject();
	cJSON_AddNumberToObject(o, "id", (double)q->id);
	cJSON_AddNumberToObject(o, "checkpoint", q->seq);
	cJSON_AddStringToObject(o, "text", q->text);
	cJSON *options = cJSON_AddArrayToObject(o, "options");
	for (int i = 0; i < QUIZ_OPTIONS; i++)
		cJSON_AddItemToArray(options, cJSON_CreateString(q->options[i]));
	cJSON_AddNumberToObject(o, "answer", q->answer);
	cJSON_AddBoolToObject(o, "retired", q->retired_at != 0);
	return o;
}

static void add_question(const struct quiz_question *q, void *arg)
{
	cJSON_AddItemToArray(arg, question_json(q));
}

/* A province admin and the activity of ?aid=: false after answering. */
static bool quiz_admin(struct request *req, struct response *resp, struct activity_ctx *ctx)
{
	return admin_require_province(req, resp) && admin_activity(req, resp, ctx);
}

void admin_quiz_list(struct request *req, struct response *resp)
{
	struct activity_ctx ctx;
	int64_t seq, retired;
	if (!quiz_admin(req, resp, &ctx) ||
	    !query_int(req, resp, "checkpoint", 1, ctx.rules->checkpoint_count, 0, &seq) ||
	    !query_int(req, resp, "retired", 0, 1, 0, &retired))
		return;
	cJSON *items = cJSON_CreateArray();
	int rc = store_quiz_each(worker_of(req)->db, ctx.activity->id, (int)seq, retired == 1, add_question, items);
	if (rc != SQLITE_OK) {
		cJSON_Delete(items);
		worker_db_error(req, resp, rc);
		return;
	}
	cJSON *o = cJSON_CreateObject();
	cJSON_AddItemToObject(o, "items", items);
	resp_json(resp, 200, o);
}

/* The question of the JSON body into *q (its id untouched): false after
 * answering 400 validation_failed naming the first bad field. */
static bool read_question(struct request *req, struct response *resp, const struct activity_ctx *ctx,
                          struct quiz_question *q)
{
	const cJSON *seq = cJSON_GetObjectItemCaseSensitive(req->json, "checkpoint");
	const cJSON *answer = cJSON_GetObjectItemCaseSensitive(req->json, "answer");
	const cJSON *options = cJSON_GetObjectItemCaseSensitive(req->json, "options");
	const char *text = json_str(req, "text");
	q->seq = cJSON_IsNumber(seq) && seq->valuedouble >= 1 && seq->valuedouble <= ctx->rules->checkpoint_count
	                 ? (int)seq->valuedouble : 0;
	q->answer = cJSON_IsNumber(answer) && answer->valuedouble >= 0 && answer->valuedouble < QUIZ_OPTIONS
	                    ? (int)answer->valuedouble : -1;
	if (q->seq == 0 || q->seq != seq->valuedouble) {
		worker_invalid(resp, "checkpoint", "checkpoint 须为关卡序号");
		return false;
	}
	if (!text || snprintf(q->text, sizeof q->text, "%s", text) >= (int)sizeof q->text) {
		worker_invalid(resp, "text", "题目须为1到300个字");
		return false;
	}
	bool options_ok = cJSON_IsArray(options) && cJSON_GetArraySize(options) == QUIZ_OPTIONS;
	for (int i = 0; options_ok && i < QUIZ_OPTIONS; i++) {
		const char *s = cJSON_GetStringValue(cJSON_GetArrayItem(options, i));
		options_ok = s && snprintf(q->options[i], sizeof q->options[i], "%s", s) < (int)sizeof q->options[i];
	}
	if (!options_ok) {
		worker_invalid(resp, "options", "options 须为4个选项");
		return false;
	}
	if (q->answer < 0 || q->answer != answer->valuedouble) {
		worker_invalid(resp, "answer", "answer 须为正确选项的序号 0 到 3");
		return false;
	}
	/* The rules of the bank's file, the same for a question typed here. */
	const char *problem = quiz_question_problem(q, ctx->rules->checkpoint_count);
	if (problem) {
		worker_invalid(resp, strstr(problem, "option") ? "options" : "text",
		               strstr(problem, "option") ? "4个选项须各为1到100个字，且互不相同" : "题目须为1到300个字");
		return false;
	}
	return true;
}

/* Answers 404 for a question the activity does not have in use. */
static bool found_in_use(struct request *req, struct response *resp, int rc)
{
	return worker_found(req, resp, rc, 404, "not_found", "没有这道题，或已停用");
}

static char *question_target(struct request *req, int64_t id)
{
	return arena_printf(req->arena, "quiz:%lld", (long long)id);
}

void admin_quiz_add(struct request *req, struct response *resp)
{
	struct db *db = worker_of(req)->db;
	struct activity_ctx ctx;
	struct quiz_question q = { 0 };
	if (!quiz_admin(req, resp, &ctx) || !read_question(req, resp, &ctx, &q))
		return;
	int rc = store_quiz_add(db, ctx.activity->id, &q, clock_now(), &q.id);
	if (rc == SQLITE_OK)
		rc = admin_audit(req, "quiz.add", question_target(req, q.id), NULL, question_json(&q));
	if (rc != SQLITE_OK) {
		worker_db_error(req, resp, rc);
		return;
	}
	resp_json(resp, 201, question_json(&q));
}

void admin_quiz_edit(struct request *req, struct response *resp)
{
	struct db *db = worker_of(req)->db;
	struct activity_ctx ctx;
	struct quiz_question before, q = { 0 };
	if (!quiz_admin(req, resp, &ctx) || !req_param_id(req, resp, "qid", &q.id) ||
	    !read_question(req, resp, &ctx, &q))
		return;
	int rc = store_quiz_get(db, ctx.activity->id, q.id, &before);
	if (rc == SQLITE_OK && before.retired_at)
		rc = DB_NOTFOUND;
	if (rc == SQLITE_OK)
		rc = store_quiz_update(db, ctx.activity->id, &q);
	if (rc == SQLITE_OK)
		rc = admin_audit(req, "quiz.edit", question_target(req, q.id), question_json(&before), question_json(&q));
	if (!found_in_use(req, resp, rc))
		return;
	resp_json(resp, 200, question_json(&q));
}

void admin_quiz_retire(struct request *req, struct response *resp)
{
	struct db *db = worker_of(req)->db;
	struct activity_ctx ctx;
	struct quiz_question q;
	int64_t id;
	if (!quiz_admin(req, resp, &ctx) || !req_param_id(req, resp, "qid", &id))
		return;
	int64_t now = clock_now();
	int rc = store_quiz_get(db, ctx.activity->id, id, &q);
	if (rc == SQLITE_OK)
		rc = store_quiz_retire(db, ctx.activity->id, id, now);
	cJSON *before = rc == SQLITE_OK ? question_json(&q) : NULL;
	q.retired_at = now;
	if (rc == SQLITE_OK)
		rc = admin_audit(req, "quiz.retire", question_target(req, id), before, question_json(&q));
	else
		cJSON_Delete(before);
	if (!found_in_use(req, resp, rc))
		return;
	resp_json(resp, 200, question_json(&q));
}
