#include "store_steps.h"

#include "calendar.h"
#include "db.h"

#include <stdio.h>

static void read_row(sqlite3_stmt *st, int first_col, struct day_steps *out)
{
	cal_parse_day((const char *)sqlite3_column_text(st, first_col), &out->day);
	out->raw_steps = sqlite3_column_int64(st, first_col + 1);
	out->settled = sqlite3_column_int(st, first_col + 2) != 0;
	out->last_sync_at = sqlite3_column_int64(st, first_col + 3);
}

int store_steps_record(struct db *db, int64_t activity_id, int64_t user_id, int32_t day, int64_t raw,
                       bool settles, int64_t sync_at, struct day_steps *after)
{
	char day_text[CAL_DAY_BUF];
	cal_format_day(day, day_text, sizeof day_text);
	sqlite3_stmt *st;
	int rc = db_row(db, &st,
		"INSERT INTO daily_steps (activity_id, user_id, day, raw_steps, settled, first_sync_at, last_sync_at) "
		"VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6) "
		"ON CONFLICT (activity_id, user_id, day) DO UPDATE SET"
		" raw_steps = max(raw_steps, excluded.raw_steps),"
		" settled = max(settled, excluded.settled),"
		" last_sync_at = excluded.last_sync_at "
		"RETURNING day, raw_steps, settled, last_sync_at",
		"iitini", activity_id, user_id, day_text, raw, settles ? 1 : 0, sync_at);
	if (rc != SQLITE_ROW)
		return rc;   /* the upsert's RETURNING always gives the row: no DB_NOTFOUND */
	read_row(st, 0, after);
	return db_finish(st, rc);
}

int store_steps_day(struct db *db, int64_t activity_id, int64_t user_id, int32_t day, struct day_steps *out)
{
	char day_text[CAL_DAY_BUF];
	cal_format_day(day, day_text, sizeof day_text);
	sqlite3_stmt *st;
	int rc = db_row(db, &st, "SELECT day, raw_steps, settled, last_sync_at FROM daily_steps "
	                         "WHERE activity_id = ?1 AND user_id = ?2 AND day = ?3",
	                "iit", activity_id, user_id, day_text);
	if (rc != SQLITE_ROW)
		return rc;
	read_row(st, 0, out);
	return db_finish(st, rc);
}

int store_steps_each(struct db *db, int64_t activity_id, int64_t user_id,
                     void (*fn)(const struct day_steps *d, void *arg), void *arg)
{
	sqlite3_stmt *st;
	int rc = db_prepare(db, &st, "SELECT day, raw_steps, settled, last_sync_at FROM daily_steps "
	                             "WHERE activity_id = ?1 AND user_id = ?2 ORDER BY day", "ii", activity_id, user_id);
	if (rc != SQLITE_OK)
		return rc;
	while ((rc = db_step(db, st)) == SQLITE_ROW) {
		struct day_steps d;
		read_row(st, 0, &d);
		fn(&d, arg);
	}
	return db_finish(st, rc);
}

struct sum {
	const struct activity_rules *rules;
	int64_t total;
};

static void add_counted(const struct day_steps *d, void *arg)
{
	struct sum *s = arg;
	s->total += rules_counted_steps(s->rules, d->day, d->raw_steps, d->settled);
}

/* The days after `after` (a day's text; "" for all of them). */
static int sum_days_after(struct db *db, int64_t activity_id, int64_t user_id, const char *after, struct sum *s)
{
	sqlite3_stmt *st;
	int rc = db_prepare(db, &st, "SELECT day, raw_steps, settled, last_sync_at FROM daily_steps "
	                             "WHERE activity_id = ?1 AND user_id = ?2 AND day > ?3", "iit",
	                    activity_id, user_id, after);
	if (rc != SQLITE_OK)
		return rc;
	while ((rc = db_step(db, st)) == SQLITE_ROW) {
		struct day_steps d;
		read_row(st, 0, &d);
		add_counted(&d, s);
	}
	return db_finish(st, rc);
}

int store_steps_cumulative(struct db *db, const struct activity_rules *r, int64_t activity_id,
                           int64_t user_id, int64_t *cumulative)
{
	/* The nightly settlement keeps the total of every day up to the last one
	 * that counted anything (user_totals.as_of; the days between it and the
	 * last settled day counted nothing).  Only the days after it are read
	 * here: today, and yesterday until the night has settled it, however long
	 * the event has run. */
	struct sum s = { r, 0 };
	char as_of[CAL_DAY_BUF] = "";
	sqlite3_stmt *st;
	int rc = db_row(db, &st, "SELECT cumulative, as_of FROM user_totals WHERE activity_id = ?1 AND user_id = ?2",
	                "ii", activity_id, user_id);
	if (rc == SQLITE_ROW) {
		s.total = sqlite3_column_int64(st, 0);
		snprintf(as_of, sizeof as_of, "%s", (const char *)sqlite3_column_text(st, 1));
		rc = db_finish(st, rc);
	}
	if (rc == DB_NOTFOUND)
		rc = SQLITE_OK;   /* not settled yet: every day is summed */
	if (rc == SQLITE_OK)
		rc = sum_days_after(db, activity_id, user_id, as_of, &s);
	*cumulative = s.total;
	return rc;
}
