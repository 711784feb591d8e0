#ifndef WALK_SETTLE_PHASES_H
#define WALK_SETTLE_PHASES_H
/* The phases of a settlement run, in the order settle.c runs them (lib/settle
 * only).  Each commits its own chunks through settle_run.h and returns an
 * SQLite code. */
#include "settle_run.h"

/* settle_members.c: who was in which team at the end of the day, with the
 * targets in force (RULES §5).  settle_team_of: the user's team, or NULL. */
int settle_load_teams(struct settle_run *run);
void settle_free_teams(struct settle_run *run);
const struct day_team *settle_team_of(const struct settle_run *run, int64_t user_id);

/* settle_users.c: every enrolled user's day (RULES §2, §4). */
int settle_users(struct settle_run *run);
/* settle_teams.c: every team's day (RULES §4–§6). */
int settle_teams(struct settle_run *run);
/* settle_board.c: the team board, final or not (RULES §6), then the personal
 * boards and ranks. */
int settle_board(struct settle_run *run, bool final);
int settle_ranks(struct settle_run *run);

/* settle_walks.c: every themed walk's progress from the day's counted steps. */
int settle_walks(struct settle_run *run);

/* settle_golive.c: whether go-live (RULES §10) was done: SQLITE_OK with *done
 * set, or the error. */
int settle_golive_done(struct db *db, int64_t activity_id, bool *done);

#endif
