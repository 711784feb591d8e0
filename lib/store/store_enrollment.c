#include "store_enrollment.h"

#include "db.h"

#include <stdio.h>
#include <string.h>

#define COPY(dst, st, col) snprintf((dst), sizeof(dst), "%s", sqlite3_column_text((st), (col)))

int store_enrollment_get(struct db *db, int64_t activity_id, int64_t user_id, struct enrollment *out)
{
	sqlite3_stmt *st = db_stmt(db, "SELECT name, mobile, region_code, union_code, unit, department,"
	                               " created_at, updated_at FROM enrollments "
	                               "WHERE activity_id = ?1 AND user_id = ?2");
	if (!st)
		return SQLITE_ERROR;
	sqlite3_bind_int64(st, 1, activity_id);
	sqlite3_bind_int64(st, 2, user_id);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
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
	}
	sqlite3_reset(st);
	if (rc == SQLITE_ROW)
		return SQLITE_OK;
	return rc == SQLITE_DONE ? SQLITE_NOTFOUND : db_note_rc(db, rc);
}

int store_enrollment_put(struct db *db, const struct enrollment *e, int64_t now)
{
	sqlite3_stmt *st = db_stmt(db,
		"INSERT INTO enrollments (activity_id, user_id, name, mobile, region_code, union_code, unit,"
		" department, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?9) "
		"ON CONFLICT (activity_id, user_id) DO UPDATE SET name = excluded.name,"
		" mobile = excluded.mobile, region_code = excluded.region_code,"
		" union_code = excluded.union_code, unit = excluded.unit, department = excluded.department,"
		" updated_at = excluded.updated_at");
	if (!st)
		return SQLITE_ERROR;
	sqlite3_bind_int64(st, 1, e->activity_id);
	sqlite3_bind_int64(st, 2, e->user_id);
	sqlite3_bind_text(st, 3, e->name, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, e->mobile, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 5, e->region, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 6, e->union_code, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 7, e->unit, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 8, e->department, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 9, now);
	return db_run(db, st);
}

static bool code_exists(struct db *db, const char *sql, const char *code)
{
	sqlite3_stmt *st = db_stmt(db, sql);
	if (!st)
		return false;
	sqlite3_bind_text(st, 1, code, -1, SQLITE_STATIC);
	bool found = sqlite3_step(st) == SQLITE_ROW;
	sqlite3_reset(st);
	return found;
}

bool store_region_exists(struct db *db, const char *code)
{
	return code_exists(db, "SELECT 1 FROM regions WHERE code = ?1", code);
}

bool store_union_selectable(struct db *db, const char *code)
{
	return code_exists(db, "SELECT 1 FROM unions WHERE code = ?1 AND parent_code IS NOT NULL", code);
}
