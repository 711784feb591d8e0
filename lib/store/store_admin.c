#include "store_admin.h"

#include "crypto.h"
#include "db.h"

#include <stdio.h>
#include <string.h>

const char *admin_role_name(enum admin_role role)
{
	return role == ADMIN_PROVINCE ? "province" : "union";
}

cJSON *admin_account_json(const struct admin_account *a)
{
	cJSON *o = cJSON_CreateObject();
	cJSON_AddStringToObject(o, "username", a->username);
	cJSON_AddStringToObject(o, "role", admin_role_name(a->role));
	if (a->role == ADMIN_UNION)
		cJSON_AddStringToObject(o, "union", a->union_code);
	else
		cJSON_AddNullToObject(o, "union");
	return o;
}

bool admin_role_parse(const char *s, enum admin_role *out)
{
	if (strcmp(s, "province") == 0)
		*out = ADMIN_PROVINCE;
	else if (strcmp(s, "union") == 0)
		*out = ADMIN_UNION;
	else
		return false;
	return true;
}

bool admin_username_valid(const char *s)
{
	size_t n = strlen(s);
	if (n < 3 || n > ADMIN_USERNAME_MAX)
		return false;
	if (!((s[0] >= 'a' && s[0] <= 'z') || (s[0] >= '0' && s[0] <= '9')))
		return false;
	return strspn(s, "abcdefghijklmnopqrstuvwxyz0123456789._-") == n;
}

#define ACCOUNT_COLUMNS "a.id, a.username, a.role, coalesce(a.union_code, ''), a.password_hash, a.disabled, " \
                        "a.created_at, a.updated_at"

/* Reads ACCOUNT_COLUMNS starting at column col. */
static void read_account(sqlite3_stmt *st, int col, struct admin_account *a)
{
	memset(a, 0, sizeof *a);
	a->id = sqlite3_column_int64(st, col);
	snprintf(a->username, sizeof a->username, "%s", sqlite3_column_text(st, col + 1));
	admin_role_parse((const char *)sqlite3_column_text(st, col + 2), &a->role);
	snprintf(a->union_code, sizeof a->union_code, "%s", sqlite3_column_text(st, col + 3));
	snprintf(a->password_hash, sizeof a->password_hash, "%s", sqlite3_column_text(st, col + 4));
	a->disabled = sqlite3_column_int(st, col + 5) != 0;
	a->created_at = sqlite3_column_int64(st, col + 6);
	a->updated_at = sqlite3_column_int64(st, col + 7);
}

/* The answer of a one-account lookup whose db_row() gave rc: the account read
 * into out (and st reset) when there is a row, else rc as it is. */
static int account_found(int rc, sqlite3_stmt *st, struct admin_account *out)
{
	if (rc != SQLITE_ROW)
		return rc;
	read_account(st, 0, out);
	return db_finish(st, rc);
}

int store_admin_by_name(struct db *db, const char *username, struct admin_account *out)
{
	sqlite3_stmt *st;
	int rc = db_row(db, &st, "SELECT " ACCOUNT_COLUMNS " FROM admins a WHERE a.username = ?1", "t", username);
	return account_found(rc, st, out);
}

int store_admin_by_id(struct db *db, int64_t id, struct admin_account *out)
{
	sqlite3_stmt *st;
	int rc = db_row(db, &st, "SELECT " ACCOUNT_COLUMNS " FROM admins a WHERE a.id = ?1", "i", id);
	return account_found(rc, st, out);
}

int store_admin_add(struct db *db, const struct admin_account *a, int64_t now, int64_t *id)
{
	/* A union admin's union must be one of the 23 top-level unions, not the root. */
	int rc = db_execf(db,
		"INSERT INTO admins (username, role, union_code, password_hash, disabled, created_at, updated_at) "
		"SELECT ?1, ?2, nullif(?3, ''), ?4, ?5, ?6, ?6 "
		"WHERE ?3 = '' OR EXISTS (SELECT 1 FROM unions WHERE code = ?3 AND parent_code IS NOT NULL)",
		"ttttni", a->username, admin_role_name(a->role), a->role == ADMIN_UNION ? a->union_code : "",
		a->password_hash, a->disabled ? 1 : 0, now);
	if (rc != SQLITE_OK)
		return rc;
	if (sqlite3_changes(db_handle(db)) != 1)
		return SQLITE_CONSTRAINT;   /* not a top-level union */
	*id = sqlite3_last_insert_rowid(db_handle(db));
	return SQLITE_OK;
}

