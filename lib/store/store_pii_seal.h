#ifndef WALK_STORE_PII_SEAL_H
#define WALK_STORE_PII_SEAL_H
/*
 * Personal fields sealed at rest (README "Personal information"): the
 * enrollment's mobile and the award's recipient, mobile and street address
 * are stored as sealed text (sealed.h) bound to their row and column, e.g.
 * "enrollments.mobile:<activity>:<user>", so that a value copied into another
 * row does not open there.  A mobile is searched through keyed hashes of the
 * whole number and of its last four digits (sealed_index), stored beside it.
 *
 * A value from before sealing (no version tag) opens as it is, until
 * `walkctl migrate` seals it (store_pii_migrate.h); "" stays "" both ways.
 */
#include "sealed.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The largest sealed text of a personal field, its NUL included. */
enum { PII_SEALED_SIZE = SEALED_TEXT_SIZE(SEALED_PLAIN_MAX) };

/* The place (sealed.h's additional data) of column for row ids a and b
 * (b < 0: a alone), e.g. "enrollments.mobile:1:42". */
void pii_place(char *out, size_t size, const char *column, int64_t a, int64_t b);

/* Seals plain ("" stays "") for place into out.  0, or -1 for a value over
 * SEALED_PLAIN_MAX bytes (out then ""). */
int pii_seal(struct sealer *s, const char *place, const char *plain, char out[PII_SEALED_SIZE]);

/* Opens stored for place into out (outsize bytes): true with the value;
 * false with out "" when it does not open (another key, tampered, too long).
 * Text from before sealing is copied as it is. */
bool pii_open(struct sealer *s, const char *place, const char *stored, char *out, size_t outsize);

/* The keyed hashes of a mobile and of its last four digits. */
void pii_mobile_index(const struct sealer *s, const char *mobile, char out[SEALED_INDEX_HEX_SIZE]);
void pii_mobile_tail_index(const struct sealer *s, const char *last_four, char out[SEALED_INDEX_HEX_SIZE]);

#endif
