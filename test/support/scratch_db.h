#ifndef WALK_SCRATCH_DB_H
#define WALK_SCRATCH_DB_H
/*
 * A database file of its own for one unit test: under /tmp, named after the
 * test file's label, the process and a counter, so that tests and parallel
 * runs never share one.  Failures fail the running cmocka test.
 */
#include "db.h"

#include <stdbool.h>
#include <stddef.h>

/* Removes path and what SQLite and the settlement keep beside it (-wal,
 * -shm, -journal, -settle.lock). */
void scratch_db_remove(const char *path);
/* Writes a new file name into path (size bytes), removes anything left there,
 * opens it with busy_timeout_ms into *db and, when migrate, applies every
 * migration. */
void scratch_db_open(char *path, size_t size, struct db **db, const char *label, int busy_timeout_ms, bool migrate);
/* Closes db and removes its files. */
void scratch_db_close(struct db *db, const char *path);

/* A cmocka fixture of a migrated scratch database holding two users, ids 1
 * and 2 (for the per-user tables' tests). */
struct scratch_users {
	char path[128];
	struct db *db;
};
int scratch_users_setup(void **state);
/* The same fixture over a database with no schema at all (for migrations'
 * tests); scratch_users_teardown closes it. */
int scratch_empty_setup(void **state);
int scratch_users_teardown(void **state);

#endif
