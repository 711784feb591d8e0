#define _GNU_SOURCE   /* accept4 */
#include "http.h"

#include "fastcgi.h"
#include "log.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

enum {
	LISTEN_FD = 0,                /* spawn-fcgi's convention */
	MAX_CONNS = 256,              /* nginx keeps a few per worker: far more is a fault */
	MAX_PARAMS = 128 * 1024,      /* the encoded parameters: nginx's headers are 32 KiB at most */
	READ_CHUNK = 64 * 1024,
	FLUSH_AT = 64 * 1024,         /* a streamed answer is sent in pieces of this size */
	WRITE_TIMEOUT_MS = 30000,     /* nginx reads slower than this only when it is stuck */
};

/* One connection from the web server: the bytes received and not yet
 * consumed, and the request they are building. */
struct server_conn {
	int fd;
	struct buf in;
	size_t in_at;                 /* in.data[in_at, in.len) is not consumed yet */
	struct fcgi_request req;
	bool broken;                  /* a write failed: close once the handler returns */
};

static volatile sig_atomic_t stop_requested;
static struct buf out;            /* the answer being sent: one request at a time */

/* A graceful stop: the request in flight finishes, then the loop ends.  The
 * stop signals are blocked except while the loop waits (epoll_pwait), so a
 * stop never interrupts a handler, and one that arrives while a request is
 * served is taken as soon as the loop would wait again. */
static void on_stop_signal(int sig)
{
	(void)sig;
	stop_requested = 1;
}

static void install_signals(sigset_t *wait_mask)
{
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_stop_signal;
	sigemptyset(&sa.sa_mask);
	/* multiwatch passes a stop on as SIGQUIT whatever its -s option says, and
	 * libfcgi's convention was SIGUSR1: every one of them means "finish and go". */
	const int stop_signals[] = { SIGTERM, SIGINT, SIGQUIT, SIGHUP, SIGUSR1 };
	sigset_t stops;
	sigemptyset(&stops);
	for (size_t i = 0; i < sizeof stop_signals / sizeof stop_signals[0]; i++) {
		sigaction(stop_signals[i], &sa, NULL);
		sigaddset(&stops, stop_signals[i]);
	}
	sigprocmask(SIG_BLOCK, &stops, wait_mask);
	for (size_t i = 0; i < sizeof stop_signals / sizeof stop_signals[0]; i++)
		sigdelset(wait_mask, stop_signals[i]);
	signal(SIGPIPE, SIG_IGN);   /* a client gone mid-response is not our death */
}

static const char *param_or(const struct fcgi_request *r, const char *name, const char *dflt)
{
	const char *v = fcgi_param(r, name);
	return v ? v : dflt;
}

static void read_request_line(struct request *req, struct server_conn *conn, struct arena *arena)
{
	static int pid;
	if (!pid)
		pid = (int)getpid();
	struct fcgi_request *f = &conn->req;
	memset(req, 0, sizeof *req);
	req->fcgi = f;
	req->conn = conn;
	req->arena = arena;
	req->method = param_or(f, "REQUEST_METHOD", "GET");
	/* DOCUMENT_URI is the path without the query; REQUEST_URI as a fallback. */
	const char *uri = param_or(f, "DOCUMENT_URI", NULL);
	if (!uri) {
		uri = param_or(f, "REQUEST_URI", "/");
		const char *q = strchr(uri, '?');
		if (q)
			uri = arena_strndup(arena, uri, (size_t)(q - uri));
	}
	req->path = uri;
	req->query = param_or(f, "QUERY_STRING", "");
	req->content_type = param_or(f, "CONTENT_TYPE", "");
	req->remote_addr = param_or(f, "REMOTE_ADDR", "-");
	const char *cl = fcgi_param(f, "CONTENT_LENGTH");
	req->content_length = -1;
	if (cl && *cl) {
		char *end;
		errno = 0;
		long long v = strtoll(cl, &end, 10);
		if (!errno && !*end && v >= 0)
			req->content_length = v;
	}
	static unsigned long counter;
	const char *rid = fcgi_param(f, "REQUEST_ID");
	req->request_id = rid && *rid ? rid : arena_printf(arena, "w%d-%lu", pid, ++counter);
}

/* Sends what out holds on the connection (non-blocking: waits while the
 * socket is full).  Returns false when the peer is gone or stuck. */
static bool flush_out(struct server_conn *conn)
{
	size_t at = 0;
	while (!conn->broken && at < out.len) {
		ssize_t n = write(conn->fd, out.data + at, out.len - at);
		if (n > 0) {
			at += (size_t)n;
		} else if (n < 0 && errno == EINTR) {
			continue;
		} else if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
			struct pollfd p = { .fd = conn->fd, .events = POLLOUT };
			if (poll(&p, 1, WRITE_TIMEOUT_MS) <= 0)
				conn->broken = true;
		} else {
			conn->broken = true;
		}
	}
	buf_reset(&out, 1024 * 1024);
	return !conn->broken;
}

