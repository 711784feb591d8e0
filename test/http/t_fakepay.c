/*
 * The fake WeChat Pay through the real stack (WECHAT.md §6, API.md "Dev
 * stack"), as the merchant sees it: requests signed with lib/pay/wxpay_auth
 * by the stack's merchant key and sent with libcurl; every answer's
 * signature verified with WeChat Pay's public key; the bills' states, their
 * idempotency, the transfer's field checks, the 24 h expiry on the server
 * clock, each fault; and the completion callbacks, received by a listener of
 * this test (notify_url points at it), verified and decrypted.
 *
 * The tests run in order against one stack and share its fake: each leaves
 * no fault pending, and each uses bill numbers of its own.
 */
#include "walker.h"

#include "calendar.h"
#include "clock.h"
#include "rsa_sign.h"
#include "wxpay_auth.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define MCH_ID "1900000109"
#define MCH_SERIAL "3775B6A45ACD588826D15E583A95F5DD00000001"
#define PUBLIC_KEY_ID "PUB_KEY_ID_0119000001092026120100000000000001"
#define TRANSFER_PATH "/v3/fund-app/mch-transfer/transfer-bills"
/* The dev configuration's appid (config.c's default), which the fake checks. */
#define APPID "wxd0e1a2b3c4d5e6f7"

static struct stack S;
static struct rsa_key *merchant_key, *wxpay_pub;
static unsigned char apiv3_key[WXPAY_APIV3_KEY_BYTES];
static char notify_url[64];

/* ---- the callback listener ---------------------------------------------- */

struct callback {
	char headers[4096];
	char *body;
	size_t len;
	int64_t at_ms;
};

static struct {
	int fd;
	pthread_t thread;
	pthread_mutex_t lock;
	struct callback got[256];
	int n;
	int fail_next;     /* answer 500 to this many callbacks first */
	volatile int stop;
} rx = { .lock = PTHREAD_MUTEX_INITIALIZER };

static int64_t ms_now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Reads one HTTP request (headers, then Content-Length bytes of body). */
static bool read_request(int c, struct callback *cb)
{
	char buf[65536];
	size_t have = 0;
	char *end = NULL;
	while (!end && have < sizeof buf - 1) {
		ssize_t n = read(c, buf + have, sizeof buf - 1 - have);
		if (n <= 0)
			return false;
		have += (size_t)n;
		buf[have] = '\0';
		end = strstr(buf, "\r\n\r\n");
	}
	if (!end)
		return false;
	size_t head = (size_t)(end - buf) + 4, want = 0;
	for (char *p = buf; p && p < end; p = strstr(p, "\r\n")) {
		p += p == buf ? 0 : 2;
		if (strncasecmp(p, "Content-Length:", 15) == 0)
			want = strtoul(p + 15, NULL, 10);
		if (p == buf)
			p++;
	}
	if (want > sizeof buf - 1 - head)
		return false;
	while (have < head + want) {
		ssize_t n = read(c, buf + have, head + want - have);
		if (n <= 0)
			return false;
		have += (size_t)n;
	}
	snprintf(cb->headers, sizeof cb->headers, "%.*s", (int)head, buf);
	cb->body = malloc(want + 1);
	memcpy(cb->body, buf + head, want);
	cb->body[want] = '\0';
	cb->len = want;
	cb->at_ms = ms_now();
	return true;
}

static void *listen_loop(void *unused)
{
	(void)unused;
	while (!rx.stop) {
		struct pollfd p = { .fd = rx.fd, .events = POLLIN };
		if (poll(&p, 1, 100) <= 0)
			continue;
		int c = accept(rx.fd, NULL, NULL);
		if (c < 0)
			continue;
		struct callback cb;
		int status = 400;
		if (read_request(c, &cb)) {
			pthread_mutex_lock(&rx.lock);
			status = rx.fail_next > 0 ? 500 : 200;
			if (rx.fail_next > 0)
				rx.fail_next--;
			if (rx.n < (int)(sizeof rx.got / sizeof rx.got[0]))
				rx.got[rx.n++] = cb;
			else
				free(cb.body);
			pthread_mutex_unlock(&rx.lock);
		}
		char answer[128];
		int n = snprintf(answer, sizeof answer, "HTTP/1.1 %d X\r\nContent-Length: 0\r\nConnection: close\r\n\r\n",
		                 status);
		if (write(c, answer, (size_t)n) < 0)
			perror("listener write");
		close(c);
	}
	return NULL;
}

static int start_listener(void)
{
	rx.fd = socket(AF_INET, SOCK_STREAM, 0);
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	socklen_t len = sizeof a;
	if (rx.fd < 0 || bind(rx.fd, (struct sockaddr *)&a, sizeof a) != 0 || listen(rx.fd, 16) != 0 ||
	    getsockname(rx.fd, (struct sockaddr *)&a, &len) != 0)
		return -1;
	snprintf(notify_url, sizeof notify_url, "http://127.0.0.1:%d/pay/notify", ntohs(a.sin_port));
	return pthread_create(&rx.thread, NULL, listen_loop, NULL) == 0 ? 0 : -1;
}

/* The value of a header in a raw header block, into out ("" if absent). */
static void raw_header(const char *headers, const char *name, char *out, size_t size)
{
	out[0] = '\0';
	size_t n = strlen(name);
	for (const char *p = strstr(headers, "\r\n"); p; p = strstr(p + 2, "\r\n")) {
		if (strncasecmp(p + 2, name, n) == 0 && p[2 + n] == ':') {
			const char *v = p + 3 + n;
			while (*v == ' ')
				v++;
			size_t len = strcspn(v, "\r\n");
			snprintf(out, size, "%.*s", (int)(len < size ? len : size - 1), v);
			return;
		}
	}
}

