#include "fakewx.h"

#include "clock.h"
#include "crypto.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>

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
	"  query TEXT NOT NULL, body TEXT NOT NULL, at INTEGER NOT NULL);";

int fake_state_open(struct fakewx *fx, char *err, size_t errlen)
{
	if (db_open(&fx->state, fx->state_path, 5000, true, err, errlen) != 0)
		return -1;
	if (db_exec(fx->state, state_schema) != SQLITE_OK) {
		snprintf(err, errlen, "cannot create the fake's state in %s", fx->state_path);
		return -1;
	}
	return 0;
}

/* The app secret never goes into the call log, even a fake's. */
static const char *mask_secret(struct request *req, const char *query)
{
	const char *p = strstr(query, "secret=");
	if (!p || (p != query && p[-1] != '&'))
		return query;
	const char *end = strchr(p, '&');
	return arena_printf(req->arena, "%.*ssecret=***%s", (int)(p - query), query, end ? end : "");
}

void fake_record_call(struct request *req, const char *api)
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
	sqlite3_bind_text(st, 5, req->body ? req->body : "", -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 6, clock_now());
	sqlite3_step(st);
	sqlite3_reset(st);
}

const char *fake_take_fault(struct request *req, const char *api, int *seconds)
{
	struct db *db = fake_of(req)->state;
	/* One statement consumes and reads, so that two workers never take the same one. */
	sqlite3_stmt *st = db_stmt(db,
		"UPDATE faults SET remaining = remaining - 1 WHERE id = "
		" (SELECT id FROM faults WHERE api = ?1 AND remaining > 0 ORDER BY id LIMIT 1) "
		"RETURNING fault, seconds");
	if (!st)
		return NULL;
	sqlite3_bind_text(st, 1, api, -1, SQLITE_STATIC);
	const char *fault = NULL;
	if (sqlite3_step(st) == SQLITE_ROW) {
		fault = arena_strdup(req->arena, (const char *)sqlite3_column_text(st, 0));
		*seconds = sqlite3_column_int(st, 1);
	}
	sqlite3_reset(st);
	return fault;
}

const char *fake_errmsg(struct request *req, const char *msg)
{
	unsigned char rnd[6];
	char hex[13];
	crypto_random(rnd, sizeof rnd);
	crypto_hex(rnd, sizeof rnd, hex);
	return arena_printf(req->arena, "%s, rid: %s-%s", msg, hex, "0a1b2c3d");
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

const char *fake_json_str(const struct request *req, const char *name)
{
	return cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(req->json, name));
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
