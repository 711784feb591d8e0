/* The completion callbacks (MCHTRANSFER.BILL.FINISHED, WECHAT.md §6).
 *
 * A callback is queued in pay_notifies in the transaction that makes its
 * bill final, and sent by the sender process, never inside the request that
 * caused it: the fake's answer to the transfer, cancel or confirm has gone
 * out before the callback can arrive (or, with a held callback, after).  The
 * sender is one process per stack (fakewx-worker --pay-sender, started by
 * nginx/devstack.sh); it sends one callback at a time, oldest first, each
 * attempt signed afresh with WeChat Pay's key, and retries one that was not
 * answered 200 or 204 within FAKEPAY_NOTIFY_TIMEOUT_MS (5000): after
 * FAKEPAY_NOTIFY_RETRY_MS (250), doubling, FAKEPAY_NOTIFY_TRIES (5) attempts
 * in all.  A held callback (out_of_order_notify) waits until a later one has
 * been attempted, or FAKEPAY_NOTIFY_HOLD_MS (3000). */
#include "pay.h"

#include "calendar.h"
#include "clock.h"
#include "crypto.h"
#include "log.h"

#include <curl/curl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static int64_t now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static int64_t env_int(const char *name, int64_t dflt, int64_t lo, int64_t hi)
{
	const char *v = getenv(name);
	if (!v || !*v)
		return dflt;
	long long n = atoll(v);
	return n < lo ? lo : n > hi ? hi : n;
}

static const char alnum[] = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

static void random_alnum(char *out, size_t n)
{
	for (size_t i = 0; i < n; i++)
		out[i] = alnum[crypto_random_below(sizeof alnum - 1)];
	out[n] = '\0';
}

static void add_time(cJSON *o, const char *name, int64_t t)
{
	char text[CAL_INSTANT_BUF];
	cal_format_instant(t, text, sizeof text);
	cJSON_AddStringToObject(o, name, text);
}

/* The callback's body: the event, and the bill sealed under the APIv3 key. */
static char *callback_body(const struct pay_bill *b)
{
	const struct fakepay *pay = fake_pay();
	cJSON *bill = cJSON_CreateObject();
	cJSON_AddStringToObject(bill, "out_bill_no", b->out_bill_no);
	cJSON_AddStringToObject(bill, "transfer_bill_no", b->transfer_bill_no);
	cJSON_AddStringToObject(bill, "state", b->state);
	cJSON_AddStringToObject(bill, "mch_id", pay->mch_id);
	cJSON_AddNumberToObject(bill, "transfer_amount", (double)b->amount);
	cJSON_AddStringToObject(bill, "openid", b->openid);
	if (*b->fail_reason)
		cJSON_AddStringToObject(bill, "fail_reason", b->fail_reason);
	add_time(bill, "create_time", b->created_at);
	add_time(bill, "update_time", b->updated_at);
	char *plain = cJSON_PrintUnformatted(bill);
	cJSON_Delete(bill);

	char nonce[WXPAY_RESOURCE_NONCE_CHARS + 1], id[40];
	random_alnum(nonce, WXPAY_RESOURCE_NONCE_CHARS);
	memcpy(id, "EV-", 3);
	random_alnum(id + 3, 24);
	struct buf resource = { 0 };
	int rc = plain ? wxpay_resource_seal(&resource, pay->apiv3_key, nonce, WXPAY_RESOURCE_AD, "mch_payment",
	                                     plain, strlen(plain))
	               : -1;
	free(plain);
	char *body = NULL;
	if (rc == 0) {
		cJSON *event = cJSON_CreateObject();
		cJSON_AddStringToObject(event, "id", id);
		add_time(event, "create_time", clock_now());
		cJSON_AddStringToObject(event, "resource_type", "encrypt-resource");
		cJSON_AddStringToObject(event, "event_type", "MCHTRANSFER.BILL.FINISHED");
		cJSON_AddStringToObject(event, "summary", "商家转账单据终态通知");
		cJSON_AddRawToObject(event, "resource", buf_str(&resource));
		body = cJSON_PrintUnformatted(event);
		cJSON_Delete(event);
	}
	buf_free(&resource);
	return body;
}

