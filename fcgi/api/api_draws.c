/*
 * Red envelopes, the participant's side (RULES §8, API.md "Red envelopes"):
 * a draw, a refresh, a claim (the list of draws is api_draws_list.c's).
 *
 * A draw is one write transaction (store_draws.h); WeChat Pay is called only
 * after it commits (pay_payout.h), so the participant's answer already shows
 * what WeChat Pay said when it answered in time, and the reconciler takes
 * over when it did not.
 */
#include "worker.h"
#include "draw_view.h"

#include "calendar.h"
#include "clock.h"
#include "crypto.h"
#include "log.h"
#include "pay_client.h"
#include "pay_payout.h"
#include "store_draws.h"
#include "store_fairplay.h"
#include "store_ledger.h"
#include "store_pool.h"
#include "store_user.h"

#include <string.h>

static struct pay_env pay_env_of(struct request *req)
{
	struct worker *w = worker_of(req);
	return (struct pay_env){ w->db, w->pay, pay_client_appid(&w->cfg) };
}

/* The Idempotency-Key header: 16–64 printable ASCII characters. */
static const char *idempotency_key(struct request *req, struct response *resp)
{
	const char *key = req_header(req, "HTTP_IDEMPOTENCY_KEY");
	size_t n = key ? strlen(key) : 0;
	bool ok = n >= DRAW_KEY_MIN && n <= DRAW_KEY_MAX;
	for (size_t i = 0; ok && i < n; i++)
		ok = key[i] > 0x20 && key[i] < 0x7f;
	if (!ok) {
		worker_invalid(resp, "Idempotency-Key", "请求须带 Idempotency-Key（16–64 个可见字符）");
		return NULL;
	}
	return key;
}

static void refuse(struct response *resp, int refusal)
{
	switch (refusal) {
	case RULES_DRAW_CLOSED:
		resp_error(resp, 409, "redeem_closed", "兑换已截止", NULL);
		return;
	case RULES_DRAW_NOT_ENOUGH_POINTS:
		resp_error(resp, 409, "insufficient_points", "积分不足，每次抽奖需20积分", NULL);
		return;
	case RULES_DRAW_POOL_EMPTY:
		resp_error(resp, 409, "pool_empty", "红包已抽完", NULL);
		return;
	case RULES_DRAW_DAILY_LIMIT:
		resp_error(resp, 409, "pool_closed_today", "今日红包已发完，请明天再来", NULL);
		return;
	case DRAW_REFUSED_DISQUALIFIED:
		resp_error(resp, 403, "disqualified", "您的参赛资格已被取消，不能抽奖", NULL);
		return;
	default:
		resp_error(resp, 500, "internal_error", "服务器内部错误", NULL);
	}
}

/* Moves the payout forward once, after every transaction, and re-reads the
 * draw for the answer.  A failure here is not the participant's: the draw
 * stands and the reconciler carries on. */
static void advance_and_reload(struct request *req, struct draw *d)
{
	struct pay_env env = pay_env_of(req);
	int rc = pay_payout_advance(&env, d->payout.id, clock_now(), NULL);
	if (rc != SQLITE_OK)
		log_warn("payout %s: not moved now (%d), left to the reconciler", d->payout.out_bill_no, rc);
	struct draw again;
	if (store_draw_get(env.db, d->activity_id, d->user_id, d->id, &again) == SQLITE_OK)
		*d = again;
}

void api_draw_make(struct request *req, struct response *resp)
{
	struct worker *w = worker_of(req);
	struct activity_ctx ctx;
	if (!worker_activity(req, resp, &ctx, true))
		return;
	const char *key = idempotency_key(req, resp);
	if (!key)
		return;
	char openid[64];
	uint64_t random;
	crypto_random(&random, sizeof random);
	struct draw_request rq = {
		.activity_id = ctx.activity->id, .user_id = req->user_id, .rules = ctx.rules, .idem_key = key,
		.openid = openid, .now = ctx.now, .test_mode = draw_public_test(&ctx), .random = random,
		/* .disqualified (RULES §14) is read in the draw's transaction, below */
	};
	enum draw_outcome outcome;
	int refusal = 0;
	int64_t balance = 0;
	struct draw d;
	int rc = worker_begin_write(w);
	if (rc == SQLITE_OK)
		rc = store_user_openid(w->db, req->user_id, openid, sizeof openid);
	if (rc == SQLITE_OK)
		rc = store_disqualified_now(w->db, ctx.activity->id, req->user_id, &rq.disqualified);
	if (rc == SQLITE_OK)
		rc = store_draw_make(w->db, &rq, &outcome, &refusal, &d, &balance);
	if (!worker_finish_write(req, resp, rc))
		return;
	if (outcome == DRAW_REFUSED) {
		refuse(resp, refusal);
		return;
	}
	if (outcome == DRAW_MADE && !d.payout.test_mode)
		advance_and_reload(req, &d);
	cJSON *o = draw_json(req, &d);
	cJSON_AddNumberToObject(o, "balance", (double)balance);
	resp_json(resp, outcome == DRAW_MADE ? 201 : 200, o);
}

/* The caller's draw {id} in the activity: false after answering 404. */
static bool own_draw(struct request *req, struct response *resp, struct activity_ctx *ctx, struct draw *d)
{
	int64_t id;
	if (!worker_activity(req, resp, ctx, true) || !req_param_id(req, resp, "id", &id))
		return false;
	int rc = store_draw_get(worker_of(req)->db, ctx->activity->id, req->user_id, id, d);
	return worker_found(req, resp, rc, 404, "not_found", "没有这次抽奖");
}

void api_draw_refresh(struct request *req, struct response *resp)
{
	struct activity_ctx ctx;
	struct draw d;
	if (!own_draw(req, resp, &ctx, &d))
		return;
	db_rollback(worker_of(req)->db);   /* ends the request's read: the call is made outside any transaction */
	advance_and_reload(req, &d);
	resp_json(resp, 200, draw_json(req, &d));
}

void api_draw_claim(struct request *req, struct response *resp)
{
	struct worker *w = worker_of(req);
	struct activity_ctx ctx;
	struct draw d;
	if (!own_draw(req, resp, &ctx, &d))
		return;
	bool allowed = false;
	int rc = worker_begin_write(w);
	if (rc == SQLITE_OK)
		rc = store_draw_claim(w->db, ctx.activity->id, req->user_id, d.id, ctx.now, &allowed, &d);
	if (!worker_finish_write(req, resp, rc))
		return;
	if (!allowed) {
		resp_error(resp, 409, "not_expired", "这笔红包尚未过期或仍在处理中，暂不能重新领取", NULL);
		return;
	}
	advance_and_reload(req, &d);
	resp_json(resp, 201, draw_json(req, &d));
}
