/* Go-live (RULES §10): the public test's results are wiped at first_day 00:00. */
#include "settle_phases.h"

#include "calendar.h"
#include "db.h"
#include "store_ledger.h"

#include <stdio.h>
#include <stdlib.h>

int settle_golive_done(struct db *db, int64_t activity_id, bool *done)
{
	return db_exists(db, done, "SELECT 1 FROM golive WHERE activity_id = ?1", "i", activity_id);
}

/* Runs sql, whose parameters are named: :activity, :first_day (text) and
 * :go_live (first_day 00:00), each bound only where sql uses it; *removed
 * (if not NULL) gets the rows it changed. */
static int wipe_step(struct db *db, const struct activity *a, const char *sql, int64_t *removed)
{
	sqlite3_stmt *st;
	int rc = db_prepare(db, &st, sql, "");
	char first[CAL_DAY_BUF];
	cal_format_day(a->rules.first_day, first, sizeof first);
	int at;
	if (rc == SQLITE_OK && (at = sqlite3_bind_parameter_index(st, ":activity")) > 0)
		rc = sqlite3_bind_int64(st, at, a->id);
	if (rc == SQLITE_OK && (at = sqlite3_bind_parameter_index(st, ":first_day")) > 0)
		rc = sqlite3_bind_text(st, at, first, -1, SQLITE_TRANSIENT);
	if (rc == SQLITE_OK && (at = sqlite3_bind_parameter_index(st, ":go_live")) > 0)
		rc = sqlite3_bind_int64(st, at, cal_day_start(a->rules.first_day));
	if (rc == SQLITE_OK)
		rc = db_run(db, st);
	if (rc == SQLITE_OK && removed)
		*removed = sqlite3_changes(db_handle(db));
	return rc;
}

/* Deletes what the public test produced, table by table, into *w. */
static int wipe(struct db *db, const struct activity *a, struct settle_wiped *w)
{
	/* Points are every ledger row written before go-live: the test's check-ins,
	 * step and target points, bonuses.  The ledger allows deletion only while
	 * ledger_wipe is open, inside this transaction. */
	const struct { const char *sql; int64_t *removed; } steps[] = {
		/* Red envelopes drawn in the test (paid in test mode, never at WeChat
		 * Pay): their tiers get them back, then they go; their redeem rows
		 * go with the ledger's. */
		{ "UPDATE pool_tiers SET drawn = drawn - (SELECT count(*) FROM draws d WHERE d.activity_id = :activity"
		  " AND d.created_at < :go_live AND d.amount_fen = pool_tiers.amount_fen) WHERE activity_id = :activity", NULL },
		{ "DELETE FROM payouts WHERE draw_id IN (SELECT id FROM draws WHERE activity_id = :activity"
		  " AND created_at < :go_live)", NULL },
		{ "DELETE FROM draws WHERE activity_id = :activity AND created_at < :go_live", NULL },
		{ "INSERT INTO ledger_wipe (open) VALUES (1)", NULL },
		{ "DELETE FROM ledger_entries WHERE activity_id = :activity AND created_at < :go_live", &w->ledger },
		{ "DELETE FROM ledger_wipe", NULL },
		{ "DELETE FROM daily_steps WHERE activity_id = :activity AND day < :first_day", &w->daily_steps },
		{ "DELETE FROM team_days WHERE activity_id = :activity AND day < :first_day", &w->team_days },
		{ "DELETE FROM user_totals WHERE activity_id = :activity", &w->user_totals },
		{ "DELETE FROM team_totals WHERE activity_id = :activity", &w->team_totals },
		{ "DELETE FROM team_board WHERE activity_id = :activity AND as_of < :first_day", &w->team_board },
		{ "DELETE FROM boards WHERE activity_id = :activity AND as_of < :first_day", &w->boards },
		{ "DELETE FROM settled_days WHERE activity_id = :activity AND day < :first_day", &w->settled_days },
		/* checkpoint progress (RULES §7): passes, the questions asked, essays */
		{ "DELETE FROM checkpoint_passes WHERE activity_id = :activity AND passed_at < :go_live", NULL },
		{ "DELETE FROM quiz_asked WHERE activity_id = :activity AND asked_at < :go_live", NULL },
		{ "DELETE FROM quiz_attempts WHERE activity_id = :activity AND issued_at < :go_live", NULL },
		{ "DELETE FROM essays WHERE activity_id = :activity AND created_at < :go_live", NULL },
		{ "DELETE FROM badges WHERE activity_id = :activity AND earned_at < :go_live", NULL },
		/* Checkpoint photos and posters: their files go to media_trash, which
		 * `walkctl media check` empties once this has committed. */
		{ "INSERT OR IGNORE INTO media_trash (file_id, trashed_at) SELECT file_id, :go_live FROM checkpoint_photos"
		  " WHERE activity_id = :activity AND file_id IS NOT NULL", NULL },
		{ "DELETE FROM checkpoint_photos WHERE activity_id = :activity", NULL },
	};
	int rc = SQLITE_OK;
	for (size_t i = 0; i < sizeof steps / sizeof steps[0] && rc == SQLITE_OK; i++)
		rc = wipe_step(db, a, steps[i].sql, steps[i].removed);
	return rc;
}

