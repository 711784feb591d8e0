/*
 * Themed walks for admins (README "Themed walks"), scoped: a union admin
 * makes and sees their union's walks only (403 for any other), a province
 * admin any union's or the whole province's.  Every write is audited with
 * the walk before and after.
 *   GET  /admin/api/walks?aid=&union=         the walks, newest first, with their counts
 *   POST /admin/api/walks?aid=                a walk (body below)
 *   GET  /admin/api/walks/{wid}?aid=          one walk, its participation by unit and by day
 *   PUT  /admin/api/walks/{wid}?aid=          its texts; the rest too before its first day
 *   POST /admin/api/walks/{wid}/cancel?aid=   {"reason"}
 *   GET  /admin/api/walks/{wid}/participation.csv?aid=
 * Body: {"name","description","union":code|null,"units":["…"],"first_day","last_day",
 *        "goal":{"kind":"total","steps":N} | {"kind":"days","days":N,"steps":N}}
 */
#include "worker.h"
#include "walk_view.h"

#include "csv.h"

#include <stdio.h>
#include <string.h>

/* The admin's activity and the walk of {wid}, in their scope.  Returns
 * false after answering. */
static bool scoped_walk(struct request *req, struct response *resp, struct activity_ctx *ctx, struct walk *w)
{
	int64_t wid;
	if (!admin_activity(req, resp, ctx) || !req_param_id(req, resp, "wid", &wid))
		return false;
	int rc = store_walk_get(worker_of(req)->db, ctx->activity->id, wid, w);
	if (!worker_found(req, resp, rc, 404, "not_found", "没有这个主题健步走"))
		return false;
	const struct admin_session *who = admin_of(req);
	if (who->role == ADMIN_UNION && strcmp(w->union_code, who->union_code) != 0) {
		resp_error(resp, 403, "forbidden", "无权管理其他工会的主题健步走", NULL);
		return false;
	}
	return true;
}

static bool json_int(const cJSON *v, int64_t min, int64_t max, int64_t *out)
{
	if (!cJSON_IsNumber(v) || v->valuedouble != (double)(int64_t)v->valuedouble || v->valuedouble < (double)min ||
	    v->valuedouble > (double)max)
		return false;
	*out = (int64_t)v->valuedouble;
	return true;
}

/* A walk from the body over base (create: zeroed; edit: the walk as it is).
 * plan_given: the body names something beyond the texts. */
struct walk_input {
	struct walk w;
	const char *units[WALK_UNITS_MAX];
	int nunits;
	bool units_given, plan_given;
};

static bool read_texts(struct request *req, struct response *resp, struct walk_input *in, bool creating)
{
	const cJSON *name = cJSON_GetObjectItemCaseSensitive(req->json, "name");
	const cJSON *desc = cJSON_GetObjectItemCaseSensitive(req->json, "description");
	if (name || creating) {
		if (!cJSON_IsString(name) || !valid_name(name->valuestring, 1, WALK_NAME_MAX)) {
			worker_invalid(resp, "name", "名称须为1到40个字");
			return false;
		}
		snprintf(in->w.name, sizeof in->w.name, "%s", name->valuestring);
	}
	if (desc) {
		if (!cJSON_IsString(desc) || !valid_free_text(desc->valuestring, 0, WALK_DESCRIPTION_MAX)) {
			worker_invalid(resp, "description", "简介不超过200个字");
			return false;
		}
		snprintf(in->w.description, sizeof in->w.description, "%s", desc->valuestring);
	}
	return true;
}

static bool read_union(struct request *req, struct response *resp, struct walk_input *in, bool creating)
{
	const cJSON *u = cJSON_GetObjectItemCaseSensitive(req->json, "union");
	if (!u && !creating)
		return true;
	if (u && !cJSON_IsString(u) && !cJSON_IsNull(u)) {
		worker_invalid(resp, "union", "工会须为工会代码或 null（全省）");
		return false;
	}
	const char *scope;
	if (!admin_scope_union(req, resp, cJSON_IsString(u) ? u->valuestring : NULL, "union", &scope))
		return false;
	snprintf(in->w.union_code, sizeof in->w.union_code, "%s", scope ? scope : "");
	in->plan_given = true;
	return true;
}

