#ifndef WALK_SETTLE_INTERNAL_H
#define WALK_SETTLE_INTERNAL_H
/* What the phases of one settlement share (settle*.c only). */
#include "calendar.h"
#include "settle.h"

/* Rows per write transaction: large enough that the per-transaction cost
 * (measured: it dominates below a few thousand users) is small, small enough
 * that a request waiting for the write lock waits well under 100 ms. */
enum { SETTLE_CHUNK = 2000 };

/* One member of a team at the end of the day. */
struct day_member {
	int64_t user_id, team_id;
};

/* A team on the day: its members (a slice of members_by_team) and targets. */
struct day_team {
	int64_t team_id;
	struct rules_targets targets;
	size_t first, count;
};

/* A user's counted steps of the day (phase 1's output, phase 2's input). */
struct day_count {
	int64_t user_id, counted;
};

struct settle_run {
	struct db *db;
	const struct activity *a;
	const struct activity_rules *r;
	int32_t day;
	char day_text[CAL_DAY_BUF];
	int64_t now;
	FILE *log;
	struct day_member *members_by_user;   /* sorted by user */
	struct day_member *members_by_team;   /* sorted by team, then user */
	size_t nmembers;
	struct day_team *teams;               /* sorted by team */
	size_t nteams;
	struct day_count *counts;             /* sorted by user */
	size_t ncounts, counts_cap;
	struct settle_stats *stats;
};

/* Commits a chunk, then pauses a moment: the settlement would otherwise take
 * the write lock again at once, and a request waiting for it (polling every
 * few milliseconds, see db.c) could wait through chunk after chunk. */
int settle_commit(struct settle_run *run);

/* Makes room for one more element in a growing array (*items, *cap in
 * elements of size bytes, n used); aborts on out-of-memory like every
 * allocation here. */
void settle_grow(void **items, size_t *cap, size_t n, size_t size);

/* settle_members.c: who was in which team at the end of the day, with the
 * targets in force.  Returns an SQLite code. */
int settle_load_teams(struct settle_run *run);
void settle_free_teams(struct settle_run *run);
const struct day_team *settle_team_of(const struct settle_run *run, int64_t user_id);

/* settle_users.c / settle_teams.c / settle_board.c: the phases. */
int settle_users(struct settle_run *run);
int settle_teams(struct settle_run *run);
int settle_board(struct settle_run *run, bool final);
int settle_ranks(struct settle_run *run);

/* A ledger award in the run's transaction; counts it.  Returns an SQLite code. */
int settle_award(struct settle_run *run, int64_t user_id, enum rules_ledger_kind kind, int64_t amount);

#endif
