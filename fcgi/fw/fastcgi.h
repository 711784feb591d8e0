#ifndef WALK_FASTCGI_H
#define WALK_FASTCGI_H
/*
 * The FastCGI 1.0 wire protocol of one connection, without I/O: the records
 * a web server sends are fed in as they arrive and come out as one complete
 * responder request at a time (its parameters and its whole body); the
 * answer's records are appended to a buffer for the server to send.
 *
 * One request at a time per connection: nginx never multiplexes, and a
 * BEGIN_REQUEST for a second id while one is open is refused with
 * CANT_MPX_CONN.  Management records (request id 0) are answered in place:
 * GET_VALUES with what this side supports, any other type with UNKNOWN_TYPE.
 */
#include "buf.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum fcgi_record_type {
	FCGI_BEGIN_REQUEST = 1, FCGI_ABORT_REQUEST = 2, FCGI_END_REQUEST = 3, FCGI_PARAMS = 4,
	FCGI_STDIN = 5, FCGI_STDOUT = 6, FCGI_STDERR = 7, FCGI_DATA = 8, FCGI_GET_VALUES = 9,
	FCGI_GET_VALUES_RESULT = 10, FCGI_UNKNOWN_TYPE = 11,
};

enum { FCGI_HEADER_LEN = 8, FCGI_MAX_CONTENT = 65535 };

/* END_REQUEST's protocol status. */
enum { FCGI_REQUEST_COMPLETE = 0, FCGI_CANT_MPX_CONN = 1, FCGI_OVERLOADED = 2, FCGI_UNKNOWN_ROLE = 3 };

struct fcgi_limits {
	size_t max_params;   /* bytes of the encoded PARAMS stream; more is a broken peer */
	size_t max_stdin;    /* body bytes kept; the rest is counted and dropped */
};

enum fcgi_phase { FCGI_IDLE, FCGI_IN_PARAMS, FCGI_IN_STDIN, FCGI_COMPLETE };

/* One name-value pair, as offsets into the request's pairs buffer, where each
 * name and value is followed by a NUL. */
struct fcgi_pair {
	size_t name, name_len, value, value_len;
};

struct fcgi_request {
	enum fcgi_phase phase;
	uint16_t id;
	bool keep_conn;              /* the web server keeps the connection open after the answer */
	struct buf params_raw;       /* the PARAMS stream as received */
	struct buf pairs;            /* decoded: "name\0value\0" ... */
	struct fcgi_pair *index;
	size_t npairs, index_cap;
	struct buf body;             /* the STDIN stream, at most limits.max_stdin bytes of it */
	size_t body_total;           /* bytes the STDIN stream held, dropped ones included */
};

enum fcgi_feed_result {
	FCGI_NEED_MORE,              /* every complete record was consumed */
	FCGI_REQUEST_READY,          /* a request is complete (phase FCGI_COMPLETE): answer it */
	FCGI_CLOSE,                  /* send what is in out, then close (an aborted one-shot request) */
	FCGI_PROTOCOL_ERROR,         /* not FastCGI, or over the limits: close now */
};

/* Consumes the complete records at the start of data[0, len), stopping after
 * the one that completes a request; *used receives the bytes consumed (a
 * partial record is left for the next call, with more bytes after it).
 * Answers to management records and refusals go to out. */
enum fcgi_feed_result fcgi_feed(struct fcgi_request *r, const struct fcgi_limits *limits,
                                const uint8_t *data, size_t len, size_t *used, struct buf *out);
/* The value of the parameter name (the first one of that name) of a complete
 * request, NUL-terminated; NULL when absent. */
const char *fcgi_param(const struct fcgi_request *r, const char *name);
/* Ready for the connection's next request; gives back what a large one took. */
void fcgi_request_reset(struct fcgi_request *r);
void fcgi_request_free(struct fcgi_request *r);

/* Appends data as STDOUT records of request id (none for n == 0). */
void fcgi_put_stdout(struct buf *out, uint16_t id, const void *data, size_t n);
/* Appends the end of the answer: the empty STDOUT record and END_REQUEST. */
void fcgi_put_end(struct buf *out, uint16_t id, uint32_t app_status, uint8_t protocol_status);

#endif
