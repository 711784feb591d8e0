#include "httpc.h"

#include "exchange_log.h"

#include <curl/curl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

struct sink {
	char *data;
	size_t len;
};

static size_t sink_write(char *ptr, size_t size, size_t nmemb, void *userdata)
{
	struct sink *s = userdata;
	size_t n = size * nmemb;
	char *p = realloc(s->data, s->len + n + 1);
	if (!p)
		return 0;
	memcpy(p + s->len, ptr, n);
	s->data = p;
	s->len += n;
	s->data[s->len] = '\0';
	return n;
}

int http_do(struct http_reply *r, const char *method, const char *url, const char *content_type,
            const char *body, long body_len, const char *const *headers)
{
	memset(r, 0, sizeof *r);
	CURL *c = curl_easy_init();
	if (!c)
		return -1;
	struct sink out = { 0 }, head = { 0 };
	struct curl_slist *list = NULL;
	char line[512];
	if (content_type) {
		snprintf(line, sizeof line, "Content-Type: %s", content_type);
		list = curl_slist_append(list, line);
	}
	list = curl_slist_append(list, "Expect:");
	for (; headers && *headers; headers++)
		list = curl_slist_append(list, *headers);
	curl_easy_setopt(c, CURLOPT_URL, url);
	curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, method);
	curl_easy_setopt(c, CURLOPT_HTTPHEADER, list);
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, sink_write);
	curl_easy_setopt(c, CURLOPT_WRITEDATA, &out);
	curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, sink_write);
	curl_easy_setopt(c, CURLOPT_HEADERDATA, &head);
	curl_easy_setopt(c, CURLOPT_TIMEOUT, 30L);
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	if (body) {
		curl_easy_setopt(c, CURLOPT_POSTFIELDS, body);
		curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE, body_len < 0 ? (long)strlen(body) : body_len);
	}
	CURLcode rc = curl_easy_perform(c);
	const char *answer_type = NULL;
	if (rc == CURLE_OK) {
		curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &r->status);
		curl_easy_getinfo(c, CURLINFO_CONTENT_TYPE, &answer_type);
		exchange_log(method, url, r->status, answer_type, out.data ? out.data : "", out.len);
	}
	curl_slist_free_all(list);
	curl_easy_cleanup(c);
	r->body = out.data ? out.data : strdup("");
	r->len = out.len;
	r->headers = head.data ? head.data : strdup("");
	r->json = cJSON_Parse(r->body);
	return rc == CURLE_OK ? 0 : -1;
}

int http_get(struct http_reply *r, const char *url)
{
	return http_do(r, "GET", url, NULL, NULL, 0, NULL);
}

int http_post_json(struct http_reply *r, const char *url, const char *json)
{
	return http_do(r, "POST", url, "application/json", json, -1, NULL);
}

void http_reply_free(struct http_reply *r)
{
	free(r->body);
	free(r->headers);
	cJSON_Delete(r->json);
	memset(r, 0, sizeof *r);
}

const char *http_error_code(const struct http_reply *r)
{
	cJSON *err = cJSON_GetObjectItemCaseSensitive(r->json, "error");
	const char *code = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(err, "code"));
	return code ? code : "";
}

const char *http_str(const struct http_reply *r, const char *name)
{
	const char *v = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(r->json, name));
	return v ? v : "";
}

double http_num(const struct http_reply *r, const char *name)
{
	cJSON *v = cJSON_GetObjectItemCaseSensitive(r->json, name);
	return cJSON_IsNumber(v) ? v->valuedouble : -1;
}

void http_header(const struct http_reply *r, const char *name, char *out, size_t outsize)
{
	out[0] = '\0';
	size_t n = strlen(name);
	for (const char *p = r->headers; p && *p; p = strchr(p, '\n') ? strchr(p, '\n') + 1 : NULL) {
		if (strncasecmp(p, name, n) == 0 && p[n] == ':') {
			const char *v = p + n + 1;
			while (*v == ' ')
				v++;
			size_t len = strcspn(v, "\r\n");
			if (len >= outsize)
				len = outsize - 1;
			memcpy(out, v, len);
			out[len] = '\0';
			return;
		}
	}
}
