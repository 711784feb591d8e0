/* Reminders: grants, the day's messages, the runs (store_reminders.h). */
#include "store_reminders.h"

#include "calendar.h"
#include "db.h"

#include <stdio.h>
#include <string.h>

/* --------------------------------------------------------- a participant */

int store_reminder_status(struct db *db, int64_t activity_id, int64_t user_id, int32_t today,
                          struct reminder_status *out)
{
	memset(out, 0, sizeof *out);
	char day[CAL_DAY_BUF];
	cal_format_day(today, day, sizeof day);
	sqlite3_stmt *st;
	int rc = db_row(db, &st,
	                "SELECT grants, last_sent_day, last_sent_at FROM reminder_grants"
	                " WHERE activity_id = ?1 AND user_id = ?2", "ii", activity_id, user_id);
	if (rc == SQLITE_ROW) {
		out->grants = sqlite3_column_int64(st, 0);
		out->has_last = cal_parse_day((const char *)sqlite3_column_text(st, 1), &out->last_day);
		out->last_sent_at = sqlite3_column_int64(st, 2);
		sqlite3_reset(st);
	} else if (rc != DB_NOTFOUND) {
		return rc;
	}
	rc = db_exists(db, &out->today_done,
	               "SELECT 1 FROM reminder_sends WHERE activity_id = ?1 AND day = ?2 AND user_id = ?3"
	               " AND state <> 'retry'", "iti", activity_id, day, user_id);
	if (rc == SQLITE_OK)
		rc = db_exists(db, &out->settled_today,
		               "SELECT 1 FROM daily_steps WHERE activity_id = ?1 AND user_id = ?2 AND day = ?3"
		               " AND settled = 1", "iit", activity_id, user_id, day);
	return rc;
}

int store_reminder_set_grants(struct db *db, int64_t activity_id, int64_t user_id, int64_t grants, int64_t now)
{
	return db_execf(db,
	                "INSERT INTO reminder_grants (activity_id, user_id, grants, updated_at) VALUES (?1, ?2, ?3, ?4) "
	                "ON CONFLICT (activity_id, user_id) DO UPDATE SET grants = excluded.grants,"
	                " updated_at = excluded.updated_at",
	                "iiii", activity_id, user_id, grants, now);
}

int store_reminder_remind_at(struct db *db, int64_t activity_id, int32_t *remind_at)
{
	int64_t v = 0;
	int rc = db_get_int(db, &v, "SELECT remind_at_s FROM activities WHERE id = ?1", "i", activity_id);
	if (rc == SQLITE_OK)
		*remind_at = (int32_t)v;
	return rc;
}

/* --------------------------------------------------------- the sender */

int store_reminder_candidates(struct db *db, int64_t activity_id, int32_t day, int64_t after_user_id,
                              int max_attempts, struct reminder_candidate *out, int max, int *n)
{
	*n = 0;
	char day_text[CAL_DAY_BUF];
	cal_format_day(day, day_text, sizeof day_text);
	sqlite3_stmt *st;
	int rc = db_prepare(db, &st,
		"SELECT g.user_id, u.openid FROM reminder_grants g "
		"JOIN enrollments e ON e.activity_id = g.activity_id AND e.user_id = g.user_id "
		"JOIN users u ON u.id = g.user_id "
		"WHERE g.activity_id = ?1 AND g.user_id > ?2 AND g.grants > 0"
		" AND NOT EXISTS (SELECT 1 FROM daily_steps d WHERE d.activity_id = ?1 AND d.user_id = g.user_id"
		"                 AND d.day = ?3 AND d.settled = 1)"
		" AND NOT EXISTS (SELECT 1 FROM reminder_sends s WHERE s.activity_id = ?1 AND s.day = ?3"
		"                 AND s.user_id = g.user_id AND NOT (s.state = 'retry' AND s.attempts < ?4)) "
		"ORDER BY g.user_id LIMIT ?5",
		"iitnn", activity_id, after_user_id, day_text, max_attempts, max);
	if (rc != SQLITE_OK)
		return rc;
	while ((rc = db_step(db, st)) == SQLITE_ROW && *n < max) {
		struct reminder_candidate *c = &out[(*n)++];
		c->user_id = sqlite3_column_int64(st, 0);
		snprintf(c->openid, sizeof c->openid, "%s", (const char *)sqlite3_column_text(st, 1));
	}
	return db_finish(st, rc);
}

int store_reminder_claim(struct db *db, int64_t activity_id, int64_t user_id, int32_t day, int max_attempts,
                         int64_t now, bool *claimed)
{
	*claimed = false;
	char day_text[CAL_DAY_BUF];
	cal_format_day(day, day_text, sizeof day_text);
	/* One statement: the checks and the row it writes cannot be separated by
	 * a sync that settles the day or a participant who stops the reminders. */
	sqlite3_stmt *st;
	int rc = db_row(db, &st,
		"INSERT INTO reminder_sends (activity_id, user_id, day, state, attempts, created_at, updated_at) "
		"SELECT ?1, ?2, ?3, 'sending', 1, ?4, ?4 "
		"WHERE EXISTS (SELECT 1 FROM reminder_grants WHERE activity_id = ?1 AND user_id = ?2 AND grants > 0)"
		" AND NOT EXISTS (SELECT 1 FROM daily_steps WHERE activity_id = ?1 AND user_id = ?2 AND day = ?3"
		"                 AND settled = 1) "
		"ON CONFLICT (activity_id, day, user_id) DO UPDATE SET state = 'sending', attempts = attempts + 1,"
		" updated_at = ?4 WHERE state = 'retry' AND attempts < ?5 "
		"RETURNING attempts",
		"iitin", activity_id, user_id, day_text, now, max_attempts);
	if (rc == SQLITE_ROW) {
		*claimed = true;
		/* The write is done at the first step; the reset ends its statement. */
		return db_finish(st, db_step(db, st));
	}
	return rc == DB_NOTFOUND ? SQLITE_OK : rc;
}

