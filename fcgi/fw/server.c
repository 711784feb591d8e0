#include "http.h"

#include "log.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static volatile sig_atomic_t stop_requested;

/* A graceful stop: the request in flight finishes, then the loop ends.  The
 * handler is installed without SA_RESTART so that a worker blocked in accept()
 * sees EINTR, and libfcgi's accept returns once shutdown is pending. */
static void on_stop_signal(int sig)
{
	(void)sig;
	stop_requested = 1;
	FCGX_ShutdownPending();
}

static void install_signals(void)
{
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_stop_signal;
	sigemptyset(&sa.sa_mask);
	/* multiwatch passes a stop on as SIGQUIT whatever its -s option says, and
	 * libfcgi's own convention is SIGUSR1: every one of them means "finish and go". */
	const int stop_signals[] = { SIGTERM, SIGINT, SIGQUIT, SIGHUP, SIGUSR1 };
	for (size_t i = 0; i < sizeof stop_signals / sizeof stop_signals[0]; i++)
		sigaction(stop_signals[i], &sa, NULL);
	signal(SIGPIPE, SIG_IGN);   /* a client gone mid-response is not our death */
}

static const char *param_or(FCGX_Request *r, const char *name, const char *dflt)
{
	const char *v = FCGX_GetParam(name, r->envp);
	return v ? v : dflt;
}

static void read_request_line(struct request *req, FCGX_Request *fcgx, struct arena *arena)
{
	memset(req, 0, sizeof *req);
	req->fcgx = fcgx;
	req->arena = arena;
	req->method = param_or(fcgx, "REQUEST_METHOD", "GET");
	/* DOCUMENT_URI is the path without the query; REQUEST_URI as a fallback. */
	const char *uri = param_or(fcgx, "DOCUMENT_URI", NULL);
	if (!uri) {
		uri = param_or(fcgx, "REQUEST_URI", "/");
		const char *q = strchr(uri, '?');
		if (q)
			uri = arena_strndup(arena, uri, (size_t)(q - uri));
	}
	req->path = uri;
	req->query = param_or(fcgx, "QUERY_STRING", "");
	req->content_type = param_or(fcgx, "CONTENT_TYPE", "");
	req->remote_addr = param_or(fcgx, "REMOTE_ADDR", "-");
	const char *cl = FCGX_GetParam("CONTENT_LENGTH", fcgx->envp);
	req->content_length = -1;
	if (cl && *cl) {
		char *end;
		errno = 0;
		long long v = strtoll(cl, &end, 10);
		if (!errno && !*end && v >= 0)
			req->content_length = v;
	}
	static unsigned long counter;
	const char *rid = FCGX_GetParam("REQUEST_ID", fcgx->envp);
	req->request_id = rid && *rid ? rid : arena_printf(arena, "w%d-%lu", (int)getpid(), ++counter);
}

/* The head is formatted here, not by FCGX_FPrintF: libfcgi's own printf knows
 * neither %zu nor %lld.  A streamed answer has no Content-Length (nginx sends
 * it chunked). */
static const char *every_answer_headers = "";   /* the app's, set by server_run() */

static void send_head(FCGX_Request *fcgx, const struct request *req, const struct response *resp,
                      bool with_length)
{
	struct buf head = { 0 };
	buf_printf(&head, "Status: %d %s\r\nContent-Type: %s\r\n", resp->status, http_status_text(resp->status),
	           resp->content_type ? resp->content_type : "application/json; charset=utf-8");
	if (with_length)
		buf_printf(&head, "Content-Length: %zu\r\n", resp->body.len);
	buf_printf(&head, "Cache-Control: no-store\r\nX-Request-Id: %s\r\n%s%s\r\n", req->request_id,
	           every_answer_headers, buf_str(&resp->headers));
	FCGX_PutStr(head.data, (int)head.len, fcgx->out);
	buf_free(&head);
}

static void send_response(FCGX_Request *fcgx, const struct request *req, struct response *resp)
{
	send_head(fcgx, req, resp, true);
	if (resp->body.len)
		FCGX_PutStr(resp->body.data, (int)resp->body.len, fcgx->out);
}

bool resp_stream_begin(struct request *req, struct response *resp, int status, const char *content_type)
{
	if (!resp->may_stream || resp->streamed) {
		log_error("%s %s: streaming refused (not an R_STREAM route, or begun twice)", req->method, req->path);
		return false;
	}
	resp->status = status;
	resp->content_type = content_type;
	send_head(req->fcgx, req, resp, false);
	resp->streamed = true;
	return true;
}

bool resp_stream_write(struct request *req, const void *data, size_t n)
{
	/* libfcgi buffers a few KiB and sends them as each fills: nothing more is held. */
	return n == 0 || FCGX_PutStr(data, (int)n, req->fcgx->out) == (int)n;
}

static int64_t micros_since(const struct timespec *t0)
{
	struct timespec t1;
	clock_gettime(CLOCK_MONOTONIC, &t1);
	return (int64_t)(t1.tv_sec - t0->tv_sec) * 1000000 + (t1.tv_nsec - t0->tv_nsec) / 1000;
}

int server_run(const struct app *app)
{
	if (!router_check(app->routes, app->nroutes)) {
		log_error("%s: the route table is not valid", app->name);
		return 1;
	}
	if (FCGX_Init() != 0) {
		log_error("%s: FCGX_Init failed", app->name);
		return 1;
	}
	install_signals();
	if (app->every_answer_headers)
		every_answer_headers = app->every_answer_headers;
	FCGX_Request fcgx;
	FCGX_InitRequest(&fcgx, 0, FCGI_FAIL_ACCEPT_ON_INTR);
	struct arena arena;
	arena_init(&arena, 64 * 1024);
	struct response resp;
	memset(&resp, 0, sizeof resp);
	log_info("%s: worker ready", app->name);

	while (!stop_requested) {
		if (FCGX_Accept_r(&fcgx) < 0) {
			if (stop_requested)
				break;
			if (errno == EINTR)
				continue;
			log_error("%s: accept failed: %s", app->name, strerror(errno));
			break;
		}
		struct timespec t0;
		clock_gettime(CLOCK_MONOTONIC, &t0);
		struct request req;
		read_request_line(&req, &fcgx, &arena);
		req.ctx = app->ctx;
		log_set_request_id(req.request_id);
		resp_reset(&resp);

		dispatch(app, &req, &resp);
		if (app->after)
			app->after(&req, &resp);
		if (resp.status == 0) {
			log_error("handler for %s %s answered nothing", req.method, req.path);
			resp_error(&resp, 500, "internal_error", "服务器内部错误", NULL);
		}
		if (!resp.streamed)
			send_response(&fcgx, &req, &resp);
		int64_t micros = micros_since(&t0);
		log_info("%s %s %d %lldus", req.method, req.path, resp.status, (long long)micros);
		FCGX_Finish_r(&fcgx);
		if (app->finished)
			app->finished(&req, &resp, micros);
		cJSON_Delete(req.json);
		arena_reset(&arena);
		log_set_request_id(NULL);
	}
	log_info("%s: worker stopping", app->name);
	FCGX_Free(&fcgx, 1);
	buf_free(&resp.body);
	buf_free(&resp.headers);
	arena_free(&arena);
	return 0;
}
