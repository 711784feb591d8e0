#ifndef WALK_POOL_H
#define WALK_POOL_H
/*
 * The worker pools.  One walk-worker binary runs in two pools, each under its
 * own spawn-fcgi socket: "participants" serves the mini-program's /api/,
 * "admin" serves /admin/api/ (configuration key pool).  nginx sends each
 * prefix to its pool, so that no admin request — above all a login's 100 ms
 * of PBKDF2 — ever waits for or holds a participant's worker.  Each pool also
 * refuses the other's routes (404): a mistaken nginx location then fails
 * loudly instead of quietly mixing the two again.
 */
#include "http.h"

/* Copies into out (room for n) the routes of all[0..n) that pool serves: the
 * ones under /admin/ for "admin", every other for "participants".  Returns
 * how many. */
size_t pool_routes(const char *pool, const struct route *all, size_t n, struct route *out);

#endif
