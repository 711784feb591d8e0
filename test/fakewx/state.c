/* The fake's shared state (its SQLite file) and the helpers every endpoint
 * uses: the call log, WeChat-style answers, random identifiers, body parsing. */
#include "fakewx.h"
#include "pay.h"

#include "clock.h"
#include "crypto.h"

#include <stdio.h>
#include <string.h>

static const char state_schema[] =
	"CREATE TABLE IF NOT EXISTS users ("
	"  openid TEXT PRIMARY KEY, session_key TEXT NOT NULL, created_at INTEGER NOT NULL);"
	"CREATE TABLE IF NOT EXISTS codes ("
	"  code TEXT PRIMARY KEY, openid TEXT NOT NULL, issued_at INTEGER NOT NULL,"
	"  used INTEGER NOT NULL DEFAULT 0);"
	"CREATE TABLE IF NOT EXISTS faults ("
	"  id INTEGER PRIMARY KEY, api TEXT NOT NULL, fault TEXT NOT NULL,"
	"  remaining INTEGER NOT NULL, seconds INTEGER NOT NULL DEFAULT 0);"
	"CREATE TABLE IF NOT EXISTS calls ("
	"  id INTEGER PRIMARY KEY, api TEXT NOT NULL, method TEXT NOT NULL, path TEXT NOT NULL,"
	"  query TEXT NOT NULL, body TEXT NOT NULL, at INTEGER NOT NULL);"
	/* kind: "token" (/cgi-bin/token) or "stable" (/cgi-bin/stable_token), two
	 * families that WeChat keeps apart (token.c); expires_at is issued_at + 7200,
	 * shortened to five minutes after a newer token of the same kind was issued. */
	"CREATE TABLE IF NOT EXISTS tokens ("
	"  id INTEGER PRIMARY KEY, token TEXT NOT NULL UNIQUE, kind TEXT NOT NULL,"
	"  issued_at INTEGER NOT NULL, expires_at INTEGER NOT NULL);"
	/* Content-check rules (verdicts.c); id gives the insertion order. */
	"CREATE TABLE IF NOT EXISTS verdicts ("
	"  id INTEGER PRIMARY KEY, contains TEXT NOT NULL, suggest TEXT NOT NULL,"
	"  label INTEGER NOT NULL);"
	/* Subscribe messages received (messages.c), for GET /fake/messages. */
	"CREATE TABLE IF NOT EXISTS messages ("
	"  id INTEGER PRIMARY KEY, touser TEXT NOT NULL, template_id TEXT NOT NULL, page TEXT NOT NULL,"
	"  miniprogram_state TEXT NOT NULL, data TEXT NOT NULL, at INTEGER NOT NULL);";

int fake_state_open(struct fakewx *fx, char *err, size_t errlen)
{
	if (db_open(&fx->state, fx->state_path, 5000, true, err, errlen) != 0)
		return -1;
	if (db_exec(fx->state, state_schema) != SQLITE_OK || db_exec(fx->state, fake_pay_schema) != SQLITE_OK) {
		snprintf(err, errlen, "cannot create the fake's state in %s", fx->state_path);
		return -1;
	}
	return 0;
}

/* The app secret never goes into the call log, even a fake's: the value of
 * every "secret" parameter of the query becomes "***". */
static const char *mask_secret(struct request *req, const char *query)
{
	struct buf out = { 0 };
	bool masked = false;
	for (const char *p = query; *p;) {
		const char *end = strchr(p, '&');
		size_t len = end ? (size_t)(end - p) : strlen(p);
		if (len >= 7 && strncmp(p, "secret=", 7) == 0) {
			buf_puts(&out, "secret=***");
			masked = true;
		} else {
			buf_append(&out, p, len);
		}
		if (!end)
			break;
		buf_puts(&out, "&");
		p = end + 1;
	}
	const char *result = masked ? arena_strdup(req->arena, buf_str(&out)) : query;
	buf_free(&out);
	return result;
}

