/* The payout's state machine (WECHAT.md §6): answers → actions, pure. */
#include "rules_payout.h"

#include <stdio.h>
#include <string.h>

static const char *const state_names[RULES_PAYOUT_STATE_COUNT] = {
	[RULES_PAYOUT_PAYING] = "paying",
	[RULES_PAYOUT_WAIT_CONFIRM] = "wait_confirm",
	[RULES_PAYOUT_PAID] = "paid",
	[RULES_PAYOUT_FAILED] = "failed",
	[RULES_PAYOUT_EXPIRED] = "expired",
};

static const char *const action_names[RULES_PAYOUT_ACTION_COUNT] = {
	[RULES_PAYOUT_WAIT] = "wait",
	[RULES_PAYOUT_RETRY] = "retry",
	[RULES_PAYOUT_QUERY] = "query",
	[RULES_PAYOUT_SLOW_DOWN] = "slow_down",
	[RULES_PAYOUT_PAUSE] = "pause",
	[RULES_PAYOUT_DONE] = "done",
	[RULES_PAYOUT_NEW_BILL] = "new_bill",
	[RULES_PAYOUT_GIVE_UP] = "give_up",
};

static struct rules_payout_step step(enum rules_payout_action action, enum rules_payout_state state)
{
	bool final = action == RULES_PAYOUT_DONE || action == RULES_PAYOUT_NEW_BILL || action == RULES_PAYOUT_GIVE_UP;
	return (struct rules_payout_step){ action, state, final };
}

/* A state that is not final stays what it was: an answer that means "not
 * yet" never moves wait_confirm back to paying, nor a final state anywhere. */
static enum rules_payout_state pending(enum rules_payout_state current, enum rules_payout_state answered)
{
	return current == RULES_PAYOUT_PAYING ? answered : current;
}

struct rules_payout_step rules_payout_on_state(const char *wx_state, enum rules_payout_state current)
{
	static const char *const in_flight[] = { "ACCEPTED", "PROCESSING", "TRANSFERING", "CANCELING" };
	if (!wx_state)
		return step(RULES_PAYOUT_QUERY, current);
	for (size_t i = 0; i < sizeof in_flight / sizeof in_flight[0]; i++)
		if (strcmp(wx_state, in_flight[i]) == 0)
			return step(RULES_PAYOUT_WAIT, pending(current, RULES_PAYOUT_PAYING));
	if (strcmp(wx_state, "WAIT_USER_CONFIRM") == 0)
		return step(RULES_PAYOUT_WAIT, current == RULES_PAYOUT_PAYING ? RULES_PAYOUT_WAIT_CONFIRM : current);
	if (strcmp(wx_state, "SUCCESS") == 0)
		return step(RULES_PAYOUT_DONE, RULES_PAYOUT_PAID);
	if (strcmp(wx_state, "FAIL") == 0)
		return step(RULES_PAYOUT_NEW_BILL, RULES_PAYOUT_FAILED);
	if (strcmp(wx_state, "CANCELLED") == 0)
		return step(RULES_PAYOUT_NEW_BILL, RULES_PAYOUT_EXPIRED);
	return step(RULES_PAYOUT_QUERY, current);
}

static bool code_is(const char *code, const char *const *names, size_t n)
{
	for (size_t i = 0; code && i < n; i++)
		if (strcmp(code, names[i]) == 0)
			return true;
	return false;
}

struct rules_payout_step rules_payout_on_error(bool is_query, int http_status, const char *code,
                                               int64_t bill_age, int64_t not_found_window,
                                               enum rules_payout_state current)
{
	static const char *const rate_limited[] = { "FREQUENCY_LIMITED", "FREQUENCY_LIMIT_EXCEED", "RATELIMIT_EXCEEDED" };
	static const char *const ours_wrong[] = { "PARAM_ERROR", "INVALID_REQUEST" };
	if (code_is(code, rate_limited, 3) || http_status == 429)
		return step(RULES_PAYOUT_SLOW_DOWN, current);
	if (code && strcmp(code, "NOT_ENOUGH") == 0)
		return step(RULES_PAYOUT_PAUSE, current);
	if ((code && strcmp(code, "SYSTEM_ERROR") == 0) || http_status >= 500)
		return step(is_query ? RULES_PAYOUT_QUERY : RULES_PAYOUT_RETRY, current);
	if (is_query && code && strcmp(code, "NOT_FOUND") == 0) {
		/* WeChat never made the bill.  Sending it again is safe (same
		 * number); only a bill unknown for the whole window frees the draw. */
		if (bill_age > not_found_window)
			return step(RULES_PAYOUT_NEW_BILL, RULES_PAYOUT_EXPIRED);
		return step(RULES_PAYOUT_RETRY, current);
	}
	/* A refused request made no bill: it is final, and sending it again
	 * would be refused again. */
	if (!is_query && code_is(code, ours_wrong, 2) && http_status >= 400 && http_status < 500)
		return step(RULES_PAYOUT_GIVE_UP, RULES_PAYOUT_FAILED);
	return step(RULES_PAYOUT_QUERY, current);
}

struct rules_payout_step rules_payout_on_no_answer(enum rules_payout_state current)
{
	return step(RULES_PAYOUT_QUERY, current);
}

int64_t rules_payout_backoff(enum rules_payout_action action, int tries)
{
	int64_t base = 30, cap = 1800;
	switch (action) {
	case RULES_PAYOUT_WAIT:
		return 3600;
	case RULES_PAYOUT_PAUSE:
		return 600;
	case RULES_PAYOUT_SLOW_DOWN:
		base *= 4;
		cap = 3600;
		break;
	case RULES_PAYOUT_RETRY:
	case RULES_PAYOUT_QUERY:
		break;
	case RULES_PAYOUT_DONE:
	case RULES_PAYOUT_NEW_BILL:
	case RULES_PAYOUT_GIVE_UP:
	case RULES_PAYOUT_ACTION_COUNT:
		return 0;
	}
	int64_t delay = base;
	for (int i = 1; i < tries && delay < cap; i++)
		delay *= 2;
	return delay < cap ? delay : cap;
}

const char *rules_payout_state_name(enum rules_payout_state state)
{
	if ((int)state < 0 || state >= RULES_PAYOUT_STATE_COUNT)
		return NULL;
	return state_names[state];
}

bool rules_payout_state_parse(const char *name, enum rules_payout_state *state)
{
	for (int s = 0; name && s < RULES_PAYOUT_STATE_COUNT; s++)
		if (strcmp(name, state_names[s]) == 0) {
			*state = (enum rules_payout_state)s;
			return true;
		}
	return false;
}

const char *rules_payout_action_name(enum rules_payout_action action)
{
	if ((int)action < 0 || action >= RULES_PAYOUT_ACTION_COUNT)
		return NULL;
	return action_names[action];
}

bool rules_payout_bill_no(int64_t draw_id, int attempt, char *buf, size_t size)
{
	if (size > 0)
		buf[0] = '\0';
	if (draw_id < 1 || attempt < 1)
		return false;
	int n = snprintf(buf, size, "WD%lldA%d", (long long)draw_id, attempt);
	if (n < 0 || (size_t)n >= size) {
		if (size > 0)
			buf[0] = '\0';
		return false;
	}
	return true;
}
