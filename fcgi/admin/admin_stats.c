/*
 * The dashboard (RULES §11):
 *   GET /admin/api/unions/stats?aid=&union=   per union in scope, the total,
 *                                             the organisation-award ranks
 *   GET /admin/api/unions/{code}/daily?aid=   active participants per day
 *                                             ({code} "sx": the whole province)
 * The figures are defined in lib/store/store_admin_stats.h and README.md "Admin".
 */
#include "worker.h"

#include "calendar.h"
#include "log.h"
#include "store_admin_stats.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The province's root in the union tree: "every union" in a path. */
#define PROVINCE_CODE "sx"

/* The activity days that are over at ctx->now: first_day .. min(yesterday,
 * last_day); *to < *from when none is. */
static void days_over(const struct activity_ctx *ctx, int32_t *from, int32_t *to)
{
	*from = ctx->rules->first_day;
	*to = ctx->today - 1 < ctx->rules->last_day ? ctx->today - 1 : ctx->rules->last_day;
}

/* Computes the figures of the days over that are not cached yet (reading the
 * request's snapshot), then stores them in one short write transaction, and
 * reads on from a fresh snapshot.  Returns false after answering. */
static bool cache_days(struct request *req, struct response *resp, const struct activity_ctx *ctx)
{
	struct worker *w = worker_of(req);
	int32_t from, to;
	days_over(ctx, &from, &to);
	if (to < from)
		return true;
	int32_t *missing = arena_alloc(req->arena, sizeof *missing * RULES_MAX_TOTAL_DAYS);
	int nmissing, nunions = 0;
	int rc = store_stats_missing_days(w->db, ctx->activity->id, from, to, missing, RULES_MAX_TOTAL_DAYS, &nmissing);
	if (rc != SQLITE_OK || nmissing == 0) {
		if (rc != SQLITE_OK)
			worker_db_error(req, resp, rc);
		return rc == SQLITE_OK;
	}
	struct union_figures *days = arena_alloc(req->arena, sizeof *days * STATS_MAX_UNIONS * (size_t)nmissing);
	for (int d = 0; d < nmissing && rc == SQLITE_OK; d++) {
		struct union_figures *u = days + (size_t)d * STATS_MAX_UNIONS;
		rc = store_stats_unions(w->db, ctx->activity->id, u, STATS_MAX_UNIONS, &nunions);
		if (rc == SQLITE_OK)
			rc = store_stats_compute_day(w->db, ctx->rules, ctx->activity->id, missing[d], u, nunions);
	}
	if (rc == SQLITE_OK)
		rc = worker_begin_write(w);
	for (int d = 0; d < nmissing && rc == SQLITE_OK; d++)
		rc = store_stats_save_day(w->db, ctx->activity->id, missing[d], days + (size_t)d * STATS_MAX_UNIONS,
		                          nunions, ctx->now);
	if (!worker_finish_write(req, resp, rc))
		return false;
	log_info("dashboard: cached %d day(s) of activity %lld", nmissing, (long long)ctx->activity->id);
	rc = db_begin_read(w->db);
	if (rc != SQLITE_OK) {
		worker_db_error(req, resp, rc);
		return false;
	}
	return true;
}

/* Every union's figures.  *settled gets the day compliant teams are counted
 * on (INT32_MIN: none settled yet). */
static int load_figures(struct db *db, const struct activity_ctx *ctx, struct union_figures *u, int *n,
                        int32_t *settled)
{
	int32_t from, to;
	days_over(ctx, &from, &to);
	int64_t aid = ctx->activity->id;
	int rc = store_stats_unions(db, aid, u, STATS_MAX_UNIONS, n);
	if (rc == SQLITE_OK)
		rc = store_stats_active(db, aid, ctx->today, u, *n);
	if (rc == SQLITE_OK && from <= to)
		rc = store_stats_history(db, aid, from, to, u, *n);
	if (rc == SQLITE_OK) {
		rc = store_stats_last_settled(db, aid, ctx->today - 1, settled);
		if (rc == DB_NOTFOUND) {   /* nothing settled yet: no team is compliant */
			*settled = INT32_MIN;
			rc = SQLITE_OK;
		}
	}
	if (rc == SQLITE_OK)
		rc = store_stats_teams(db, aid, *settled, u, *n);
	return rc;
}

/* Organisation award order (RULES §11): quota completion, then the average
 * daily active rate, both descending; compared exactly by cross-multiplying
 * (every union has the same number of days, which cancels out). */
static int award_cmp(const void *pa, const void *pb)
{
	const struct union_figures *a = *(const struct union_figures *const *)pa;
	const struct union_figures *b = *(const struct union_figures *const *)pb;
	int64_t ca = a->enrolled * b->quota, cb = b->enrolled * a->quota;
	if (ca != cb)
		return ca > cb ? -1 : 1;
	int64_t ra = a->active_days * b->enrolled, rb = b->active_days * a->enrolled;
	if (ra != rb)
		return ra > rb ? -1 : 1;
	return 0;
}

/* rank[i] of u[i]: 1 + the number of unions strictly ahead (equal ones share). */
static void award_ranks(struct union_figures *u, int n, int *rank)
{
	const struct union_figures *order[STATS_MAX_UNIONS];
	for (int i = 0; i < n; i++)
		order[i] = &u[i];
	qsort(order, (size_t)n, sizeof order[0], award_cmp);
	for (int k = 0; k < n; k++) {
		int r = k > 0 && award_cmp(&order[k], &order[k - 1]) == 0 ? rank[order[k - 1] - u] : k + 1;
		rank[order[k] - u] = r;
	}
}

