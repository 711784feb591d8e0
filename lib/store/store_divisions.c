#include "store_divisions.h"

#include "db.h"

int store_divisions_children(struct db *db, const char *parent, void (*fn)(const struct division *d, void *arg),
                             void *arg)
{
	sqlite3_stmt *st;
	int rc = db_prepare(db, &st, "SELECT code, name, level FROM divisions WHERE parent = ?1 ORDER BY code", "t",
	                    parent);
	while ((rc == SQLITE_OK || rc == SQLITE_ROW) && (rc = db_step(db, st)) == SQLITE_ROW) {
		struct division d = { (const char *)sqlite3_column_text(st, 0), (const char *)sqlite3_column_text(st, 1),
		                      sqlite3_column_int(st, 2) };
		fn(&d, arg);
	}
	return st ? db_finish(st, rc) : rc;
}

int store_division_level(struct db *db, const char *code, int *level)
{
	int64_t v = 0;
	int rc = db_get_int(db, &v, "SELECT level FROM divisions WHERE code = ?1", "t", code);
	*level = (int)v;
	return rc;
}
