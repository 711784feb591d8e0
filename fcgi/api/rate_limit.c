#include "rate_limit.h"

#include "log.h"

/* What the participant was doing, for the message. */
static const char *doing(enum rate_action action)
{
	switch (action) {
	case RATE_TEAM_CREATE: return "创建团队";
	case RATE_ANNOUNCEMENT_POST: return "发布公告";
	case RATE_ESSAY_POST: return "提交感想";
	}
	return "操作";
}

/* The wait in the unit a person reads it in, rounded up so that nobody is
 * told to come back too early. */
static const char *wait_text(struct request *req, int64_t seconds)
{
	if (seconds < 120)
		return arena_printf(req->arena, "%lld 秒", (long long)seconds);
	if (seconds < 2 * 3600)
		return arena_printf(req->arena, "%lld 分钟", (long long)((seconds + 59) / 60));
	return arena_printf(req->arena, "%lld 小时", (long long)((seconds + 3599) / 3600));
}

bool rate_limit_take(struct request *req, struct response *resp, enum rate_action action, int64_t now)
{
	struct worker *w = worker_of(req);
	int64_t retry_at = 0;
	int rc = worker_begin_write(w);
	if (rc == SQLITE_OK)
		rc = store_rate_limit_take(w->db, action, req->user_id, now, &retry_at);
	if (rc == SQLITE_OK && retry_at > 0) {
		db_rollback(w->db);   /* nothing was written */
		int64_t wait = retry_at - now > 0 ? retry_at - now : 1;
		log_info("user %lld rate limited (%s) for %lld s", (long long)req->user_id,
		         rate_limit_of(action)->action, (long long)wait);
		resp_error(resp, 429, "rate_limited",
		           arena_printf(req->arena, "%s过于频繁，请 %s后再试", doing(action), wait_text(req, wait)), NULL);
		resp_header(resp, "Retry-After", arena_printf(req->arena, "%lld", (long long)wait));
		return false;
	}
	return worker_finish_write(req, resp, rc);
}
