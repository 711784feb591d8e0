#include "sync_refusals.h"

#include "log.h"
#include "store_werun_flags.h"

bool sync_refusals_admit(struct request *req, struct response *resp, const struct activity_ctx *ctx)
{
	int64_t until = 0;
	int rc = store_werun_blocked_until(worker_of(req)->db, ctx->activity->id, req->user_id, ctx->now,
	                                   &until);
	if (rc != SQLITE_OK) {
		worker_db_error(req, resp, rc);
		return false;
	}
	if (until <= ctx->now)
		return true;
	long long wait = (long long)(until - ctx->now);
	resp_error(resp, 429, "rate_limited",
	           arena_printf(req->arena, "无法解密的微信运动数据过多，请 %lld 秒后再同步步数", wait), NULL);
	resp_header(resp, "Retry-After", arena_printf(req->arena, "%lld", wait));
	return false;
}

void sync_refusals_note(struct request *req, struct response *resp, const struct activity_ctx *ctx,
                        const char *code, const char *detail)
{
	struct worker *w = worker_of(req);
	const char *reason = detail ? arena_printf(req->arena, "%s: %s", code, detail) : code;
	log_info("WeRun payload of user %lld refused (%s)", (long long)req->user_id, reason);
	int rc = worker_begin_write(w);
	if (rc == SQLITE_OK)
		rc = store_werun_refusal(w->db, ctx->activity->id, req->user_id, reason, ctx->now);
	/* On failure this rolls back and answers the error in place of the 400. */
	worker_finish_write(req, resp, rc);
}
