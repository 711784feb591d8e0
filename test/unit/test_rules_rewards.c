/* RULES §8 (red envelopes and badges): the draw's price and deadline, the
 * tier weighted by what is left, the daily release, and the two badges. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "calendar.h"
#include "rules.h"
#include "rules_fixture.h"

/* §8: every points_per_draw = 20 points buy one draw. */
static void test_s8_draw_costs_twenty_points(void **state)
{
	(void)state;
	struct activity_rules r;
	rules_defaults(&r);
	assert_false(rules_can_afford_draw(&r, 0));
	assert_false(rules_can_afford_draw(&r, 19));
	assert_true(rules_can_afford_draw(&r, 20));
	assert_true(rules_can_afford_draw(&r, 39));
	assert_false(rules_can_afford_draw(&r, -20));
}

/* §8: the tier is drawn with probability remaining / total.  Evenly spread
 * random values land in each tier exactly in proportion. */
static void test_s8_tier_weighted_by_remaining(void **state)
{
	(void)state;
	struct activity_rules r;
	rules_defaults(&r);
	const int64_t remaining[RULES_DRAW_TIERS] = { 1, 2, 3, 4, 5, 6, 7, 8 };   /* 36 */
	enum { PER_UNIT = 1000, M = 36 * PER_UNIT };
	int64_t hits[RULES_DRAW_TIERS] = { 0 };
	for (uint64_t k = 0; k < M; k++) {
		/* The midpoint of the k-th of M equal slices of [0, 2^64). */
		__extension__ unsigned __int128 x = ((unsigned __int128)(2 * k + 1) << 64) / (2 * M);
		int tier = -1;
		assert_int_equal(rules_draw_tier(&r, remaining, 0, (uint64_t)x, &tier), RULES_DRAW_OK);
		assert_in_range(tier, 0, RULES_DRAW_TIERS - 1);
		hits[tier]++;
	}
	for (int t = 0; t < RULES_DRAW_TIERS; t++)
		assert_int_equal(hits[t], remaining[t] * PER_UNIT);
}

/* §8: exact boundaries with two tiers of weight 1 and 3. */
static void test_s8_tier_boundaries(void **state)
{
	(void)state;
	struct activity_rules r;
	rules_defaults(&r);
	const int64_t remaining[RULES_DRAW_TIERS] = { 1, 0, 0, 0, 0, 0, 0, 3 };
	int tier = -1;
	assert_int_equal(rules_draw_tier(&r, remaining, 0, 0, &tier), RULES_DRAW_OK);
	assert_int_equal(tier, 0);
	assert_int_equal(rules_draw_tier(&r, remaining, 0, (UINT64_C(1) << 62) - 1, &tier), RULES_DRAW_OK);
	assert_int_equal(tier, 0);
	assert_int_equal(rules_draw_tier(&r, remaining, 0, UINT64_C(1) << 62, &tier), RULES_DRAW_OK);
	assert_int_equal(tier, 7);
	assert_int_equal(rules_draw_tier(&r, remaining, 0, UINT64_MAX, &tier), RULES_DRAW_OK);
	assert_int_equal(tier, 7);
	assert_int_equal(r.draw_tier_fen[tier], 5000);   /* 50 yuan */
}

/* §8: a pool with one tier left always gives that tier; an empty pool is
 * refused before any point is taken. */
static void test_s8_one_tier_left_then_empty(void **state)
{
	(void)state;
	struct activity_rules r;
	rules_defaults(&r);
	int64_t remaining[RULES_DRAW_TIERS] = { 0, 0, 0, 0, 1, 0, 0, 0 };
	static const uint64_t randoms[] = { 0, 1, UINT64_C(1) << 63, UINT64_MAX - 1, UINT64_MAX };
	for (size_t i = 0; i < sizeof randoms / sizeof randoms[0]; i++) {
		int tier = -1;
		assert_int_equal(rules_draw_tier(&r, remaining, 0, randoms[i], &tier), RULES_DRAW_OK);
		assert_int_equal(tier, 4);
		assert_int_equal(r.draw_tier_fen[tier], 500);
	}
	remaining[4] = 0;
	int tier = 99;
	assert_int_equal(rules_draw_tier(&r, remaining, 0, 12345, &tier), RULES_DRAW_POOL_EMPTY);
	assert_int_equal(tier, 99);
	/* Empty wins over the daily limit: nothing will come back tomorrow. */
	r.daily_release = 10;
	assert_int_equal(rules_draw_tier(&r, remaining, 10, 12345, &tier), RULES_DRAW_POOL_EMPTY);
}

static void test_s8_bad_pool_is_refused(void **state)
{
	(void)state;
	struct activity_rules r;
	rules_defaults(&r);
	int tier = 99;
	const int64_t negative[RULES_DRAW_TIERS] = { 5, -1, 5, 5, 5, 5, 5, 5 };
	assert_int_equal(rules_draw_tier(&r, negative, 0, 1, &tier), RULES_DRAW_BAD_POOL);
	const int64_t overflow[RULES_DRAW_TIERS] = { INT64_MAX, INT64_MAX, INT64_MAX, 0, 0, 0, 0, 0 };
	assert_int_equal(rules_draw_tier(&r, overflow, 0, 1, &tier), RULES_DRAW_BAD_POOL);
	assert_int_equal(tier, 99);
	/* Two of them still fit in 64 bits and work. */
	const int64_t big[RULES_DRAW_TIERS] = { INT64_MAX, INT64_MAX, 0, 0, 0, 0, 0, 0 };
	assert_int_equal(rules_draw_tier(&r, big, 0, UINT64_MAX, &tier), RULES_DRAW_OK);
	assert_int_equal(tier, 1);
}

