#ifndef WALK_RULES_SETTINGS_H
#define WALK_RULES_SETTINGS_H
/*
 * The activity settings an admin may edit (RULES §1–§8, README "Activity
 * settings"): one entry per column of the activities table, its kind, its
 * range, and when it may still change.
 *
 * Before the first day every setting may change.  From the first day only
 * those that cannot change a result already computed: the name, the reminder
 * time, and the two deadlines as long as neither the old nor the new instant
 * is reached.  total_days is not a setting: it follows first_day..last_day.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum setting_kind {
	SETTING_INT,       /* an integer in [min, max] */
	SETTING_DAY,       /* "YYYY-MM-DD" (UTC+8) */
	SETTING_INSTANT,   /* ISO 8601 with offset, stored as Unix seconds */
	SETTING_TEXT,      /* min..max characters */
};

enum setting_lock {
	SETTING_ALWAYS,         /* editable at any time */
	SETTING_BEFORE_START,   /* editable before the first day only */
	SETTING_UNTIL_REACHED,  /* an instant: editable while old and new are ahead */
};

struct setting_field {
	const char *name;          /* the column, and the JSON member */
	enum setting_kind kind;
	int64_t min, max;          /* SETTING_INT: the value; SETTING_TEXT: characters */
	enum setting_lock lock;
	const char *label;         /* how the pages name it */
};

/* Every setting, in the order the pages show them; *n gets their number. */
const struct setting_field *rules_setting_fields(size_t *n);
/* The setting called name, or NULL. */
const struct setting_field *rules_setting_find(const char *name);
/* Whether f may change at now, for an activity whose first day has begun
 * (started) or not, from old to new (instants; ignored for other kinds). */
bool rules_setting_editable(const struct setting_field *f, bool started, int64_t now, int64_t old_value,
                            int64_t new_value);

struct activity_rules;
/* What is wrong with r as a whole: the name of a setting (a column of the
 * table above) that contradicts another, or NULL.  rules_check()'s checks,
 * and the deadlines inside the activity: enrollment opens before the first
 * day, the board freezes and redemption closes after the first day began
 * and at the end of the last day at the latest. */
const char *rules_settings_check(const struct activity_rules *r);

#endif
