/*
 * POST /api/pay/notify: WeChat Pay's completion callback of a merchant
 * transfer (WECHAT.md §6).  Verified (signature, serial, time window, the
 * SIGNTEST probe), decrypted with the APIv3 key, then applied once: the
 * payout changes only while it is not final, so duplicates, late and
 * out-of-order callbacks change nothing.  No call to anything else is made:
 * the answer comes well within WeChat Pay's 5 s.
 */
#include "worker.h"

#include "clock.h"
#include "log.h"
#include "pay_answer.h"
#include "pay_client.h"
#include "pay_payout.h"

#include <string.h>

#define BILL_FINISHED "MCHTRANSFER.BILL.FINISHED"

void api_pay_notify(struct request *req, struct response *resp)
{
	struct worker *w = worker_of(req);
	if (!w->pay) {
		resp_error(resp, 503, "unavailable", "支付未配置", NULL);
		return;
	}
	struct buf plain = { 0 };
	char event[WXPAY_EVENT_TYPE_SIZE] = "";
	enum wxpay_verdict v = pay_client_open_callback(
		w->pay, req_header(req, "HTTP_WECHATPAY_TIMESTAMP"), req_header(req, "HTTP_WECHATPAY_NONCE"),
		req_header(req, "HTTP_WECHATPAY_SIGNATURE"), req_header(req, "HTTP_WECHATPAY_SERIAL"), req->body,
		req->body_len, clock_real_now(), &plain, event);
	if (v != WXPAY_OK) {
		buf_free(&plain);
		log_warn("pay notify refused: %s", wxpay_verdict_name(v));
		resp_error(resp, 401, "bad_signature", "签名验证失败", NULL);
		return;
	}
	struct pay_answer a;
	int parsed = pay_bill_parse(plain.data, plain.len, &a);
	buf_free(&plain);
	if (strcmp(event, BILL_FINISHED) != 0) {
		resp_json(resp, 200, cJSON_CreateObject());   /* another event: nothing of ours to do */
		return;
	}
	if (parsed != 0) {
		resp_error(resp, 400, "bad_request", "回调内容无法识别", NULL);
		return;
	}
	db_rollback(w->db);   /* the request's read transaction: the apply is a write of its own */
	bool applied = false;
	int rc = pay_payout_apply_answer(w->db, &a, clock_now(), &applied);
	if (rc == DB_NOTFOUND) {
		log_warn("pay notify for an unknown bill %s: ignored", a.out_bill_no);
		rc = SQLITE_OK;
	}
	if (rc != SQLITE_OK) {
		worker_db_error(req, resp, rc);   /* 5xx: WeChat Pay sends it again */
		return;
	}
	if (applied)
		log_info("pay notify: %s is %s", a.out_bill_no, a.state);
	resp_json(resp, 200, cJSON_CreateObject());
}
