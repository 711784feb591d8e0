#ifndef WALK_STORE_DRAWS_H
#define WALK_STORE_DRAWS_H
/*
 * Draws of red envelopes (RULES §8, schema 024): one write transaction checks
 * the deadline, the daily release, the pool and the balance, takes the points
 * (ledger kind redeem, ref the draw's id), takes the tier, and records the
 * draw with its first payout.  A retried request with the same idempotency
 * key finds the draw it made and spends nothing.
 *
 * Return codes (lib/base/db.h): SQLITE_OK; DB_NOTFOUND for a draw that is not
 * there (or not the caller's); or the SQLite error as SQLite gave it.
 */
#include "rules.h"
#include "store_payouts.h"

#include <stdbool.h>
#include <stdint.h>

struct db;

/* Bounds of the Idempotency-Key header (API.md). */
enum { DRAW_KEY_MIN = 16, DRAW_KEY_MAX = 64 };

struct draw {
	int64_t id, activity_id, user_id, amount_fen, created_at;
	struct payout payout;   /* the newest attempt */
};

enum draw_outcome {
	DRAW_MADE,              /* a new draw: *out holds it */
	DRAW_REPLAYED,          /* the key's draw, made before: *out holds it, nothing spent */
	DRAW_REFUSED            /* *refusal says why; nothing written */
};

struct draw_request {
	int64_t activity_id, user_id;
	const struct activity_rules *rules;
	const char *idem_key;
	const char *openid;
	int64_t now;
	bool test_mode;          /* the public test: the payout completes without WeChat Pay */
	uint64_t random;         /* uniform, from the CTR-DRBG */
	/* Hook for fair play (RULES §14): true refuses with RULES_DRAW_DISQUALIFIED.
	 * api_draws.c reads it with store_disqualified_now() in the draw's transaction. */
	bool disqualified;
};

/* rules_draw_status plus the one refusal the rules do not know. */
#define DRAW_REFUSED_DISQUALIFIED (-1)

/* The whole draw, inside the caller's write transaction (BEGIN IMMEDIATE):
 * the key first (a replay answers before any check), then
 * rules_redeem_check() on the stored pool, balance and today's draws.
 * *refusal gets the rules_draw_status (or DRAW_REFUSED_DISQUALIFIED) of a
 * refusal.  *balance_after gets the balance after the draw. */
int store_draw_make(struct db *db, const struct draw_request *rq, enum draw_outcome *outcome, int *refusal,
                    struct draw *out, int64_t *balance_after);

/* The user's draw id in the activity, with its newest payout. */
int store_draw_get(struct db *db, int64_t activity_id, int64_t user_id, int64_t draw_id, struct draw *out);

/* The user's draws newest first, at most limit; fn gets each. */
int store_draws_of_user(struct db *db, int64_t activity_id, int64_t user_id, int limit,
                        void (*fn)(const struct draw *d, void *arg), void *arg);

/* Adds a new bill for a draw whose newest bill is final and did not pay
 * (failed or expired): attempt + 1, state paying.  *allowed false (nothing
 * written) while the newest bill may still pay or has paid.  Inside a write
 * transaction. */
int store_draw_claim(struct db *db, int64_t activity_id, int64_t user_id, int64_t draw_id, int64_t now,
                     bool *allowed, struct draw *out);

#endif
