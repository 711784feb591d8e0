/* Team membership and targets on the settled day (RULES §5: "every member of
 * the team at the end of D", "the targets in force that day"). */
#include "settle_phases.h"

#include "db.h"
#include "store_fairplay.h"
#include "store_team.h"

#include <stdlib.h>
#include <string.h>

static int by_user(const void *a, const void *b)
{
	const struct day_member *x = a, *y = b;
	return (x->user_id > y->user_id) - (x->user_id < y->user_id);
}

static int by_team(const void *a, const void *b)
{
	const struct day_member *x = a, *y = b;
	if (x->team_id != y->team_id)
		return (x->team_id > y->team_id) - (x->team_id < y->team_id);
	return by_user(a, b);
}

static int load_members(struct settle_run *run)
{
	/* Spans open at the end of the day: joined before it ended, not left by
	 * then.  A member disqualified on the day is not one: the team is judged
	 * without them, their steps do not count for it (RULES §14). */
	sqlite3_stmt *st;
	int rc = db_prepare(run->db, &st, "SELECT m.user_id, m.team_id FROM team_members m WHERE m.activity_id = ?1"
	                                  " AND m.joined_at < ?2 AND (m.left_at IS NULL OR m.left_at >= ?2) AND NOT "
	                                  FAIRPLAY_DISQUALIFIED_ON("?1", "m.user_id", "?3"),
	                    "iit", run->a->id, cal_day_start(run->day + 1), run->day_text);
	if (rc != SQLITE_OK)
		return rc;
	size_t cap = 0;
	settle_grow((void **)&run->members_by_user, &cap, 0, sizeof *run->members_by_user);
	while ((rc = db_step(run->db, st)) == SQLITE_ROW) {
		settle_grow((void **)&run->members_by_user, &cap, run->nmembers, sizeof *run->members_by_user);
		run->members_by_user[run->nmembers++] = (struct day_member){ sqlite3_column_int64(st, 0),
		                                                              sqlite3_column_int64(st, 1) };
	}
	rc = db_finish(st, rc);
	if (rc != SQLITE_OK)
		return rc;
	run->members_by_team = malloc((run->nmembers + 1) * sizeof *run->members_by_team);
	if (!run->members_by_team)
		abort();
	memcpy(run->members_by_team, run->members_by_user, run->nmembers * sizeof *run->members_by_team);
	qsort(run->members_by_user, run->nmembers, sizeof *run->members_by_user, by_user);
	qsort(run->members_by_team, run->nmembers, sizeof *run->members_by_team, by_team);
	return SQLITE_OK;
}

/* The targets in force on the day for each team, from all its changes. */
static int load_targets(struct settle_run *run)
{
	sqlite3_stmt *st;
	int rc = db_prepare(run->db, &st, "SELECT tt.team_id, tt.effective_from, tt.member_target, tt.team_target "
	                                  "FROM team_targets tt JOIN teams t ON t.id = tt.team_id "
	                                  "WHERE t.activity_id = ?1 ORDER BY tt.team_id, tt.id", "i", run->a->id);
	if (rc != SQLITE_OK)
		return rc;
	struct rules_target_setting settings[TEAM_TARGETS_MAX];
	size_t n = 0, t = 0;
	int64_t current = -1;
	/* Rows come grouped by team; each group is resolved when the next begins. */
	for (;;) {
		rc = db_step(run->db, st);
		int64_t team = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : -2;
		if (team != current && current >= 0) {
			while (t < run->nteams && run->teams[t].team_id < current)
				t++;
			if (t < run->nteams && run->teams[t].team_id == current)
				run->teams[t].targets = rules_targets_in_force(run->r, settings, n, run->day);
			n = 0;
		}
		if (rc != SQLITE_ROW)
			break;
		current = team;
		if (n == TEAM_TARGETS_MAX) {   /* keep the newest changes: they decide the days being settled */
			memmove(settings, settings + 1, (n - 1) * sizeof *settings);
			n--;
		}
		if (cal_parse_day((const char *)sqlite3_column_text(st, 1), &settings[n].effective_from)) {
			settings[n].member_target = sqlite3_column_int64(st, 2);
			settings[n].team_target = sqlite3_column_int64(st, 3);
			n++;
		}
	}
	return db_finish(st, rc);
}

int settle_load_teams(struct settle_run *run)
{
	int rc = load_members(run);
	if (rc != SQLITE_OK)
		return rc;
	run->teams = calloc(run->nmembers + 1, sizeof *run->teams);
	if (!run->teams)
		abort();
	struct rules_targets defaults = rules_default_targets(run->r);
	for (size_t i = 0; i < run->nmembers; i++) {
		struct day_member *m = &run->members_by_team[i];
		if (run->nteams == 0 || run->teams[run->nteams - 1].team_id != m->team_id)
			run->teams[run->nteams++] = (struct day_team){ m->team_id, defaults, i, 0 };
		run->teams[run->nteams - 1].count++;
	}
	return load_targets(run);
}

void settle_free_teams(struct settle_run *run)
{
	free(run->members_by_user);
	free(run->members_by_team);
	free(run->teams);
	run->members_by_user = run->members_by_team = NULL;
	run->teams = NULL;
}

const struct day_team *settle_team_of(const struct settle_run *run, int64_t user_id)
{
	struct day_member key = { user_id, 0 };
	const struct day_member *m = bsearch(&key, run->members_by_user, run->nmembers, sizeof key, by_user);
	if (!m)
		return NULL;
	struct day_team tkey = { .team_id = m->team_id };
	size_t lo = 0, hi = run->nteams;
	while (lo < hi) {   /* teams are sorted by id */
		size_t mid = (lo + hi) / 2;
		if (run->teams[mid].team_id < tkey.team_id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < run->nteams && run->teams[lo].team_id == tkey.team_id ? &run->teams[lo] : NULL;
}
