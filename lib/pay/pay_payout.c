#include "pay_payout.h"

#include "clock.h"
#include "db.h"
#include "log.h"
#include "pay_transfer.h"
#include "store_payouts.h"

#include <string.h>

/* What the answer a to a call (is_query) means for p. */
static struct rules_payout_step decide(const struct payout *p, bool is_query, const struct pay_answer *a, int64_t now)
{
	switch (a->kind) {
	case PAY_STATE:
		/* An answer about another bill is no answer about this one. */
		if (a->out_bill_no[0] && strcmp(a->out_bill_no, p->out_bill_no) != 0)
			return rules_payout_on_no_answer(p->state);
		return rules_payout_on_state(a->state, p->state);
	case PAY_ERROR:
		return rules_payout_on_error(is_query, (int)a->status, a->code[0] ? a->code : NULL, now - p->created_at,
		                             PAY_NOT_FOUND_WINDOW, p->state);
	case PAY_NO_ANSWER:
		break;
	}
	return rules_payout_on_no_answer(p->state);
}

/* The row's update for step after answer a. */
static void update_of(const struct payout *p, const struct rules_payout_step *s, const struct pay_answer *a,
                      bool called, int64_t now, struct payout_update *u)
{
	memset(u, 0, sizeof *u);
	u->step = *s;
	u->counts_as_try = called;
	u->next_try_at = now + rules_payout_backoff(s->action, p->tries + 1);
	if (a->kind == PAY_STATE && s->action != RULES_PAYOUT_QUERY) {
		u->wx_state = a->state;
		u->transfer_bill_no = a->transfer_bill_no[0] ? a->transfer_bill_no : NULL;
		u->package_info = a->package_info[0] ? a->package_info : NULL;
		u->fail_code = a->fail_reason[0] ? a->fail_reason : NULL;
	} else if (a->kind == PAY_ERROR) {
		u->fail_code = a->code[0] ? a->code : "HTTP_ERROR";
		u->fail_message = a->message;
	}
}

int pay_payout_apply_answer(struct db *db, const struct pay_answer *a, int64_t now, bool *applied)
{
	*applied = false;
	struct payout p;
	int rc = store_payout_by_bill(db, a->out_bill_no, &p);
	if (rc != SQLITE_OK)
		return rc;
	if (p.test_mode)
		return SQLITE_OK;   /* never sent: nothing WeChat Pay says is about it */
	struct rules_payout_step s = rules_payout_on_state(a->state, p.state);
	if (s.action == RULES_PAYOUT_QUERY)
		return SQLITE_OK;   /* a state not understood changes nothing; the reconciler asks */
	struct payout_update u;
	update_of(&p, &s, a, false, now, &u);
	return store_payout_apply(db, p.id, &u, now, applied);
}

/* One call for p: a transfer when WeChat Pay never answered for the bill (or
 * send_anyway), else a query. */
static struct rules_payout_step call(const struct pay_env *env, const struct payout *p, bool send,
                                     struct pay_answer *a, int64_t now)
{
	if (send)
		pay_transfer(env->pc, env->appid, p, clock_real_now(), a);
	else
		pay_query(env->pc, p->out_bill_no, clock_real_now(), a);
	return decide(p, !send, a, now);
}

int pay_payout_advance(const struct pay_env *env, int64_t payout_id, int64_t now, enum rules_payout_action *action)
{
	enum rules_payout_action ignored;
	if (!action)
		action = &ignored;
	*action = RULES_PAYOUT_WAIT;
	if (!sqlite3_get_autocommit(db_handle(env->db)))
		return SQLITE_MISUSE;   /* no call to WeChat Pay is ever made inside a transaction */
	struct payout p;
	int rc = store_payout_get(env->db, payout_id, &p);
	if (rc != SQLITE_OK)
		return rc;
	if (p.state != RULES_PAYOUT_PAYING && p.state != RULES_PAYOUT_WAIT_CONFIRM) {
		*action = p.state == RULES_PAYOUT_PAID ? RULES_PAYOUT_DONE : RULES_PAYOUT_NEW_BILL;
		return SQLITE_OK;
	}
	if (p.test_mode || !env->pc)
		return SQLITE_OK;
	bool paused = false;
	if ((rc = store_payout_paused(env->db, now, &paused, NULL)) != SQLITE_OK)
		return rc;
	if (paused) {
		*action = RULES_PAYOUT_PAUSE;
		return SQLITE_OK;
	}
	struct pay_answer a;
	bool send = p.wx_state[0] == '\0';
	struct rules_payout_step s = call(env, &p, send, &a, now);
	if (!send && s.action == RULES_PAYOUT_RETRY) {
		send = true;   /* the query says WeChat Pay never made it: send the same bill now */
		s = call(env, &p, send, &a, now);
	}
	if (s.action == RULES_PAYOUT_PAUSE) {
		log_error("pay: WeChat Pay answered NOT_ENOUGH for %s: every payout is paused; top up the merchant "
		          "balance, then `walkctl payouts resume`", p.out_bill_no);
		rc = store_payout_pause(env->db, "NOT_ENOUGH", now, now + rules_payout_backoff(RULES_PAYOUT_PAUSE, 1));
		if (rc != SQLITE_OK)
			return rc;
	}
	if (s.action == RULES_PAYOUT_GIVE_UP)
		log_error("pay: WeChat Pay refused %s: %s (%s): given up, see the payouts page", p.out_bill_no, a.code,
		          a.message);
	struct payout_update u;
	update_of(&p, &s, &a, true, now, &u);
	bool applied = false;
	rc = store_payout_apply(env->db, p.id, &u, now, &applied);
	*action = s.action;
	return rc;
}
