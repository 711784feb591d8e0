/* RULES §6 (team ranking): compliance rate, per capita, the board order
 * with ties at every level, prize bands, and personal competition ranks. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "rules.h"

#include <stdlib.h>

/* §6: compliance_rate = compliant days / total_days (100, fixed). */
static void test_s6_compliance_rate(void **state)
{
	(void)state;
	struct activity_rules r;
	rules_defaults(&r);
	assert_int_equal(rules_compliance_basis_points(&r, 0), 0);
	assert_int_equal(rules_compliance_basis_points(&r, 1), 100);
	assert_int_equal(rules_compliance_basis_points(&r, 37), 3700);
	assert_int_equal(rules_compliance_basis_points(&r, 100), 10000);
	assert_int_equal(rules_compliance_basis_points(&r, -3), 0);
	/* A team formed late keeps the fixed denominator: 10 of 100, not 10 of 10. */
	assert_int_equal(rules_compliance_basis_points(&r, 10), 1000);
	r.first_day = 0;
	r.last_day = 6;
	r.total_days = 7;
	assert_int_equal(rules_compliance_basis_points(&r, 1), 1428);   /* rounded down */
	r.total_days = 0;
	assert_int_equal(rules_compliance_basis_points(&r, 1), 0);
}

/* §6: per_capita = team_steps / current member count. */
static void test_s6_per_capita(void **state)
{
	(void)state;
	assert_int_equal(rules_per_capita(60000, 6), 10000);
	assert_int_equal(rules_per_capita(100, 6), 16);
	assert_int_equal(rules_per_capita(100, 0), 0);
	assert_int_equal(rules_per_capita(-100, 3), 0);
}

/* §6: per capita compared exactly, not in floating point. */
static void test_s6_per_capita_compared_exactly(void **state)
{
	(void)state;
	static const struct { int64_t a; int32_t am; int64_t b; int32_t bm; int want; } cases[] = {
		{ 36000, 6, 30000, 5, 0 },           /* 6000 == 6000 */
		{ 2, 4, 1, 2, 0 },
		{ 700001, 7, 600001, 6, -1 },        /* 100000.142… < 100000.166… */
		{ 600001, 6, 700001, 7, 1 },
		{ 1, 3, 333333, 1000000, 1 },        /* 0.3333… > 0.333333 */
		{ 333333, 1000000, 1, 3, -1 },
		{ 10, 3, 10, 3, 0 },
		{ 7, 1, 14, 2, 0 },
		{ 6, 2, 7, 2, -1 },                  /* whole quotient equal, then 0 vs 1/2 */
		{ 7, 2, 6, 2, 1 },
		{ 0, 5, 0, 6, 0 },
		{ 0, 5, 1, 6, -1 },
		{ 1, 0, 0, 1, 0 },                   /* no members: per capita 0 */
		{ -5, 2, 0, 1, 0 },                  /* negative steps: per capita 0 */
		{ 0, 1, 1, -1, 0 },
		/* Cross-multiplication would overflow int64 here. */
		{ INT64_MAX - 1, INT32_MAX, INT64_MAX, INT32_MAX, -1 },
		{ INT64_MAX, INT32_MAX - 1, INT64_MAX, INT32_MAX, 1 },
		{ INT64_MAX, INT32_MAX, INT64_MAX, INT32_MAX, 0 },
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		int c = rules_compare_per_capita(cases[i].a, cases[i].am, cases[i].b, cases[i].bm);
		int sign = (c > 0) - (c < 0);
		if (sign != cases[i].want)
			fail_msg("case %zu: got %d", i, c);
	}
}

/* §6: the order, with a tie at every level, whatever the input order:
 * compliance desc, per capita desc, team steps desc, created_at asc, id asc. */
static void test_s6_board_order_breaks_every_tie(void **state)
{
	(void)state;
	static const struct rules_team_standing expected[] = {
		/* id, created_at, compliant days, members, team steps */
		{ 20, 3000, 51, 6, 36000 },   /* E: most compliant days, low per capita */
		{ 21, 3000, 50, 6, 60006 },   /* F: same days, per capita 10001 */
		{ 12, 900, 50, 6, 60000 },    /* C: per capita 10000, earliest created */
		{ 5, 1000, 50, 6, 60000 },    /* D: as A, same instant: lower id first */
		{ 10, 1000, 50, 6, 60000 },   /* A */
		{ 11, 500, 50, 5, 50000 },    /* B: per capita 10000, fewer team steps */
		{ 31, 100, 50, 6, 59994 },    /* H: more team steps than B, per capita 9999 */
		{ 40, 100, 50, 0, 1000 },     /* Z: no members left, per capita 0 */
		{ 41, 1, 0, 6, 60000 },       /* Y: never compliant */
	};
	enum { N = sizeof expected / sizeof expected[0] };
	for (int shift = 0; shift < N; shift++) {
		for (int reverse = 0; reverse < 2; reverse++) {
			struct rules_team_standing board[N];
			for (int i = 0; i < N; i++) {
				int j = (i + shift) % N;
				board[i] = expected[reverse ? N - 1 - j : j];
			}
			qsort(board, N, sizeof board[0], rules_team_standing_cmp);
			for (int i = 0; i < N; i++)
				if (board[i].team_id != expected[i].team_id)
					fail_msg("shift %d rev %d: rank %d is team %lld", shift, reverse,
						 i + 1, (long long)board[i].team_id);
		}
	}
	/* Equal in everything (the same team) compares equal. */
	assert_int_equal(rules_team_standing_cmp(&expected[0], &expected[0]), 0);
}