static bool read_units(struct request *req, struct response *resp, struct walk_input *in)
{
	const cJSON *units = cJSON_GetObjectItemCaseSensitive(req->json, "units");
	if (!units)
		return true;
	if (!cJSON_IsArray(units) || cJSON_GetArraySize(units) > WALK_UNITS_MAX) {
		worker_invalid(resp, "units", "单位须为最多50个单位名称的列表");
		return false;
	}
	const cJSON *u;
	cJSON_ArrayForEach(u, units) {
		if (!cJSON_IsString(u) || !valid_name(u->valuestring, 1, 50)) {
			worker_invalid(resp, "units", "单位名称须为1到50个字");
			return false;
		}
		in->units[in->nunits++] = u->valuestring;
	}
	in->units_given = in->plan_given = true;
	return true;
}

static bool read_day(struct request *req, struct response *resp, const char *field, int32_t *day, bool *given)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(req->json, field);
	if (!v)
		return true;
	if (!cJSON_IsString(v) || !cal_parse_day(v->valuestring, day)) {
		worker_invalid(resp, field, "日期格式须为 YYYY-MM-DD");
		return false;
	}
	*given = true;
	return true;
}

static bool read_goal(struct request *req, struct response *resp, struct walk_input *in, bool creating)
{
	const cJSON *g = cJSON_GetObjectItemCaseSensitive(req->json, "goal");
	if (!g && !creating)
		return true;
	struct rules_walk_plan *p = &in->w.plan;
	if (!cJSON_IsObject(g) ||
	    !rules_walk_goal_parse(cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(g, "kind")), &p->goal)) {
		worker_invalid(resp, "goal.kind", "目标须为 total（累计步数）或 days（达标天数）");
		return false;
	}
	if (!json_int(cJSON_GetObjectItemCaseSensitive(g, "steps"), 1, INT32_MAX, &p->goal_steps)) {
		worker_invalid(resp, "goal.steps", "目标步数须为正整数");
		return false;
	}
	p->goal_days = 0;
	if (p->goal == RULES_WALK_DAYS && !json_int(cJSON_GetObjectItemCaseSensitive(g, "days"), 1, 1000, &p->goal_days)) {
		worker_invalid(resp, "goal.days", "达标天数须为正整数");
		return false;
	}
	in->plan_given = true;
	return true;
}

/* The whole body into in (over what in holds), checked; was: the plan as it
 * is (NULL when creating), which changes only before its first day.
 * Returns false after answering. */
static bool read_walk(struct request *req, struct response *resp, const struct activity_ctx *ctx,
                      struct walk_input *in, const struct rules_walk_plan *was)
{
	bool creating = was == NULL;
	bool first_given = false, last_given = false;
	if (!read_texts(req, resp, in, creating) || !read_union(req, resp, in, creating) ||
	    !read_units(req, resp, in) || !read_day(req, resp, "first_day", &in->w.plan.first_day, &first_given) ||
	    !read_day(req, resp, "last_day", &in->w.plan.last_day, &last_given) || !read_goal(req, resp, in, creating))
		return false;
	if (creating && (!first_given || !last_given)) {
		worker_invalid(resp, first_given ? "last_day" : "first_day", "请填写起止日期");
		return false;
	}
	in->plan_given |= first_given || last_given;
	if (in->nunits > 0 && !in->w.union_code[0]) {
		worker_invalid(resp, "units", "全省的主题健步走不能限定单位");
		return false;
	}
	if (!in->w.union_code[0])
		in->units_given = true;   /* the whole province: no units left over */
	if (!in->plan_given)
		return true;
	if (was && !rules_walk_plan_editable(was, ctx->today)) {
		resp_error(resp, 409, "walk_started", "主题健步走已开始，只能修改名称和简介", NULL);
		return false;
	}
	enum rules_walk_fault f = rules_walk_plan_check(ctx->rules, &in->w.plan, ctx->today);
	if (f != RULES_WALK_OK) {
		worker_invalid(resp, rules_walk_fault_field(f),
		               f == RULES_WALK_BAD_FIRST_DAY ? "开始日期须在活动期内，且最早为明天"
		               : f == RULES_WALK_BAD_LAST_DAY ? "结束日期须在活动期内，且不早于开始日期"
		                                              : "目标超出了这些天里能计入的步数");
		return false;
	}
	return true;
}

