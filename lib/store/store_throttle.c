#include "store_throttle.h"

#include "db.h"

#include <stdio.h>

int64_t throttle_delay(int64_t failures)
{
	if (failures < THROTTLE_FREE_FAILURES)
		return 0;
	int64_t delay = THROTTLE_BASE_S;
	for (int64_t i = THROTTLE_FREE_FAILURES; i < failures && delay < THROTTLE_MAX_S; i++)
		delay *= 2;
	return delay < THROTTLE_MAX_S ? delay : THROTTLE_MAX_S;
}

static const char *kind_name(enum throttle_kind kind)
{
	return kind == THROTTLE_USER ? "user" : "addr";
}

/* Binds ?1 kind and ?2 key (cut to THROTTLE_KEY_MAX bytes). */
static void bind_key(sqlite3_stmt *st, enum throttle_kind kind, const char *key)
{
	char cut[THROTTLE_KEY_MAX + 1];
	snprintf(cut, sizeof cut, "%s", key);
	sqlite3_bind_text(st, 1, kind_name(kind), -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, cut, -1, SQLITE_TRANSIENT);
}

int store_throttle_blocked_until(struct db *db, enum throttle_kind kind, const char *key, int64_t *until)
{
	sqlite3_stmt *st = db_stmt(db, "SELECT blocked_until FROM admin_login_failures WHERE kind = ?1 AND key = ?2");
	if (!st)
		return SQLITE_ERROR;
	bind_key(st, kind, key);
	int rc = sqlite3_step(st);
	*until = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
	sqlite3_reset(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? SQLITE_OK : db_note_rc(db, rc);
}

int store_throttle_fail(struct db *db, enum throttle_kind kind, const char *key, int64_t now)
{
	/* The count after this failure: 1 when the last one is forgotten. */
	sqlite3_stmt *st = db_stmt(db,
		"INSERT INTO admin_login_failures (kind, key, failures, last_failure_at) VALUES (?1, ?2, 1, ?3) "
		"ON CONFLICT (kind, key) DO UPDATE SET "
		" failures = CASE WHEN ?3 - last_failure_at >= ?4 AND blocked_until <= ?3 THEN 1 ELSE failures + 1 END,"
		" last_failure_at = ?3 "
		"RETURNING failures");
	if (!st)
		return SQLITE_ERROR;
	bind_key(st, kind, key);
	sqlite3_bind_int64(st, 3, now);
	sqlite3_bind_int64(st, 4, THROTTLE_FORGET_S);
	int rc = sqlite3_step(st);
	int64_t failures = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
	if (rc == SQLITE_ROW)
		rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return db_note_rc(db, rc);
	int64_t delay = throttle_delay(failures);
	if (delay == 0)
		return SQLITE_OK;
	st = db_stmt(db, "UPDATE admin_login_failures SET blocked_until = ?3 WHERE kind = ?1 AND key = ?2");
	if (!st)
		return SQLITE_ERROR;
	bind_key(st, kind, key);
	sqlite3_bind_int64(st, 3, now + delay);
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? SQLITE_OK : db_note_rc(db, rc);
}

int store_throttle_clear(struct db *db, enum throttle_kind kind, const char *key)
{
	sqlite3_stmt *st = db_stmt(db, "DELETE FROM admin_login_failures WHERE kind = ?1 AND key = ?2");
	if (!st)
		return SQLITE_ERROR;
	bind_key(st, kind, key);
	return db_run(db, st);
}

int store_throttle_purge(struct db *db, int64_t now)
{
	sqlite3_stmt *st = db_stmt(db, "DELETE FROM admin_login_failures WHERE blocked_until <= ?1 "
	                               "AND last_failure_at <= ?1 - ?2");
	if (!st)
		return SQLITE_ERROR;
	sqlite3_bind_int64(st, 1, now);
	sqlite3_bind_int64(st, 2, THROTTLE_FORGET_S);
	return db_run(db, st);
}
