#ifndef WALK_STORE_POOL_H
#define WALK_STORE_POOL_H
/*
 * The red-envelope pool of an activity (RULES §8, schema 024): per tier its
 * count and what draws took, and the daily release.
 *
 * Return codes (lib/base/db.h): SQLITE_OK or the SQLite error as SQLite gave
 * it.  A pool never configured reads as every count 0 and no daily release.
 */
#include "rules.h"

#include <stdbool.h>
#include <stdint.h>

struct db;

struct pool {
	int64_t count[RULES_DRAW_TIERS];   /* indexed as activity_rules.draw_tier_fen */
	int64_t drawn[RULES_DRAW_TIERS];
	int64_t daily_release;             /* draws a day, 0: no limit */
};

/* The index of amount_fen among r's tiers, or -1. */
int store_pool_tier_index(const struct activity_rules *r, int64_t amount_fen);

/* Loads the pool of activity into *p.  Inside the write transaction of a draw. */
int store_pool_load(struct db *db, const struct activity_rules *r, int64_t activity_id, struct pool *p);

/* Sets the counts of the tiers whose count[i] >= 0 (a negative count leaves
 * the tier alone) and, when daily_release >= 0, the daily release.  A count
 * below what its tier has given out changes nothing: *below_drawn gets the
 * index of the first such tier (else -1) and the call returns SQLITE_OK
 * without writing.  Inside a write transaction (with the audit row). */
int store_pool_set(struct db *db, const struct activity_rules *r, int64_t activity_id,
                   const int64_t count[RULES_DRAW_TIERS], int64_t daily_release, int64_t now, int *below_drawn);

/* One more draw of tier: drawn + 1.  Fails with SQLITE_CONSTRAINT if the
 * tier has nothing left (the CHECK of schema 024).  In the draw's transaction. */
int store_pool_take(struct db *db, int64_t activity_id, int64_t amount_fen);

/* Draws made on day (YYYY-MM-DD) in the activity, for the daily release. */
int store_pool_drawn_on(struct db *db, int64_t activity_id, const char *day, int64_t *n);

/* Σ count × amount and Σ drawn × amount, in fen: the budget and what was spent. */
void store_pool_budget(const struct activity_rules *r, const struct pool *p, int64_t *budget_fen,
                       int64_t *drawn_fen);

/* The pool as JSON: {"daily_release":N,"tiers":[{"amount_fen","count","drawn","left"}…],
 * "budget_fen","drawn_fen"}, for the audit log, walkctl and the admin page. */
struct cJSON *store_pool_json(const struct activity_rules *r, const struct pool *p);

/* store_pool_set() with the pool before and after it as JSON into *before
 * and *after (the caller's: to the audit log, which frees them), both NULL
 * when nothing was written.  Inside the caller's write transaction, with the
 * audit row of the change. */
int store_pool_change(struct db *db, const struct activity_rules *r, int64_t activity_id,
                      const int64_t count[RULES_DRAW_TIERS], int64_t daily_release, int64_t now,
                      struct cJSON **before, struct cJSON **after, int *below_drawn);

#endif
