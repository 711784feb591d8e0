/* Steps (RULES §2): what a WeRun sync contributes, and which steps count. */
#include "rules.h"

#include "calendar.h"

#include <string.h>

/* |a - b| without the signed overflow a plain subtraction could hit. */
static uint64_t distance(int64_t a, int64_t b)
{
	return a >= b ? (uint64_t)a - (uint64_t)b : (uint64_t)b - (uint64_t)a;
}

enum rules_sync_status rules_check_watermark(const struct activity_rules *r, const char *our_appid,
					     const char *watermark_appid, int64_t watermark_ts,
					     int64_t now)
{
	if (!our_appid || !watermark_appid || strcmp(our_appid, watermark_appid) != 0)
		return RULES_SYNC_WRONG_APP;
	/* An old payload replayed later would otherwise settle a later day. */
	if (distance(watermark_ts, now) > (uint64_t)r->sync_max_skew)
		return RULES_SYNC_STALE;
	return RULES_SYNC_OK;
}

int64_t rules_sanitize_raw_steps(int64_t raw)
{
	if (raw < 0)
		return 0;
	return raw > RULES_RAW_STEPS_MAX ? RULES_RAW_STEPS_MAX : raw;
}

enum rules_sync_status rules_pick_today_steps(const struct rules_step_entry *entries, size_t n,
					      int64_t now, int64_t *raw)
{
	/* Only today's own entry: a day counts only if synced on that day. */
	int64_t today_start = cal_day_start(cal_day_of(now));
	bool found = false;
	int64_t best = 0;
	for (size_t i = 0; i < n; i++) {
		if (entries[i].timestamp != today_start)
			continue;
		int64_t steps = rules_sanitize_raw_steps(entries[i].step);
		if (!found || steps > best)
			best = steps;
		found = true;
	}
	if (!found)
		return RULES_SYNC_NO_ENTRY_TODAY;
	*raw = best;
	return RULES_SYNC_OK;
}

enum rules_sync_status rules_read_sync(const struct activity_rules *r, const char *our_appid,
				       const char *watermark_appid, int64_t watermark_ts,
				       const struct rules_step_entry *entries, size_t n, int64_t now,
				       struct rules_sync_reading *out)
{
	int64_t raw;
	enum rules_sync_status status =
		rules_check_watermark(r, our_appid, watermark_appid, watermark_ts, now);
	if (status == RULES_SYNC_OK)
		status = rules_pick_today_steps(entries, n, now, &raw);
	if (status != RULES_SYNC_OK)
		return status;
	out->day = cal_day_of(now);
	out->raw_steps = raw;
	out->displayed = rules_displayed_steps(r, raw);
	out->settles = rules_sync_settles(r, out->day, now);
	out->provisional = rules_steps_provisional(r, now);
	return RULES_SYNC_OK;
}

bool rules_sync_settles(const struct activity_rules *r, int32_t day, int64_t sync_at)
{
	return cal_day_of(sync_at) == day && rules_in_settle_window(r, sync_at);
}

bool rules_steps_provisional(const struct activity_rules *r, int64_t now)
{
	return cal_seconds_of_day(now) < r->settle_window_start;
}

int64_t rules_displayed_steps(const struct activity_rules *r, int64_t raw_steps)
{
	/* 「当日步数超出1万步的部分，不计入竞赛成绩，亦不予显示」 */
	int64_t steps = rules_sanitize_raw_steps(raw_steps);
	return steps < r->daily_cap ? steps : r->daily_cap;
}

int64_t rules_counted_steps(const struct activity_rules *r, int32_t day, int64_t raw_steps,
			    bool settled)
{
	if (!settled || !rules_is_scoring_day(r, day))
		return 0;
	return rules_displayed_steps(r, raw_steps);
}
