#ifndef WALK_TEST_HTTPC_H
#define WALK_TEST_HTTPC_H
/*
 * A small libcurl client for the HTTP tests (and later the simulator and the
 * load generator).  Each call is one request; the reply owns its memory.
 */
#include <cjson/cJSON.h>
#include <stddef.h>

struct http_reply {
	long status;          /* 0 when the request failed at transport level */
	char *body;           /* NUL-terminated */
	size_t len;
	char *headers;        /* raw response header block */
	cJSON *json;          /* parsed body, NULL if not JSON */
};

/* method, url, optional content type and body (body_len -1: strlen), optional
 * NULL-terminated list of extra "Name: value" headers. */
int http_do(struct http_reply *r, const char *method, const char *url, const char *content_type,
            const char *body, long body_len, const char *const *headers);
int http_get(struct http_reply *r, const char *url);
int http_post_json(struct http_reply *r, const char *url, const char *json);
void http_reply_free(struct http_reply *r);

/* error.code of a JSON error reply, or "" */
const char *http_error_code(const struct http_reply *r);
/* A member of the reply's top-level JSON object: string ("" if absent), number (-1). */
const char *http_str(const struct http_reply *r, const char *name);
double http_num(const struct http_reply *r, const char *name);
/* The value of a response header (case-insensitive name) into out, or "" . */
void http_header(const struct http_reply *r, const char *name, char *out, size_t outsize);

#endif
