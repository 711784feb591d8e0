/* Who joined a walk and how far they got: joining, progress, the board, the
 * admins' figures and the nightly fold (store_walks.h). */
#include "store_walks.h"

#include "db.h"
#include "store_fairplay.h"

#include <stdio.h>
#include <string.h>

static void copy_text(char *dst, size_t size, const unsigned char *src)
{
	snprintf(dst, size, "%s", src ? (const char *)src : "");
}

int store_walk_join(struct db *db, int64_t walk_id, int64_t user_id, int64_t now, int32_t from_day, bool *joined)
{
	char from[CAL_DAY_BUF];
	cal_format_day(from_day, from, sizeof from);
	int rc = db_execf(db, "INSERT INTO walk_joins (walk_id, user_id, joined_at, from_day) VALUES (?1, ?2, ?3, ?4)"
	                      " ON CONFLICT (walk_id, user_id) DO NOTHING", "iiit", walk_id, user_id, now, from);
	*joined = rc == SQLITE_OK && sqlite3_changes(db_handle(db)) == 1;
	return rc;
}

int store_walk_progress(struct db *db, int64_t walk_id, int64_t user_id, struct walk_progress *out)
{
	sqlite3_stmt *st;
	int rc = db_row(db, &st, "SELECT j.joined_at, j.steps, j.active_days, j.good_days, j.from_day,"
	                         " coalesce(j.as_of, ''), coalesce(j.finished_day, ''), 1 + (SELECT count(*) FROM"
	                         " walk_joins o WHERE o.walk_id = j.walk_id AND o.steps > j.steps) "
	                         "FROM walk_joins j WHERE j.walk_id = ?1 AND j.user_id = ?2", "ii", walk_id, user_id);
	if (rc != SQLITE_ROW)
		return rc;
	memset(out, 0, sizeof *out);
	out->joined_at = sqlite3_column_int64(st, 0);
	out->steps = sqlite3_column_int64(st, 1);
	out->active_days = sqlite3_column_int64(st, 2);
	out->good_days = sqlite3_column_int64(st, 3);
	copy_text(out->from_day, sizeof out->from_day, sqlite3_column_text(st, 4));
	copy_text(out->as_of, sizeof out->as_of, sqlite3_column_text(st, 5));
	copy_text(out->finished_day, sizeof out->finished_day, sqlite3_column_text(st, 6));
	out->rank = sqlite3_column_int64(st, 7);
	return db_finish(st, rc);
}

int store_walk_board(struct db *db, int64_t walk_id, int64_t offset, int64_t limit, int64_t *total,
                     void (*fn)(const struct walk_board_row *row, void *arg), void *arg)
{
	/* The disqualified leave the walks' boards too (RULES §14). */
	int rc = db_get_int(db, total, "SELECT count(*) FROM walk_joins j JOIN walks w ON w.id = j.walk_id"
	                               " WHERE j.walk_id = ?1 AND NOT " FAIRPLAY_DISQUALIFIED_NOW("w.activity_id", "j.user_id"),
	                    "i", walk_id);
	if (rc != SQLITE_OK)
		return rc;
	sqlite3_stmt *st;
	rc = db_prepare(db, &st,
		"SELECT rank() OVER (ORDER BY j.steps DESC), j.user_id, j.steps, e.name, e.union_code,"
		" j.finished_day IS NOT NULL "
		"FROM walk_joins j JOIN walks w ON w.id = j.walk_id"
		" JOIN enrollments e ON e.activity_id = w.activity_id AND e.user_id = j.user_id "
		"WHERE j.walk_id = ?1 AND NOT " FAIRPLAY_DISQUALIFIED_NOW("w.activity_id", "j.user_id")
		" ORDER BY j.steps DESC, j.user_id LIMIT ?3 OFFSET ?2", "iii", walk_id, offset, limit);
	while (rc == SQLITE_OK || rc == SQLITE_ROW) {
		if ((rc = db_step(db, st)) != SQLITE_ROW)
			break;
		struct walk_board_row row = { .rank = sqlite3_column_int64(st, 0), .user_id = sqlite3_column_int64(st, 1),
		                              .steps = sqlite3_column_int64(st, 2), .finished = sqlite3_column_int(st, 5) };
		copy_text(row.name, sizeof row.name, sqlite3_column_text(st, 3));
		copy_text(row.union_code, sizeof row.union_code, sqlite3_column_text(st, 4));
		fn(&row, arg);
	}
	return st ? db_finish(st, rc) : rc;
}

#define COUNTS "count(*), coalesce(sum(j.active_days > 0), 0), count(j.finished_day)"

static void read_counts(sqlite3_stmt *st, int col, struct walk_counts *c)
{
	c->joined = sqlite3_column_int64(st, col);
	c->active = sqlite3_column_int64(st, col + 1);
	c->finished = sqlite3_column_int64(st, col + 2);
}

int store_walk_counts(struct db *db, int64_t walk_id, struct walk_counts *out)
{
	sqlite3_stmt *st;
	int rc = db_row(db, &st, "SELECT " COUNTS " FROM walk_joins j WHERE j.walk_id = ?1", "i", walk_id);
	if (rc != SQLITE_ROW)
		return rc;
	read_counts(st, 0, out);
	return db_finish(st, rc);
}

