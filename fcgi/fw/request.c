#include "http.h"

#include "fastcgi.h"

#include <ctype.h>
#include <string.h>

const char *req_header(const struct request *req, const char *cgi_name)
{
	return fcgi_param(req->fcgi, cgi_name);
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

int req_read_body(struct request *req, size_t limit)
{
	const struct fcgi_request *f = req->fcgi;
	/* body_total counts what the server dropped past its own limit, too. */
	if (req->content_length > (long long)limit || f->body_total > limit || f->body_total > f->body.len ||
	    (req->content_length >= 0 && (unsigned long long)f->body_total > (unsigned long long)req->content_length))
		return 1;
	/* The request's own buffer, NUL-terminated, lives until the answer is sent. */
	req->body = f->body.data ? f->body.data : arena_zalloc(req->arena, 1);
	req->body_len = f->body.len;
	return 0;
}