/* The head is formatted here.  A streamed answer has no Content-Length
 * (nginx sends it chunked). */
static const char *every_answer_headers = "";   /* the app's, set by server_run() */

static void put_head(const struct request *req, const struct response *resp, bool with_length)
{
	static struct buf head;
	buf_reset(&head, 64 * 1024);
	buf_printf(&head, "Status: %d %s\r\nContent-Type: %s\r\n", resp->status, http_status_text(resp->status),
	           resp->content_type ? resp->content_type : "application/json; charset=utf-8");
	if (with_length)
		buf_printf(&head, "Content-Length: %zu\r\n", resp->body.len);
	buf_printf(&head, "Cache-Control: no-store\r\nX-Request-Id: %s\r\n%s%s\r\n", req->request_id,
	           every_answer_headers, buf_str(&resp->headers));
	fcgi_put_stdout(&out, req->fcgi->id, head.data, head.len);
}

bool resp_stream_begin(struct request *req, struct response *resp, int status, const char *content_type)
{
	if (!resp->may_stream || resp->streamed) {
		log_error("%s %s: streaming refused (not an R_STREAM route, or begun twice)", req->method, req->path);
		return false;
	}
	resp->status = status;
	resp->content_type = content_type;
	put_head(req, resp, false);
	resp->streamed = true;
	return true;
}

bool resp_stream_write(struct request *req, const void *data, size_t n)
{
	if (req->conn->broken)
		return false;
	fcgi_put_stdout(&out, req->fcgi->id, data, n);
	return out.len < FLUSH_AT || flush_out(req->conn);
}

static int64_t micros_since(const struct timespec *t0)
{
	struct timespec t1;
	clock_gettime(CLOCK_MONOTONIC, &t1);
	return (int64_t)(t1.tv_sec - t0->tv_sec) * 1000000 + (t1.tv_nsec - t0->tv_nsec) / 1000;
}

/* What one worker keeps from request to request. */
struct server {
	const struct app *app;
	struct fcgi_limits limits;
	int epoll_fd;
	struct server_conn *conns[MAX_CONNS];
	int nconns;
	struct arena arena;
	struct response resp;
};

/* One complete request through the application, and its answer sent. */
static void serve_request(struct server *s, struct server_conn *conn)
{
	const struct app *app = s->app;
	struct timespec t0;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	struct request req;
	read_request_line(&req, conn, &s->arena);
	req.ctx = app->ctx;
	log_set_request_id(req.request_id);
	struct response *resp = &s->resp;
	resp_reset(resp);

	dispatch(app, &req, resp);
	if (app->after)
		app->after(&req, resp);
	if (resp->status == 0) {
		log_error("handler for %s %s answered nothing", req.method, req.path);
		resp_error(resp, 500, "internal_error", "服务器内部错误", NULL);
	}
	if (!resp->streamed) {
		put_head(&req, resp, true);
		fcgi_put_stdout(&out, conn->req.id, resp->body.data, resp->body.len);
	}
	fcgi_put_end(&out, conn->req.id, 0, FCGI_REQUEST_COMPLETE);
	flush_out(conn);
	int64_t micros = micros_since(&t0);
	log_info("%s %s %d %lldus", req.method, req.path, resp->status, (long long)micros);
	if (app->finished)
		app->finished(&req, resp, micros);
	cJSON_Delete(req.json);
	arena_reset(&s->arena);
	log_set_request_id(NULL);
}

static void close_conn(struct server *s, struct server_conn *conn)
{
	for (int i = 0; i < s->nconns; i++)
		if (s->conns[i] == conn) {
			s->conns[i] = s->conns[--s->nconns];
			break;
		}
	close(conn->fd);   /* leaves the epoll set with it */
	buf_free(&conn->in);
	fcgi_request_free(&conn->req);
	free(conn);
}

/* EPOLLEXCLUSIVE: a new connection wakes one idle worker, not all of them:
 * the first idle one in the socket's queue of waiters, where this worker's
 * place is taken at the end. */
static bool watch_listener(struct server *s)
{
	struct epoll_event ev = { .events = EPOLLIN | EPOLLEXCLUSIVE, .data.ptr = NULL };
	return epoll_ctl(s->epoll_fd, EPOLL_CTL_ADD, LISTEN_FD, &ev) == 0;
}

/* After an accept, this worker goes to the end of that queue, so that kept
 * connections (which stay with the worker that took them) are spread over
 * the workers in turn rather than all taken by the first idle one. */
static void requeue_listener(struct server *s)
{
	if (epoll_ctl(s->epoll_fd, EPOLL_CTL_DEL, LISTEN_FD, NULL) != 0 || !watch_listener(s)) {
		log_error("%s: epoll on the FastCGI socket: %s", s->app->name, strerror(errno));
		stop_requested = 1;   /* a worker deaf to new connections: multiwatch starts a new one */
	}
}

