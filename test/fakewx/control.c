/* The /fake/... endpoints: tests play the WeChat client and steer the fake. */
#include "fakewx.h"
#include "pay.h"

#include "clock.h"
#include "crypto.h"

#include <string.h>

static const char *new_session_key(struct request *req)
{
	unsigned char key[16];
	char *b64 = arena_alloc(req->arena, 32);
	crypto_random(key, sizeof key);
	crypto_base64_encode(key, sizeof key, b64, 32);
	return b64;
}

/* openids look like WeChat's: "o" and 27 characters of base64url. */
static const char *new_openid(struct request *req)
{
	return arena_printf(req->arena, "o%s", fake_random_text(req, 27));
}

static void reply_user(struct response *resp, int status, const char *openid, const char *key)
{
	cJSON *root = cJSON_CreateObject();
	cJSON_AddStringToObject(root, "openid", openid);
	cJSON_AddStringToObject(root, "session_key", key);
	resp_json(resp, status, root);
}

void fake_users_create(struct request *req, struct response *resp)
{
	const char *openid = fake_json_str(req, "openid");
	if (!openid || !*openid)
		openid = new_openid(req);
	else if (strlen(openid) > 64) {
		resp_error(resp, 400, "validation_failed", "openid too long", "openid");
		return;
	}
	const char *existing = fake_session_key_of(req, openid);
	if (existing) {
		reply_user(resp, 200, openid, existing);
		return;
	}
	const char *key = new_session_key(req);
	sqlite3_stmt *st = db_stmt(fake_of(req)->state,
	                           "INSERT INTO users(openid, session_key, created_at) VALUES (?1, ?2, ?3)");
	sqlite3_bind_text(st, 1, openid, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, key, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 3, clock_now());
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		resp_error(resp, 500, "internal_error", "cannot store the user", NULL);
		return;
	}
	reply_user(resp, 201, openid, key);
}

void fake_users_get(struct request *req, struct response *resp)
{
	const char *openid = req_param(req, resp, "openid");
	if (!openid)
		return;
	const char *key = fake_session_key_of(req, openid);
	if (!key) {
		resp_error(resp, 404, "not_found", "no such fake user", NULL);
		return;
	}
	reply_user(resp, 200, openid, key);
}

/* What wx.login gives: a fresh code; like WeChat, a login rotates the session key
 * that the code will hand to the server. */
void fake_login(struct request *req, struct response *resp)
{
	const char *openid = fake_json_str(req, "openid");
	if (!openid || !fake_session_key_of(req, openid)) {
		resp_error(resp, 404, "not_found", "no such fake user", "openid");
		return;
	}
	struct db *db = fake_of(req)->state;
	unsigned char rnd[16];
	char code[33];
	crypto_random(rnd, sizeof rnd);
	crypto_hex(rnd, sizeof rnd, code);
	sqlite3_stmt *st = db_stmt(db, "UPDATE users SET session_key = ?2 WHERE openid = ?1");
	sqlite3_bind_text(st, 1, openid, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, new_session_key(req), -1, SQLITE_STATIC);
	sqlite3_step(st);
	sqlite3_reset(st);
	st = db_stmt(db, "INSERT INTO codes(code, openid, issued_at) VALUES (?1, ?2, ?3)");
	sqlite3_bind_text(st, 1, code, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, openid, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 3, clock_now());
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		resp_error(resp, 500, "internal_error", "cannot store the code", NULL);
		return;
	}
	cJSON *root = cJSON_CreateObject();
	cJSON_AddStringToObject(root, "code", code);
	resp_json(resp, 200, root);
}

void fake_faults(struct request *req, struct response *resp)
{
	/* Any API may be given any of these; an API answers one that means nothing
	 * to it with -1 (faults.c). */
	static const char *const known[] = { "busy", "timeout", "5xx", "code_used", "rate_limited",
	                                     "blocked", "stale_token", "slow", "no_grant", "bad_data",
	                                     "invalid_page",
	                                     /* WeChat Pay's (pay_faults.c) */
	                                     "system_error", "lost_reply", "frequency_limited", "not_enough",
	                                     "bad_signature", "duplicate_notify", "out_of_order_notify",
	                                     "accepted" };
	const char *api = fake_json_str(req, "api"), *fault = fake_json_str(req, "fault");
	cJSON *count = cJSON_GetObjectItemCaseSensitive(req->json, "count");
	cJSON *seconds = cJSON_GetObjectItemCaseSensitive(req->json, "seconds");
	bool fault_known = false;
	for (size_t i = 0; fault && i < sizeof known / sizeof known[0]; i++)
		fault_known |= strcmp(fault, known[i]) == 0;
	if (!api || !*api) {
		resp_error(resp, 400, "validation_failed", "api is required", "api");
		return;
	}
	if (!fault_known) {
		resp_error(resp, 400, "validation_failed", "unknown fault", "fault");
		return;
	}
	int n = cJSON_IsNumber(count) ? count->valueint : 1;
	if (n < 1 || n > 1000) {
		resp_error(resp, 400, "validation_failed", "count must be 1..1000", "count");
		return;
	}
	sqlite3_stmt *st = db_stmt(fake_of(req)->state,
	                           "INSERT INTO faults(api, fault, remaining, seconds) VALUES (?1, ?2, ?3, ?4)");
	sqlite3_bind_text(st, 1, api, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, fault, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 3, n);
	sqlite3_bind_int(st, 4, cJSON_IsNumber(seconds) ? seconds->valueint : 0);
	sqlite3_step(st);
	sqlite3_reset(st);
	cJSON *root = cJSON_CreateObject();
	cJSON_AddStringToObject(root, "api", api);
	cJSON_AddStringToObject(root, "fault", fault);
	cJSON_AddNumberToObject(root, "count", n);
	resp_json(resp, 200, root);
}

void fake_calls(struct request *req, struct response *resp)
{
	const char *api = req_query(req, "api");
	if (api && fake_pay_calls(req, resp, api))
		return;
	sqlite3_stmt *st = db_stmt(fake_of(req)->state,
	                           "SELECT api, method, path, query, body, at FROM calls "
	                           "WHERE ?1 IS NULL OR api = ?1 ORDER BY id");
	sqlite3_bind_text(st, 1, api, -1, SQLITE_STATIC);
	cJSON *list = cJSON_CreateArray();
	while (sqlite3_step(st) == SQLITE_ROW) {
		cJSON *call = cJSON_CreateObject();
		static const char *const cols[] = { "api", "method", "path", "query", "body" };
		for (int i = 0; i < 5; i++)
			cJSON_AddStringToObject(call, cols[i], (const char *)sqlite3_column_text(st, i));
		cJSON_AddNumberToObject(call, "at", (double)sqlite3_column_int64(st, 5));
		cJSON_AddItemToArray(list, call);
	}
	sqlite3_reset(st);
	resp_json(resp, 200, list);
}
