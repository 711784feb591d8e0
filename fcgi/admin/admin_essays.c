/*
 * The essay review queue (RULES §7, §12), scoped to the admin's union:
 *   GET  /admin/api/essays?aid=&state=review|accepted|rejected|all&union=&before=&limit=
 *   POST /admin/api/essays/{eid}/approve?aid=     the essay's points, once
 *   POST /admin/api/essays/{eid}/reject?aid=      {"reason":"…"}: the writer sees it
 * Only an essay held for review can be decided (409 already_decided after);
 * an essay of another union is not found for a union admin.  Every decision
 * is audited, in the transaction that makes it (and awards the points).
 */
#include "worker.h"

#include "calendar.h"
#include "clock.h"
#include "store_essays.h"
#include "store_ledger.h"
#include "validate.h"

#include <string.h>

static cJSON *essay_json(const struct essay *e)
{
	char at[CAL_INSTANT_BUF];
	cal_format_instant(e->created_at, at, sizeof at);
	cJSON *o = cJSON_CreateObject();
	cJSON_AddNumberToObject(o, "id", (double)e->id);
	cJSON_AddNumberToObject(o, "checkpoint", e->seq);
	cJSON_AddStringToObject(o, "writer", e->writer);
	cJSON_AddStringToObject(o, "union", e->union_code);
	cJSON_AddStringToObject(o, "text", e->text);
	cJSON_AddStringToObject(o, "state", essay_state_name(e->state));
	cJSON_AddStringToObject(o, "reason", e->reason);
	cJSON_AddStringToObject(o, "created_at", at);
	return o;
}

struct page {
	cJSON *items;
	int64_t last_id;
	int count;
};

static void add_essay(const struct essay *e, void *arg)
{
	struct page *p = arg;
	cJSON_AddItemToArray(p->items, essay_json(e));
	p->last_id = e->id;
	p->count++;
}

void admin_essays(struct request *req, struct response *resp)
{
	struct activity_ctx ctx;
	const char *union_code;
	int64_t before, limit;
	if (!admin_activity(req, resp, &ctx) ||
	    !admin_scope_union(req, resp, req_query(req, "union"), "union", &union_code) ||
	    !query_int(req, resp, "before", 1, INT64_MAX, 0, &before) ||
	    !query_int(req, resp, "limit", 1, 200, 50, &limit))
		return;
	const char *state_name = req_query(req, "state");
	enum essay_state state = essay_state_from(state_name && *state_name ? state_name : "review");
	if (state == ESSAY_NONE && strcmp(state_name, "all") != 0) {
		worker_invalid(resp, "state", "state 须为 review、accepted、rejected 或 all");
		return;
	}
	struct page p = { .items = cJSON_CreateArray() };
	int rc = store_essay_page(worker_of(req)->db, ctx.activity->id, state, union_code, before, (int)limit,
	                          add_essay, &p);
	if (rc != SQLITE_OK) {
		cJSON_Delete(p.items);
		worker_db_error(req, resp, rc);
		return;
	}
	cJSON *o = cJSON_CreateObject();
	cJSON_AddItemToObject(o, "items", p.items);
	if (p.count == limit)
		cJSON_AddNumberToObject(o, "next_before", (double)p.last_id);
	else
		cJSON_AddNullToObject(o, "next_before");
	resp_json(resp, 200, o);
}

/* The essay of {eid} in the admin's scope into *e: false after answering 404
 * (none, or another union's for a union admin) or 409 already_decided. */
static bool essay_to_decide(struct request *req, struct response *resp, const struct activity_ctx *ctx,
                            struct essay *e)
{
	int64_t id;
	if (!req_param_id(req, resp, "eid", &id))
		return false;
	int rc = store_essay_get(worker_of(req)->db, ctx->activity->id, id, e);
	const struct admin_session *who = admin_of(req);
	if (rc == SQLITE_OK && who->role == ADMIN_UNION && strcmp(e->union_code, who->union_code) != 0)
		rc = DB_NOTFOUND;
	if (!worker_found(req, resp, rc, 404, "not_found", "没有这篇感想"))
		return false;
	if (e->state != ESSAY_REVIEW) {
		resp_error(resp, 409, "already_decided", "这篇感想已经审核过了", NULL);
		return false;
	}
	return true;
}

/* Decides the essay (in the route's write transaction) and answers. */
static void decide(struct request *req, struct response *resp, const struct activity_ctx *ctx,
                   const struct essay *e, enum essay_state to, const char *reason)
{
	struct db *db = worker_of(req)->db;
	int64_t now = clock_now(), points = to == ESSAY_ACCEPTED ? rules_essay_points(ctx->rules) : 0;
	cJSON *before = essay_json(e);   /* without the text: the essay's id names it */
	int64_t essay_id = e->id, user_id = e->user_id;
	int rc = store_essay_decide(db, ctx->activity->id, essay_id, to, reason, admin_of(req)->id, now);
	if (rc == SQLITE_OK && points)
		rc = store_ledger_award(db, ctx->activity->id, user_id, RULES_LEDGER_ESSAY, e->seq, points, now, NULL);
	cJSON *after = cJSON_CreateObject();
	cJSON_AddNumberToObject(after, "id", (double)essay_id);
	cJSON_AddStringToObject(after, "state", essay_state_name(to));
	cJSON_AddStringToObject(after, "reason", reason);
	cJSON_AddNumberToObject(after, "awarded", (double)points);
	cJSON *reply = cJSON_Duplicate(after, true);
	if (rc == SQLITE_OK)
		rc = admin_audit(req, to == ESSAY_ACCEPTED ? "essay.approve" : "essay.reject",
		                 arena_printf(req->arena, "essay:%lld", (long long)essay_id), before, after);
	else {
		cJSON_Delete(before);
		cJSON_Delete(after);
	}
	if (rc != SQLITE_OK) {
		cJSON_Delete(reply);
		worker_db_error(req, resp, rc);   /* DB_NOTFOUND cannot be: the row was read in this transaction */
		return;
	}
	resp_json(resp, 200, reply);
}

void admin_essay_approve(struct request *req, struct response *resp)
{
	struct activity_ctx ctx;
	struct essay e;
	if (!admin_activity(req, resp, &ctx) || !essay_to_decide(req, resp, &ctx, &e))
		return;
	decide(req, resp, &ctx, &e, ESSAY_ACCEPTED, "");
}

void admin_essay_reject(struct request *req, struct response *resp)
{
	struct activity_ctx ctx;
	struct essay e;
	const char *reason = json_str(req, "reason");
	if (!valid_free_text(reason ? reason : "", 1, ESSAY_REASON_MAX_CHARS)) {
		worker_invalid(resp, "reason", "请填写不通过的原因（1到200个字）");
		return;
	}
	if (!admin_activity(req, resp, &ctx) || !essay_to_decide(req, resp, &ctx, &e))
		return;
	decide(req, resp, &ctx, &e, ESSAY_REJECTED, reason);
}