/* Answers the walk as it now is, and audits the write (before may be NULL). */
static void finish(struct request *req, struct response *resp, const struct activity_ctx *ctx, int rc,
                   const char *action, int64_t walk_id, cJSON *before)
{
	struct db *db = worker_of(req)->db;
	struct walk w;
	cJSON *after = NULL, *answer = NULL;
	if (rc == SQLITE_OK)
		rc = store_walk_get(db, ctx->activity->id, walk_id, &w);
	if (rc == SQLITE_OK && (after = walk_json(db, &w, ctx->today, &rc)) != NULL)
		answer = cJSON_Duplicate(after, true);
	if (rc == SQLITE_OK) {
		rc = admin_audit(req, action, arena_printf(req->arena, "walk:%lld", (long long)walk_id), before, after);
		before = after = NULL;
	}
	cJSON_Delete(before);
	cJSON_Delete(after);
	if (rc != SQLITE_OK) {
		cJSON_Delete(answer);
		worker_db_error(req, resp, rc);
		return;
	}
	resp_json(resp, 200, answer);
}

void admin_walk_create(struct request *req, struct response *resp)
{
	struct activity_ctx ctx;
	if (!admin_activity(req, resp, &ctx))
		return;
	struct walk_input in;
	memset(&in, 0, sizeof in);
	if (!read_walk(req, resp, &ctx, &in, NULL))
		return;
	in.w.activity_id = ctx.activity->id;
	in.w.created_by = admin_of(req)->id;
	in.w.created_at = in.w.updated_at = ctx.now;
	int64_t id = 0;
	int rc = store_walk_insert(worker_of(req)->db, &in.w, in.units, in.nunits, &id);
	finish(req, resp, &ctx, rc, "walk.create", id, NULL);
}

/* 409 for a walk that cannot change any more.  Returns false after answering. */
static bool still_open(struct response *resp, const struct walk *w)
{
	if (w->cancelled_at)
		resp_error(resp, 409, "walk_cancelled", "该主题健步走已取消", NULL);
	else if (w->frozen_at)
		resp_error(resp, 409, "walk_ended", "该主题健步走已结束", NULL);
	return !w->cancelled_at && !w->frozen_at;
}

void admin_walk_edit(struct request *req, struct response *resp)
{
	struct activity_ctx ctx;
	struct walk_input in;
	memset(&in, 0, sizeof in);
	if (!scoped_walk(req, resp, &ctx, &in.w) || !still_open(resp, &in.w))
		return;
	struct rules_walk_plan was = in.w.plan;
	int rc;
	cJSON *before = walk_json(worker_of(req)->db, &in.w, ctx.today, &rc);
	if (!before) {
		worker_db_error(req, resp, rc);
		return;
	}
	if (!read_walk(req, resp, &ctx, &in, &was)) {
		cJSON_Delete(before);
		return;
	}
	in.w.updated_at = ctx.now;
	rc = store_walk_update(worker_of(req)->db, &in.w, in.units_given ? in.units : NULL, in.nunits);
	finish(req, resp, &ctx, rc, "walk.edit", in.w.id, before);
}

void admin_walk_cancel(struct request *req, struct response *resp)
{
	struct activity_ctx ctx;
	struct walk w;
	if (!scoped_walk(req, resp, &ctx, &w) || !still_open(resp, &w))
		return;
	const char *reason = json_str(req, "reason");
	if (!reason || !valid_free_text(reason, 2, WALK_REASON_MAX)) {
		worker_invalid(resp, "reason", "请填写取消原因（2到200个字）");
		return;
	}
	int rc;
	cJSON *before = walk_json(worker_of(req)->db, &w, ctx.today, &rc);
	if (!before) {
		worker_db_error(req, resp, rc);
		return;
	}
	rc = store_walk_cancel(worker_of(req)->db, w.id, reason, ctx.now);
	finish(req, resp, &ctx, rc, "walk.cancel", w.id, before);
}

static void add_counts(cJSON *o, const struct walk_counts *c)
{
	cJSON_AddNumberToObject(o, "joined", (double)c->joined);
	cJSON_AddNumberToObject(o, "active", (double)c->active);
	cJSON_AddNumberToObject(o, "finished", (double)c->finished);
}

struct walk_list {
	struct db *db;
	int32_t today;
	cJSON *items;
	int rc;
};

