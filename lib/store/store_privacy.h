#ifndef WALK_STORE_PRIVACY_H
#define WALK_STORE_PRIVACY_H
/*
 * The privacy notice (schema 039, README "Personal information"): versioned
 * per activity, with activity 0's as the default of every activity that has
 * none of its own.  Enrolling accepts the current version; a newer one asks
 * again before the next change of the enrollment.
 *
 * Return codes (lib/base/db.h): SQLITE_OK or the SQLite error.
 */
#include <stddef.h>
#include <stdint.h>

struct db;

enum { PRIVACY_TEXT_MAX = 8000 };   /* bytes of a notice */

struct privacy_notice {
	int64_t version, published_at;
	char text[PRIVACY_TEXT_MAX + 1];
};

/* The activity's current notice (its own newest, else the default's). */
int store_privacy_current(struct db *db, int64_t activity_id, struct privacy_notice *out);
/* Publishes text as the activity's next version (above its current one) by
 * actor; *version gets its number.  Call inside a write transaction. */
int store_privacy_publish(struct db *db, int64_t activity_id, const char *text, const char *actor, int64_t now,
                          int64_t *version);

#endif
