#ifndef WALK_STORE_PAYOUTS_H
#define WALK_STORE_PAYOUTS_H
/*
 * The bills of the draws at WeChat Pay (schema 024, rules_payout.h).
 *
 * A payout in a final state (paid, failed, expired) never changes again:
 * store_payout_apply() writes only while the row is still paying or
 * wait_confirm, so a late or repeated callback, or a query's answer racing a
 * callback, cannot move a final bill.  The bill number of a row never changes.
 *
 * Return codes (lib/base/db.h): SQLITE_OK; DB_NOTFOUND for a lookup of a row
 * that is not there; or the SQLite error as SQLite gave it.
 */
#include "rules_payout.h"

#include <stdbool.h>
#include <stdint.h>

struct db;

struct payout {
	int64_t id, draw_id, user_id, activity_id;
	int attempt;
	char out_bill_no[RULES_BILL_NO_BUF];
	char openid[64];
	int64_t amount_fen;
	bool test_mode;
	enum rules_payout_state state;
	char wx_state[24];            /* "" before any answer */
	char transfer_bill_no[72];
	char package_info[512];
	char fail_code[64];
	char fail_message[128];
	int tries;
	int64_t next_try_at, created_at, updated_at, final_at;   /* final_at 0 while not final */
};

/* Adds attempt `attempt` of draw_id: its bill number from the draw, state
 * paying, due at once; or, in test_mode (the public test), paid at once
 * without any bill at WeChat Pay.  Into *out.  Inside the draw's (or the
 * claim's) write transaction. */
int store_payout_add(struct db *db, int64_t draw_id, int attempt, const char *openid, int64_t amount_fen,
                     bool test_mode, int64_t now, struct payout *out);

int store_payout_get(struct db *db, int64_t payout_id, struct payout *out);
int store_payout_by_bill(struct db *db, const char *out_bill_no, struct payout *out);
/* The draw's newest attempt. */
int store_payout_latest(struct db *db, int64_t draw_id, struct payout *out);

/* What WeChat Pay's answer did to a bill: fields NULL stay as they are. */
struct payout_update {
	struct rules_payout_step step;
	const char *wx_state, *transfer_bill_no, *package_info, *fail_code, *fail_message;
	int64_t next_try_at;
	bool counts_as_try;          /* a call was made (tries + 1) */
};
/* Applies u to the payout while it is not final; *applied says whether it
 * was (false: it was final already, nothing written).  A short write
 * transaction of its own, after the call to WeChat Pay. */
int store_payout_apply(struct db *db, int64_t payout_id, const struct payout_update *u, int64_t now,
                       bool *applied);

/* The ids of payouts not final whose next_try_at has come (oldest due
 * first), at most max, into ids; *n their number.  Test-mode rows are never
 * due.  activity_id 0: every activity. */
int store_payouts_due(struct db *db, int64_t activity_id, int64_t now, int64_t *ids, int max, int *n);

/* Which payouts store_payouts_each() lists. */
enum payout_pick {
	PAYOUTS_ALL,       /* every one */
	PAYOUTS_STUCK,     /* not final, made before `before` (e.g. now - 1 h) */
	PAYOUTS_FAILED     /* final and not paid (failed, expired) */
};
/* The payouts of pick in the activity, newest first, at most limit (-1: no
 * limit); fn gets each and stops the walk by returning anything but
 * SQLITE_OK (which is then returned).  union_code NULL: every union. */
int store_payouts_each(struct db *db, int64_t activity_id, const char *union_code, enum payout_pick pick,
                       int64_t before, int64_t limit, int (*fn)(const struct payout *p, void *arg), void *arg);

struct payout_totals {
	int64_t count[RULES_PAYOUT_STATE_COUNT];
	int64_t fen[RULES_PAYOUT_STATE_COUNT];
	int64_t test_mode;       /* of which completed in the public test */
	int64_t draws_today;     /* draws made on `day` */
};
/* Payouts by state (the newest bill of each draw) and today's draws, in
 * union_code (NULL: all). */
int store_payouts_totals(struct db *db, int64_t activity_id, const char *union_code, const char *day,
                         struct payout_totals *t);

/* The NOT_ENOUGH pause of every payout (schema 024). */
int store_payout_pause(struct db *db, const char *reason, int64_t now, int64_t retry_at);
/* Whether payouts are paused at now: *paused, and when paused since (may be NULL). */
int store_payout_paused(struct db *db, int64_t now, bool *paused, int64_t *since);
/* Whether a pause row exists, due or not (what the admin page shows). */
int store_payout_pause_flag(struct db *db, bool *flagged, int64_t *since);
/* Lifts the pause; the payouts it held back (last answer NOT_ENOUGH) are due
 * at now.  In a write transaction (the admin's, with its audit row) or alone. */
int store_payout_resume(struct db *db, int64_t now);

#endif
