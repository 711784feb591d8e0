#include "store_privacy.h"

#include "db.h"

#include <stdio.h>
#include <string.h>

int store_privacy_current(struct db *db, int64_t activity_id, struct privacy_notice *out)
{
	sqlite3_stmt *st;
	int rc = db_row(db, &st, "SELECT version, text, published_at FROM privacy_notices"
	                         " WHERE activity_id IN (?1, 0) ORDER BY activity_id = ?1 DESC, version DESC LIMIT 1",
	                "i", activity_id);
	if (rc != SQLITE_ROW)
		return rc;   /* DB_NOTFOUND only if schema 039's default was removed by hand */
	out->version = sqlite3_column_int64(st, 0);
	snprintf(out->text, sizeof out->text, "%s", (const char *)sqlite3_column_text(st, 1));
	out->published_at = sqlite3_column_int64(st, 2);
	return db_finish(st, rc);
}

int store_privacy_publish(struct db *db, int64_t activity_id, const char *text, const char *actor, int64_t now,
                          int64_t *version)
{
	int rc = db_get_int(db, version, "SELECT coalesce(max(version), 0) + 1 FROM privacy_notices"
	                                 " WHERE activity_id IN (?1, 0)", "i", activity_id);
	if (rc == SQLITE_OK)
		rc = db_execf(db, "INSERT INTO privacy_notices (activity_id, version, text, published_at, published_by)"
		                  " VALUES (?1, ?2, ?3, ?4, ?5)", "iitit", activity_id, *version, text, now, actor);
	return rc;
}