/* The callbacks received so far for bill no, opened: their states in order
 * (as "SUCCESS,SUCCESS"), each checked: signed by WeChat Pay's key under
 * its public key id within 5 minutes, the resource authentic under the
 * APIv3 key, the event MCHTRANSFER.BILL.FINISHED. */
static int callbacks_of(const char *no, char *states, size_t size, int *bad_signatures)
{
	int count = 0;
	states[0] = '\0';
	if (bad_signatures)
		*bad_signatures = 0;
	pthread_mutex_lock(&rx.lock);
	for (int i = 0; i < rx.n; i++) {
		struct callback *cb = &rx.got[i];
		char ts[32], nonce[64], sig[800], serial[80];
		raw_header(cb->headers, "Wechatpay-Timestamp", ts, sizeof ts);
		raw_header(cb->headers, "Wechatpay-Nonce", nonce, sizeof nonce);
		raw_header(cb->headers, "Wechatpay-Signature", sig, sizeof sig);
		raw_header(cb->headers, "Wechatpay-Serial", serial, sizeof serial);
		struct buf plain = { 0 };
		char event[WXPAY_EVENT_TYPE_SIZE];
		assert_int_equal(wxpay_callback_open(cb->body, cb->len, apiv3_key, &plain, event), 0);
		cJSON *bill = cJSON_Parse(plain.data);
		buf_free(&plain);
		assert_non_null(bill);
		const char *bill_no = cJSON_GetStringValue(cJSON_GetObjectItem(bill, "out_bill_no"));
		if (bill_no && strcmp(bill_no, no) == 0) {
			assert_string_equal(event, "MCHTRANSFER.BILL.FINISHED");
			assert_string_equal(serial, PUBLIC_KEY_ID);
			const struct wxpay_public_key keys[] = { { PUBLIC_KEY_ID, wxpay_pub } };
			enum wxpay_verdict v = wxpay_response_verify(keys, 1, ts, nonce, sig, serial, cb->body, cb->len,
			                                             clock_real_now());
			if (bad_signatures && v == WXPAY_BAD_SIGNATURE)
				(*bad_signatures)++;
			else
				assert_int_equal(v, WXPAY_OK);
			size_t used = strlen(states);
			snprintf(states + used, size - used, "%s%s", count ? "," : "",
			         cJSON_GetStringValue(cJSON_GetObjectItem(bill, "state")));
			count++;
		}
		cJSON_Delete(bill);
	}
	pthread_mutex_unlock(&rx.lock);
	return count;
}

/* Waits (up to 10 s) until bill no has had n callbacks; returns their states. */
static const char *await_callbacks(const char *no, int n, int *bad_signatures)
{
	static char states[512];
	for (int i = 0; i < 100; i++) {
		if (callbacks_of(no, states, sizeof states, bad_signatures) >= n)
			return states;
		usleep(100 * 1000);
	}
	fail_msg("bill %s: %d callback(s) awaited, got \"%s\"", no, n, states);
	return NULL;
}

/* When bill no's first callback arrived (ms), or -1. */
static int64_t first_callback_ms(const char *no)
{
	int64_t at = -1;
	char needle[64];
	snprintf(needle, sizeof needle, "%s", no);
	pthread_mutex_lock(&rx.lock);
	for (int i = 0; i < rx.n && at < 0; i++) {
		struct buf plain = { 0 };
		char event[WXPAY_EVENT_TYPE_SIZE];
		if (wxpay_callback_open(rx.got[i].body, rx.got[i].len, apiv3_key, &plain, event) == 0 &&
		    strstr(buf_str(&plain), needle))
			at = rx.got[i].at_ms;
		buf_free(&plain);
	}
	pthread_mutex_unlock(&rx.lock);
	return at;
}

/* ---- the merchant's side ------------------------------------------------ */

static int setup(void **state)
{
	(void)state;
	if (stack_start(&S, "fakepay", "FAKEPAY_NOTIFY_RETRY_MS=100 FAKEPAY_NOTIFY_HOLD_MS=3000") != 0)
		return -1;
	char path[600], err[256];
	snprintf(path, sizeof path, "%s/pay/merchant_key.pem", S.var);
	if (rsa_key_load_private_file(path, &merchant_key, err, sizeof err) != 0)
		return fprintf(stderr, "%s\n", err), -1;
	snprintf(path, sizeof path, "%s/pay/wxpay_pub.pem", S.var);
	if (rsa_key_load_public_file(path, &wxpay_pub, err, sizeof err) != 0)
		return fprintf(stderr, "%s\n", err), -1;
	snprintf(path, sizeof path, "%s/pay/apiv3_key", S.var);
	if (wxpay_apiv3_key_load_file(path, apiv3_key, err, sizeof err) != 0)
		return fprintf(stderr, "%s\n", err), -1;
	return start_listener();
}

static int teardown(void **state)
{
	(void)state;
	rx.stop = 1;
	pthread_join(rx.thread, NULL);
	close(rx.fd);
	for (int i = 0; i < rx.n; i++)
		free(rx.got[i].body);
	rsa_key_free(merchant_key);
	rsa_key_free(wxpay_pub);
	stack_stop(&S);
	return 0;
}

/* How a request is signed: as it should be, or spoiled one way. */
enum signing { SIGN_OK, SIGN_OTHER_BODY, SIGN_STALE, SIGN_OTHER_SERIAL, SIGN_PROBE, SIGN_NONE };

