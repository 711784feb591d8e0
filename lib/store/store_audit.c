#include "store_audit.h"

#include "db.h"

#include <stdlib.h>

#define AUDIT_COLUMNS "id, at, coalesce(admin_id, 0), actor, coalesce(remote_addr, ''), action, target, before, after"

/* Calls fn with the AUDIT_COLUMNS of the row st is on. */
static void call_with_row(sqlite3_stmt *st, void (*fn)(const struct audit_entry *e, void *arg), void *arg)
{
	struct audit_entry e = {
		.id = sqlite3_column_int64(st, 0),
		.at = sqlite3_column_int64(st, 1),
		.admin_id = sqlite3_column_int64(st, 2),
		.actor = (const char *)sqlite3_column_text(st, 3),
		.remote_addr = (const char *)sqlite3_column_text(st, 4),
		.action = (const char *)sqlite3_column_text(st, 5),
		.target = (const char *)sqlite3_column_text(st, 6),
		.before = (const char *)sqlite3_column_text(st, 7),
		.after = (const char *)sqlite3_column_text(st, 8),
	};
	fn(&e, arg);
}

int store_audit_add(struct db *db, const struct audit_entry *e)
{
	return db_execf(db, "INSERT INTO audit_log (at, actor, admin_id, remote_addr, action, target, before, after) "
	                    "VALUES (?1, ?2, nullif(?3, 0), nullif(?4, ''), ?5, ?6, ?7, ?8)",
	                "itittttt", e->at, e->actor, e->admin_id, e->remote_addr, e->action, e->target, e->before,
	                e->after);
}

int store_audit_add_json(struct db *db, struct audit_entry *e, cJSON *before, cJSON *after)
{
	char *before_text = before ? cJSON_PrintUnformatted(before) : NULL;
	char *after_text = after ? cJSON_PrintUnformatted(after) : NULL;
	cJSON_Delete(before);
	cJSON_Delete(after);
	if ((before && !before_text) || (after && !after_text))
		abort();   /* cJSON fails only on out-of-memory */
	e->before = before_text;
	e->after = after_text;
	int rc = store_audit_add(db, e);
	e->before = e->after = NULL;
	free(before_text);
	free(after_text);
	return rc;
}

int store_audit_page(struct db *db, int64_t before, int limit,
                     void (*fn)(const struct audit_entry *e, void *arg), void *arg)
{
	sqlite3_stmt *st;
	int rc = db_prepare(db, &st, "SELECT " AUDIT_COLUMNS " FROM audit_log "
	                             "WHERE ?1 <= 0 OR id < ?1 ORDER BY id DESC LIMIT ?2", "in", before, limit);
	if (rc != SQLITE_OK)
		return rc;
	while ((rc = db_step(db, st)) == SQLITE_ROW)
		call_with_row(st, fn, arg);
	return db_finish(st, rc);
}

int store_audit_get(struct db *db, int64_t id, void (*fn)(const struct audit_entry *e, void *arg), void *arg)
{
	sqlite3_stmt *st;
	int rc = db_row(db, &st, "SELECT " AUDIT_COLUMNS " FROM audit_log WHERE id = ?1", "i", id);
	if (rc != SQLITE_ROW)
		return rc;
	call_with_row(st, fn, arg);
	sqlite3_reset(st);
	return SQLITE_OK;
}

int store_audit_last_id(struct db *db, int64_t *id)
{
	*id = sqlite3_last_insert_rowid(db_handle(db));
	return *id > 0 ? SQLITE_OK : SQLITE_MISUSE;
}

int store_audit_count_since(struct db *db, const char *actor, const char *action, int64_t since,
                            int64_t *count, int64_t *oldest)
{
	sqlite3_stmt *st;
	int rc = db_row(db, &st, "SELECT count(*), coalesce(min(at), 0) FROM audit_log "
	                         "WHERE actor = ?1 AND action = ?2 AND at >= ?3", "tti", actor, action, since);
	if (rc != SQLITE_ROW)
		return rc;   /* an aggregate always has its row: DB_NOTFOUND cannot come */
	*count = sqlite3_column_int64(st, 0);
	*oldest = sqlite3_column_int64(st, 1);
	sqlite3_reset(st);
	return SQLITE_OK;
}
