#ifndef WALK_METRICS_H
#define WALK_METRICS_H
/*
 * What the server counts for GET /metrics (Prometheus' text format 0.0.4),
 * shared by every process through files under run_dir (metrics_shm.h):
 *
 *   metrics-http.shm     requests by route and status, latency histograms
 *                        (the workers of both pools)
 *   metrics-wechat.shm   calls to WeChat and WeChat Pay by API and outcome
 *                        (the workers and walkctl)
 *
 * Each process opens what it counts once at start; a file that cannot be
 * opened is logged and leaves that process uncounted, never stopped.
 */
#include "buf.h"

#include <stddef.h>
#include <stdint.h>

/* ------------------------------------------------------------- HTTP */

/* labels[i] names route i ("GET /api/health") for the life of the process;
 * the same table in every process that shares run_dir (the fingerprint of the
 * file is made from it).  Returns 0 or -1 with a reason in err. */
int metrics_http_open(const char *run_dir, const char *const *labels, size_t nroutes, char *err, size_t errlen);
/* One answered request: route is an index into the labels, or nroutes (or
 * more) for a path no route matched. */
void metrics_http_record(size_t route, int status, int64_t micros);
/* Appends walk_http_requests_total and walk_http_request_duration_seconds. */
void metrics_http_render(struct buf *out);

/* ------------------------------------------------------------- WeChat */

enum metrics_wx_outcome {
	MX_OK,           /* HTTP 200 within the limits (WeChat's errcode is the caller's to read) */
	MX_HTTP_ERROR,   /* another HTTP status */
	MX_TIMEOUT,      /* no answer within the call's time */
	MX_TRANSPORT,    /* connection refused, reset, too large an answer … */
	MX_OUTCOMES
};

int metrics_wechat_open(const char *run_dir, char *err, size_t errlen);
/* api is the call's name as the client logs it ("jscode2session", "token",
 * "msg_sec_check", "getwxacodeunlimit", "subscribe_send", …); a name not in
 * the table (metrics_wechat.c) is counted as "other". */
void metrics_wechat_record(const char *api, enum metrics_wx_outcome outcome);
void metrics_wechat_render(struct buf *out);

/* ------------------------------------------------------------- text format */

/* "# HELP name help\n# TYPE name type\n". */
void metrics_family(struct buf *out, const char *name, const char *type, const char *help);
/* A label value with \, " and newlines escaped, as the format asks. */
void metrics_label_value(struct buf *out, const char *value);

#endif