static const char *state_of(enum reminder_result r)
{
	switch (r) {
	case REMINDER_SENT: return "sent";
	case REMINDER_RETRY: return "retry";
	case REMINDER_NO_GRANT: return "no_grant";
	case REMINDER_REJECTED: return "rejected";
	}
	return "rejected";
}

/* One answer: the row moved from 'sending' (or 'unknown') to its state, and
 * when it moved, the grants it uses or drops. */
static int record_one(struct db *db, int64_t activity_id, const char *day, const struct reminder_answer *a,
                      int64_t now)
{
	int rc = db_execf(db,
		"UPDATE reminder_sends SET state = ?4, errcode = ?5, updated_at = ?6 "
		"WHERE activity_id = ?1 AND day = ?2 AND user_id = ?3 AND state IN ('sending', 'unknown')",
		"ititii", activity_id, day, a->user_id, state_of(a->result), (int64_t)a->errcode, now);
	if (rc != SQLITE_OK || sqlite3_changes(db_handle(db)) == 0)
		return rc;
	if (a->result == REMINDER_SENT)
		return db_execf(db,
			"UPDATE reminder_grants SET grants = grants - 1, last_sent_day = ?3, last_sent_at = ?4,"
			" updated_at = ?4 WHERE activity_id = ?1 AND user_id = ?2 AND grants > 0",
			"iiti", activity_id, a->user_id, day, now);
	if (a->result == REMINDER_NO_GRANT)
		return db_execf(db,
			"UPDATE reminder_grants SET grants = 0, updated_at = ?3 WHERE activity_id = ?1 AND user_id = ?2",
			"iii", activity_id, a->user_id, now);
	return SQLITE_OK;
}

int store_reminder_record(struct db *db, int64_t activity_id, int32_t day, const struct reminder_answer *answers,
                          int n, int64_t now)
{
	char day_text[CAL_DAY_BUF];
	cal_format_day(day, day_text, sizeof day_text);
	int rc = db_begin_write(db);
	for (int i = 0; i < n && rc == SQLITE_OK; i++)
		rc = record_one(db, activity_id, day_text, &answers[i], now);
	if (rc == SQLITE_OK)
		rc = db_commit(db);
	if (rc != SQLITE_OK)
		db_rollback(db);
	return rc;
}

int store_reminder_recover(struct db *db, int64_t activity_id, int32_t day, int64_t now, int64_t *count)
{
	*count = 0;
	char yesterday[CAL_DAY_BUF];
	cal_format_day(day - 1, yesterday, sizeof yesterday);
	int rc = db_execf(db,
	                  "UPDATE reminder_sends SET state = 'unknown', updated_at = ?3 "
	                  "WHERE activity_id = ?1 AND day >= ?2 AND state = 'sending'",
	                  "iti", activity_id, yesterday, now);
	if (rc == SQLITE_OK)
		*count = sqlite3_changes(db_handle(db));
	return rc;
}

/* --------------------------------------------------------- runs */

int store_reminder_run_start(struct db *db, int64_t activity_id, int32_t day, const char *template_sha256,
                             int64_t now, int64_t *run_id)
{
	char day_text[CAL_DAY_BUF];
	cal_format_day(day, day_text, sizeof day_text);
	int rc = db_execf(db,
	                  "INSERT INTO reminder_runs (activity_id, day, template_sha256, started_at) "
	                  "VALUES (?1, ?2, ?3, ?4)",
	                  "itti", activity_id, day_text, template_sha256, now);
	if (rc == SQLITE_OK)
		*run_id = sqlite3_last_insert_rowid(db_handle(db));
	return rc;
}

int store_reminder_run_finish(struct db *db, int64_t run_id, const struct reminder_run_counts *c,
                              const char *outcome, int64_t now)
{
	return db_execf(db,
	                "UPDATE reminder_runs SET finished_at = ?2, sent = ?3, retry_later = ?4, no_grant = ?5,"
	                " rejected = ?6, unknown = ?7, outcome = ?8 WHERE id = ?1",
	                "iiiiiiit", run_id, now, c->sent, c->retry_later, c->no_grant, c->rejected, c->unknown,
	                outcome);
}

int store_reminder_template_rejected(struct db *db, int64_t activity_id, int32_t day,
                                     const char *template_sha256, bool *rejected)
{
	char day_text[CAL_DAY_BUF];
	cal_format_day(day, day_text, sizeof day_text);
	return db_exists(db, rejected,
	                 "SELECT 1 FROM reminder_runs WHERE activity_id = ?1 AND day = ?2 AND template_sha256 = ?3"
	                 " AND outcome = 'template_rejected'",
	                 "itt", activity_id, day_text, template_sha256);
}
