/* The teams phase: every team's day — target met or not with the members of
 * that day and the targets in force, +2 to each member when met, the team's
 * running totals (RULES §4–§6). */
#include "settle_phases.h"

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
	int rc = db_execf(run->db, "INSERT OR REPLACE INTO team_days (activity_id, team_id, day, members, team_steps, met)"
	                           " VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
	                  "iitiin", run->a->id, t->team_id, run->day_text, (int64_t)t->count, steps, (int)met);
	if (rc != SQLITE_OK)
		return rc;
	return db_execf(run->db, "INSERT INTO team_totals (activity_id, team_id, compliant_days, team_steps, as_of) "
	                         "VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT (activity_id, team_id) DO UPDATE SET "
	                         "compliant_days = compliant_days + excluded.compliant_days,"
	                         " team_steps = team_steps + excluded.team_steps, as_of = excluded.as_of "
	                         "WHERE team_totals.as_of < excluded.as_of",
	                "iinit", run->a->id, t->team_id, (int)met, steps, run->day_text);
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

static int settle_team_chunk(struct settle_run *run, size_t lo, size_t hi, void *arg)
{
	(void)arg;
	int rc = SQLITE_OK;
	for (size_t i = lo; i < hi && rc == SQLITE_OK; i++)
		rc = settle_team(run, &run->teams[i]);
	if (rc == SQLITE_OK)
		run->stats->teams += (int64_t)(hi - lo);
	return rc;
}

int settle_teams(struct settle_run *run)
{
	return settle_chunks(run, run->nteams, settle_team_chunk, NULL);
}
