#ifndef WALK_STORE_USER_H
#define WALK_STORE_USER_H
/* Users (WeChat identities) and our session tokens (schema 003). */
#include <stddef.h>
#include <stdint.h>

struct db;

#include "crypto.h"

enum { SESSION_TOKEN_CHARS = CRYPTO_TOKEN_CHARS };   /* 256 bits, base64url */

/* Creates the user of openid or updates its newest session_key; *user_id gets
 * its id.  Returns an SQLite code.  Call inside a write transaction. */
int store_user_upsert(struct db *db, const char *openid, const char *unionid, const char *session_key,
                      int64_t now, int64_t *user_id);
/* A new session for user_id: a random 256-bit token (base64url, 43 chars +
 * NUL into token), of which only the SHA-256 is stored.  Returns an SQLite code. */
int store_session_create(struct db *db, int64_t user_id, int64_t now, int64_t expires_at,
                         char token[SESSION_TOKEN_CHARS + 1]);
/* The user of a bearer token still valid at now: SQLITE_OK with *user_id,
 * SQLITE_NOTFOUND for an unknown or expired token, or an SQLite error. */
int store_session_user(struct db *db, const char *token, int64_t now, int64_t *user_id);
/* The user's current WeChat session key (base64) into key.  Returns SQLITE_OK,
 * SQLITE_NOTFOUND, or an SQLite error. */
int store_user_session_key(struct db *db, int64_t user_id, char *key, size_t size);

/* The user's openid.  SQLITE_OK, SQLITE_NOTFOUND, or an SQLite error. */
int store_user_openid(struct db *db, int64_t user_id, char *openid, size_t size);

#endif
