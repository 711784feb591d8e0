#ifndef WALK_STORE_ENROLLMENT_H
#define WALK_STORE_ENROLLMENT_H
/* Enrollments (报名) and the reference lists they refer to (schema 001, 003). */
#include "validate.h"

#include <stdbool.h>
#include <stdint.h>

struct db;

struct enrollment {
	int64_t activity_id, user_id;
	char name[128];
	char mobile[16];
	char region[16];
	char union_code[UNION_CODE_SIZE];
	char unit[256];
	char department[256];
	int64_t created_at, updated_at;
};

/* SQLITE_OK with *out, SQLITE_NOTFOUND, or an SQLite error. */
int store_enrollment_get(struct db *db, int64_t activity_id, int64_t user_id, struct enrollment *out);
/* Inserts or replaces the user's enrollment (created_at kept).  Returns an
 * SQLite code. */
int store_enrollment_put(struct db *db, const struct enrollment *e, int64_t now);
/* Whether code is a region / one of the top-level unions a participant may
 * choose (not the province's root). */
bool store_region_exists(struct db *db, const char *code);
bool store_union_selectable(struct db *db, const char *code);

#endif
