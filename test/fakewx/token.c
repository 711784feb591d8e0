/*
 * The access_token endpoints, WECHAT.md §3, and the store that msg_sec_check
 * (seccheck.c) validates tokens against.  All times are clock_now(), so that
 * a shifted server clock ages tokens too.
 *
 * GET /cgi-bin/token?grant_type=client_credential&appid=…&secret=…
 *   Every successful call issues a new token (TOKEN_CHARS random characters
 *   of [A-Za-z0-9_-]) valid TOKEN_LIFETIME_S from now, and answers
 *   {"access_token":…,"expires_in":7200} as text/plain.
 *
 * POST /cgi-bin/stable_token {"grant_type":"client_credential","appid","secret",
 *                             "force_refresh":bool (optional, default false)}
 *   Same answer.  Without force_refresh the newest stable token is returned
 *   while it has more than GRACE_S left (expires_in = the seconds left);
 *   otherwise, and always with force_refresh, a new one is issued.
 *
 * Superseding (WeChat's rule): issuing a token cuts every older token of the
 * same family that is still valid to GRACE_S from the issue (never lengthens
 * one).  The two endpoints are two families, as on WeChat, where stable_token
 * and token "do not affect each other": a /cgi-bin/token call does not cut a
 * stable token short, nor the reverse.  Any valid token of either family
 * passes fake_token_valid().  A token is valid while now < its expires_at.
 *
 * Errors (errcode JSON, HTTP 200), in order: injected faults (api "token" or
 * "stable_token": busy, timeout, 5xx; see faults.c); for stable_token a body
 * that is not a JSON object, or a grant_type/appid/secret member that is not
 * a string, or a force_refresh that is not a boolean: 47001 "data format
 * error"; then the app credentials (fake_check_app: 41002, 40013, 41004,
 * 40125, 40002).  A state database failure answers -1 "system error".
 *
 * Each call is recorded ("token" / "stable_token") before anything else; the
 * secret is masked in the query (state.c) and, for stable_token, in the body.
 */
#include "fakewx.h"

#include "clock.h"

#include <string.h>

enum {
	TOKEN_LIFETIME_S = 7200,
	GRACE_S = 300,       /* what a superseded token has left; also stable_token's reuse floor */
	TOKEN_CHARS = 136,   /* WeChat's are 130-odd characters; clients must not assume a length */
};

bool fake_token_valid(struct request *req, const char *token)
{
	sqlite3_stmt *st = db_stmt(fake_of(req)->state,
	                           "SELECT 1 FROM tokens WHERE token = ?1 AND expires_at > ?2");
	if (!st)
		return false;
	sqlite3_bind_text(st, 1, token, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, clock_now());
	bool valid = sqlite3_step(st) == SQLITE_ROW;
	sqlite3_reset(st);
	return valid;
}

/* Issues a new token of kind at now, cutting the older ones short.  Runs in
 * the caller's write transaction, so that two workers issuing at once still
 * leave exactly one token of the family uncut.  Returns it, or NULL. */
static const char *issue(struct request *req, const char *kind, int64_t now)
{
	struct db *db = fake_of(req)->state;
	sqlite3_stmt *st = db_stmt(db, "UPDATE tokens SET expires_at = ?2 WHERE kind = ?1 AND expires_at > ?2");
	if (!st)
		return NULL;
	sqlite3_bind_text(st, 1, kind, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, now + GRACE_S);
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return NULL;
	const char *token = fake_random_text(req, TOKEN_CHARS);
	st = db_stmt(db, "INSERT INTO tokens(token, kind, issued_at, expires_at) VALUES (?1, ?2, ?3, ?4)");
	if (!st)
		return NULL;
	sqlite3_bind_text(st, 1, token, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, kind, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 3, now);
	sqlite3_bind_int64(st, 4, now + TOKEN_LIFETIME_S);
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? token : NULL;
}

/* The newest stable token, if it was issued by now (a clock set back must not
 * hand out a token with more than its lifetime left) and has more than
 * GRACE_S left; *left is then its seconds left.  In the caller's transaction. */
static const char *current_stable(struct request *req, int64_t now, int64_t *left)
{
	sqlite3_stmt *st = db_stmt(fake_of(req)->state,
	                           "SELECT token, issued_at, expires_at FROM tokens WHERE kind = 'stable' "
	                           "ORDER BY id DESC LIMIT 1");
	if (!st)
		return NULL;
	const char *token = NULL;
	if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_int64(st, 1) <= now &&
	    sqlite3_column_int64(st, 2) - now > GRACE_S) {
		token = arena_strdup(req->arena, (const char *)sqlite3_column_text(st, 0));
		*left = sqlite3_column_int64(st, 2) - now;
	}
	sqlite3_reset(st);
	return token;
}

