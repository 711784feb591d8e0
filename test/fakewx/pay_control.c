/* The fake WeChat Pay's controls (API.md "Dev stack"): tests read its bills,
 * play the user's confirmation, and have callbacks sent again.  Controls, not
 * WeChat Pay: their answers are the stack's own JSON, unsigned, and they are
 * not in the call log. */
#include "pay.h"

#include "clock.h"

#include <string.h>

/* Closes what the server clock closed, so that a test that moved the clock
 * reads the bills as WeChat Pay would have them; false after answering 500. */
static bool settle(struct request *req, struct response *resp)
{
	if (pay_bills_settle(fake_of(req)->state, clock_now()) == SQLITE_OK)
		return true;
	resp_error(resp, 500, "internal_error", "cannot close the expired bills", NULL);
	return false;
}

void fake_pay_bills(struct request *req, struct response *resp)
{
	if (!settle(req, resp))
		return;
	struct db *db = fake_of(req)->state;
	sqlite3_stmt *st;
	int rc = db_prepare(db, &st, "SELECT " PAY_BILL_COLUMNS " FROM pay_bills ORDER BY created_at, rowid", "");
	cJSON *list = cJSON_CreateArray();
	if (rc == SQLITE_OK) {
		while ((rc = db_step(db, st)) == SQLITE_ROW) {
			struct pay_bill b;
			pay_bill_from_row(req->arena, st, &b);
			cJSON_AddItemToArray(list, pay_bill_control_json(&b));
		}
		rc = db_finish(st, rc);
	}
	if (rc != SQLITE_OK) {
		cJSON_Delete(list);
		resp_error(resp, 500, "internal_error", "cannot read the bills", NULL);
		return;
	}
	resp_json(resp, 200, list);
}

/* The bill of the body's out_bill_no, or NULL after answering 400/404. */
static bool body_bill(struct request *req, struct response *resp, struct pay_bill *b)
{
	const char *no = fake_json_str(req, "out_bill_no");
	if (!pay_bill_no_valid(no)) {
		resp_error(resp, 400, "validation_failed", "out_bill_no must be 1..32 of [0-9A-Za-z]", "out_bill_no");
		return false;
	}
	int rc = pay_bill_get(req, no, b);
	if (rc == SQLITE_OK)
		return true;
	if (rc == DB_NOTFOUND)
		resp_error(resp, 404, "not_found", "no such bill", "out_bill_no");
	else
		resp_error(resp, 500, "internal_error", "cannot read the bill", NULL);
	return false;
}

/* One write transaction around work(); answers the bill as it is after it. */
static void write_and_answer(struct request *req, struct response *resp, const char *out_bill_no,
                             int (*work)(struct db *db, const char *no, const void *arg), const void *arg)
{
	struct db *db = fake_of(req)->state;
	int rc = db_begin_write(db);
	if (rc == SQLITE_OK && (rc = work(db, out_bill_no, arg)) == SQLITE_OK)
		rc = db_commit(db);
	if (rc != SQLITE_OK) {
		db_rollback(db);
		if (rc == DB_NOTFOUND)   /* a concurrent change between the read and the write */
			resp_error(resp, 409, "not_waiting", "the bill changed meanwhile", "out_bill_no");
		else
			resp_error(resp, 500, "internal_error", "cannot change the bill", NULL);
		return;
	}
	struct pay_bill b;
	if (pay_bill_get(req, out_bill_no, &b) != SQLITE_OK) {
		resp_error(resp, 500, "internal_error", "cannot read the bill", NULL);
		return;
	}
	resp_json(resp, 200, pay_bill_control_json(&b));
}

struct outcome {
	const char *state, *fail_reason;
};

static int confirm_work(struct db *db, const char *no, const void *arg)
{
	const struct outcome *o = arg;
	return pay_bill_move(db, no, "WAIT_USER_CONFIRM|TRANSFERING", o->state, o->fail_reason, clock_now());
}

/* Every bill waiting for its user confirmed at once, in one transaction;
 * answers {"confirmed": N}. */
