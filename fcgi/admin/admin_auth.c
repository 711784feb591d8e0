/*
 * Admin sessions (README "Admin", "Sessions"): the session cookie, the CSRF check
 * and the sliding idle expiry, as the dispatcher's auth_admin hook.
 */
#include "worker.h"

#include "clock.h"
#include "log.h"

#include <string.h>

const struct admin_session *admin_of(const struct request *req)
{
	return &worker_of(req)->admin;
}

void admin_set_cookie(struct request *req, struct response *resp, const char *token)
{
	/* HttpOnly: no script reads it; SameSite=Strict: no other site's page sends
	 * it; Secure in production, where the pages are served over HTTPS only. */
	bool secure = worker_of(req)->cfg.mode == MODE_PRODUCTION;
	char *value = arena_printf(req->arena, "%s=%s; Path=/admin/; %sHttpOnly; SameSite=Strict%s", ADMIN_COOKIE,
	                           token ? token : "", token ? "" : "Max-Age=0; ", secure ? "; Secure" : "");
	resp_header(resp, "Set-Cookie", value);
}

/* Slides the session's idle expiry: a short write transaction of its own,
 * after which the request reads from a fresh snapshot.  A failure to write
 * costs nothing but the slide (the next request tries again); a failure to
 * read again is the request's. */
static bool touch(struct request *req, struct response *resp, const char *token_hash, int64_t now)
{
	struct worker *w = worker_of(req);
	int rc = worker_begin_write(w);
	if (rc == SQLITE_OK)
		rc = store_admin_session_touch(w->db, token_hash, now);
	if (rc == SQLITE_OK)
		rc = db_commit(w->db);
	if (rc != SQLITE_OK) {
		db_rollback(w->db);
		log_warn("admin session not touched (%d): %s", rc, sqlite3_errmsg(db_handle(w->db)));
	}
	rc = db_begin_read(w->db);
	if (rc != SQLITE_OK) {
		worker_db_error(req, resp, rc);
		return false;
	}
	return true;
}

bool admin_auth(struct request *req, struct response *resp, bool need_csrf)
{
	struct worker *w = worker_of(req);
	const char *token = req_cookie(req, ADMIN_COOKIE);
	int64_t now = clock_now();
	struct admin_session_row s;
	int rc = token ? store_admin_session_find(w->db, token, &s) : DB_NOTFOUND;
	if (rc != SQLITE_OK && rc != DB_NOTFOUND) {
		worker_db_error(req, resp, rc);
		return false;
	}
	if (rc == DB_NOTFOUND || !admin_session_alive(&s, now)) {
		resp_error(resp, 401, "unauthenticated", token ? "登录已失效，请重新登录" : "请先登录", NULL);
		if (token)
			admin_set_cookie(req, resp, NULL);
		return false;
	}
	char csrf[CRYPTO_SHA256_HEX_SIZE];
	admin_csrf_of(token, csrf);
	if (need_csrf) {
		const char *sent = req_header(req, "HTTP_X_CSRF_TOKEN");
		if (!sent || strlen(sent) != 64 || !crypto_equal(sent, csrf, 64)) {
			resp_error(resp, 403, "forbidden", "页面已过期或请求来源不明（CSRF 校验失败），请刷新页面后重试", NULL);
			return false;
		}
	}
	if (admin_session_needs_touch(&s, now) && !touch(req, resp, s.token_hash, now))
		return false;
	struct admin_session *a = &w->admin;
	a->id = s.account.id;
	memcpy(a->username, s.account.username, sizeof a->username);
	a->role = s.account.role;
	memcpy(a->union_code, s.account.union_code, sizeof a->union_code);
	memcpy(a->token_hash, s.token_hash, sizeof a->token_hash);
	memcpy(a->csrf, csrf, sizeof a->csrf);
	return true;
}