struct full_team {
	int64_t team_id, leader_id;
};

/* Teams stay, so a leader whose team was already full keeps the bonus: it is
 * awarded afresh, dated go-live. */
static int reaward_full_teams(struct db *db, const struct activity *a)
{
	struct full_team *teams = NULL;
	size_t n = 0, cap = 0;
	sqlite3_stmt *st;
	int rc = db_prepare(db, &st, "SELECT t.id, t.leader_id FROM teams t WHERE t.activity_id = ?1 AND (SELECT count(*)"
	                             " FROM team_members m WHERE m.team_id = t.id AND m.left_at IS NULL) >= ?2",
	                    "in", a->id, a->rules.team_size);
	if (rc == SQLITE_OK) {
		while ((rc = db_step(db, st)) == SQLITE_ROW) {
			settle_grow((void **)&teams, &cap, n, sizeof *teams);
			teams[n++] = (struct full_team){ sqlite3_column_int64(st, 0), sqlite3_column_int64(st, 1) };
		}
		rc = db_finish(st, rc);
	}
	for (size_t i = 0; i < n && rc == SQLITE_OK; i++) {
		bool already = false;
		rc = store_ledger_has_kind(db, a->id, teams[i].leader_id, RULES_LEDGER_LEADER_FULL_TEAM, &already);
		if (rc != SQLITE_OK || !rules_leader_full_team_due(&a->rules, a->rules.team_size, already))
			continue;
		rc = store_ledger_award(db, a->id, teams[i].leader_id, RULES_LEDGER_LEADER_FULL_TEAM, teams[i].team_id,
		                        a->rules.points_leader_full_team, cal_day_start(a->rules.first_day), NULL);
	}
	free(teams);
	return rc;
}

/* Inside the write transaction: once, with its record. */
static int go_live(struct db *db, const struct activity *a, int64_t now, bool *done, struct settle_wiped *w)
{
	bool before = false;
	int rc = settle_golive_done(db, a->id, &before);
	if (rc != SQLITE_OK || before)
		return rc;   /* done before: nothing to do */
	rc = wipe(db, a, w);
	if (rc == SQLITE_OK)
		rc = reaward_full_teams(db, a);
	if (rc == SQLITE_OK)
		rc = db_execf(db, "INSERT INTO golive (activity_id, done_at, wiped_steps, wiped_ledger) VALUES (?1, ?2, ?3, ?4)",
		              "iiii", a->id, now, w->daily_steps, w->ledger);
	*done = rc == SQLITE_OK;
	return rc;
}

enum settle_result settle_golive(struct db *db, const struct activity *a, int64_t now, bool *done,
                                 struct settle_wiped *wiped, char *reason, size_t reason_size)
{
	*done = false;
	*wiped = (struct settle_wiped){ 0 };
	if (!rules_first_day_begun(&a->rules, now)) {
		char first[CAL_DAY_BUF];
		cal_format_day(a->rules.first_day, first, sizeof first);
		snprintf(reason, reason_size, "go-live is at the first day, %s 00:00", first);
		return SETTLE_REFUSED;
	}
	int rc = db_begin_write(db);
	if (rc == SQLITE_OK)
		rc = go_live(db, a, now, done, wiped);
	if (rc == SQLITE_OK)
		rc = db_commit(db);
	if (rc != SQLITE_OK) {
		snprintf(reason, reason_size, "go-live failed: %s", sqlite3_errmsg(db_handle(db)));
		db_rollback(db);
		*done = false;
		return SETTLE_FAILED;
	}
	return SETTLE_OK;
}

enum settle_result settle_golive_when_due(struct db *db, const struct activity *a, int64_t now, bool *done,
                                          struct settle_wiped *wiped, char *reason, size_t reason_size)
{
	*done = false;
	*wiped = (struct settle_wiped){ 0 };
	const struct activity_rules *r = &a->rules;
	if (r->test_to < r->test_from || !rules_first_day_begun(r, now))
		return SETTLE_OK;
	return settle_golive(db, a, now, done, wiped, reason, reason_size);
}
