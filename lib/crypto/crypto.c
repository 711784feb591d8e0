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

/* The value of each base64 character, -1 for any other byte.  A table, not
 * mbedtls' constant-time decoder: that one costs more than the whole AES of a
 * WeRun payload, and what is decoded here is sent by the client itself. */
static signed char base64_table[256];
static bool base64_table_ready;

static signed char base64_value(unsigned char c)
{
	if (!base64_table_ready) {
		static const char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
		memset(base64_table, -1, sizeof base64_table);
		for (int i = 0; i < 64; i++)
			base64_table[(unsigned char)alphabet[i]] = (signed char)i;
		base64_table_ready = true;
	}
	return base64_table[c];
}

long crypto_base64_decode(const char *in, size_t n, void *out, size_t outsize)
{
	if (n == 0 || n % 4 != 0)
		return -1;   /* WeChat's values are always padded to a multiple of 4 */
	size_t pad = in[n - 1] == '=' ? (in[n - 2] == '=' ? 2 : 1) : 0;
	size_t len = n / 4 * 3 - pad;
	if (len > outsize)
		return -1;
	unsigned char *o = out;
	size_t w = 0;
	for (size_t i = 0; i < n; i += 4) {
		bool last = i + 4 == n;
		int v[4];
		for (int j = 0; j < 4; j++) {
			unsigned char c = (unsigned char)in[i + j];
			bool padding = last && c == '=' && (size_t)j >= 4 - pad;
			v[j] = padding ? 0 : base64_value(c);
			if (v[j] < 0)
				return -1;   /* a stray '=', white space, or any other byte */
		}
		uint32_t triple = (uint32_t)v[0] << 18 | (uint32_t)v[1] << 12 | (uint32_t)v[2] << 6 | (uint32_t)v[3];
		unsigned char bytes[3] = { (unsigned char)(triple >> 16), (unsigned char)(triple >> 8),
		                           (unsigned char)triple };
		size_t take = last ? 3 - pad : 3;
		/* Canonical form only: the bits a padded group leaves over must be zero. */
		if (last && ((pad == 1 && (v[2] & 3)) || (pad == 2 && (v[1] & 15))))
			return -1;
		memcpy(o + w, bytes, take);
		w += take;
	}
	return (long)w;
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

void crypto_sha256_hex(const void *data, size_t n, char out[CRYPTO_SHA256_HEX_SIZE])
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

void crypto_new_token(char token[CRYPTO_TOKEN_CHARS + 1], char hash[CRYPTO_SHA256_HEX_SIZE])
{
	unsigned char raw[32];
	char b64[48];
	crypto_random(raw, sizeof raw);
	crypto_base64_encode(raw, sizeof raw, b64, sizeof b64);
	/* base64url without padding: tokens travel in headers and URLs unescaped. */
	for (int i = 0; i < CRYPTO_TOKEN_CHARS; i++)
		token[i] = b64[i] == '+' ? '-' : b64[i] == '/' ? '_' : b64[i];
	token[CRYPTO_TOKEN_CHARS] = '\0';
	crypto_sha256_hex(token, CRYPTO_TOKEN_CHARS, hash);
}

bool crypto_token_hash(const char *token, char hash[CRYPTO_SHA256_HEX_SIZE])
{
	hash[0] = '\0';
	if (strlen(token) != CRYPTO_TOKEN_CHARS ||
	    strspn(token, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_") != CRYPTO_TOKEN_CHARS)
		return false;
	crypto_sha256_hex(token, CRYPTO_TOKEN_CHARS, hash);
	return true;
}
