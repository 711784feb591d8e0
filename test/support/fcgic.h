#ifndef WALK_TEST_FCGIC_H
#define WALK_TEST_FCGIC_H
/*
 * A minimal FastCGI client for the HTTP tests: one request straight to a
 * worker pool's socket, past nginx, to see what the pool itself serves.
 */
#include <stddef.h>

/* Sends one request without a body (REQUEST_METHOD method, DOCUMENT_URI path)
 * to the FastCGI socket at socket_path and reads the whole answer.  Returns
 * the answer's Status code, or -1 when the exchange failed; body (if not
 * NULL) receives the answer's body, NUL-terminated, cut to size. */
int fcgi_request(const char *socket_path, const char *method, const char *path, char *body, size_t size);

#endif
