#ifndef WALK_STORE_ADMIN_STATS_H
#define WALK_STORE_ADMIN_STATS_H
/*
 * The figures of the admin dashboard (RULES §11, API.md "Admin"), per
 * top-level union of one activity.  README.md "Admin" defines each figure;
 * in short:
 *
 *   enrolled          enrollments naming the union
 *   active on day D   of those, participants whose day D is settled (a sync
 *                     inside the settle window, daily_steps.settled)
 *   counted steps     rules_counted_steps() of those days
 *   teams             teams whose leader is enrolled in the union
 *   compliant teams   of those, teams that met their target on the last
 *                     settled day (team_days.met, written by the settlement)
 *
 * Days that are over never change, so their per-union sums are computed once
 * per (activity, day) from daily_steps and kept in admin_union_days: the
 * dashboard then costs a few indexed reads whatever the length of the
 * activity.  Today and yesterday's active counts are read live.
 *
 * Return codes (lib/base/db.h): SQLITE_OK; DB_NOTFOUND from
 * store_stats_last_settled when no day is settled yet; else the SQLite error
 * as SQLite gave it (a BUSY stays BUSY).  Everything reads in the caller's
 * transaction but store_stats_save_day, which writes in the caller's write
 * transaction.
 */
#include "rules.h"

#include <stdint.h>

struct db;

enum { STATS_MAX_UNIONS = 32 };

struct union_figures {
	char code[16], name[96], category[16];
	int64_t quota, enrolled;
	int64_t active_today, active_yesterday;
	int64_t active_days;          /* Σ over the days over (cached) of active participants */
	int64_t counted_steps;        /* Σ over the days over (cached) of their counted steps */
	int64_t teams, compliant_teams;
	int64_t badges;               /* badges (RULES §8) of the union's participants, both kinds */
};

/* The top-level unions, by sort order, with quota and enrolled count in
 * activity aid (every other figure 0). */
int store_stats_unions(struct db *db, int64_t aid, struct union_figures *out, int max, int *n);
/* Sets active_today and active_yesterday (today - 1) of each union in u. */
int store_stats_active(struct db *db, int64_t aid, int32_t today, struct union_figures *u, int n);
/* Adds the cached sums of days from..to (inclusive) to each union in u. */
int store_stats_history(struct db *db, int64_t aid, int32_t from, int32_t to, struct union_figures *u, int n);
/* Sets teams, and compliant_teams as of day settled (INT32_MIN: no day was
 * settled yet, so none is compliant). */
int store_stats_teams(struct db *db, int64_t aid, int32_t settled, struct union_figures *u, int n);
/* Sets badges of each union in u. */
int store_stats_badges(struct db *db, int64_t aid, struct union_figures *u, int n);
/* The red envelopes drawn on day (draws.day) by participants of union_code
 * (NULL: of everyone): their number and their sum in fen. */
int store_stats_spend(struct db *db, int64_t aid, const char *union_code, int32_t day, int64_t *draws,
                      int64_t *fen);
/* The last day the settlement finished (settled_days) that is <= not_after;
 * DB_NOTFOUND when there is none. */
int store_stats_last_settled(struct db *db, int64_t aid, int32_t not_after, int32_t *day);

/* The days of from..to (at most max) not in the cache yet, oldest first. */
int store_stats_missing_days(struct db *db, int64_t aid, int32_t from, int32_t to, int32_t *days, int max,
                             int *n);
/* Computes day's sums into u[i].active_days / counted_steps (which must start
 * at 0) from daily_steps, with the activity's rules.  Reads only. */
int store_stats_compute_day(struct db *db, const struct activity_rules *r, int64_t aid, int32_t day,
                            struct union_figures *u, int n);
/* Stores what store_stats_compute_day() computed, and marks day done.  Inside
 * the caller's write transaction; harmless if another worker did it first. */
int store_stats_save_day(struct db *db, int64_t aid, int32_t day, const struct union_figures *u, int n,
                         int64_t now);
/* Cached sums of each day from..to that had any activity, of one union
 * (union_code) or of all (NULL), oldest first. */
int store_stats_daily(struct db *db, int64_t aid, const char *union_code, int32_t from, int32_t to,
                      void (*fn)(int32_t day, int64_t active, int64_t counted_steps, void *arg), void *arg);

#endif
