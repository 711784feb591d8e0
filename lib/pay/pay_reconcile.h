#ifndef WALK_PAY_RECONCILE_H
#define WALK_PAY_RECONCILE_H
/*
 * The reconciler (WECHAT.md §6): one pass over every payout not final whose
 * time has come — paying with no answer, ACCEPTED, PROCESSING, TRANSFERING,
 * WAIT_USER_CONFIRM due for its hourly query — each moved forward once
 * (pay_payout_advance: the same bill sent again, or queried), with the
 * backoff the state machine gives.  A rate-limited answer slows the pass
 * down; NOT_ENOUGH pauses every payout and ends the pass.
 *
 * It can be killed anywhere: every call is made outside any transaction and
 * every answer applied in a short write of its own, so a kill loses at most
 * the answer of the call in flight, and the next pass sends the same bill or
 * asks for it again.
 */
#include "pay_payout.h"

#include <signal.h>
#include <stdint.h>

struct pay_reconcile_report {
	int64_t moved;       /* payouts advanced */
	int64_t paid;        /* of which now paid */
	int64_t waiting;     /* WeChat Pay is on it, or the participant must confirm */
	int64_t retrying;    /* to be sent or asked again */
	int64_t ended;       /* final and not paid (failed, expired, given up) */
	int64_t slowed;      /* rate-limited answers */
	bool paused;         /* payouts are paused (NOT_ENOUGH) */
};

/* One pass for activity_id (0: all), until nothing is due, *stop is set, or
 * max_seconds have passed.  slow_ms is the first pause after a rate-limited
 * answer (doubling up to 16 times it).  Returns an SQLite code. */
int pay_reconcile(const struct pay_env *env, int64_t activity_id, int max_seconds, int slow_ms,
                  volatile sig_atomic_t *stop, struct pay_reconcile_report *report);

#endif
