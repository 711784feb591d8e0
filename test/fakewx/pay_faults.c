/* Faults of the fake WeChat Pay (API.md "Dev stack"), queued by POST
 * /fake/faults in the fake's faults table like every other fault:
 *
 *   api transfer|query|cancel, answered in place of the work:
 *     system_error       500 SYSTEM_ERROR (nothing done)
 *     timeout            the worker holds the call `seconds` (10), then 500 SYSTEM_ERROR
 *     frequency_limited  429 FREQUENCY_LIMITED
 *     not_enough         403 NOT_ENOUGH (a transfer; other APIs: SYSTEM_ERROR)
 *   of the work (a transfer):
 *     accepted           a new bill is ACCEPTED (WAIT_USER_CONFIRM at the next
 *                        settle: the sender's, or the next call's)
 *   and of the answer, after the work is done:
 *     lost_reply         the bill is made (or queried, cancelled) but the answer
 *                        is lost: after `seconds` (0) a gateway's 502 page
 *     bad_signature      the answer's Wechatpay-Signature is not of its body
 *   of the callbacks (api notify, or any of the three), taken when a callback
 *   is queued:
 *     duplicate_notify     the callback is delivered twice
 *     out_of_order_notify  the callback is held back until a later one has
 *                          been sent (or FAKEPAY_NOTIFY_HOLD_MS has passed)
 *     bad_signature        (api notify only) the callback's signature is spoiled
 */
#include "pay.h"

#include <string.h>
#include <unistd.h>

enum { DEFAULT_TIMEOUT_S = 10 };

/* One statement consumes and reads, so that two workers never take the same
 * fault; only the faults of the call's kind are looked at, so that a callback
 * fault queued under "transfer" waits for its callback. */
static const char *take(struct db *db, struct arena *a, const char *sql, const char *api, int *seconds)
{
	sqlite3_stmt *st;
	if (db_prepare(db, &st, sql, "t", api) != SQLITE_OK)
		return NULL;
	const char *fault = NULL;
	if (db_step(db, st) == SQLITE_ROW) {
		fault = arena_strdup(a, (const char *)sqlite3_column_text(st, 0));
		*seconds = sqlite3_column_int(st, 1);
	}
	sqlite3_reset(st);
	return fault;
}

#define CALLBACK_FAULTS "('duplicate_notify', 'out_of_order_notify')"

bool pay_fault_first(struct request *req, struct response *resp, struct pay_call *call, int *seconds)
{
	*seconds = 0;
	const char *fault = take(fake_of(req)->state, req->arena,
	                         "UPDATE faults SET remaining = remaining - 1 WHERE id = "
	                         " (SELECT id FROM faults WHERE api = ?1 AND remaining > 0"
	                         "  AND fault NOT IN " CALLBACK_FAULTS " ORDER BY id LIMIT 1) "
	                         "RETURNING fault, seconds", call->api, seconds);
	if (!fault)
		return false;
	call->fault = fault;
	if (strcmp(fault, "lost_reply") == 0 || strcmp(fault, "bad_signature") == 0 ||
	    (strcmp(fault, "accepted") == 0 && strcmp(call->api, "transfer") == 0))
		return false;   /* the transfer or pay_finish applies them */
	if (strcmp(fault, "frequency_limited") == 0) {
		pay_error(req, resp, call, 429, "FREQUENCY_LIMITED", "频率超限，请降低请求接口频率");
	} else if (strcmp(fault, "not_enough") == 0 && strcmp(call->api, "transfer") == 0) {
		pay_error(req, resp, call, 403, "NOT_ENOUGH", "商户运营账户资金不足");
	} else {
		if (strcmp(fault, "timeout") == 0)
			sleep((unsigned)(*seconds > 0 ? *seconds : DEFAULT_TIMEOUT_S));
		/* system_error, the end of a timeout, and any fault meaningless here */
		pay_error(req, resp, call, 500, "SYSTEM_ERROR", "系统错误");
	}
	return true;
}

struct pay_notify_faults pay_take_notify_faults(struct db *db)
{
	struct pay_notify_faults f = { false, false, false };
	struct arena a;
	arena_init(&a, 256);
	int seconds;
	/* At most one of each kind per callback. */
	static const char *const kinds[] = { "duplicate_notify", "out_of_order_notify", "bad_signature" };
	for (size_t i = 0; i < 3; i++) {
		const char *fault = take(db, &a,
		                         "UPDATE faults SET remaining = remaining - 1 WHERE id = "
		                         " (SELECT id FROM faults WHERE remaining > 0 AND fault = ?1"
		                         "  AND (api = 'notify' OR (fault <> 'bad_signature'"
		                         "   AND api IN ('transfer', 'query', 'cancel'))) ORDER BY id LIMIT 1) "
		                         "RETURNING fault, seconds", kinds[i], &seconds);
		if (fault && i == 0)
			f.duplicate = true;
		else if (fault && i == 1)
			f.out_of_order = true;
		else if (fault)
			f.bad_signature = true;
	}
	arena_free(&a);
	return f;
}
