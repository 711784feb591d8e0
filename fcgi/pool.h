#ifndef WALK_POOL_H
#define WALK_POOL_H
/*
 * The worker pools, each under its own spawn-fcgi socket: "participants"
 * serves the mini-program's /api/, "outbound" the few /api/ routes that wait
 * on WeChat or WeChat Pay inline (R_CALLS_OUT: a login, a text check, an
 * invite's QR code, a red envelope's transfer), render an image (R_MEDIA: a
 * checkpoint photo's upload, a walk's certificate) or need the WeChat Pay
 * client (R_PAY_CLIENT: its callback), "admin" serves /admin/api/
 * (configuration key pool).  nginx sends each to its pool, so that no admin
 * request — above all a login's 100 ms of PBKDF2 —, no slow answer of
 * WeChat and no render ever waits for or holds a participant's worker.
 *
 * The outbound and admin pools run walk-worker, the participants' pool
 * walk-worker-lean: the same sources with only that pool's handlers (routes.c
 * compiled with WALK_LEAN), which links neither libcurl nor the image
 * libraries; merely loading them made three quarters of a worker's resident
 * memory (README "Workers").
 *
 * Every pool refuses the routes that are not its own (404): a mistaken nginx
 * location then fails loudly instead of quietly mixing the pools again, and
 * t_pools asks nginx which pool answers each route of the table, so that
 * such a mismatch is caught.
 */
#include "http.h"

/* The flags of the outbound pool's routes. */
#define POOL_OUTBOUND_FLAGS (R_CALLS_OUT | R_MEDIA | R_PAY_CLIENT)

/* Copies into out (room for n) the routes of all[0..n) that pool serves and
 * that have a handler in this binary: the ones under /admin/ for "admin", the
 * other POOL_OUTBOUND_FLAGS ones for "outbound", the remaining ones for
 * "participants".  Returns how many. */
size_t pool_routes(const char *pool, const struct route *all, size_t n, struct route *out);

#endif
