#include "store_user.h"

#include "crypto.h"
#include "db.h"

#include <mbedtls/platform_util.h>
#include <stdio.h>
#include <string.h>

/* The place a session key is sealed for (store_user.h): false if openid is
 * too long to name one. */
static bool key_place(const char *openid, char ad[SEALED_AD_MAX + 1])
{
	int n = snprintf(ad, SEALED_AD_MAX + 1, "users.session_key:%s", openid);
	return n > 0 && n <= SEALED_AD_MAX;
}

/* The sealed form of key for the user of openid.  SQLITE_OK or SQLITE_TOOBIG. */
static int seal_key(struct sealer *s, const char *openid, const char *key, char out[STORE_USER_STORED_KEY_SIZE])
{
	char ad[SEALED_AD_MAX + 1];
	size_t n = strlen(key);
	if (n > STORE_USER_KEY_MAX || !key_place(openid, ad))
		return SQLITE_TOOBIG;
	return sealed_seal(s, ad, key, n, out, STORE_USER_STORED_KEY_SIZE) == 0 ? SQLITE_OK : SQLITE_TOOBIG;
}

int store_user_upsert(struct db *db, struct sealer *s, const char *openid, const char *unionid,
                      const char *session_key, int64_t now, int64_t *user_id)
{
	char sealed[STORE_USER_STORED_KEY_SIZE];
	int rc = seal_key(s, openid, session_key, sealed);
	if (rc != SQLITE_OK)
		return rc;
	return db_get_int(db, user_id,
		"INSERT INTO users (openid, unionid, session_key, created_at, last_login_at) "
		"VALUES (?1, nullif(?2, ''), ?3, ?4, ?4) "
		"ON CONFLICT (openid) DO UPDATE SET session_key = excluded.session_key,"
		" unionid = coalesce(excluded.unionid, users.unionid), last_login_at = excluded.last_login_at "
		"RETURNING id", "ttti", openid, unionid ? unionid : "", sealed, now);
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

/* Whether stored is a session key as WeChat gives it and rows from before
 * sealing hold it: base64 of exactly 16 bytes. */
static bool key_in_clear(const char *stored)
{
	unsigned char raw[16];
	bool is_key = strlen(stored) == 24 && crypto_base64_decode(stored, 24, raw, sizeof raw) == 16;
	mbedtls_platform_zeroize(raw, sizeof raw);
	return is_key;
}

/* The session key of the user of openid from its stored form, into key. */
static int open_key(struct sealer *s, const char *openid, const char *stored, char *key, size_t size,
                    const char **why)
{
	char ad[SEALED_AD_MAX + 1];
	size_t len;
	enum sealed_status st = key_place(openid, ad) ? sealed_open(s, ad, stored, key, size, &len)
	                                               : SEALED_MALFORMED;
	if (st == SEALED_OK)
		return SQLITE_OK;
	if (st == SEALED_NOT_SEALED && key_in_clear(stored) && strlen(stored) < size) {
		memcpy(key, stored, strlen(stored) + 1);
		return SQLITE_OK;
	}
	mbedtls_platform_zeroize(key, size);
	if (why)
		*why = st == SEALED_NOT_SEALED ? "neither sealed nor a session key in the clear"
		                               : sealed_status_text(st);
	return STORE_USER_KEY_UNREADABLE;
}

int store_user_session_key(struct db *db, struct sealer *s, int64_t user_id, char *key, size_t size,
                           const char **why)
{
	sqlite3_stmt *st;
	int rc = db_row(db, &st, "SELECT openid, session_key FROM users WHERE id = ?1", "i", user_id);
	if (rc != SQLITE_ROW)
		return rc;
	rc = open_key(s, (const char *)sqlite3_column_text(st, 0), (const char *)sqlite3_column_text(st, 1), key,
	              size, why);
	int finished = db_finish(st, SQLITE_ROW);
	return finished != SQLITE_OK ? finished : rc;
}

int store_user_openid(struct db *db, int64_t user_id, char *openid, size_t size)
{
	return user_text(db, "SELECT openid FROM users WHERE id = ?1", user_id, openid, size);
}

int store_user_keys_to_seal(struct db *db, struct sealer *s, int limit, struct user_key_page *page)
{
	sqlite3_stmt *st;
	int rc = db_prepare(db, &st, "SELECT id, openid, session_key FROM users WHERE id > ?1 ORDER BY id LIMIT ?2",
	                    "in", page->after_id, limit);
	page->read = page->left = page->n = 0;
	if (rc != SQLITE_OK)
		return rc;
	while ((rc = db_step(db, st)) == SQLITE_ROW) {
		int64_t id = sqlite3_column_int64(st, 0);
		const char *openid = (const char *)sqlite3_column_text(st, 1);
		const char *stored = (const char *)sqlite3_column_text(st, 2);
		page->after_id = id;
		page->read++;
		if (!stored[0] || strncmp(stored, s->header, SEALED_HEADER_CHARS) == 0)
			continue;   /* sealed under this key, or emptied: nothing to do */
		struct user_key_to_seal *k = &page->keys[page->n];
		char opened[STORE_USER_KEY_MAX + 1], ad[SEALED_AD_MAX + 1];
		const char *key = sealed_has_version(stored) ? NULL : stored;
		size_t n;
		/* Under the key a rotation moves away from: opened, to be resealed. */
		if (!key && s->previous && strncmp(stored, s->previous->header, SEALED_HEADER_CHARS) == 0 &&
		    key_place(openid, ad) && sealed_open(s, ad, stored, opened, sizeof opened, &n) == SEALED_OK)
			key = opened;
		if (!key || strlen(key) > STORE_USER_KEY_MAX || strlen(stored) >= sizeof k->clear
		    || seal_key(s, openid, key, k->sealed) != SQLITE_OK) {
			page->left++;
			continue;
		}
		mbedtls_platform_zeroize(opened, sizeof opened);
		k->id = id;
		memcpy(k->clear, stored, strlen(stored) + 1);
		page->n++;
	}
	return db_finish(st, rc);
}

int store_user_key_replace(struct db *db, const struct user_key_to_seal *k, bool *replaced)
{
	int rc = db_execf(db, "UPDATE users SET session_key = ?2 WHERE id = ?1 AND session_key = ?3", "itt", k->id,
	                  k->sealed, k->clear);
	*replaced = rc == SQLITE_OK && sqlite3_changes(db_handle(db)) == 1;
	return rc;
}
