#include "pay_reconcile.h"

#include "clock.h"
#include "db.h"
#include "log.h"
#include "store_payouts.h"

#include <string.h>
#include <time.h>

enum { BATCH = 64 };

static void sleep_ms(int ms)
{
	struct timespec ts = { ms / 1000, (long)(ms % 1000) * 1000000L };
	nanosleep(&ts, NULL);
}

static void count(struct pay_reconcile_report *r, enum rules_payout_action a)
{
	r->moved++;
	switch (a) {
	case RULES_PAYOUT_DONE: r->paid++; break;
	case RULES_PAYOUT_WAIT: r->waiting++; break;
	case RULES_PAYOUT_RETRY: case RULES_PAYOUT_QUERY: r->retrying++; break;
	case RULES_PAYOUT_SLOW_DOWN: r->slowed++; r->retrying++; break;
	case RULES_PAYOUT_NEW_BILL: case RULES_PAYOUT_GIVE_UP: r->ended++; break;
	case RULES_PAYOUT_PAUSE: r->paused = true; break;
	case RULES_PAYOUT_ACTION_COUNT: break;
	}
}

int pay_reconcile(const struct pay_env *env, int64_t activity_id, int max_seconds, int slow_ms,
                  volatile sig_atomic_t *stop, struct pay_reconcile_report *report)
{
	memset(report, 0, sizeof *report);
	int64_t started = clock_real_now();
	int pause_ms = slow_ms;
	int rc = SQLITE_OK;
	while (!*stop && clock_real_now() - started < max_seconds) {
		int64_t ids[BATCH];
		int n = 0;
		int64_t now = clock_now();
		rc = store_payouts_due(env->db, activity_id, now, ids, BATCH, &n);
		if (rc != SQLITE_OK || n == 0)
			break;
		for (int i = 0; i < n && !*stop && !report->paused; i++) {
			enum rules_payout_action a;
			rc = pay_payout_advance(env, ids[i], clock_now(), &a);
			if (rc != SQLITE_OK)
				return rc;
			count(report, a);
			if (a == RULES_PAYOUT_SLOW_DOWN) {
				sleep_ms(pause_ms);   /* WeChat Pay asked us to slow down: every next call waits */
				if (pause_ms < 16 * slow_ms)
					pause_ms *= 2;
			} else if (pause_ms > slow_ms) {
				pause_ms /= 2;
			}
		}
		if (report->paused) {
			log_error("payouts paused: WeChat Pay says the merchant balance is short (NOT_ENOUGH)");
			break;
		}
	}
	return rc;
}
