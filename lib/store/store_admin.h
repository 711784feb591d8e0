#ifndef WALK_STORE_ADMIN_H
#define WALK_STORE_ADMIN_H
/*
 * Admin accounts and their cookie sessions (schema 007, RULES §12).
 *
 * An account has a role: ADMIN_PROVINCE sees everything, ADMIN_UNION sees one
 * top-level union (union_code).  Sessions are random 256-bit tokens, of which
 * only the SHA-256 is stored; a session lives ADMIN_SESSION_IDLE_S without a
 * request and ADMIN_SESSION_MAX_S at most.
 *
 * Return codes (lib/base/db.h): SQLITE_OK; DB_NOTFOUND from the lookups of one
 * row (by name, by id, a session) when there is none; SQLITE_CONSTRAINT where
 * said below; else the SQLite error as SQLite gave it (a BUSY stays BUSY).
 * Writers expect the caller's write transaction, and so does a lookup whose
 * answer decides a write; other lookups run in the caller's read transaction.
 */
#include "crypto.h"
#include "password.h"

#include <cjson/cJSON.h>
#include "validate.h"

#include <stdbool.h>
#include <stdint.h>

struct db;

enum admin_role { ADMIN_PROVINCE, ADMIN_UNION };

enum {
	ADMIN_USERNAME_MAX = 32,
	ADMIN_SESSION_IDLE_S = 2 * 3600,    /* two hours without a request */
	ADMIN_SESSION_MAX_S = 12 * 3600,    /* a working day, however busy */
	ADMIN_SESSION_TOUCH_S = 60,         /* last_seen_at is rewritten at most once a minute */
};

struct admin_account {
	int64_t id;
	char username[ADMIN_USERNAME_MAX + 1];
	enum admin_role role;
	char union_code[UNION_CODE_SIZE];                 /* "" for ADMIN_PROVINCE */
	char password_hash[PASSWORD_HASH_BUF];
	bool disabled;
	int64_t created_at, updated_at;
};

/* {"username","role","union"} ("union" null for the province): how an
 * account is shown, in answers and in the audit log (never its hash). */
cJSON *admin_account_json(const struct admin_account *a);
/* "province" / "union"; admin_role_parse() accepts exactly those. */
const char *admin_role_name(enum admin_role role);
bool admin_role_parse(const char *s, enum admin_role *out);
/* 3 to 32 characters of a-z, 0-9, '.', '_', '-', starting with a letter or a
 * digit: lower case only, so that no two names differ by case alone. */
bool admin_username_valid(const char *s);

int store_admin_by_name(struct db *db, const char *username, struct admin_account *out);
int store_admin_by_id(struct db *db, int64_t id, struct admin_account *out);
/* Inserts a (id ignored; *id receives the new one).  SQLITE_CONSTRAINT when the
 * username is taken or the union is not a top-level union. */
int store_admin_add(struct db *db, const struct admin_account *a, int64_t now, int64_t *id);
int store_admin_set_password(struct db *db, int64_t id, const char *password_hash, int64_t now);
int store_admin_set_disabled(struct db *db, int64_t id, bool disabled, int64_t now);
/* Every account, by username. */
int store_admin_each(struct db *db, void (*fn)(const struct admin_account *a, void *arg), void *arg);

/* A new session of admin_id from remote_addr: the token (43 base64url chars)
 * goes into token, only its hash into the database. */
int store_admin_session_create(struct db *db, int64_t admin_id, int64_t now, const char *remote_addr,
                               char token[CRYPTO_TOKEN_CHARS + 1]);

struct admin_session_row {
	char token_hash[CRYPTO_SHA256_HEX_SIZE];
	int64_t created_at, last_seen_at;
	struct admin_account account;
};
/* The session of a cookie token and its account, whatever their state: the
 * caller decides with admin_session_alive().  DB_NOTFOUND for a token of the
 * wrong shape or unknown. */
int store_admin_session_find(struct db *db, const char *token, struct admin_session_row *out);
/* Whether a session may serve at now: account enabled, idle less than
 * ADMIN_SESSION_IDLE_S, younger than ADMIN_SESSION_MAX_S. */
bool admin_session_alive(const struct admin_session_row *s, int64_t now);
/* Whether last_seen_at is old enough to be worth rewriting (one write a
 * minute per session, not one per request). */
bool admin_session_needs_touch(const struct admin_session_row *s, int64_t now);
int store_admin_session_touch(struct db *db, const char *token_hash, int64_t now);
int store_admin_session_delete(struct db *db, const char *token_hash);
/* Ends every session of an account (disabled, or its password changed) but
 * the one of keep_hash (NULL: none kept). */
int store_admin_sessions_end(struct db *db, int64_t admin_id, const char *keep_hash);
/* Removes the sessions that can no longer serve at now. */
int store_admin_sessions_purge(struct db *db, int64_t now);

/* The CSRF token of a session: hex SHA-256 of a fixed label and the cookie
 * token.  Derived, not stored: only the cookie's holder can know it, and the
 * page can ask for it again (GET /admin/api/session) after a reload. */
void admin_csrf_of(const char *token, char csrf[CRYPTO_SHA256_HEX_SIZE]);

#endif
