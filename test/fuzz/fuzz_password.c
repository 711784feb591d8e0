/* password_parse_stored() (password.h), the reader of stored hashes
 * "pbkdf2_sha256$ITER$SALT$HASH", on the input as a C string.  It runs no
 * PBKDF2, so it is cheap whatever the input; what bounds the time of a
 * verification is the count it lets through.  Properties: an accepted string
 * has a count inside PASSWORD_MIN_ITERATIONS..PASSWORD_MAX_ITERATIONS and is
 * exactly what password_hash() writes for that count, salt and key (one
 * stored form per hash). */
#include "fuzz.h"

#include "crypto.h"
#include "password.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *stored = fuzz_strndup(data, size);
	unsigned iterations = 0;
	unsigned char salt[PASSWORD_SALT_BYTES], key[PASSWORD_KEY_BYTES];
	if (password_parse_stored(stored, &iterations, salt, key)) {
		FUZZ_CHECK(iterations >= PASSWORD_MIN_ITERATIONS && iterations <= PASSWORD_MAX_ITERATIONS);
		char salt64[32], key64[48], rebuilt[PASSWORD_HASH_BUF];
		FUZZ_CHECK(crypto_base64_encode(salt, sizeof salt, salt64, sizeof salt64) > 0);
		FUZZ_CHECK(crypto_base64_encode(key, sizeof key, key64, sizeof key64) > 0);
		snprintf(rebuilt, sizeof rebuilt, "pbkdf2_sha256$%u$%s$%s", iterations, salt64, key64);
		FUZZ_CHECK(strcmp(rebuilt, stored) == 0);
	}
	free(stored);
	return 0;
}
