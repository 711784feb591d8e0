/* Themed walks' rules (rules_walk.h). */
#include "rules_walk.h"

#include <string.h>

enum rules_walk_fault rules_walk_plan_check(const struct activity_rules *r, const struct rules_walk_plan *p,
                                            int32_t today)
{
	if (p->first_day < r->first_day || p->first_day > r->last_day || p->first_day <= today)
		return RULES_WALK_BAD_FIRST_DAY;
	if (p->last_day < p->first_day || p->last_day > r->last_day)
		return RULES_WALK_BAD_LAST_DAY;
	int64_t days = (int64_t)p->last_day - p->first_day + 1;
	if (p->goal == RULES_WALK_TOTAL)
		return p->goal_steps >= 1 && p->goal_steps <= days * r->daily_cap ? RULES_WALK_OK
		                                                                   : RULES_WALK_BAD_GOAL_STEPS;
	if (p->goal_steps < 1 || p->goal_steps > r->daily_cap)
		return RULES_WALK_BAD_GOAL_STEPS;
	return p->goal_days >= 1 && p->goal_days <= days ? RULES_WALK_OK : RULES_WALK_BAD_GOAL_DAYS;
}

const char *rules_walk_fault_field(enum rules_walk_fault f)
{
	switch (f) {
	case RULES_WALK_BAD_FIRST_DAY: return "first_day";
	case RULES_WALK_BAD_LAST_DAY: return "last_day";
	case RULES_WALK_BAD_GOAL_STEPS: return "goal.steps";
	case RULES_WALK_BAD_GOAL_DAYS: return "goal.days";
	case RULES_WALK_OK: break;
	}
	return "";
}

enum rules_walk_phase rules_walk_phase(const struct rules_walk_plan *p, int32_t today, bool cancelled)
{
	if (cancelled)
		return RULES_WALK_CANCELLED;
	if (today < p->first_day)
		return RULES_WALK_UPCOMING;
	return today <= p->last_day ? RULES_WALK_RUNNING : RULES_WALK_ENDED;
}

const char *rules_walk_phase_name(enum rules_walk_phase ph)
{
	static const char *const names[] = { "upcoming", "running", "ended", "cancelled" };
	return names[ph];
}

bool rules_walk_plan_editable(const struct rules_walk_plan *p, int32_t today)
{
	return today < p->first_day;
}

int32_t rules_walk_join_from(const struct rules_walk_plan *p, int32_t today)
{
	if (today > p->last_day)
		return -1;
	return today > p->first_day ? today : p->first_day;
}

bool rules_walk_goal_met(const struct rules_walk_plan *p, int64_t steps, int64_t good_days)
{
	return p->goal == RULES_WALK_TOTAL ? steps >= p->goal_steps : good_days >= p->goal_days;
}

const char *rules_walk_goal_name(enum rules_walk_goal g)
{
	return g == RULES_WALK_TOTAL ? "total" : "days";
}

bool rules_walk_goal_parse(const char *s, enum rules_walk_goal *out)
{
	if (s && strcmp(s, "total") == 0)
		*out = RULES_WALK_TOTAL;
	else if (s && strcmp(s, "days") == 0)
		*out = RULES_WALK_DAYS;
	else
		return false;
	return true;
}
