#include "store_admin_stats.h"

#include "calendar.h"
#include "db.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

/* The entry of code in u, or NULL (a union added after the list was read). */
static struct union_figures *find_union(struct union_figures *u, int n, const char *code)
{
	for (int i = 0; i < n; i++)
		if (code && strcmp(u[i].code, code) == 0)
			return &u[i];
	return NULL;
}

static void bind_day(sqlite3_stmt *st, int index, int32_t day)
{
	char text[CAL_DAY_BUF];
	cal_format_day(day, text, sizeof text);
	sqlite3_bind_text(st, index, text, -1, SQLITE_TRANSIENT);
}

static int finish(struct db *db, sqlite3_stmt *st, int rc)
{
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? SQLITE_OK : db_note_rc(db, rc);
}

int store_stats_unions(struct db *db, int64_t aid, struct union_figures *out, int max, int *n)
{
	sqlite3_stmt *st = db_stmt(db,
		"SELECT u.code, u.name, u.category, u.quota_people,"
		" (SELECT count(*) FROM enrollments e WHERE e.activity_id = ?1 AND e.union_code = u.code) "
		"FROM unions u WHERE u.parent_code IS NOT NULL ORDER BY u.sort_order");
	if (!st)
		return SQLITE_ERROR;
	sqlite3_bind_int64(st, 1, aid);
	*n = 0;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW && *n < max) {
		struct union_figures *f = &out[(*n)++];
		memset(f, 0, sizeof *f);
		snprintf(f->code, sizeof f->code, "%s", sqlite3_column_text(st, 0));
		snprintf(f->name, sizeof f->name, "%s", sqlite3_column_text(st, 1));
		snprintf(f->category, sizeof f->category, "%s", sqlite3_column_text(st, 2));
		f->quota = sqlite3_column_int64(st, 3);
		f->enrolled = sqlite3_column_int64(st, 4);
	}
	return finish(db, st, rc == SQLITE_ROW ? SQLITE_DONE : rc);
}

int store_stats_active(struct db *db, int64_t aid, int32_t today, struct union_figures *u, int n)
{
	sqlite3_stmt *st = db_stmt(db,
		"SELECT e.union_code, d.day = ?2, count(*) FROM daily_steps d "
		"JOIN enrollments e ON e.activity_id = d.activity_id AND e.user_id = d.user_id "
		"WHERE d.activity_id = ?1 AND d.day IN (?2, ?3) AND d.settled = 1 "
		"GROUP BY e.union_code, d.day");
	if (!st)
		return SQLITE_ERROR;
	sqlite3_bind_int64(st, 1, aid);
	bind_day(st, 2, today);
	bind_day(st, 3, today - 1);
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct union_figures *f = find_union(u, n, (const char *)sqlite3_column_text(st, 0));
		if (!f)
			continue;
		if (sqlite3_column_int(st, 1))
			f->active_today = sqlite3_column_int64(st, 2);
		else
			f->active_yesterday = sqlite3_column_int64(st, 2);
	}
	return finish(db, st, rc);
}

int store_stats_history(struct db *db, int64_t aid, int32_t from, int32_t to, struct union_figures *u, int n)
{
	sqlite3_stmt *st = db_stmt(db,
		"SELECT union_code, sum(active), sum(counted_steps) FROM admin_union_days "
		"WHERE activity_id = ?1 AND day BETWEEN ?2 AND ?3 GROUP BY union_code");
	if (!st)
		return SQLITE_ERROR;
	sqlite3_bind_int64(st, 1, aid);
	bind_day(st, 2, from);
	bind_day(st, 3, to);
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct union_figures *f = find_union(u, n, (const char *)sqlite3_column_text(st, 0));
		if (!f)
			continue;
		f->active_days += sqlite3_column_int64(st, 1);
		f->counted_steps += sqlite3_column_int64(st, 2);
	}
	return finish(db, st, rc);
}

int store_stats_teams(struct db *db, int64_t aid, int32_t settled, struct union_figures *u, int n)
{
	/* A team counts for its leader's union.  One probe of team_days' primary
	 * key per team: no scan of the activity's whole history. */
	sqlite3_stmt *st = db_stmt(db,
		"SELECT e.union_code, count(*), coalesce(sum(td.met), 0) FROM teams t "
		"JOIN enrollments e ON e.activity_id = t.activity_id AND e.user_id = t.leader_id "
		"LEFT JOIN team_days td ON td.activity_id = t.activity_id AND td.team_id = t.id AND td.day = ?2 "
		"WHERE t.activity_id = ?1 GROUP BY e.union_code");
	if (!st)
		return SQLITE_ERROR;
	sqlite3_bind_int64(st, 1, aid);
	if (settled != INT32_MIN)
		bind_day(st, 2, settled);   /* else NULL: matches no row */
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct union_figures *f = find_union(u, n, (const char *)sqlite3_column_text(st, 0));
		if (!f)
			continue;
		f->teams = sqlite3_column_int64(st, 1);
		f->compliant_teams = sqlite3_column_int64(st, 2);
	}
	return finish(db, st, rc);
}

