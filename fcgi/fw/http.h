#ifndef WALK_HTTP_H
#define WALK_HTTP_H
/*
 * The FastCGI framework shared by the worker and the fake WeChat: the request
 * and response of one HTTP exchange, the route table and its flags.
 *
 * Ownership: everything a request points to lives in its arena (or in its
 * FastCGI request's buffers) and is gone after the response is sent.  The response owns
 * its buffers, which the server reuses from one request to the next.
 */
#include "arena.h"
#include "buf.h"

#include <cjson/cJSON.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define ROUTE_MAX_PARAMS 4

/* One {name} of the matched route's pattern and the path segment it took.
 * Handlers read them by name (req_param, req_param_id), never by position. */
struct route_param {
	const char *name;            /* into the route table's pattern: not NUL-terminated */
	size_t name_len;
	const char *value;           /* the segment as sent (not %-decoded), in the arena */
};

struct fcgi_request;
struct server_conn;

struct request {
	struct fcgi_request *fcgi;   /* the FastCGI request: its parameters and its whole body */
	struct server_conn *conn;    /* where the answer goes (server.c) */
	struct arena *arena;
	const char *method;
	const char *path;            /* without the query string, as sent (not decoded) */
	const char *query;           /* "" when absent */
	const char *content_type;    /* "" when absent */
	const char *request_id;
	const char *remote_addr;
	long long content_length;    /* -1 when absent or not a number */
	char *body;                  /* NUL-terminated; read by the dispatcher for body routes */
	size_t body_len;
	cJSON *json;                 /* the parsed body of R_JSON_BODY routes; freed by the server */
	struct route_param params[ROUTE_MAX_PARAMS];   /* the route's {captures}, in pattern order */
	int nparams;
	void *ctx;                   /* the application's per-worker context */
	int64_t user_id;             /* set by the application's authentication hook */
	const struct route *route;   /* the matched route (into app->routes), NULL when none matched */
};

struct response {
	int status;                  /* 0 until a handler answers: the dispatcher then sends 500 */
	const char *content_type;
	struct buf headers;          /* extra "Name: value\r\n" lines */
	struct buf body;
	bool may_stream;             /* set by the dispatcher for R_STREAM routes */
	bool streamed;               /* resp_stream_begin() sent the head: the server sends nothing more */
};

/* Route flags, enforced by the dispatcher before the handler runs. */
enum route_flag {
	R_JSON_BODY  = 1 << 0,  /* body must be application/json, <= max size, valid JSON */
	R_RAW_BODY   = 1 << 1,  /* body read as bytes (uploads), <= max raw size */
	R_AUTH_USER  = 1 << 2,  /* a participant's bearer token */
	R_AUTH_ADMIN = 1 << 3,  /* an admin session cookie */
	R_CSRF       = 1 << 4,  /* X-CSRF-Token must match the admin session */
	R_WRITE      = 1 << 5,  /* the handler runs inside one BEGIN IMMEDIATE transaction */
	R_BARE       = 1 << 6,  /* skips the before hook: no clock, no database (the hello-world baseline) */
	/* The handler may write its body as it makes it (resp_stream_begin/write):
	 * the one exception to "the whole response is buffered", for answers too
	 * large to hold (a 250,000-row export).  Until it begins, the handler can
	 * still answer an error the usual way; once begun, the status is sent and
	 * a later failure can only cut the body short (logged).  Never with
	 * R_WRITE: what was sent cannot be rolled back. */
	R_STREAM     = 1 << 7,
	/* The handler waits on WeChat or WeChat Pay inline (a login's
	 * code2Session, a text check, an invite's QR code, a transfer): nginx
	 * sends these routes to the outbound pool (fcgi/pool.h), so that a slow
	 * WeChat holds only its workers.  The dispatcher enforces nothing: the
	 * flag only says which pool serves the route. */
	R_CALLS_OUT  = 1 << 8,
	/* CPU-heavy image work and the image libraries (lib/media: a photo's
	 * decoding, a poster's or a certificate's rendering): served by the
	 * outbound pool, so that the participants' worker neither loads those
	 * libraries nor blocks a sync behind a render. */
	R_MEDIA      = 1 << 9,
	/* The handler uses the WeChat Pay client (its keys: a callback's
	 * signature and resource) without calling out.  That client holds a
	 * libcurl handle, which the participants' worker does not link: served
	 * by the outbound pool too. */
	R_PAY_CLIENT = 1 << 10,
};

typedef void (*handler_fn)(struct request *req, struct response *resp);

struct route {
	const char *method;
	/* "/api/activities/{aid}/me": {name} matches one non-empty segment, which
	 * the handler asks for by name; at most ROUTE_MAX_PARAMS, each name once. */
	const char *pattern;
	unsigned flags;
	handler_fn handler;
};

