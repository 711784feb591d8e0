/* Check-in and points (RULES §3, §4): the ledger's kinds and natural keys,
 * and what each kind awards. */
#include "rules.h"

#include "calendar.h"

#include <string.h>

static const char *const ledger_kind_names[RULES_LEDGER_KIND_COUNT] = {
	[RULES_LEDGER_CHECKIN] = "checkin",
	[RULES_LEDGER_STEPS] = "steps",
	[RULES_LEDGER_PERSONAL_TARGET] = "personal_target",
	[RULES_LEDGER_TEAM_TARGET] = "team_target",
	[RULES_LEDGER_ESSAY] = "essay",
	[RULES_LEDGER_LEADER_FULL_TEAM] = "leader_full_team",
	[RULES_LEDGER_REDEEM] = "redeem",
	[RULES_LEDGER_ADJUST] = "adjust",
};

const char *rules_ledger_kind_name(enum rules_ledger_kind kind)
{
	if ((int)kind < 0 || kind >= RULES_LEDGER_KIND_COUNT)
		return NULL;
	return ledger_kind_names[kind];
}

bool rules_ledger_kind_parse(const char *name, enum rules_ledger_kind *kind)
{
	if (!name)
		return false;
	for (int k = 0; k < RULES_LEDGER_KIND_COUNT; k++) {
		if (strcmp(name, ledger_kind_names[k]) == 0) {
			*kind = (enum rules_ledger_kind)k;
			return true;
		}
	}
	return false;
}

/* Decimal of v and a NUL into buf (size >= RULES_REF_BUF). */
static void put_decimal(int64_t v, char *buf)
{
	char digits[20];
	int n = 0;
	/* Work on the negative side: -INT64_MIN does not exist. */
	int64_t x = v < 0 ? v : -v;
	do {
		digits[n++] = (char)('0' - x % 10);
		x /= 10;
	} while (x != 0);
	char *out = buf;
	if (v < 0)
		*out++ = '-';
	while (n > 0)
		*out++ = digits[--n];
	*out = '\0';
}

bool rules_ledger_ref(enum rules_ledger_kind kind, int64_t value, char *buf, size_t size)
{
	bool ok = false;
	switch (kind) {
	case RULES_LEDGER_CHECKIN:
	case RULES_LEDGER_STEPS:
	case RULES_LEDGER_PERSONAL_TARGET:
	case RULES_LEDGER_TEAM_TARGET:
		/* One award per day: the day is the key. */
		ok = value >= INT32_MIN && value <= INT32_MAX &&
		     cal_format_day((int32_t)value, buf, size);
		break;
	case RULES_LEDGER_ESSAY:
	case RULES_LEDGER_LEADER_FULL_TEAM:
	case RULES_LEDGER_REDEEM:
	case RULES_LEDGER_ADJUST:
		ok = size >= RULES_REF_BUF;
		if (ok)
			put_decimal(value, buf);
		break;
	case RULES_LEDGER_KIND_COUNT:
		break;
	}
	if (!ok && size > 0)
		buf[0] = '\0';
	return ok;
}

int64_t rules_checkin_points(const struct activity_rules *r)
{
	return r->points_checkin;
}

int64_t rules_step_points(const struct activity_rules *r, int64_t counted)
{
	if (counted <= 0)
		return 0;
	int64_t points = counted / r->steps_per_point;
	return points < r->max_step_points ? points : r->max_step_points;
}

bool rules_personal_target_met(int64_t counted, int64_t member_target)
{
	/* A target below one step would let a day without steps meet it. */
	return counted >= (member_target > 1 ? member_target : 1);
}

int64_t rules_personal_target_points(const struct activity_rules *r, int64_t counted,
				     int64_t member_target)
{
	return rules_personal_target_met(counted, member_target) ? r->points_personal_target : 0;
}

int64_t rules_team_target_points(const struct activity_rules *r, bool team_met)
{
	return team_met ? r->points_team_target : 0;
}

int64_t rules_essay_points(const struct activity_rules *r)
{
	return r->points_essay;
}

void rules_settle_user_day(const struct activity_rules *r, int32_t day, int64_t raw_steps,
			   bool settled, int64_t member_target, bool team_met,
			   struct rules_day_award *out)
{
	memset(out, 0, sizeof *out);
	if (!rules_is_scoring_day(r, day))
		return;
	out->counted = rules_counted_steps(r, day, raw_steps, settled);
	out->steps = rules_step_points(r, out->counted);
	out->personal_target = rules_personal_target_points(r, out->counted, member_target);
	out->team_target = rules_team_target_points(r, team_met);
}

bool rules_can_spend(int64_t balance, int64_t amount)
{
	return amount >= 0 && balance >= amount;
}
