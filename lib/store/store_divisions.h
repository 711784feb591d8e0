#ifndef WALK_STORE_DIVISIONS_H
#define WALK_STORE_DIVISIONS_H
/*
 * The national administrative divisions (schema 030/031, GB/T 2260),
 * mainland only: provinces, cities, county-level divisions.
 *
 * Return codes (lib/base/db.h): SQLITE_OK, DB_NOTFOUND where said, or the
 * SQLite error as SQLite gave it.
 */
#include <stdint.h>

struct db;

struct division {
	const char *code, *name;   /* valid during the callback */
	int level;                 /* 1 province, 2 city, 3 county-level */
};

/* The divisions whose parent is parent ("" for the provinces), by code. */
int store_divisions_children(struct db *db, const char *parent, void (*fn)(const struct division *d, void *arg),
                             void *arg);
/* The level of code into *level: DB_NOTFOUND for an unknown code. */
int store_division_level(struct db *db, const char *code, int *level);

#endif
