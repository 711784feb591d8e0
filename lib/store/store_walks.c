/* The walks themselves: plans, units, who may see them (store_walks.h). */
#include "store_walks.h"

#include "db.h"

#include <stdio.h>
#include <string.h>

#define WALK_COLUMNS                                                                                       \
	"w.id, w.activity_id, coalesce(w.union_code, ''), w.name, w.description, w.first_day, w.last_day,"   \
	" w.goal_kind, w.goal_steps, coalesce(w.goal_days, 0), w.created_by, w.created_at, w.updated_at,"   \
	" coalesce(w.cancelled_at, 0), coalesce(w.cancel_reason, ''), coalesce(w.frozen_at, 0),"            \
	" (SELECT count(*) FROM walk_units u WHERE u.walk_id = w.id)"

static void copy_text(char *dst, size_t size, const unsigned char *src)
{
	snprintf(dst, size, "%s", src ? (const char *)src : "");
}

static int32_t day_of(sqlite3_stmt *st, int col)
{
	int32_t d = 0;
	const unsigned char *t = sqlite3_column_text(st, col);
	return t && cal_parse_day((const char *)t, &d) ? d : 0;
}

/* A row of WALK_COLUMNS from column 0. */
static void read_walk(sqlite3_stmt *st, struct walk *w)
{
	memset(w, 0, sizeof *w);
	w->id = sqlite3_column_int64(st, 0);
	w->activity_id = sqlite3_column_int64(st, 1);
	copy_text(w->union_code, sizeof w->union_code, sqlite3_column_text(st, 2));
	copy_text(w->name, sizeof w->name, sqlite3_column_text(st, 3));
	copy_text(w->description, sizeof w->description, sqlite3_column_text(st, 4));
	w->plan.first_day = day_of(st, 5);
	w->plan.last_day = day_of(st, 6);
	(void)rules_walk_goal_parse((const char *)sqlite3_column_text(st, 7), &w->plan.goal);
	w->plan.goal_steps = sqlite3_column_int64(st, 8);
	w->plan.goal_days = sqlite3_column_int64(st, 9);
	w->created_by = sqlite3_column_int64(st, 10);
	w->created_at = sqlite3_column_int64(st, 11);
	w->updated_at = sqlite3_column_int64(st, 12);
	w->cancelled_at = sqlite3_column_int64(st, 13);
	copy_text(w->cancel_reason, sizeof w->cancel_reason, sqlite3_column_text(st, 14));
	w->frozen_at = sqlite3_column_int64(st, 15);
	w->units = sqlite3_column_int64(st, 16);
}

int store_walk_get(struct db *db, int64_t activity_id, int64_t walk_id, struct walk *out)
{
	sqlite3_stmt *st;
	int rc = db_row(db, &st, "SELECT " WALK_COLUMNS " FROM walks w WHERE w.activity_id = ?1 AND w.id = ?2", "ii",
	                activity_id, walk_id);
	if (rc != SQLITE_ROW)
		return rc;
	read_walk(st, out);
	return db_finish(st, rc);
}

int store_walks_each(struct db *db, int64_t activity_id, const char *union_code,
                     void (*fn)(const struct walk *w, void *arg), void *arg)
{
	sqlite3_stmt *st;
	int rc = db_prepare(db, &st, "SELECT " WALK_COLUMNS " FROM walks w WHERE w.activity_id = ?1"
	                             " AND (?2 IS NULL OR w.union_code = ?2) ORDER BY w.id DESC",
	                    "it", activity_id, union_code);
	while (rc == SQLITE_OK || rc == SQLITE_ROW) {
		if ((rc = db_step(db, st)) != SQLITE_ROW)
			break;
		struct walk w;
		read_walk(st, &w);
		fn(&w, arg);
	}
	return st ? db_finish(st, rc) : rc;
}

int store_walk_units_each(struct db *db, int64_t walk_id, void (*fn)(const char *unit, void *arg), void *arg)
{
	sqlite3_stmt *st;
	int rc = db_prepare(db, &st, "SELECT unit FROM walk_units WHERE walk_id = ?1 ORDER BY unit", "i", walk_id);
	while (rc == SQLITE_OK || rc == SQLITE_ROW) {
		if ((rc = db_step(db, st)) != SQLITE_ROW)
			break;
		fn((const char *)sqlite3_column_text(st, 0), arg);
	}
	return st ? db_finish(st, rc) : rc;
}

static int replace_units(struct db *db, int64_t walk_id, const char *const *units, int nunits)
{
	int rc = db_execf(db, "DELETE FROM walk_units WHERE walk_id = ?1", "i", walk_id);
	for (int i = 0; i < nunits && rc == SQLITE_OK; i++)
		rc = db_execf(db, "INSERT OR IGNORE INTO walk_units (walk_id, unit) VALUES (?1, ?2)", "it", walk_id,
		              units[i]);
	return rc;
}

