/* The state between passes of the patterns that read only what is new (fairplay_passes.h). */
#include "fairplay_passes.h"

#include "db.h"

#include <stdio.h>
#include <string.h>

/* A clear or a new mobile is stamped when its request began and may commit
 * after the pass's snapshot did: what is this much older than a pass is looked
 * at again by the next one too (a second look raises nothing twice). */
enum { SINCE_MARGIN_S = 3600 };

void fairplay_thresholds_text(const int *threshold, int n, char *out, size_t len)
{
	size_t used = 0;
	out[0] = '\0';
	for (int i = 0; i < n && used < len; i++)
		used += (size_t)snprintf(out + used, len - used, "%s%d", i ? "/" : "", threshold[i]);
}

int fairplay_since_read(struct db *db, int64_t activity_id, const char *kind, const char *thresholds,
                        const char *day, struct fairplay_since *out)
{
	memset(out, 0, sizeof *out);
	sqlite3_stmt *st;
	/* A look back at an earlier day than the latest looked at reads
	 * everything up to it: what is new since is about the latest. */
	int rc = db_row(db, &st, "SELECT last_day, looked_at FROM fairplay_passes"
	                         " WHERE activity_id = ?1 AND kind = ?2 AND thresholds = ?3 AND last_day <= ?4",
	                "ittt", activity_id, kind, thresholds, day);
	if (rc == DB_NOTFOUND)
		return SQLITE_OK;   /* everything */
	if (rc != SQLITE_ROW)
		return rc;
	int32_t last;
	const char *text = (const char *)sqlite3_column_text(st, 0);
	if (text && cal_parse_day(text, &last)) {
		cal_format_day(last + 1, out->new_from, sizeof out->new_from);
		out->since = sqlite3_column_int64(st, 1) - SINCE_MARGIN_S;
	}
	return db_finish(st, rc);
}

int fairplay_since_note(struct db *db, int64_t activity_id, const char *kind, const char *thresholds,
                        const char *day, int64_t now)
{
	/* A look back at an earlier day with the same thresholds changes
	 * nothing: the clears since the latest pass are still to be looked at
	 * over the latest window.  Other thresholds start again from this day. */
	return db_execf(db, "INSERT INTO fairplay_passes (activity_id, kind, last_day, thresholds, looked_at)"
	                    " VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT (activity_id, kind) DO UPDATE SET"
	                    " last_day = excluded.last_day, thresholds = excluded.thresholds, looked_at = excluded.looked_at"
	                    " WHERE excluded.last_day >= fairplay_passes.last_day"
	                    " OR excluded.thresholds <> fairplay_passes.thresholds",
	                "ittti", activity_id, kind, day, thresholds, now);
}