/* One call to the fake WeChat Pay, signed by the merchant key. */
static void pay_call_signed(struct http_reply *r, const char *method, const char *path, const char *body,
                            enum signing how)
{
	char nonce[WXPAY_NONCE_SIZE], auth[WXPAY_AUTHORIZATION_SIZE + 64] = "Authorization: ";
	wxpay_new_nonce(nonce);
	const char *signed_body = how == SIGN_OTHER_BODY ? "{}" : body;
	int64_t ts = clock_real_now() - (how == SIGN_STALE ? 301 : 0);
	assert_int_equal(wxpay_authorization_build(merchant_key, MCH_ID,
	                                           how == SIGN_OTHER_SERIAL ? "3775B6A45ACD588826D15E583A95F5DD00000002"
	                                                                    : MCH_SERIAL,
	                                           method, path, signed_body, strlen(signed_body), ts, nonce,
	                                           auth + 15, WXPAY_AUTHORIZATION_SIZE), 0);
	if (how == SIGN_PROBE) {
		char *sig = strstr(auth, "signature=\"") + 11;
		/* the probe prefix before a genuine signature */
		memmove(sig + 19, sig, strlen(sig) + 1);
		memcpy(sig, "WECHATPAY/SIGNTEST/", 19);
	}
	const char *headers[] = { "Accept: application/json", how == SIGN_NONE ? "X-None: 1" : auth, NULL };
	char url[512];
	snprintf(url, sizeof url, "%s%s", S.fake, path);
	assert_int_equal(http_do(r, method, url, *body ? "application/json" : NULL, *body ? body : NULL,
	                         *body ? -1 : 0, headers), 0);
}

static void pay_call(struct http_reply *r, const char *method, const char *path, const char *body)
{
	pay_call_signed(r, method, path, body, SIGN_OK);
}

/* The verdict on an answer's Wechatpay-* signature. */
static enum wxpay_verdict answer_verdict(const struct http_reply *r)
{
	char ts[32], nonce[64], sig[800], serial[80];
	http_header(r, "Wechatpay-Timestamp", ts, sizeof ts);
	http_header(r, "Wechatpay-Nonce", nonce, sizeof nonce);
	http_header(r, "Wechatpay-Signature", sig, sizeof sig);
	http_header(r, "Wechatpay-Serial", serial, sizeof serial);
	const struct wxpay_public_key keys[] = { { PUBLIC_KEY_ID, wxpay_pub } };
	return wxpay_response_verify(keys, 1, *ts ? ts : NULL, *nonce ? nonce : NULL, *sig ? sig : NULL,
	                             *serial ? serial : NULL, r->body, r->len, clock_real_now());
}

/* Asserts a WeChat Pay error answer: the status, {"code","message"}, signed. */
static void expect_pay_error(struct http_reply *r, long status, const char *code)
{
	if (r->status != status || strcmp(http_str(r, "code"), code) != 0)
		fail_msg("expected %ld %s, got %ld %s", status, code, r->status, r->body);
	assert_true(*http_str(r, "message"));
	assert_int_equal(answer_verdict(r), WXPAY_OK);
	http_reply_free(r);
}

/* A transfer's body as the payout side sends it; extra members (JSON text
 * without braces) replace or add to the defaults when given. */
static char *transfer_body(const char *no, long amount, const char *replace)
{
	cJSON *o = cJSON_Parse("{\"appid\":\"" APPID "\",\"transfer_scene_id\":\"1000\","
	                       "\"openid\":\"o-fakepay-test-openid-00001\",\"transfer_remark\":\"与祖国同行 步数红包\","
	                       "\"user_recv_perception\":\"活动奖励\","
	                       "\"transfer_scene_report_infos\":[{\"info_type\":\"活动名称\",\"info_content\":\"与祖国同行\"},"
	                       "{\"info_type\":\"奖励说明\",\"info_content\":\"步数兑换现金红包\"}]}");
	cJSON_AddStringToObject(o, "out_bill_no", no);
	cJSON_AddNumberToObject(o, "transfer_amount", (double)amount);
	cJSON_AddStringToObject(o, "notify_url", notify_url);
	if (replace) {
		char text[2048];
		snprintf(text, sizeof text, "{%s}", replace);
		cJSON *extra = cJSON_Parse(text);
		assert_non_null(extra);
		cJSON *item;
		cJSON_ArrayForEach(item, extra) {
			cJSON_DeleteItemFromObjectCaseSensitive(o, item->string);
			if (!cJSON_IsNull(item))   /* null: leave the member out */
				cJSON_AddItemToObject(o, item->string, cJSON_Duplicate(item, true));
		}
		cJSON_Delete(extra);
	}
	char *text = cJSON_PrintUnformatted(o);
	cJSON_Delete(o);
	return text;
}

static void post_transfer(struct http_reply *r, const char *no, long amount, const char *replace)
{
	char *body = transfer_body(no, amount, replace);
	pay_call(r, "POST", TRANSFER_PATH, body);
	free(body);
}

/* A new bill, asserted WAIT_USER_CONFIRM; its transfer_bill_no into tbn. */
static void new_bill(const char *no, long amount, char *tbn, size_t size)
{
	struct http_reply r;
	post_transfer(&r, no, amount, NULL);
	if (r.status != 200)
		fail_msg("transfer %s: %ld %s", no, r.status, r.body);
	assert_string_equal(http_str(&r, "state"), "WAIT_USER_CONFIRM");
	assert_int_equal(answer_verdict(&r), WXPAY_OK);
	if (tbn)
		snprintf(tbn, size, "%s", http_str(&r, "transfer_bill_no"));
	http_reply_free(&r);
}

