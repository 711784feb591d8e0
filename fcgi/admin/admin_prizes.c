/*
 * The grand-prize draw for province admins (RULES §9, README "The grand-prize
 * draw"), each step once and audited:
 *   GET  /admin/api/prizes?aid=          the prizes and the draw's state (any admin)
 *   POST /admin/api/prizes?aid=          {"name","quantity"}: a prize, before the commit
 *   POST /admin/api/prizes/commit?aid=   the seed drawn, its SHA-256 and the entries frozen
 *   POST /admin/api/prizes/draw?aid=     the winners, from the seed and the entries
 *   POST /admin/api/prizes/reveal?aid=   the seed made public
 */
#include "award_view.h"

#include "calendar.h"
#include "crypto.h"
#include "store_prizes.h"
#include "validate.h"

#include <string.h>

static void add_prize(const struct grand_prize *p, void *arg)
{
	cJSON *o = cJSON_CreateObject();
	cJSON_AddNumberToObject(o, "id", (double)p->id);
	cJSON_AddStringToObject(o, "name", p->name);
	cJSON_AddNumberToObject(o, "quantity", (double)p->quantity);
	cJSON_AddNumberToObject(o, "won", (double)p->won);
	cJSON_AddItemToArray(arg, o);
}

static void answer_state(struct request *req, struct response *resp, int64_t activity_id, int status)
{
	cJSON *o = cJSON_CreateObject();
	int rc = store_prizes_each(worker_of(req)->db, activity_id, add_prize, cJSON_AddArrayToObject(o, "prizes"));
	if (rc == SQLITE_OK)
		rc = prizes_draw_json(req, activity_id, o);
	if (rc != SQLITE_OK) {
		cJSON_Delete(o);
		worker_db_error(req, resp, rc);
		return;
	}
	resp_json(resp, status, o);
}

void admin_prizes(struct request *req, struct response *resp)
{
	struct activity_ctx ctx;
	if (admin_activity(req, resp, &ctx))
		answer_state(req, resp, ctx.activity->id, 200);
}

/* The province admin's activity and its draw (found: false before the
 * commit).  Returns false after answering. */
static bool draw_step(struct request *req, struct response *resp, struct activity_ctx *ctx, struct prize_draw *d,
                      bool *found)
{
	if (!admin_require_province(req, resp) || !admin_activity(req, resp, ctx))
		return false;
	memset(d, 0, sizeof *d);
	int rc = store_prize_draw_get(worker_of(req)->db, ctx->activity->id, d);
	*found = rc == SQLITE_OK;
	if (rc != SQLITE_OK && rc != DB_NOTFOUND) {
		worker_db_error(req, resp, rc);
		return false;
	}
	return true;
}

static const char *activity_target(struct request *req, const struct activity_ctx *ctx)
{
	return arena_printf(req->arena, "activity:%lld", (long long)ctx->activity->id);
}

static void finish(struct request *req, struct response *resp, const struct activity_ctx *ctx, int rc,
                   const char *action, cJSON *after)
{
	if (rc == SQLITE_OK)
		rc = admin_audit(req, action, activity_target(req, ctx), NULL, after);
	else
		cJSON_Delete(after);
	if (rc != SQLITE_OK) {
		worker_db_error(req, resp, rc);
		return;
	}
	answer_state(req, resp, ctx->activity->id, 200);
}

void admin_prize_add(struct request *req, struct response *resp)
{
	struct activity_ctx ctx;
	struct prize_draw d;
	bool committed;
	if (!draw_step(req, resp, &ctx, &d, &committed))
		return;
	if (committed) {
		resp_error(resp, 409, "draw_committed", "抽奖已封存，不能再添加奖品", NULL);
		return;
	}
	const char *name = json_str(req, "name");
	const cJSON *q = cJSON_GetObjectItemCaseSensitive(req->json, "quantity");
	if (!name || !valid_free_text(name, 1, 40)) {
		worker_invalid(resp, "name", "奖品名称须为1到40个字");
		return;
	}
	if (!cJSON_IsNumber(q) || q->valuedouble != (double)(int64_t)q->valuedouble || q->valuedouble < 1 ||
	    q->valuedouble > 100000) {
		worker_invalid(resp, "quantity", "数量须为1到100000之间的整数");
		return;
	}
	int64_t id = 0, quantity = (int64_t)q->valuedouble;
	int rc = store_prizes_add(worker_of(req)->db, ctx.activity->id, name, quantity, ctx.now, &id);
	if ((rc & 0xff) == SQLITE_CONSTRAINT) {
		resp_error(resp, 409, "duplicate_prize", "已有同名奖品", "name");
		return;
	}
	cJSON *after = cJSON_CreateObject();
	cJSON_AddNumberToObject(after, "id", (double)id);
	cJSON_AddStringToObject(after, "name", name);
	cJSON_AddNumberToObject(after, "quantity", (double)quantity);
	finish(req, resp, &ctx, rc, "prize.add", after);
}

