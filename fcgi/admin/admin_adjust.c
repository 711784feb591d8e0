/*
 * Points corrections and the ledger as admins read it (RULES §4, §12),
 * scoped to the participant's union:
 *   POST /admin/api/participants/{uid}/adjust?aid=  {"points":±N,"reason":"…"}
 *   GET  /admin/api/participants/{uid}/ledger?aid=&before=&limit=
 * An adjustment is one ledger row of kind adjust whose ref is the id of its
 * audit row, written in one transaction with it; it never takes the balance
 * below 0 (409 balance_below_zero, nothing written).  The ledger shows each
 * row's origin: the day, the checkpoint, the team, the draw, or the audit row
 * with its admin and reason.
 */
#include "admin_corrections.h"

#include "calendar.h"
#include "store_audit.h"
#include "store_ledger.h"

#include <stdlib.h>

enum { ADJUST_MAX_POINTS = 100000 };

void admin_participant_adjust(struct request *req, struct response *resp)
{
	struct activity_ctx ctx;
	struct enrollment who;
	const char *reason;
	int64_t uid, points, balance = 0, audit_id = 0;
	if (!admin_reason(req, resp, &reason) ||
	    !admin_json_int(req, resp, "points", -ADJUST_MAX_POINTS, ADJUST_MAX_POINTS,
	                    "points 须为 -100000 到 100000 之间的非零整数", &points))
		return;
	if (points == 0) {
		worker_invalid(resp, "points", "points 须为 -100000 到 100000 之间的非零整数");
		return;
	}
	if (!req_param_id(req, resp, "uid", &uid) || !admin_activity(req, resp, &ctx) ||
	    !admin_participant_in_scope(req, resp, &ctx, uid, NULL, &who))
		return;
	struct db *db = worker_of(req)->db;
	int rc = store_ledger_balance(db, ctx.activity->id, uid, &balance);
	if (rc == SQLITE_OK && balance + points < 0) {
		resp_error(resp, 409, "balance_below_zero",
		           arena_printf(req->arena, "积分余额为 %lld，不能扣除 %lld", (long long)balance, (long long)-points),
		           "points");
		return;
	}
	cJSON *before = cJSON_CreateObject(), *after = cJSON_CreateObject();
	cJSON_AddNumberToObject(before, "user_id", (double)uid);
	cJSON_AddNumberToObject(before, "balance", (double)balance);
	cJSON_AddNumberToObject(after, "user_id", (double)uid);
	cJSON_AddNumberToObject(after, "points", (double)points);
	cJSON_AddNumberToObject(after, "balance", (double)(balance + points));
	cJSON_AddStringToObject(after, "reason", reason);
	cJSON *reply = cJSON_Duplicate(after, true);
	if (rc == SQLITE_OK)
		rc = admin_audit(req, "points.adjust", arena_printf(req->arena, "user:%lld", (long long)uid), before, after);
	else {
		cJSON_Delete(before);
		cJSON_Delete(after);
	}
	if (rc == SQLITE_OK)
		rc = store_audit_last_id(db, &audit_id);
	bool inserted = false;
	if (rc == SQLITE_OK)
		rc = store_ledger_award(db, ctx.activity->id, uid, RULES_LEDGER_ADJUST, audit_id, points, ctx.now, &inserted);
	if (rc == SQLITE_OK && !inserted)
		rc = SQLITE_CONSTRAINT;   /* a new audit id names no row yet: a bug, rolled back */
	if (rc != SQLITE_OK) {
		cJSON_Delete(reply);
		worker_db_error(req, resp, rc);
		return;
	}
	cJSON_AddNumberToObject(reply, "audit_id", (double)audit_id);
	resp_json(resp, 200, reply);
}

/* ---------------------------------------------------------------- the ledger */

struct ledger_view {
	struct db *db;
	cJSON *items;
	int64_t last_id;
	int count, rc;
};

static void add_audit_origin(const struct audit_entry *e, void *arg)
{
	cJSON *origin = arg;
	char at[CAL_INSTANT_BUF];
	cal_format_instant(e->at, at, sizeof at);
	cJSON_AddStringToObject(origin, "admin", e->actor);
	cJSON_AddStringToObject(origin, "action", e->action);
	cJSON_AddStringToObject(origin, "at", at);
	cJSON *after = e->after ? cJSON_Parse(e->after) : NULL;
	const char *reason = cJSON_GetStringValue(cJSON_GetObjectItem(after, "reason"));
	cJSON_AddStringToObject(origin, "reason", reason ? reason : "");
	cJSON_Delete(after);
}

