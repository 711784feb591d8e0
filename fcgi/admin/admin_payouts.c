/*
 * Red envelopes on the admin pages (RULES §8, §12):
 *   GET  /admin/api/payouts?aid=&union=     the pool (province admins), payouts by state,
 *                                           drawn today, the NOT_ENOUGH pause, the payouts
 *                                           stuck over an hour, the failures with WeChat's code
 *   GET  /admin/api/payouts.csv?aid=&union= every payout, for the finance office (streamed)
 *   PUT  /admin/api/pool?aid=               {"tiers":{"30":N,…},"daily_release":N}, province only, audited
 *   POST /admin/api/payouts/resume          lifts the pause after a top-up, province only, audited
 * A union admin sees their own union's draws only; the pool and the pause
 * are the province's.
 */
#include "worker.h"

#include "calendar.h"
#include "clock.h"
#include "csv.h"
#include "log.h"
#include "store_payouts.h"
#include "store_pool.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { LIST_MAX = 100, STUCK_SECONDS = 3600 };

static cJSON *payout_row_json(const struct payout *p)
{
	char made[CAL_INSTANT_BUF], changed[CAL_INSTANT_BUF];
	cal_format_instant(p->created_at, made, sizeof made);
	cal_format_instant(p->updated_at, changed, sizeof changed);
	cJSON *o = cJSON_CreateObject();
	cJSON_AddNumberToObject(o, "draw_id", (double)p->draw_id);
	cJSON_AddStringToObject(o, "out_bill_no", p->out_bill_no);
	cJSON_AddStringToObject(o, "transfer_bill_no", p->transfer_bill_no);
	cJSON_AddNumberToObject(o, "amount_fen", (double)p->amount_fen);
	cJSON_AddStringToObject(o, "state", rules_payout_state_name(p->state));
	cJSON_AddStringToObject(o, "wx_state", p->wx_state);
	cJSON_AddStringToObject(o, "fail_code", p->fail_code);
	cJSON_AddNumberToObject(o, "tries", p->tries);
	cJSON_AddBoolToObject(o, "test_mode", p->test_mode);
	cJSON_AddStringToObject(o, "created_at", made);
	cJSON_AddStringToObject(o, "updated_at", changed);
	return o;
}

static int add_payout(const struct payout *p, void *arg)
{
	cJSON_AddItemToArray(arg, payout_row_json(p));
	return SQLITE_OK;
}

static cJSON *totals_json(const struct payout_totals *t)
{
	cJSON *o = cJSON_CreateObject();
	for (int s = 0; s < RULES_PAYOUT_STATE_COUNT; s++) {
		cJSON *e = cJSON_AddObjectToObject(o, rules_payout_state_name((enum rules_payout_state)s));
		cJSON_AddNumberToObject(e, "count", (double)t->count[s]);
		cJSON_AddNumberToObject(e, "fen", (double)t->fen[s]);
	}
	return o;
}

void admin_payouts(struct request *req, struct response *resp)
{
	struct activity_ctx ctx;
	const char *union_code;
	if (!admin_activity(req, resp, &ctx) || !admin_scope_union(req, resp, req_query(req, "union"), "union", &union_code))
		return;
	struct db *db = worker_of(req)->db;
	char day[CAL_DAY_BUF];
	cal_format_day(ctx.today, day, sizeof day);
	struct payout_totals t;
	struct pool pool;
	bool paused = false;
	int64_t since = 0;
	cJSON *stuck = cJSON_CreateArray(), *failed = cJSON_CreateArray();
	int rc = store_payouts_totals(db, ctx.activity->id, union_code, day, &t);
	if (rc == SQLITE_OK)
		rc = store_payouts_each(db, ctx.activity->id, union_code, PAYOUTS_STUCK, ctx.now - STUCK_SECONDS, LIST_MAX,
		                        add_payout, stuck);
	if (rc == SQLITE_OK)
		rc = store_payouts_each(db, ctx.activity->id, union_code, PAYOUTS_FAILED, 0, LIST_MAX, add_payout, failed);
	if (rc == SQLITE_OK)
		rc = store_pool_load(db, ctx.rules, ctx.activity->id, &pool);
	if (rc == SQLITE_OK)
		rc = store_payout_pause_flag(db, &paused, &since);
	if (rc != SQLITE_OK) {
		cJSON_Delete(stuck);
		cJSON_Delete(failed);
		worker_db_error(req, resp, rc);
		return;
	}
	cJSON *o = cJSON_CreateObject();
	cJSON_AddNumberToObject(o, "activity", (double)ctx.activity->id);
	if (union_code)
		cJSON_AddStringToObject(o, "union", union_code);
	else
		cJSON_AddNullToObject(o, "union");
	bool province = admin_of(req)->role == ADMIN_PROVINCE;
	if (province)
		cJSON_AddItemToObject(o, "pool", store_pool_json(ctx.rules, &pool));
	else
		cJSON_AddNullToObject(o, "pool");
	if (paused) {
		char at[CAL_INSTANT_BUF];
		cal_format_instant(since, at, sizeof at);
		cJSON *p = cJSON_AddObjectToObject(o, "paused");
		cJSON_AddStringToObject(p, "reason", "NOT_ENOUGH");
		cJSON_AddStringToObject(p, "since", at);
	} else {
		cJSON_AddNullToObject(o, "paused");
	}
	cJSON_AddNumberToObject(o, "drawn_today", (double)t.draws_today);
	cJSON_AddNumberToObject(o, "test_mode", (double)t.test_mode);
	cJSON_AddItemToObject(o, "by_state", totals_json(&t));
	cJSON_AddItemToObject(o, "stuck", stuck);
	cJSON_AddItemToObject(o, "failures", failed);
	resp_json(resp, 200, o);
}

