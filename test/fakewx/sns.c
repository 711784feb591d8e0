/* GET /sns/jscode2session — WECHAT.md §1, with its errors. */
#include "fakewx.h"

#include "clock.h"

#include <string.h>

enum { CODE_LIFETIME_S = 300 };

/* jscode2session's own faults; busy, timeout and 5xx are everyone's (faults.c). */
static const struct fake_errcode_fault sns_faults[] = {
	{ "code_used", 40163, "code been used" },
	{ "rate_limited", 45011, "api minute-quota reach limit  mustslower  retry next minute" },
	{ "blocked", 40226, "invalid user" },
};

void fake_jscode2session(struct request *req, struct response *resp)
{
	struct fakewx *fx = fake_of(req);
	fake_record_call(req, "jscode2session");
	if (fake_apply_fault(req, resp, "jscode2session", sns_faults,
	                     sizeof sns_faults / sizeof sns_faults[0]))
		return;
	const char *appid = req_query(req, "appid"), *secret = req_query(req, "secret");
	const char *code = req_query(req, "js_code"), *grant = req_query(req, "grant_type");
	if (!fake_check_app(req, resp, appid, secret, grant, "authorization_code"))
		return;
	if (!code || !*code) {
		fake_wx_error(req, resp, 41008, "missing code");
		return;
	}
	/* A code is good once, for five minutes. */
	sqlite3_stmt *st = db_stmt(fx->state,
		"UPDATE codes SET used = used + 1 WHERE code = ?1 "
		"RETURNING used, issued_at, (SELECT session_key FROM users u WHERE u.openid = codes.openid), openid");
	if (!st) {
		fake_wx_error(req, resp, -1, "system error");
		return;
	}
	sqlite3_bind_text(st, 1, code, -1, SQLITE_STATIC);
	if (sqlite3_step(st) != SQLITE_ROW) {
		sqlite3_reset(st);
		fake_wx_error(req, resp, 40029, "invalid code");
		return;
	}
	int used = sqlite3_column_int(st, 0);
	int64_t issued_at = sqlite3_column_int64(st, 1);
	const char *key = arena_strdup(req->arena, (const char *)sqlite3_column_text(st, 2));
	const char *openid = arena_strdup(req->arena, (const char *)sqlite3_column_text(st, 3));
	sqlite3_reset(st);
	if (used > 1) {
		fake_wx_error(req, resp, 40163, "code been used");
		return;
	}
	if (clock_now() - issued_at > CODE_LIFETIME_S) {
		fake_wx_error(req, resp, 40029, "invalid code");
		return;
	}
	cJSON *root = cJSON_CreateObject();
	cJSON_AddStringToObject(root, "session_key", key);
	cJSON_AddStringToObject(root, "openid", openid);
	fake_wx_reply(resp, 200, root);
}
