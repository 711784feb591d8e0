/*
 * The per-union figures of the dashboard and the organisation award
 * (union_report.h).
 */
#include "union_report.h"

#include "calendar.h"
#include "log.h"

#include <stdlib.h>

/* The activity days that are over at ctx->now: first_day .. min(yesterday,
 * last_day); *to < *from when none is. */
void union_days_over(const struct activity_ctx *ctx, int32_t *from, int32_t *to)
{
	*from = ctx->rules->first_day;
	*to = ctx->today - 1 < ctx->rules->last_day ? ctx->today - 1 : ctx->rules->last_day;
}

/* The figures of the days over not cached yet are computed from the
 * request's snapshot, then stored in one short write transaction. */
bool union_cache_days(struct request *req, struct response *resp, const struct activity_ctx *ctx)
{
	struct worker *w = worker_of(req);
	int32_t from, to;
	union_days_over(ctx, &from, &to);
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
	union_days_over(ctx, &from, &to);
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
	if (rc == SQLITE_OK)
		rc = store_stats_badges(db, aid, u, *n);
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
double union_percent(int64_t num, int64_t den)
{
	return den > 0 ? (double)(num * 10000 / den) / 100.0 : 0.0;
}

cJSON *union_figures_json(const struct union_figures *f, int32_t ndays)
{
	cJSON *o = cJSON_CreateObject();
	cJSON_AddStringToObject(o, "code", f->code);
	cJSON_AddStringToObject(o, "name", f->name);
	cJSON_AddNumberToObject(o, "quota", (double)f->quota);
	cJSON_AddNumberToObject(o, "enrolled", (double)f->enrolled);
	cJSON_AddNumberToObject(o, "completion", union_percent(f->enrolled, f->quota));
	cJSON_AddNumberToObject(o, "active_today", (double)f->active_today);
	cJSON_AddNumberToObject(o, "active_yesterday", (double)f->active_yesterday);
	cJSON_AddNumberToObject(o, "active_rate", union_percent(f->active_days, f->enrolled * ndays));
	cJSON_AddNumberToObject(o, "avg_steps", f->active_days > 0 ? (double)(f->counted_steps / f->active_days) : 0);
	cJSON_AddNumberToObject(o, "teams", (double)f->teams);
	cJSON_AddNumberToObject(o, "compliant_teams", (double)f->compliant_teams);
	cJSON_AddNumberToObject(o, "badges", (double)f->badges);
	return o;
}


bool union_report_load(struct request *req, struct response *resp, const struct activity_ctx *ctx,
                       struct union_report *r)
{
	if (!union_cache_days(req, resp, ctx))
		return false;
	int rc = load_figures(worker_of(req)->db, ctx, r->u, &r->n, &r->settled);
	if (rc != SQLITE_OK) {
		worker_db_error(req, resp, rc);
		return false;
	}
	int32_t from, to;
	union_days_over(ctx, &from, &to);
	r->ndays = to >= from ? to - from + 1 : 0;
	award_ranks(r->u, r->n, r->rank);
	return true;
}

void union_add_day(cJSON *o, const char *name, int32_t day)
{
	char text[CAL_DAY_BUF];
	if (day == INT32_MIN || !cal_format_day(day, text, sizeof text))
		cJSON_AddNullToObject(o, name);
	else
		cJSON_AddStringToObject(o, name, text);
}

void union_add_instant(cJSON *o, const char *name, int64_t t)
{
	char text[CAL_INSTANT_BUF];
	cal_format_instant(t, text, sizeof text);
	cJSON_AddStringToObject(o, name, text);
}

cJSON *union_activity_json(const struct activity_ctx *ctx)
{
	cJSON *o = cJSON_CreateObject();
	cJSON_AddNumberToObject(o, "id", (double)ctx->activity->id);
	cJSON_AddStringToObject(o, "name", ctx->activity->name);
	cJSON_AddStringToObject(o, "state", rules_phase_name(rules_phase(ctx->rules, ctx->now)));
	union_add_day(o, "first_day", ctx->rules->first_day);
	union_add_day(o, "last_day", ctx->rules->last_day);
	return o;
}

