#ifndef WALK_POOL_H
#define WALK_POOL_H
/*
 * The worker pools.  One walk-worker binary runs in three pools, each under
 * its own spawn-fcgi socket: "participants" serves the mini-program's /api/,
 * "outbound" the few /api/ routes that wait on WeChat or WeChat Pay inline
 * (R_CALLS_OUT: a login, a text check, an invite's QR code, a red envelope's
 * transfer), "admin" serves /admin/api/ (configuration key pool).  nginx
 * sends each to its pool, so that no admin request — above all a login's
 * 100 ms of PBKDF2 — and no slow answer of WeChat ever waits for or holds a
 * participant's worker.  The admin and outbound pools refuse the routes that
 * are not theirs (404): a mistaken nginx location then fails loudly instead
 * of quietly mixing the pools again.  The participants' pool still serves
 * the outbound routes (a request sent there by an older nginx configuration
 * is answered, only slower under a slow WeChat); t_pools asks nginx which
 * pool answers each route of the table, so that such a mismatch is caught.
 */
#include "http.h"

/* Copies into out (room for n) the routes of all[0..n) that pool serves: the
 * ones under /admin/ for "admin", the other R_CALLS_OUT ones for "outbound",
 * every one not under /admin/ for "participants".  Returns how many. */
size_t pool_routes(const char *pool, const struct route *all, size_t n, struct route *out);

#endif