static void accept_conn(struct server *s)
{
	int fd = accept4(LISTEN_FD, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);
	if (fd < 0) {
		/* EAGAIN: another worker took it. */
		if (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR && errno != ECONNABORTED)
			log_error("%s: accept failed: %s", s->app->name, strerror(errno));
		return;
	}
	if (s->nconns == MAX_CONNS) {
		log_error("%s: %d FastCGI connections open already: one more refused", s->app->name, MAX_CONNS);
		close(fd);
		return;
	}
	struct server_conn *conn = calloc(1, sizeof *conn);
	if (!conn)
		abort();
	conn->fd = fd;
	struct epoll_event ev = { .events = EPOLLIN, .data.ptr = conn };
	if (epoll_ctl(s->epoll_fd, EPOLL_CTL_ADD, fd, &ev) != 0) {
		log_error("%s: epoll_ctl: %s", s->app->name, strerror(errno));
		close(fd);
		free(conn);
		return;
	}
	s->conns[s->nconns++] = conn;
	requeue_listener(s);
}

/* Reads what the connection has and serves every request it completes.
 * Returns false when the connection is to be closed. */
static bool read_conn(struct server *s, struct server_conn *conn)
{
	static char chunk[READ_CHUNK];
	ssize_t n = read(conn->fd, chunk, sizeof chunk);
	if (n < 0)
		return errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR;
	if (n == 0)
		return false;   /* the web server closed it */
	buf_append(&conn->in, chunk, (size_t)n);
	for (;;) {
		size_t used = 0;
		enum fcgi_feed_result r = fcgi_feed(&conn->req, &s->limits, (const uint8_t *)conn->in.data + conn->in_at,
		                                    conn->in.len - conn->in_at, &used, &out);
		conn->in_at += used;
		if (r == FCGI_PROTOCOL_ERROR) {
			log_error("%s: a FastCGI connection broke the protocol (or its limits): closed", s->app->name);
			buf_reset(&out, 0);
			return false;
		}
		if (out.len && !flush_out(conn))   /* answers to management records, refusals */
			return false;
		if (r == FCGI_CLOSE)
			return false;
		if (r == FCGI_NEED_MORE)
			break;
		serve_request(s, conn);
		if (conn->broken || !conn->req.keep_conn)
			return false;
		fcgi_request_reset(&conn->req);
		if (stop_requested)
			break;
	}
	/* Keep only the partial record, at the start. */
	size_t rest = conn->in.len - conn->in_at;
	if (rest == 0) {
		buf_reset(&conn->in, 256 * 1024);
	} else if (conn->in_at) {
		memmove(conn->in.data, conn->in.data + conn->in_at, rest);
		conn->in.len = rest;
		conn->in.data[rest] = '\0';
	}
	conn->in_at = 0;
	return true;
}

static bool server_open(struct server *s, const struct app *app)
{
	memset(s, 0, sizeof *s);
	s->app = app;
	s->limits.max_params = MAX_PARAMS;
	/* One byte past the larger limit: enough to see that a body is too large. */
	s->limits.max_stdin = (app->max_json_body > app->max_raw_body ? app->max_json_body : app->max_raw_body) + 1;
	int flags = fcntl(LISTEN_FD, F_GETFL);
	if (flags < 0 || fcntl(LISTEN_FD, F_SETFL, flags | O_NONBLOCK) != 0) {
		log_error("%s: fd 0 is not the FastCGI socket: %s", app->name, strerror(errno));
		return false;
	}
	s->epoll_fd = epoll_create1(EPOLL_CLOEXEC);
	if (s->epoll_fd < 0 || !watch_listener(s)) {
		log_error("%s: epoll on the FastCGI socket: %s", app->name, strerror(errno));
		return false;
	}
	arena_init(&s->arena, 64 * 1024);
	return true;
}

static void server_close(struct server *s)
{
	while (s->nconns)
		close_conn(s, s->conns[0]);
	if (s->epoll_fd >= 0)
		close(s->epoll_fd);
	buf_free(&out);
	buf_free(&s->resp.body);
	buf_free(&s->resp.headers);
	arena_free(&s->arena);
}

int server_run(const struct app *app)
{
	if (!router_check(app->routes, app->nroutes)) {
		log_error("%s: the route table is not valid", app->name);
		return 1;
	}
	sigset_t wait_mask;
	install_signals(&wait_mask);
	if (app->every_answer_headers)
		every_answer_headers = app->every_answer_headers;
	static struct server s;
	if (!server_open(&s, app))
		return 1;
	log_info("%s: worker ready", app->name);
	int rc = 0;
	while (!stop_requested) {
		struct epoll_event events[64];
		int n = epoll_pwait(s.epoll_fd, events, 64, -1, &wait_mask);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			log_error("%s: epoll_wait failed: %s", app->name, strerror(errno));
			rc = 1;
			break;
		}
		for (int i = 0; i < n && !stop_requested; i++) {
			struct server_conn *conn = events[i].data.ptr;
			if (!conn)
				accept_conn(&s);
			else if (!read_conn(&s, conn))
				close_conn(&s, conn);
		}
	}
	log_info("%s: worker stopping", app->name);
	server_close(&s);
	return rc;
}
