#ifndef WALK_WALK_CALLER_H
#define WALK_WALK_CALLER_H
/* The caller's themed walk, for the handlers of …/walks/{wid}/… (api_walks.c,
 * api_walk_certificate.c). */
#include "worker.h"

#include "store_enrollment.h"
#include "store_walks.h"

#include <stdbool.h>

/* The caller's walk of the route: their enrollment, the walk, and whether
 * they joined (with their progress then). */
struct walk_ctx {
	struct activity_ctx a;
	struct enrollment e;
	struct walk w;
	bool joined;
	struct walk_progress p;
};

/* Loads c for the route's {wid}.  A walk the caller may not see (another
 * union's or unit's, or cancelled before they joined) is 404, a caller not
 * enrolled 403.  Returns false after answering. */
bool walk_caller_load(struct request *req, struct response *resp, struct walk_ctx *c);

#endif
