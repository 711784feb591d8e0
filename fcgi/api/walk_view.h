#ifndef WALK_WALK_VIEW_H
#define WALK_WALK_VIEW_H
/*
 * A themed walk as the participants' and the admins' answers show it
 * (README "Themed walks"): its texts, union and units, days, goal and state.
 */
#include "http.h"
#include "store_walks.h"

/* The walk's JSON object, units included (a query): NULL with *rc set when
 * that query fails. */
cJSON *walk_json(struct db *db, const struct walk *w, int32_t today, int *rc);

#endif