static const char *bill_path(const char *no, const char *tail)
{
	static char path[256];
	snprintf(path, sizeof path, "%s/out-bill-no/%s%s", TRANSFER_PATH, no, tail);
	return path;
}

/* The state of bill no by a signed query. */
static const char *query_state(const char *no)
{
	static char state[32];
	struct http_reply r;
	pay_call(&r, "GET", bill_path(no, ""), "");
	assert_int_equal(answer_verdict(&r), WXPAY_OK);
	snprintf(state, sizeof state, "%s", r.status == 200 ? http_str(&r, "state") : http_str(&r, "code"));
	http_reply_free(&r);
	return state;
}

static void fault(const char *api, const char *name, int count, int seconds)
{
	char body[160];
	snprintf(body, sizeof body, "{\"api\":\"%s\",\"fault\":\"%s\",\"count\":%d,\"seconds\":%d}", api, name, count,
	         seconds);
	struct http_reply r;
	assert_int_equal(stack_post(&r, &S, FAKE, "/fake/faults", body), 0);
	assert_int_equal(r.status, 200);
	http_reply_free(&r);
}

static void confirm(const char *no)
{
	char body[96];
	snprintf(body, sizeof body, "{\"out_bill_no\":\"%s\"}", no);
	struct http_reply r;
	assert_int_equal(stack_post(&r, &S, FAKE, "/fake/pay/confirm", body), 0);
	if (r.status != 200)
		fail_msg("confirm %s: %ld %s", no, r.status, r.body);
	assert_string_equal(http_str(&r, "state"), "SUCCESS");
	http_reply_free(&r);
}

/* The fake's bills with this out_bill_no (GET /fake/pay/bills). */
static int bills_named(const char *no, long *amount)
{
	struct http_reply r;
	assert_int_equal(stack_get(&r, &S, FAKE, "/fake/pay/bills"), 0);
	int n = 0;
	cJSON *b;
	cJSON_ArrayForEach(b, r.json) {
		if (strcmp(cJSON_GetStringValue(cJSON_GetObjectItem(b, "out_bill_no")), no) == 0) {
			n++;
			if (amount)
				*amount = (long)cJSON_GetNumberValue(cJSON_GetObjectItem(b, "amount"));
		}
	}
	http_reply_free(&r);
	return n;
}

/* The last transfer call the fake logged: its out_bill_no, amount, whether
 * the signature was valid. */
static void last_call(const char *api, char *no, size_t size, long *amount, bool *valid)
{
	char path[64];
	snprintf(path, sizeof path, "/fake/calls?api=%s", api);
	struct http_reply r;
	assert_int_equal(stack_get(&r, &S, FAKE, path), 0);
	int n = cJSON_GetArraySize(r.json);
	assert_true(n > 0);
	cJSON *c = cJSON_GetArrayItem(r.json, n - 1);
	const char *s = cJSON_GetStringValue(cJSON_GetObjectItem(c, "out_bill_no"));
	snprintf(no, size, "%s", s ? s : "");
	cJSON *a = cJSON_GetObjectItem(c, "amount");
	*amount = cJSON_IsNumber(a) ? (long)a->valuedouble : -1;
	*valid = cJSON_IsTrue(cJSON_GetObjectItem(c, "signature_valid"));
	http_reply_free(&r);
}

/* ---- the tests ---------------------------------------------------------- */

static void signed_transfer_gets_a_signed_answer(void **state)
{
	(void)state;
	struct http_reply r;
	post_transfer(&r, "T1signed", 30, NULL);
	assert_int_equal(r.status, 200);
	assert_int_equal(answer_verdict(&r), WXPAY_OK);
	assert_string_equal(http_str(&r, "out_bill_no"), "T1signed");
	assert_string_equal(http_str(&r, "state"), "WAIT_USER_CONFIRM");
	assert_int_equal(strlen(http_str(&r, "transfer_bill_no")), 40);
	assert_true(strlen(http_str(&r, "package_info")) > 20);
	assert_true(strstr(http_str(&r, "create_time"), "+08:00") != NULL);
	/* The signature is of this body and no other. */
	char ts[32], nonce[64], sig[800], serial[80];
	http_header(&r, "Wechatpay-Timestamp", ts, sizeof ts);
	http_header(&r, "Wechatpay-Nonce", nonce, sizeof nonce);
	http_header(&r, "Wechatpay-Signature", sig, sizeof sig);
	http_header(&r, "Wechatpay-Serial", serial, sizeof serial);
	assert_string_equal(serial, PUBLIC_KEY_ID);
	const struct wxpay_public_key keys[] = { { PUBLIC_KEY_ID, wxpay_pub } };
	assert_int_equal(wxpay_response_verify(keys, 1, ts, nonce, sig, serial, r.body, r.len - 1, clock_real_now()),
	                 WXPAY_BAD_SIGNATURE);
	http_reply_free(&r);
	char no[64];
	long amount;
	bool valid;
	last_call("transfer", no, sizeof no, &amount, &valid);
	assert_string_equal(no, "T1signed");
	assert_int_equal(amount, 30);
	assert_true(valid);
	assert_string_equal(query_state("T1signed"), "WAIT_USER_CONFIRM");
}