static void confirm_all(struct request *req, struct response *resp, const struct outcome *o)
{
	struct db *db = fake_of(req)->state;
	sqlite3_stmt *st;
	int rc = db_begin_write(db), n = 0, cap = 64;
	const char **bills = arena_alloc(req->arena, (size_t)cap * sizeof *bills);
	if (rc == SQLITE_OK)
		rc = db_prepare(db, &st, "SELECT out_bill_no FROM pay_bills WHERE state = 'WAIT_USER_CONFIRM'", "");
	if (rc == SQLITE_OK) {
		while ((rc = db_step(db, st)) == SQLITE_ROW) {
			if (n == cap) {
				const char **more = arena_alloc(req->arena, (size_t)(cap *= 2) * sizeof *bills);
				memcpy(more, bills, (size_t)n * sizeof *bills);
				bills = more;
			}
			bills[n++] = arena_strdup(req->arena, (const char *)sqlite3_column_text(st, 0));
		}
		rc = db_finish(st, rc);
	}
	for (int i = 0; rc == SQLITE_OK && i < n; i++)
		rc = confirm_work(db, bills[i], o);
	if (rc == SQLITE_OK)
		rc = db_commit(db);
	if (rc != SQLITE_OK) {
		db_rollback(db);
		resp_error(resp, 500, "internal_error", "cannot confirm the bills", NULL);
		return;
	}
	cJSON *root = cJSON_CreateObject();
	cJSON_AddNumberToObject(root, "confirmed", n);
	resp_json(resp, 200, root);
}

/* {"out_bill_no", "outcome": "SUCCESS" (default) | "FAIL" | "TRANSFERING",
 * "fail_reason"}: the user confirms in wx.requestMerchantTransfer, and the
 * money arrives (or not; or is on its way, until a confirm with SUCCESS or
 * FAIL).  Only a bill waiting for its user (or TRANSFERING) can be
 * confirmed: 409 otherwise.  {"all": true} instead of out_bill_no: every
 * bill waiting for its user. */
void fake_pay_confirm(struct request *req, struct response *resp)
{
	struct pay_bill b;
	if (!settle(req, resp))
		return;
	const char *outcome = fake_json_str(req, "outcome"), *reason = fake_json_str(req, "fail_reason");
	struct outcome o = { outcome ? outcome : "SUCCESS", "" };
	if (strcmp(o.state, "FAIL") == 0) {
		o.fail_reason = reason ? reason : "PAYEE_ACCOUNT_ABNORMAL";
	} else if (strcmp(o.state, "SUCCESS") != 0 && strcmp(o.state, "TRANSFERING") != 0) {
		resp_error(resp, 400, "validation_failed", "outcome must be SUCCESS, FAIL or TRANSFERING", "outcome");
		return;
	}
	if (cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(req->json, "all"))) {
		confirm_all(req, resp, &o);
		return;
	}
	if (!body_bill(req, resp, &b))
		return;
	if (strcmp(b.state, "WAIT_USER_CONFIRM") != 0 && strcmp(b.state, "TRANSFERING") != 0) {
		resp_error(resp, 409, "not_waiting", arena_printf(req->arena, "the bill is %s", b.state), "out_bill_no");
		return;
	}
	write_and_answer(req, resp, b.out_bill_no, confirm_work, &o);
}

static int notify_work(struct db *db, const char *no, const void *arg)
{
	return pay_notify_queue(db, no, *(const int *)arg);
}

/* {"out_bill_no", "repeat": N (1)}: the bill's callback, N more times.
 * WeChat Pay calls back only for final bills, and only with a notify_url. */
void fake_pay_notify(struct request *req, struct response *resp)
{
	struct pay_bill b;
	if (!settle(req, resp) || !body_bill(req, resp, &b))
		return;
	const cJSON *repeat = cJSON_GetObjectItemCaseSensitive(req->json, "repeat");
	int n = 1;
	if (repeat && (!cJSON_IsNumber(repeat) || !(repeat->valuedouble >= 1 && repeat->valuedouble <= 100) ||
	               repeat->valuedouble != (double)(n = repeat->valueint))) {
		resp_error(resp, 400, "validation_failed", "repeat must be 1..100", "repeat");
		return;
	}
	if (!pay_state_final(b.state)) {
		resp_error(resp, 409, "not_final", arena_printf(req->arena, "the bill is %s", b.state), "out_bill_no");
		return;
	}
	if (!*b.notify_url) {
		resp_error(resp, 409, "no_notify_url", "the bill has no notify_url", "out_bill_no");
		return;
	}
	write_and_answer(req, resp, b.out_bill_no, notify_work, &n);
}