/* What an application plugs into the server. Hooks may be NULL. */
struct app {
	const char *name;
	const struct route *routes;
	size_t nroutes;
	size_t max_json_body;        /* bytes; larger JSON bodies get 413 */
	size_t max_raw_body;
	void *ctx;
	/* Runs first for every matched request (clock, database health).  Returns
	 * false after answering the request itself (e.g. 503). */
	bool (*before)(struct request *req, struct response *resp);
	/* Authentication for R_AUTH_USER / R_AUTH_ADMIN (need_csrf for R_CSRF):
	 * return false after answering (401/403). */
	bool (*auth_user)(struct request *req, struct response *resp);
	bool (*auth_admin)(struct request *req, struct response *resp, bool need_csrf);
	/* R_WRITE: open the transaction (false after answering 503), and close it:
	 * commit when ok, else roll back; a failed commit must answer 503. */
	bool (*begin_write)(struct request *req, struct response *resp);
	void (*end_write)(struct request *req, struct response *resp, bool ok);
	/* Runs last, whatever happened (e.g. roll back a forgotten transaction). */
	void (*after)(struct request *req, struct response *resp);
	/* Runs once the answer is sent, with the time it took (the metrics). */
	void (*finished)(const struct request *req, const struct response *resp, int64_t micros);
	/* "Name: value\r\n" lines that every answer of this server carries,
	 * whatever the handler did (the pool's name in dev and test); NULL for
	 * none. */
	const char *every_answer_headers;
};

/* request.c */
const char *req_header(const struct request *req, const char *cgi_name);  /* "HTTP_X_CSRF_TOKEN" */
/* The value of name in the query string, %-decoded into the arena (but %00,
 * which stays as those three characters); NULL if absent. */
const char *req_query(const struct request *req, const char *name);
/* params.c: the matched route's {name}, validated here once for every handler.
 * Asking for a name the route does not declare is a bug: it is logged and
 * answered 500, and the call returns NULL / false. */
const char *req_param(const struct request *req, struct response *resp, const char *name);
/* {name} as a positive decimal id (1 to 18 ASCII digits, nothing else) into
 * *out.  Returns false after answering: 404 not_found for any other value
 * (the path names nothing), 500 for an undeclared name. */
bool req_param_id(const struct request *req, struct response *resp, const char *name, int64_t *out);
/* The value of cookie name in the Cookie header ("a=1; name=v; b=2"), copied
 * into the arena; NULL when absent. */
const char *req_cookie(const struct request *req, const char *name);
/* The same from the header's text (NULL: no header), which req_cookie() reads. */
const char *http_cookie_value(struct arena *a, const char *header, const char *name);
/* The body (at most limit bytes; the server has received it whole).  Returns
 * 0, or 1 when it is larger than limit or than its Content-Length. */
int req_read_body(struct request *req, size_t limit);

/* response.c */
void resp_header(struct response *resp, const char *name, const char *value);
/* Serialises root (which the call frees) as the body. */
void resp_json(struct response *resp, int status, cJSON *root);
/* {"error":{"code":…,"message":…,"field":…}}; field may be NULL. */
void resp_error(struct response *resp, int status, const char *code, const char *message,
                const char *field);
void resp_reset(struct response *resp);
const char *http_status_text(int status);

/* server.c, for R_STREAM routes only: sends the head now (status, content
 * type, the headers added so far, no Content-Length).  Returns false (and
 * sends nothing) when the route is not R_STREAM: a bug, logged. */
bool resp_stream_begin(struct request *req, struct response *resp, int status, const char *content_type);
/* Sends n body bytes after resp_stream_begin().  Returns false when the
 * client is gone: the handler should stop making the rest. */
bool resp_stream_write(struct request *req, const void *data, size_t n);

/* router.c */
enum route_match { ROUTE_FOUND, ROUTE_NOT_FOUND, ROUTE_BAD_METHOD };
/* Finds the route for method and path; fills req->params on a match.  For
 * ROUTE_BAD_METHOD, allow (if not NULL) receives "GET, POST"-style text. */
enum route_match router_match(const struct route *routes, size_t n, const char *method,
                              const char *path, struct request *req, const struct route **found,
                              struct buf *allow);
/* Whether every pattern of the table is well formed: each '{' closed, each
 * name non-empty and declared once, at most ROUTE_MAX_PARAMS of them.  Logs
 * every fault.  server_run() refuses to serve a table that is not. */
bool router_check(const struct route *routes, size_t n);

/* dispatch.c: one request through the flags to its handler. */
void dispatch(const struct app *app, struct request *req, struct response *resp);
/* The checks of an R_JSON_BODY request, which dispatch() applies.  Whether a
 * Content-Type is "application/json" (any case), alone or followed by
 * parameters ("; charset=utf-8"). */
bool http_is_json_type(const char *content_type);
/* The body (len bytes followed by a NUL, as req_read_body() leaves it)
 * parsed as exactly one JSON object with nothing but white space after it;
 * NULL for anything else, and for a text that valid_json_text() refuses (a
 * NUL byte, a raw control byte inside a string, the escape \u0000, bytes that
 * are not UTF-8: the handler's strings would end early or hold them).  The
 * caller frees the tree with cJSON_Delete(). */
cJSON *http_parse_json_object(const char *body, size_t len);

/* server.c: the event loop on the FastCGI socket (fd 0 under spawn-fcgi) and
 * the connections accepted from it, which the web server may keep for many
 * requests.  Returns when SIGTERM/SIGINT/SIGQUIT/SIGHUP/SIGUSR1 arrives,
 * after the request in flight. */
int server_run(const struct app *app);

#endif