static void bad_signatures_are_refused(void **state)
{
	(void)state;
	char *body = transfer_body("T2refused", 30, NULL);
	const enum signing spoiled[] = { SIGN_OTHER_BODY, SIGN_STALE, SIGN_OTHER_SERIAL, SIGN_PROBE, SIGN_NONE };
	for (size_t i = 0; i < sizeof spoiled / sizeof spoiled[0]; i++) {
		struct http_reply r;
		pay_call_signed(&r, "POST", TRANSFER_PATH, body, spoiled[i]);
		expect_pay_error(&r, 401, "SIGN_ERROR");
		char no[64];
		long amount;
		bool valid = true;
		last_call("transfer", no, sizeof no, &amount, &valid);
		assert_string_equal(no, "T2refused");
		assert_false(valid);
	}
	assert_int_equal(bills_named("T2refused", NULL), 0);
	/* A query too is refused without a good signature. */
	struct http_reply r;
	pay_call_signed(&r, "GET", bill_path("T1signed", ""), "", SIGN_PROBE);
	expect_pay_error(&r, 401, "SIGN_ERROR");
	/* and signed well, the same body makes the bill */
	pay_call(&r, "POST", TRANSFER_PATH, body);
	assert_int_equal(r.status, 200);
	http_reply_free(&r);
	free(body);
	assert_int_equal(bills_named("T2refused", NULL), 1);
}

static void the_same_bill_again_is_the_same_bill(void **state)
{
	(void)state;
	char first[64], again[64];
	new_bill("T3same", 50, first, sizeof first);
	new_bill("T3same", 50, again, sizeof again);
	assert_string_equal(first, again);
	assert_int_equal(bills_named("T3same", NULL), 1);
	/* other fields under the same number: refused, the bill unchanged */
	struct http_reply r;
	post_transfer(&r, "T3same", 51, NULL);
	expect_pay_error(&r, 400, "INVALID_REQUEST");
	post_transfer(&r, "T3same", 50, "\"transfer_remark\":\"另一条备注\"");
	expect_pay_error(&r, 400, "INVALID_REQUEST");
	post_transfer(&r, "T3same", 50, "\"openid\":\"o-another-openid\"");
	expect_pay_error(&r, 400, "INVALID_REQUEST");
	long amount = 0;
	assert_int_equal(bills_named("T3same", &amount), 1);
	assert_int_equal(amount, 50);
	post_transfer(&r, "T3same", 51, NULL);
	assert_non_null(strstr(http_str(&r, "message"), "单号已存在但信息不一致"));
	http_reply_free(&r);
}

static void every_field_is_checked(void **state)
{
	(void)state;
	static const struct {
		const char *replace;
		long amount;
		const char *code;
	} cases[] = {
		{ "\"transfer_scene_id\":\"1001\"", 30, "PARAM_ERROR" },
		{ "\"transfer_scene_id\":null", 30, "PARAM_ERROR" },
		{ "\"transfer_scene_report_infos\":[{\"info_type\":\"活动名称\",\"info_content\":\"与祖国同行\"}]", 30,
		  "PARAM_ERROR" },
		{ "\"transfer_scene_report_infos\":[{\"info_type\":\"活动名称\",\"info_content\":\"与祖国同行\"},"
		  "{\"info_type\":\"活动名称\",\"info_content\":\"与祖国同行\"}]", 30, "PARAM_ERROR" },
		{ "\"transfer_scene_report_infos\":[{\"info_type\":\"活动名称\",\"info_content\":\"与祖国同行\"},"
		  "{\"info_type\":\"奖励说明\",\"info_content\":\"\"}]", 30, "PARAM_ERROR" },
		{ "\"transfer_scene_report_infos\":[{\"info_type\":\"活动名称\",\"info_content\":\"与祖国同行\"},"
		  "{\"info_type\":\"奖励说明\",\"info_content\":\"一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十一二三\"}]",
		  30, "PARAM_ERROR" },
		{ "\"transfer_scene_report_infos\":null", 30, "PARAM_ERROR" },
		{ "\"user_recv_perception\":\"红包\"", 30, "PARAM_ERROR" },
		{ "\"transfer_remark\":\"一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十一二三\"", 30, "PARAM_ERROR" },
		{ "\"transfer_remark\":\"\"", 30, "PARAM_ERROR" },
		{ "\"transfer_remark\":null", 30, "PARAM_ERROR" },
		{ "\"notify_url\":\"https://walk.example.org/api/pay/notify?x=1\"", 30, "PARAM_ERROR" },
		{ "\"notify_url\":\"ftp://walk.example.org/notify\"", 30, "PARAM_ERROR" },
		{ "\"openid\":null", 30, "PARAM_ERROR" },
		{ "\"appid\":\"wx1111111111111111\"", 30, "PARAM_ERROR" },
		{ "\"transfer_amount\":10.5", 30, "PARAM_ERROR" },
		{ "\"transfer_amount\":\"30\"", 30, "PARAM_ERROR" },
		{ NULL, 9, "INVALID_REQUEST" },
		{ NULL, 20001, "INVALID_REQUEST" },
		{ NULL, -30, "INVALID_REQUEST" },
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct http_reply r;
		char no[32];
		snprintf(no, sizeof no, "T4field%zu", i);
		post_transfer(&r, no, cases[i].amount, cases[i].replace);
		if (r.status != 400 || strcmp(http_str(&r, "code"), cases[i].code) != 0)
			fail_msg("case %zu (%s, %ld): %ld %s", i, cases[i].replace ? cases[i].replace : "", cases[i].amount,
			         r.status, r.body);
		expect_pay_error(&r, 400, cases[i].code);
		assert_int_equal(bills_named(no, NULL), 0);
		/* the log keeps the amount only when it is whole fen */
		char logged[32];
		long amount;
		bool valid;
		last_call("transfer", logged, sizeof logged, &amount, &valid);
		assert_string_equal(logged, no);
		assert_true(valid);
		if (!cases[i].replace || !strstr(cases[i].replace, "transfer_amount"))
			assert_int_equal(amount, cases[i].amount < 0 ? -1 : cases[i].amount);
		else
			assert_int_equal(amount, -1);
	}
	/* Bill numbers: [0-9A-Za-z], at most 32. */
	const char *bad_numbers[] = { "T4-dash", "T4_under", "T4ABCDEFGHIJKLMNOPQRSTUVWXYZ01234", "" };
	for (size_t i = 0; i < sizeof bad_numbers / sizeof bad_numbers[0]; i++) {
		struct http_reply r;
		post_transfer(&r, bad_numbers[i], 30, NULL);
		expect_pay_error(&r, 400, "PARAM_ERROR");
	}
	struct http_reply r;
	pay_call(&r, "POST", TRANSFER_PATH, "not json");
	expect_pay_error(&r, 400, "PARAM_ERROR");
	/* The limits themselves are allowed: 10 and 20000 fen, 32 characters,
	 * 现金奖励, and a transfer without the optional perception. */
	new_bill("T4min", 10, NULL, 0);
	new_bill("T4max", 20000, NULL, 0);
	post_transfer(&r, "T4ABCDEFGHIJKLMNOPQRSTUVWXYZ0123", 30,
	              "\"transfer_remark\":\"一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十一二\","
	              "\"user_recv_perception\":\"现金奖励\"");
	assert_int_equal(r.status, 200);
	http_reply_free(&r);
	post_transfer(&r, "T4noperception", 30, "\"user_recv_perception\":null");
	assert_int_equal(r.status, 200);
	http_reply_free(&r);
}