/* A share in percent with two decimals (floored): num / den, 0 when den is 0. */
static double percent(int64_t num, int64_t den)
{
	return den > 0 ? (double)(num * 10000 / den) / 100.0 : 0.0;
}

static cJSON *figures_json(const struct union_figures *f, int32_t ndays)
{
	cJSON *o = cJSON_CreateObject();
	cJSON_AddStringToObject(o, "code", f->code);
	cJSON_AddStringToObject(o, "name", f->name);
	cJSON_AddNumberToObject(o, "quota", (double)f->quota);
	cJSON_AddNumberToObject(o, "enrolled", (double)f->enrolled);
	cJSON_AddNumberToObject(o, "completion", percent(f->enrolled, f->quota));
	cJSON_AddNumberToObject(o, "active_today", (double)f->active_today);
	cJSON_AddNumberToObject(o, "active_yesterday", (double)f->active_yesterday);
	cJSON_AddNumberToObject(o, "active_rate", percent(f->active_days, f->enrolled * ndays));
	cJSON_AddNumberToObject(o, "avg_steps", f->active_days > 0 ? (double)(f->counted_steps / f->active_days) : 0);
	cJSON_AddNumberToObject(o, "teams", (double)f->teams);
	cJSON_AddNumberToObject(o, "compliant_teams", (double)f->compliant_teams);
	return o;
}

static void add_day(cJSON *o, const char *name, int32_t day)
{
	char text[CAL_DAY_BUF];
	if (day == INT32_MIN || !cal_format_day(day, text, sizeof text))
		cJSON_AddNullToObject(o, name);
	else
		cJSON_AddStringToObject(o, name, text);
}

static cJSON *activity_json(const struct activity_ctx *ctx)
{
	cJSON *o = cJSON_CreateObject();
	cJSON_AddNumberToObject(o, "id", (double)ctx->activity->id);
	cJSON_AddStringToObject(o, "name", ctx->activity->name);
	cJSON_AddStringToObject(o, "state", rules_phase_name(rules_phase(ctx->rules, ctx->now)));
	add_day(o, "first_day", ctx->rules->first_day);
	add_day(o, "last_day", ctx->rules->last_day);
	return o;
}

void admin_union_stats(struct request *req, struct response *resp)
{
	struct activity_ctx ctx;
	const char *scope;
	if (!admin_activity(req, resp, &ctx) ||
	    !admin_scope_union(req, resp, req_query(req, "union"), "union", &scope) || !cache_days(req, resp, &ctx))
		return;
	struct union_figures u[STATS_MAX_UNIONS];
	int n, rank[STATS_MAX_UNIONS];
	int32_t settled, from, to;
	int rc = load_figures(worker_of(req)->db, &ctx, u, &n, &settled);
	if (rc != SQLITE_OK) {
		worker_db_error(req, resp, rc);
		return;
	}
	days_over(&ctx, &from, &to);
	int32_t ndays = to >= from ? to - from + 1 : 0;
	award_ranks(u, n, rank);   /* among all the unions, whoever asks */

	struct union_figures total = { .code = PROVINCE_CODE };
	snprintf(total.name, sizeof total.name, "%s", scope ? "合计" : "全省合计");
	cJSON *list = cJSON_CreateArray();
	for (int i = 0; i < n; i++) {
		if (scope && strcmp(scope, u[i].code) != 0)
			continue;
		cJSON *item = figures_json(&u[i], ndays);
		cJSON_AddStringToObject(item, "category", u[i].category);
		cJSON_AddNumberToObject(item, "rank", rank[i]);
		cJSON_AddItemToArray(list, item);
		total.quota += u[i].quota;
		total.enrolled += u[i].enrolled;
		total.active_today += u[i].active_today;
		total.active_yesterday += u[i].active_yesterday;
		total.active_days += u[i].active_days;
		total.counted_steps += u[i].counted_steps;
		total.teams += u[i].teams;
		total.compliant_teams += u[i].compliant_teams;
	}
	cJSON *o = cJSON_CreateObject();
	cJSON_AddItemToObject(o, "activity", activity_json(&ctx));
	add_day(o, "today", ctx.today);
	cJSON_AddNumberToObject(o, "days_over", ndays);
	add_day(o, "settled_day", settled);
	cJSON_AddItemToObject(o, "unions", list);
	cJSON_AddItemToObject(o, "total", figures_json(&total, ndays));
	resp_json(resp, 200, o);
}

struct series {
	cJSON *days;
	int32_t next;                 /* the next day to emit */
};

static void add_point(cJSON *days, int32_t day, int64_t active, int64_t counted)
{
	cJSON *p = cJSON_CreateObject();
	add_day(p, "day", day);
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
	if (!cache_days(req, resp, &ctx))
		return;
	struct db *db = worker_of(req)->db;
	int32_t from, to;
	days_over(&ctx, &from, &to);
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
	cJSON_AddItemToObject(o, "activity", activity_json(&ctx));
	if (scope)
		cJSON_AddStringToObject(o, "union", scope);
	else
		cJSON_AddStringToObject(o, "union", PROVINCE_CODE);
	cJSON_AddItemToObject(o, "days", s.days);
	cJSON *today = cJSON_CreateObject();
	add_day(today, "day", ctx.today);
	cJSON_AddNumberToObject(today, "active", (double)active_today);
	cJSON_AddBoolToObject(today, "activity_day", rules_is_activity_day(ctx.rules, ctx.today));
	cJSON_AddItemToObject(o, "today", today);
	resp_json(resp, 200, o);
}
