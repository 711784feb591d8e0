#ifndef WALK_STORE_ENROLLMENT_H
#define WALK_STORE_ENROLLMENT_H
/*
 * Enrollments (报名) and the reference lists they refer to (schema 001, 003).
 *
 * Return codes (lib/base/db.h): SQLITE_OK; DB_NOTFOUND from the lookups of one
 * row when there is none; or the SQLite error as SQLite gave it (a BUSY stays
 * BUSY).  An existence check answers through its bool and returns SQLITE_OK or
 * the error: a failed query is never taken for "no such code".  The writer
 * expects the caller's write transaction; the readers run in the caller's.
 */
#include "sealed.h"
#include "validate.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct db;

enum { REGION_CODE_SIZE = 16 };   /* a region's code (schema 001) with its NUL */

struct enrollment {
	int64_t activity_id, user_id;
	char name[128];
	char mobile[16];
	char region[REGION_CODE_SIZE];
	char union_code[UNION_CODE_SIZE];
	char unit[256];
	char department[256];
	int64_t created_at, updated_at;
	int64_t privacy_version;       /* the privacy notice accepted (store_privacy.h); 0: none yet */
	int64_t privacy_accepted_at;   /* when; 0 when none */
};

/* The user's enrollment: SQLITE_OK with *out, DB_NOTFOUND before enrolling,
 * or the error.  The mobile is opened by s (store_pii_seal.h); one that does
 * not open reads as "". */
int store_enrollment_get(struct db *db, struct sealer *s, int64_t activity_id, int64_t user_id,
                         struct enrollment *out);
/* Whether the user is enrolled in the activity, into *enrolled: what most
 * routes ask before anything else, without reading (or opening) the personal
 * fields.  SQLITE_OK or the error. */
int store_enrollment_exists(struct db *db, int64_t activity_id, int64_t user_id, bool *enrolled);
/* Inserts or replaces the user's enrollment (created_at kept), the mobile
 * sealed by s with its search hashes, e->privacy_version accepted at now
 * (the moment kept while the version stays).  SQLITE_OK, SQLITE_TOOBIG for a
 * value too long to seal, or the error.  Call inside a write transaction. */
int store_enrollment_put(struct db *db, struct sealer *s, const struct enrollment *e, int64_t now);
/* Whether code is a region / one of the top-level unions a participant may
 * choose (not the province's root), into the bool.  SQLITE_OK or the error. */
int store_region_exists(struct db *db, const char *code, bool *exists);
int store_union_selectable(struct db *db, const char *code, bool *selectable);
/* The name of the union of code, or of the province's root for "", into name:
 * SQLITE_OK, DB_NOTFOUND for an unknown code, or the error. */
int store_union_name(struct db *db, const char *code, char *name, size_t size);

#endif