/* §8: daily_release limits the draws of a day; 0 = unlimited. */
static void test_s8_daily_release_limit(void **state)
{
	(void)state;
	struct activity_rules r;
	rules_defaults(&r);
	const int64_t remaining[RULES_DRAW_TIERS] = { 100, 100, 100, 100, 100, 100, 100, 100 };
	int tier = -1;
	assert_int_equal(rules_draw_tier(&r, remaining, 1000000, 7, &tier), RULES_DRAW_OK);
	r.daily_release = 500;
	assert_int_equal(rules_draw_tier(&r, remaining, 499, 7, &tier), RULES_DRAW_OK);
	tier = 99;
	assert_int_equal(rules_draw_tier(&r, remaining, 500, 7, &tier), RULES_DRAW_DAILY_LIMIT);
	assert_int_equal(rules_draw_tier(&r, remaining, 501, 7, &tier), RULES_DRAW_DAILY_LIMIT);
	assert_int_equal(tier, 99);
}

/* §8: the whole check, in order: deadline, points, pool, daily limit. */
static void test_s8_redeem_check_order(void **state)
{
	(void)state;
	struct activity_rules r;
	rules_defaults(&r);
	r.daily_release = 1;
	const int64_t full[RULES_DRAW_TIERS] = { 1, 1, 1, 1, 1, 1, 1, 1 };
	const int64_t empty[RULES_DRAW_TIERS] = { 0 };
	int64_t open = at("2019-10-07T23:59:59+08:00"), closed = at("2019-10-08T00:00:00+08:00");
	int tier = -1;
	assert_int_equal(rules_redeem_check(&r, open, 20, full, 0, 0, &tier), RULES_DRAW_OK);
	assert_int_equal(tier, 0);
	assert_int_equal(rules_redeem_check(&r, closed, 20, full, 0, 0, &tier), RULES_DRAW_CLOSED);
	assert_int_equal(rules_redeem_check(&r, closed, 0, empty, 5, 0, &tier), RULES_DRAW_CLOSED);
	assert_int_equal(rules_redeem_check(&r, open, 19, empty, 5, 0, &tier), RULES_DRAW_NOT_ENOUGH_POINTS);
	assert_int_equal(rules_redeem_check(&r, open, 20, empty, 5, 0, &tier), RULES_DRAW_POOL_EMPTY);
	assert_int_equal(rules_redeem_check(&r, open, 20, full, 1, 0, &tier), RULES_DRAW_DAILY_LIMIT);
	/* The public test redeems too (its payouts go to no real wallet, §10). */
	assert_int_equal(rules_redeem_check(&r, at("2019-06-20T12:00:00+08:00"), 20, full, 0, 0, &tier),
			 RULES_DRAW_OK);
}

/* Fills days with every activity day; returns the count. */
static size_t every_day(const struct activity_rules *r, int32_t *days)
{
	size_t n = 0;
	for (int32_t d = r->first_day; d <= r->last_day; d++)
		days[n++] = d;
	return n;
}

/* §8: 全勤奖 needs a check-in on every one of the total_days days. */
static void test_s8_full_attendance(void **state)
{
	(void)state;
	struct activity_rules r;
	rules_defaults(&r);
	int32_t days[300];
	size_t n = every_day(&r, days);
	assert_int_equal(n, 100);
	assert_true(rules_full_attendance(&r, days, n));

	/* Any order; duplicates and test days do not matter. */
	for (size_t i = 0; i < n / 2; i++) {
		int32_t t = days[i];
		days[i] = days[n - 1 - i];
		days[n - 1 - i] = t;
	}
	days[n] = days[3];
	days[n + 1] = r.test_from;
	days[n + 2] = r.last_day + 1;
	assert_true(rules_full_attendance(&r, days, n + 3));

	/* A late-enrolled user who missed day 1 never gets it, whatever else. */
	n = every_day(&r, days);
	days[0] = days[1];                     /* 07-02 twice instead of 07-01 */
	for (int32_t d = r.test_from; d <= r.test_to; d++)
		days[n++] = d;
	assert_false(rules_full_attendance(&r, days, n));
	assert_false(rules_full_attendance(&r, days + 1, 99));

	/* Missing the last day (10-08). */
	n = every_day(&r, days);
	assert_false(rules_full_attendance(&r, days, n - 1));
	assert_false(rules_full_attendance(&r, NULL, 0));

	/* A configuration beyond the bitmap is refused, not overrun. */
	r.total_days = RULES_MAX_TOTAL_DAYS + 1;
	assert_false(rules_full_attendance(&r, days, 100));
}

/* §8: 与祖国同行 for passing all 13 checkpoints. */
static void test_s8_all_checkpoints_badge(void **state)
{
	(void)state;
	struct activity_rules r;
	rules_defaults(&r);
	assert_false(rules_all_checkpoints_badge(&r, 0));
	assert_false(rules_all_checkpoints_badge(&r, 12));
	assert_true(rules_all_checkpoints_badge(&r, 13));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_s8_draw_costs_twenty_points),
		cmocka_unit_test(test_s8_tier_weighted_by_remaining),
		cmocka_unit_test(test_s8_tier_boundaries),
		cmocka_unit_test(test_s8_one_tier_left_then_empty),
		cmocka_unit_test(test_s8_bad_pool_is_refused),
		cmocka_unit_test(test_s8_daily_release_limit),
		cmocka_unit_test(test_s8_redeem_check_order),
		cmocka_unit_test(test_s8_full_attendance),
		cmocka_unit_test(test_s8_all_checkpoints_badge),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
