#include "http.h"

#include <ctype.h>
#include <string.h>

const char *req_header(const struct request *req, const char *cgi_name)
{
	return FCGX_GetParam(cgi_name, req->fcgx->envp);
}

static int hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c = tolower(c);
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

/* %00 is left as it is: decoded, it would end the value's C string there and
 * hide the rest from the handler, which then sees "5" in "5%00x". */
static char *url_decode(struct arena *a, const char *s, size_t n)
{
	char *out = arena_alloc(a, n + 1), *o = out;
	for (size_t i = 0; i < n; i++) {
		int hi, lo;
		if (s[i] == '+') {
			*o++ = ' ';
		} else if (s[i] == '%' && i + 2 < n && (hi = hexval((unsigned char)s[i + 1])) >= 0 &&
		           (lo = hexval((unsigned char)s[i + 2])) >= 0 && (hi | lo) != 0) {
			*o++ = (char)(hi * 16 + lo);
			i += 2;
		} else {
			*o++ = s[i];
		}
	}
	*o = '\0';
	return out;
}

const char *req_query(const struct request *req, const char *name)
{
	size_t nlen = strlen(name);
	const char *p = req->query;
	while (p && *p) {
		const char *end = strchr(p, '&');
		size_t len = end ? (size_t)(end - p) : strlen(p);
		if (len > nlen && strncmp(p, name, nlen) == 0 && p[nlen] == '=')
			return url_decode(req->arena, p + nlen + 1, len - nlen - 1);
		if (len == nlen && strncmp(p, name, nlen) == 0)
			return "";
		p = end ? end + 1 : NULL;
	}
	return NULL;
}

const char *http_cookie_value(struct arena *a, const char *header, const char *name)
{
	size_t n = strlen(name);
	for (const char *p = header; p && *p;) {
		while (*p == ' ' || *p == ';')
			p++;
		const char *end = strchr(p, ';');
		size_t len = end ? (size_t)(end - p) : strlen(p);
		if (len > n && strncmp(p, name, n) == 0 && p[n] == '=')
			return arena_strndup(a, p + n + 1, len - n - 1);
		p = end;
	}
	return NULL;
}

const char *req_cookie(const struct request *req, const char *name)
{
	return http_cookie_value(req->arena, req_header(req, "HTTP_COOKIE"), name);
}

void req_drain_body(struct request *req)
{
	char scratch[4096];
	while (FCGX_GetStr(scratch, sizeof scratch, req->fcgx->in) > 0)
		;
}

int req_read_body(struct request *req, size_t limit)
{
	if (req->content_length > (long long)limit) {
		req_drain_body(req);
		return 1;
	}
	/* nginx buffers the body and sends its exact length; without one, expect up to limit. */
	size_t expect = req->content_length >= 0 ? (size_t)req->content_length : limit;
	char *body = arena_alloc(req->arena, expect + 1);
	size_t len = 0;
	while (len < expect) {
		int n = FCGX_GetStr(body + len, (int)(expect - len), req->fcgx->in);
		if (n < 0)
			return -1;
		if (n == 0)
			break;
		len += (size_t)n;
	}
	char extra;
	if (FCGX_GetStr(&extra, 1, req->fcgx->in) > 0) {   /* more than announced */
		req_drain_body(req);
		return 1;
	}
	body[len] = '\0';
	req->body = body;
	req->body_len = len;
	return 0;
}
