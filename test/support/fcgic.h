#ifndef WALK_TEST_FCGIC_H
#define WALK_TEST_FCGIC_H
/*
 * A minimal FastCGI client for the HTTP tests: requests straight to a worker
 * pool's socket, past nginx, to see what the pool itself serves and how it
 * keeps connections.
 */
#include <stdbool.h>
#include <stddef.h>

/* Sends one request without a body (REQUEST_METHOD method, DOCUMENT_URI path)
 * to the FastCGI socket at socket_path and reads the whole answer.  Returns
 * the answer's Status code, or -1 when the exchange failed; body (if not
 * NULL) receives the answer's body, NUL-terminated, cut to size. */
int fcgi_request(const char *socket_path, const char *method, const char *path, char *body, size_t size);

/* A connection to the socket at socket_path (reads time out after 10 s), or -1. */
int fcgi_connect(const char *socket_path);
/* The same request as fcgi_request() on the open connection fd, as request
 * id; keep asks the worker to keep the connection open after the answer. */
int fcgi_exchange(int fd, unsigned id, bool keep, const char *method, const char *path, char *body, size_t size);
/* GET_VALUES for FCGI_MPXS_CONNS and FCGI_MAX_CONNS: the answer as
 * "name=value\n" lines in result.  Returns 0, or -1 when the exchange failed. */
int fcgi_get_values(int fd, char *result, size_t size);

#endif
