#include "store_werun_flags.h"

#include "db.h"

#include <stdio.h>
#include <string.h>

int store_werun_blocked_until(struct db *db, int64_t activity_id, int64_t user_id, int64_t now,
                              int64_t *until)
{
	int rc = db_get_int(db, until,
		"SELECT window_start + ?4 FROM werun_flags WHERE activity_id = ?1 AND user_id = ?2 "
		" AND window_refusals >= ?5 AND ?3 >= window_start AND ?3 < window_start + ?4",
		"iiinn", activity_id, user_id, now, (int)WERUN_REFUSAL_WINDOW_S, (int)WERUN_REFUSAL_LIMIT);
	if (rc == DB_NOTFOUND) {
		*until = 0;
		return SQLITE_OK;
	}
	return rc;
}

int store_werun_refusal(struct db *db, int64_t activity_id, int64_t user_id, const char *reason,
                        int64_t now)
{
	char cut[WERUN_REASON_MAX + 1];
	snprintf(cut, sizeof cut, "%s", reason);
	/* Every expression of the update sees the row as it was, so "the window
	 * is over" is written out where each column needs it.  ?5 window length,
	 * ?6 limit, ?7 flag total. */
	return db_execf(db,
		"INSERT INTO werun_flags (activity_id, user_id, refusals, first_at, last_at, last_reason,"
		"                         window_start, window_refusals, flagged_at)"
		" VALUES (?1, ?2, 1, ?3, ?3, ?4, ?3, 1, CASE WHEN ?6 <= 1 OR ?7 <= 1 THEN ?3 END)"
		" ON CONFLICT (activity_id, user_id) DO UPDATE SET"
		"  refusals = refusals + 1,"
		"  last_at = ?3,"
		"  last_reason = ?4,"
		"  window_start = CASE WHEN ?3 < window_start OR ?3 >= window_start + ?5 THEN ?3"
		"                 ELSE window_start END,"
		"  window_refusals = CASE WHEN ?3 < window_start OR ?3 >= window_start + ?5 THEN 1"
		"                    ELSE window_refusals + 1 END,"
		"  flagged_at = coalesce(flagged_at,"
		"    CASE WHEN refusals + 1 >= ?7"
		"           OR (CASE WHEN ?3 < window_start OR ?3 >= window_start + ?5 THEN 1"
		"               ELSE window_refusals + 1 END) >= ?6 THEN ?3 END)",
		"iiitnnn", activity_id, user_id, now, cut, (int)WERUN_REFUSAL_WINDOW_S, (int)WERUN_REFUSAL_LIMIT,
		(int)WERUN_FLAG_TOTAL);
}

int store_werun_flag_get(struct db *db, int64_t activity_id, int64_t user_id, struct werun_flag *out)
{
	sqlite3_stmt *st;
	int rc = db_row(db, &st,
		"SELECT refusals, first_at, last_at, last_reason, window_start, window_refusals,"
		" coalesce(flagged_at, 0) FROM werun_flags WHERE activity_id = ?1 AND user_id = ?2",
		"ii", activity_id, user_id);
	if (rc != SQLITE_ROW)
		return rc;
	out->refusals = sqlite3_column_int64(st, 0);
	out->first_at = sqlite3_column_int64(st, 1);
	out->last_at = sqlite3_column_int64(st, 2);
	snprintf(out->last_reason, sizeof out->last_reason, "%s", (const char *)sqlite3_column_text(st, 3));
	out->window_start = sqlite3_column_int64(st, 4);
	out->window_refusals = sqlite3_column_int64(st, 5);
	out->flagged_at = sqlite3_column_int64(st, 6);
	sqlite3_reset(st);
	return SQLITE_OK;
}
