#ifndef WALK_WORKER_METRICS_H
#define WALK_WORKER_METRICS_H
/* The worker's counters for GET /metrics (lib/base/metrics.h). */
#include "config.h"
#include "http.h"

#include <stdint.h>

/* Opens the shared counters under cfg->run_dir for the routes of this
 * worker's pool (pool[0..npool), copies of walk_routes' rows).  A failure is
 * logged: the worker serves on, uncounted. */
void worker_metrics_open(const struct walk_config *cfg, const struct route *pool, size_t npool);
/* The app's finished hook: counts one answered request. */
void worker_metrics_finished(const struct request *req, const struct response *resp, int64_t micros);

#endif
