#ifndef WALK_STORE_USER_H
#define WALK_STORE_USER_H
/*
 * Users (WeChat identities) and our session tokens (schema 003).
 *
 * Return codes (lib/base/db.h): SQLITE_OK; DB_NOTFOUND from the lookups when
 * there is no such row (a domain answer: the caller decides what it means,
 * e.g. 401 for a token); or the SQLite error as SQLite gave it (a BUSY stays
 * BUSY, for a 503).  The writers expect the caller's write transaction; the
 * lookups run in whatever transaction the caller has open.
 */
#include <stddef.h>
#include <stdint.h>

struct db;

#include "crypto.h"

enum { SESSION_TOKEN_CHARS = CRYPTO_TOKEN_CHARS };   /* 256 bits, base64url */

/* Creates the user of openid or updates its newest session_key; *user_id gets
 * its id.  SQLITE_OK or the error (the upsert's RETURNING always gives the
 * row).  Call inside a write transaction. */
int store_user_upsert(struct db *db, const char *openid, const char *unionid, const char *session_key,
                      int64_t now, int64_t *user_id);
/* A new session for user_id: a random 256-bit token (base64url, 43 chars +
 * NUL into token), of which only the SHA-256 is stored.  SQLITE_OK or the
 * error.  Call inside a write transaction. */
int store_session_create(struct db *db, int64_t user_id, int64_t now, int64_t expires_at,
                         char token[SESSION_TOKEN_CHARS + 1]);
/* The user of a bearer token still valid at now: SQLITE_OK with *user_id,
 * DB_NOTFOUND for an unknown, malformed or expired token, or the error. */
int store_session_user(struct db *db, const char *token, int64_t now, int64_t *user_id);
/* The user's current WeChat session key (base64) into key: SQLITE_OK,
 * DB_NOTFOUND when there is no such user, or the error. */
int store_user_session_key(struct db *db, int64_t user_id, char *key, size_t size);
/* The user's openid: SQLITE_OK, DB_NOTFOUND when there is no such user, or
 * the error. */
int store_user_openid(struct db *db, int64_t user_id, char *openid, size_t size);

#endif
