/* POST /api/login {"code"}: WeChat's code2Session, then our own session token. */
#include "worker.h"

#include "calendar.h"
#include "clock.h"
#include "store_user.h"
#include "wx.h"

#include <mbedtls/platform_util.h>
#include <string.h>

/* WeChat's errcodes as API.md maps them. */
static void answer_wechat_error(struct response *resp, const struct wx_session *s)
{
	if (s->status == WX_ERRCODE && (s->errcode == 40029 || s->errcode == 40163))
		resp_error(resp, 400, "bad_code", "登录凭证无效或已使用，请重新进入小程序", NULL);
	else if (s->status == WX_ERRCODE && s->errcode == 45011)
		resp_error(resp, 429, "rate_limited", "登录过于频繁，请稍后再试", NULL);
	else if (s->status == WX_ERRCODE && s->errcode == 40226)
		resp_error(resp, 403, "blocked", "该微信账号暂时无法登录", NULL);
	else
		resp_error(resp, 502, "wechat_error", "微信服务暂时不可用，请稍后再试", NULL);
}

static bool valid_code(const char *code)
{
	size_t n = code ? strlen(code) : 0;
	if (n == 0 || n > 128)
		return false;
	for (size_t i = 0; i < n; i++)
		if (code[i] <= ' ' || code[i] > '~')
			return false;
	return true;
}

void api_login(struct request *req, struct response *resp)
{
	struct worker *w = worker_of(req);
	const char *code = json_str(req, "code");
	if (!valid_code(code)) {
		worker_invalid(resp, "code", "缺少有效的登录凭证 code");
		return;
	}
	/* The WeChat call happens outside any transaction: no lock is held while waiting. */
	struct wx_session session;
	if (wx_code2session(&w->cfg, code, &session) != WX_OK) {
		answer_wechat_error(resp, &session);
		return;
	}
	int64_t now = clock_now(), expires_at = now + (int64_t)w->cfg.session_ttl_days * 86400;
	int64_t user_id = 0;
	char token[SESSION_TOKEN_CHARS + 1];
	int rc = worker_begin_write(w);
	if (rc == SQLITE_OK)
		rc = store_user_upsert(w->db, &w->sealer, session.openid, session.unionid, session.session_key, now,
		                       &user_id);
	mbedtls_platform_zeroize(session.session_key, sizeof session.session_key);   /* sealed in the row now */
	if (rc == SQLITE_OK)
		rc = store_session_create(w->db, user_id, now, expires_at, token);
	if (!worker_finish_write(req, resp, rc))
		return;
	char expires[CAL_INSTANT_BUF];
	cal_format_instant(expires_at, expires, sizeof expires);
	cJSON *root = cJSON_CreateObject();
	cJSON_AddStringToObject(root, "token", token);
	cJSON_AddStringToObject(root, "expires_at", expires);
	cJSON_AddNumberToObject(root, "user_id", (double)user_id);
	resp_json(resp, 200, root);
}
