#include "pay_client.h"

#include "wx.h"

#include "log.h"
#include "rsa_sign.h"

#include <curl/curl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

enum { PAY_RESPONSE_MAX = 64 * 1024 };

struct pay_client {
	char api_base[256];
	char mch_id[WXPAY_MCHID_SIZE];
	char mch_serial[WXPAY_SERIAL_SIZE];
	char notify_url[256];
	long timeout_ms;
	struct rsa_key *merchant_key;
	unsigned char apiv3_key[WXPAY_APIV3_KEY_BYTES];
	struct wxpay_public_key keys[2];   /* WeChat Pay's public key; an optional platform certificate */
	char serials[2][WXPAY_SERIAL_SIZE];
	size_t nkeys;
	CURL *curl;
};

const char *pay_client_mch_id(const struct pay_client *pc)
{
	return pc->mch_id;
}

const char *pay_client_notify_url(const struct pay_client *pc)
{
	return pc->notify_url;
}

static int add_public_key(struct pay_client *pc, const char *serial, const char *path, char *err, size_t errsize)
{
	char why[160];
	if (strlen(serial) >= WXPAY_SERIAL_SIZE) {
		snprintf(err, errsize, "a WeChat Pay key serial is too long");
		return -1;
	}
	if (rsa_key_load_public_file(path, &pc->keys[pc->nkeys].key, why, sizeof why) != 0) {
		snprintf(err, errsize, "WeChat Pay's public key for %s: %s", serial, why);
		return -1;
	}
	snprintf(pc->serials[pc->nkeys], sizeof pc->serials[0], "%s", serial);
	pc->keys[pc->nkeys].serial = pc->serials[pc->nkeys];
	pc->nkeys++;
	return 0;
}

int pay_client_open(const struct walk_config *cfg, struct pay_client **out, char *err, size_t errsize)
{
	*out = NULL;
	if (!pay_configured(cfg)) {
		snprintf(err, errsize, "WeChat Pay is not configured (pay_mch_id)");
		return -1;
	}
	struct pay_client *pc = calloc(1, sizeof *pc);
	if (!pc)
		abort();
	snprintf(pc->api_base, sizeof pc->api_base, "%s", cfg->pay_api_base);
	snprintf(pc->mch_id, sizeof pc->mch_id, "%s", cfg->pay_mch_id);
	snprintf(pc->mch_serial, sizeof pc->mch_serial, "%s", cfg->pay_mch_serial);
	snprintf(pc->notify_url, sizeof pc->notify_url, "%s", cfg->pay_notify_url);
	pc->timeout_ms = cfg->pay_timeout_ms;
	char why[160];
	int rc = 0;
	if (rsa_key_load_private_file(cfg->pay_mch_key_file, &pc->merchant_key, why, sizeof why) != 0) {
		snprintf(err, errsize, "pay_mch_key_file: %s", why);
		rc = -1;
	}
	if (rc == 0 && wxpay_apiv3_key_load_file(cfg->pay_apiv3_key_file, pc->apiv3_key, why, sizeof why) != 0) {
		snprintf(err, errsize, "pay_apiv3_key_file: %s", why);
		rc = -1;
	}
	if (rc == 0)
		rc = add_public_key(pc, cfg->pay_public_key_id, cfg->pay_public_key_file, err, errsize);
	if (rc == 0 && cfg->pay_platform_serial[0])
		rc = add_public_key(pc, cfg->pay_platform_serial, cfg->pay_platform_key_file, err, errsize);
	if (rc == 0 && !(pc->curl = curl_easy_init())) {
		snprintf(err, errsize, "curl_easy_init failed");
		rc = -1;
	}
	if (rc != 0) {
		pay_client_close(pc);
		return -1;
	}
	*out = pc;
	return 0;
}

void pay_client_close(struct pay_client *pc)
{
	if (!pc)
		return;
	rsa_key_free(pc->merchant_key);
	for (size_t i = 0; i < pc->nkeys; i++)
		rsa_key_free(pc->keys[i].key);
	if (pc->curl)
		curl_easy_cleanup(pc->curl);
	memset(pc->apiv3_key, 0, sizeof pc->apiv3_key);
	free(pc);
}

/* What one exchange collects from libcurl. */
struct exchange {
	struct buf *body;
	bool too_large;
	char timestamp[WXPAY_TIMESTAMP_SIZE], nonce[WXPAY_NONCE_SIZE], signature[WXPAY_SIGNATURE_SIZE],
		serial[WXPAY_SERIAL_SIZE];
	bool has[4];
};

static size_t on_body(char *data, size_t size, size_t n, void *arg)
{
	struct exchange *x = arg;
	size_t len = size * n;
	if (x->body->len + len > PAY_RESPONSE_MAX) {
		x->too_large = true;
		return 0;
	}
	buf_append(x->body, data, len);
	return len;
}

/* Copies the value of "Name: value\r\n" when line is that header and the
 * value fits (a value that does not fit is left out: the check then fails). */