/* §6: prizes 3/10/20: ranks 1–3 first, 4–13 second, 14–33 third. */
static void test_s6_prize_bands(void **state)
{
	(void)state;
	struct activity_rules r;
	rules_defaults(&r);
	static const struct { int64_t rank; enum rules_prize prize; const char *name; } cases[] = {
		{ -1, RULES_PRIZE_NONE, "none" }, { 0, RULES_PRIZE_NONE, "none" },
		{ 1, RULES_PRIZE_FIRST, "first" }, { 3, RULES_PRIZE_FIRST, "first" },
		{ 4, RULES_PRIZE_SECOND, "second" }, { 13, RULES_PRIZE_SECOND, "second" },
		{ 14, RULES_PRIZE_THIRD, "third" }, { 33, RULES_PRIZE_THIRD, "third" },
		{ 34, RULES_PRIZE_NONE, "none" }, { INT64_MAX, RULES_PRIZE_NONE, "none" },
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		enum rules_prize p = rules_prize_of_rank(&r, cases[i].rank);
		assert_int_equal(p, cases[i].prize);
		assert_string_equal(rules_prize_name(p), cases[i].name);
	}
	assert_string_equal(rules_prize_name((enum rules_prize)9), "?");
	/* The bands are configuration; an empty band is skipped. */
	r.team_prizes[0] = 1;
	r.team_prizes[1] = 0;
	r.team_prizes[2] = 2;
	assert_int_equal(rules_prize_of_rank(&r, 1), RULES_PRIZE_FIRST);
	assert_int_equal(rules_prize_of_rank(&r, 2), RULES_PRIZE_THIRD);
	assert_int_equal(rules_prize_of_rank(&r, 3), RULES_PRIZE_THIRD);
	assert_int_equal(rules_prize_of_rank(&r, 4), RULES_PRIZE_NONE);
}

/* §6: personal ranking, equal values share a rank ("1, 2, 2, 4"). */
static void test_s6_personal_competition_ranks(void **state)
{
	(void)state;
	int64_t values[] = { 7000, 9000, 8000, 8000, INT64_MIN, INT64_MAX };
	qsort(values, 6, sizeof values[0], rules_int64_desc_cmp);
	assert_true(values[0] == INT64_MAX);
	assert_true(values[5] == INT64_MIN);

	static const int64_t sorted[] = { 9000, 8000, 8000, 7000 };
	int64_t ranks[4];
	rules_competition_ranks(sorted, 4, ranks);
	assert_int_equal(ranks[0], 1);
	assert_int_equal(ranks[1], 2);
	assert_int_equal(ranks[2], 2);
	assert_int_equal(ranks[3], 4);

	static const int64_t ties[] = { 5, 5, 4, 4, 4, 1 };
	static const int64_t tie_ranks[] = { 1, 1, 3, 3, 3, 6 };
	int64_t got[6];
	rules_competition_ranks(ties, 6, got);
	for (int i = 0; i < 6; i++)
		assert_int_equal(got[i], tie_ranks[i]);
	rules_competition_ranks(NULL, 0, NULL);   /* nothing to rank */

	/* A user's own rank by value, without ranking everyone. */
	assert_int_equal(rules_rank_of(sorted, 4, 9000), 1);
	assert_int_equal(rules_rank_of(sorted, 4, 8000), 2);
	assert_int_equal(rules_rank_of(sorted, 4, 7000), 4);
	assert_int_equal(rules_rank_of(sorted, 4, 8500), 2);
	assert_int_equal(rules_rank_of(sorted, 4, 99999), 1);
	assert_int_equal(rules_rank_of(sorted, 4, 0), 5);
	assert_int_equal(rules_rank_of(NULL, 0, 0), 1);
	for (int i = 0; i < 6; i++)
		assert_int_equal(rules_rank_of(ties, 6, ties[i]), tie_ranks[i]);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_s6_compliance_rate),
		cmocka_unit_test(test_s6_per_capita),
		cmocka_unit_test(test_s6_per_capita_compared_exactly),
		cmocka_unit_test(test_s6_board_order_breaks_every_tie),
		cmocka_unit_test(test_s6_prize_bands),
		cmocka_unit_test(test_s6_personal_competition_ranks),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
