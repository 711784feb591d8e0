#include "store_user.h"

#include "crypto.h"
#include "db.h"

#include <stdio.h>
#include <string.h>

int store_user_upsert(struct db *db, const char *openid, const char *unionid, const char *session_key,
                      int64_t now, int64_t *user_id)
{
	sqlite3_stmt *st = db_stmt(db,
		"INSERT INTO users (openid, unionid, session_key, created_at, last_login_at) "
		"VALUES (?1, nullif(?2, ''), ?3, ?4, ?4) "
		"ON CONFLICT (openid) DO UPDATE SET session_key = excluded.session_key,"
		" unionid = coalesce(excluded.unionid, users.unionid), last_login_at = excluded.last_login_at "
		"RETURNING id");
	if (!st)
		return SQLITE_ERROR;
	sqlite3_bind_text(st, 1, openid, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, unionid ? unionid : "", -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, session_key, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 4, now);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*user_id = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? SQLITE_OK : db_note_rc(db, rc);
}

int store_session_create(struct db *db, int64_t user_id, int64_t now, int64_t expires_at,
                         char token[SESSION_TOKEN_CHARS + 1])
{
	char fresh[CRYPTO_TOKEN_CHARS + 1], hash[CRYPTO_SHA256_HEX_SIZE];
	crypto_new_token(fresh, hash);
	sqlite3_stmt *st = db_stmt(db, "INSERT INTO sessions (token_hash, user_id, created_at, expires_at) "
	                               "VALUES (?1, ?2, ?3, ?4)");
	if (!st)
		return SQLITE_ERROR;
	sqlite3_bind_text(st, 1, hash, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, user_id);
	sqlite3_bind_int64(st, 3, now);
	sqlite3_bind_int64(st, 4, expires_at);
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return db_note_rc(db, rc);
	memcpy(token, fresh, sizeof fresh);
	return SQLITE_OK;
}

int store_session_user(struct db *db, const char *token, int64_t now, int64_t *user_id)
{
	char hash[CRYPTO_SHA256_HEX_SIZE];
	if (!crypto_token_hash(token, hash))
		return SQLITE_NOTFOUND;
	sqlite3_stmt *st = db_stmt(db, "SELECT user_id FROM sessions WHERE token_hash = ?1 AND expires_at > ?2");
	if (!st)
		return SQLITE_ERROR;
	sqlite3_bind_text(st, 1, hash, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, now);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*user_id = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	if (rc == SQLITE_ROW)
		return SQLITE_OK;
	return rc == SQLITE_DONE ? SQLITE_NOTFOUND : db_note_rc(db, rc);
}

int store_user_session_key(struct db *db, int64_t user_id, char *key, size_t size)
{
	sqlite3_stmt *st = db_stmt(db, "SELECT session_key FROM users WHERE id = ?1");
	if (!st)
		return SQLITE_ERROR;
	sqlite3_bind_int64(st, 1, user_id);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		snprintf(key, size, "%s", sqlite3_column_text(st, 0));
	sqlite3_reset(st);
	if (rc == SQLITE_ROW)
		return SQLITE_OK;
	return rc == SQLITE_DONE ? SQLITE_NOTFOUND : db_note_rc(db, rc);
}

int store_user_openid(struct db *db, int64_t user_id, char *openid, size_t size)
{
	sqlite3_stmt *st = db_stmt(db, "SELECT openid FROM users WHERE id = ?1");
	if (!st)
		return SQLITE_ERROR;
	sqlite3_bind_int64(st, 1, user_id);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		snprintf(openid, size, "%s", sqlite3_column_text(st, 0));
	sqlite3_reset(st);
	if (rc == SQLITE_ROW)
		return SQLITE_OK;
	return rc == SQLITE_DONE ? SQLITE_NOTFOUND : db_note_rc(db, rc);
}
