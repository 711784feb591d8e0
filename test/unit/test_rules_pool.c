/* RULES §8: drawing a whole pool, one draw at a time with the remaining counts
 * as weights, gives out exactly the configured count of every tier and then
 * refuses. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "rules.h"

/* A fixed generator (xorshift64*): the test is the same every run. */
static uint64_t next_random(uint64_t *s)
{
	*s ^= *s >> 12;
	*s ^= *s << 25;
	*s ^= *s >> 27;
	return *s * UINT64_C(2685821657736338717);
}

static void draw_whole_pool(const int64_t configured[RULES_DRAW_TIERS], uint64_t seed)
{
	struct activity_rules r;
	rules_defaults(&r);
	int64_t remaining[RULES_DRAW_TIERS], given[RULES_DRAW_TIERS] = { 0 }, total = 0;
	for (int i = 0; i < RULES_DRAW_TIERS; i++) {
		remaining[i] = configured[i];
		total += configured[i];
	}
	for (int64_t n = 0; n < total; n++) {
		int tier = -1;
		assert_int_equal(rules_draw_tier(&r, remaining, n, next_random(&seed), &tier), RULES_DRAW_OK);
		assert_true(tier >= 0 && tier < RULES_DRAW_TIERS);
		assert_true(remaining[tier] > 0);   /* an empty tier is never drawn */
		remaining[tier]--;
		given[tier]++;
	}
	for (int i = 0; i < RULES_DRAW_TIERS; i++)
		assert_int_equal(given[i], configured[i]);
	int tier = -1;
	assert_int_equal(rules_draw_tier(&r, remaining, total, next_random(&seed), &tier), RULES_DRAW_POOL_EMPTY);
	assert_int_equal(tier, -1);
}

static void test_s8_whole_pool_gives_exactly_its_counts(void **state)
{
	(void)state;
	/* The plan's proportions, scaled down: many small, few large. */
	const int64_t plan[RULES_DRAW_TIERS] = { 2000, 1000, 500, 200, 100, 40, 10, 3 };
	draw_whole_pool(plan, 0x9e3779b97f4a7c15u);
	const int64_t sparse[RULES_DRAW_TIERS] = { 0, 7, 0, 0, 1, 0, 0, 1 };
	draw_whole_pool(sparse, 42);
	const int64_t one[RULES_DRAW_TIERS] = { 0, 0, 0, 0, 0, 0, 0, 1 };
	draw_whole_pool(one, 7);
}

/* The daily release stops a day's draws and nothing else. */
static void test_s8_daily_release_stops_the_day(void **state)
{
	(void)state;
	struct activity_rules r;
	rules_defaults(&r);
	r.daily_release = 3;
	const int64_t remaining[RULES_DRAW_TIERS] = { 10, 0, 0, 0, 0, 0, 0, 0 };
	int tier = -1;
	assert_int_equal(rules_draw_tier(&r, remaining, 2, 1, &tier), RULES_DRAW_OK);
	assert_int_equal(tier, 0);
	assert_int_equal(rules_draw_tier(&r, remaining, 3, 1, &tier), RULES_DRAW_DAILY_LIMIT);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_s8_whole_pool_gives_exactly_its_counts),
		cmocka_unit_test(test_s8_daily_release_stops_the_day),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