int store_stats_last_settled(struct db *db, int64_t aid, int32_t not_after, int32_t *day)
{
	sqlite3_stmt *st = db_stmt(db, "SELECT max(day) FROM settled_days WHERE activity_id = ?1 AND day <= ?2");
	if (!st)
		return SQLITE_ERROR;
	sqlite3_bind_int64(st, 1, aid);
	bind_day(st, 2, not_after);
	int rc = sqlite3_step(st);
	bool found = rc == SQLITE_ROW && cal_parse_day((const char *)sqlite3_column_text(st, 0), day);
	rc = finish(db, st, rc == SQLITE_ROW ? SQLITE_DONE : rc);
	return rc == SQLITE_OK && !found ? SQLITE_NOTFOUND : rc;
}

int store_stats_missing_days(struct db *db, int64_t aid, int32_t from, int32_t to, int32_t *days, int max,
                             int *n)
{
	*n = 0;
	sqlite3_stmt *st = db_stmt(db, "SELECT day FROM admin_days_done WHERE activity_id = ?1 "
	                               "AND day BETWEEN ?2 AND ?3 ORDER BY day");
	if (!st)
		return SQLITE_ERROR;
	sqlite3_bind_int64(st, 1, aid);
	bind_day(st, 2, from);
	bind_day(st, 3, to);
	/* Both lists are in order: walk the days and skip those done. */
	int32_t next = from;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		int32_t done;
		if (!cal_parse_day((const char *)sqlite3_column_text(st, 0), &done))
			continue;
		for (; next < done && *n < max; next++)
			days[(*n)++] = next;
		next = done + 1;
	}
	for (; next <= to && *n < max; next++)
		days[(*n)++] = next;
	return finish(db, st, rc);
}

int store_stats_compute_day(struct db *db, const struct activity_rules *r, int64_t aid, int32_t day,
                            struct union_figures *u, int n)
{
	sqlite3_stmt *st = db_stmt(db,
		"SELECT e.union_code, d.raw_steps FROM daily_steps d "
		"JOIN enrollments e ON e.activity_id = d.activity_id AND e.user_id = d.user_id "
		"WHERE d.activity_id = ?1 AND d.day = ?2 AND d.settled = 1");
	if (!st)
		return SQLITE_ERROR;
	sqlite3_bind_int64(st, 1, aid);
	bind_day(st, 2, day);
	struct union_figures *last = NULL;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *code = (const char *)sqlite3_column_text(st, 0);
		/* Rows come in user order, unions mixed: remember the last match anyway. */
		struct union_figures *f = last && strcmp(last->code, code) == 0 ? last : find_union(u, n, code);
		if (!f)
			continue;
		last = f;
		f->active_days++;
		f->counted_steps += rules_counted_steps(r, day, sqlite3_column_int64(st, 1), true);
	}
	return finish(db, st, rc);
}

int store_stats_save_day(struct db *db, int64_t aid, int32_t day, const struct union_figures *u, int n,
                         int64_t now)
{
	sqlite3_stmt *st = db_stmt(db, "INSERT OR REPLACE INTO admin_union_days (activity_id, day, union_code,"
	                               " active, counted_steps) VALUES (?1, ?2, ?3, ?4, ?5)");
	if (!st)
		return SQLITE_ERROR;
	for (int i = 0; i < n; i++) {
		if (u[i].active_days == 0)
			continue;
		sqlite3_bind_int64(st, 1, aid);
		bind_day(st, 2, day);
		sqlite3_bind_text(st, 3, u[i].code, -1, SQLITE_STATIC);
		sqlite3_bind_int64(st, 4, u[i].active_days);
		sqlite3_bind_int64(st, 5, u[i].counted_steps);
		int rc = sqlite3_step(st);
		sqlite3_reset(st);
		if (rc != SQLITE_DONE)
			return db_note_rc(db, rc);
	}
	st = db_stmt(db, "INSERT OR IGNORE INTO admin_days_done (activity_id, day, computed_at) VALUES (?1, ?2, ?3)");
	if (!st)
		return SQLITE_ERROR;
	sqlite3_bind_int64(st, 1, aid);
	bind_day(st, 2, day);
	sqlite3_bind_int64(st, 3, now);
	return finish(db, st, sqlite3_step(st));
}

int store_stats_daily(struct db *db, int64_t aid, const char *union_code, int32_t from, int32_t to,
                      void (*fn)(int32_t day, int64_t active, int64_t counted_steps, void *arg), void *arg)
{
	sqlite3_stmt *st = db_stmt(db,
		"SELECT day, sum(active), sum(counted_steps) FROM admin_union_days "
		"WHERE activity_id = ?1 AND day BETWEEN ?2 AND ?3 AND (?4 IS NULL OR union_code = ?4) "
		"GROUP BY day ORDER BY day");
	if (!st)
		return SQLITE_ERROR;
	sqlite3_bind_int64(st, 1, aid);
	bind_day(st, 2, from);
	bind_day(st, 3, to);
	if (union_code)
		sqlite3_bind_text(st, 4, union_code, -1, SQLITE_STATIC);
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		int32_t day;
		if (cal_parse_day((const char *)sqlite3_column_text(st, 0), &day))
			fn(day, sqlite3_column_int64(st, 1), sqlite3_column_int64(st, 2), arg);
	}
	return finish(db, st, rc);
}