static void plan_days(const struct walk *w, char first[CAL_DAY_BUF], char last[CAL_DAY_BUF])
{
	cal_format_day(w->plan.first_day, first, CAL_DAY_BUF);
	cal_format_day(w->plan.last_day, last, CAL_DAY_BUF);
}

int store_walk_insert(struct db *db, const struct walk *w, const char *const *units, int nunits, int64_t *id)
{
	char first[CAL_DAY_BUF], last[CAL_DAY_BUF];
	plan_days(w, first, last);
	int rc = db_execf(db, "INSERT INTO walks (activity_id, union_code, name, description, first_day, last_day,"
	                      " goal_kind, goal_steps, goal_days, created_by, created_at, updated_at)"
	                      " VALUES (?1, nullif(?2, ''), ?3, ?4, ?5, ?6, ?7, ?8, nullif(?9, 0), ?10, ?11, ?11)",
	                  "ittttttiiii", w->activity_id, w->union_code, w->name, w->description, first, last,
	                  rules_walk_goal_name(w->plan.goal), w->plan.goal_steps,
	                  w->plan.goal == RULES_WALK_DAYS ? w->plan.goal_days : (int64_t)0, w->created_by, w->created_at);
	if (rc != SQLITE_OK)
		return rc;
	*id = sqlite3_last_insert_rowid(db_handle(db));
	return replace_units(db, *id, units, nunits);
}

int store_walk_update(struct db *db, const struct walk *w, const char *const *units, int nunits)
{
	char first[CAL_DAY_BUF], last[CAL_DAY_BUF];
	plan_days(w, first, last);
	int rc = db_execf(db, "UPDATE walks SET name = ?2, description = ?3, first_day = ?4, last_day = ?5,"
	                      " goal_kind = ?6, goal_steps = ?7, goal_days = nullif(?8, 0), updated_at = ?9,"
	                      " union_code = nullif(?10, '') WHERE id = ?1",
	                  "itttttiiit", w->id, w->name, w->description, first, last, rules_walk_goal_name(w->plan.goal),
	                  w->plan.goal_steps, w->plan.goal == RULES_WALK_DAYS ? w->plan.goal_days : (int64_t)0,
	                  w->updated_at, w->union_code);
	if (rc == SQLITE_OK && units)
		rc = replace_units(db, w->id, units, nunits);
	return rc;
}

int store_walk_cancel(struct db *db, int64_t walk_id, const char *reason, int64_t now)
{
	return db_execf(db, "UPDATE walks SET cancelled_at = ?2, cancel_reason = ?3, updated_at = ?2 WHERE id = ?1",
	                "iit", walk_id, now, reason);
}

/* Open to union u, unit n: the province's, or u's with no units or with n. */
#define WALK_OPEN_TO(u, n)                                                                                \
	"(w.union_code IS NULL OR (w.union_code = " u " AND (NOT EXISTS (SELECT 1 FROM walk_units x"         \
	" WHERE x.walk_id = w.id) OR EXISTS (SELECT 1 FROM walk_units x WHERE x.walk_id = w.id"              \
	" AND x.unit = " n "))))"

int store_walks_open_to(struct db *db, int64_t activity_id, int64_t user_id, const char *union_code,
                        const char *unit, void (*fn)(const struct walk *w, bool joined, void *arg), void *arg)
{
	sqlite3_stmt *st;
	int rc = db_prepare(db, &st,
		"SELECT " WALK_COLUMNS ", EXISTS (SELECT 1 FROM walk_joins j WHERE j.walk_id = w.id AND j.user_id = ?2) AS joined "
		"FROM walks w WHERE w.activity_id = ?1 AND (joined OR (w.cancelled_at IS NULL AND " WALK_OPEN_TO("?3", "?4")
		")) ORDER BY w.id DESC", "iitt", activity_id, user_id, union_code, unit);
	while (rc == SQLITE_OK || rc == SQLITE_ROW) {
		if ((rc = db_step(db, st)) != SQLITE_ROW)
			break;
		struct walk w;
		read_walk(st, &w);
		fn(&w, sqlite3_column_int(st, 17) != 0, arg);
	}
	return st ? db_finish(st, rc) : rc;
}

int store_walk_open_to(struct db *db, const struct walk *w, const char *union_code, const char *unit, bool *open)
{
	return db_exists(db, open, "SELECT 1 FROM walks w WHERE w.id = ?1 AND " WALK_OPEN_TO("?2", "?3"), "itt", w->id,
	                 union_code, unit);
}
