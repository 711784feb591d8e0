#ifndef WALK_STORE_ACTIVITY_SETTINGS_H
#define WALK_STORE_ACTIVITY_SETTINGS_H
/*
 * Reading and writing an activity's settings one column at a time
 * (rules_settings.h names the columns), and a new activity copied from an
 * old one.  Every write moves config_version (schema 004's triggers), so
 * workers reload the activity at their next request.
 *
 * Return codes (lib/base/db.h): SQLITE_OK; DB_NOTFOUND when the activity
 * does not exist; else the SQLite error as SQLite gave it.  Writers expect
 * the caller's write transaction; readers run in the caller's transaction.
 */
#include "rules_settings.h"

#include <stdint.h>

struct db;

/* A setting's value: number for SETTING_INT and SETTING_INSTANT, text for
 * SETTING_DAY and SETTING_TEXT. */
struct setting_value {
	int64_t number;
	char text[256];
};

int store_setting_get(struct db *db, int64_t aid, const struct setting_field *f, struct setting_value *out);
/* Every setting at once, in rules_setting_fields() order: out holds as many. */
int store_settings_get_all(struct db *db, int64_t aid, struct setting_value *out);
int store_setting_set(struct db *db, int64_t aid, const struct setting_field *f, const struct setting_value *v);
/* Sets total_days to first_day..last_day's length (RULES §1). */
int store_activity_sync_total_days(struct db *db, int64_t aid);
/* config_version's value (schema 004). */
int store_config_version(struct db *db, int64_t *version);

/* A new activity named name, a copy of activity from with every day and
 * instant moved by shift_days: its rule numbers, reminder time, checkpoint
 * route, the quiz questions in use, the pool's tiers (counts, nothing drawn)
 * and daily release.  Nothing of its people is copied.  *id gets the new
 * id.  DB_NOTFOUND when from does not exist. */
int store_activity_copy(struct db *db, int64_t from, const char *name, int32_t shift_days, int64_t now,
                        int64_t *id);

#endif
