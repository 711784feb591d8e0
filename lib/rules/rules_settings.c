#include "rules_settings.h"

#include "calendar.h"
#include "rules.h"

#include <string.h>

#define DAY_S 86400

/* Ranges: the plan's numbers sit well inside them; the bounds keep every rule
 * meaningful (a cap above the WeRun sanity bound, a team of one, a point per
 * step would each break a rule or a display). */
static const struct setting_field fields[] = {
	{ "name", SETTING_TEXT, 1, 64, SETTING_ALWAYS, "活动名称" },
	{ "remind_at_s", SETTING_INT, 0, DAY_S - 1, SETTING_ALWAYS, "提醒时间（当天秒数）" },
	{ "enroll_opens_at", SETTING_INSTANT, 0, 0, SETTING_BEFORE_START, "报名开始" },
	{ "test_from", SETTING_DAY, 0, 0, SETTING_BEFORE_START, "公测开始日" },
	{ "test_to", SETTING_DAY, 0, 0, SETTING_BEFORE_START, "公测结束日" },
	{ "first_day", SETTING_DAY, 0, 0, SETTING_BEFORE_START, "活动首日" },
	{ "last_day", SETTING_DAY, 0, 0, SETTING_BEFORE_START, "活动末日" },
	{ "settle_window_start_s", SETTING_INT, 0, DAY_S - 1, SETTING_BEFORE_START, "结束计步时段开始（秒）" },
	{ "settle_window_end_s", SETTING_INT, 1, DAY_S, SETTING_BEFORE_START, "结束计步时段结束（秒）" },
	{ "board_freeze_at", SETTING_INSTANT, 0, 0, SETTING_UNTIL_REACHED, "最终榜单时刻" },
	{ "redeem_deadline", SETTING_INSTANT, 0, 0, SETTING_UNTIL_REACHED, "兑换截止" },
	{ "daily_cap", SETTING_INT, 1000, 100000, SETTING_BEFORE_START, "每日步数上限" },
	{ "steps_per_point", SETTING_INT, 100, 100000, SETTING_BEFORE_START, "每积分步数" },
	{ "max_step_points", SETTING_INT, 0, 100, SETTING_BEFORE_START, "每日步数积分上限" },
	{ "checkin_points", SETTING_INT, 0, 100, SETTING_BEFORE_START, "签到积分" },
	{ "personal_target_points", SETTING_INT, 0, 100, SETTING_BEFORE_START, "个人达标积分" },
	{ "team_target_points", SETTING_INT, 0, 100, SETTING_BEFORE_START, "团队达标积分" },
	{ "essay_points", SETTING_INT, 0, 100, SETTING_BEFORE_START, "感想积分" },
	{ "leader_bonus_points", SETTING_INT, 0, 1000, SETTING_BEFORE_START, "团长满员奖励积分" },
	{ "points_per_draw", SETTING_INT, 1, 10000, SETTING_BEFORE_START, "每次抽红包积分" },
	{ "team_size", SETTING_INT, 2, 20, SETTING_BEFORE_START, "团队人数" },
	{ "member_target", SETTING_INT, 1000, 100000, SETTING_BEFORE_START, "个人目标步数" },
	{ "team_target", SETTING_INT, 2000, 2000000, SETTING_BEFORE_START, "团队目标步数" },
	{ "sync_max_skew_s", SETTING_INT, 60, 3600, SETTING_BEFORE_START, "同步时间误差（秒）" },
	{ "quiz_retry_s", SETTING_INT, 0, 3600, SETTING_BEFORE_START, "答题重试间隔（秒）" },
	{ "essay_min_chars", SETTING_INT, 1, 2000, SETTING_BEFORE_START, "感想最少字数" },
	{ "essay_max_chars", SETTING_INT, 20, 10000, SETTING_BEFORE_START, "感想最多字数" },
	{ "team_prizes_first", SETTING_INT, 0, 1000, SETTING_BEFORE_START, "一等奖团队数" },
	{ "team_prizes_second", SETTING_INT, 0, 1000, SETTING_BEFORE_START, "二等奖团队数" },
	{ "team_prizes_third", SETTING_INT, 0, 1000, SETTING_BEFORE_START, "三等奖团队数" },
};

const struct setting_field *rules_setting_fields(size_t *n)
{
	*n = sizeof fields / sizeof fields[0];
	return fields;
}

const struct setting_field *rules_setting_find(const char *name)
{
	for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++)
		if (strcmp(fields[i].name, name) == 0)
			return &fields[i];
	return NULL;
}

bool rules_setting_editable(const struct setting_field *f, bool started, int64_t now, int64_t old_value,
                            int64_t new_value)
{
	if (!started || f->lock == SETTING_ALWAYS)
		return true;
	if (f->lock == SETTING_UNTIL_REACHED)
		return old_value > now && new_value > now;
	return false;
}

/* rules_check()'s names that are not the column's. */
static const char *column_of(const char *bad)
{
	static const char *const renamed[][2] = {
		{ "sync_max_skew", "sync_max_skew_s" },
		{ "settle_window_start", "settle_window_start_s" },
		{ "settle_window_end", "settle_window_end_s" },
		{ "quiz_retry_seconds", "quiz_retry_s" },
		{ "total_days", "last_day" },   /* total_days follows last_day */
	};
	for (size_t i = 0; i < sizeof renamed / sizeof renamed[0]; i++)
		if (strcmp(bad, renamed[i][0]) == 0)
			return renamed[i][1];
	return bad;
}

const char *rules_settings_check(const struct activity_rules *r)
{
	const char *bad = rules_check(r);
	if (bad)
		return column_of(bad);
	int64_t first = cal_day_start(r->first_day), end = cal_day_start(r->last_day + 1);
	if (r->enroll_opens > first)
		return "enroll_opens_at";
	if (r->board_freeze_at <= first || r->board_freeze_at > end)
		return "board_freeze_at";
	if (r->redeem_deadline <= first || r->redeem_deadline > end)
		return "redeem_deadline";
	return NULL;
}
