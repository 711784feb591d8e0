#ifndef WALK_SYNC_REFUSALS_H
#define WALK_SYNC_REFUSALS_H
/*
 * The sync handler's fair-play bookkeeping (RULES §14, WECHAT.md §2): refused
 * WeRun payloads are counted, and a participant who sends many is slowed down
 * and flagged, as store_werun_flags.h says.
 */
#include "worker.h"

/* Whether the caller may sync now: false after answering 429 rate_limited
 * with Retry-After (their refusal window is full), or a database error. */
bool sync_refusals_admit(struct request *req, struct response *resp, const struct activity_ctx *ctx);

/* After the handler has answered a refused payload with the error code
 * `code`: logs it, and counts it for the caller with the reason
 * "code: detail" in a write transaction of its own, kept although the
 * request fails.  When the count cannot be written, the answer becomes that
 * database error instead (an unrecorded refusal must not look recorded). */
void sync_refusals_note(struct request *req, struct response *resp, const struct activity_ctx *ctx,
                        const char *code, const char *detail);

#endif
