#include "store_badges.h"

#include "calendar.h"
#include "db.h"
#include "store_checkpoints.h"
#include "store_ledger.h"

#include <stdlib.h>
#include <string.h>

static const char *const kind_names[BADGE_KIND_COUNT] = { "all_checkpoints", "full_attendance" };

const char *badge_kind_name(enum badge_kind kind)
{
	return kind >= 0 && kind < BADGE_KIND_COUNT ? kind_names[kind] : "?";
}

static int record(struct db *db, int64_t activity_id, int64_t user_id, enum badge_kind kind, int64_t earned_at,
                  int *recorded)
{
	int rc = db_execf(db, "INSERT INTO badges (activity_id, user_id, kind, earned_at) VALUES (?1, ?2, ?3, ?4)"
	                      " ON CONFLICT DO NOTHING",
	                  "iiti", activity_id, user_id, kind_names[kind], earned_at);
	if (rc == SQLITE_OK && recorded)
		*recorded += sqlite3_changes(db_handle(db));
	return rc;
}

static int all_checkpoints_due(struct db *db, int64_t activity_id, const struct activity_rules *r, int64_t user_id,
                               int *recorded)
{
	int passed = 0;
	int rc = store_checkpoints_passed_count(db, activity_id, user_id, &passed);
	if (rc != SQLITE_OK || !rules_all_checkpoints_badge(r, passed))
		return rc;
	int64_t at = 0;
	rc = db_get_int(db, &at, "SELECT max(passed_at) FROM checkpoint_passes WHERE activity_id = ?1 AND user_id = ?2",
	                "ii", activity_id, user_id);
	return rc == SQLITE_OK ? record(db, activity_id, user_id, BADGE_ALL_CHECKPOINTS, at, recorded) : rc;
}

static int full_attendance_due(struct db *db, int64_t activity_id, const struct activity_rules *r, int64_t user_id,
                               int *recorded)
{
	int32_t *days = malloc(sizeof *days * RULES_MAX_TOTAL_DAYS);
	if (!days)
		return SQLITE_NOMEM;
	int n = 0;
	int rc = store_ledger_days_of_kind(db, activity_id, user_id, RULES_LEDGER_CHECKIN, days, RULES_MAX_TOTAL_DAYS, &n);
	bool due = rc == SQLITE_OK && rules_full_attendance(r, days, (size_t)n);
	free(days);
	if (!due)
		return rc;
	/* Earned by the check-in that completed the activity days: the latest one. */
	int64_t at = 0;
	rc = store_ledger_last_at(db, activity_id, user_id, RULES_LEDGER_CHECKIN, r->first_day, r->last_day, &at);
	return rc == SQLITE_OK ? record(db, activity_id, user_id, BADGE_FULL_ATTENDANCE, at, recorded) : rc;
}

int store_badges_record_due(struct db *db, int64_t activity_id, const struct activity_rules *r, int64_t user_id,
                            int *recorded)
{
	int rc = all_checkpoints_due(db, activity_id, r, user_id, recorded);
	return rc == SQLITE_OK ? full_attendance_due(db, activity_id, r, user_id, recorded) : rc;
}

/* The user ids sql (bound as fmt says) returns, appended to *users. */
static int collect(struct db *db, int64_t **users, size_t *n, size_t *cap, const char *sql, const char *fmt,
                   int64_t activity_id, int count, int first, int last)
{
	sqlite3_stmt *st;
	int rc = db_prepare(db, &st, sql, fmt, activity_id, count, first, last);
	while ((rc == SQLITE_OK || rc == SQLITE_ROW) && (rc = db_step(db, st)) == SQLITE_ROW) {
		if (*n == *cap) {
			size_t grown = *cap ? 2 * *cap : 64;
			int64_t *p = realloc(*users, grown * sizeof *p);
			if (!p) {
				rc = SQLITE_NOMEM;
				break;
			}
			*users = p;
			*cap = grown;
		}
		(*users)[(*n)++] = sqlite3_column_int64(st, 0);
	}
	return st ? db_finish(st, rc) : rc;
}

int store_badges_record_all_due(struct db *db, int64_t activity_id, const struct activity_rules *r, bool attendance,
                                int64_t *recorded)
{
	/* The candidates, for the rules to decide on: a pass of the last
	 * checkpoint (passes come in route order), or enough check-ins, and the
	 * badge missing. */
	_Static_assert(RULES_LEDGER_CHECKIN == 0, "the check-in query below names the kind by its code");
	int first = r->first_day, last = r->last_day;
	int64_t *users = NULL;
	size_t n = 0, cap = 0;
	int rc = collect(db, &users, &n, &cap,
	                 "SELECT user_id FROM checkpoint_passes p WHERE activity_id = ?1 AND seq = ?2 AND NOT EXISTS"
	                 " (SELECT 1 FROM badges b WHERE b.activity_id = ?1 AND b.user_id = p.user_id"
	                 " AND b.kind = 'all_checkpoints')",
	                 "in", activity_id, r->checkpoint_count, first, last);
	/* Every day's check-in includes the first's and the last's: two lookups
	 * by key rule out most people before their check-ins are counted (a scan
	 * of the whole ledger took seconds per hundred thousand participants). */
	if (rc == SQLITE_OK && attendance)
		rc = collect(db, &users, &n, &cap,
		             "SELECT e.user_id FROM enrollments e WHERE e.activity_id = ?1"
		             " AND EXISTS (SELECT 1 FROM ledger_entries l WHERE l.activity_id = ?1 AND l.user_id = e.user_id"
		             "   AND l.kind = 0 /* checkin */ AND l.ref = ?3)"
		             " AND EXISTS (SELECT 1 FROM ledger_entries l WHERE l.activity_id = ?1 AND l.user_id = e.user_id"
		             "   AND l.kind = 0 AND l.ref = ?4)"
		             " AND (SELECT count(*) FROM ledger_entries l WHERE l.activity_id = ?1 AND l.user_id = e.user_id"
		             "   AND l.kind = 0 AND l.ref BETWEEN ?3 AND ?4) >= ?2"
		             " AND NOT EXISTS (SELECT 1 FROM badges b WHERE b.activity_id = ?1 AND b.user_id = e.user_id"
		             "   AND b.kind = 'full_attendance')",
		             "innn", activity_id, r->total_days, first, last);
	int count = 0;
	for (size_t i = 0; i < n && rc == SQLITE_OK; i++)
		rc = store_badges_record_due(db, activity_id, r, users[i], &count);
	free(users);
	*recorded = count;
	return rc;
}

int store_badges_of_user(struct db *db, int64_t activity_id, int64_t user_id, struct badge out[BADGE_KIND_COUNT],
                         int *n)
{
	*n = 0;
	sqlite3_stmt *st;
	int rc = db_prepare(db, &st, "SELECT kind, earned_at FROM badges WHERE activity_id = ?1 AND user_id = ?2"
	                             " ORDER BY kind", "ii", activity_id, user_id);
	while ((rc == SQLITE_OK || rc == SQLITE_ROW) && (rc = db_step(db, st)) == SQLITE_ROW) {
		const char *kind = (const char *)sqlite3_column_text(st, 0);
		for (int k = 0; k < BADGE_KIND_COUNT && *n < BADGE_KIND_COUNT; k++)
			if (kind && strcmp(kind, kind_names[k]) == 0)
				out[(*n)++] = (struct badge){ (enum badge_kind)k, sqlite3_column_int64(st, 1) };
	}
	return st ? db_finish(st, rc) : rc;
}
