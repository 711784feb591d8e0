/* The fake WeChat Pay's configuration, its checks of a request's signature,
 * its signed answers and its call log (pay.h). */
#include "pay.h"

#include "calendar.h"
#include "clock.h"
#include "log.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static struct fakepay pay;

static const char *env_or(const char *name, const char *dflt)
{
	const char *v = getenv(name);
	return v && *v ? v : dflt;
}

/* Copies an identifier from the environment; false when it is absent or
 * longer than its field. */
static bool env_id(const char *name, char *out, size_t size)
{
	const char *v = getenv(name);
	if (!v || !*v || strlen(v) >= size) {
		snprintf(pay.why, sizeof pay.why, "%s is not set (or too long)", name);
		return false;
	}
	snprintf(out, size, "%s", v);
	return true;
}

static bool load_keys(const char *dir)
{
	char path[512], err[256];
	snprintf(path, sizeof path, "%s/merchant_pub.pem", dir);
	if (rsa_key_load_public_file(path, &pay.merchant_pub, err, sizeof err) != 0)
		goto fail;
	snprintf(path, sizeof path, "%s/wxpay_key.pem", dir);
	if (rsa_key_load_private_file(path, &pay.wxpay_key, err, sizeof err) != 0)
		goto fail;
	snprintf(path, sizeof path, "%s/apiv3_key", dir);
	if (wxpay_apiv3_key_load_file(path, pay.apiv3_key, err, sizeof err) != 0)
		goto fail;
	return true;
fail:
	snprintf(pay.why, sizeof pay.why, "%s", err);
	return false;
}

void fake_pay_init(void)
{
	const char *dir = getenv("FAKEPAY_DIR");
	pay.max_amount = atoll(env_or("FAKEPAY_MAX_AMOUNT", "20000"));
	if (!dir || !*dir)
		snprintf(pay.why, sizeof pay.why, "FAKEPAY_DIR is not set");
	else if (env_id("FAKEPAY_MCH_ID", pay.mch_id, sizeof pay.mch_id) &&
	         env_id("FAKEPAY_MCH_SERIAL", pay.mch_serial, sizeof pay.mch_serial) &&
	         env_id("FAKEPAY_PUBLIC_KEY_ID", pay.public_key_id, sizeof pay.public_key_id) && load_keys(dir))
		pay.ready = true;
	if (!pay.ready)
		log_warn("fake WeChat Pay not configured: %s", pay.why);
}

const struct fakepay *fake_pay(void)
{
	return &pay;
}

void fake_pay_free(void)
{
	rsa_key_free(pay.merchant_pub);
	rsa_key_free(pay.wxpay_key);
	memset(&pay, 0, sizeof pay);
}

const char *pay_time_text(struct request *req, int64_t t)
{
	char *s = arena_alloc(req->arena, CAL_INSTANT_BUF);
	cal_format_instant(t, s, CAL_INSTANT_BUF);
	return s;
}

/* What WeChat Pay signs: the path as sent and the query after a '?'. */
static const char *path_query(const struct request *req)
{
	if (!*req->query)
		return req->path;
	return arena_printf(req->arena, "%s?%s", req->path, req->query);
}

bool pay_authenticate(struct request *req, struct response *resp, struct pay_call *call)
{
	if (!pay.ready) {
		pay_error(req, resp, call, 500, "SYSTEM_ERROR", pay.why);
		return false;
	}
	const char *header = req_header(req, "HTTP_AUTHORIZATION");
	struct wxpay_authorization auth;
	if (!header || wxpay_authorization_parse(header, strlen(header), &auth) != 0) {
		pay_error(req, resp, call, 401, "SIGN_ERROR", "Authorization 缺失或格式错误");
		return false;
	}
	if (strcmp(auth.mchid, pay.mch_id) != 0) {
		pay_error(req, resp, call, 401, "SIGN_ERROR", "商户号与签名不匹配");
		return false;
	}
	if (strcmp(auth.serial_no, pay.mch_serial) != 0) {
		pay_error(req, resp, call, 401, "SIGN_ERROR", "商户证书序列号有误");
		return false;
	}
	/* The window is about the message in transit: real time, as WeChat Pay's. */
	enum wxpay_verdict v = wxpay_request_verify(&auth, pay.merchant_pub, req->method, path_query(req),
	                                            req->body ? req->body : "", req->body ? req->body_len : 0,
	                                            clock_real_now());
	if (v == WXPAY_STALE) {
		pay_error(req, resp, call, 401, "SIGN_ERROR", "请求时间戳与服务器时间相差超过5分钟");
		return false;
	}
	if (v != WXPAY_OK) {
		pay_error(req, resp, call, 401, "SIGN_ERROR", "签名错误");
		return false;
	}
	call->signature_valid = true;
	return true;
}

void pay_reply(struct request *req, struct response *resp, int status, cJSON *root)
{
	(void)req;
	resp_json(resp, status, root);
	resp->content_type = "application/json";
}

void pay_error(struct request *req, struct response *resp, struct pay_call *call, int status, const char *code,
               const char *message)
{
	cJSON *root = cJSON_CreateObject();
	cJSON_AddStringToObject(root, "code", code);
	cJSON_AddStringToObject(root, "message", message);
	pay_reply(req, resp, status, root);
	call->code = code;
}

