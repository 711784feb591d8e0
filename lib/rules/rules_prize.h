#ifndef WALK_RULES_PRIZE_H
#define WALK_RULES_PRIZE_H
/*
 * The grand-prize draw (RULES §9), a deterministic function of a secret seed
 * and the published, ordered entry list (README "The grand-prize draw"):
 *
 *   The prizes are drawn in order, each prize as many times as its quantity:
 *   these are the slots, 0, 1, 2, ….  One counter c runs from 0 over the whole
 *   draw.  For a slot, with m entries still eligible (kept in list order):
 *   block = HMAC-SHA256(key = seed, message = c as 8 bytes big-endian),
 *   c += 1; x = the block's first 8 bytes, big-endian; if x >= 2^64 -
 *   (2^64 mod m) the block is rejected (no modulo bias) and the next counter
 *   is tried; otherwise the eligible entry at position x mod m (from 0) wins
 *   the slot, and every entry of its person stops being eligible (one grand
 *   prize per person).  The draw ends when the slots or the entries run out.
 *
 * The HMAC is the caller's (this folder is pure): it hands over a function
 * that fills one block for a counter.
 */
#include <stddef.h>
#include <stdint.h>

enum { RULES_PRIZE_BLOCK = 32 };

typedef void (*rules_prize_block_fn)(uint64_t counter, unsigned char block[RULES_PRIZE_BLOCK], void *arg);

/* Whether x is accepted for m eligible entries (m >= 1), and its position in
 * *pos: false (reject) when x >= 2^64 - (2^64 mod m). */
_Bool rules_prize_pick(uint64_t x, uint64_t m, uint64_t *pos);

/* Runs the draw over n entries whose persons are persons[0..n-1], for slots
 * slots: winners[k] gets the index (from 0) of the entry that won slot k.
 * work holds n indexes (the eligible list).  Returns the slots filled. */
size_t rules_prize_draw(const int64_t *persons, size_t n, size_t slots, rules_prize_block_fn block, void *arg,
                        size_t *work, size_t *winners);

#endif
