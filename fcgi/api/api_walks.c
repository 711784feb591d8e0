/*
 * Themed walks for participants (README "Themed walks"):
 *   GET  …/walks                    the walks open to the caller, and the ones they joined
 *   GET  …/walks/{wid}              one walk with the caller's progress (null before joining)
 *   POST …/walks/{wid}/join         before or during the walk; a late joiner counts from that day
 *   GET  …/walks/{wid}/board        counted steps over its days, ties share a rank, names masked
 * (the certificate, an image, is api_walk_certificate.c's).  A walk reads the
 * steps the settlement counted; it awards no points.
 */
#include "worker.h"
#include "walk_caller.h"

#include "name_mask.h"
#include "walk_view.h"

#include "store_enrollment.h"

bool walk_caller_load(struct request *req, struct response *resp, struct walk_ctx *c)
{
	struct db *db = worker_of(req)->db;
	int64_t wid;
	if (!worker_activity(req, resp, &c->a, true) || !req_param_id(req, resp, "wid", &wid))
		return false;
	int rc = store_enrollment_get(db, &worker_of(req)->sealer, c->a.activity->id, req->user_id, &c->e);
	if (!worker_found(req, resp, rc, 403, "not_enrolled", "请先报名参加活动"))
		return false;
	rc = store_walk_get(db, c->a.activity->id, wid, &c->w);
	if (!worker_found(req, resp, rc, 404, "not_found", "没有这个主题健步走"))
		return false;
	rc = store_walk_progress(db, wid, req->user_id, &c->p);
	c->joined = rc == SQLITE_OK;
	bool open = false;
	if (rc == DB_NOTFOUND)
		rc = store_walk_open_to(db, &c->w, c->e.union_code, c->e.unit, &open);
	if (rc != SQLITE_OK) {
		worker_db_error(req, resp, rc);
		return false;
	}
	if (!c->joined && (!open || c->w.cancelled_at)) {
		resp_error(resp, 404, "not_found", "没有这个主题健步走", NULL);
		return false;
	}
	return true;
}

static void add_progress(cJSON *o, const struct walk_ctx *c)
{
	if (!c->joined) {
		cJSON_AddNullToObject(o, "progress");
		return;
	}
	cJSON *p = cJSON_AddObjectToObject(o, "progress");
	cJSON_AddStringToObject(p, "from_day", c->p.from_day);
	cJSON_AddNumberToObject(p, "steps", (double)c->p.steps);
	cJSON_AddNumberToObject(p, "active_days", (double)c->p.active_days);
	cJSON_AddNumberToObject(p, "good_days", (double)c->p.good_days);
	cJSON_AddNumberToObject(p, "rank", (double)c->p.rank);
	if (c->p.as_of[0])
		cJSON_AddStringToObject(p, "as_of", c->p.as_of);
	else
		cJSON_AddNullToObject(p, "as_of");
	cJSON_AddBoolToObject(p, "finished", c->p.finished_day[0] != '\0');
	if (c->p.finished_day[0])
		cJSON_AddStringToObject(p, "finished_day", c->p.finished_day);
	else
		cJSON_AddNullToObject(p, "finished_day");
}

struct list {
	struct db *db;
	int32_t today;
	cJSON *items;
	int rc;
};

static void add_walk(const struct walk *w, bool joined, void *arg)
{
	struct list *l = arg;
	if (l->rc != SQLITE_OK)
		return;
	cJSON *o = walk_json(l->db, w, l->today, &l->rc);
	if (!o)
		return;
	cJSON_AddBoolToObject(o, "joined", joined);
	cJSON_AddItemToArray(l->items, o);
}

void api_walks_list(struct request *req, struct response *resp)
{
	struct db *db = worker_of(req)->db;
	struct activity_ctx ctx;
	if (!worker_activity(req, resp, &ctx, true))
		return;
	struct enrollment e;
	int rc = store_enrollment_get(db, &worker_of(req)->sealer, ctx.activity->id, req->user_id, &e);
	if (!worker_found(req, resp, rc, 403, "not_enrolled", "请先报名参加活动"))
		return;
	cJSON *o = cJSON_CreateObject();
	struct list l = { db, ctx.today, cJSON_AddArrayToObject(o, "items"), SQLITE_OK };
	rc = store_walks_open_to(db, ctx.activity->id, req->user_id, e.union_code, e.unit, add_walk, &l);
	if (rc == SQLITE_OK)
		rc = l.rc;
	if (rc != SQLITE_OK) {
		cJSON_Delete(o);
		worker_db_error(req, resp, rc);
		return;
	}
	resp_json(resp, 200, o);
}