int store_admin_set_password(struct db *db, int64_t id, const char *password_hash, int64_t now)
{
	return db_execf(db, "UPDATE admins SET password_hash = ?2, updated_at = ?3 WHERE id = ?1",
	                "iti", id, password_hash, now);
}

int store_admin_set_disabled(struct db *db, int64_t id, bool disabled, int64_t now)
{
	return db_execf(db, "UPDATE admins SET disabled = ?2, updated_at = ?3 WHERE id = ?1",
	                "ini", id, disabled ? 1 : 0, now);
}

int store_admin_each(struct db *db, void (*fn)(const struct admin_account *a, void *arg), void *arg)
{
	sqlite3_stmt *st;
	int rc = db_prepare(db, &st, "SELECT " ACCOUNT_COLUMNS " FROM admins a ORDER BY a.username", "");
	if (rc != SQLITE_OK)
		return rc;
	while ((rc = db_step(db, st)) == SQLITE_ROW) {
		struct admin_account a;
		read_account(st, 0, &a);
		fn(&a, arg);
	}
	return db_finish(st, rc);
}

int store_admin_session_create(struct db *db, int64_t admin_id, int64_t now, const char *remote_addr,
                               char token[CRYPTO_TOKEN_CHARS + 1])
{
	char fresh[CRYPTO_TOKEN_CHARS + 1], hash[CRYPTO_SHA256_HEX_SIZE];
	crypto_new_token(fresh, hash);
	int rc = db_execf(db, "INSERT INTO admin_sessions (token_hash, admin_id, created_at, last_seen_at,"
	                      " remote_addr) VALUES (?1, ?2, ?3, ?3, ?4)", "tiit", hash, admin_id, now, remote_addr);
	if (rc == SQLITE_OK)
		memcpy(token, fresh, sizeof fresh);
	return rc;
}

int store_admin_session_find(struct db *db, const char *token, struct admin_session_row *out)
{
	char hash[CRYPTO_SHA256_HEX_SIZE];
	if (!crypto_token_hash(token, hash))
		return DB_NOTFOUND;   /* not a token's shape: no session can have it */
	sqlite3_stmt *st;
	int rc = db_row(db, &st, "SELECT " ACCOUNT_COLUMNS ", s.created_at, s.last_seen_at "
	                         "FROM admin_sessions s JOIN admins a ON a.id = s.admin_id "
	                         "WHERE s.token_hash = ?1", "t", hash);
	if (rc != SQLITE_ROW)
		return rc;
	read_account(st, 0, &out->account);
	out->created_at = sqlite3_column_int64(st, 8);
	out->last_seen_at = sqlite3_column_int64(st, 9);
	memcpy(out->token_hash, hash, sizeof hash);
	return db_finish(st, rc);
}

bool admin_session_alive(const struct admin_session_row *s, int64_t now)
{
	return !s->account.disabled && now - s->last_seen_at < ADMIN_SESSION_IDLE_S &&
	       now - s->created_at < ADMIN_SESSION_MAX_S;
}

bool admin_session_needs_touch(const struct admin_session_row *s, int64_t now)
{
	return now - s->last_seen_at >= ADMIN_SESSION_TOUCH_S;
}

int store_admin_session_touch(struct db *db, const char *token_hash, int64_t now)
{
	/* max(): a clock moved back in a test never shortens a session. */
	return db_execf(db, "UPDATE admin_sessions SET last_seen_at = max(last_seen_at, ?2) WHERE token_hash = ?1",
	                "ti", token_hash, now);
}

int store_admin_session_delete(struct db *db, const char *token_hash)
{
	return db_execf(db, "DELETE FROM admin_sessions WHERE token_hash = ?1", "t", token_hash);
}

int store_admin_sessions_end(struct db *db, int64_t admin_id, const char *keep_hash)
{
	return db_execf(db, "DELETE FROM admin_sessions WHERE admin_id = ?1 AND token_hash <> ?2",
	                "it", admin_id, keep_hash ? keep_hash : "");
}

int store_admin_sessions_purge(struct db *db, int64_t now)
{
	return db_execf(db, "DELETE FROM admin_sessions WHERE last_seen_at <= ?1 OR created_at <= ?2",
	                "ii", now - ADMIN_SESSION_IDLE_S, now - ADMIN_SESSION_MAX_S);
}

void admin_csrf_of(const char *token, char csrf[CRYPTO_SHA256_HEX_SIZE])
{
	char input[16 + CRYPTO_TOKEN_CHARS + 1];
	snprintf(input, sizeof input, "walk-admin-csrf:%s", token);
	crypto_sha256_hex(input, strlen(input), csrf);
}
