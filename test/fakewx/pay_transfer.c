/* The merchant transfer's three endpoints (WECHAT.md §6):
 *   POST /v3/fund-app/mch-transfer/transfer-bills
 *   GET  /v3/fund-app/mch-transfer/transfer-bills/out-bill-no/{out_bill_no}
 *   POST /v3/fund-app/mch-transfer/transfer-bills/out-bill-no/{out_bill_no}/cancel
 * Each: the signature (401 SIGN_ERROR), then a pending fault, then the work;
 * the answer is signed and the call recorded (pay_finish). */
#include "pay.h"

#include "clock.h"
#include "log.h"

#include <string.h>

static struct pay_call new_call(const char *api)
{
	return (struct pay_call){ .api = api, .amount = -1, .code = "", .fault = "" };
}

/* Time closes unconfirmed bills whether or not the sender has run yet. */
static bool settle(struct request *req, struct response *resp, struct pay_call *call)
{
	int rc = pay_bills_settle(fake_of(req)->state, clock_now());
	if (rc == SQLITE_OK)
		return true;
	log_error("fake WeChat Pay: cannot close expired bills (%d)", rc);
	pay_error(req, resp, call, 500, "SYSTEM_ERROR", "系统错误");
	return false;
}

static void transfer(struct request *req, struct response *resp, struct pay_call *call, const cJSON *body)
{
	struct pay_transfer t;
	int status;
	const char *code, *message;
	if (pay_transfer_read(req, body, &t, &status, &code, &message) != 0) {
		pay_error(req, resp, call, status, code, message);
		return;
	}
	if (!settle(req, resp, call))
		return;
	struct db *db = fake_of(req)->state;
	struct pay_bill b;
	int rc = db_begin_write(db);
	if (rc == SQLITE_OK) {
		rc = pay_bill_get(req, t.out_bill_no, &b);
		if (rc == DB_NOTFOUND)
			rc = pay_bill_create(req, &t, strcmp(call->fault, "accepted") == 0 ? "ACCEPTED" : "WAIT_USER_CONFIRM",
			                     clock_now(), &b);
		else if (rc == SQLITE_OK && strcmp(b.fields, t.fields) != 0)
			rc = SQLITE_CONSTRAINT;   /* the same bill number, other fields */
		if (rc == SQLITE_OK)
			rc = db_commit(db);
	}
	if (rc != SQLITE_OK)
		db_rollback(db);
	if (rc == SQLITE_CONSTRAINT)
		pay_error(req, resp, call, 400, "INVALID_REQUEST", "单号已存在但信息不一致");
	else if (rc != SQLITE_OK)
		pay_error(req, resp, call, 500, "SYSTEM_ERROR", "系统错误");
	else
		pay_reply(req, resp, 200, pay_bill_created_json(req, &b));
}

void fake_pay_transfer(struct request *req, struct response *resp)
{
	struct pay_call call = new_call("transfer");
	cJSON *body = req->body ? http_parse_json_object(req->body, req->body_len) : NULL;
	/* What the call log keeps of the request, even of one refused. */
	const char *no = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(body, "out_bill_no"));
	const cJSON *amount = cJSON_GetObjectItemCaseSensitive(body, "transfer_amount");
	call.out_bill_no = no ? arena_strdup(req->arena, no) : NULL;
	if (cJSON_IsNumber(amount) && amount->valuedouble >= 0 && amount->valuedouble < 1e15 &&
	    amount->valuedouble == (double)(int64_t)amount->valuedouble)
		call.amount = (int64_t)amount->valuedouble;   /* whole fen only: what could be paid */
	int seconds = 0;
	if (pay_authenticate(req, resp, &call) && !pay_fault_first(req, resp, &call, &seconds))
		transfer(req, resp, &call, body);
	cJSON_Delete(body);
	pay_finish(req, resp, &call, seconds);
}

