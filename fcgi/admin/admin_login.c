/*
 * POST /admin/api/login, POST /admin/api/logout, GET /admin/api/session,
 * POST /admin/api/password: the admin's session and password.
 *
 * A password check costs ~0.1 s of PBKDF2: it runs inside the request's read
 * snapshot, never while holding the write lock, only while holding one of the
 * pool's PBKDF2 slots (admin_pbkdf2_slots.c), and the few rows it leads to
 * (failure counts, the session, the audit row) are written afterwards in one
 * short transaction.  Every refusal of a login reads the same, so that no
 * answer tells whether a username exists.
 */
#include "worker.h"

#include "clock.h"
#include "password.h"
#include "store_enrollment.h"
#include "store_throttle.h"

#include <stdio.h>
#include <string.h>

/* {"username","role","union","union_name","csrf"}: what the pages need to
 * know about the admin they serve.  SQLITE_OK with *out, or the error. */
static int session_json(struct request *req, const struct admin_account *a, const char *csrf, cJSON **out)
{
	/* The name of the admin's union, or of the tree's root for the province. */
	char union_name[96];
	int rc = store_union_name(worker_of(req)->db, a->union_code, union_name, sizeof union_name);
	if (rc != SQLITE_OK && rc != DB_NOTFOUND)
		return rc;
	cJSON *o = admin_account_json(a);
	if (rc == SQLITE_OK)
		cJSON_AddStringToObject(o, "union_name", union_name);
	cJSON_AddStringToObject(o, "csrf", csrf);
	*out = o;
	return SQLITE_OK;
}

/* The block a login from addr meets: its username's failures from there,
 * and the address's own failures unless the username logged in from it
 * lately (store_throttle.h). */
static int blocked_until(struct db *db, const char *username, const char *addr, int64_t now, int64_t *until)
{
	char key[THROTTLE_KEY_MAX + 1];
	throttle_user_at_addr(username, addr, key, sizeof key);
	int64_t by_user = 0, by_addr = 0;
	bool known = false;
	int rc = store_throttle_blocked_until(db, THROTTLE_USER_AT_ADDR, key, &by_user);
	if (rc == SQLITE_OK)
		rc = store_throttle_blocked_until(db, THROTTLE_ADDR, addr, &by_addr);
	if (rc == SQLITE_OK && by_addr > now)
		rc = store_throttle_known_address(db, username, addr, now, &known);
	if (known)
		by_addr = 0;
	*until = by_user > by_addr ? by_user : by_addr;
	return rc;
}

static void answer_throttled(struct request *req, struct response *resp, int64_t wait)
{
	char *seconds = arena_printf(req->arena, "%lld", (long long)wait);
	resp_error(resp, 429, "rate_limited",
	           arena_printf(req->arena, "登录失败次数过多，请 %lld 秒后再试", (long long)wait), NULL);
	resp_header(resp, "Retry-After", seconds);
}

static int record_failure(struct db *db, const char *username, const char *addr, int64_t now)
{
	char key[THROTTLE_KEY_MAX + 1];
	throttle_user_at_addr(username, addr, key, sizeof key);
	int rc = store_throttle_fail(db, THROTTLE_USER_AT_ADDR, key, now);
	if (rc == SQLITE_OK)
		rc = store_throttle_fail(db, THROTTLE_ADDR, addr, now);
	return rc;
}

/* The session's rows of a successful login: old sessions and failure counts
 * purged, the username's count at this address cleared and the address
 * remembered, the new session, its audit row. */
static int open_session(struct request *req, const struct admin_account *a, int64_t now,
                        char token[CRYPTO_TOKEN_CHARS + 1])
{
	struct db *db = worker_of(req)->db;
	int rc = store_admin_sessions_purge(db, now);
	if (rc == SQLITE_OK)
		rc = store_throttle_purge(db, now);
	char key[THROTTLE_KEY_MAX + 1];
	throttle_user_at_addr(a->username, req->remote_addr, key, sizeof key);
	if (rc == SQLITE_OK)
		rc = store_throttle_clear(db, THROTTLE_USER_AT_ADDR, key);
	if (rc == SQLITE_OK)
		rc = store_throttle_remember_address(db, a->username, req->remote_addr, now);
	if (rc == SQLITE_OK)
		rc = store_admin_session_create(db, a->id, now, req->remote_addr, token);
	if (rc == SQLITE_OK) {
		struct admin_session *who = &worker_of(req)->admin;   /* the audit row's actor */
		who->id = a->id;
		snprintf(who->username, sizeof who->username, "%s", a->username);
		rc = admin_audit(req, "session.login", arena_printf(req->arena, "admin:%s", a->username), NULL, NULL);
	}
	return rc;
}