/* {"type":"day","day"} | {"type":"checkpoint","no"} | {"type":"team","id","name"}
 * | {"type":"draw","id"} | {"type":"audit","id","admin","action","at","reason"} */
static cJSON *origin_json(struct ledger_view *v, const struct ledger_row *row)
{
	cJSON *o = cJSON_CreateObject();
	int64_t id = strtoll(row->ref, NULL, 10);
	struct team team;
	switch (row->kind) {
	case RULES_LEDGER_ESSAY:
		cJSON_AddStringToObject(o, "type", "checkpoint");
		cJSON_AddNumberToObject(o, "no", (double)id);
		break;
	case RULES_LEDGER_LEADER_FULL_TEAM:
		cJSON_AddStringToObject(o, "type", "team");
		cJSON_AddNumberToObject(o, "id", (double)id);
		v->rc = store_team_get(v->db, id, &team);
		cJSON_AddStringToObject(o, "name", v->rc == SQLITE_OK ? team.name : "");
		if (v->rc == DB_NOTFOUND)
			v->rc = SQLITE_OK;   /* dissolved before any member: the id stays */
		break;
	case RULES_LEDGER_REDEEM:
		cJSON_AddStringToObject(o, "type", "draw");
		cJSON_AddNumberToObject(o, "id", (double)id);
		break;
	case RULES_LEDGER_ADJUST:
		cJSON_AddStringToObject(o, "type", "audit");
		cJSON_AddNumberToObject(o, "id", (double)id);
		v->rc = store_audit_get(v->db, id, add_audit_origin, o);
		if (v->rc == DB_NOTFOUND)
			v->rc = SQLITE_OK;
		break;
	default:   /* checkin, steps, personal_target, team_target: the day */
		cJSON_AddStringToObject(o, "type", "day");
		cJSON_AddStringToObject(o, "day", row->ref);
		break;
	}
	return o;
}

static void add_row(const struct ledger_row *row, void *arg)
{
	struct ledger_view *v = arg;
	if (v->rc != SQLITE_OK)
		return;
	char at[CAL_INSTANT_BUF];
	cal_format_instant(row->created_at, at, sizeof at);
	cJSON *o = cJSON_CreateObject();
	cJSON_AddNumberToObject(o, "id", (double)row->id);
	cJSON_AddStringToObject(o, "kind", rules_ledger_kind_name(row->kind));
	cJSON_AddStringToObject(o, "ref", row->ref);
	cJSON_AddNumberToObject(o, "amount", (double)row->amount);
	cJSON_AddStringToObject(o, "at", at);
	cJSON_AddItemToObject(o, "origin", origin_json(v, row));
	cJSON_AddItemToArray(v->items, o);
	v->last_id = row->id;
	v->count++;
}

void admin_participant_ledger(struct request *req, struct response *resp)
{
	struct activity_ctx ctx;
	struct enrollment who;
	int64_t uid, before, limit, balance = 0;
	if (!req_param_id(req, resp, "uid", &uid) || !admin_activity(req, resp, &ctx) ||
	    !query_int(req, resp, "before", 1, INT64_MAX, 0, &before) ||
	    !query_int(req, resp, "limit", 1, 200, 50, &limit) ||
	    !admin_participant_in_scope(req, resp, &ctx, uid, NULL, &who))
		return;
	struct ledger_view v = { .db = worker_of(req)->db, .items = cJSON_CreateArray() };
	int rc = store_ledger_balance(v.db, ctx.activity->id, uid, &balance);
	if (rc == SQLITE_OK)
		rc = store_ledger_page(v.db, ctx.activity->id, uid, before, (int)limit, add_row, &v);
	if (rc == SQLITE_OK)
		rc = v.rc;
	if (rc != SQLITE_OK) {
		cJSON_Delete(v.items);
		worker_db_error(req, resp, rc);
		return;
	}
	cJSON *o = cJSON_CreateObject();
	cJSON_AddNumberToObject(o, "user_id", (double)uid);
	cJSON_AddNumberToObject(o, "balance", (double)balance);
	cJSON_AddItemToObject(o, "items", v.items);
	if (v.count == limit)
		cJSON_AddNumberToObject(o, "next_before", (double)v.last_id);
	else
		cJSON_AddNullToObject(o, "next_before");
	resp_json(resp, 200, o);
}
