#ifndef WALK_RATE_LIMIT_H
#define WALK_RATE_LIMIT_H
/*
 * The per-participant limits of store_rate_limits.h as the handlers that call
 * WeChat for a participant use them: 429 rate_limited with Retry-After
 * (API.md) once a window is full.
 */
#include "store_rate_limits.h"
#include "worker.h"

#include <stdbool.h>

/* Counts one request of the caller for action at now in a write transaction
 * of its own, committed at once so that the count holds whatever the request
 * answers, and returns true; or returns false after answering 429
 * rate_limited with Retry-After (whole seconds until the window closes) and
 * a message in Chinese, or a database error.  Call it after every check that
 * costs nothing and right before WeChat is asked.  Ends the request's read
 * transaction: re-read what a later write depends on inside it. */
bool rate_limit_take(struct request *req, struct response *resp, enum rate_action action, int64_t now);

#endif