static void confirmed_bill_succeeds_with_a_callback(void **state)
{
	(void)state;
	new_bill("T5confirm", 88, NULL, 0);
	assert_int_equal(callbacks_of("T5confirm", (char[64]){ 0 }, 64, NULL), 0);
	confirm("T5confirm");
	assert_string_equal(await_callbacks("T5confirm", 1, NULL), "SUCCESS");
	assert_string_equal(query_state("T5confirm"), "SUCCESS");
	/* the query's answer has the bill's fields */
	struct http_reply r;
	pay_call(&r, "GET", bill_path("T5confirm", ""), "");
	assert_int_equal(http_num(&r, "transfer_amount"), 88);
	assert_string_equal(http_str(&r, "mch_id"), MCH_ID);
	http_reply_free(&r);
	/* A confirmed bill is not confirmed again, and its transfer answers SUCCESS. */
	assert_int_equal(stack_post(&r, &S, FAKE, "/fake/pay/confirm", "{\"out_bill_no\":\"T5confirm\"}"), 0);
	assert_int_equal(r.status, 409);
	http_reply_free(&r);
	post_transfer(&r, "T5confirm", 88, NULL);
	assert_string_equal(http_str(&r, "state"), "SUCCESS");
	assert_string_equal(http_str(&r, "package_info"), "");
	http_reply_free(&r);
	/* Sent again on demand, as many times as asked: only for a final bill. */
	assert_int_equal(stack_post(&r, &S, FAKE, "/fake/pay/notify", "{\"out_bill_no\":\"T5confirm\",\"repeat\":2}"), 0);
	assert_int_equal(r.status, 200);
	http_reply_free(&r);
	assert_string_equal(await_callbacks("T5confirm", 3, NULL), "SUCCESS,SUCCESS,SUCCESS");
	const char *bad_repeats[] = { "0", "101", "1.5", "1e300", "\"2\"" };
	for (size_t i = 0; i < sizeof bad_repeats / sizeof bad_repeats[0]; i++) {
		char body[96];
		snprintf(body, sizeof body, "{\"out_bill_no\":\"T5confirm\",\"repeat\":%s}", bad_repeats[i]);
		assert_int_equal(stack_post(&r, &S, FAKE, "/fake/pay/notify", body), 0);
		expect_error(&r, 400, "validation_failed", "repeat");
	}
	new_bill("T5waiting", 30, NULL, 0);
	assert_int_equal(stack_post(&r, &S, FAKE, "/fake/pay/notify", "{\"out_bill_no\":\"T5waiting\"}"), 0);
	assert_int_equal(r.status, 409);
	http_reply_free(&r);
}

static void an_unanswered_callback_is_retried(void **state)
{
	(void)state;
	new_bill("T6retry", 30, NULL, 0);
	pthread_mutex_lock(&rx.lock);
	rx.fail_next = 2;
	pthread_mutex_unlock(&rx.lock);
	confirm("T6retry");
	/* two answered 500, the third 200: three deliveries, then no more */
	assert_string_equal(await_callbacks("T6retry", 3, NULL), "SUCCESS,SUCCESS,SUCCESS");
	usleep(1500 * 1000);
	char states[128];
	assert_int_equal(callbacks_of("T6retry", states, sizeof states, NULL), 3);
}

static void cancel_before_confirmation(void **state)
{
	(void)state;
	new_bill("T7cancel", 30, NULL, 0);
	struct http_reply r;
	pay_call(&r, "POST", bill_path("T7cancel", "/cancel"), "");
	assert_int_equal(r.status, 200);
	assert_int_equal(answer_verdict(&r), WXPAY_OK);
	assert_string_equal(http_str(&r, "state"), "CANCELING");
	http_reply_free(&r);
	assert_string_equal(await_callbacks("T7cancel", 1, NULL), "CANCELLED");
	assert_string_equal(query_state("T7cancel"), "CANCELLED");
	pay_call(&r, "POST", bill_path("T7cancel", "/cancel"), "");
	assert_string_equal(http_str(&r, "state"), "CANCELLED");
	http_reply_free(&r);
	/* not once confirmed; nothing that is not there */
	pay_call(&r, "POST", bill_path("T5confirm", "/cancel"), "");
	expect_pay_error(&r, 400, "INVALID_REQUEST");
	pay_call(&r, "POST", bill_path("T7never", "/cancel"), "");
	expect_pay_error(&r, 404, "NOT_FOUND");
	pay_call(&r, "GET", bill_path("T7never", ""), "");
	expect_pay_error(&r, 404, "NOT_FOUND");
	pay_call(&r, "GET", bill_path("T7-bad", ""), "");
	expect_pay_error(&r, 400, "PARAM_ERROR");
}

