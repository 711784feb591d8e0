/*
 * The organisation award (优秀组织奖, RULES §11), for province admins:
 *   GET /admin/api/award/organisation?aid=       the 23 unions in rank order, JSON
 *   GET /admin/api/award/organisation.csv?aid=   the same as a spreadsheet
 * The figures are the dashboard's (union_report.h); the rank is among all the
 * unions.
 */
#include "union_report.h"

#include "buf.h"
#include "calendar.h"
#include "csv.h"

#include <stdlib.h>

/* u's indexes in rank order (equal ranks keep the unions' sort order). */
static void order_by_rank(const struct union_report *r, int *order)
{
	for (int i = 0; i < r->n; i++)
		order[i] = i;
	for (int i = 1; i < r->n; i++)   /* insertion sort: 23 entries, stable */
		for (int j = i; j > 0 && r->rank[order[j]] < r->rank[order[j - 1]]; j--) {
			int t = order[j];
			order[j] = order[j - 1];
			order[j - 1] = t;
		}
}

/* The award's activity and figures.  Returns false after answering. */
static bool award_report(struct request *req, struct response *resp, struct activity_ctx *ctx,
                         struct union_report *r, int *order)
{
	if (!admin_require_province(req, resp) || !admin_activity(req, resp, ctx) || !union_report_load(req, resp, ctx, r))
		return false;
	order_by_rank(r, order);
	return true;
}

void admin_award_organisation(struct request *req, struct response *resp)
{
	struct activity_ctx ctx;
	struct union_report r;
	int order[STATS_MAX_UNIONS];
	if (!award_report(req, resp, &ctx, &r, order))
		return;
	cJSON *o = cJSON_CreateObject();
	cJSON_AddItemToObject(o, "activity", union_activity_json(&ctx));
	cJSON_AddStringToObject(o, "method", UNION_AWARD_METHOD);
	cJSON_AddNumberToObject(o, "days_over", r.ndays);
	union_add_day(o, "settled_day", r.settled);
	union_add_instant(o, "computed_at", ctx.now);
	cJSON *list = cJSON_AddArrayToObject(o, "unions");
	for (int k = 0; k < r.n; k++) {
		const struct union_figures *f = &r.u[order[k]];
		cJSON *item = union_figures_json(f, r.ndays);
		cJSON_AddStringToObject(item, "category", f->category);
		cJSON_AddNumberToObject(item, "rank", r.rank[order[k]]);
		cJSON_AddItemToArray(list, item);
	}
	resp_json(resp, 200, o);
}

static const char *const csv_header[] = {
	"排名", "工会代码", "工会", "分配指标", "报名人数", "指标完成率(%)", "日均活跃率(%)", "活跃者日均步数",
	"团队数", "达标团队数", "奖章数",
};

/* A percentage with two decimals, as the JSON's number prints. */
static void csv_percent(struct request *req, struct buf *b, int64_t num, int64_t den)
{
	csv_cell(b, arena_printf(req->arena, "%.2f", union_percent(num, den)), false);
}

void admin_award_organisation_csv(struct request *req, struct response *resp)
{
	struct activity_ctx ctx;
	struct union_report r;
	int order[STATS_MAX_UNIONS];
	if (!award_report(req, resp, &ctx, &r, order))
		return;
	struct buf *b = &resp->body;
	buf_reset(b, 0);
	buf_puts(b, CSV_BOM);
	for (size_t i = 0; i < sizeof csv_header / sizeof csv_header[0]; i++)
		csv_cell(b, csv_header[i], i == 0);
	csv_end_row(b);
	for (int k = 0; k < r.n; k++) {
		const struct union_figures *f = &r.u[order[k]];
		csv_int(b, r.rank[order[k]], true);
		csv_cell(b, f->code, false);
		csv_cell(b, f->name, false);
		csv_int(b, f->quota, false);
		csv_int(b, f->enrolled, false);
		csv_percent(req, b, f->enrolled, f->quota);
		csv_percent(req, b, f->active_days, f->enrolled * r.ndays);
		csv_int(b, f->active_days > 0 ? f->counted_steps / f->active_days : 0, false);
		csv_int(b, f->teams, false);
		csv_int(b, f->compliant_teams, false);
		csv_int(b, f->badges, false);
		csv_end_row(b);
	}
	char instant[CAL_INSTANT_BUF];
	cal_format_instant(ctx.now, instant, sizeof instant);
	csv_cell(b, arena_printf(req->arena, "排名方法：%s 数据计算于 %s", UNION_AWARD_METHOD, instant), true);
	csv_end_row(b);
	resp->status = 200;
	resp->content_type = "text/csv; charset=utf-8";
	resp_header(resp, "Content-Disposition",
	            arena_printf(req->arena, "attachment; filename=\"organisation-award-%lld.csv\"",
	                         (long long)ctx.activity->id));
}
