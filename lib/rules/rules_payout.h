#ifndef WALK_RULES_PAYOUT_H
#define WALK_RULES_PAYOUT_H
/*
 * The payout's state machine (RULES §8, WECHAT.md §6): what WeChat Pay's
 * answer to a transfer or a query means for a bill, as pure functions.
 *
 * The one rule it keeps: while a bill might still pay, its draw gets no other
 * bill.  A network error, a timeout, an answer that fails verification, a 5xx
 * or any code not understood leaves the bill as it was, to be sent again with
 * the same out_bill_no or queried; only a bill that is final and did not pay
 * (FAIL, CANCELLED) allows a new bill for the same draw.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Our state of a payout, as the participant's API names it. */
enum rules_payout_state {
	RULES_PAYOUT_PAYING,        /* sent or to be sent; no final answer */
	RULES_PAYOUT_WAIT_CONFIRM,  /* WAIT_USER_CONFIRM: the participant confirms in WeChat */
	RULES_PAYOUT_PAID,          /* SUCCESS: final */
	RULES_PAYOUT_FAILED,        /* FAIL, or our request refused (PARAM_ERROR …): final */
	RULES_PAYOUT_EXPIRED,       /* CANCELLED (not confirmed in time): final, may be claimed again */
	RULES_PAYOUT_STATE_COUNT
};

/* What to do next with the bill. */
enum rules_payout_action {
	RULES_PAYOUT_WAIT,       /* WeChat Pay is on it: wait for the callback, query later */
	RULES_PAYOUT_RETRY,      /* send the same bill again (same out_bill_no, same fields), after a backoff */
	RULES_PAYOUT_QUERY,      /* the outcome is unknown: ask for the bill by out_bill_no */
	RULES_PAYOUT_SLOW_DOWN,  /* rate limited: the same bill again, after a longer backoff */
	RULES_PAYOUT_PAUSE,      /* NOT_ENOUGH: stop every payout until a top-up; then the same bill */
	RULES_PAYOUT_DONE,       /* final and paid: nothing more, ever */
	RULES_PAYOUT_NEW_BILL,   /* final and not paid: the draw may get a new bill (a claim) */
	RULES_PAYOUT_GIVE_UP,    /* our request is wrong: final, an operator must look (logged) */
	RULES_PAYOUT_ACTION_COUNT
};

struct rules_payout_step {
	enum rules_payout_action action;
	enum rules_payout_state state;   /* the payout's state after it */
	bool final;                      /* the bill can change no more */
};

/* A bill's state as WeChat Pay answered it (a transfer's or a query's
 * answer, or a callback), verified: ACCEPTED, PROCESSING, TRANSFERING,
 * CANCELING → WAIT (paying); WAIT_USER_CONFIRM → WAIT (wait_confirm);
 * SUCCESS → DONE; FAIL → NEW_BILL (failed); CANCELLED → NEW_BILL (expired).
 * Any other text, NULL included, is not understood: QUERY, state unchanged
 * (current). */
struct rules_payout_step rules_payout_on_state(const char *wx_state, enum rules_payout_state current);

/* An error answer (verified) with its HTTP status and code, to a transfer
 * (is_query false) or a query:
 *   SYSTEM_ERROR, any 5xx ............................... RETRY (a query: QUERY again)
 *   FREQUENCY_LIMITED, FREQUENCY_LIMIT_EXCEED,
 *   RATELIMIT_EXCEEDED, 429 ............................. SLOW_DOWN
 *   NOT_ENOUGH .......................................... PAUSE
 *   NOT_FOUND to a query: WeChat never made the bill .... RETRY (send it), or NEW_BILL once the
 *                                                         bill is older than not_found_window seconds
 *   PARAM_ERROR, INVALID_REQUEST to a transfer .......... GIVE_UP (failed)
 *   anything else ....................................... QUERY
 * The state stays current except for NEW_BILL (expired) and GIVE_UP (failed). */
struct rules_payout_step rules_payout_on_error(bool is_query, int http_status, const char *code,
                                               int64_t bill_age, int64_t not_found_window,
                                               enum rules_payout_state current);

/* No answer that can be trusted: a network error, a timeout, a lost reply,
 * a signature that does not verify, a body that does not parse: QUERY, the
 * state unchanged. */
struct rules_payout_step rules_payout_on_no_answer(enum rules_payout_state current);

/* Seconds before the next try after the tries-th one (1, 2, …) for action:
 * RETRY and QUERY 30 s doubling up to 30 min; SLOW_DOWN four times that, up
 * to 1 h; WAIT 1 h (a lost callback is found by the hourly query); PAUSE
 * 10 min; 0 for the final actions. */
int64_t rules_payout_backoff(enum rules_payout_action action, int tries);

/* "paying", "wait_confirm", "paid", "failed", "expired"; NULL outside the enum. */
const char *rules_payout_state_name(enum rules_payout_state state);
/* The inverse; false for an unknown or NULL name. */
bool rules_payout_state_parse(const char *name, enum rules_payout_state *state);
/* "wait", "retry", "query", "slow_down", "pause", "done", "new_bill", "give_up". */
const char *rules_payout_action_name(enum rules_payout_action action);

/* The bill number of a draw's attempt: "WD" + draw id + "A" + attempt, in
 * decimal ([0-9A-Za-z], at most 2 + 19 + 1 + 10 = 32 characters).  buf needs
 * RULES_BILL_NO_BUF bytes.  False for a draw id or attempt below 1 or a small
 * buffer. */
#define RULES_BILL_NO_BUF 33
bool rules_payout_bill_no(int64_t draw_id, int attempt, char *buf, size_t size);

#endif
