#include "crypto.h"

#include <mbedtls/base64.h>
#include <mbedtls/ctr_drbg.h>
#include <mbedtls/entropy.h>
#include <mbedtls/sha256.h>
#include <stdlib.h>
#include <string.h>

static mbedtls_entropy_context entropy;
static mbedtls_ctr_drbg_context drbg;
static bool drbg_ready;

void crypto_random(void *out, size_t n)
{
	if (!drbg_ready) {
		mbedtls_entropy_init(&entropy);
		mbedtls_ctr_drbg_init(&drbg);
		static const char personal[] = "walk-drbg";
		if (mbedtls_ctr_drbg_seed(&drbg, mbedtls_entropy_func, &entropy,
		                          (const unsigned char *)personal, sizeof personal - 1) != 0)
			abort();
		drbg_ready = true;
	}
	unsigned char *p = out;
	while (n > 0) {
		size_t chunk = n > MBEDTLS_CTR_DRBG_MAX_REQUEST ? MBEDTLS_CTR_DRBG_MAX_REQUEST : n;
		if (mbedtls_ctr_drbg_random(&drbg, p, chunk) != 0)
			abort();
		p += chunk;
		n -= chunk;
	}
}

uint64_t crypto_random_below(uint64_t bound)
{
	/* Reject the top partial range so that every value is equally likely. */
	uint64_t limit = UINT64_MAX - UINT64_MAX % bound;
	uint64_t v;
	do
		crypto_random(&v, sizeof v);
	while (v >= limit);
	return v % bound;
}

size_t crypto_base64_encode(const void *in, size_t n, char *out, size_t outsize)
{
	size_t written = 0;
	if (mbedtls_base64_encode((unsigned char *)out, outsize, &written, in, n) != 0)
		return 0;
	return written;
}

long crypto_base64_decode(const char *in, size_t n, void *out, size_t outsize)
{
	static const char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=";
	size_t written = 0;
	if (n == 0 || n % 4 != 0)
		return -1;   /* WeChat's values are always padded to a multiple of 4 */
	for (size_t i = 0; i < n; i++)
		if (!in[i] || !strchr(alphabet, in[i]))
			return -1;   /* mbedtls would skip spaces and line breaks: strict means none */
	if (mbedtls_base64_decode(out, outsize, &written, (const unsigned char *)in, n) != 0)
		return -1;
	return (long)written;
}

void crypto_hex(const void *in, size_t n, char *out)
{
	static const char digits[] = "0123456789abcdef";
	const unsigned char *p = in;
	for (size_t i = 0; i < n; i++) {
		out[2 * i] = digits[p[i] >> 4];
		out[2 * i + 1] = digits[p[i] & 15];
	}
	out[2 * n] = '\0';
}

void crypto_sha256_hex(const void *data, size_t n, char out[65])
{
	unsigned char digest[32];
	mbedtls_sha256_ret(data, n, digest, 0);
	crypto_hex(digest, sizeof digest, out);
}

bool crypto_equal(const void *a, const void *b, size_t n)
{
	const unsigned char *x = a, *y = b;
	unsigned char diff = 0;
	for (size_t i = 0; i < n; i++)
		diff |= x[i] ^ y[i];
	return diff == 0;
}
