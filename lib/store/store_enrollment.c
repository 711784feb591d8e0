#include "store_enrollment.h"

#include "db.h"

#include <stdio.h>
#include <string.h>

#define COPY(dst, st, col) snprintf((dst), sizeof(dst), "%s", sqlite3_column_text((st), (col)))

int store_enrollment_get(struct db *db, int64_t activity_id, int64_t user_id, struct enrollment *out)
{
	sqlite3_stmt *st;
	int rc = db_row(db, &st, "SELECT name, mobile, region_code, union_code, unit, department,"
	                         " created_at, updated_at FROM enrollments "
	                         "WHERE activity_id = ?1 AND user_id = ?2", "ii", activity_id, user_id);
	if (rc != SQLITE_ROW)
		return rc;
	memset(out, 0, sizeof *out);
	out->activity_id = activity_id;
	out->user_id = user_id;
	COPY(out->name, st, 0);
	COPY(out->mobile, st, 1);
	COPY(out->region, st, 2);
	COPY(out->union_code, st, 3);
	COPY(out->unit, st, 4);
	COPY(out->department, st, 5);
	out->created_at = sqlite3_column_int64(st, 6);
	out->updated_at = sqlite3_column_int64(st, 7);
	return db_finish(st, rc);
}

int store_enrollment_exists(struct db *db, int64_t activity_id, int64_t user_id, bool *enrolled)
{
	return db_exists(db, enrolled, "SELECT 1 FROM enrollments WHERE activity_id = ?1 AND user_id = ?2", "ii",
	                 activity_id, user_id);
}

int store_enrollment_put(struct db *db, const struct enrollment *e, int64_t now)
{
	return db_execf(db,
		"INSERT INTO enrollments (activity_id, user_id, name, mobile, region_code, union_code, unit,"
		" department, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?9) "
		"ON CONFLICT (activity_id, user_id) DO UPDATE SET name = excluded.name,"
		" mobile = excluded.mobile, region_code = excluded.region_code,"
		" union_code = excluded.union_code, unit = excluded.unit, department = excluded.department,"
		" updated_at = excluded.updated_at",
		"iitttttti", e->activity_id, e->user_id, e->name, e->mobile, e->region, e->union_code, e->unit,
		e->department, now);
}

int store_region_exists(struct db *db, const char *code, bool *exists)
{
	return db_exists(db, exists, "SELECT 1 FROM regions WHERE code = ?1", "t", code);
}

int store_union_selectable(struct db *db, const char *code, bool *selectable)
{
	return db_exists(db, selectable, "SELECT 1 FROM unions WHERE code = ?1 AND parent_code IS NOT NULL", "t", code);
}

int store_union_name(struct db *db, const char *code, char *name, size_t size)
{
	sqlite3_stmt *st;
	int rc = db_row(db, &st, "SELECT name FROM unions WHERE code = ?1 OR (?1 = '' AND parent_code IS NULL)",
	                "t", code);
	if (rc != SQLITE_ROW)
		return rc;
	snprintf(name, size, "%s", sqlite3_column_text(st, 0));
	return db_finish(st, rc);
}
