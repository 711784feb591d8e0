#ifndef WALK_DRAW_VIEW_H
#define WALK_DRAW_VIEW_H
/* A red envelope's draw and its payout as the participant's answers show them
 * (api_draws_list.c, api_draws.c). */
#include "worker.h"

#include "store_draws.h"

#include <stdbool.h>

/* Before go-live (the public test) payouts go to no real wallet (RULES §10). */
bool draw_public_test(const struct activity_ctx *ctx);

/* The draw d with its payout's state (and what the client needs to confirm
 * it), a new object. */
cJSON *draw_json(struct request *req, const struct draw *d);

#endif
