#ifndef WALK_SETTLE_H
#define WALK_SETTLE_H
/*
 * The nightly settlement (RULES §2, §4–§6, §10): turns a day's syncs into points,
 * team results, running totals, ranks and the boards.
 *
 * Exact:       every figure comes from the rules module (rules.h).
 * Idempotent:  ledger rows have natural keys; running totals carry the day
 *              they include (as_of) and are only moved forward; per-day rows
 *              are recomputed, not incremented.  A settled day is recorded in
 *              settled_days, and settling it again changes nothing.
 * Crash-safe:  a run killed at any moment leaves only whole chunks behind;
 *              running it again completes the rest and ends in the state of
 *              an uninterrupted run.
 * Online:      writes are committed in chunks of a few thousand rows, so that
 *              no request waits long for the write lock.
 *
 * Days are settled in order: a day is refused while an earlier scoring day of
 * the activity is unsettled, and a day that is not over yet is refused.
 *
 * Go-live (RULES §10) comes first: the first settlement run at or after
 * first_day 00:00 wipes the public test, whether or not a day is pending.
 * The test's days are settled only before first_day begins, so the last one,
 * over at go-live itself when it is first_day's eve, is not settled but wiped
 * with the rest: its points would be wiped the moment they were awarded.
 *
 * One run at a time: a run holds the settlement's lock (settle_run.h) and
 * marks the runs it finds recorded 'running', necessarily dead, 'abandoned'.
 */
#include "store_activity.h"

#include <stdint.h>
#include <stdio.h>

struct db;

struct settle_stats {
	int64_t run_id;
	int64_t users, teams, teams_met, awards;   /* awards: ledger rows written */
	int64_t abandoned;   /* dead runs found 'running' and marked 'abandoned' */
	double seconds;
	bool skipped;      /* the day was settled before: nothing changed */
	bool board;        /* a board snapshot was made (not after the final one) */
	bool final_board;  /* ...and it is the final one */
};

enum settle_result { SETTLE_OK, SETTLE_REFUSED, SETTLE_FAILED };

/* Settles day of activity a at instant now (the server clock), after go-live
 * when it is due.  reason gets a one-line explanation for SETTLE_REFUSED
 * (also: another settlement is running) and SETTLE_FAILED (with SQLite's
 * message).  log (may be NULL) receives progress lines. */
enum settle_result settle_day(struct db *db, const struct activity *a, int32_t day, int64_t now,
                              struct settle_stats *stats, FILE *log, char *reason, size_t reason_size);

/* The days a settlement at now has to settle, in order: every scoring day of
 * the activity up to yesterday (and up to last_day) not yet settled, test days
 * only before first_day begins.  At most max into days, *n of them.  Returns
 * SQLITE_OK or the SQLite error. */
int settle_pending_days(struct db *db, const struct activity *a, int64_t now, int32_t *days, int max, int *n);

/* What go-live removed, table by table (rows). */
struct settle_wiped {
	int64_t ledger, daily_steps, team_days, user_totals, team_totals, team_board, boards, settled_days;
};

/* Go-live (RULES §10): the public-test data is wiped — steps, points (with a
 * fresh leader bonus for teams already full, since the teams stay), team
 * results, totals and boards of test days — keeping users, enrollments and
 * teams.  Done once per activity, in one transaction: *done tells whether
 * this call did it (then *wiped says what went).  SETTLE_REFUSED before
 * first_day begins, SETTLE_FAILED on an error (reason). */
enum settle_result settle_golive(struct db *db, const struct activity *a, int64_t now, bool *done,
                                 struct settle_wiped *wiped, char *reason, size_t reason_size);

/* Go-live if it is due at now: first_day has begun, the activity has a public
 * test, and go-live was not done.  walkctl settle calls it first, also when
 * no day is pending; settle_day calls it before settling a day, since no
 * activity day may be settled before the wipe, which empties the running
 * totals.  SETTLE_OK (*done as above) or SETTLE_FAILED. */
enum settle_result settle_golive_when_due(struct db *db, const struct activity *a, int64_t now, bool *done,
                                          struct settle_wiped *wiped, char *reason, size_t reason_size);

#endif