int pay_notify_queue(struct db *db, const char *out_bill_no, int copies)
{
	struct arena a;
	arena_init(&a, 1024);
	sqlite3_stmt *st;
	struct pay_bill b;
	int rc = db_row(db, &st, "SELECT " PAY_BILL_COLUMNS " FROM pay_bills WHERE out_bill_no = ?1", "t", out_bill_no);
	if (rc == SQLITE_ROW) {
		pay_bill_from_row(&a, st, &b);
		sqlite3_reset(st);
		rc = SQLITE_OK;
	}
	if (rc != SQLITE_OK || !*b.notify_url) {   /* no notify_url: WeChat Pay sends nothing */
		arena_free(&a);
		return rc;
	}
	struct pay_notify_faults f = pay_take_notify_faults(db);
	char *body = callback_body(&b);
	if (!body) {
		arena_free(&a);
		return SQLITE_ERROR;
	}
	int64_t now = now_ms();
	for (int i = 0; rc == SQLITE_OK && i < copies + (f.duplicate ? 1 : 0); i++)
		rc = db_execf(db,
		              "INSERT INTO pay_notifies(out_bill_no, url, body, next_ms, held, bad_signature, created_ms) "
		              "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?4)",
		              "tttinn", b.out_bill_no, b.notify_url, body, now, f.out_of_order && i == 0 ? 1 : 0,
		              f.bad_signature ? 1 : 0);
	free(body);
	arena_free(&a);
	return rc;
}

/* ---- the sender process ------------------------------------------------- */

static volatile sig_atomic_t stopping;

static void on_stop(int sig)
{
	(void)sig;
	stopping = 1;
}

struct sender {
	struct db *db;
	CURL *curl;
	int64_t tries, retry_ms, hold_ms, timeout_ms;
};

struct due {
	int64_t id, attempts;
	char out_bill_no[64];
	char *url, *body;
	bool bad_signature, held;
};

static size_t discard(char *p, size_t size, size_t n, void *unused)
{
	(void)p;
	(void)unused;
	return size * n;
}

/* The oldest callback that may go now; false when there is none. */
static bool next_due(struct sender *s, struct due *d)
{
	sqlite3_stmt *st;
	int64_t now = now_ms();
	int rc = db_row(s->db, &st,
	                "SELECT id, attempts, out_bill_no, url, body, bad_signature, held FROM pay_notifies n "
	                "WHERE status = 'pending' AND next_ms <= ?1 AND (held = 0 OR created_ms + ?2 <= ?1 "
	                " OR EXISTS (SELECT 1 FROM pay_notifies m WHERE m.id > n.id AND m.attempts > 0)) "
	                "ORDER BY id LIMIT 1",
	                "ii", now, s->hold_ms);
	if (rc != SQLITE_ROW)
		return false;
	d->id = sqlite3_column_int64(st, 0);
	d->attempts = sqlite3_column_int64(st, 1);
	snprintf(d->out_bill_no, sizeof d->out_bill_no, "%s", (const char *)sqlite3_column_text(st, 2));
	d->url = strdup((const char *)sqlite3_column_text(st, 3));
	d->body = strdup((const char *)sqlite3_column_text(st, 4));
	d->bad_signature = sqlite3_column_int(st, 5) != 0;
	d->held = sqlite3_column_int(st, 6) != 0;
	sqlite3_reset(st);
	if (!d->url || !d->body)
		abort();
	return true;
}

static struct curl_slist *signed_headers(const struct due *d)
{
	const struct fakepay *pay = fake_pay();
	char nonce[WXPAY_NONCE_SIZE], line[WXPAY_SIGNATURE_SIZE + 64];
	wxpay_new_nonce(nonce);
	struct wxpay_signed_headers h;
	/* A spoiled signature is a genuine one of another text. */
	struct buf text = { 0 };
	buf_puts(&text, d->body);
	if (d->bad_signature)
		buf_puts(&text, " ");
	int rc = wxpay_response_sign(pay->wxpay_key, pay->public_key_id, clock_real_now(), nonce, text.data, text.len, &h);
	buf_free(&text);
	struct curl_slist *list = curl_slist_append(NULL, "Content-Type: application/json");
	list = curl_slist_append(list, "User-Agent: Mozilla/4.0");
	if (rc != 0)
		return list;
	snprintf(line, sizeof line, "Wechatpay-Timestamp: %s", h.timestamp);
	list = curl_slist_append(list, line);
	snprintf(line, sizeof line, "Wechatpay-Nonce: %s", h.nonce);
	list = curl_slist_append(list, line);
	snprintf(line, sizeof line, "Wechatpay-Signature: %s", h.signature);
	list = curl_slist_append(list, line);
	snprintf(line, sizeof line, "Wechatpay-Serial: %s", h.serial);
	list = curl_slist_append(list, line);
	return list;
}

