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

static const signed char *base64_values(void)
{
	if (!base64_table_ready) {
		static const char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
		memset(base64_table, -1, sizeof base64_table);
		for (int i = 0; i < 64; i++)
			base64_table[(unsigned char)alphabet[i]] = (signed char)i;
		base64_table_ready = true;
	}
	return base64_table;
}

/* Four characters' values as one 24-bit group; negative if any of them is
 * not in the alphabet. */
static int32_t base64_group(const signed char *value, const unsigned char *in)
{
	int32_t a = value[in[0]], b = value[in[1]], c = value[in[2]], d = value[in[3]];
	if ((a | b | c | d) < 0)
		return -1;
	return a << 18 | b << 12 | c << 6 | d;
}

long crypto_base64_decode(const char *text, size_t n, void *out, size_t outsize)
{
	if (n == 0 || n % 4 != 0)
		return -1;   /* WeChat's values are always padded to a multiple of 4 */
	const unsigned char *in = (const unsigned char *)text;
	size_t pad = in[n - 1] == '=' ? (in[n - 2] == '=' ? 2 : 1) : 0;
	size_t len = n / 4 * 3 - pad;
	if (len > outsize)
		return -1;
	const signed char *value = base64_values();
	unsigned char *o = out;
	/* Every group but the last has no padding: '=' is not in the table. */
	for (size_t i = 0; i + 4 < n; i += 4, o += 3) {
		int32_t g = base64_group(value, in + i);
		if (g < 0)
			return -1;   /* a stray '=', white space, or any other byte */
		o[0] = (unsigned char)(g >> 16);
		o[1] = (unsigned char)(g >> 8);
		o[2] = (unsigned char)g;
	}
	/* The last group, its padding read as 'A' (zero bits). */
	unsigned char last[4];
	memcpy(last, in + n - 4, 4);
	for (size_t j = 4 - pad; j < 4; j++)
		last[j] = 'A';
	int32_t g = base64_group(value, last);
	if (g < 0)
		return -1;
	/* Canonical form only: the bits a padded group leaves over must be zero. */
	if ((pad == 1 && (g & 0xff)) || (pad == 2 && (g & 0xffff)))
		return -1;
	unsigned char bytes[3] = { (unsigned char)(g >> 16), (unsigned char)(g >> 8), (unsigned char)g };
	memcpy(o, bytes, 3 - pad);
	return (long)len;
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
