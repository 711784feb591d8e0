#ifndef WALK_MIGRATE_H
#define WALK_MIGRATE_H
/*
 * Schema migrations: schema/NNN_name.sql, compiled into the programs by
 * schema/embed.sh.  Each applied migration is recorded in schema_migrations;
 * migrations run in version order, each in its own transaction with its record.
 * A database whose version is newer than the program's is refused: an old
 * binary must never write to a schema it does not know.
 */
#include <stddef.h>

struct db;

struct migration {
	int version;
	const char *name;
	const char *sql;
};

extern const struct migration walk_migrations[];
extern const int walk_migration_count;

/* The newest version this program knows. */
int migrate_code_version(void);
/* The database's version (0 for an empty database), or -1 on error. */
int migrate_db_version(struct db *db);
/* Applies every migration the database has not recorded, in version order,
 * also one numbered below the newest recorded (lines of work merged in
 * another order than they were applied).  Returns the number applied, or -1
 * with err set. */
int migrate_apply(struct db *db, char *err, size_t errlen);
/* The same over the list of n migrations given (sorted by version): for tests. */
int migrate_apply_list(struct db *db, const struct migration *list, int n, char *err, size_t errlen);
/* 0 when the database has recorded every migration of the program and none
 * newer; else -1 with err. */
int migrate_check(struct db *db, char *err, size_t errlen);

#endif
