/* The shared access_token (wx.h, WECHAT.md §3). */
#include "wx.h"

#include "clock.h"
#include "db.h"
#include "log.h"
#include "wx_answer.h"

#include <cjson/cJSON.h>
#include <curl/curl.h>
#include <stdio.h>
#include <string.h>

enum {
	REFRESH_MARGIN_S = 300,   /* a token with less left than this is replaced */
	LEASE_S = 15              /* how long one process may take to fetch a new one */
};

struct stored_token {
	char token[WX_TOKEN_MAX];
	int64_t expires_at, refreshing_until;
};

static int read_token(struct db *db, struct stored_token *t)
{
	sqlite3_stmt *st = db_stmt(db, "SELECT coalesce(token, ''), expires_at, refreshing_until "
	                               "FROM wx_access_token WHERE id = 1");
	if (!st)
		return SQLITE_ERROR;
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		snprintf(t->token, sizeof t->token, "%s", sqlite3_column_text(st, 0));
		t->expires_at = sqlite3_column_int64(st, 1);
		t->refreshing_until = sqlite3_column_int64(st, 2);
	}
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? SQLITE_OK : db_note_rc(db, rc);
}

static int write_token(struct db *db, const char *token, int64_t expires_at, int64_t refreshing_until)
{
	sqlite3_stmt *st = db_stmt(db, "UPDATE wx_access_token SET token = coalesce(?1, token),"
	                               " expires_at = coalesce(?2, expires_at), refreshing_until = ?3 WHERE id = 1");
	if (!st)
		return SQLITE_ERROR;
	if (token)
		sqlite3_bind_text(st, 1, token, -1, SQLITE_TRANSIENT);
	if (expires_at)
		sqlite3_bind_int64(st, 2, expires_at);
	sqlite3_bind_int64(st, 3, refreshing_until);
	return db_run(db, st);
}

static bool usable(const struct stored_token *t, const char *stale, int64_t now)
{
	return t->token[0] && t->expires_at - now > REFRESH_MARGIN_S && !(stale && strcmp(stale, t->token) == 0);
}

/* Asks WeChat for a new token.  Returns 0 with token and *expires_in. */
enum wx_status wx_token_read(const char *text, char token[WX_TOKEN_MAX], int64_t *expires_in, long *errcode)
{
	cJSON *json;
	enum wx_status st = wx_answer_read(text, &json, errcode);
	if (st == WX_OK) {
		const char *t = wx_answer_string(json, "access_token");
		cJSON *exp = cJSON_GetObjectItemCaseSensitive(json, "expires_in");
		/* WeChat's tokens live two hours; a lifetime beyond a day is not one. */
		if (t && *t && strlen(t) < WX_TOKEN_MAX && cJSON_IsNumber(exp) && exp->valuedouble >= 1 &&
		    exp->valuedouble <= 86400) {
			snprintf(token, WX_TOKEN_MAX, "%s", t);
			*expires_in = (int64_t)exp->valuedouble;
		} else {
			st = WX_TRANSPORT;
		}
	}
	cJSON_Delete(json);
	return st;
}

static int fetch_token(const struct walk_config *cfg, char token[WX_TOKEN_MAX], int64_t *expires_in)
{
	CURL *esc = curl_easy_init();
	if (!esc)
		return -1;
	char *appid_q = curl_easy_escape(esc, cfg->appid, 0);
	char *secret_q = curl_easy_escape(esc, cfg->app_secret, 0);
	struct buf url = { 0 }, body = { 0 };
	buf_printf(&url, "%s/cgi-bin/token?grant_type=client_credential&appid=%s&secret=%s", cfg->wx_api_base,
	           appid_q, secret_q);
	curl_free(appid_q);
	curl_free(secret_q);
	curl_easy_cleanup(esc);
	int rc = -1;
	if (wx_http(cfg, url.data, "token", NULL, &body) == 0) {
		long errcode;
		if (wx_token_read(buf_str(&body), token, expires_in, &errcode) == WX_OK)
			rc = 0;
		else
			log_warn("WeChat token: no token in the answer (errcode %ld)", errcode);
	}
	buf_free(&url);
	buf_free(&body);
	return rc;
}

int wx_access_token(const struct walk_config *cfg, struct db *db, const char *stale,
                    char token[WX_TOKEN_MAX])
{
	/* A copy: the caller may pass the same buffer as the stale token and the answer. */
	char stale_copy[WX_TOKEN_MAX];
	const char *stale_token = NULL;
	if (stale) {
		snprintf(stale_copy, sizeof stale_copy, "%s", stale);
		stale_token = stale_copy;
	}
	if (!sqlite3_get_autocommit(db_handle(db)))
		db_rollback(db);   /* the caller's read transaction: we need fresh data and a write */
	struct stored_token t;
	int64_t now = clock_now();
	if (read_token(db, &t) != SQLITE_OK)
		return -1;
	if (usable(&t, stale_token, now)) {
		snprintf(token, WX_TOKEN_MAX, "%s", t.token);
		return 0;
	}
	/* Take the lease, unless another process holds it. */
	bool leased = false;
	if (db_begin_write(db) == SQLITE_OK && read_token(db, &t) == SQLITE_OK) {
		if (usable(&t, stale_token, now)) {
			db_commit(db);
			snprintf(token, WX_TOKEN_MAX, "%s", t.token);
			return 0;
		}
		if (t.refreshing_until <= now && write_token(db, NULL, 0, now + LEASE_S) == SQLITE_OK)
			leased = true;
		if (db_commit(db) != SQLITE_OK) {
			db_rollback(db);
			leased = false;
		}
	} else {
		db_rollback(db);
	}
	if (!leased) {
		/* Someone else is refreshing: the old token still works for a while. */
		if (t.token[0] && t.expires_at > now && !(stale_token && strcmp(stale_token, t.token) == 0)) {
			snprintf(token, WX_TOKEN_MAX, "%s", t.token);
			return 0;
		}
		return -1;
	}
	int64_t expires_in = 0;
	int rc = fetch_token(cfg, token, &expires_in);
	/* The network call is over; store the outcome (or just release the lease). */
	if (db_begin_write(db) == SQLITE_OK &&
	    write_token(db, rc == 0 ? token : NULL, rc == 0 ? clock_now() + expires_in : 0, 0) == SQLITE_OK &&
	    db_commit(db) == SQLITE_OK)
		return rc;
	db_rollback(db);
	return rc;
}
