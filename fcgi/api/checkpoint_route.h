#ifndef WALK_CHECKPOINT_ROUTE_H
#define WALK_CHECKPOINT_ROUTE_H
/* Where the caller stands on the route of checkpoints (RULES §7), for the
 * handlers of …/checkpoints/{no}/… : the quiz, the essay, the photo. */
#include "worker.h"

#include <stdbool.h>

struct route_standing {
	struct activity_ctx ctx;
	int no;                 /* the checkpoint the path names, 1-based */
	int64_t cumulative;     /* counted steps, today's once settled */
	int passed, lit;        /* checkpoints passed (in route order) and lit */
};

/* The route's {no} as a checkpoint of the activity ctx: false after 404
 * not_found when it has no such one. */
bool checkpoint_param(struct request *req, struct response *resp, const struct activity_ctx *ctx, int *no);

/* Loads the activity (403 not_enrolled for a caller not enrolled), the
 * checkpoint {no} (404 not_found when the route has no such one) and the
 * caller's standing.  Returns false after answering. */
bool route_standing_load(struct request *req, struct response *resp, struct route_standing *s);

/* Whether the caller may be given a question of checkpoint s->no now:
 * false after answering 409 already_passed, not_in_order or not_lit. */
bool route_may_attempt(struct response *resp, const struct route_standing *s);

/* An integer member of the JSON body in [min, max]: false after answering
 * 400 validation_failed naming it. */
bool json_int_in(const struct request *req, struct response *resp, const char *name, int64_t min, int64_t max,
                 const char *message, int64_t *out);

#endif
