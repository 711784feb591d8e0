#ifndef WALK_FAIRPLAY_PASSES_H
#define WALK_FAIRPLAY_PASSES_H
/*
 * How far the pass has looked, per activity and pattern that reads only what
 * is new (same_counts, team_same_counts, multi_mobile; schema 043,
 * fairplay_passes): the next night's pass then reads only what came since.
 */
#include "calendar.h"

#include <stdint.h>

struct db;

/* What is new for a pattern. */
struct fairplay_since {
	/* The first day whose counts are new; "" for everything (no pass looked
	 * with these thresholds yet).  After the day looked at when no day is. */
	char new_from[CAL_DAY_BUF];
	/* The previous pass's instant, less a margin: flags of the kind cleared,
	 * and mobiles added, at or after it are new. */
	int64_t since;
};

/* "5/30": the thresholds a pattern looks with, as the state keeps them. */
void fairplay_thresholds_text(const int *threshold, int n, char *out, size_t len);

/* What the pattern kind, with thresholds, looks at up to day: everything when
 * no pass looked with them, or when one looked at a later day.  SQLITE_OK or
 * the error. */
int fairplay_since_read(struct db *db, int64_t activity_id, const char *kind, const char *thresholds,
                        const char *day, struct fairplay_since *out);

/* Notes that the pattern looked up to day with thresholds at now (in the
 * caller's write transaction), unless it looked back at an earlier day than
 * the latest with the same thresholds.  SQLITE_OK or the error. */
int fairplay_since_note(struct db *db, int64_t activity_id, const char *kind, const char *thresholds,
                        const char *day, int64_t now);

#endif
