#ifndef WALK_RULES_WALK_H
#define WALK_RULES_WALK_H
/*
 * Themed walks (主题健步走, README "Themed walks"): the rules of a walk's
 * plan, its phase, who counts from which day, and when its goal is reached.
 * Pure: the caller gives the activity's rules and the day of today.
 *
 *   A walk's days lie within the activity's days; when created (and while
 *   edited before it begins) its first day is at least tomorrow.
 *   Goal 'total': goal_steps counted steps over the walk's days, at most what
 *   the daily cap allows over them.  Goal 'days': goal_days days (at most the
 *   walk's length) at or above goal_steps counted steps (at most the cap).
 *   A participant counts from the walk's first day, or from the day they
 *   joined when later: that day counts in full (its steps are settled that
 *   evening).  Joining is open until the walk's last day is over.
 */
#include "rules.h"

#include <stdbool.h>
#include <stdint.h>

enum rules_walk_goal { RULES_WALK_TOTAL, RULES_WALK_DAYS };

struct rules_walk_plan {
	int32_t first_day, last_day;
	enum rules_walk_goal goal;
	int64_t goal_steps;     /* total: over the walk; days: the daily count */
	int64_t goal_days;      /* days only */
};

/* What is wrong with a plan, first fault first: the field the answer names. */
enum rules_walk_fault {
	RULES_WALK_OK,
	RULES_WALK_BAD_FIRST_DAY,   /* outside the activity, or not after today */
	RULES_WALK_BAD_LAST_DAY,    /* outside the activity, or before first_day */
	RULES_WALK_BAD_GOAL_STEPS,
	RULES_WALK_BAD_GOAL_DAYS,
};

/* Checks p for a walk made (or re-planned) on day today. */
enum rules_walk_fault rules_walk_plan_check(const struct activity_rules *r, const struct rules_walk_plan *p,
                                            int32_t today);
/* The JSON field of a fault ("first_day", "goal.steps", …); "" for OK. */
const char *rules_walk_fault_field(enum rules_walk_fault f);

enum rules_walk_phase { RULES_WALK_UPCOMING, RULES_WALK_RUNNING, RULES_WALK_ENDED, RULES_WALK_CANCELLED };
enum rules_walk_phase rules_walk_phase(const struct rules_walk_plan *p, int32_t today, bool cancelled);
const char *rules_walk_phase_name(enum rules_walk_phase ph);

/* Whether the plan may still change beyond its texts (before its first day). */
bool rules_walk_plan_editable(const struct rules_walk_plan *p, int32_t today);
/* The first day a participant joining on today counts, or -1 when joining is
 * closed (the walk is over). */
int32_t rules_walk_join_from(const struct rules_walk_plan *p, int32_t today);
/* Whether progress (counted steps over the walk, days at or above the daily
 * count) reaches the goal. */
bool rules_walk_goal_met(const struct rules_walk_plan *p, int64_t steps, int64_t good_days);

const char *rules_walk_goal_name(enum rules_walk_goal g);
/* "total" or "days" into *out: false for anything else (NULL included). */
bool rules_walk_goal_parse(const char *s, enum rules_walk_goal *out);

#endif
