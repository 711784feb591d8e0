#include "rules_prize.h"

_Bool rules_prize_pick(uint64_t x, uint64_t m, uint64_t *pos)
{
	/* 2^64 mod m, computed without 2^64: (2^64 - 1) mod m, plus one, mod m. */
	uint64_t rest = (UINT64_MAX % m + 1) % m;
	if (rest != 0 && x > UINT64_MAX - rest)
		return 0;
	*pos = x % m;
	return 1;
}

static uint64_t big_endian64(const unsigned char *b)
{
	uint64_t x = 0;
	for (int i = 0; i < 8; i++)
		x = x << 8 | b[i];
	return x;
}

size_t rules_prize_draw(const int64_t *persons, size_t n, size_t slots, rules_prize_block_fn block, void *arg,
                        size_t *work, size_t *winners)
{
	size_t eligible = n, filled = 0;
	uint64_t counter = 0;
	for (size_t i = 0; i < n; i++)
		work[i] = i;
	while (filled < slots && eligible > 0) {
		unsigned char b[RULES_PRIZE_BLOCK];
		uint64_t pos;
		do
			block(counter++, b, arg);
		while (!rules_prize_pick(big_endian64(b), eligible, &pos));
		size_t won = work[pos];
		winners[filled++] = won;
		/* The winner's other entries leave the list; the rest keep their order. */
		size_t kept = 0;
		for (size_t i = 0; i < eligible; i++)
			if (persons[work[i]] != persons[won])
				work[kept++] = work[i];
		eligible = kept;
	}
	return filled;
}
