/*
 * The dev stack's clock and nightly settlement from the browser, for the
 * participant client (/demo/), which lets a person live through days in
 * minutes.  Dev and test modes only (config_clock_shift_allowed): 404 in
 * production, like /api/dev/echo.
 *
 *   POST /api/dev/clock  {"at":"2019-07-02T20:30:00+08:00"} or {"reset":true}
 *                        → {"server_time"}   (walkctl clock set / reset)
 *   POST /api/dev/settle → {"settled":[{"activity","day"}]}   (walkctl settle:
 *                        go-live when due, then every pending day up to yesterday)
 */
#include "worker.h"

#include "calendar.h"
#include "clock.h"
#include "log.h"
#include "settle.h"

#include <stdio.h>

enum { DEV_MAX_PENDING = 400 };

static bool dev_only(struct request *req, struct response *resp)
{
	if (config_clock_shift_allowed(&worker_of(req)->cfg))
		return true;
	resp_error(resp, 404, "not_found", "请求的资源不存在", NULL);
	return false;
}

static void answer_time(struct response *resp, cJSON *o)
{
	char now[CAL_INSTANT_BUF];
	cal_format_instant(clock_now(), now, sizeof now);
	cJSON_AddStringToObject(o, "server_time", now);
	resp_json(resp, 200, o);
}

void api_dev_clock(struct request *req, struct response *resp)
{
	if (!dev_only(req, resp))
		return;
	struct worker *w = worker_of(req);
	const char *at = json_str(req, "at");
	bool reset = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(req->json, "reset"));
	int64_t target = 0;
	if (!reset && (!at || !cal_parse_instant(at, &target))) {
		worker_invalid(resp, "at", "at 须为带时区的时刻，如 2019-07-02T20:30:00+08:00");
		return;
	}
	int rc = worker_begin_write(w);
	if (rc == SQLITE_OK)
		rc = clock_store_offset(w->db, reset ? 0 : target - clock_real_now());
	if (!worker_finish_write(req, resp, rc))
		return;
	answer_time(resp, cJSON_CreateObject());
}

/* Settles one activity's pending days into list; false after answering. */
static bool settle_activity(struct request *req, struct response *resp, const struct activity *a,
                            int64_t now, cJSON *list)
{
	struct db *db = worker_of(req)->db;
	char reason[512] = "cannot list the days to settle";
	bool golive = false;
	struct settle_wiped wiped;
	int32_t days[DEV_MAX_PENDING];
	int n = 0;
	if (settle_golive_when_due(db, a, now, &golive, &wiped, reason, sizeof reason) != SETTLE_OK ||
	    settle_pending_days(db, a, now, days, DEV_MAX_PENDING, &n) != SQLITE_OK) {
		log_error("dev settle: activity %lld: %s", (long long)a->id, reason);
		resp_error(resp, 503, "unavailable", "结算失败，请稍后再试", NULL);
		return false;
	}
	for (int d = 0; d < n; d++) {
		struct settle_stats stats;
		if (settle_day(db, a, days[d], now, &stats, NULL, reason, sizeof reason) != SETTLE_OK) {
			log_warn("dev settle: activity %lld: %s", (long long)a->id, reason);
			resp_error(resp, 409, "settle_refused", "结算未进行（另一次结算正在运行，或当天不可结算）", NULL);
			return false;
		}
		char day[CAL_DAY_BUF];
		cal_format_day(days[d], day, sizeof day);
		cJSON *e = cJSON_CreateObject();
		cJSON_AddNumberToObject(e, "activity", (double)a->id);
		cJSON_AddStringToObject(e, "day", day);
		cJSON_AddItemToArray(list, e);
	}
	return true;
}

void api_dev_settle(struct request *req, struct response *resp)
{
	if (!dev_only(req, resp))
		return;
	struct worker *w = worker_of(req);
	int64_t ids[64];
	int n = 0;
	int rc = store_activity_ids(w->db, ids, 64, &n);
	if (rc != SQLITE_OK) {
		worker_db_error(req, resp, rc);
		return;
	}
	/* The settlement opens transactions of its own: the request's read
	 * snapshot ends here. */
	db_rollback(w->db);
	cJSON *o = cJSON_CreateObject(), *list = cJSON_AddArrayToObject(o, "settled");
	for (int i = 0; i < n; i++) {
		const struct activity *a;
		rc = worker_find_activity(w, ids[i], &a);
		if (rc != SQLITE_OK) {
			cJSON_Delete(o);
			worker_db_error(req, resp, rc);
			return;
		}
		if (!settle_activity(req, resp, a, clock_now(), list)) {
			cJSON_Delete(o);
			return;
		}
	}
	answer_time(resp, o);
}
