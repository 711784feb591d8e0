#include "store_activity_settings.h"

#include "db.h"

#include <stdio.h>
#include <string.h>

/* The SQL naming f's column.  The column comes from the settings table
 * (rules_settings.c), never from a request. */
static const char *column_sql(char *buf, size_t size, const char *before, const struct setting_field *f,
                              const char *after)
{
	snprintf(buf, size, "%s%s%s", before, f->name, after);
	return buf;
}

static bool is_text(const struct setting_field *f)
{
	return f->kind == SETTING_DAY || f->kind == SETTING_TEXT;
}

static void read_column(sqlite3_stmt *st, int col, const struct setting_field *f, struct setting_value *out)
{
	memset(out, 0, sizeof *out);
	if (is_text(f))
		snprintf(out->text, sizeof out->text, "%s", (const char *)sqlite3_column_text(st, col));
	else
		out->number = sqlite3_column_int64(st, col);
}

int store_setting_get(struct db *db, int64_t aid, const struct setting_field *f, struct setting_value *out)
{
	char sql[128];
	sqlite3_stmt *st;
	int rc = db_row(db, &st, column_sql(sql, sizeof sql, "SELECT ", f, " FROM activities WHERE id = ?1"), "i", aid);
	if (rc != SQLITE_ROW)
		return rc;
	read_column(st, 0, f, out);
	sqlite3_reset(st);
	return SQLITE_OK;
}

int store_settings_get_all(struct db *db, int64_t aid, struct setting_value *out)
{
	size_t n;
	const struct setting_field *fields = rules_setting_fields(&n);
	char sql[1024] = "SELECT ";
	for (size_t i = 0; i < n; i++) {
		strncat(sql, fields[i].name, sizeof sql - strlen(sql) - 1);
		strncat(sql, i + 1 < n ? ", " : " FROM activities WHERE id = ?1", sizeof sql - strlen(sql) - 1);
	}
	sqlite3_stmt *st;
	int rc = db_row(db, &st, sql, "i", aid);
	if (rc != SQLITE_ROW)
		return rc;
	for (size_t i = 0; i < n; i++)
		read_column(st, (int)i, &fields[i], &out[i]);
	sqlite3_reset(st);
	return SQLITE_OK;
}

int store_setting_set(struct db *db, int64_t aid, const struct setting_field *f, const struct setting_value *v)
{
	char sql[128];
	column_sql(sql, sizeof sql, "UPDATE activities SET ", f, " = ?2 WHERE id = ?1");
	return is_text(f) ? db_execf(db, sql, "it", aid, v->text) : db_execf(db, sql, "ii", aid, v->number);
}

int store_activity_sync_total_days(struct db *db, int64_t aid)
{
	return db_execf(db, "UPDATE activities SET total_days = CAST(julianday(last_day) - julianday(first_day) AS INTEGER) + 1 "
	                    "WHERE id = ?1", "i", aid);
}

int store_config_version(struct db *db, int64_t *version)
{
	return db_get_int(db, version, "SELECT version FROM config_version WHERE id = 1", "");
}

int store_activity_copy(struct db *db, int64_t from, const char *name, int32_t shift_days, int64_t now,
                        int64_t *id)
{
	bool found = false;
	int rc = db_exists(db, &found, "SELECT 1 FROM activities WHERE id = ?1", "i", from);
	if (rc != SQLITE_OK || !found)
		return rc != SQLITE_OK ? rc : DB_NOTFOUND;
	char days[32];   /* SQLite's date modifier, e.g. "+366 day" */
	snprintf(days, sizeof days, "%+d day", (int)shift_days);
	int64_t seconds = (int64_t)shift_days * 86400;
	rc = db_execf(db,
		"INSERT INTO activities (name, enroll_opens_at, test_from, test_to, first_day, last_day, total_days,"
		" settle_window_start_s, settle_window_end_s, daily_cap, steps_per_point, max_step_points,"
		" checkin_points, personal_target_points, team_target_points, essay_points, leader_bonus_points,"
		" points_per_draw, team_size, member_target, team_target, sync_max_skew_s, quiz_retry_s,"
		" essay_min_chars, essay_max_chars, board_freeze_at, redeem_deadline, team_prizes_first,"
		" team_prizes_second, team_prizes_third, remind_at_s, created_at) "
		"SELECT ?2, enroll_opens_at + ?4, date(test_from, ?3), date(test_to, ?3), date(first_day, ?3),"
		" date(last_day, ?3), total_days, settle_window_start_s, settle_window_end_s, daily_cap, steps_per_point,"
		" max_step_points, checkin_points, personal_target_points, team_target_points, essay_points,"
		" leader_bonus_points, points_per_draw, team_size, member_target, team_target, sync_max_skew_s,"
		" quiz_retry_s, essay_min_chars, essay_max_chars, board_freeze_at + ?4, redeem_deadline + ?4,"
		" team_prizes_first, team_prizes_second, team_prizes_third, remind_at_s, ?5 "
		"FROM activities WHERE id = ?1", "ittii", from, name, days, seconds, now);
	if (rc != SQLITE_OK)
		return rc;
	*id = sqlite3_last_insert_rowid(db_handle(db));
	rc = db_execf(db, "INSERT INTO checkpoints (activity_id, seq, name, stage_steps, cumulative_steps, landmark) "
	                  "SELECT ?2, seq, name, stage_steps, cumulative_steps, landmark FROM checkpoints "
	                  "WHERE activity_id = ?1", "ii", from, *id);
	if (rc == SQLITE_OK)
		rc = db_execf(db, "INSERT INTO quiz_questions (activity_id, seq, text, option_a, option_b, option_c,"
		                  " option_d, answer, created_at) SELECT ?2, seq, text, option_a, option_b, option_c,"
		                  " option_d, answer, ?3 FROM quiz_questions WHERE activity_id = ?1 AND retired_at IS NULL "
		                  "ORDER BY id", "iii", from, *id, now);
	if (rc == SQLITE_OK)
		rc = db_execf(db, "INSERT INTO pool_tiers (activity_id, amount_fen, count) "
		                  "SELECT ?2, amount_fen, count FROM pool_tiers WHERE activity_id = ?1", "ii", from, *id);
	if (rc == SQLITE_OK)
		rc = db_execf(db, "INSERT INTO pools (activity_id, daily_release, updated_at) "
		                  "SELECT ?2, daily_release, ?3 FROM pools WHERE activity_id = ?1", "iii", from, *id, now);
	return rc;
}