static void answer_walk(struct request *req, struct response *resp, const struct walk_ctx *c)
{
	int rc;
	cJSON *o = walk_json(worker_of(req)->db, &c->w, c->a.today, &rc);
	if (!o) {
		worker_db_error(req, resp, rc);
		return;
	}
	cJSON_AddBoolToObject(o, "joined", c->joined);
	add_progress(o, c);
	resp_json(resp, 200, o);
}

void api_walk_get(struct request *req, struct response *resp)
{
	struct walk_ctx c;
	if (walk_caller_load(req, resp, &c))
		answer_walk(req, resp, &c);
}

void api_walk_join(struct request *req, struct response *resp)
{
	struct walk_ctx c;
	if (!walk_caller_load(req, resp, &c))
		return;
	if (c.w.cancelled_at) {
		resp_error(resp, 409, "walk_cancelled", "该主题健步走已取消", NULL);
		return;
	}
	int32_t from = rules_walk_join_from(&c.w.plan, c.a.today);
	if (from < 0 || c.w.frozen_at) {
		resp_error(resp, 409, "walk_ended", "该主题健步走已结束", NULL);
		return;
	}
	if (c.joined) {
		resp_error(resp, 409, "already_joined", "已经参加了该主题健步走", NULL);
		return;
	}
	struct db *db = worker_of(req)->db;
	int rc = store_walk_join(db, c.w.id, req->user_id, c.a.now, from, &c.joined);
	if (rc == SQLITE_OK)
		rc = store_walk_progress(db, c.w.id, req->user_id, &c.p);
	if (rc != SQLITE_OK) {
		worker_db_error(req, resp, rc);
		return;
	}
	answer_walk(req, resp, &c);
}

struct board_rows {
	struct request *req;
	cJSON *items;
};

static void add_row(const struct walk_board_row *row, void *arg)
{
	struct board_rows *b = arg;
	cJSON *o = cJSON_CreateObject();
	cJSON_AddNumberToObject(o, "rank", (double)row->rank);
	cJSON_AddStringToObject(o, "name", masked_name(b->req->arena, row->name));
	cJSON_AddStringToObject(o, "union", row->union_code);
	cJSON_AddNumberToObject(o, "steps", (double)row->steps);
	cJSON_AddBoolToObject(o, "finished", row->finished);
	cJSON_AddBoolToObject(o, "me", row->user_id == b->req->user_id);
	cJSON_AddItemToArray(b->items, o);
}

void api_walk_board(struct request *req, struct response *resp)
{
	struct walk_ctx c;
	int64_t offset, limit, total = 0;
	if (!walk_caller_load(req, resp, &c) || !query_int(req, resp, "offset", 0, 10000000, 0, &offset) ||
	    !query_int(req, resp, "limit", 1, 100, 50, &limit))
		return;
	cJSON *o = cJSON_CreateObject();
	cJSON_AddNumberToObject(o, "walk_id", (double)c.w.id);
	cJSON_AddBoolToObject(o, "final", c.w.frozen_at != 0);
	struct board_rows rows = { req, cJSON_AddArrayToObject(o, "items") };
	int rc = store_walk_board(worker_of(req)->db, c.w.id, offset, limit, &total, add_row, &rows);
	if (rc != SQLITE_OK) {
		cJSON_Delete(o);
		worker_db_error(req, resp, rc);
		return;
	}
	cJSON_AddNumberToObject(o, "total", (double)total);
	if (c.joined) {
		cJSON *m = cJSON_AddObjectToObject(o, "mine");
		cJSON_AddNumberToObject(m, "rank", (double)c.p.rank);
		cJSON_AddNumberToObject(m, "steps", (double)c.p.steps);
	} else {
		cJSON_AddNullToObject(o, "mine");
	}
	resp_json(resp, 200, o);
}
