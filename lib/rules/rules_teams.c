/* Teams (RULES §5): size, the leader's bonus, targets and when a team meets
 * its target. */
#include "rules.h"

#include "calendar.h"

bool rules_team_has_room(const struct activity_rules *r, int member_count)
{
	return member_count < r->team_size;
}

bool rules_leader_full_team_due(const struct activity_rules *r, int member_count,
				bool leader_already_awarded)
{
	/* 「成功招募6名团员」 read as "the team is full" (RULES §5). */
	return member_count >= r->team_size && !leader_already_awarded;
}

bool rules_team_target_met(const int64_t *counted, size_t n, int64_t member_target,
			   int64_t team_target)
{
	/* 「成员与团队目标均完成后，视为达标」: both conditions, and a team of
	 * fewer than team_size members may still meet it (5 × 7200). */
	if (n == 0)
		return false;
	int64_t sum = 0;
	for (size_t i = 0; i < n; i++) {
		if (!rules_personal_target_met(counted[i], member_target))
			return false;
		sum = counted[i] > INT64_MAX - sum ? INT64_MAX : sum + counted[i];
	}
	return sum >= team_target;
}

struct rules_target_limits rules_target_limits(const struct activity_rules *r)
{
	struct rules_target_limits limits = {
		.member_min = r->member_target,
		.member_max = r->daily_cap,
		.team_min = r->team_target,
		.team_max = r->team_size * r->daily_cap,
	};
	return limits;
}

struct rules_targets rules_default_targets(const struct activity_rules *r)
{
	struct rules_targets targets = { r->member_target, r->team_target };
	return targets;
}

enum rules_targets_status rules_validate_targets(const struct activity_rules *r,
						 int64_t member_target, int64_t team_target)
{
	struct rules_target_limits limits = rules_target_limits(r);
	if (member_target < limits.member_min)
		return RULES_MEMBER_TARGET_TOO_LOW;
	if (member_target > limits.member_max)
		return RULES_MEMBER_TARGET_TOO_HIGH;
	if (team_target < limits.team_min)
		return RULES_TEAM_TARGET_TOO_LOW;
	if (team_target > limits.team_max)
		return RULES_TEAM_TARGET_TOO_HIGH;
	return RULES_TARGETS_OK;
}

int32_t rules_target_effective_from(int64_t changed_at)
{
	/* The day in progress keeps the targets its members started with. */
	int32_t today = cal_day_of(changed_at);
	return today == INT32_MAX ? INT32_MAX : today + 1;
}

struct rules_targets rules_targets_in_force(const struct activity_rules *r,
					    const struct rules_target_setting *settings, size_t n,
					    int32_t day)
{
	struct rules_targets targets = rules_default_targets(r);
	const struct rules_target_setting *best = NULL;
	for (size_t i = 0; i < n; i++) {
		const struct rules_target_setting *s = &settings[i];
		if (s->effective_from <= day && (!best || s->effective_from >= best->effective_from))
			best = s;
	}
	if (best) {
		targets.member_target = best->member_target;
		targets.team_target = best->team_target;
	}
	return targets;
}