static void list_walk(const struct walk *w, void *arg)
{
	struct walk_list *l = arg;
	struct walk_counts c;
	cJSON *o = l->rc == SQLITE_OK ? walk_json(l->db, w, l->today, &l->rc) : NULL;
	if (o && (l->rc = store_walk_counts(l->db, w->id, &c)) == SQLITE_OK)
		add_counts(cJSON_AddObjectToObject(o, "counts"), &c);
	cJSON_AddItemToArray(l->items, o);
}

void admin_walks(struct request *req, struct response *resp)
{
	struct activity_ctx ctx;
	const char *scope;
	if (!admin_activity(req, resp, &ctx) || !admin_scope_union(req, resp, req_query(req, "union"), "union", &scope))
		return;
	cJSON *o = cJSON_CreateObject();
	struct walk_list l = { worker_of(req)->db, ctx.today, cJSON_AddArrayToObject(o, "items"), SQLITE_OK };
	int rc = store_walks_each(l.db, ctx.activity->id, scope, list_walk, &l);
	if (rc == SQLITE_OK)
		rc = l.rc;
	if (rc != SQLITE_OK) {
		cJSON_Delete(o);
		worker_db_error(req, resp, rc);
		return;
	}
	resp_json(resp, 200, o);
}

static void unit_json(const char *union_code, const char *unit, const struct walk_counts *c, void *arg)
{
	cJSON *o = cJSON_CreateObject();
	cJSON_AddStringToObject(o, "union", union_code);
	cJSON_AddStringToObject(o, "unit", unit);
	add_counts(o, c);
	cJSON_AddItemToArray(arg, o);
}

static void day_json(const char *day, int64_t active, int64_t finished, void *arg)
{
	cJSON *o = cJSON_CreateObject();
	cJSON_AddStringToObject(o, "day", day);
	cJSON_AddNumberToObject(o, "active", (double)active);
	cJSON_AddNumberToObject(o, "finished", (double)finished);
	cJSON_AddItemToArray(arg, o);
}

void admin_walk(struct request *req, struct response *resp)
{
	struct activity_ctx ctx;
	struct walk w;
	if (!scoped_walk(req, resp, &ctx, &w))
		return;
	struct db *db = worker_of(req)->db;
	struct walk_counts c;
	int rc;
	cJSON *o = walk_json(db, &w, ctx.today, &rc);
	if (o && (rc = store_walk_counts(db, w.id, &c)) == SQLITE_OK) {
		add_counts(cJSON_AddObjectToObject(o, "counts"), &c);
		rc = store_walk_counts_by_unit(db, &w, unit_json, cJSON_AddArrayToObject(o, "by_unit"));
	}
	if (rc == SQLITE_OK)
		rc = store_walk_days(db, &w, day_json, cJSON_AddArrayToObject(o, "by_day"));
	if (rc != SQLITE_OK) {
		cJSON_Delete(o);
		worker_db_error(req, resp, rc);
		return;
	}
	resp_json(resp, 200, o);
}

static void unit_csv(const char *union_code, const char *unit, const struct walk_counts *c, void *arg)
{
	struct buf *b = arg;
	csv_cell(b, union_code, true);
	csv_cell(b, unit, false);
	csv_int(b, c->joined, false);
	csv_int(b, c->active, false);
	csv_int(b, c->finished, false);
	csv_end_row(b);
}

/* One row per work unit: small enough (a walk's units) to answer whole. */
void admin_walk_csv(struct request *req, struct response *resp)
{
	struct activity_ctx ctx;
	struct walk w;
	if (!scoped_walk(req, resp, &ctx, &w))
		return;
	buf_puts(&resp->body, CSV_BOM);
	static const char *const header[] = { "工会", "单位", "参加人数", "健走人数", "完成人数" };
	for (size_t i = 0; i < sizeof header / sizeof header[0]; i++)
		csv_cell(&resp->body, header[i], i == 0);
	csv_end_row(&resp->body);
	int rc = store_walk_counts_by_unit(worker_of(req)->db, &w, unit_csv, &resp->body);
	if (rc != SQLITE_OK) {
		resp_reset(resp);
		worker_db_error(req, resp, rc);
		return;
	}
	resp_header(resp, "Content-Disposition",
	            arena_printf(req->arena, "attachment; filename=\"walk-%lld.csv\"", (long long)w.id));
	resp->status = 200;
	resp->content_type = "text/csv; charset=utf-8";
}
