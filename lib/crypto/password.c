#include "password.h"

#include "crypto.h"
#include "validate.h"

#include <mbedtls/md.h>
#include <mbedtls/pkcs5.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char scheme[] = "pbkdf2_sha256$";

bool password_acceptable(const char *pw)
{
	size_t n = strlen(pw);
	return n >= PASSWORD_MIN_BYTES && n <= PASSWORD_MAX_BYTES && valid_text(pw, NULL);
}

bool password_pbkdf2(const void *pw, size_t pwlen, const void *salt, size_t saltlen, unsigned iterations,
                     void *out, size_t keylen)
{
	mbedtls_md_context_t md;
	mbedtls_md_init(&md);
	bool ok = mbedtls_md_setup(&md, mbedtls_md_info_from_type(MBEDTLS_MD_SHA256), 1) == 0 &&
	          mbedtls_pkcs5_pbkdf2_hmac(&md, pw, pwlen, salt, saltlen, iterations, (uint32_t)keylen, out) == 0;
	mbedtls_md_free(&md);
	return ok;
}

void password_hash(const char *pw, char out[PASSWORD_HASH_BUF])
{
	unsigned char salt[PASSWORD_SALT_BYTES], key[PASSWORD_KEY_BYTES];
	char salt64[32], key64[48];
	crypto_random(salt, sizeof salt);
	if (!password_pbkdf2(pw, strlen(pw), salt, sizeof salt, PASSWORD_ITERATIONS, key, sizeof key))
		abort();   /* only out of memory: no account may get a weak or empty hash */
	crypto_base64_encode(salt, sizeof salt, salt64, sizeof salt64);
	crypto_base64_encode(key, sizeof key, key64, sizeof key64);
	snprintf(out, PASSWORD_HASH_BUF, "%s%d$%s$%s", scheme, PASSWORD_ITERATIONS, salt64, key64);
}

bool password_parse_stored(const char *stored, unsigned *iterations, unsigned char salt[PASSWORD_SALT_BYTES],
                           unsigned char key[PASSWORD_KEY_BYTES])
{
	size_t n = strlen(scheme);
	if (strncmp(stored, scheme, n) != 0)
		return false;
	const char *p = stored + n;
	char *end;
	unsigned long iters = strtoul(p, &end, 10);
	if (end == p || *end != '$' || *p < '1' || *p > '9' || iters < PASSWORD_MIN_ITERATIONS ||
	    iters > PASSWORD_MAX_ITERATIONS)
		return false;
	const char *salt64 = end + 1, *dollar = strchr(salt64, '$');
	if (!dollar)
		return false;
	const char *key64 = dollar + 1;
	if (crypto_base64_decode(salt64, (size_t)(dollar - salt64), salt, PASSWORD_SALT_BYTES) != PASSWORD_SALT_BYTES ||
	    crypto_base64_decode(key64, strlen(key64), key, PASSWORD_KEY_BYTES) != PASSWORD_KEY_BYTES)
		return false;
	*iterations = (unsigned)iters;
	return true;
}

bool password_verify(const char *pw, const char *stored)
{
	unsigned iterations;
	unsigned char salt[PASSWORD_SALT_BYTES], want[PASSWORD_KEY_BYTES], got[PASSWORD_KEY_BYTES];
	if (!password_parse_stored(stored, &iterations, salt, want))
		return password_verify_nobody(pw);   /* same time as any other refusal */
	if (!password_pbkdf2(pw, strlen(pw), salt, sizeof salt, iterations, got, sizeof got))
		return false;
	return crypto_equal(got, want, sizeof got);
}

bool password_verify_nobody(const char *pw)
{
	static const unsigned char salt[PASSWORD_SALT_BYTES] = "no such account";
	unsigned char key[PASSWORD_KEY_BYTES];
	password_pbkdf2(pw, strlen(pw), salt, sizeof salt, PASSWORD_ITERATIONS, key, sizeof key);
	return false;
}
