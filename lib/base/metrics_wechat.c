/* Calls to WeChat and WeChat Pay by API and outcome, in metrics-wechat.shm. */
#include "metrics.h"

#include "metrics_shm.h"

#include <stdio.h>
#include <string.h>

/* The calls' names as their clients log them (lib/wx).  A new API is one more
 * name here; until then it is counted as "other". */
static const char *const apis[] = {
	"jscode2session", "token", "msg_sec_check", "getwxacodeunlimit", "subscribe_send",
	"media_check_async", "pay_transfer", "pay_query", "pay_cancel", "other",
};
enum { NAPIS = sizeof apis / sizeof apis[0] };

static const char *const outcome_names[MX_OUTCOMES] = { "ok", "http_error", "timeout", "transport" };

static struct metrics_shm shm;

int metrics_wechat_open(const char *run_dir, char *err, size_t errlen)
{
	uint64_t fp = metrics_fnv(METRICS_FNV_START, "wechat/1");
	for (size_t i = 0; i < NAPIS; i++)
		fp = metrics_fnv(fp, apis[i]);
	char path[600];
	snprintf(path, sizeof path, "%s/metrics-wechat.shm", run_dir);
	return metrics_shm_open(&shm, path, fp, NAPIS * MX_OUTCOMES, err, errlen);
}

void metrics_wechat_record(const char *api, enum metrics_wx_outcome outcome)
{
	size_t a = 0;
	while (a < NAPIS - 1 && strcmp(apis[a], api) != 0)
		a++;
	if ((unsigned)outcome < MX_OUTCOMES)
		metrics_shm_add(&shm, a * MX_OUTCOMES + (size_t)outcome, 1);
}

void metrics_wechat_render(struct buf *out)
{
	metrics_family(out, "walk_wechat_calls_total", "counter",
	               "Calls to WeChat and WeChat Pay, by API and outcome (ok: HTTP 200; the errcode is counted by its caller's log).");
	for (size_t a = 0; a < NAPIS; a++)
		for (size_t o = 0; o < MX_OUTCOMES; o++)
			buf_printf(out, "walk_wechat_calls_total{api=\"%s\",outcome=\"%s\"} %llu\n", apis[a], outcome_names[o],
			           (unsigned long long)metrics_shm_get(&shm, a * MX_OUTCOMES + o));
}
