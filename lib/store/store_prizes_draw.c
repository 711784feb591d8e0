/* The draw's random blocks: HMAC-SHA256 keyed with the seed (rules_prize.h). */
#include "store_prizes.h"

#include "rules_prize.h"

#include <mbedtls/md.h>

#include <stdlib.h>

static void hmac_block(uint64_t counter, unsigned char block[RULES_PRIZE_BLOCK], void *arg)
{
	unsigned char msg[8];
	for (int i = 0; i < 8; i++)
		msg[i] = (unsigned char)(counter >> (56 - 8 * i));
	/* SHA-256 is always compiled into mbedtls: the call cannot fail. */
	(void)mbedtls_md_hmac(mbedtls_md_info_from_type(MBEDTLS_MD_SHA256), arg, PRIZE_SEED_SIZE, msg, sizeof msg, block);
}

size_t prize_draw_winners(const unsigned char seed[PRIZE_SEED_SIZE], const int64_t *persons, size_t n,
                          size_t nslots, size_t *winners)
{
	size_t *work = malloc((n ? n : 1) * sizeof *work);
	if (!work)
		return (size_t)-1;
	unsigned char key[PRIZE_SEED_SIZE];
	for (size_t i = 0; i < PRIZE_SEED_SIZE; i++)
		key[i] = seed[i];
	size_t filled = rules_prize_draw(persons, n, nslots, hmac_block, key, work, winners);
	free(work);
	return filled;
}
