#include "wx.h"

#include "buf.h"
#include "log.h"
#include "wx_answer.h"

#include <cjson/cJSON.h>
#include <curl/curl.h>
#include <stdio.h>
#include <string.h>

struct capped {
	struct buf *body;
	size_t max;
	bool overflow;
};

static size_t capped_write(char *ptr, size_t size, size_t nmemb, void *userdata)
{
	struct capped *c = userdata;
	size_t n = size * nmemb;
	if (c->body->len + n > c->max) {
		c->overflow = true;
		return 0;   /* makes curl stop with CURLE_WRITE_ERROR */
	}
	buf_append(c->body, ptr, n);
	return n;
}

/* One call to WeChat: at most timeout_ms in all (connecting at most 3 s of
 * it) and max_bytes of answer. */
static int http_request(const char *url, const char *what, const char *json_body, long timeout_ms,
                        size_t max_bytes, struct buf *body)
{
	CURL *c = curl_easy_init();
	if (!c)
		return -1;
	struct capped sink = { body, max_bytes, false };
	struct curl_slist *headers = NULL;
	curl_easy_setopt(c, CURLOPT_URL, url);
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, timeout_ms);
	curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS, timeout_ms < 3000 ? timeout_ms : 3000L);
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, capped_write);
	curl_easy_setopt(c, CURLOPT_WRITEDATA, &sink);
	curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 0L);
	if (json_body) {
		headers = curl_slist_append(headers, "Content-Type: application/json");
		headers = curl_slist_append(headers, "Expect:");
		curl_easy_setopt(c, CURLOPT_HTTPHEADER, headers);
		curl_easy_setopt(c, CURLOPT_POSTFIELDS, json_body);
	}
	CURLcode rc = curl_easy_perform(c);
	long status = 0;
	curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
	curl_easy_cleanup(c);
	curl_slist_free_all(headers);
	wx_count_call(what, (int)rc, status);
	if (rc != CURLE_OK) {
		log_warn("WeChat %s: %s", what, sink.overflow ? "response too large" : curl_easy_strerror(rc));
		return -1;
	}
	if (status != 200) {
		log_warn("WeChat %s: HTTP %ld", what, status);
		return -1;
	}
	return 0;
}

int wx_http(const struct walk_config *cfg, const char *url, const char *what, const char *json_body,
            struct buf *body)
{
	return http_request(url, what, json_body, cfg->wx_timeout_ms, WX_RESPONSE_MAX, body);
}

int wx_http_within(const char *url, const char *what, const char *json_body, long timeout_ms, struct buf *body)
{
	return http_request(url, what, json_body, timeout_ms, WX_RESPONSE_MAX, body);
}

int wx_http_capped(const struct walk_config *cfg, const char *url, const char *what, const char *json_body,
                   size_t max_bytes, struct buf *body)
{
	return http_request(url, what, json_body, cfg->wx_timeout_ms, max_bytes, body);
}

static void copy_string(const cJSON *obj, const char *name, char *out, size_t size)
{
	const char *v = wx_answer_string(obj, name);
	snprintf(out, size, "%s", v && strlen(v) < size ? v : "");
}

void wx_session_read(const char *text, struct wx_session *out)
{
	memset(out, 0, sizeof *out);
	cJSON *json;
	out->status = wx_answer_read(text, &json, &out->errcode);
	if (out->status == WX_OK) {
		copy_string(json, "openid", out->openid, sizeof out->openid);
		copy_string(json, "unionid", out->unionid, sizeof out->unionid);
		copy_string(json, "session_key", out->session_key, sizeof out->session_key);
		if (!out->openid[0] || !out->session_key[0])
			out->status = WX_TRANSPORT;
	}
	cJSON_Delete(json);
}

static enum wx_status code2session_once(const struct walk_config *cfg, const char *code,
                                        struct wx_session *out)
{
	memset(out, 0, sizeof *out);
	out->status = WX_TRANSPORT;
	CURL *esc = curl_easy_init();
	if (!esc)
		return out->status;
	char *code_q = curl_easy_escape(esc, code, 0);
	char *appid_q = curl_easy_escape(esc, cfg->appid, 0);
	char *secret_q = curl_easy_escape(esc, cfg->app_secret, 0);
	struct buf url = { 0 }, body = { 0 };
	buf_printf(&url, "%s/sns/jscode2session?appid=%s&secret=%s&js_code=%s&grant_type=authorization_code",
	           cfg->wx_api_base, appid_q, secret_q, code_q);
	curl_free(code_q);
	curl_free(appid_q);
	curl_free(secret_q);
	curl_easy_cleanup(esc);

	if (wx_http(cfg, url.data, "jscode2session", NULL, &body) == 0) {
		wx_session_read(buf_str(&body), out);
		if (out->status == WX_ERRCODE)
			log_info("WeChat jscode2session: errcode %ld", out->errcode);
		else if (out->status == WX_TRANSPORT)
			log_warn("WeChat jscode2session: no openid and session_key in the answer");
	}
	buf_free(&url);
	buf_free(&body);
	return out->status;
}

enum wx_status wx_code2session(const struct walk_config *cfg, const char *code, struct wx_session *out)
{
	enum wx_status st = code2session_once(cfg, code, out);
	if (st == WX_ERRCODE && out->errcode == -1)   /* "system busy": WeChat asks for one retry */
		st = code2session_once(cfg, code, out);
	return st;
}
