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

/* A day as the text the tables hold ("YYYY-MM-DD"), for a 't' bind: the
 * temporary lives until the call it is an argument of returns, and SQLite
 * copies bound text. */
struct day_text {
	char text[CAL_DAY_BUF];
};

static struct day_text day_text(int32_t day)
{
	struct day_text d;
	cal_format_day(day, d.text, sizeof d.text);
	return d;
}

int store_stats_unions(struct db *db, int64_t aid, struct union_figures *out, int max, int *n)
{
	sqlite3_stmt *st;
	int rc = db_prepare(db, &st,
		"SELECT u.code, u.name, u.category, u.quota_people,"
		" (SELECT count(*) FROM enrollments e WHERE e.activity_id = ?1 AND e.union_code = u.code) "
		"FROM unions u WHERE u.parent_code IS NOT NULL ORDER BY u.sort_order", "i", aid);
	if (rc != SQLITE_OK)
		return rc;
	*n = 0;
	while (*n < max && (rc = db_step(db, st)) == SQLITE_ROW) {
		struct union_figures *f = &out[(*n)++];
		memset(f, 0, sizeof *f);
		snprintf(f->code, sizeof f->code, "%s", sqlite3_column_text(st, 0));
		snprintf(f->name, sizeof f->name, "%s", sqlite3_column_text(st, 1));
		snprintf(f->category, sizeof f->category, "%s", sqlite3_column_text(st, 2));
		f->quota = sqlite3_column_int64(st, 3);
		f->enrolled = sqlite3_column_int64(st, 4);
	}
	return db_finish(st, rc);
}

/* Steps st, prepared as rc says, whose rows start with a union code: add()
 * takes each row into that union's figures (rows of unions not in u are
 * skipped).  SQLITE_OK or the error. */
static int add_by_union(struct db *db, int rc, sqlite3_stmt *st, struct union_figures *u, int n,
                        void (*add)(struct union_figures *f, sqlite3_stmt *row))
{
	if (rc != SQLITE_OK)
		return rc;
	while ((rc = db_step(db, st)) == SQLITE_ROW) {
		struct union_figures *f = find_union(u, n, (const char *)sqlite3_column_text(st, 0));
		if (f)
			add(f, st);
	}
	return db_finish(st, rc);
}

static void add_active(struct union_figures *f, sqlite3_stmt *row)
{
	if (sqlite3_column_int(row, 1))
		f->active_today = sqlite3_column_int64(row, 2);
	else
		f->active_yesterday = sqlite3_column_int64(row, 2);
}

int store_stats_active(struct db *db, int64_t aid, int32_t today, struct union_figures *u, int n)
{
	sqlite3_stmt *st;
	int rc = db_prepare(db, &st,
		"SELECT e.union_code, d.day = ?2, count(*) FROM daily_steps d "
		"JOIN enrollments e ON e.activity_id = d.activity_id AND e.user_id = d.user_id "
		"WHERE d.activity_id = ?1 AND d.day IN (?2, ?3) AND d.settled = 1 "
		"GROUP BY e.union_code, d.day", "itt", aid, day_text(today).text, day_text(today - 1).text);
	return add_by_union(db, rc, st, u, n, add_active);
}

static void add_history(struct union_figures *f, sqlite3_stmt *row)
{
	f->active_days += sqlite3_column_int64(row, 1);
	f->counted_steps += sqlite3_column_int64(row, 2);
}

int store_stats_history(struct db *db, int64_t aid, int32_t from, int32_t to, struct union_figures *u, int n)
{
	sqlite3_stmt *st;
	int rc = db_prepare(db, &st,
		"SELECT union_code, sum(active), sum(counted_steps) FROM admin_union_days "
		"WHERE activity_id = ?1 AND day BETWEEN ?2 AND ?3 GROUP BY union_code",
		"itt", aid, day_text(from).text, day_text(to).text);
	return add_by_union(db, rc, st, u, n, add_history);
}

static void add_badges(struct union_figures *f, sqlite3_stmt *row)
{
	f->badges = sqlite3_column_int64(row, 1);
}

int store_stats_badges(struct db *db, int64_t aid, struct union_figures *u, int n)
{
	sqlite3_stmt *st;
	int rc = db_prepare(db, &st,
		"SELECT e.union_code, count(*) FROM badges b "
		"JOIN enrollments e ON e.activity_id = b.activity_id AND e.user_id = b.user_id "
		"WHERE b.activity_id = ?1 GROUP BY e.union_code", "i", aid);
	return add_by_union(db, rc, st, u, n, add_badges);
}

int store_stats_spend(struct db *db, int64_t aid, const char *union_code, int32_t day, int64_t *draws,
                      int64_t *fen)
{
	sqlite3_stmt *st;
	int rc = db_row(db, &st,
		"SELECT count(*), coalesce(sum(d.amount_fen), 0) FROM draws d "
		"JOIN enrollments e ON e.activity_id = d.activity_id AND e.user_id = d.user_id "
		"WHERE d.activity_id = ?1 AND d.day = ?2 AND (?3 IS NULL OR e.union_code = ?3)",
		"itt", aid, day_text(day).text, union_code);
	if (rc != SQLITE_ROW)
		return rc;
	*draws = sqlite3_column_int64(st, 0);
	*fen = sqlite3_column_int64(st, 1);
	sqlite3_reset(st);
	return SQLITE_OK;
}

static void add_teams(struct union_figures *f, sqlite3_stmt *row)
{
	f->teams = sqlite3_column_int64(row, 1);
	f->compliant_teams = sqlite3_column_int64(row, 2);
}

