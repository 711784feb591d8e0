/* Red envelopes and badges (RULES §8). */
#include "rules.h"

#include <limits.h>

bool rules_can_afford_draw(const struct activity_rules *r, int64_t balance)
{
	return rules_can_spend(balance, r->points_per_draw);
}

/* floor(x * n / 2^64): maps a uniform 64-bit value onto [0, n) without the
 * bias of x % n.  The 128-bit product comes from four 32-bit products so that
 * the code stays ISO C. */
static uint64_t scale_random(uint64_t x, uint64_t n)
{
	uint64_t x_lo = x & 0xffffffffu, x_hi = x >> 32;
	uint64_t n_lo = n & 0xffffffffu, n_hi = n >> 32;
	uint64_t lo_lo = x_lo * n_lo, hi_lo = x_hi * n_lo, lo_hi = x_lo * n_hi, hi_hi = x_hi * n_hi;
	uint64_t middle = (lo_lo >> 32) + (hi_lo & 0xffffffffu) + (lo_hi & 0xffffffffu);
	return hi_hi + (hi_lo >> 32) + (lo_hi >> 32) + (middle >> 32);
}

enum rules_draw_status rules_draw_tier(const struct activity_rules *r,
				       const int64_t remaining[RULES_DRAW_TIERS], int64_t drawn_today,
				       uint64_t random, int *tier)
{
	uint64_t total = 0;
	for (int i = 0; i < RULES_DRAW_TIERS; i++) {
		if (remaining[i] < 0 || (uint64_t)remaining[i] > UINT64_MAX - total)
			return RULES_DRAW_BAD_POOL;
		total += (uint64_t)remaining[i];
	}
	if (total == 0)
		return RULES_DRAW_POOL_EMPTY;
	if (r->daily_release > 0 && drawn_today >= r->daily_release)
		return RULES_DRAW_DAILY_LIMIT;
	/* Weighted by what is left, so the pool goes out in its configured
	 * proportions and a tier that is used up can never be drawn. */
	uint64_t pick = scale_random(random, total), upto = 0;
	int i = 0;
	for (; i < RULES_DRAW_TIERS - 1; i++) {
		upto += (uint64_t)remaining[i];
		if (pick < upto)
			break;
	}
	*tier = i;
	return RULES_DRAW_OK;
}

enum rules_draw_status rules_redeem_check(const struct activity_rules *r, int64_t now,
					  int64_t balance, const int64_t remaining[RULES_DRAW_TIERS],
					  int64_t drawn_today, uint64_t random, int *tier)
{
	if (!rules_redeem_open(r, now))
		return RULES_DRAW_CLOSED;
	if (!rules_can_afford_draw(r, balance))
		return RULES_DRAW_NOT_ENOUGH_POINTS;
	return rules_draw_tier(r, remaining, drawn_today, random, tier);
}

bool rules_full_attendance(const struct activity_rules *r, const int32_t *checkin_days, size_t n)
{
	/* One bit per activity day, so duplicates count once. */
	unsigned char seen[RULES_MAX_TOTAL_DAYS / CHAR_BIT] = { 0 };
	int32_t days = r->total_days, distinct = 0;
	if (days <= 0 || days > RULES_MAX_TOTAL_DAYS)
		return false;
	for (size_t i = 0; i < n; i++) {
		int idx = rules_day_index(r, checkin_days[i]);
		if (idx == 0)
			continue;   /* a test day or outside the activity */
		unsigned char bit = (unsigned char)(1u << ((idx - 1) % CHAR_BIT));
		unsigned char *byte = &seen[(idx - 1) / CHAR_BIT];
		if (!(*byte & bit)) {
			*byte |= bit;
			distinct++;
		}
	}
	return distinct == days;
}

bool rules_all_checkpoints_badge(const struct activity_rules *r, int passed)
{
	return passed >= r->checkpoint_count;
}
