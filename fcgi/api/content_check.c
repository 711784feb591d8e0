#include "content_check.h"

#include "clock.h"
#include "store_user.h"

bool content_text_allowed(struct request *req, struct response *resp, enum rate_action limit,
                          enum wx_scene scene, const char *text, bool *flagged)
{
	struct worker *w = worker_of(req);
	char openid[160];
	/* No user: the token's user is gone, so the token names nobody. */
	int rc = store_user_openid(w->db, req->user_id, openid, sizeof openid);
	if (!worker_found(req, resp, rc, 401, "unauthenticated", "登录已失效，请重新登录"))
		return false;
	/* Each check holds this worker until WeChat answers and draws on the
	 * app's quota (WECHAT.md §4). */
	if (!rate_limit_take(req, resp, limit, clock_now()))
		return false;
	return content_text_verdict(req, resp, openid, scene, text, flagged);
}

bool content_text_verdict(struct request *req, struct response *resp, const char *openid, enum wx_scene scene,
                          const char *text, bool *flagged)
{
	struct worker *w = worker_of(req);
	struct wx_check check;
	if (wx_text_check(&w->cfg, w->db, openid, scene, text, &check) != WX_OK) {
		resp_error(resp, 502, "wechat_error", "内容安全检查暂时不可用，请稍后再试", NULL);
		return false;
	}
	if (check.verdict == WX_RISKY) {
		resp_error(resp, 422, "content_rejected", "内容未通过安全检查，请修改后再试", NULL);
		return false;
	}
	*flagged = check.verdict == WX_REVIEW;
	return true;
}