static void header_value(const char *line, size_t n, const char *name, char *out, size_t size, bool *has)
{
	size_t k = strlen(name);
	if (n <= k + 1 || strncasecmp(line, name, k) != 0 || line[k] != ':')
		return;
	const char *v = line + k + 1, *end = line + n;
	while (v < end && (*v == ' ' || *v == '\t'))
		v++;
	while (end > v && (end[-1] == '\r' || end[-1] == '\n' || end[-1] == ' '))
		end--;
	if ((size_t)(end - v) >= size)
		return;
	memcpy(out, v, (size_t)(end - v));
	out[end - v] = '\0';
	*has = true;
}

static size_t on_header(char *data, size_t size, size_t n, void *arg)
{
	struct exchange *x = arg;
	size_t len = size * n;
	header_value(data, len, "Wechatpay-Timestamp", x->timestamp, sizeof x->timestamp, &x->has[0]);
	header_value(data, len, "Wechatpay-Nonce", x->nonce, sizeof x->nonce, &x->has[1]);
	header_value(data, len, "Wechatpay-Signature", x->signature, sizeof x->signature, &x->has[2]);
	header_value(data, len, "Wechatpay-Serial", x->serial, sizeof x->serial, &x->has[3]);
	return len;
}

int pay_call(struct pay_client *pc, const char *method, const char *path, const char *body, int64_t now_real,
             struct pay_http *out)
{
	memset(out, 0, sizeof *out);
	out->verdict = WXPAY_BAD_HEADER;
	const char *send = body ? body : "";
	char nonce[WXPAY_NONCE_SIZE], auth[WXPAY_AUTHORIZATION_SIZE], url[1024];
	wxpay_new_nonce(nonce);
	if (wxpay_authorization_build(pc->merchant_key, pc->mch_id, pc->mch_serial, method, path, send, strlen(send),
	                              now_real, nonce, auth, sizeof auth) != 0) {
		log_error("pay: cannot sign %s %s", method, path);
		return -1;
	}
	if ((size_t)snprintf(url, sizeof url, "%s%s", pc->api_base, path) >= sizeof url)
		return -1;
	char auth_header[WXPAY_AUTHORIZATION_SIZE + 32];
	snprintf(auth_header, sizeof auth_header, "Authorization: %s", auth);
	struct curl_slist *headers = NULL;
	headers = curl_slist_append(headers, auth_header);
	headers = curl_slist_append(headers, "Accept: application/json");
	headers = curl_slist_append(headers, "Content-Type: application/json");
	headers = curl_slist_append(headers, "User-Agent: walk-server");
	struct exchange x = { .body = &out->body };
	CURL *c = pc->curl;
	curl_easy_reset(c);
	curl_easy_setopt(c, CURLOPT_URL, url);
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, pc->timeout_ms);
	curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS, pc->timeout_ms);
	curl_easy_setopt(c, CURLOPT_HTTPHEADER, headers);
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_body);
	curl_easy_setopt(c, CURLOPT_WRITEDATA, &x);
	curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, on_header);
	curl_easy_setopt(c, CURLOPT_HEADERDATA, &x);
	if (strcmp(method, "POST") == 0) {
		curl_easy_setopt(c, CURLOPT_POST, 1L);
		curl_easy_setopt(c, CURLOPT_POSTFIELDS, send);
		curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE, (long)strlen(send));
	}
	CURLcode cc = curl_easy_perform(c);
	curl_slist_free_all(headers);
	long http_status = 0;
	curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &http_status);
	wx_count_call(strstr(path, "/cancel") ? "pay_cancel" : strcmp(method, "GET") == 0 ? "pay_query" : "pay_transfer",
	              (int)cc, http_status);
	if (cc != CURLE_OK || x.too_large) {
		log_warn("pay: %s %s: no answer (%s)", method, path, x.too_large ? "answer too large" : curl_easy_strerror(cc));
		return -1;
	}
	curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &out->status);
	out->verdict = wxpay_response_verify(pc->keys, pc->nkeys, x.has[0] ? x.timestamp : NULL,
	                                     x.has[1] ? x.nonce : NULL, x.has[2] ? x.signature : NULL,
	                                     x.has[3] ? x.serial : NULL, out->body.data ? out->body.data : "",
	                                     out->body.len, now_real);
	out->verified = out->verdict == WXPAY_OK;
	if (!out->verified)
		log_warn("pay: %s %s: answer %ld refused: %s", method, path, out->status, wxpay_verdict_name(out->verdict));
	return 0;
}

enum wxpay_verdict pay_client_open_callback(struct pay_client *pc, const char *timestamp, const char *nonce,
                                            const char *signature, const char *serial, const char *body,
                                            size_t n, int64_t now_real, struct buf *plain,
                                            char event_type[WXPAY_EVENT_TYPE_SIZE])
{
	enum wxpay_verdict v = wxpay_response_verify(pc->keys, pc->nkeys, timestamp, nonce, signature, serial, body, n,
	                                             now_real);
	if (v != WXPAY_OK)
		return v;
	if (wxpay_callback_open(body, n, pc->apiv3_key, plain, event_type) != 0)
		return WXPAY_BAD_SIGNATURE;
	return WXPAY_OK;
}