static int64_t count_of(struct request *req, const char *sql, int64_t activity_id)
{
	int64_t n = 0;
	return db_get_int(worker_of(req)->db, &n, sql, "i", activity_id) == SQLITE_OK ? n : -1;
}

void admin_prize_commit(struct request *req, struct response *resp)
{
	struct activity_ctx ctx;
	struct prize_draw d;
	bool committed;
	if (!draw_step(req, resp, &ctx, &d, &committed))
		return;
	if (committed) {
		resp_error(resp, 409, "already_committed", "抽奖已经封存过了", NULL);
		return;
	}
	/* Badges are complete only once the last activity day is over. */
	if (!cal_day_is_over(ctx.rules->last_day, ctx.now)) {
		resp_error(resp, 409, "activity_not_over", "活动结束后才能封存抽奖名单", NULL);
		return;
	}
	int64_t prizes = count_of(req, "SELECT count(*) FROM grand_prizes WHERE activity_id = ?1", ctx.activity->id);
	int64_t badges = count_of(req, "SELECT count(*) FROM badges WHERE activity_id = ?1", ctx.activity->id);
	if (prizes < 0 || badges < 0) {
		worker_db_error(req, resp, db_last_error(worker_of(req)->db));
		return;
	}
	if (prizes == 0 || badges == 0) {
		resp_error(resp, 409, prizes == 0 ? "no_prizes" : "no_entries",
		           prizes == 0 ? "请先设置奖品" : "还没有人获得奖章，没有抽奖名单", NULL);
		return;
	}
	unsigned char seed[PRIZE_SEED_SIZE];
	crypto_random(seed, sizeof seed);
	int rc = store_prize_commit(worker_of(req)->db, ctx.activity->id, seed, ctx.now, &d);
	memset(seed, 0, sizeof seed);
	cJSON *after = cJSON_CreateObject();
	cJSON_AddStringToObject(after, "commitment", d.commitment);
	cJSON_AddStringToObject(after, "entries_sha256", d.entries_sha256);
	cJSON_AddNumberToObject(after, "entries", (double)d.entries);
	finish(req, resp, &ctx, rc, "prize.commit", after);
}

void admin_prize_draw(struct request *req, struct response *resp)
{
	struct activity_ctx ctx;
	struct prize_draw d;
	bool committed;
	if (!draw_step(req, resp, &ctx, &d, &committed))
		return;
	if (!committed || d.drawn_at) {
		resp_error(resp, 409, committed ? "already_drawn" : "not_committed",
		           committed ? "已经抽过奖了" : "请先封存抽奖名单", NULL);
		return;
	}
	int64_t winners = 0;
	int rc = store_prize_draw_run(worker_of(req)->db, ctx.activity->id, ctx.now, &winners);
	cJSON *after = cJSON_CreateObject();
	cJSON_AddNumberToObject(after, "winners", (double)winners);
	finish(req, resp, &ctx, rc, "prize.draw", after);
}

void admin_prize_reveal(struct request *req, struct response *resp)
{
	struct activity_ctx ctx;
	struct prize_draw d;
	bool committed;
	if (!draw_step(req, resp, &ctx, &d, &committed))
		return;
	if (!committed || !d.drawn_at || d.revealed_at) {
		resp_error(resp, 409, d.revealed_at && committed ? "already_revealed" : "not_drawn",
		           d.revealed_at && committed ? "种子已经公布过了" : "抽奖之后才能公布种子", NULL);
		return;
	}
	int rc = store_prize_reveal(worker_of(req)->db, ctx.activity->id, ctx.now);
	char seed[2 * PRIZE_SEED_SIZE + 1];
	crypto_hex(d.seed, PRIZE_SEED_SIZE, seed);
	cJSON *after = cJSON_CreateObject();
	cJSON_AddStringToObject(after, "seed", seed);
	finish(req, resp, &ctx, rc, "prize.reveal", after);
}