/* ---------------------------------------------------------------- export */

struct export {
	struct request *req;
	struct buf line;
	int64_t rows;
	bool client_gone;
};

static const char *const export_header[] = {
	"抽奖ID", "商户单号", "微信转账单号", "openid", "金额（分）", "状态", "微信状态", "失败原因", "尝试次数",
	"公测", "创建时间", "更新时间", "完成时间",
};

static int export_row(const struct payout *p, void *arg)
{
	struct export *x = arg;
	char made[CAL_INSTANT_BUF], changed[CAL_INSTANT_BUF], done[CAL_INSTANT_BUF] = "";
	cal_format_instant(p->created_at, made, sizeof made);
	cal_format_instant(p->updated_at, changed, sizeof changed);
	if (p->final_at)
		cal_format_instant(p->final_at, done, sizeof done);
	buf_reset(&x->line, 0);
	csv_int(&x->line, p->draw_id, true);
	csv_cell(&x->line, p->out_bill_no, false);
	csv_cell(&x->line, p->transfer_bill_no, false);
	csv_cell(&x->line, p->openid, false);
	csv_int(&x->line, p->amount_fen, false);
	csv_cell(&x->line, rules_payout_state_name(p->state), false);
	csv_cell(&x->line, p->wx_state, false);
	csv_cell(&x->line, p->fail_code, false);
	csv_int(&x->line, p->tries, false);
	csv_cell(&x->line, p->test_mode ? "是" : "", false);
	csv_cell(&x->line, made, false);
	csv_cell(&x->line, changed, false);
	csv_cell(&x->line, done, false);
	csv_end_row(&x->line);
	x->rows++;
	if (!resp_stream_write(x->req, x->line.data, x->line.len)) {
		x->client_gone = true;
		return SQLITE_ABORT;   /* stops the walk */
	}
	return SQLITE_OK;
}

void admin_payouts_csv(struct request *req, struct response *resp)
{
	struct activity_ctx ctx;
	const char *union_code;
	if (!admin_activity(req, resp, &ctx) || !admin_scope_union(req, resp, req_query(req, "union"), "union", &union_code))
		return;
	char today[CAL_DAY_BUF];
	cal_format_day(ctx.today, today, sizeof today);
	resp_header(resp, "Content-Disposition",
	            arena_printf(req->arena, "attachment; filename=\"payouts-%s-%s.csv\"",
	                         union_code ? union_code : "all", today));
	if (!resp_stream_begin(req, resp, 200, "text/csv; charset=utf-8")) {
		resp_error(resp, 500, "internal_error", "服务器内部错误", NULL);
		return;
	}
	struct export x = { .req = req };
	buf_puts(&x.line, CSV_BOM);
	for (size_t i = 0; i < sizeof export_header / sizeof export_header[0]; i++)
		csv_cell(&x.line, export_header[i], i == 0);
	csv_end_row(&x.line);
	int rc = SQLITE_OK;
	if (resp_stream_write(req, x.line.data, x.line.len))
		rc = store_payouts_each(worker_of(req)->db, ctx.activity->id, union_code, PAYOUTS_ALL, 0, -1, export_row, &x);
	else
		x.client_gone = true;
	buf_free(&x.line);
	if (x.client_gone)
		log_warn("payouts export cut short after %lld rows: the client went away", (long long)x.rows);
	else if (rc != SQLITE_OK)
		log_error("payouts export cut short after %lld rows: database error %d", (long long)x.rows, rc);
	else
		log_info("payouts export: %lld rows", (long long)x.rows);
}

