/* Requests by route and status, and their latency, in metrics-http.shm. */
#include "metrics.h"

#include "metrics_shm.h"

#include <stdio.h>

/* The statuses the API answers (API.md), each counted apart; any other is
 * "other". */
static const int statuses[] = { 200, 201, 204, 302, 304, 400, 401, 403, 404, 405, 409,
                                410, 413, 415, 422, 429, 500, 502, 503, 504 };
enum { NSTATUS = sizeof statuses / sizeof statuses[0] + 1 };

/* Histogram bounds in microseconds (le, in seconds, when rendered): from what
 * a cached read takes to the WeChat calls' timeouts.  The last bucket is +Inf. */
static const int64_t bounds_us[] = { 1000, 2500, 5000, 10000, 25000, 50000, 100000,
                                     250000, 500000, 1000000, 2500000, 5000000 };
enum { NBOUNDS = sizeof bounds_us / sizeof bounds_us[0], NBUCKETS = NBOUNDS + 1 };

/* Per route: a counter per status, a counter per bucket (not cumulative:
 * one add per request), the sum of the microseconds. */
enum { PER_ROUTE = NSTATUS + NBUCKETS + 1, SUM_SLOT = NSTATUS + NBUCKETS };

static struct metrics_shm shm;
static const char *const *route_labels;
static size_t route_count;   /* labels; one more slot for "unmatched" */

static size_t status_slot(int status)
{
	for (size_t i = 0; i < NSTATUS - 1; i++)
		if (statuses[i] == status)
			return i;
	return NSTATUS - 1;
}

static size_t bucket_slot(int64_t micros)
{
	size_t i = 0;
	while (i < NBOUNDS && micros > bounds_us[i])
		i++;
	return i;
}

int metrics_http_open(const char *run_dir, const char *const *labels, size_t nroutes, char *err, size_t errlen)
{
	route_labels = labels;
	route_count = nroutes;
	uint64_t fp = metrics_fnv(METRICS_FNV_START, "http/1");
	for (size_t i = 0; i < nroutes; i++)
		fp = metrics_fnv(fp, labels[i]);
	char path[600];
	snprintf(path, sizeof path, "%s/metrics-http.shm", run_dir);
	return metrics_shm_open(&shm, path, fp, (nroutes + 1) * PER_ROUTE, err, errlen);
}

void metrics_http_record(size_t route, int status, int64_t micros)
{
	if (route > route_count)
		route = route_count;
	size_t base = route * PER_ROUTE;
	metrics_shm_add(&shm, base + status_slot(status), 1);
	metrics_shm_add(&shm, base + NSTATUS + bucket_slot(micros), 1);
	metrics_shm_add(&shm, base + SUM_SLOT, micros > 0 ? (uint64_t)micros : 0);
}

static const char *label_of(size_t route)
{
	return route < route_count ? route_labels[route] : "unmatched";
}

static void route_label(struct buf *out, size_t route)
{
	buf_printf(out, "route=\"");
	metrics_label_value(out, label_of(route));
	buf_printf(out, "\"");
}

void metrics_http_render(struct buf *out)
{
	metrics_family(out, "walk_http_requests_total", "counter", "Requests answered by the workers, by route and status.");
	for (size_t r = 0; r <= route_count; r++)
		for (size_t s = 0; s < NSTATUS; s++) {
			uint64_t v = metrics_shm_get(&shm, r * PER_ROUTE + s);
			if (!v)
				continue;
			buf_printf(out, "walk_http_requests_total{");
			route_label(out, r);
			if (s < NSTATUS - 1)
				buf_printf(out, ",status=\"%d\"} %llu\n", statuses[s], (unsigned long long)v);
			else
				buf_printf(out, ",status=\"other\"} %llu\n", (unsigned long long)v);
		}
	metrics_family(out, "walk_http_request_duration_seconds", "histogram",
	               "Time from accepting a request to its last byte, by route.");
	for (size_t r = 0; r <= route_count; r++) {
		uint64_t counts[NBUCKETS], total = 0;
		for (size_t b = 0; b < NBUCKETS; b++)
			total += counts[b] = metrics_shm_get(&shm, r * PER_ROUTE + NSTATUS + b);
		if (!total)
			continue;
		uint64_t cumulative = 0;
		for (size_t b = 0; b < NBUCKETS; b++) {
			cumulative += counts[b];
			buf_printf(out, "walk_http_request_duration_seconds_bucket{");
			route_label(out, r);
			if (b < NBOUNDS)
				buf_printf(out, ",le=\"%g\"} %llu\n", (double)bounds_us[b] / 1e6, (unsigned long long)cumulative);
			else
				buf_printf(out, ",le=\"+Inf\"} %llu\n", (unsigned long long)cumulative);
		}
		buf_printf(out, "walk_http_request_duration_seconds_sum{");
		route_label(out, r);
		buf_printf(out, "} %.6f\n", (double)metrics_shm_get(&shm, r * PER_ROUTE + SUM_SLOT) / 1e6);
		buf_printf(out, "walk_http_request_duration_seconds_count{");
		route_label(out, r);
		buf_printf(out, "} %llu\n", (unsigned long long)cumulative);
	}
}
