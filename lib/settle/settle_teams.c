/* Phase 2: every team's day — target met or not with the members of that day
 * and the targets in force, +2 to each member when met, the team's running
 * totals (RULES §4–§6). */
#include "settle_internal.h"

#include "db.h"

#include <stdlib.h>

static int by_user(const void *key, const void *elem)
{
	int64_t u = *(const int64_t *)key, v = ((const struct day_count *)elem)->user_id;
	return (u > v) - (u < v);
}

static int64_t counted_of(const struct settle_run *run, int64_t user_id)
{
	if (run->ncounts == 0)
		return 0;
	const struct day_count *c = bsearch(&user_id, run->counts, run->ncounts, sizeof *c, by_user);
	return c ? c->counted : 0;
}

static int record_team_day(struct settle_run *run, const struct day_team *t, int64_t steps, bool met)
{
	/* The day's row is recomputed (replaced); the totals move forward once. */
	sqlite3_stmt *st = db_stmt(run->db, "INSERT OR REPLACE INTO team_days (activity_id, team_id, day, members,"
	                                    " team_steps, met) VALUES (?1, ?2, ?3, ?4, ?5, ?6)");
	if (!st)
		return SQLITE_ERROR;
	sqlite3_bind_int64(st, 1, run->a->id);
	sqlite3_bind_int64(st, 2, t->team_id);
	sqlite3_bind_text(st, 3, run->day_text, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 4, (int64_t)t->count);
	sqlite3_bind_int64(st, 5, steps);
	sqlite3_bind_int(st, 6, met);
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return db_note_rc(run->db, rc);
	st = db_stmt(run->db, "INSERT INTO team_totals (activity_id, team_id, compliant_days, team_steps, as_of) "
	                      "VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT (activity_id, team_id) DO UPDATE SET "
	                      "compliant_days = compliant_days + excluded.compliant_days,"
	                      " team_steps = team_steps + excluded.team_steps, as_of = excluded.as_of "
	                      "WHERE team_totals.as_of < excluded.as_of");
	if (!st)
		return SQLITE_ERROR;
	sqlite3_bind_int64(st, 1, run->a->id);
	sqlite3_bind_int64(st, 2, t->team_id);
	sqlite3_bind_int(st, 3, met);
	sqlite3_bind_int64(st, 4, steps);
	sqlite3_bind_text(st, 5, run->day_text, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? SQLITE_OK : db_note_rc(run->db, rc);
}

static int settle_team(struct settle_run *run, const struct day_team *t)
{
	int64_t counted[RULES_MAX_TEAM_SIZE];
	size_t n = t->count < RULES_MAX_TEAM_SIZE ? t->count : RULES_MAX_TEAM_SIZE;
	int64_t steps = 0;
	for (size_t i = 0; i < n; i++) {
		counted[i] = counted_of(run, run->members_by_team[t->first + i].user_id);
		steps += counted[i];
	}
	bool met = rules_team_target_met(counted, n, t->targets.member_target, t->targets.team_target);
	int rc = record_team_day(run, t, steps, met);
	if (met) {
		run->stats->teams_met++;
		int64_t points = rules_team_target_points(run->r, true);
		for (size_t i = 0; i < n && rc == SQLITE_OK; i++)
			rc = settle_award(run, run->members_by_team[t->first + i].user_id, RULES_LEDGER_TEAM_TARGET, points);
	}
	return rc;
}

int settle_teams(struct settle_run *run)
{
	for (size_t start = 0; start < run->nteams; start += SETTLE_CHUNK) {
		int rc = db_begin_write(run->db);
		size_t end = start + SETTLE_CHUNK < run->nteams ? start + SETTLE_CHUNK : run->nteams;
		for (size_t i = start; i < end && rc == SQLITE_OK; i++)
			rc = settle_team(run, &run->teams[i]);
		if (rc == SQLITE_OK)
			rc = settle_commit(run);
		if (rc != SQLITE_OK) {
			db_rollback(run->db);
			return rc;
		}
		run->stats->teams += (int64_t)(end - start);
	}
	return SQLITE_OK;
}
