/* lib/crypto: strict base64, SHA-256, the DRBG helpers. */
#include "crypto.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

static void base64_round_trip(void **state)
{
	(void)state;
	unsigned char in[40], out[40];
	char text[64];
	for (size_t n = 1; n <= sizeof in; n++) {
		crypto_random(in, n);
		size_t len = crypto_base64_encode(in, n, text, sizeof text);
		assert_int_equal(len, (n + 2) / 3 * 4);
		assert_int_equal(crypto_base64_decode(text, len, out, sizeof out), (long)n);
		assert_memory_equal(in, out, n);
	}
}

static void base64_is_strict(void **state)
{
	(void)state;
	unsigned char out[32];
	assert_int_equal(crypto_base64_decode("tiihtNczf5v6AKRyjwEUhQ==", 24, out, 16), 16);
	const char *bad[] = { "tiihtNczf5v6AKRyjwEUhQ=",      /* length not a multiple of 4 */
	                      "tiihtNczf5v6AKRyjwEUhQ==    ",  /* trailing spaces */
	                      "tiihtNczf5v6AKRy\njwEUhQ==",   /* a line break */
	                      "tiih=Nczf5v6AKRyjwEUhQ==",      /* '=' inside */
	                      "tiihtNczf5v6AKRyjwEUhR==",      /* non-canonical last bits */
	                      "tiihtNczf5v6AKRyjwEU-_==",      /* base64url alphabet */
	                      "" };
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		assert_int_equal(crypto_base64_decode(bad[i], strlen(bad[i]), out, sizeof out), -1);
	/* Too small an output is refused, not overrun. */
	assert_int_equal(crypto_base64_decode("tiihtNczf5v6AKRyjwEUhQ==", 24, out, 15), -1);
}

static void sha256_known_vector(void **state)
{
	(void)state;
	char hex[CRYPTO_SHA256_HEX_SIZE];
	crypto_sha256_hex("abc", 3, hex);
	assert_string_equal(hex, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
	assert_true(crypto_equal("same", "same", 4));
	assert_false(crypto_equal("same", "sane", 4));
}

static void random_below_stays_in_range(void **state)
{
	(void)state;
	int seen[7] = { 0 };
	for (int i = 0; i < 7000; i++) {
		uint64_t v = crypto_random_below(7);
		assert_true(v < 7);
		seen[v]++;
	}
	for (int i = 0; i < 7; i++)
		assert_true(seen[i] > 700);   /* about 1000 each; far from 0 */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(base64_round_trip),
		cmocka_unit_test(base64_is_strict),
		cmocka_unit_test(sha256_known_vector),
		cmocka_unit_test(random_below_stays_in_range),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