/* ---------------------------------------------------------------- changes */

/* {"tiers":{"30":N,…},"daily_release":N} into count[] (-1: unchanged) and
 * *daily (-1: unchanged).  False after answering 400. */
static bool read_pool_body(struct request *req, struct response *resp, const struct activity_rules *r,
                           int64_t count[RULES_DRAW_TIERS], int64_t *daily)
{
	for (int i = 0; i < RULES_DRAW_TIERS; i++)
		count[i] = -1;
	*daily = -1;
	const cJSON *tiers = cJSON_GetObjectItemCaseSensitive(req->json, "tiers");
	const cJSON *d = cJSON_GetObjectItemCaseSensitive(req->json, "daily_release");
	if (tiers && !cJSON_IsObject(tiers)) {
		worker_invalid(resp, "tiers", "tiers 须为 {\"金额（分）\": 数量}");
		return false;
	}
	const cJSON *t;
	cJSON_ArrayForEach(t, tiers) {
		char *end;
		long long fen = strtoll(t->string, &end, 10);
		int i = *end || end == t->string ? -1 : store_pool_tier_index(r, fen);
		double n = cJSON_GetNumberValue(t);
		if (i < 0 || !cJSON_IsNumber(t) || n < 0 || n > 100000000 || n != (double)(int64_t)n) {
			worker_invalid(resp, "tiers", "档位为 30、50、100、300、500、1000、2000、5000 分，数量为 0–100000000 的整数");
			return false;
		}
		count[i] = (int64_t)n;
	}
	if (d) {
		double n = cJSON_GetNumberValue(d);
		if (!cJSON_IsNumber(d) || n < 0 || n > 100000000 || n != (double)(int64_t)n) {
			worker_invalid(resp, "daily_release", "每日投放数须为 0–100000000 的整数（0 为不限）");
			return false;
		}
		*daily = (int64_t)n;
	}
	return true;
}

void admin_pool_put(struct request *req, struct response *resp)
{
	struct activity_ctx ctx;
	int64_t count[RULES_DRAW_TIERS], daily;
	if (!admin_require_province(req, resp) || !admin_activity(req, resp, &ctx) ||
	    !read_pool_body(req, resp, ctx.rules, count, &daily))
		return;
	struct db *db = worker_of(req)->db;
	int below = -1;
	cJSON *before, *after;
	int rc = store_pool_change(db, ctx.rules, ctx.activity->id, count, daily, ctx.now, &before, &after, &below);
	if (rc == SQLITE_OK && below >= 0) {
		resp_error(resp, 409, "below_drawn", "数量不能少于已抽出的数量", "tiers");
		return;
	}
	cJSON *answer = after ? cJSON_Duplicate(after, true) : NULL;
	if (rc == SQLITE_OK)
		rc = admin_audit(req, "pool.set", arena_printf(req->arena, "activity:%lld", (long long)ctx.activity->id),
		                 before, after);
	if (rc != SQLITE_OK) {
		cJSON_Delete(answer);
		worker_db_error(req, resp, rc);
		return;
	}
	resp_json(resp, 200, answer);
}

void admin_payouts_resume(struct request *req, struct response *resp)
{
	if (!admin_require_province(req, resp))
		return;
	struct db *db = worker_of(req)->db;
	bool paused = false;
	int64_t since = 0;
	int rc = store_payout_pause_flag(db, &paused, &since);
	if (rc == SQLITE_OK)
		rc = store_payout_resume(db, clock_now());
	if (rc == SQLITE_OK && paused)
		rc = admin_audit(req, "payouts.resume", "payouts", NULL, NULL);
	if (rc != SQLITE_OK) {
		worker_db_error(req, resp, rc);
		return;
	}
	log_warn("payouts resumed by admin %s", admin_of(req)->username);
	cJSON *o = cJSON_CreateObject();
	cJSON_AddBoolToObject(o, "resumed", paused);
	resp_json(resp, 200, o);
}
