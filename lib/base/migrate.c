#include "migrate.h"

#include "db.h"

#include <stdbool.h>
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

static int apply_pending(struct db *db, const struct migration *list, int n, char *err, size_t errlen);

static int refuse_newer(int have, char *err, size_t errlen)
{
	snprintf(err, errlen, "database schema version %d is newer than this program's %d: "
	         "run a newer build", have, migrate_code_version());
	return -1;
}

int migrate_apply(struct db *db, char *err, size_t errlen)
{
	return migrate_apply_list(db, walk_migrations, walk_migration_count, err, errlen);
}

int migrate_apply_list(struct db *db, const struct migration *list, int n, char *err, size_t errlen)
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
	/* A migration that copies a table (schema 042: the whole ledger) needs
	 * SQLite's temporary storage for that statement in proportion to the
	 * table: in memory, the connection's setting (db_open), gigabytes at the
	 * event's end; in a temporary file, a few megabytes of memory. */
	int rc = db_exec(db, "PRAGMA temp_store=FILE");
	int applied = rc == SQLITE_OK ? apply_pending(db, list, n, err, errlen) : -1;
	if (rc != SQLITE_OK)
		snprintf(err, errlen, "cannot set temp_store: %s", sqlite3_errmsg(db_handle(db)));
	if (db_exec(db, "PRAGMA temp_store=MEMORY") != SQLITE_OK && applied >= 0) {
		snprintf(err, errlen, "cannot set temp_store back: %s", sqlite3_errmsg(db_handle(db)));
		applied = -1;
	}
	return applied;
}

/* The migrations of list not yet recorded, each in its transaction; how many
 * were applied, or -1 with err. */
static int apply_pending(struct db *db, const struct migration *list, int n, char *err, size_t errlen)
{
	int applied = 0;
	for (int i = 0; i < n; i++) {
		const struct migration *m = &list[i];
		/* Every migration not yet recorded, in order, and not only those above
		 * the highest recorded: numbers made on parallel lines of work may land
		 * in a different order than they were applied to a working database. */
		bool done = false;
		int rc = db_exists(db, &done, "SELECT 1 FROM schema_migrations WHERE version = ?1", "n", m->version);
		if (rc != SQLITE_OK) {
			snprintf(err, errlen, "cannot read the schema version: %s", sqlite3_errmsg(db_handle(db)));
			return -1;
		}
		if (done)
			continue;
		if (db_begin_write(db) != SQLITE_OK || db_exec(db, m->sql) != SQLITE_OK) {
			snprintf(err, errlen, "migration %s failed: %s", m->name, sqlite3_errmsg(db_handle(db)));
			db_rollback(db);
			return -1;
		}
		rc = db_execf(db, "INSERT INTO schema_migrations(version, name, applied_at) VALUES (?1, ?2, ?3)", "nti",
		              m->version, m->name, (int64_t)time(NULL));
		if (rc != SQLITE_OK || db_commit(db) != SQLITE_OK) {
			snprintf(err, errlen, "cannot record migration %s: %s", m->name,
			         sqlite3_errmsg(db_handle(db)));
			db_rollback(db);
			return -1;
		}
		applied++;
	}
	return applied;
}

/* How many of this program's migrations the database has recorded, or -1. */
static int recorded_count(struct db *db)
{
	if (migrate_db_version(db) <= 0)
		return migrate_db_version(db);
	int recorded = 0;
	for (int i = 0; i < walk_migration_count; i++) {
		bool done = false;
		if (db_exists(db, &done, "SELECT 1 FROM schema_migrations WHERE version = ?1", "n",
		              walk_migrations[i].version) != SQLITE_OK)
			return -1;
		recorded += done;
	}
	return recorded;
}

int migrate_check(struct db *db, char *err, size_t errlen)
{
	int have = migrate_db_version(db), recorded = recorded_count(db);
	if (have < 0 || recorded < 0) {
		snprintf(err, errlen, "cannot read the schema version");
		return -1;
	}
	if (have > migrate_code_version())
		return refuse_newer(have, err, errlen);
	if (recorded < walk_migration_count) {
		snprintf(err, errlen, "database schema lacks %d of this program's %d migrations: run walkctl migrate",
		         walk_migration_count - recorded, walk_migration_count);
		return -1;
	}
	return 0;
}
