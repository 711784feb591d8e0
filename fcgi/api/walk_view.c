/* A themed walk's JSON (walk_view.h). */
#include "walk_view.h"

#include "db.h"

#include <stdio.h>

static void add_unit(const char *unit, void *arg)
{
	cJSON_AddItemToArray(arg, cJSON_CreateString(unit));
}

cJSON *walk_json(struct db *db, const struct walk *w, int32_t today, int *rc)
{
	char first[CAL_DAY_BUF], last[CAL_DAY_BUF];
	cal_format_day(w->plan.first_day, first, sizeof first);
	cal_format_day(w->plan.last_day, last, sizeof last);
	cJSON *o = cJSON_CreateObject();
	cJSON_AddNumberToObject(o, "id", (double)w->id);
	cJSON_AddStringToObject(o, "name", w->name);
	cJSON_AddStringToObject(o, "description", w->description);
	if (w->union_code[0])
		cJSON_AddStringToObject(o, "union", w->union_code);
	else
		cJSON_AddNullToObject(o, "union");
	*rc = store_walk_units_each(db, w->id, add_unit, cJSON_AddArrayToObject(o, "units"));
	cJSON_AddStringToObject(o, "first_day", first);
	cJSON_AddStringToObject(o, "last_day", last);
	cJSON *g = cJSON_AddObjectToObject(o, "goal");
	cJSON_AddStringToObject(g, "kind", rules_walk_goal_name(w->plan.goal));
	cJSON_AddNumberToObject(g, "steps", (double)w->plan.goal_steps);
	if (w->plan.goal == RULES_WALK_DAYS)
		cJSON_AddNumberToObject(g, "days", (double)w->plan.goal_days);
	cJSON_AddStringToObject(o, "state", rules_walk_phase_name(rules_walk_phase(&w->plan, today, w->cancelled_at)));
	if (w->cancelled_at)
		cJSON_AddStringToObject(o, "cancel_reason", w->cancel_reason);
	cJSON_AddBoolToObject(o, "final", w->frozen_at != 0);
	if (*rc != SQLITE_OK) {
		cJSON_Delete(o);
		return NULL;
	}
	return o;
}