static void deliver(struct sender *s, struct due *d)
{
	struct curl_slist *headers = signed_headers(d);
	curl_easy_reset(s->curl);
	curl_easy_setopt(s->curl, CURLOPT_URL, d->url);
	curl_easy_setopt(s->curl, CURLOPT_POSTFIELDS, d->body);
	curl_easy_setopt(s->curl, CURLOPT_POSTFIELDSIZE, (long)strlen(d->body));
	curl_easy_setopt(s->curl, CURLOPT_HTTPHEADER, headers);
	curl_easy_setopt(s->curl, CURLOPT_TIMEOUT_MS, (long)s->timeout_ms);
	curl_easy_setopt(s->curl, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(s->curl, CURLOPT_WRITEFUNCTION, discard);
	curl_easy_setopt(s->curl, CURLOPT_PROTOCOLS_STR, "http,https");
	CURLcode cc = curl_easy_perform(s->curl);
	long status = 0;
	if (cc == CURLE_OK)
		curl_easy_getinfo(s->curl, CURLINFO_RESPONSE_CODE, &status);
	curl_slist_free_all(headers);
	bool delivered = status == 200 || status == 204;
	const char *fault = d->bad_signature ? "bad_signature" : d->held ? "out_of_order_notify" : "";
	pay_record_call(s->db, &(struct pay_call){ .api = "notify", .out_bill_no = d->out_bill_no, .amount = -1,
	                                           .signature_valid = !d->bad_signature,
	                                           .code = cc == CURLE_OK ? "" : curl_easy_strerror(cc), .fault = fault },
	                "POST", d->url, "", d->body, (int)status);
	int64_t attempts = d->attempts + 1;
	const char *next = delivered ? "delivered" : attempts >= s->tries ? "failed" : "pending";
	int64_t wait = s->retry_ms << (attempts - 1 < 20 ? attempts - 1 : 20);
	int rc = db_execf(s->db, "UPDATE pay_notifies SET status = ?2, attempts = ?3, next_ms = ?4 WHERE id = ?1",
	                  "itii", d->id, next, attempts, now_ms() + wait);
	if (rc != SQLITE_OK)
		log_error("fake WeChat Pay: cannot record a callback's delivery (%d)", rc);
	if (!delivered)
		log_info("fake WeChat Pay: callback of %s to %s: %s, attempt %lld", d->out_bill_no, d->url,
		         cc == CURLE_OK ? "not 200/204" : curl_easy_strerror(cc), (long long)attempts);
}

static void refresh_clock(struct fakewx *fx)
{
	if (!fx->walk_db) {
		char err[512];
		if (db_open(&fx->walk_db, fx->cfg.db_path, 2000, false, err, sizeof err) != 0)
			fx->walk_db = NULL;   /* no walk database yet: real time */
	}
	if (fx->walk_db)
		clock_refresh(fx->walk_db, config_clock_shift_allowed(&fx->cfg));
}

int fake_pay_sender_main(struct fakewx *fx)
{
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_stop;   /* no SA_RESTART: a sleep ends at once */
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	fake_pay_init();
	if (curl_global_init(CURL_GLOBAL_DEFAULT) != 0)
		return 2;
	struct sender s = {
		.db = fx->state,
		.curl = curl_easy_init(),
		.tries = env_int("FAKEPAY_NOTIFY_TRIES", 5, 1, 100),
		.retry_ms = env_int("FAKEPAY_NOTIFY_RETRY_MS", 250, 1, 3600000),
		.hold_ms = env_int("FAKEPAY_NOTIFY_HOLD_MS", 3000, 0, 3600000),
		.timeout_ms = env_int("FAKEPAY_NOTIFY_TIMEOUT_MS", 5000, 100, 120000),
	};
	if (!s.curl)
		return 2;
	log_info("fake WeChat Pay: callback sender up");
	while (!stopping) {
		refresh_clock(fx);
		if (fake_pay()->ready) {
			int rc = pay_bills_settle(s.db, clock_now());
			if (rc != SQLITE_OK)
				log_error("fake WeChat Pay: cannot close expired bills (%d)", rc);
			struct due d;
			while (!stopping && next_due(&s, &d)) {
				deliver(&s, &d);
				free(d.url);
				free(d.body);
			}
		}
		usleep(100 * 1000);
	}
	curl_easy_cleanup(s.curl);
	curl_global_cleanup();
	fake_pay_free();
	return 0;
}