/* Each fault that replaces the answer: the code, and no bill made. */
static void faults_answer_instead_of_the_work(void **state)
{
	(void)state;
	static const struct {
		const char *fault;
		long status;
		const char *code;
	} cases[] = {
		{ "system_error", 500, "SYSTEM_ERROR" },
		{ "frequency_limited", 429, "FREQUENCY_LIMITED" },
		{ "not_enough", 403, "NOT_ENOUGH" },
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char no[32];
		snprintf(no, sizeof no, "T8fault%zu", i);
		fault("transfer", cases[i].fault, 2, 0);
		for (int k = 0; k < 2; k++) {
			struct http_reply r;
			post_transfer(&r, no, 30, NULL);
			expect_pay_error(&r, cases[i].status, cases[i].code);
		}
		assert_int_equal(bills_named(no, NULL), 0);
		/* the count is spent: the same bill now goes through */
		new_bill(no, 30, NULL, 0);
	}
	/* on a query */
	fault("query", "system_error", 1, 0);
	assert_string_equal(query_state("T8fault0"), "SYSTEM_ERROR");
	fault("query", "frequency_limited", 1, 0);
	assert_string_equal(query_state("T8fault0"), "FREQUENCY_LIMITED");
	assert_string_equal(query_state("T8fault0"), "WAIT_USER_CONFIRM");
	/* timeout: the call is held, then SYSTEM_ERROR, no bill */
	fault("transfer", "timeout", 1, 2);
	int64_t t0 = ms_now();
	struct http_reply r;
	post_transfer(&r, "T8timeout", 30, NULL);
	assert_true(ms_now() - t0 >= 2000);
	expect_pay_error(&r, 500, "SYSTEM_ERROR");
	assert_int_equal(bills_named("T8timeout", NULL), 0);
}

static void faults_of_the_answer(void **state)
{
	(void)state;
	/* lost_reply: no answer but a gateway's page; the bill was made, and
	 * the same request then answers it */
	fault("transfer", "lost_reply", 1, 0);
	struct http_reply r;
	post_transfer(&r, "T9lost", 30, NULL);
	assert_int_equal(r.status, 502);
	assert_null(strstr(r.body, "transfer_bill_no"));
	http_reply_free(&r);
	assert_int_equal(bills_named("T9lost", NULL), 1);
	assert_string_equal(query_state("T9lost"), "WAIT_USER_CONFIRM");
	char tbn[64];
	new_bill("T9lost", 30, tbn, sizeof tbn);
	assert_int_equal(bills_named("T9lost", NULL), 1);
	/* bad_signature: a real answer whose signature does not verify */
	fault("transfer", "bad_signature", 1, 0);
	post_transfer(&r, "T9badsig", 30, NULL);
	assert_int_equal(r.status, 200);
	assert_string_equal(http_str(&r, "state"), "WAIT_USER_CONFIRM");
	assert_int_equal(answer_verdict(&r), WXPAY_BAD_SIGNATURE);
	http_reply_free(&r);
	assert_int_equal(bills_named("T9badsig", NULL), 1);
	fault("query", "bad_signature", 1, 0);
	pay_call(&r, "GET", bill_path("T9badsig", ""), "");
	assert_int_equal(answer_verdict(&r), WXPAY_BAD_SIGNATURE);
	http_reply_free(&r);
	/* lost_reply on a cancel: cancelled all the same */
	fault("cancel", "lost_reply", 1, 0);
	pay_call(&r, "POST", bill_path("T9badsig", "/cancel"), "");
	assert_int_equal(r.status, 502);
	http_reply_free(&r);
	assert_string_equal(query_state("T9badsig"), "CANCELLED");
	/* the log says which fault each call met */
	assert_int_equal(stack_get(&r, &S, FAKE, "/fake/calls?api=cancel"), 0);
	cJSON *last = cJSON_GetArrayItem(r.json, cJSON_GetArraySize(r.json) - 1);
	assert_string_equal(cJSON_GetStringValue(cJSON_GetObjectItem(last, "fault")), "lost_reply");
	http_reply_free(&r);
}

static void callback_faults(void **state)
{
	(void)state;
	/* duplicate: delivered twice */
	new_bill("T10dup", 30, NULL, 0);
	fault("notify", "duplicate_notify", 1, 0);
	confirm("T10dup");
	assert_string_equal(await_callbacks("T10dup", 2, NULL), "SUCCESS,SUCCESS");
	/* out of order: A's callback waits until B's, queued later, has gone */
	new_bill("T10first", 30, NULL, 0);
	new_bill("T10second", 30, NULL, 0);
	fault("notify", "out_of_order_notify", 1, 0);
	confirm("T10first");
	usleep(300 * 1000);
	assert_int_equal(first_callback_ms("T10first"), -1);
	confirm("T10second");
	await_callbacks("T10first", 1, NULL);
	await_callbacks("T10second", 1, NULL);
	assert_true(first_callback_ms("T10second") <= first_callback_ms("T10first"));
	/* a spoiled signature, which a receiver must refuse */
	new_bill("T10badsig", 30, NULL, 0);
	fault("notify", "bad_signature", 1, 0);
	confirm("T10badsig");
	int bad = 0;
	await_callbacks("T10badsig", 1, &bad);
	assert_int_equal(bad, 1);
}

