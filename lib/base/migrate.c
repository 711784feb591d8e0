#include "migrate.h"

#include "db.h"

#include <stdio.h>
#include <time.h>

int migrate_code_version(void)
{
	int v = 0;
	for (int i = 0; i < walk_migration_count; i++)
		if (walk_migrations[i].version > v)
			v = walk_migrations[i].version;
	return v;
}

int migrate_db_version(struct db *db)
{
	if (db_int(db, 0, "SELECT count(*) FROM sqlite_master WHERE name='schema_migrations'") == 0)
		return 0;
	return (int)db_int(db, -1, "SELECT coalesce(max(version), 0) FROM schema_migrations");
}

static int refuse_newer(int have, char *err, size_t errlen)
{
	snprintf(err, errlen, "database schema version %d is newer than this program's %d: "
	         "run a newer build", have, migrate_code_version());
	return -1;
}

int migrate_apply(struct db *db, char *err, size_t errlen)
{
	if (db_exec(db, "CREATE TABLE IF NOT EXISTS schema_migrations ("
	                " version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL)")
	    != SQLITE_OK) {
		snprintf(err, errlen, "cannot create schema_migrations: %s", sqlite3_errmsg(db_handle(db)));
		return -1;
	}
	int have = migrate_db_version(db);
	if (have < 0) {
		snprintf(err, errlen, "cannot read the schema version: %s", sqlite3_errmsg(db_handle(db)));
		return -1;
	}
	if (have > migrate_code_version())
		return refuse_newer(have, err, errlen);
	int applied = 0;
	for (int i = 0; i < walk_migration_count; i++) {
		const struct migration *m = &walk_migrations[i];
		if (m->version <= have)
			continue;
		if (db_begin_write(db) != SQLITE_OK || db_exec(db, m->sql) != SQLITE_OK) {
			snprintf(err, errlen, "migration %s failed: %s", m->name, sqlite3_errmsg(db_handle(db)));
			db_rollback(db);
			return -1;
		}
		sqlite3_stmt *st = db_stmt(db, "INSERT INTO schema_migrations(version, name, applied_at) "
		                               "VALUES (?1, ?2, ?3)");
		if (!st) {
			snprintf(err, errlen, "cannot record migration %s", m->name);
			db_rollback(db);
			return -1;
		}
		sqlite3_bind_int(st, 1, m->version);
		sqlite3_bind_text(st, 2, m->name, -1, SQLITE_STATIC);
		sqlite3_bind_int64(st, 3, (sqlite3_int64)time(NULL));
		int rc = sqlite3_step(st);
		sqlite3_reset(st);
		if (rc != SQLITE_DONE || db_commit(db) != SQLITE_OK) {
			snprintf(err, errlen, "cannot record migration %s: %s", m->name,
			         sqlite3_errmsg(db_handle(db)));
			db_rollback(db);
			return -1;
		}
		applied++;
	}
	return applied;
}

int migrate_check(struct db *db, char *err, size_t errlen)
{
	int have = migrate_db_version(db);
	if (have < 0) {
		snprintf(err, errlen, "cannot read the schema version");
		return -1;
	}
	if (have > migrate_code_version())
		return refuse_newer(have, err, errlen);
	if (have < migrate_code_version()) {
		snprintf(err, errlen, "database schema version %d is older than this program's %d: "
		         "run walkctl migrate", have, migrate_code_version());
		return -1;
	}
	return 0;
}
