/*
 * GET …/draws (RULES §8, API.md "Red envelopes"): the participant's balance,
 * what a draw costs and how many are left today, and their draws with their
 * payouts.  No call to WeChat Pay: the participants' pool's route (a draw and
 * its payout are api_draws.c's).
 */
#include "worker.h"
#include "draw_view.h"

#include "calendar.h"
#include "store_draws.h"
#include "store_ledger.h"
#include "store_pool.h"

struct list_ctx {
	struct request *req;
	cJSON *items;
};

static void add_item(const struct draw *d, void *arg)
{
	struct list_ctx *l = arg;
	cJSON_AddItemToArray(l->items, draw_json(l->req, d));
}

void api_draws_list(struct request *req, struct response *resp)
{
	struct db *db = worker_of(req)->db;
	struct activity_ctx ctx;
	if (!worker_activity(req, resp, &ctx, true))
		return;
	int64_t balance = 0, today_n = 0;
	struct pool pool;
	char day[CAL_DAY_BUF], deadline[CAL_INSTANT_BUF];
	cal_format_day(ctx.today, day, sizeof day);
	cal_format_instant(ctx.rules->redeem_deadline, deadline, sizeof deadline);
	cJSON *o = cJSON_CreateObject();
	struct list_ctx l = { req, cJSON_CreateArray() };
	int rc = store_ledger_balance(db, ctx.activity->id, req->user_id, &balance);
	if (rc == SQLITE_OK)
		rc = store_pool_load(db, ctx.rules, ctx.activity->id, &pool);
	if (rc == SQLITE_OK)
		rc = store_pool_drawn_on(db, ctx.activity->id, day, &today_n);
	if (rc == SQLITE_OK)
		rc = store_draws_of_user(db, ctx.activity->id, req->user_id, 100, add_item, &l);
	if (rc != SQLITE_OK) {
		cJSON_Delete(o);
		cJSON_Delete(l.items);
		worker_db_error(req, resp, rc);
		return;
	}
	cJSON_AddNumberToObject(o, "balance", (double)balance);
	cJSON_AddNumberToObject(o, "cost", (double)ctx.rules->points_per_draw);
	cJSON_AddBoolToObject(o, "open", rules_redeem_open(ctx.rules, ctx.now));
	cJSON_AddStringToObject(o, "deadline", deadline);
	if (pool.daily_release > 0)
		cJSON_AddNumberToObject(o, "left_today", (double)(today_n < pool.daily_release ? pool.daily_release - today_n : 0));
	else
		cJSON_AddNullToObject(o, "left_today");
	if (draw_public_test(&ctx))
		cJSON_AddBoolToObject(o, "test_mode", true);
	cJSON_AddItemToObject(o, "items", l.items);
	resp_json(resp, 200, o);
}