/* In one write transaction: the current stable token when reuse is allowed
 * and possible, else a new token of kind.  Answers the request either way. */
static void give_token(struct request *req, struct response *resp, const char *kind, bool reuse)
{
	struct db *db = fake_of(req)->state;
	int64_t now = clock_now(), expires_in = TOKEN_LIFETIME_S;
	const char *token = NULL;
	if (db_begin_write(db) == SQLITE_OK) {
		if (reuse)
			token = current_stable(req, now, &expires_in);
		if (!token) {
			expires_in = TOKEN_LIFETIME_S;
			token = issue(req, kind, now);
		}
		if (!token || db_commit(db) != SQLITE_OK)
			token = NULL;
	}
	if (!token) {
		db_rollback(db);
		fake_wx_error(req, resp, -1, "system error");
		return;
	}
	cJSON *root = cJSON_CreateObject();
	cJSON_AddStringToObject(root, "access_token", token);
	cJSON_AddNumberToObject(root, "expires_in", (double)expires_in);
	fake_wx_reply(resp, 200, root);
}

void fake_token(struct request *req, struct response *resp)
{
	fake_record_call(req, "token");
	if (fake_apply_fault(req, resp, "token", NULL, 0))
		return;
	if (!fake_check_app(req, resp, req_query(req, "appid"), req_query(req, "secret"),
	                    req_query(req, "grant_type"), "client_credential"))
		return;
	give_token(req, resp, "token", false);
}

/* The body for the call log: the value of every "secret" member replaced by
 * "***" (re-serialised compactly, members in their order).  A body that is
 * not a JSON object is kept as sent unless it mentions "secret" at all, in
 * which case it cannot be masked reliably and is withheld. */
static const char *masked_body(struct request *req, const cJSON *json)
{
	if (!json) {
		if (!req->body || !strstr(req->body, "secret"))
			return req->body;
		return "(not a JSON object and mentions \"secret\": withheld)";
	}
	/* Rebuilt member by member: duplicate "secret" members are all masked. */
	cJSON *copy = cJSON_CreateObject();
	const cJSON *member;
	cJSON_ArrayForEach(member, json) {
		bool secret = strcmp(member->string, "secret") == 0;
		cJSON_AddItemToObject(copy, member->string,
		                      secret ? cJSON_CreateString("***") : cJSON_Duplicate(member, true));
	}
	char *text = cJSON_PrintUnformatted(copy);
	const char *body = text ? arena_strdup(req->arena, text) : "(could not be masked: withheld)";
	cJSON_free(text);
	cJSON_Delete(copy);
	return body;
}

/* A member that must be a string when present: the string, NULL when absent;
 * *bad is set when it is present with another type. */
static const char *str_member(const cJSON *json, const char *name, bool *bad)
{
	const cJSON *item = cJSON_GetObjectItemCaseSensitive(json, name);
	if (item && !cJSON_IsString(item))
		*bad = true;
	return cJSON_GetStringValue(item);
}

void fake_stable_token(struct request *req, struct response *resp)
{
	const cJSON *json = fake_parse_body(req);
	fake_record_call_body(req, "stable_token", masked_body(req, json));
	if (fake_apply_fault(req, resp, "stable_token", NULL, 0))
		return;
	bool bad = !json;
	const char *grant = str_member(json, "grant_type", &bad);
	const char *appid = str_member(json, "appid", &bad);
	const char *secret = str_member(json, "secret", &bad);
	const cJSON *force = cJSON_GetObjectItemCaseSensitive(json, "force_refresh");
	if (bad || (force && !cJSON_IsBool(force))) {
		fake_wx_error(req, resp, 47001, "data format error");
		return;
	}
	if (!fake_check_app(req, resp, appid, secret, grant, "client_credential"))
		return;
	give_token(req, resp, "stable", !cJSON_IsTrue(force));
}

bool fake_require_token(struct request *req, struct response *resp)
{
	const char *token = req_query(req, "access_token");
	if (!token || !*token) {
		fake_wx_error(req, resp, 41001, "access_token missing");
		return false;
	}
	if (!fake_token_valid(req, token)) {
		fake_wx_error(req, resp, 40001, "invalid credential, access_token is invalid or not latest");
		return false;
	}
	return true;
}