/* The Wechatpay-* headers over the body; spoiled: a genuine signature of
 * another text (the body with one more byte), which no client may trust. */
static void sign_answer(struct request *req, struct response *resp, bool spoiled)
{
	if (!pay.ready)
		return;
	char nonce[WXPAY_NONCE_SIZE];
	wxpay_new_nonce(nonce);
	struct buf signed_text = { 0 };
	buf_append(&signed_text, resp->body.data ? resp->body.data : "", resp->body.len);
	if (spoiled)
		buf_puts(&signed_text, " ");
	struct wxpay_signed_headers h;
	int rc = wxpay_response_sign(pay.wxpay_key, pay.public_key_id, clock_real_now(), nonce,
	                             signed_text.data ? signed_text.data : "", signed_text.len, &h);
	buf_free(&signed_text);
	if (rc != 0) {
		log_error("fake WeChat Pay: cannot sign an answer");
		return;
	}
	resp_header(resp, "Wechatpay-Timestamp", h.timestamp);
	resp_header(resp, "Wechatpay-Nonce", h.nonce);
	resp_header(resp, "Wechatpay-Signature", h.signature);
	resp_header(resp, "Wechatpay-Serial", h.serial);
	resp_header(resp, "Request-ID", req->request_id ? req->request_id : "");
}

void pay_record_call(struct db *db, const struct pay_call *call, const char *method, const char *path,
                     const char *query, const char *body, int status)
{
	int rc = db_execf(db,
	                  "INSERT INTO pay_calls(api, method, path, query, body, out_bill_no, amount, signature_valid,"
	                  " status, code, fault, at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
	                  "tttttt" "inn" "tti", call->api, method, path, query, body ? body : "", call->out_bill_no,
	                  call->amount, call->signature_valid ? 1 : 0, status, call->code ? call->code : "",
	                  call->fault ? call->fault : "", clock_now());
	if (rc != SQLITE_OK)
		log_error("fake WeChat Pay: cannot record a call (%d)", rc);
}

/* A gateway that lost WeChat Pay's answer: its own page, unsigned. */
static void answer_lost(struct response *resp)
{
	resp_error(resp, 502, "bad_gateway", "upstream failure", NULL);
	resp->content_type = "text/html";
	buf_reset(&resp->body, 0);
	buf_reset(&resp->headers, 0);
	buf_puts(&resp->body, "<html><body><h1>502 Bad Gateway</h1></body></html>");
}

void pay_finish(struct request *req, struct response *resp, struct pay_call *call, int fault_seconds)
{
	const char *fault = call->fault ? call->fault : "";
	sign_answer(req, resp, strcmp(fault, "bad_signature") == 0);
	pay_record_call(fake_of(req)->state, call, req->method, req->path, req->query, req->body, resp->status);
	if (strcmp(fault, "lost_reply") == 0) {
		/* The work is done and kept; only the answer is lost on its way. */
		if (fault_seconds > 0)
			sleep((unsigned)fault_seconds);
		answer_lost(resp);
	}
}

bool fake_pay_calls(struct request *req, struct response *resp, const char *api)
{
	static const char *const apis[] = { "transfer", "query", "cancel", "notify" };
	bool ours = false;
	for (size_t i = 0; i < sizeof apis / sizeof apis[0]; i++)
		ours |= strcmp(api, apis[i]) == 0;
	if (!ours)
		return false;
	sqlite3_stmt *st;
	int rc = db_prepare(fake_of(req)->state, &st,
	                    "SELECT api, method, path, query, body, out_bill_no, amount, signature_valid, status, code,"
	                    " fault, at FROM pay_calls WHERE api = ?1 ORDER BY id", "t", api);
	if (rc != SQLITE_OK) {
		resp_error(resp, 500, "internal_error", "cannot read the calls", NULL);
		return true;
	}
	cJSON *list = cJSON_CreateArray();
	while ((rc = db_step(fake_of(req)->state, st)) == SQLITE_ROW) {
		cJSON *c = cJSON_CreateObject();
		static const char *const text_cols[] = { "api", "method", "path", "query", "body" };
		for (int i = 0; i < 5; i++)
			cJSON_AddStringToObject(c, text_cols[i], (const char *)sqlite3_column_text(st, i));
		if (sqlite3_column_type(st, 5) == SQLITE_NULL)
			cJSON_AddNullToObject(c, "out_bill_no");
		else
			cJSON_AddStringToObject(c, "out_bill_no", (const char *)sqlite3_column_text(st, 5));
		if (sqlite3_column_int64(st, 6) < 0)
			cJSON_AddNullToObject(c, "amount");
		else
			cJSON_AddNumberToObject(c, "amount", (double)sqlite3_column_int64(st, 6));
		cJSON_AddBoolToObject(c, "signature_valid", sqlite3_column_int(st, 7));
		cJSON_AddNumberToObject(c, "status", sqlite3_column_int(st, 8));
		cJSON_AddStringToObject(c, "code", (const char *)sqlite3_column_text(st, 9));
		cJSON_AddStringToObject(c, "fault", (const char *)sqlite3_column_text(st, 10));
		cJSON_AddNumberToObject(c, "at", (double)sqlite3_column_int64(st, 11));
		cJSON_AddItemToArray(list, c);
	}
	db_finish(st, rc);
	resp_json(resp, 200, list);
	return true;
}
