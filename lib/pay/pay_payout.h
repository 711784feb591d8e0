#ifndef WALK_PAY_PAYOUT_H
#define WALK_PAY_PAYOUT_H
/*
 * One payout moved forward (WECHAT.md §6, rules_payout.h): a call to WeChat
 * Pay, made outside any transaction, then its verified answer applied in a
 * short write of its own.  The draw's handler calls it once the draw is
 * committed, `refresh` calls it when a participant asks, the reconciler for
 * every payout due; a callback applies its state through
 * pay_payout_apply_answer.
 *
 * Which call: a bill WeChat Pay never answered for is sent again (the same
 * out_bill_no and fields: WeChat Pay gives back the bill if it made it); a
 * bill it answered for is queried; a query that says NOT_FOUND sends it.
 *
 * Return codes: SQLITE_OK, DB_NOTFOUND for a payout that is not there, the
 * SQLite error, or SQLITE_MISUSE when called inside a transaction.
 */
#include "pay_answer.h"
#include "rules_payout.h"

#include <stdbool.h>
#include <stdint.h>

struct db;
struct pay_client;

/* A bill WeChat Pay does not know for this long frees its draw (a claim). */
enum { PAY_NOT_FOUND_WINDOW = 24 * 3600 };

struct pay_env {
	struct db *db;
	struct pay_client *pc;     /* NULL: not configured; nothing is sent */
	const char *appid;
};

/* Moves payout_id forward once, at now (the server clock; signatures use the
 * real time).  *action (may be NULL) gets what the state machine said, or
 * DONE / NEW_BILL / GIVE_UP for a payout already final, PAUSE while payouts
 * are paused (nothing sent), WAIT for a test-mode payout. */
int pay_payout_advance(const struct pay_env *env, int64_t payout_id, int64_t now, enum rules_payout_action *action);

/* Applies a bill's state as WeChat Pay reported it (a callback's resource,
 * PAY_STATE) to the payout of its out_bill_no, once: a final payout is left
 * as it is.  *applied says whether anything changed.  DB_NOTFOUND for a bill
 * that is not ours. */
int pay_payout_apply_answer(struct db *db, const struct pay_answer *a, int64_t now, bool *applied);

#endif
