/* Go-live (RULES §10): the public test's results are wiped at first_day 00:00. */
#include "settle.h"

#include "calendar.h"
#include "db.h"
#include "store_ledger.h"

#include <stdio.h>
#include <stdlib.h>

/* Deletes what the public test produced; counts what it removed. */
static int wipe(struct db *db, const struct activity *a, int64_t *steps, int64_t *points)
{
	char first[CAL_DAY_BUF];
	cal_format_day(a->rules.first_day, first, sizeof first);
	int64_t go_live = cal_day_start(a->rules.first_day);
	/* Points are every ledger row written before go-live: the test's check-ins,
	 * step and target points, bonuses.  The ledger allows deletion only while
	 * ledger_wipe is open, inside this transaction. */
	static const char *const sql[] = {
		"INSERT INTO ledger_wipe (open) VALUES (1)",
		"DELETE FROM ledger WHERE activity_id = ?1 AND created_at < ?3",
		"DELETE FROM ledger_wipe",
		"DELETE FROM daily_steps WHERE activity_id = ?1 AND day < ?2",
		"DELETE FROM team_days WHERE activity_id = ?1 AND day < ?2",
		"DELETE FROM user_totals WHERE activity_id = ?1",
		"DELETE FROM team_totals WHERE activity_id = ?1",
		"DELETE FROM team_board WHERE activity_id = ?1 AND as_of < ?2",
		"DELETE FROM boards WHERE activity_id = ?1 AND as_of < ?2",
		"DELETE FROM settled_days WHERE activity_id = ?1 AND day < ?2",
	};
	for (size_t i = 0; i < sizeof sql / sizeof sql[0]; i++) {
		sqlite3_stmt *st = db_stmt(db, sql[i]);
		if (!st)
			return SQLITE_ERROR;
		sqlite3_bind_int64(st, 1, a->id);
		if (sqlite3_bind_parameter_count(st) >= 2)
			sqlite3_bind_text(st, 2, first, -1, SQLITE_TRANSIENT);
		if (sqlite3_bind_parameter_count(st) >= 3)
			sqlite3_bind_int64(st, 3, go_live);
		int rc = sqlite3_step(st);
		sqlite3_reset(st);
		if (rc != SQLITE_DONE)
			return db_note_rc(db, rc);
		if (i == 1)
			*points = sqlite3_changes(db_handle(db));
		if (i == 3)
			*steps = sqlite3_changes(db_handle(db));
	}
	return SQLITE_OK;
}

/* Teams stay, so a leader whose team was already full keeps the bonus: it is
 * awarded afresh, dated go-live. */
static int reaward_full_teams(struct db *db, const struct activity *a)
{
	sqlite3_stmt *st = db_stmt(db, "SELECT t.id, t.leader_id FROM teams t WHERE t.activity_id = ?1 AND "
	                               "(SELECT count(*) FROM team_members m WHERE m.team_id = t.id AND m.left_at IS NULL) >= ?2");
	if (!st)
		return SQLITE_ERROR;
	sqlite3_bind_int64(st, 1, a->id);
	sqlite3_bind_int(st, 2, a->rules.team_size);
	int64_t (*ids)[2] = NULL;
	size_t n = 0, cap = 0;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (n == cap) {
			cap = cap ? cap * 2 : 256;
			int64_t (*p)[2] = realloc(ids, cap * sizeof *ids);
			if (!p)
				abort();
			ids = p;
		}
		ids[n][0] = sqlite3_column_int64(st, 0);
		ids[n][1] = sqlite3_column_int64(st, 1);
		n++;
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		free(ids);
		return db_note_rc(db, rc);
	}
	for (size_t i = 0; i < n; i++) {
		bool already = false;
		rc = store_ledger_has_kind(db, a->id, ids[i][1], RULES_LEDGER_LEADER_FULL_TEAM, &already);
		if (rc != SQLITE_OK)
			break;
		if (!rules_leader_full_team_due(&a->rules, a->rules.team_size, already))
			continue;
		char ref[RULES_REF_BUF];
		rules_ledger_ref(RULES_LEDGER_LEADER_FULL_TEAM, ids[i][0], ref, sizeof ref);
		rc = store_ledger_award(db, a->id, ids[i][1], RULES_LEDGER_LEADER_FULL_TEAM, ref,
		                        a->rules.points_leader_full_team, cal_day_start(a->rules.first_day), NULL);
		if (rc != SQLITE_OK)
			break;
	}
	free(ids);
	return rc == SQLITE_DONE ? SQLITE_OK : rc;
}

int settle_golive(struct db *db, const struct activity *a, int64_t now, bool *done, char *reason,
                  size_t reason_size)
{
	*done = false;
	if (!rules_first_day_begun(&a->rules, now)) {
		char first[CAL_DAY_BUF];
		cal_format_day(a->rules.first_day, first, sizeof first);
		snprintf(reason, reason_size, "go-live is at the first day, %s 00:00", first);
		return -1;
	}
	int rc = db_begin_write(db);
	if (rc != SQLITE_OK) {
		snprintf(reason, reason_size, "cannot start go-live: %s", sqlite3_errmsg(db_handle(db)));
		return -1;
	}
	sqlite3_stmt *chk = db_stmt(db, "SELECT 1 FROM golive WHERE activity_id = ?1");
	bool found = false;
	if (chk) {
		sqlite3_bind_int64(chk, 1, a->id);
		found = sqlite3_step(chk) == SQLITE_ROW;
		sqlite3_reset(chk);
	}
	if (found) {
		db_rollback(db);
		return 0;   /* done before: harmless */
	}
	int64_t steps = 0, points = 0;
	rc = wipe(db, a, &steps, &points);
	if (rc == SQLITE_OK)
		rc = reaward_full_teams(db, a);
	sqlite3_stmt *st = rc == SQLITE_OK ? db_stmt(db, "INSERT INTO golive (activity_id, done_at, wiped_steps, wiped_ledger) "
	                                                 "VALUES (?1, ?2, ?3, ?4)") : NULL;
	if (st) {
		sqlite3_bind_int64(st, 1, a->id);
		sqlite3_bind_int64(st, 2, now);
		sqlite3_bind_int64(st, 3, steps);
		sqlite3_bind_int64(st, 4, points);
		rc = sqlite3_step(st) == SQLITE_DONE ? SQLITE_OK : SQLITE_ERROR;
		sqlite3_reset(st);
	}
	if (rc == SQLITE_OK)
		rc = db_commit(db);
	if (rc != SQLITE_OK) {
		snprintf(reason, reason_size, "go-live failed: %s", sqlite3_errmsg(db_handle(db)));
		db_rollback(db);
		return -1;
	}
	*done = true;
	return 0;
}
