#ifndef WALK_TEST_STACK_H
#define WALK_TEST_STACK_H
/*
 * A real stack for one HTTP test program: nginx, the walk workers (the
 * sanitizer build, from $WALK_BIN) and the fake WeChat on free loopback ports,
 * with a fresh database under test-out/.  The folder is kept after the test so
 * that its logs can be read (test/run.sh searches them for sanitizer reports).
 */
#include "httpc.h"

#include <stdbool.h>

struct stack {
	int port;              /* the walk server; the fake WeChat is port + 1 */
	char var[512];         /* WALK_VAR */
	char base[64];         /* "http://127.0.0.1:PORT" */
	char fake[64];         /* "http://127.0.0.1:PORT+1" */
	char env[1024];        /* extra "NAME=value ..." given to start */
};

/* Starts a stack named name; env is extra environment ("WALK_X=1 Y=2") or NULL.
 * Returns 0, or -1 (with the reason on stderr). */
int stack_start(struct stack *s, const char *name, const char *env);
void stack_stop(struct stack *s);
/* Runs a shell command with the stack's environment (WALK_CONF etc.) from the
 * repository root; returns its exit status.  out (if not NULL) gets stdout+stderr. */
int stack_sh(const struct stack *s, char *out, int outsize, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
/* One request to the walk server (WALK) or the fake WeChat (FAKE), by path. */
enum stack_target { WALK, FAKE };
int stack_req(struct http_reply *r, const struct stack *s, enum stack_target t, const char *method,
              const char *path, const char *content_type, const char *body, long body_len,
              const char *const *headers);
int stack_get(struct http_reply *r, const struct stack *s, enum stack_target t, const char *path);
int stack_post(struct http_reply *r, const struct stack *s, enum stack_target t, const char *path,
               const char *json);

#endif
