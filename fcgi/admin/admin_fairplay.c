/*
 * Fair play (RULES §14), scoped to the admin's union and audited:
 *   GET  /admin/api/flags?aid=&kind=&union=&state=open|cleared|all&before=&limit=
 *   POST /admin/api/flags/{id}/clear?aid=                  {"reason"}
 *   POST /admin/api/participants/{uid}/disqualify?aid=     {"reason"}
 *   POST /admin/api/participants/{uid}/requalify?aid=      {"reason"}
 * A union admin asking for another union's flag or participant gets 403
 * forbidden (the ids are the flags list's, which already shows them only
 * their own); an unknown id is 404.  Each write is audited with the state
 * before and after, in the transaction that makes it.
 */
#include "worker.h"

#include "calendar.h"
#include "fairplay.h"
#include "store_enrollment.h"
#include "store_fairplay.h"
#include "validate.h"

#include <string.h>

static void add_instant(cJSON *o, const char *name, int64_t t)
{
	char at[CAL_INSTANT_BUF];
	if (t > 0 && cal_format_instant(t, at, sizeof at))
		cJSON_AddStringToObject(o, name, at);
	else
		cJSON_AddNullToObject(o, name);
}

static void add_text_or_null(cJSON *o, const char *name, const char *s)
{
	if (s && *s)
		cJSON_AddStringToObject(o, name, s);
	else
		cJSON_AddNullToObject(o, name);
}

static cJSON *flag_json(const struct fairplay_flag *f)
{
	cJSON *o = cJSON_CreateObject();
	cJSON_AddNumberToObject(o, "id", (double)f->id);
	cJSON_AddNumberToObject(o, "user_id", (double)f->user_id);
	cJSON_AddStringToObject(o, "name", f->name);
	cJSON_AddStringToObject(o, "union", f->union_code);
	cJSON_AddStringToObject(o, "kind", f->kind);
	cJSON_AddStringToObject(o, "state", f->state);
	cJSON *evidence = cJSON_Parse(f->evidence);   /* valid JSON: schema 033 checks it */
	cJSON_AddItemToObject(o, "evidence", evidence ? evidence : cJSON_CreateObject());
	add_text_or_null(o, "first_day", f->first_day);
	add_text_or_null(o, "last_day", f->last_day);
	cJSON_AddNumberToObject(o, "amount", (double)f->amount);
	add_instant(o, "raised_at", f->raised_at);
	add_instant(o, "cleared_at", f->cleared_at);
	add_text_or_null(o, "cleared_by", f->cleared_by);
	add_text_or_null(o, "clear_reason", f->clear_reason);
	cJSON_AddBoolToObject(o, "disqualified", f->disqualified);
	return o;
}

struct page {
	cJSON *items;
	int64_t last_id;
	int count;
};

static void add_flag(const struct fairplay_flag *f, void *arg)
{
	struct page *p = arg;
	cJSON_AddItemToArray(p->items, flag_json(f));
	p->last_id = f->id;
	p->count++;
}

static bool read_kind_and_state(struct response *resp, struct request *req, struct flag_filter *f)
{
	const char *kind = req_query(req, "kind"), *state = req_query(req, "state");
	if (kind && *kind) {
		if (fairplay_kind_from(kind) == FLAG_KINDS) {
			worker_invalid(resp, "kind", "kind 须为 cap_often、same_counts、team_same_counts、bad_payloads 或 multi_mobile");
			return false;
		}
		f->kind = kind;
	}
	if (!state || !*state || strcmp(state, "open") == 0)
		f->state = "open";
	else if (strcmp(state, "cleared") == 0)
		f->state = "cleared";
	else if (strcmp(state, "all") != 0) {
		worker_invalid(resp, "state", "state 须为 open、cleared 或 all");
		return false;
	}
	return true;
}

void admin_flags(struct request *req, struct response *resp)
{
	struct activity_ctx ctx;
	struct flag_filter f = { 0 };
	int64_t limit;
	if (!admin_activity(req, resp, &ctx) ||
	    !admin_scope_union(req, resp, req_query(req, "union"), "union", &f.union_code) ||
	    !read_kind_and_state(resp, req, &f) || !query_int(req, resp, "before", 1, INT64_MAX, 0, &f.before) ||
	    !query_int(req, resp, "limit", 1, 200, 50, &limit))
		return;
	f.activity_id = ctx.activity->id;
	f.limit = (int)limit;
	struct page p = { .items = cJSON_CreateArray() };
	int rc = store_flags_page(worker_of(req)->db, &f, add_flag, &p);
	if (rc != SQLITE_OK) {
		cJSON_Delete(p.items);
		worker_db_error(req, resp, rc);
		return;
	}
	cJSON *o = cJSON_CreateObject();
	cJSON_AddItemToObject(o, "items", p.items);
	if (p.count == f.limit)
		cJSON_AddNumberToObject(o, "next_before", (double)p.last_id);
	else
		cJSON_AddNullToObject(o, "next_before");
	resp_json(resp, 200, o);
}

/* Whether union_code is the admin's to act on: false after answering 403. */
static bool in_scope(struct request *req, struct response *resp, const char *union_code)
{
	const struct admin_session *who = admin_of(req);
	if (who->role == ADMIN_PROVINCE || strcmp(who->union_code, union_code) == 0)
		return true;
	resp_error(resp, 403, "forbidden", "无权处理其他工会的参与者", NULL);
	return false;
}

/* The body's reason, 1 to FAIRPLAY_REASON_MAX_CHARS characters: NULL after
 * answering 400 naming it. */
