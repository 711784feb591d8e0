#ifndef WALK_STORE_USER_H
#define WALK_STORE_USER_H
/*
 * Users (WeChat identities) and our session tokens (schema 003).
 *
 * A user's WeChat session key decrypts their WeRun data: whoever holds it can
 * make step data that the sync accepts.  It is therefore stored sealed
 * (sealed.h) under the data key, bound to the user's openid: the additional
 * data is "users.session_key:<openid>" (the openid, not the id, because the
 * upsert seals before it knows whether the row and its id exist yet; openids
 * never change).  Rows written before sealing hold WeChat's base64 text in the
 * clear: they are read as they are until `walkctl migrate` seals them
 * (store_user_seal.h), and a login replaces them anyway.
 *
 * Return codes (lib/base/db.h): SQLITE_OK; DB_NOTFOUND from the lookups when
 * there is no such row (a domain answer: the caller decides what it means,
 * e.g. 401 for a token); STORE_USER_KEY_UNREADABLE (below); or the SQLite
 * error as SQLite gave it (a BUSY stays BUSY, for a 503).  The writers expect
 * the caller's write transaction; the lookups run in whatever transaction the
 * caller has open.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct db;

#include "crypto.h"
#include "sealed.h"

/* The user's stored session key does not open: sealed under another data key,
 * tampered with, moved from another user's row, or in no form this program
 * knows.  A domain answer outside SQLite's codes and DB_NOTFOUND: the key is
 * unusable, and a new login replaces it. */
#define STORE_USER_KEY_UNREADABLE (-2)

/* The longest session key stored, in bytes (WeChat's are 24). */
enum { STORE_USER_KEY_MAX = 63 };
/* The size of a stored (sealed) session key, its NUL included. */
enum { STORE_USER_STORED_KEY_SIZE = SEALED_TEXT_SIZE(STORE_USER_KEY_MAX) };

enum { SESSION_TOKEN_CHARS = CRYPTO_TOKEN_CHARS };   /* 256 bits, base64url */

/* Creates the user of openid or updates its newest session_key, which is
 * stored sealed by s; *user_id gets its id.  SQLITE_OK, SQLITE_TOOBIG for a
 * session key longer than STORE_USER_KEY_MAX or an openid too long to seal
 * for, or the error (the upsert's RETURNING always gives the row).  Call
 * inside a write transaction. */
int store_user_upsert(struct db *db, struct sealer *s, const char *openid, const char *unionid,
                      const char *session_key, int64_t now, int64_t *user_id);
/* A new session for user_id: a random 256-bit token (base64url, 43 chars +
 * NUL into token), of which only the SHA-256 is stored.  SQLITE_OK or the
 * error.  Call inside a write transaction. */
int store_session_create(struct db *db, int64_t user_id, int64_t now, int64_t expires_at,
                         char token[SESSION_TOKEN_CHARS + 1]);
/* The user of a bearer token still valid at now: SQLITE_OK with *user_id,
 * DB_NOTFOUND for an unknown, malformed or expired token, or the error. */
int store_session_user(struct db *db, const char *token, int64_t now, int64_t *user_id);
/* The user's current WeChat session key (base64, as WeChat sent it) into key,
 * opened by s, or read as it is when the row is from before sealing and holds
 * what WeChat gives (base64 of exactly 16 bytes, 24 characters).  Returns
 * SQLITE_OK; DB_NOTFOUND when there is no such user; STORE_USER_KEY_UNREADABLE
 * for a value that does not open or is in neither form, with *why (if why is
 * not NULL) a static text saying which, for the log; or the error.  Nothing
 * of an unreadable value is left in key.  size should be at least
 * STORE_USER_KEY_MAX + 1.  A read: it never seals a row from before sealing
 * on the spot (the sync, the hottest route, would then take the write lock;
 * store_user_seal.h does it in chunks). */
int store_user_session_key(struct db *db, struct sealer *s, int64_t user_id, char *key, size_t size,
                           const char **why);
/* The user's openid: SQLITE_OK, DB_NOTFOUND when there is no such user, or
 * the error. */
int store_user_openid(struct db *db, int64_t user_id, char *openid, size_t size);

/* ------------------------------------------- sealing rows from before sealing */

/* A user whose session key is still in the clear, with the sealed form it is
 * to take. */
struct user_key_to_seal {
	int64_t id;
	char clear[STORE_USER_STORED_KEY_SIZE];         /* the value in the row now (clear, or under s->previous) */
	char sealed[STORE_USER_STORED_KEY_SIZE];        /* what replaces it */
};

/* One page of users in id order, for the sealing of old rows. */
struct user_key_page {
	int64_t after_id;     /* in: the page starts after this user id; out: the last id read */
	int read;             /* users read: fewer than the page's limit on the last page */
	int left;             /* keys neither in the clear nor sealed under s: left as they are */
	int n;                /* keys in the clear, each sealed into keys[] */
	struct user_key_to_seal *keys;   /* the caller's array of at least `limit` entries */
};

/* Reads up to limit users after page->after_id, in id order, and prepares
 * the sealing of each key still in the clear (a value without a version tag,
 * sealed_has_version; any such value of at most STORE_USER_KEY_MAX bytes,
 * whatever its shape, so that it reads the same once sealed), and of each
 * key sealed under s->previous (a key rotation, store_pii_migrate.h).  Keys
 * sealed under s and emptied ones (an erasure, a purge) are skipped; the others (another data key, an unknown format, a
 * value in the clear too long to be a key) are counted in page->left.  Writes
 * nothing.  SQLITE_OK or the error. */
int store_user_keys_to_seal(struct db *db, struct sealer *s, int limit, struct user_key_page *page);
/* Replaces user id's session key by k->sealed if it still is k->clear (a
 * login since the page was read has sealed a newer key, which stays):
 * *replaced says whether it did.  SQLITE_OK or the error.  Call inside a
 * write transaction. */
int store_user_key_replace(struct db *db, const struct user_key_to_seal *k, bool *replaced);

#endif
