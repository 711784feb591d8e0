#include "store_pii_seal.h"

#include "log.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

void pii_place(char *out, size_t size, const char *column, int64_t a, int64_t b)
{
	if (b < 0)
		snprintf(out, size, "%s:%" PRId64, column, a);
	else
		snprintf(out, size, "%s:%" PRId64 ":%" PRId64, column, a, b);
}

int pii_seal(struct sealer *s, const char *place, const char *plain, char out[PII_SEALED_SIZE])
{
	out[0] = '\0';
	if (!plain[0])
		return 0;
	return sealed_seal(s, place, plain, strlen(plain), out, PII_SEALED_SIZE);
}

bool pii_open(struct sealer *s, const char *place, const char *stored, char *out, size_t outsize)
{
	if (!sealed_has_version(stored)) {
		snprintf(out, outsize, "%s", stored);
		return true;
	}
	size_t n;
	enum sealed_status st = sealed_open(s, place, stored, out, outsize, &n);
	if (st == SEALED_OK)
		return true;
	/* Never the value: only where it lies and why it did not open. */
	log_warn("%s: %s", place, sealed_status_text(st));
	if (outsize)
		out[0] = '\0';
	return false;
}

void pii_mobile_index(const struct sealer *s, const char *mobile, char out[SEALED_INDEX_HEX_SIZE])
{
	sealed_index(s, "mobile", mobile, out);
}

void pii_mobile_tail_index(const struct sealer *s, const char *last_four, char out[SEALED_INDEX_HEX_SIZE])
{
	sealed_index(s, "mobile_tail", last_four, out);
}
