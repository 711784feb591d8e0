#ifndef WALK_TEST_ADMIN_CLIENT_H
#define WALK_TEST_ADMIN_CLIENT_H
/*
 * An admin as an HTTP test drives one: an account made with walkctl, a
 * session from the real login (its cookie and CSRF token), and requests with
 * or without them.  Every helper asserts (cmocka) that its step worked.
 */
#include "stack.h"

struct admin_client {
	const struct stack *s;
	char cookie[128];   /* "Cookie: walk_admin=…" */
	char csrf[128];     /* "X-CSRF-Token: …" */
};

enum admin_csrf { ADMIN_WITH_CSRF, ADMIN_NO_CSRF, ADMIN_BAD_CSRF };

/* walkctl admin add --username user --role province|union [--union code]
 * with password pw, then a login: fills a. */
void admin_client_add(struct admin_client *a, const struct stack *s, const char *user, const char *pw,
                      const char *union_code);
/* The real login of an existing account into a: the HTTP status (200: a
 * holds the session; anything else: a holds none). */
long admin_client_login(struct admin_client *a, const struct stack *s, const char *user, const char *pw);
/* A request as a (NULL: no session at all), JSON body or NULL; with
 * content_type NULL and a body, the body is sent as text/csv. */
void admin_client_req(const struct admin_client *a, const struct stack *s, struct http_reply *r, const char *method,
                      const char *path, const char *content_type, const char *body, enum admin_csrf csrf);

#endif
