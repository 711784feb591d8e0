/* The worker's side of the metrics (metrics.h): its routes labelled by the
 * whole route table, so that both pools count into one file, and each answered
 * request counted once it is sent. */
#include "worker_metrics.h"

#include "log.h"
#include "metrics.h"
#include "worker.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const struct route *pool_table;
static size_t pool_count;
static size_t *full_index;   /* pool route i is walk_routes[full_index[i]] */

void worker_metrics_open(const struct walk_config *cfg, const struct route *pool, size_t npool)
{
	const char **labels = calloc(walk_route_count, sizeof *labels);   /* for the worker's life */
	full_index = calloc(npool ? npool : 1, sizeof *full_index);
	if (!labels || !full_index) {
		log_error("metrics: out of memory; requests are not counted");
		return;
	}
	for (size_t j = 0; j < walk_route_count; j++) {
		size_t n = strlen(walk_routes[j].method) + strlen(walk_routes[j].pattern) + 2;
		char *label = malloc(n);
		if (!label)
			return;
		snprintf(label, n, "%s %s", walk_routes[j].method, walk_routes[j].pattern);
		labels[j] = label;
	}
	for (size_t i = 0; i < npool; i++) {
		full_index[i] = walk_route_count;
		for (size_t j = 0; j < walk_route_count; j++)
			if (pool[i].pattern == walk_routes[j].pattern && pool[i].method == walk_routes[j].method)
				full_index[i] = j;
	}
	pool_table = pool;
	pool_count = npool;
	char err[700];
	if (metrics_http_open(cfg->run_dir, labels, walk_route_count, err, sizeof err) != 0 ||
	    metrics_wechat_open(cfg->run_dir, err, sizeof err) != 0)
		log_warn("%s; this worker is not counted", err);
}

void worker_metrics_finished(const struct request *req, const struct response *resp, int64_t micros)
{
	size_t route = walk_route_count;   /* "unmatched" */
	if (req->route && full_index && req->route >= pool_table && req->route < pool_table + pool_count)
		route = full_index[req->route - pool_table];
	metrics_http_record(route, resp->status, micros);
}
