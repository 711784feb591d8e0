/*
 * The dashboard (RULES §11):
 *   GET /admin/api/unions/stats?aid=&union=   per union in scope, the total,
 *                                             the organisation-award ranks
 *   GET /admin/api/unions/{code}/daily?aid=   active participants per day
 *                                             ({code} "sx": the whole province)
 * The figures are defined in lib/store/store_admin_stats.h and README.md "Admin".
 */
#include "union_report.h"

#include "calendar.h"
#include "log.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The province's root in the union tree: "every union" in a path. */
#define PROVINCE_CODE "sx"

void admin_union_stats(struct request *req, struct response *resp)
{
	struct activity_ctx ctx;
	const char *scope;
	struct union_report rep;
	if (!admin_activity(req, resp, &ctx) ||
	    !admin_scope_union(req, resp, req_query(req, "union"), "union", &scope) ||
	    !union_report_load(req, resp, &ctx, &rep))
		return;
	int64_t draws = 0, fen = 0;
	int rc = store_stats_spend(worker_of(req)->db, ctx.activity->id, scope, ctx.today, &draws, &fen);
	if (rc != SQLITE_OK) {
		worker_db_error(req, resp, rc);
		return;
	}
	struct union_figures total = { .code = PROVINCE_CODE };
	snprintf(total.name, sizeof total.name, "%s", scope ? "合计" : "全省合计");
	cJSON *list = cJSON_CreateArray();
	for (int i = 0; i < rep.n; i++) {
		const struct union_figures *f = &rep.u[i];
		if (scope && strcmp(scope, f->code) != 0)
			continue;
		cJSON *item = union_figures_json(f, rep.ndays);
		cJSON_AddStringToObject(item, "category", f->category);
		cJSON_AddNumberToObject(item, "rank", rep.rank[i]);
		cJSON_AddItemToArray(list, item);
		total.quota += f->quota;
		total.enrolled += f->enrolled;
		total.active_today += f->active_today;
		total.active_yesterday += f->active_yesterday;
		total.active_days += f->active_days;
		total.counted_steps += f->counted_steps;
		total.teams += f->teams;
		total.compliant_teams += f->compliant_teams;
		total.badges += f->badges;
	}
	cJSON *o = cJSON_CreateObject();
	cJSON_AddItemToObject(o, "activity", union_activity_json(&ctx));
	union_add_day(o, "today", ctx.today);
	cJSON_AddNumberToObject(o, "days_over", rep.ndays);
	union_add_day(o, "settled_day", rep.settled);
	union_add_instant(o, "computed_at", ctx.now);
	cJSON *spend = cJSON_AddObjectToObject(o, "red_envelopes_today");
	cJSON_AddNumberToObject(spend, "draws", (double)draws);
	cJSON_AddNumberToObject(spend, "amount_fen", (double)fen);
	cJSON_AddItemToObject(o, "unions", list);
	cJSON_AddItemToObject(o, "total", union_figures_json(&total, rep.ndays));
	resp_json(resp, 200, o);
}

struct series {
	cJSON *days;
	int32_t next;                 /* the next day to emit */
};

static void add_point(cJSON *days, int32_t day, int64_t active, int64_t counted)
{
	cJSON *p = cJSON_CreateObject();
	union_add_day(p, "day", day);
	cJSON_AddNumberToObject(p, "active", (double)active);
	cJSON_AddNumberToObject(p, "avg_steps", active > 0 ? (double)(counted / active) : 0);
	cJSON_AddItemToArray(days, p);
}

/* Days without any activity have no cached rows: they are emitted as zeros. */
static void on_day(int32_t day, int64_t active, int64_t counted, void *arg)
{
	struct series *s = arg;
	for (; s->next < day; s->next++)
		add_point(s->days, s->next, 0, 0);
	add_point(s->days, day, active, counted);
	s->next = day + 1;
}

void admin_union_daily(struct request *req, struct response *resp)
{
	struct activity_ctx ctx;
	const char *code = req_param(req, resp, "code"), *scope;
	if (!code || !admin_activity(req, resp, &ctx))
		return;
	bool province = strcmp(code, PROVINCE_CODE) == 0;
	if (province ? !admin_require_province(req, resp) : !admin_scope_union(req, resp, code, "union", &scope))
		return;
	if (province)
		scope = NULL;
	if (!union_cache_days(req, resp, &ctx))
		return;
	struct db *db = worker_of(req)->db;
	int32_t from, to;
	union_days_over(&ctx, &from, &to);
	struct series s = { .days = cJSON_CreateArray(), .next = from };
	int rc = to >= from ? store_stats_daily(db, ctx.activity->id, scope, from, to, on_day, &s) : SQLITE_OK;
	struct union_figures u[STATS_MAX_UNIONS];
	int n = 0;
	if (rc == SQLITE_OK)
		rc = store_stats_unions(db, ctx.activity->id, u, STATS_MAX_UNIONS, &n);
	if (rc == SQLITE_OK)
		rc = store_stats_active(db, ctx.activity->id, ctx.today, u, n);
	if (rc != SQLITE_OK) {
		cJSON_Delete(s.days);
		worker_db_error(req, resp, rc);
		return;
	}
	for (; s.next <= to; s.next++)
		add_point(s.days, s.next, 0, 0);
	int64_t active_today = 0;
	for (int i = 0; i < n; i++)
		if (!scope || strcmp(scope, u[i].code) == 0)
			active_today += u[i].active_today;
	cJSON *o = cJSON_CreateObject();
	cJSON_AddItemToObject(o, "activity", union_activity_json(&ctx));
	if (scope)
		cJSON_AddStringToObject(o, "union", scope);
	else
		cJSON_AddStringToObject(o, "union", PROVINCE_CODE);
	cJSON_AddItemToObject(o, "days", s.days);
	cJSON *today = cJSON_CreateObject();
	union_add_day(today, "day", ctx.today);
	cJSON_AddNumberToObject(today, "active", (double)active_today);
	cJSON_AddBoolToObject(today, "activity_day", rules_is_activity_day(ctx.rules, ctx.today));
	cJSON_AddItemToObject(o, "today", today);
	resp_json(resp, 200, o);
}