int store_walk_counts_by_unit(struct db *db, const struct walk *w,
                              void (*fn)(const char *union_code, const char *unit, const struct walk_counts *c,
                                         void *arg),
                              void *arg)
{
	sqlite3_stmt *st;
	int rc = db_prepare(db, &st,
		"SELECT e.union_code, e.unit, " COUNTS " FROM walk_joins j JOIN enrollments e"
		" ON e.activity_id = ?2 AND e.user_id = j.user_id WHERE j.walk_id = ?1"
		" GROUP BY e.union_code, e.unit ORDER BY e.union_code, e.unit", "ii", w->id, w->activity_id);
	while (rc == SQLITE_OK || rc == SQLITE_ROW) {
		if ((rc = db_step(db, st)) != SQLITE_ROW)
			break;
		struct walk_counts c;
		read_counts(st, 2, &c);
		fn((const char *)sqlite3_column_text(st, 0), (const char *)sqlite3_column_text(st, 1), &c, arg);
	}
	return st ? db_finish(st, rc) : rc;
}

int store_walk_days(struct db *db, const struct walk *w,
                    void (*fn)(const char *day, int64_t active, int64_t finished, void *arg), void *arg)
{
	char first[CAL_DAY_BUF], last[CAL_DAY_BUF];
	cal_format_day(w->plan.first_day, first, sizeof first);
	cal_format_day(w->plan.last_day, last, sizeof last);
	sqlite3_stmt *st;
	int rc = db_prepare(db, &st,
		"SELECT d.day, count(*), (SELECT count(*) FROM walk_joins f WHERE f.walk_id = ?1"
		" AND f.finished_day <= d.day) FROM walk_joins j JOIN daily_steps d ON d.activity_id = ?2"
		" AND d.user_id = j.user_id AND d.day BETWEEN max(?3, j.from_day) AND ?4 AND d.settled = 1"
		" AND d.raw_steps > 0 AND d.day <= coalesce(j.as_of, '') "
		"WHERE j.walk_id = ?1 GROUP BY d.day ORDER BY d.day", "iitt", w->id, w->activity_id, first, last);
	while (rc == SQLITE_OK || rc == SQLITE_ROW) {
		if ((rc = db_step(db, st)) != SQLITE_ROW)
			break;
		fn((const char *)sqlite3_column_text(st, 0), sqlite3_column_int64(st, 1), sqlite3_column_int64(st, 2), arg);
	}
	return st ? db_finish(st, rc) : rc;
}

/* The rows to move of the walks of kind ?4 running on day ?2: joined by
 * then, not folded yet, with the day settled; c is the day's counted steps
 * (cap ?3).  The CROSS JOINs fix the order: walks, then their rows, then
 * each row's day by its key; left to itself the planner read the activity's
 * every daily_steps row once per walk. */
#define FOLD_SOURCE                                                                                       \
	" FROM (SELECT o.walk_id, o.user_id, min(d.raw_steps, ?3) AS c, w.goal_steps, w.goal_days"          \
	" FROM walks w CROSS JOIN walk_joins o CROSS JOIN daily_steps d"                                     \
	" WHERE w.activity_id = ?1 AND w.goal_kind = ?4 AND w.cancelled_at IS NULL AND w.frozen_at IS NULL" \
	" AND ?2 BETWEEN w.first_day AND w.last_day AND o.walk_id = w.id AND o.from_day <= ?2"              \
	" AND (o.as_of IS NULL OR o.as_of < ?2) AND o.user_id BETWEEN ?5 AND ?6"                             \
	" AND d.activity_id = ?1 AND d.user_id = o.user_id AND d.day = ?2 AND d.settled = 1) AS x"         \
	" WHERE j.walk_id = x.walk_id AND j.user_id = x.user_id"

int store_walks_fold_day(struct db *db, int64_t activity_id, const char *day, int64_t daily_cap, int64_t first_user,
                         int64_t last_user, int64_t *rows)
{
	*rows = 0;
	/* Goal 'total': the counted steps over the walk reach goal_steps. */
	int rc = db_execf(db,
		"UPDATE walk_joins AS j SET steps = j.steps + x.c, active_days = j.active_days + (x.c > 0),"
		" finished_day = coalesce(j.finished_day, CASE WHEN j.steps + x.c >= x.goal_steps THEN ?2 END),"
		" as_of = ?2" FOLD_SOURCE, "ititii", activity_id, day, daily_cap, "total", first_user, last_user);
	if (rc != SQLITE_OK)
		return rc;
	*rows += sqlite3_changes(db_handle(db));
	/* Goal 'days': goal_days days at or above goal_steps. */
	rc = db_execf(db,
		"UPDATE walk_joins AS j SET steps = j.steps + x.c, active_days = j.active_days + (x.c > 0),"
		" good_days = j.good_days + (x.c >= x.goal_steps),"
		" finished_day = coalesce(j.finished_day, CASE WHEN j.good_days + (x.c >= x.goal_steps) >= x.goal_days"
		" THEN ?2 END), as_of = ?2" FOLD_SOURCE, "ititii", activity_id, day, daily_cap, "days", first_user,
		last_user);
	if (rc != SQLITE_OK)
		return rc;
	*rows += sqlite3_changes(db_handle(db));
	return rc;
}

int store_walks_freeze(struct db *db, int64_t activity_id, const char *day, int64_t now, int64_t *frozen)
{
	/* Over: nothing moves it again, like the final board (RULES §6). */
	int rc = db_execf(db, "UPDATE walks SET frozen_at = ?3 WHERE activity_id = ?1 AND frozen_at IS NULL"
	                      " AND cancelled_at IS NULL AND last_day <= ?2", "iti", activity_id, day, now);
	*frozen = rc == SQLITE_OK ? sqlite3_changes(db_handle(db)) : 0;
	return rc;
}