int store_stats_teams(struct db *db, int64_t aid, int32_t settled, struct union_figures *u, int n)
{
	/* A team counts for its leader's union.  One probe of team_days' primary
	 * key per team: no scan of the activity's whole history.  No day settled
	 * yet binds NULL, which matches no row. */
	sqlite3_stmt *st;
	int rc = db_prepare(db, &st,
		"SELECT e.union_code, count(*), coalesce(sum(td.met), 0) FROM teams t "
		"JOIN enrollments e ON e.activity_id = t.activity_id AND e.user_id = t.leader_id "
		"LEFT JOIN team_days td ON td.activity_id = t.activity_id AND td.team_id = t.id AND td.day = ?2 "
		"WHERE t.activity_id = ?1 AND t.dissolved_at IS NULL GROUP BY e.union_code",   /* schema 032 */
		"it", aid, settled != INT32_MIN ? day_text(settled).text : NULL);
	return add_by_union(db, rc, st, u, n, add_teams);
}

int store_stats_last_settled(struct db *db, int64_t aid, int32_t not_after, int32_t *day)
{
	sqlite3_stmt *st;
	int rc = db_row(db, &st, "SELECT max(day) FROM settled_days WHERE activity_id = ?1 AND day <= ?2",
	                "it", aid, day_text(not_after).text);
	if (rc != SQLITE_ROW)
		return rc;
	/* max() over no rows is one NULL row: no day settled yet. */
	bool found = cal_parse_day((const char *)sqlite3_column_text(st, 0), day);
	rc = db_finish(st, rc);
	return rc == SQLITE_OK && !found ? DB_NOTFOUND : rc;
}

int store_stats_missing_days(struct db *db, int64_t aid, int32_t from, int32_t to, int32_t *days, int max,
                             int *n)
{
	*n = 0;
	sqlite3_stmt *st;
	int rc = db_prepare(db, &st, "SELECT day FROM admin_days_done WHERE activity_id = ?1 "
	                             "AND day BETWEEN ?2 AND ?3 ORDER BY day",
	                    "itt", aid, day_text(from).text, day_text(to).text);
	if (rc != SQLITE_OK)
		return rc;
	/* Both lists are in order: walk the days and skip those done. */
	int32_t next = from;
	while ((rc = db_step(db, st)) == SQLITE_ROW) {
		int32_t done;
		if (!cal_parse_day((const char *)sqlite3_column_text(st, 0), &done))
			continue;
		for (; next < done && *n < max; next++)
			days[(*n)++] = next;
		next = done + 1;
	}
	for (; next <= to && *n < max; next++)
		days[(*n)++] = next;
	return db_finish(st, rc);
}

int store_stats_compute_day(struct db *db, const struct activity_rules *r, int64_t aid, int32_t day,
                            struct union_figures *u, int n)
{
	sqlite3_stmt *st;
	int rc = db_prepare(db, &st,
		"SELECT e.union_code, d.raw_steps FROM daily_steps d "
		"JOIN enrollments e ON e.activity_id = d.activity_id AND e.user_id = d.user_id "
		"WHERE d.activity_id = ?1 AND d.day = ?2 AND d.settled = 1", "it", aid, day_text(day).text);
	if (rc != SQLITE_OK)
		return rc;
	struct union_figures *last = NULL;
	while ((rc = db_step(db, st)) == SQLITE_ROW) {
		const char *code = (const char *)sqlite3_column_text(st, 0);
		/* Rows come in user order, unions mixed: remember the last match anyway. */
		struct union_figures *f = last && strcmp(last->code, code) == 0 ? last : find_union(u, n, code);
		if (!f)
			continue;
		last = f;
		f->active_days++;
		f->counted_steps += rules_counted_steps(r, day, sqlite3_column_int64(st, 1), true);
	}
	return db_finish(st, rc);
}

int store_stats_save_day(struct db *db, int64_t aid, int32_t day, const struct union_figures *u, int n,
                         int64_t now)
{
	struct day_text text = day_text(day);
	int rc = SQLITE_OK;
	for (int i = 0; i < n && rc == SQLITE_OK; i++)
		if (u[i].active_days > 0)
			rc = db_execf(db, "INSERT OR REPLACE INTO admin_union_days (activity_id, day, union_code,"
			                  " active, counted_steps) VALUES (?1, ?2, ?3, ?4, ?5)",
			              "ittii", aid, text.text, u[i].code, u[i].active_days, u[i].counted_steps);
	if (rc == SQLITE_OK)
		rc = db_execf(db, "INSERT OR IGNORE INTO admin_days_done (activity_id, day, computed_at) VALUES (?1, ?2, ?3)",
		              "iti", aid, text.text, now);
	return rc;
}

int store_stats_daily(struct db *db, int64_t aid, const char *union_code, int32_t from, int32_t to,
                      void (*fn)(int32_t day, int64_t active, int64_t counted_steps, void *arg), void *arg)
{
	sqlite3_stmt *st;
	int rc = db_prepare(db, &st,
		"SELECT day, sum(active), sum(counted_steps) FROM admin_union_days "
		"WHERE activity_id = ?1 AND day BETWEEN ?2 AND ?3 AND (?4 IS NULL OR union_code = ?4) "
		"GROUP BY day ORDER BY day", "ittt", aid, day_text(from).text, day_text(to).text, union_code);
	if (rc != SQLITE_OK)
		return rc;
	while ((rc = db_step(db, st)) == SQLITE_ROW) {
		int32_t day;
		if (cal_parse_day((const char *)sqlite3_column_text(st, 0), &day))
			fn(day, sqlite3_column_int64(st, 1), sqlite3_column_int64(st, 2), arg);
	}
	return db_finish(st, rc);
}
