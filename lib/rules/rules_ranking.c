/* Team and personal ranking (RULES §6).  Every comparison is exact integer
 * arithmetic: two teams with the same figures must tie the same way on every
 * machine and in every run, and a float rounding could swap prize winners. */
#include "rules.h"

int64_t rules_compliance_basis_points(const struct activity_rules *r, int32_t compliant_days)
{
	if (compliant_days <= 0 || r->total_days <= 0)
		return 0;
	return (int64_t)compliant_days * 10000 / r->total_days;
}

int64_t rules_per_capita(int64_t team_steps, int32_t member_count)
{
	if (member_count <= 0 || team_steps <= 0)
		return 0;
	return team_steps / member_count;
}

/* Compares a/b with c/d for a, c >= 0 and b, d > 0, by their continued
 * fractions: compare the integer parts; if equal, compare the remainders
 * ra/b and rc/d, both in (0, 1), which is comparing d/rc with b/ra.  Like
 * Euclid's algorithm it ends, and it never multiplies, so it cannot overflow. */
static int compare_fractions(int64_t a, int64_t b, int64_t c, int64_t d)
{
	for (;;) {
		int64_t qa = a / b, qc = c / d;
		if (qa != qc)
			return qa < qc ? -1 : 1;
		int64_t ra = a % b, rc = c % d;
		if (ra == 0 || rc == 0)
			return ra == rc ? 0 : (ra == 0 ? -1 : 1);
		/* ra/b < rc/d  <=>  d/rc < b/ra */
		int64_t b_old = b;
		a = d;
		b = rc;
		c = b_old;
		d = ra;
	}
}

int rules_compare_per_capita(int64_t a_steps, int32_t a_members, int64_t b_steps,
			     int32_t b_members)
{
	/* A team without members or with negative steps has per capita 0. */
	if (a_members <= 0 || a_steps < 0) {
		a_steps = 0;
		a_members = 1;
	}
	if (b_members <= 0 || b_steps < 0) {
		b_steps = 0;
		b_members = 1;
	}
	return compare_fractions(a_steps, a_members, b_steps, b_members);
}

/* -1, 0, 1 for a < b, a == b, a > b. */
static int compare_int64(int64_t a, int64_t b)
{
	return (a > b) - (a < b);
}

int rules_team_standing_cmp(const void *pa, const void *pb)
{
	const struct rules_team_standing *a = pa, *b = pb;
	int c;
	/* Compliance rates share the denominator total_days, so comparing the
	 * compliant days compares the rates exactly. */
	if ((c = compare_int64(b->compliant_days, a->compliant_days)) != 0)
		return c;
	if ((c = rules_compare_per_capita(b->team_steps, b->member_count, a->team_steps,
					  a->member_count)) != 0)
		return c;
	if ((c = compare_int64(b->team_steps, a->team_steps)) != 0)
		return c;
	if ((c = compare_int64(a->created_at, b->created_at)) != 0)
		return c;
	/* Not a rule of the plan: only there so that the order is total. */
	return compare_int64(a->team_id, b->team_id);
}

enum rules_prize rules_prize_of_rank(const struct activity_rules *r, int64_t rank)
{
	int64_t last_first = r->team_prizes[0];
	int64_t last_second = last_first + r->team_prizes[1];
	int64_t last_third = last_second + r->team_prizes[2];
	if (rank < 1)
		return RULES_PRIZE_NONE;
	if (rank <= last_first)
		return RULES_PRIZE_FIRST;
	if (rank <= last_second)
		return RULES_PRIZE_SECOND;
	if (rank <= last_third)
		return RULES_PRIZE_THIRD;
	return RULES_PRIZE_NONE;
}

const char *rules_prize_name(enum rules_prize prize)
{
	switch (prize) {
	case RULES_PRIZE_NONE: return "none";
	case RULES_PRIZE_FIRST: return "first";
	case RULES_PRIZE_SECOND: return "second";
	case RULES_PRIZE_THIRD: return "third";
	}
	return "?";
}

int rules_int64_desc_cmp(const void *pa, const void *pb)
{
	return compare_int64(*(const int64_t *)pb, *(const int64_t *)pa);
}

void rules_competition_ranks(const int64_t *sorted_desc, size_t n, int64_t *ranks)
{
	/* Equal values share the rank of the first of them; the next value
	 * ranks by its position ("1, 2, 2, 4"). */
	for (size_t i = 0; i < n; i++)
		ranks[i] = (i > 0 && sorted_desc[i] == sorted_desc[i - 1]) ? ranks[i - 1]
									   : (int64_t)i + 1;
}

int64_t rules_rank_of(const int64_t *sorted_desc, size_t n, int64_t value)
{
	/* Count the elements greater than value: they form a prefix. */
	size_t lo = 0, hi = n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (sorted_desc[mid] > value)
			lo = mid + 1;
		else
			hi = mid;
	}
	return (int64_t)lo + 1;
}
