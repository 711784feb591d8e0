#include "store_user.h"

#include "crypto.h"
#include "db.h"

#include <stdio.h>
#include <string.h>

int store_user_upsert(struct db *db, const char *openid, const char *unionid, const char *session_key,
                      int64_t now, int64_t *user_id)
{
	return db_get_int(db, user_id,
		"INSERT INTO users (openid, unionid, session_key, created_at, last_login_at) "
		"VALUES (?1, nullif(?2, ''), ?3, ?4, ?4) "
		"ON CONFLICT (openid) DO UPDATE SET session_key = excluded.session_key,"
		" unionid = coalesce(excluded.unionid, users.unionid), last_login_at = excluded.last_login_at "
		"RETURNING id", "ttti", openid, unionid ? unionid : "", session_key, now);
}

int store_session_create(struct db *db, int64_t user_id, int64_t now, int64_t expires_at,
                         char token[SESSION_TOKEN_CHARS + 1])
{
	char fresh[CRYPTO_TOKEN_CHARS + 1], hash[CRYPTO_SHA256_HEX_SIZE];
	crypto_new_token(fresh, hash);
	int rc = db_execf(db, "INSERT INTO sessions (token_hash, user_id, created_at, expires_at) "
	                      "VALUES (?1, ?2, ?3, ?4)", "tiii", hash, user_id, now, expires_at);
	if (rc == SQLITE_OK)
		memcpy(token, fresh, sizeof fresh);
	return rc;
}

int store_session_user(struct db *db, const char *token, int64_t now, int64_t *user_id)
{
	char hash[CRYPTO_SHA256_HEX_SIZE];
	if (!crypto_token_hash(token, hash))
		return DB_NOTFOUND;   /* not a token's shape: no session can have it */
	return db_get_int(db, user_id, "SELECT user_id FROM sessions WHERE token_hash = ?1 AND expires_at > ?2",
	                  "ti", hash, now);
}

/* One text column of the user's row into out. */
static int user_text(struct db *db, const char *sql, int64_t user_id, char *out, size_t size)
{
	sqlite3_stmt *st;
	int rc = db_row(db, &st, sql, "i", user_id);
	if (rc != SQLITE_ROW)
		return rc;
	snprintf(out, size, "%s", sqlite3_column_text(st, 0));
	return db_finish(st, rc);
}

int store_user_session_key(struct db *db, int64_t user_id, char *key, size_t size)
{
	return user_text(db, "SELECT session_key FROM users WHERE id = ?1", user_id, key, size);
}

int store_user_openid(struct db *db, int64_t user_id, char *openid, size_t size)
{
	return user_text(db, "SELECT openid FROM users WHERE id = ?1", user_id, openid, size);
}