/* The states on the way: ACCEPTED (then put to the user), TRANSFERING (not
 * final: no callback, no cancel), and FAIL at the end. */
static void the_states_on_the_way(void **state)
{
	(void)state;
	fault("transfer", "accepted", 1, 0);
	struct http_reply r;
	post_transfer(&r, "T12accepted", 30, NULL);
	assert_int_equal(r.status, 200);
	assert_string_equal(http_str(&r, "state"), "ACCEPTED");
	assert_string_equal(http_str(&r, "package_info"), "");
	http_reply_free(&r);
	assert_string_equal(query_state("T12accepted"), "WAIT_USER_CONFIRM");
	assert_int_equal(stack_post(&r, &S, FAKE, "/fake/pay/confirm",
	                            "{\"out_bill_no\":\"T12accepted\",\"outcome\":\"TRANSFERING\"}"), 0);
	assert_string_equal(http_str(&r, "state"), "TRANSFERING");
	http_reply_free(&r);
	assert_string_equal(query_state("T12accepted"), "TRANSFERING");
	pay_call(&r, "POST", bill_path("T12accepted", "/cancel"), "");
	expect_pay_error(&r, 400, "INVALID_REQUEST");
	usleep(500 * 1000);
	char states[64];
	assert_int_equal(callbacks_of("T12accepted", states, sizeof states, NULL), 0);
	assert_int_equal(stack_post(&r, &S, FAKE, "/fake/pay/confirm",
	                            "{\"out_bill_no\":\"T12accepted\",\"outcome\":\"FAIL\"}"), 0);
	assert_string_equal(http_str(&r, "state"), "FAIL");
	http_reply_free(&r);
	assert_string_equal(await_callbacks("T12accepted", 1, NULL), "FAIL");
	pay_call(&r, "GET", bill_path("T12accepted", ""), "");
	assert_string_equal(http_str(&r, "fail_reason"), "PAYEE_ACCOUNT_ABNORMAL");
	http_reply_free(&r);
	assert_int_equal(stack_post(&r, &S, FAKE, "/fake/pay/confirm",
	                            "{\"out_bill_no\":\"T12accepted\",\"outcome\":\"PAID\"}"), 0);
	assert_int_equal(r.status, 400);
	http_reply_free(&r);
}

static void every_waiting_bill_confirmed_at_once(void **state)
{
	(void)state;
	new_bill("T13allA", 30, NULL, 0);
	new_bill("T13allB", 40, NULL, 0);
	struct http_reply r;
	assert_int_equal(stack_post(&r, &S, FAKE, "/fake/pay/confirm", "{\"all\":true}"), 0);
	assert_int_equal(r.status, 200);
	assert_true(http_num(&r, "confirmed") >= 2);
	http_reply_free(&r);
	assert_string_equal(query_state("T13allA"), "SUCCESS");
	assert_string_equal(query_state("T13allB"), "SUCCESS");
	assert_string_equal(await_callbacks("T13allA", 1, NULL), "SUCCESS");
	assert_string_equal(await_callbacks("T13allB", 1, NULL), "SUCCESS");
	assert_int_equal(stack_post(&r, &S, FAKE, "/fake/pay/confirm", "{\"all\":true}"), 0);
	assert_int_equal(http_num(&r, "confirmed"), 0);
	http_reply_free(&r);
}

/* Last: it moves the server clock, which closes every bill still waiting. */
static void unconfirmed_bill_expires_after_24_hours(void **state)
{
	(void)state;
	new_bill("T11expire", 30, NULL, 0);
	char instant[CAL_INSTANT_BUF];
	cal_format_instant(clock_real_now() + 23 * 3600, instant, sizeof instant);
	stack_clock(&S, instant);
	assert_string_equal(query_state("T11expire"), "WAIT_USER_CONFIRM");
	cal_format_instant(clock_real_now() + 24 * 3600 + 60, instant, sizeof instant);
	stack_clock(&S, instant);
	/* the sender closes it by itself, with its callback */
	assert_string_equal(await_callbacks("T11expire", 1, NULL), "CANCELLED");
	assert_string_equal(query_state("T11expire"), "CANCELLED");
	struct http_reply r;
	assert_int_equal(stack_post(&r, &S, FAKE, "/fake/pay/confirm", "{\"out_bill_no\":\"T11expire\"}"), 0);
	assert_int_equal(r.status, 409);
	http_reply_free(&r);
	pay_call(&r, "GET", bill_path("T11expire", ""), "");
	assert_string_equal(http_str(&r, "fail_reason"), "超时未确认");
	http_reply_free(&r);
	assert_int_equal(stack_sh(&S, NULL, 0, "walkctl clock reset"), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(signed_transfer_gets_a_signed_answer),
		cmocka_unit_test(bad_signatures_are_refused),
		cmocka_unit_test(the_same_bill_again_is_the_same_bill),
		cmocka_unit_test(every_field_is_checked),
		cmocka_unit_test(confirmed_bill_succeeds_with_a_callback),
		cmocka_unit_test(an_unanswered_callback_is_retried),
		cmocka_unit_test(cancel_before_confirmation),
		cmocka_unit_test(faults_answer_instead_of_the_work),
		cmocka_unit_test(faults_of_the_answer),
		cmocka_unit_test(callback_faults),
		cmocka_unit_test(the_states_on_the_way),
		cmocka_unit_test(every_waiting_bill_confirmed_at_once),
		cmocka_unit_test(unconfirmed_bill_expires_after_24_hours),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
