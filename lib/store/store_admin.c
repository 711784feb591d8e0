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

/* Runs a bound one-row lookup of ACCOUNT_COLUMNS into out. */
static int fetch_account(struct db *db, sqlite3_stmt *st, struct admin_account *out)
{
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		read_account(st, 0, out);
	sqlite3_reset(st);
	if (rc == SQLITE_ROW)
		return SQLITE_OK;
	return rc == SQLITE_DONE ? SQLITE_NOTFOUND : db_note_rc(db, rc);
}

int store_admin_by_name(struct db *db, const char *username, struct admin_account *out)
{
	sqlite3_stmt *st = db_stmt(db, "SELECT " ACCOUNT_COLUMNS " FROM admins a WHERE a.username = ?1");
	if (!st)
		return SQLITE_ERROR;
	sqlite3_bind_text(st, 1, username, -1, SQLITE_STATIC);
	return fetch_account(db, st, out);
}

int store_admin_by_id(struct db *db, int64_t id, struct admin_account *out)
{
	sqlite3_stmt *st = db_stmt(db, "SELECT " ACCOUNT_COLUMNS " FROM admins a WHERE a.id = ?1");
	if (!st)
		return SQLITE_ERROR;
	sqlite3_bind_int64(st, 1, id);
	return fetch_account(db, st, out);
}

/* Steps a bound write statement to its end. */
static int run_write(struct db *db, sqlite3_stmt *st)
{
	return db_run(db, st);
}

int store_admin_add(struct db *db, const struct admin_account *a, int64_t now, int64_t *id)
{
	/* A union admin's union must be one of the 23 top-level unions, not the root. */
	sqlite3_stmt *st = db_stmt(db,
		"INSERT INTO admins (username, role, union_code, password_hash, disabled, created_at, updated_at) "
		"SELECT ?1, ?2, nullif(?3, ''), ?4, ?5, ?6, ?6 "
		"WHERE ?3 = '' OR EXISTS (SELECT 1 FROM unions WHERE code = ?3 AND parent_code IS NOT NULL)");
	if (!st)
		return SQLITE_ERROR;
	sqlite3_bind_text(st, 1, a->username, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, admin_role_name(a->role), -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, a->role == ADMIN_UNION ? a->union_code : "", -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, a->password_hash, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 5, a->disabled);
	sqlite3_bind_int64(st, 6, now);
	int rc = run_write(db, st);
	if (rc != SQLITE_OK)
		return rc;
	if (sqlite3_changes(db_handle(db)) != 1)
		return SQLITE_CONSTRAINT;   /* not a top-level union */
	*id = sqlite3_last_insert_rowid(db_handle(db));
	return SQLITE_OK;
}

int store_admin_set_password(struct db *db, int64_t id, const char *password_hash, int64_t now)
{
	sqlite3_stmt *st = db_stmt(db, "UPDATE admins SET password_hash = ?2, updated_at = ?3 WHERE id = ?1");
	if (!st)
		return SQLITE_ERROR;
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_text(st, 2, password_hash, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 3, now);
	return run_write(db, st);
}

int store_admin_set_disabled(struct db *db, int64_t id, bool disabled, int64_t now)
{
	sqlite3_stmt *st = db_stmt(db, "UPDATE admins SET disabled = ?2, updated_at = ?3 WHERE id = ?1");
	if (!st)
		return SQLITE_ERROR;
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_int(st, 2, disabled);
	sqlite3_bind_int64(st, 3, now);
	return run_write(db, st);
}

int store_admin_each(struct db *db, void (*fn)(const struct admin_account *a, void *arg), void *arg)
{
	sqlite3_stmt *st = db_stmt(db, "SELECT " ACCOUNT_COLUMNS " FROM admins a ORDER BY a.username");
	if (!st)
		return SQLITE_ERROR;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct admin_account a;
		read_account(st, 0, &a);
		fn(&a, arg);
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? SQLITE_OK : db_note_rc(db, rc);
}

