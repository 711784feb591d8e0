/*
 * POST …/checkpoints/{no}/essay (RULES §7, API.md "Checkpoints"): one essay
 * per passed checkpoint, 20–2000 characters, through WeChat's text check
 * (asked outside any transaction): pass → accepted with its points in the
 * same transaction, review → held for an admin, risky → 422 and nothing kept.
 */
#include "checkpoint_route.h"

#include "content_check.h"
#include "store_essays.h"
#include "store_ledger.h"

#include <string.h>

/* 409 essay_exists when the caller has an essay for s->no: false after answering. */
static bool no_essay_yet(struct request *req, struct response *resp, const struct route_standing *s)
{
	enum essay_state states[RULES_MAX_CHECKPOINTS];
	char (*reasons)[ESSAY_REASON_BUF] = arena_alloc(req->arena, sizeof *reasons * RULES_MAX_CHECKPOINTS);
	int rc = store_essay_states(worker_of(req)->db, s->ctx.activity->id, req->user_id, states, reasons,
	                            RULES_MAX_CHECKPOINTS);
	if (rc != SQLITE_OK) {
		worker_db_error(req, resp, rc);
		return false;
	}
	if (states[s->no - 1] != ESSAY_NONE) {
		resp_error(resp, 409, "essay_exists", "这一关的感想已经提交过了", NULL);
		return false;
	}
	return true;
}

void api_checkpoint_essay(struct request *req, struct response *resp)
{
	struct worker *w = worker_of(req);
	const char *text = json_str(req, "text");
	struct route_standing s;
	if (!text) {
		worker_invalid(resp, "text", "请填写感想");
		return;
	}
	if (!route_standing_load(req, resp, &s))
		return;
	const struct activity_rules *r = s.ctx.rules;
	if (s.no > s.passed) {
		resp_error(resp, 409, "not_passed", "通过这一关之后才能写感想", NULL);
		return;
	}
	if (rules_check_essay(r, text, strlen(text)) != RULES_ESSAY_OK) {
		worker_invalid(resp, "text", arena_printf(req->arena, "感想须为%d到%d个字", r->essay_min_chars,
		                                          r->essay_max_chars));
		return;
	}
	/* Everything that costs nothing is answered before WeChat is asked. */
	bool flagged = false;
	if (!no_essay_yet(req, resp, &s) ||
	    !content_text_allowed(req, resp, RATE_ESSAY_POST, WX_SCENE_SOCIAL_LOG, text, &flagged))
		return;
	int64_t aid = s.ctx.activity->id, points = rules_essay_points(r), balance = 0;
	enum essay_state state = flagged ? ESSAY_REVIEW : ESSAY_ACCEPTED;
	int rc = worker_begin_write(w);
	if (rc == SQLITE_OK)
		rc = store_essay_add(w->db, aid, req->user_id, s.no, text, state, s.ctx.now, NULL);
	if (rc == SQLITE_CONSTRAINT) {   /* a second request of the same participant got there first */
		db_rollback(w->db);
		resp_error(resp, 409, "essay_exists", "这一关的感想已经提交过了", NULL);
		return;
	}
	if (rc == SQLITE_OK && state == ESSAY_ACCEPTED)
		rc = store_ledger_award(w->db, aid, req->user_id, RULES_LEDGER_ESSAY, s.no, points, s.ctx.now, NULL);
	if (rc == SQLITE_OK)
		rc = store_ledger_balance(w->db, aid, req->user_id, &balance);
	if (!worker_finish_write(req, resp, rc))
		return;
	cJSON *o = cJSON_CreateObject();
	cJSON_AddStringToObject(o, "status", essay_state_name(state));
	if (state == ESSAY_ACCEPTED) {
		cJSON_AddNumberToObject(o, "awarded", (double)points);
		cJSON_AddNumberToObject(o, "balance", (double)balance);
	}
	resp_json(resp, 200, o);
}
