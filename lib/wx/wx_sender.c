/* Subscribe messages several at a time over one libcurl multi handle (wx_sender.h). */
#include "wx_sender.h"

#include "buf.h"
#include "log.h"
#include "wx_answer.h"

#include <curl/curl.h>
#include <stdlib.h>
#include <string.h>

struct slot {
	CURL *easy;            /* kept from one call to the next */
	bool busy;
	char *body;            /* owned while busy: libcurl reads it as it sends */
	struct buf answer;
	bool overflow;
	void *tag;
};

struct wx_sender {
	const struct walk_config *cfg;
	CURLM *multi;
	struct curl_slist *headers;
	int nslots, in_flight;
	struct slot *slots;
};

static size_t capped_write(char *ptr, size_t size, size_t nmemb, void *userdata)
{
	struct slot *sl = userdata;
	size_t n = size * nmemb;
	if (sl->answer.len + n > WX_RESPONSE_MAX) {
		sl->overflow = true;
		return 0;   /* curl stops with CURLE_WRITE_ERROR */
	}
	buf_append(&sl->answer, ptr, n);
	return n;
}

struct wx_sender *wx_sender_new(const struct walk_config *cfg, int max_in_flight)
{
	struct wx_sender *s = calloc(1, sizeof *s);
	if (!s)
		abort();
	s->cfg = cfg;
	s->nslots = max_in_flight > 0 ? max_in_flight : 1;
	s->slots = calloc((size_t)s->nslots, sizeof *s->slots);
	s->multi = curl_multi_init();
	if (!s->slots || !s->multi) {
		wx_sender_free(s);
		return NULL;
	}
	s->headers = curl_slist_append(NULL, "Content-Type: application/json");
	s->headers = curl_slist_append(s->headers, "Expect:");
	/* The same host every time: keep as many connections as calls in flight. */
	curl_multi_setopt(s->multi, CURLMOPT_MAXCONNECTS, (long)s->nslots);
	return s;
}

void wx_sender_free(struct wx_sender *s)
{
	if (!s)
		return;
	for (int i = 0; s->slots && i < s->nslots; i++) {
		struct slot *sl = &s->slots[i];
		if (sl->easy) {
			if (sl->busy)
				curl_multi_remove_handle(s->multi, sl->easy);
			curl_easy_cleanup(sl->easy);
		}
		free(sl->body);
		buf_free(&sl->answer);
	}
	if (s->multi)
		curl_multi_cleanup(s->multi);
	curl_slist_free_all(s->headers);
	free(s->slots);
	free(s);
}

int wx_sender_in_flight(const struct wx_sender *s)
{
	return s->in_flight;
}

bool wx_sender_has_room(const struct wx_sender *s)
{
	return s->in_flight < s->nslots;
}

int wx_sender_start(struct wx_sender *s, const char *access_token, const char *body, void *tag)
{
	struct slot *sl = NULL;
	for (int i = 0; i < s->nslots && !sl; i++)
		if (!s->slots[i].busy)
			sl = &s->slots[i];
	if (!sl)
		return -1;
	if (!sl->easy && !(sl->easy = curl_easy_init()))
		return -1;
	struct buf url = { 0 };
	buf_printf(&url, "%s/cgi-bin/message/subscribe/send?access_token=%s", s->cfg->wx_api_base, access_token);
	sl->body = strdup(body);
	if (!sl->body)
		abort();
	buf_reset(&sl->answer, 0);
	sl->overflow = false;
	sl->tag = tag;
	CURL *c = sl->easy;
	curl_easy_reset(c);
	curl_easy_setopt(c, CURLOPT_URL, url.data);
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, (long)s->cfg->wx_timeout_ms);
	curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS,
	                 (long)(s->cfg->wx_timeout_ms < 3000 ? s->cfg->wx_timeout_ms : 3000));
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, capped_write);
	curl_easy_setopt(c, CURLOPT_WRITEDATA, sl);
	curl_easy_setopt(c, CURLOPT_PRIVATE, sl);
	curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 0L);
	curl_easy_setopt(c, CURLOPT_HTTPHEADER, s->headers);
	curl_easy_setopt(c, CURLOPT_POSTFIELDS, sl->body);
	buf_free(&url);   /* libcurl keeps its own copy of the URL */
	if (curl_multi_add_handle(s->multi, c) != CURLM_OK) {
		free(sl->body);
		sl->body = NULL;
		return -1;
	}
	sl->busy = true;
	s->in_flight++;
	return 0;
}

/* What one finished call means. */
static void read_outcome(struct slot *sl, CURLcode rc, struct wx_send_outcome *out)
{
	memset(out, 0, sizeof *out);
	out->tag = sl->tag;
	out->status = WX_TRANSPORT;
	long http_status = 0;
	curl_easy_getinfo(sl->easy, CURLINFO_RESPONSE_CODE, &http_status);
	wx_count_call("subscribe_send", (int)rc, http_status);
	if (rc != CURLE_OK) {
		out->timed_out = rc == CURLE_OPERATION_TIMEDOUT;
		log_warn("WeChat subscribe/send: %s", sl->overflow ? "response too large" : curl_easy_strerror(rc));
		return;
	}
	if (http_status != 200) {
		log_warn("WeChat subscribe/send: HTTP %ld", http_status);
		return;
	}
	out->status = wx_answer_read(buf_str(&sl->answer), NULL, &out->errcode);
	if (out->status == WX_TRANSPORT)
		log_warn("WeChat subscribe/send: the answer is not a JSON object with a usable errcode");
}

int wx_sender_poll(struct wx_sender *s, int timeout_ms, wx_send_done_fn done, void *arg)
{
	int running = 0;
	if (curl_multi_perform(s->multi, &running) != CURLM_OK)
		return -1;
	if (curl_multi_poll(s->multi, NULL, 0, timeout_ms, NULL) != CURLM_OK)
		return -1;
	if (curl_multi_perform(s->multi, &running) != CURLM_OK)
		return -1;
	int finished = 0, left = 0;
	CURLMsg *msg;
	while ((msg = curl_multi_info_read(s->multi, &left))) {
		if (msg->msg != CURLMSG_DONE)
			continue;
		struct slot *sl = NULL;
		curl_easy_getinfo(msg->easy_handle, CURLINFO_PRIVATE, (char **)&sl);
		struct wx_send_outcome outcome;
		read_outcome(sl, msg->data.result, &outcome);
		curl_multi_remove_handle(s->multi, sl->easy);
		free(sl->body);
		sl->body = NULL;
		sl->busy = false;
		s->in_flight--;
		finished++;
		done(&outcome, arg);
	}
	return finished;
}
