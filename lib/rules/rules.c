/* The configuration of an activity: the plan's defaults, the consistency
 * check of a loaded configuration, and the default route (RULES §1, §7). */
#include "rules.h"

#include "calendar.h"

#include <string.h>

/* RULES §7, in route order: checkpoint, stage steps, cumulative, landmark. */
static const struct rules_checkpoint default_route[] = {
	{ 1, "西安", 30000, 30000, "大雁塔" },
	{ 2, "咸阳", 40000, 70000, "咸阳博物院" },
	{ 3, "杨凌", 50000, 120000, "杨凌农业博览园" },
	{ 4, "宝鸡", 60000, 180000, "宝鸡青铜器博物院" },
	{ 5, "汉中", 70000, 250000, "古汉台" },
	{ 6, "安康", 70000, 320000, "瀛湖" },
	{ 7, "商洛", 60000, 380000, "金丝峡" },
	{ 8, "渭南", 60000, 440000, "华山" },
	{ 9, "韩城", 50000, 490000, "司马迁祠" },
	{ 10, "铜川", 50000, 540000, "药王山" },
	{ 11, "延安", 60000, 600000, "宝塔山" },
	{ 12, "榆林", 70000, 670000, "镇北台" },
	{ 13, "陕西省总工会", 30000, 700000, "陕西省总工会" },
};

#define DEFAULT_ROUTE_LENGTH ((int)(sizeof default_route / sizeof default_route[0]))

const struct rules_checkpoint *rules_default_route(int *count)
{
	if (count)
		*count = DEFAULT_ROUTE_LENGTH;
	return default_route;
}

static int32_t date(int32_t year, int month, int mday)
{
	return cal_days_from_civil(year, month, mday);
}

void rules_defaults(struct activity_rules *r)
{
	static const int64_t tier_fen[RULES_DRAW_TIERS] = { 30, 50, 100, 300, 500, 1000, 2000, 5000 };

	memset(r, 0, sizeof *r);
	r->enroll_opens = cal_day_start(date(2019, 6, 18));
	r->test_from = date(2019, 6, 18);
	r->test_to = date(2019, 6, 30);
	r->first_day = date(2019, 7, 1);
	r->last_day = date(2019, 10, 8);
	r->total_days = r->last_day - r->first_day + 1;   /* 100 */
	r->settle_window_start = 20 * 3600;
	r->settle_window_end = 24 * 3600;
	/* 「最终排名以10月8日0点的榜单为准」, 「截止时间为10月8日0点」 */
	r->board_freeze_at = cal_day_start(date(2019, 10, 8));
	r->redeem_deadline = cal_day_start(date(2019, 10, 8));

	r->daily_cap = 10000;
	r->sync_max_skew = 600;

	r->steps_per_point = 2000;
	r->max_step_points = 5;
	r->points_checkin = 1;
	r->points_personal_target = 1;
	r->points_team_target = 2;
	r->points_essay = 2;
	r->points_leader_full_team = 20;

	r->team_size = 6;
	r->member_target = 6000;
	r->team_target = 36000;

	r->team_prizes[0] = 3;
	r->team_prizes[1] = 10;
	r->team_prizes[2] = 20;

	r->checkpoint_count = DEFAULT_ROUTE_LENGTH;
	for (int i = 0; i < DEFAULT_ROUTE_LENGTH; i++)
		r->checkpoint_threshold[i] = default_route[i].cumulative;
	r->quiz_retry_seconds = 3;
	r->essay_min_chars = 20;
	r->essay_max_chars = 2000;
	r->photo_max_bytes = 5 * 1024 * 1024;
	r->photo_max_px = 4096;

	r->points_per_draw = 20;
	memcpy(r->draw_tier_fen, tier_fen, sizeof tier_fen);
	r->daily_release = 0;
}

static const char *check_time(const struct activity_rules *r)
{
	if (r->first_day > r->last_day)
		return "last_day";
	if ((int64_t)r->last_day - r->first_day + 1 != r->total_days)
		return "total_days";
	if (r->total_days > RULES_MAX_TOTAL_DAYS)
		return "total_days";
	if (r->test_from <= r->test_to && r->test_to >= r->first_day)
		return "test_to";
	if (r->settle_window_start < 0 || r->settle_window_start >= r->settle_window_end)
		return "settle_window_start";
	if (r->settle_window_end > CAL_SECONDS_PER_DAY)
		return "settle_window_end";
	return NULL;
}

static const char *check_points_and_teams(const struct activity_rules *r)
{
	if (r->daily_cap <= 0 || r->daily_cap > RULES_RAW_STEPS_MAX)
		return "daily_cap";
	if (r->sync_max_skew < 0)
		return "sync_max_skew";
	if (r->steps_per_point <= 0)
		return "steps_per_point";
	if (r->max_step_points < 0)
		return "max_step_points";
	if (r->points_checkin < 0 || r->points_personal_target < 0 || r->points_team_target < 0 ||
	    r->points_essay < 0 || r->points_leader_full_team < 0)
		return "points";
	if (r->team_size < 1 || r->team_size > RULES_MAX_TEAM_SIZE)
		return "team_size";
	if (r->member_target < 1 || r->member_target > r->daily_cap)
		return "member_target";
	if (r->team_target < r->member_target || r->team_target > r->team_size * r->daily_cap)
		return "team_target";
	for (int i = 0; i < 3; i++)
		if (r->team_prizes[i] < 0)
			return "team_prizes";
	return NULL;
}

static const char *check_route_and_draws(const struct activity_rules *r)
{
	if (r->checkpoint_count < 1 || r->checkpoint_count > RULES_MAX_CHECKPOINTS)
		return "checkpoint_count";
	for (int i = 0; i < r->checkpoint_count; i++)
		if (r->checkpoint_threshold[i] <= (i > 0 ? r->checkpoint_threshold[i - 1] : 0))
			return "checkpoint_threshold";
	if (r->quiz_retry_seconds < 0)
		return "quiz_retry_seconds";
	if (r->essay_min_chars < 0 || r->essay_min_chars > r->essay_max_chars)
		return "essay_min_chars";
	if (r->photo_max_bytes <= 0 || r->photo_max_px <= 0)
		return "photo_max";
	if (r->points_per_draw <= 0)
		return "points_per_draw";
	for (int i = 0; i < RULES_DRAW_TIERS; i++)
		if (r->draw_tier_fen[i] <= 0)
			return "draw_tier_fen";
	if (r->daily_release < 0)
		return "daily_release";
	return NULL;
}

const char *rules_check(const struct activity_rules *r)
{
	const char *bad = check_time(r);
	if (!bad)
		bad = check_points_and_teams(r);
	if (!bad)
		bad = check_route_and_draws(r);
	return bad;
}
