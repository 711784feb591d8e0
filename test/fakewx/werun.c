/* POST /fake/werun: the fake plays wx.getWeRunData for a test user (API.md,
 * "Dev stack and fake WeChat"; WECHAT.md §2 and §7).  A test control like the
 * rest of /fake/..., so it is not recorded in the call log. */
#include "fakewx.h"

#include "calendar.h"
#include "clock.h"
#include "werun.h"

#include <string.h>

/* WeChat's list: the 30 days before today and today, oldest first. */
enum { WERUN_DAYS = 31 };

/* Integers a test may send: whole JSON numbers that a double holds exactly. */
#define EXACT_MAX 9007199254740992.0   /* 2^53 */

/* Whether item is a whole JSON number in [lo, hi] (bounds within ±2^53). */
static bool json_whole(const cJSON *item, double lo, double hi, int64_t *v)
{
	if (!cJSON_IsNumber(item))
		return false;
	double d = item->valuedouble;
	if (!(d >= lo && d <= hi) || d != (double)(int64_t)d)
		return false;
	*v = (int64_t)d;
	return true;
}

/* Sets the steps of the body's "steps" list on the WERUN_DAYS entries of d,
 * whose first day is first_day.  Returns NULL, or what is wrong (in the arena)
 * with the list: not an array, an item that is not {"day":"YYYY-MM-DD","step":N}
 * with N a whole number >= 0, a day outside the list, a day given twice. */
static const char *apply_steps(struct request *req, const cJSON *steps, int32_t first_day,
                               struct werun_data *d)
{
	bool given[WERUN_DAYS] = { false };
	const cJSON *item;
	int i = 0;
	char first[CAL_DAY_BUF], last[CAL_DAY_BUF];
	if (!cJSON_IsArray(steps))
		return "steps must be an array of {day, step}";
	cJSON_ArrayForEach(item, steps) {
		const char *day_text = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(item, "day"));
		int32_t day = 0;
		int64_t step = 0;
		if (!cal_parse_day(day_text, &day))
			return arena_printf(req->arena, "steps[%d].day must be a date YYYY-MM-DD", i);
		if (!json_whole(cJSON_GetObjectItemCaseSensitive(item, "step"), 0, EXACT_MAX, &step))
			return arena_printf(req->arena, "steps[%d].step must be a whole number >= 0", i);
		if (day < first_day || day >= first_day + WERUN_DAYS) {
			cal_format_day(first_day, first, sizeof first);
			cal_format_day(first_day + WERUN_DAYS - 1, last, sizeof last);
			return arena_printf(req->arena, "steps[%d].day %s is not in %s..%s (server clock)",
			                    i, day_text, first, last);
		}
		/* Two steps for one day are a test's mistake, not something to pick from. */
		if (given[day - first_day])
			return arena_printf(req->arena, "steps[%d].day %s is given twice", i, day_text);
		given[day - first_day] = true;
		d->entries[day - first_day].step = step;
		i++;
	}
	return NULL;
}

void fake_werun(struct request *req, struct response *resp)
{
	struct fakewx *fx = fake_of(req);
	const char *openid = fake_json_str(req, "openid");
	const char *key = openid ? fake_session_key_of(req, openid) : NULL;
	if (!key) {
		resp_error(resp, 404, "not_found", "no such fake user", "openid");
		return;
	}

	int64_t now = clock_now();
	int32_t today = cal_day_of(now), first_day = today - (WERUN_DAYS - 1);
	struct werun_data d;
	memset(&d, 0, sizeof d);
	d.n = WERUN_DAYS;
	for (int i = 0; i < WERUN_DAYS; i++)
		d.entries[i].timestamp = cal_day_start(first_day + i);
	const char *wrong = apply_steps(req, cJSON_GetObjectItemCaseSensitive(req->json, "steps"),
	                                first_day, &d);
	if (wrong) {
		resp_error(resp, 400, "validation_failed", wrong, "steps");
		return;
	}

	const cJSON *ts = cJSON_GetObjectItemCaseSensitive(req->json, "watermark_ts");
	d.watermark_ts = now;
	if (ts && !json_whole(ts, -EXACT_MAX, EXACT_MAX, &d.watermark_ts)) {
		resp_error(resp, 400, "validation_failed", "watermark_ts must be a whole number (Unix seconds)",
		           "watermark_ts");
		return;
	}
	/* An explicit appid may be anything a test wants to see refused, "" included
	 * (the payload then has none); only its length is bounded by the payload's. */
	const cJSON *appid = cJSON_GetObjectItemCaseSensitive(req->json, "appid");
	const char *appid_text = appid ? cJSON_GetStringValue(appid) : fx->cfg.appid;
	if (!appid_text || strlen(appid_text) > WERUN_APPID_MAX) {
		resp_error(resp, 400, "validation_failed",
		           arena_printf(req->arena, "appid must be a string of at most %d bytes",
		                        WERUN_APPID_MAX), "appid");
		return;
	}
	strcpy(d.appid, appid_text);

	struct buf encrypted = { 0 };
	char iv[25];
	if (werun_encrypt(key, &d, &encrypted, iv) != 0) {
		buf_free(&encrypted);
		resp_error(resp, 500, "internal_error", "the stored session key is not base64 of 16 bytes",
		           NULL);
		return;
	}
	cJSON *root = cJSON_CreateObject();
	cJSON_AddStringToObject(root, "encryptedData", buf_str(&encrypted));
	cJSON_AddStringToObject(root, "iv", iv);
	buf_free(&encrypted);
	resp_json(resp, 200, root);
}
