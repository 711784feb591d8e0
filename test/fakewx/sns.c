/* GET /sns/jscode2session — WECHAT.md §1, with its errors. */
#include "fakewx.h"

#include "clock.h"

#include <string.h>
#include <unistd.h>

enum { CODE_LIFETIME_S = 300 };

/* Answers an injected fault; returns true when one was pending. */
static bool apply_fault(struct request *req, struct response *resp)
{
	int seconds = 0;
	const char *fault = fake_take_fault(req, "jscode2session", &seconds);
	if (!fault)
		return false;
	if (strcmp(fault, "busy") == 0) {
		fake_wx_error(req, resp, -1, "system error");
	} else if (strcmp(fault, "timeout") == 0) {
		sleep((unsigned)(seconds > 0 ? seconds : 10));
		fake_wx_error(req, resp, -1, "system error");
	} else if (strcmp(fault, "5xx") == 0) {
		resp_error(resp, 502, "bad_gateway", "upstream failure", NULL);
		resp->content_type = "text/html";
		buf_reset(&resp->body, 0);
		buf_puts(&resp->body, "<html><body><h1>502 Bad Gateway</h1></body></html>");
	} else if (strcmp(fault, "code_used") == 0) {
		fake_wx_error(req, resp, 40163, "code been used");
	} else if (strcmp(fault, "rate_limited") == 0) {
		fake_wx_error(req, resp, 45011, "api minute-quota reach limit  mustslower  retry next minute");
	} else if (strcmp(fault, "blocked") == 0) {
		fake_wx_error(req, resp, 40226, "invalid user");
	} else {
		fake_wx_error(req, resp, -1, "system error");
	}
	return true;
}

void fake_jscode2session(struct request *req, struct response *resp)
{
	struct fakewx *fx = fake_of(req);
	fake_record_call(req, "jscode2session");
	if (apply_fault(req, resp))
		return;
	const char *appid = req_query(req, "appid"), *secret = req_query(req, "secret");
	const char *code = req_query(req, "js_code"), *grant = req_query(req, "grant_type");
	if (!appid || strcmp(appid, fx->cfg.appid) != 0) {
		fake_wx_error(req, resp, 40013, "invalid appid");
		return;
	}
	if (!secret || strcmp(secret, fx->cfg.app_secret) != 0) {
		fake_wx_error(req, resp, 40125, "invalid appsecret");
		return;
	}
	if (!grant || strcmp(grant, "authorization_code") != 0) {
		fake_wx_error(req, resp, 40002, "invalid grant_type");
		return;
	}
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
