#include "store_enrollment.h"

#include "db.h"
#include "store_pii_seal.h"

#include <stdio.h>
#include <string.h>

#define COPY(dst, st, col) snprintf((dst), sizeof(dst), "%s", sqlite3_column_text((st), (col)))

int store_enrollment_get(struct db *db, struct sealer *s, int64_t activity_id, int64_t user_id,
                         struct enrollment *out)
{
	sqlite3_stmt *st;
	int rc = db_row(db, &st, "SELECT name, mobile, region_code, union_code, unit, department,"
	                         " created_at, updated_at, privacy_version, coalesce(privacy_accepted_at, 0)"
	                         " FROM enrollments "
	                         "WHERE activity_id = ?1 AND user_id = ?2", "ii", activity_id, user_id);
	if (rc != SQLITE_ROW)
		return rc;
	memset(out, 0, sizeof *out);
	out->activity_id = activity_id;
	out->user_id = user_id;
	COPY(out->name, st, 0);
	char place[64];
	pii_place(place, sizeof place, "enrollments.mobile", activity_id, user_id);
	pii_open(s, place, (const char *)sqlite3_column_text(st, 1), out->mobile, sizeof out->mobile);
	COPY(out->region, st, 2);
	COPY(out->union_code, st, 3);
	COPY(out->unit, st, 4);
	COPY(out->department, st, 5);
	out->created_at = sqlite3_column_int64(st, 6);
	out->updated_at = sqlite3_column_int64(st, 7);
	out->privacy_version = sqlite3_column_int64(st, 8);
	out->privacy_accepted_at = sqlite3_column_int64(st, 9);
	return db_finish(st, rc);
}

int store_enrollment_exists(struct db *db, int64_t activity_id, int64_t user_id, bool *enrolled)
{
	return db_exists(db, enrolled, "SELECT 1 FROM enrollments WHERE activity_id = ?1 AND user_id = ?2", "ii",
	                 activity_id, user_id);
}

int store_enrollment_put(struct db *db, struct sealer *s, const struct enrollment *e, int64_t now)
{
	char place[64], mobile[PII_SEALED_SIZE], index[SEALED_INDEX_HEX_SIZE], tail[SEALED_INDEX_HEX_SIZE];
	pii_place(place, sizeof place, "enrollments.mobile", e->activity_id, e->user_id);
	if (pii_seal(s, place, e->mobile, mobile) != 0)
		return SQLITE_TOOBIG;
	size_t n = strlen(e->mobile);
	pii_mobile_index(s, e->mobile, index);
	pii_mobile_tail_index(s, n >= 4 ? e->mobile + n - 4 : e->mobile, tail);
	return db_execf(db,
		"INSERT INTO enrollments (activity_id, user_id, name, mobile, region_code, union_code, unit,"
		" department, created_at, updated_at, mobile_index, mobile_tail_index, privacy_version,"
		" privacy_accepted_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?9, ?10, ?11, ?12, ?9) "
		"ON CONFLICT (activity_id, user_id) DO UPDATE SET name = excluded.name,"
		" mobile = excluded.mobile, region_code = excluded.region_code,"
		" union_code = excluded.union_code, unit = excluded.unit, department = excluded.department,"
		" updated_at = excluded.updated_at, mobile_index = excluded.mobile_index,"
		" mobile_tail_index = excluded.mobile_tail_index, privacy_version = excluded.privacy_version,"
		" privacy_accepted_at = CASE WHEN enrollments.privacy_version = excluded.privacy_version"
		" THEN enrollments.privacy_accepted_at ELSE excluded.privacy_accepted_at END",
		"iittttttitti", e->activity_id, e->user_id, e->name, mobile, e->region, e->union_code, e->unit,
		e->department, now, index, tail, e->privacy_version);
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