static const char *read_reason(struct request *req, struct response *resp)
{
	const char *reason = json_str(req, "reason");
	if (!reason || !valid_free_text(reason, 1, FAIRPLAY_REASON_MAX_CHARS)) {
		worker_invalid(resp, "reason", "请填写原因（1到200个字）");
		return NULL;
	}
	return reason;
}

static void take_flag(const struct fairplay_flag *f, void *arg)
{
	*(cJSON **)arg = flag_json(f);
}

void admin_flag_clear(struct request *req, struct response *resp)
{
	struct activity_ctx ctx;
	int64_t id;
	const char *reason = read_reason(req, resp);
	if (!reason || !req_param_id(req, resp, "id", &id) || !admin_activity(req, resp, &ctx))
		return;
	struct db *db = worker_of(req)->db;
	cJSON *before = NULL;
	int rc = store_flag_get(db, ctx.activity->id, id, take_flag, &before);
	if (!worker_found(req, resp, rc, 404, "not_found", "没有这个标记"))
		return;
	if (!in_scope(req, resp, cJSON_GetStringValue(cJSON_GetObjectItem(before, "union")))) {
		cJSON_Delete(before);
		return;
	}
	rc = store_flag_clear(db, ctx.activity->id, id, admin_of(req)->id, reason, ctx.now);
	if (rc == DB_NOTFOUND) {
		cJSON_Delete(before);
		resp_error(resp, 409, "already_cleared", "这个标记已经处理过了", NULL);
		return;
	}
	cJSON *after = NULL;
	if (rc == SQLITE_OK)
		rc = store_flag_get(db, ctx.activity->id, id, take_flag, &after);
	cJSON *reply = after ? cJSON_Duplicate(after, true) : NULL;
	if (rc == SQLITE_OK)
		rc = admin_audit(req, "flag.clear", arena_printf(req->arena, "flag:%lld", (long long)id), before, after);
	else {
		cJSON_Delete(before);
		cJSON_Delete(after);
	}
	if (rc != SQLITE_OK) {
		cJSON_Delete(reply);
		worker_db_error(req, resp, rc);
		return;
	}
	resp_json(resp, 200, reply);
}

int admin_fairplay_state(struct db *db, int64_t activity_id, int64_t user_id, cJSON **out)
{
	struct disqualification d;
	*out = NULL;
	int rc = store_disqualification_latest(db, activity_id, user_id, &d);
	if (rc != SQLITE_OK && rc != DB_NOTFOUND)
		return rc;
	cJSON *o = cJSON_CreateObject();
	cJSON_AddBoolToObject(o, "disqualified", rc == SQLITE_OK && d.lifted_at == 0);
	if (rc == SQLITE_OK) {
		cJSON_AddStringToObject(o, "from_day", d.from_day);
		add_text_or_null(o, "to_day", d.to_day);
		cJSON_AddStringToObject(o, "reason", d.reason);
		add_instant(o, "at", d.at);
		add_instant(o, "lifted_at", d.lifted_at);
		add_text_or_null(o, "lift_reason", d.lift_reason);
	}
	*out = o;
	return SQLITE_OK;
}

/* Disqualifies (disqualify true) or requalifies {uid}, from today. */
static void decide(struct request *req, struct response *resp, bool disqualify)
{
	struct activity_ctx ctx;
	int64_t uid;
	const char *reason = read_reason(req, resp);
	if (!reason || !req_param_id(req, resp, "uid", &uid) || !admin_activity(req, resp, &ctx))
		return;
	struct db *db = worker_of(req)->db;
	struct enrollment e;
	int rc = store_enrollment_get(db, &worker_of(req)->sealer, ctx.activity->id, uid, &e);
	if (!worker_found(req, resp, rc, 404, "not_found", "参与者不存在") || !in_scope(req, resp, e.union_code))
		return;
	cJSON *before = NULL;
	rc = admin_fairplay_state(db, ctx.activity->id, uid, &before);
	bool was = rc == SQLITE_OK && cJSON_IsTrue(cJSON_GetObjectItem(before, "disqualified"));
	if (rc == SQLITE_OK && was == disqualify) {
		cJSON_Delete(before);
		if (disqualify)
			resp_error(resp, 409, "already_disqualified", "该参与者已被取消资格", NULL);
		else
			resp_error(resp, 409, "not_disqualified", "该参与者没有被取消资格", NULL);
		return;
	}
	char today[CAL_DAY_BUF];
	cal_format_day(ctx.today, today, sizeof today);
	int64_t admin_id = admin_of(req)->id;
	if (rc == SQLITE_OK)
		rc = disqualify ? store_disqualify(db, ctx.activity->id, uid, today, reason, admin_id, ctx.now)
		                : store_requalify(db, ctx.activity->id, uid, today, reason, admin_id, ctx.now);
	cJSON *after = NULL;
	if (rc == SQLITE_OK)
		rc = admin_fairplay_state(db, ctx.activity->id, uid, &after);
	cJSON *reply = after ? cJSON_Duplicate(after, true) : NULL;
	if (rc == SQLITE_OK)
		rc = admin_audit(req, disqualify ? "participant.disqualify" : "participant.requalify",
		                 arena_printf(req->arena, "participant:%lld", (long long)uid), before, after);
	else {
		cJSON_Delete(before);
		cJSON_Delete(after);
	}
	if (rc != SQLITE_OK) {
		cJSON_Delete(reply);
		worker_db_error(req, resp, rc);
		return;
	}
	cJSON_AddNumberToObject(reply, "user_id", (double)uid);
	resp_json(resp, 200, reply);
}

void admin_participant_disqualify(struct request *req, struct response *resp)
{
	decide(req, resp, true);
}

void admin_participant_requalify(struct request *req, struct response *resp)
{
	decide(req, resp, false);
}