void admin_login(struct request *req, struct response *resp)
{
	struct worker *w = worker_of(req);
	const char *username = json_str(req, "username"), *password = json_str(req, "password");
	if (!username || !*username) {
		worker_invalid(resp, "username", "请输入用户名");
		return;
	}
	if (!password || !*password) {
		worker_invalid(resp, "password", "请输入密码");
		return;
	}
	int64_t now = clock_now(), until;
	int rc = blocked_until(w->db, username, req->remote_addr, now, &until);
	if (rc != SQLITE_OK) {
		worker_db_error(req, resp, rc);
		return;
	}
	if (until > now) {
		answer_throttled(req, resp, until - now);
		return;
	}
	struct admin_account a = { 0 };
	rc = store_admin_by_name(w->db, username, &a);
	if (rc != SQLITE_OK && rc != DB_NOTFOUND) {   /* no such admin: checked against nobody, below */
		worker_db_error(req, resp, rc);
		return;
	}
	int slot;
	if (!admin_pbkdf2_begin(req, resp, &slot))
		return;
	bool ok = rc == SQLITE_OK ? password_verify(password, a.password_hash) : password_verify_nobody(password);
	admin_pbkdf2_end(req, slot);
	ok = ok && !a.disabled;   /* a disabled account reads like a wrong password */

	rc = worker_begin_write(w);
	if (!ok) {
		if (rc == SQLITE_OK)
			rc = record_failure(w->db, username, req->remote_addr, now);
		if (worker_finish_write(req, resp, rc))
			resp_error(resp, 401, "unauthenticated", "用户名或密码错误", NULL);
		return;
	}
	char token[CRYPTO_TOKEN_CHARS + 1];
	if (rc == SQLITE_OK)
		rc = open_session(req, &a, now, token);
	if (!worker_finish_write(req, resp, rc))
		return;
	char csrf[CRYPTO_SHA256_HEX_SIZE];
	admin_csrf_of(token, csrf);
	cJSON *o = NULL;
	rc = db_begin_read(w->db);   /* for the union's name */
	if (rc == SQLITE_OK)
		rc = session_json(req, &a, csrf, &o);
	if (rc != SQLITE_OK) {
		worker_db_error(req, resp, rc);
		return;
	}
	admin_set_cookie(req, resp, token);
	resp_json(resp, 200, o);
}

void admin_logout(struct request *req, struct response *resp)
{
	const struct admin_session *who = admin_of(req);
	int rc = store_admin_session_delete(worker_of(req)->db, who->token_hash);
	if (rc == SQLITE_OK)
		rc = admin_audit(req, "session.logout", arena_printf(req->arena, "admin:%s", who->username), NULL, NULL);
	if (rc != SQLITE_OK) {
		worker_db_error(req, resp, rc);
		return;
	}
	admin_set_cookie(req, resp, NULL);
	cJSON *o = cJSON_CreateObject();
	cJSON_AddTrueToObject(o, "ok");
	resp_json(resp, 200, o);
}

void admin_session_get(struct request *req, struct response *resp)
{
	const struct admin_session *who = admin_of(req);
	struct admin_account a;
	cJSON *o = NULL;
	int rc = store_admin_by_id(worker_of(req)->db, who->id, &a);   /* none: removed during its session */
	if (!worker_found(req, resp, rc, 401, "unauthenticated", "登录已失效，请重新登录"))
		return;
	rc = session_json(req, &a, who->csrf, &o);
	if (rc != SQLITE_OK) {
		worker_db_error(req, resp, rc);
		return;
	}
	resp_json(resp, 200, o);
}

/* {"current","new"}: the admin's own password.  A wrong current password
 * counts as a failed login of the username (a stolen session must not become
 * a way round the throttle); the other sessions of the account end. */
void admin_password(struct request *req, struct response *resp)
{
	struct worker *w = worker_of(req);
	const struct admin_session *who = admin_of(req);
	const char *current = json_str(req, "current"), *fresh = json_str(req, "new");
	if (!current || !*current) {
		worker_invalid(resp, "current", "请输入当前密码");
		return;
	}
	if (!fresh || !password_acceptable(fresh)) {
		worker_invalid(resp, "new", "新密码须为8到128个字节的可见字符");
		return;
	}
	int64_t now = clock_now(), until;
	struct admin_account a;
	char key[THROTTLE_KEY_MAX + 1];
	throttle_user_at_addr(who->username, req->remote_addr, key, sizeof key);
	int rc = store_throttle_blocked_until(w->db, THROTTLE_USER_AT_ADDR, key, &until);
	if (rc == SQLITE_OK)
		rc = store_admin_by_id(w->db, who->id, &a);   /* none: removed during its session */
	if (!worker_found(req, resp, rc, 401, "unauthenticated", "登录已失效，请重新登录"))
		return;
	if (until > now) {
		answer_throttled(req, resp, until - now);
		return;
	}
	int slot;
	if (!admin_pbkdf2_begin(req, resp, &slot))
		return;
	bool ok = password_verify(current, a.password_hash);
	char hash[PASSWORD_HASH_BUF];
	if (ok)
		password_hash(fresh, hash);
	admin_pbkdf2_end(req, slot);
	rc = worker_begin_write(w);
	if (!ok) {
		if (rc == SQLITE_OK)
			rc = store_throttle_fail(w->db, THROTTLE_USER_AT_ADDR, key, now);
		if (worker_finish_write(req, resp, rc))
			worker_invalid(resp, "current", "当前密码不正确");
		return;
	}
	if (rc == SQLITE_OK)
		rc = store_admin_set_password(w->db, who->id, hash, now);
	if (rc == SQLITE_OK)
		rc = store_admin_sessions_end(w->db, who->id, who->token_hash);
	if (rc == SQLITE_OK) {
		cJSON *after = cJSON_CreateObject();
		cJSON_AddTrueToObject(after, "password_changed");
		rc = admin_audit(req, "admin.passwd", arena_printf(req->arena, "admin:%s", who->username), NULL, after);
	}
	if (!worker_finish_write(req, resp, rc))
		return;
	cJSON *o = cJSON_CreateObject();
	cJSON_AddTrueToObject(o, "ok");
	resp_json(resp, 200, o);
}