void fake_record_call_body(struct request *req, const char *api, const char *body)
{
	sqlite3_stmt *st = db_stmt(fake_of(req)->state,
	                           "INSERT INTO calls(api, method, path, query, body, at) "
	                           "VALUES (?1, ?2, ?3, ?4, ?5, ?6)");
	if (!st)
		return;
	sqlite3_bind_text(st, 1, api, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, req->method, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, req->path, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, mask_secret(req, req->query), -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 5, body ? body : "", -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 6, clock_now());
	sqlite3_step(st);
	sqlite3_reset(st);
}

void fake_record_call(struct request *req, const char *api)
{
	fake_record_call_body(req, api, req->body);
}

const char *fake_random_text(struct request *req, size_t n)
{
	static const char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
	char *text = arena_alloc(req->arena, n + 1);
	for (size_t i = 0; i < n; i++)
		text[i] = alphabet[crypto_random_below(64)];
	text[n] = '\0';
	return text;
}

const char *fake_random_hex(struct request *req, size_t nbytes)
{
	unsigned char *rnd = arena_alloc(req->arena, nbytes);
	char *hex = arena_alloc(req->arena, 2 * nbytes + 1);
	crypto_random(rnd, nbytes);
	crypto_hex(rnd, nbytes, hex);
	return hex;
}

const char *fake_errmsg(struct request *req, const char *msg)
{
	return arena_printf(req->arena, "%s, rid: %s-%s", msg, fake_random_hex(req, 6), "0a1b2c3d");
}

void fake_wx_reply(struct response *resp, int status, cJSON *root)
{
	resp_json(resp, status, root);
	resp->content_type = "text/plain";   /* WeChat's habit: the client must not insist on JSON */
}

void fake_wx_error(struct request *req, struct response *resp, int errcode, const char *msg)
{
	cJSON *root = cJSON_CreateObject();
	cJSON_AddNumberToObject(root, "errcode", errcode);
	cJSON_AddStringToObject(root, "errmsg", fake_errmsg(req, msg));
	fake_wx_reply(resp, 200, root);
}

bool fake_check_app(struct request *req, struct response *resp, const char *appid,
                    const char *secret, const char *grant_type, const char *expected_grant)
{
	const struct walk_config *cfg = &fake_of(req)->cfg;
	if (!appid || !*appid)
		fake_wx_error(req, resp, 41002, "appid missing");
	else if (strcmp(appid, cfg->appid) != 0)
		fake_wx_error(req, resp, 40013, "invalid appid");
	else if (!secret || !*secret)
		fake_wx_error(req, resp, 41004, "appsecret missing");
	else if (strcmp(secret, cfg->app_secret) != 0)
		fake_wx_error(req, resp, 40125, "invalid appsecret");
	else if (!grant_type || strcmp(grant_type, expected_grant) != 0)
		fake_wx_error(req, resp, 40002, "invalid grant_type");
	else
		return true;
	return false;
}

const char *fake_json_str(const struct request *req, const char *name)
{
	return cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(req->json, name));
}

cJSON *fake_parse_body(struct request *req)
{
	if (req->json || !req->body)
		return req->json;
	/* As the dispatcher does for R_JSON_BODY: the length includes the NUL so
	 * that cJSON checks for trailing bytes, and the end must be the real end,
	 * so that an embedded NUL cannot hide anything after it. */
	const char *end = NULL;
	cJSON *json = cJSON_ParseWithLengthOpts(req->body, req->body_len + 1, &end, true);
	if (!json || !cJSON_IsObject(json) || end != req->body + req->body_len) {
		cJSON_Delete(json);
		return NULL;
	}
	req->json = json;
	return json;
}

const char *fake_session_key_of(struct request *req, const char *openid)
{
	sqlite3_stmt *st = db_stmt(fake_of(req)->state, "SELECT session_key FROM users WHERE openid = ?1");
	if (!st)
		return NULL;
	sqlite3_bind_text(st, 1, openid, -1, SQLITE_STATIC);
	const char *key = NULL;
	if (sqlite3_step(st) == SQLITE_ROW)
		key = arena_strdup(req->arena, (const char *)sqlite3_column_text(st, 0));
	sqlite3_reset(st);
	return key;
}
