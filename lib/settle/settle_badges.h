#ifndef WALK_SETTLE_BADGES_H
#define WALK_SETTLE_BADGES_H
#include "settle_run.h"

/* Records the badges due and, after the final board, the team prize awards
 * (settle_badges.c).  Returns an SQLite code. */
int settle_badges(struct settle_run *run);

#endif