int store_admin_session_create(struct db *db, int64_t admin_id, int64_t now, const char *remote_addr,
                               char token[CRYPTO_TOKEN_CHARS + 1])
{
	char fresh[CRYPTO_TOKEN_CHARS + 1], hash[CRYPTO_SHA256_HEX_SIZE];
	crypto_new_token(fresh, hash);
	sqlite3_stmt *st = db_stmt(db, "INSERT INTO admin_sessions (token_hash, admin_id, created_at, last_seen_at,"
	                               " remote_addr) VALUES (?1, ?2, ?3, ?3, ?4)");
	if (!st)
		return SQLITE_ERROR;
	sqlite3_bind_text(st, 1, hash, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, admin_id);
	sqlite3_bind_int64(st, 3, now);
	sqlite3_bind_text(st, 4, remote_addr, -1, SQLITE_STATIC);
	int rc = run_write(db, st);
	if (rc == SQLITE_OK)
		memcpy(token, fresh, sizeof fresh);
	return rc;
}

int store_admin_session_find(struct db *db, const char *token, struct admin_session_row *out)
{
	char hash[CRYPTO_SHA256_HEX_SIZE];
	if (!crypto_token_hash(token, hash))
		return SQLITE_NOTFOUND;
	sqlite3_stmt *st = db_stmt(db, "SELECT " ACCOUNT_COLUMNS ", s.created_at, s.last_seen_at "
	                               "FROM admin_sessions s JOIN admins a ON a.id = s.admin_id "
	                               "WHERE s.token_hash = ?1");
	if (!st)
		return SQLITE_ERROR;
	sqlite3_bind_text(st, 1, hash, -1, SQLITE_STATIC);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		read_account(st, 0, &out->account);
		out->created_at = sqlite3_column_int64(st, 8);
		out->last_seen_at = sqlite3_column_int64(st, 9);
		memcpy(out->token_hash, hash, sizeof hash);
	}
	sqlite3_reset(st);
	if (rc == SQLITE_ROW)
		return SQLITE_OK;
	return rc == SQLITE_DONE ? SQLITE_NOTFOUND : db_note_rc(db, rc);
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
	sqlite3_stmt *st = db_stmt(db, "UPDATE admin_sessions SET last_seen_at = max(last_seen_at, ?2) "
	                               "WHERE token_hash = ?1");
	if (!st)
		return SQLITE_ERROR;
	sqlite3_bind_text(st, 1, token_hash, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, now);
	return run_write(db, st);
}

int store_admin_session_delete(struct db *db, const char *token_hash)
{
	sqlite3_stmt *st = db_stmt(db, "DELETE FROM admin_sessions WHERE token_hash = ?1");
	if (!st)
		return SQLITE_ERROR;
	sqlite3_bind_text(st, 1, token_hash, -1, SQLITE_STATIC);
	return run_write(db, st);
}

int store_admin_sessions_end(struct db *db, int64_t admin_id, const char *keep_hash)
{
	sqlite3_stmt *st = db_stmt(db, "DELETE FROM admin_sessions WHERE admin_id = ?1 AND token_hash <> ?2");
	if (!st)
		return SQLITE_ERROR;
	sqlite3_bind_int64(st, 1, admin_id);
	sqlite3_bind_text(st, 2, keep_hash ? keep_hash : "", -1, SQLITE_STATIC);
	return run_write(db, st);
}

int store_admin_sessions_purge(struct db *db, int64_t now)
{
	sqlite3_stmt *st = db_stmt(db, "DELETE FROM admin_sessions WHERE last_seen_at <= ?1 OR created_at <= ?2");
	if (!st)
		return SQLITE_ERROR;
	sqlite3_bind_int64(st, 1, now - ADMIN_SESSION_IDLE_S);
	sqlite3_bind_int64(st, 2, now - ADMIN_SESSION_MAX_S);
	return run_write(db, st);
}

void admin_csrf_of(const char *token, char csrf[CRYPTO_SHA256_HEX_SIZE])
{
	char input[16 + CRYPTO_TOKEN_CHARS + 1];
	snprintf(input, sizeof input, "walk-admin-csrf:%s", token);
	crypto_sha256_hex(input, strlen(input), csrf);
}
