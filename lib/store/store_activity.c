#include "store_activity.h"

#include "calendar.h"
#include "db.h"
#include "log.h"

#include <stdio.h>
#include <string.h>

static int32_t column_day(sqlite3_stmt *st, int col)
{
	int32_t day = 0;
	cal_parse_day((const char *)sqlite3_column_text(st, col), &day);
	return day;
}

static int load_route(struct db *db, struct activity *a)
{
	sqlite3_stmt *st;
	int rc = db_prepare(db, &st, "SELECT name, stage_steps, cumulative_steps, landmark FROM checkpoints "
	                             "WHERE activity_id = ?1 ORDER BY seq", "i", a->id);
	if (rc != SQLITE_OK)
		return rc;
	int n = 0;
	while (n < RULES_MAX_CHECKPOINTS && (rc = db_step(db, st)) == SQLITE_ROW) {
		snprintf(a->checkpoint_name[n], sizeof a->checkpoint_name[n], "%s", sqlite3_column_text(st, 0));
		a->checkpoint_stage[n] = sqlite3_column_int64(st, 1);
		a->rules.checkpoint_threshold[n] = sqlite3_column_int64(st, 2);
		snprintf(a->checkpoint_landmark[n], sizeof a->checkpoint_landmark[n], "%s",
		         sqlite3_column_text(st, 3));
		n++;
	}
	a->rules.checkpoint_count = n;
	return db_finish(st, rc);
}

int store_activity_load_unchecked(struct db *db, int64_t id, struct activity *out)
{
	sqlite3_stmt *st;
	int rc = db_row(db, &st,
		"SELECT name, enroll_opens_at, test_from, test_to, first_day, last_day, total_days,"
		" settle_window_start_s, settle_window_end_s, daily_cap, steps_per_point, max_step_points,"
		" checkin_points, personal_target_points, team_target_points, essay_points,"
		" leader_bonus_points, points_per_draw, team_size, member_target, team_target,"
		" sync_max_skew_s, quiz_retry_s, essay_min_chars, essay_max_chars, board_freeze_at,"
		" redeem_deadline, team_prizes_first, team_prizes_second, team_prizes_third "
		"FROM activities WHERE id = ?1", "i", id);
	if (rc != SQLITE_ROW)
		return rc;
	memset(out, 0, sizeof *out);
	out->id = id;
	struct activity_rules *r = &out->rules;
	rules_defaults(r);   /* what the table does not (yet) hold: photo limits, tier amounts */
	snprintf(out->name, sizeof out->name, "%s", sqlite3_column_text(st, 0));
	r->enroll_opens = sqlite3_column_int64(st, 1);
	r->test_from = column_day(st, 2);
	r->test_to = column_day(st, 3);
	r->first_day = column_day(st, 4);
	r->last_day = column_day(st, 5);
	r->total_days = sqlite3_column_int(st, 6);
	r->settle_window_start = sqlite3_column_int(st, 7);
	r->settle_window_end = sqlite3_column_int(st, 8);
	r->daily_cap = sqlite3_column_int64(st, 9);
	r->steps_per_point = sqlite3_column_int64(st, 10);
	r->max_step_points = sqlite3_column_int64(st, 11);
	r->points_checkin = sqlite3_column_int64(st, 12);
	r->points_personal_target = sqlite3_column_int64(st, 13);
	r->points_team_target = sqlite3_column_int64(st, 14);
	r->points_essay = sqlite3_column_int64(st, 15);
	r->points_leader_full_team = sqlite3_column_int64(st, 16);
	r->points_per_draw = sqlite3_column_int64(st, 17);
	r->team_size = sqlite3_column_int(st, 18);
	r->member_target = sqlite3_column_int64(st, 19);
	r->team_target = sqlite3_column_int64(st, 20);
	r->sync_max_skew = sqlite3_column_int64(st, 21);
	r->quiz_retry_seconds = sqlite3_column_int64(st, 22);
	r->essay_min_chars = sqlite3_column_int(st, 23);
	r->essay_max_chars = sqlite3_column_int(st, 24);
	r->board_freeze_at = sqlite3_column_int64(st, 25);
	r->redeem_deadline = sqlite3_column_int64(st, 26);
	r->team_prizes[0] = sqlite3_column_int(st, 27);
	r->team_prizes[1] = sqlite3_column_int(st, 28);
	r->team_prizes[2] = sqlite3_column_int(st, 29);
	sqlite3_reset(st);
	return load_route(db, out);
}

int store_activity_load(struct db *db, int64_t id, struct activity *out)
{
	int rc = store_activity_load_unchecked(db, id, out);
	if (rc != SQLITE_OK)
		return rc;
	const char *bad = rules_check(&out->rules);
	if (bad) {
		log_error("activity %lld has an unusable configuration: %s", (long long)id, bad);
		return SQLITE_CORRUPT;
	}
	return SQLITE_OK;
}

int store_activity_ids(struct db *db, int64_t *ids, int max, int *count)
{
	sqlite3_stmt *st;
	int rc = db_prepare(db, &st, "SELECT id FROM activities ORDER BY id", "");
	if (rc != SQLITE_OK)
		return rc;
	int n = 0;
	while (n < max && (rc = db_step(db, st)) == SQLITE_ROW)
		ids[n++] = sqlite3_column_int64(st, 0);
	*count = n;
	return db_finish(st, rc);
}

int store_activity_newest(struct db *db, int64_t *id)
{
	return db_get_int(db, id, "SELECT max(id) FROM activities", "");
}