/* The {out_bill_no} of the path, checked as WeChat Pay checks it; NULL after
 * answering 400 PARAM_ERROR. */
static const char *path_bill_no(struct request *req, struct response *resp, struct pay_call *call)
{
	const char *no = req_param(req, resp, "out_bill_no");
	if (no && !pay_bill_no_valid(no)) {
		pay_error(req, resp, call, 400, "PARAM_ERROR", "out_bill_no: 须为1到32位数字或大小写字母");
		return NULL;
	}
	return no;
}

static void query(struct request *req, struct response *resp, struct pay_call *call)
{
	struct pay_bill b;
	if (!call->out_bill_no || !settle(req, resp, call))
		return;
	int rc = pay_bill_get(req, call->out_bill_no, &b);
	if (rc == DB_NOTFOUND)
		pay_error(req, resp, call, 404, "NOT_FOUND", "记录不存在");
	else if (rc != SQLITE_OK)
		pay_error(req, resp, call, 500, "SYSTEM_ERROR", "系统错误");
	else
		pay_reply(req, resp, 200, pay_bill_json(req, &b));
}

void fake_pay_query(struct request *req, struct response *resp)
{
	struct pay_call call = new_call("query");
	call.out_bill_no = req_param(req, resp, "out_bill_no");
	int seconds = 0;
	if (call.out_bill_no && pay_authenticate(req, resp, &call) && !pay_fault_first(req, resp, &call, &seconds) &&
	    path_bill_no(req, resp, &call))
		query(req, resp, &call);
	pay_finish(req, resp, &call, seconds);
}

/* A bill can be cancelled until the user has confirmed it; cancelling one
 * already cancelling or cancelled answers its state again. */
static void cancel(struct request *req, struct response *resp, struct pay_call *call)
{
	if (!settle(req, resp, call))
		return;
	struct db *db = fake_of(req)->state;
	struct pay_bill b;
	int rc = db_begin_write(db);
	if (rc == SQLITE_OK) {
		rc = pay_bill_move(db, call->out_bill_no, "ACCEPTED|PROCESSING|WAIT_USER_CONFIRM", "CANCELING", NULL,
		                   clock_now());
		if (rc == SQLITE_OK || rc == DB_NOTFOUND)
			rc = pay_bill_get(req, call->out_bill_no, &b);
		if (rc == SQLITE_OK)
			rc = db_commit(db);
	}
	if (rc != SQLITE_OK)
		db_rollback(db);
	if (rc == DB_NOTFOUND) {
		pay_error(req, resp, call, 404, "NOT_FOUND", "记录不存在");
	} else if (rc != SQLITE_OK) {
		pay_error(req, resp, call, 500, "SYSTEM_ERROR", "系统错误");
	} else if (strcmp(b.state, "CANCELING") != 0 && strcmp(b.state, "CANCELLED") != 0) {
		pay_error(req, resp, call, 400, "INVALID_REQUEST", "当前单据状态不支持撤销");
	} else {
		cJSON *o = cJSON_CreateObject();
		cJSON_AddStringToObject(o, "out_bill_no", b.out_bill_no);
		cJSON_AddStringToObject(o, "transfer_bill_no", b.transfer_bill_no);
		cJSON_AddStringToObject(o, "state", b.state);
		cJSON_AddStringToObject(o, "update_time", pay_time_text(req, b.updated_at));
		pay_reply(req, resp, 200, o);
	}
}

void fake_pay_cancel(struct request *req, struct response *resp)
{
	struct pay_call call = new_call("cancel");
	call.out_bill_no = req_param(req, resp, "out_bill_no");
	int seconds = 0;
	if (call.out_bill_no && pay_authenticate(req, resp, &call) && !pay_fault_first(req, resp, &call, &seconds) &&
	    path_bill_no(req, resp, &call))
		cancel(req, resp, &call);
	pay_finish(req, resp, &call, seconds);
}
