/* crypto_base64_decode(), strict standard base64 (crypto.h).  Properties:
 * whatever decodes encodes back to exactly the input (one spelling per byte
 * string); whatever mbedtls' lenient decoder reads and re-encodes to exactly
 * the input is accepted too; an output buffer one byte short is refused; and
 * any bytes, encoded, decode back to themselves. */
#include "fuzz.h"

#include "crypto.h"

#include <mbedtls/base64.h>

/* Each output buffer is allocated at exactly its announced size, so that a
 * write past it is an AddressSanitizer report. */
static void *alloc(size_t n)
{
	void *p = malloc(n ? n : 1);
	if (!p)
		abort();
	return p;
}

static void decode_input(const char *in, size_t size)
{
	size_t cap = size / 4 * 3;
	unsigned char *out = alloc(cap);
	char *encoded = alloc(size + 1);
	long n = crypto_base64_decode(in, size, out, cap);
	FUZZ_CHECK(n >= -1 && n <= (long)cap);
	if (n >= 0) {
		FUZZ_CHECK(crypto_base64_encode(out, (size_t)n, encoded, size + 1) == size);
		FUZZ_CHECK(memcmp(encoded, in, size) == 0);
		unsigned char *short_out = alloc((size_t)n - 1);
		FUZZ_CHECK(n == 0 || crypto_base64_decode(in, size, short_out, (size_t)n - 1) == -1);
		free(short_out);
	} else {
		size_t olen = 0;
		if (mbedtls_base64_decode(out, cap, &olen, (const unsigned char *)in, size) == 0 && olen > 0 &&
		    crypto_base64_encode(out, olen, encoded, size + 1) == size)
			FUZZ_CHECK(memcmp(encoded, in, size) != 0);
	}
	free(encoded);
	free(out);
}

static void encode_input(const uint8_t *data, size_t size)
{
	if (size == 0)
		return;
	size_t b64_size = 4 * ((size + 2) / 3) + 1;
	char *b64 = alloc(b64_size);
	unsigned char *back = alloc(size);
	FUZZ_CHECK(crypto_base64_encode(data, size, b64, b64_size) == b64_size - 1);
	FUZZ_CHECK(b64[b64_size - 1] == '\0');
	FUZZ_CHECK(crypto_base64_decode(b64, b64_size - 1, back, size) == (long)size);
	FUZZ_CHECK(memcmp(back, data, size) == 0);
	free(back);
	free(b64);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	decode_input((const char *)data, size);
	encode_input(data, size);
	return 0;
}
