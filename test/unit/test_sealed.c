/* lib/crypto/sealed: values sealed at rest open only under their key, for
 * their place, exactly as sealed; every other value is refused for what it is
 * and leaves nothing in the caller's buffer. */
#include "crypto.h"
#include "sealed.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#define KEY_A "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f"
#define KEY_B "f0e1d2c3b4a5968778695a4b3c2d1e0f00112233445566778899aabbccddeeff"
#define PLACE "users.session_key:o-alice"
#define SESSION_KEY "tiihtNczf5v6AKRyjwEUhQ=="

struct keys {
	struct sealer a, b;
};

static int setup(void **state)
{
	static struct keys k;
	assert_int_equal(sealer_init(&k.a, KEY_A), 0);
	assert_int_equal(sealer_init(&k.b, KEY_B), 0);
	*state = &k;
	return 0;
}

static int teardown(void **state)
{
	struct keys *k = *state;
	sealer_free(&k->a);
	sealer_free(&k->b);
	return 0;
}

/* Opens stored with s for PLACE and checks the status; on a refusal, that
 * the output is zeroed and the length untouched. */
static void expect_open(struct sealer *s, const char *place, const char *stored, enum sealed_status expected)
{
	char out[SEALED_PLAIN_MAX + 1];
	size_t len = 12345;
	memset(out, 'x', sizeof out);
	enum sealed_status st = sealed_open(s, place, stored, out, sizeof out, &len);
	if (st != expected)
		fail_msg("%s: %s, expected %s", stored, sealed_status_text(st), sealed_status_text(expected));
	if (st != SEALED_OK) {
		assert_int_equal(len, 12345);
		for (size_t i = 0; i < sizeof out; i++)
			assert_int_equal(out[i], 0);
	}
}

static void seal(struct sealer *s, const char *place, const char *plain, char *out, size_t size)
{
	assert_int_equal(sealed_seal(s, place, plain, strlen(plain), out, size), 0);
}

static void values_open_to_what_was_sealed(void **state)
{
	struct keys *k = *state;
	unsigned char plain[SEALED_PLAIN_MAX], out[SEALED_PLAIN_MAX + 1];
	char text[SEALED_TEXT_SIZE(SEALED_PLAIN_MAX)];
	for (size_t n = 0; n <= SEALED_PLAIN_MAX; n += n < 40 ? 1 : 27) {
		crypto_random(plain, n);
		assert_int_equal(sealed_seal(&k->a, PLACE, plain, n, text, SEALED_TEXT_SIZE(n)), 0);
		assert_int_equal(strlen(text) + 1, SEALED_TEXT_SIZE(n));
		assert_memory_equal(text, k->a.header, SEALED_HEADER_CHARS);
		size_t len = 0;
		assert_int_equal(sealed_open(&k->a, PLACE, text, out, n + 1, &len), SEALED_OK);
		assert_int_equal(len, n);
		assert_memory_equal(out, plain, n);
		assert_int_equal(out[n], '\0');
	}
	/* A session key as the store seals it: 84 characters. */
	char again[SEALED_TEXT_SIZE(24)];
	seal(&k->a, PLACE, SESSION_KEY, text, sizeof text);
	seal(&k->a, PLACE, SESSION_KEY, again, sizeof again);
	assert_int_equal(strlen(text), 84);
	assert_string_not_equal(text, again);   /* a fresh nonce each time */
	assert_null(strstr(text, SESSION_KEY));
	expect_open(&k->a, PLACE, again, SEALED_OK);
}

static void the_key_id_names_the_key(void **state)
{
	struct keys *k = *state;
	assert_int_equal(strncmp(k->a.header, "s1:", 3), 0);
	assert_int_equal(strspn(k->a.header + 3, "0123456789abcdef"), SEALED_KEY_ID_CHARS);
	assert_int_equal(k->a.header[SEALED_HEADER_CHARS - 1], ':');
	assert_string_not_equal(k->a.header, k->b.header);
	/* The same key in upper case is the same key. */
	char upper[SEALED_KEY_HEX_CHARS + 1];
	for (size_t i = 0; i <= SEALED_KEY_HEX_CHARS; i++)
		upper[i] = (char)(KEY_A[i] >= 'a' && KEY_A[i] <= 'f' ? KEY_A[i] - 'a' + 'A' : KEY_A[i]);
	struct sealer same;
	assert_int_equal(sealer_init(&same, upper), 0);
	assert_string_equal(same.header, k->a.header);
	char text[SEALED_TEXT_SIZE(24)];
	seal(&k->a, PLACE, SESSION_KEY, text, sizeof text);
	expect_open(&same, PLACE, text, SEALED_OK);
	sealer_free(&same);
}

static void only_a_key_of_64_hex_digits_is_taken(void **state)
{
	(void)state;
	static const char *const bad[] = {
		"", "00", KEY_A "0", "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1",
		"g00102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f",
		" 00102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f",
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		struct sealer s;
		assert_int_equal(sealer_init(&s, bad[i]), -1);
		sealer_free(&s);
	}
	struct sealer s;
	assert_int_equal(sealer_init(&s, NULL), -1);
}

static void another_key_is_refused(void **state)
{
	struct keys *k = *state;
	char text[SEALED_TEXT_SIZE(24)];
	seal(&k->a, PLACE, SESSION_KEY, text, sizeof text);
	expect_open(&k->b, PLACE, text, SEALED_OTHER_KEY);
	/* Under B's key id (as if the ids collided), GCM itself refuses it. */
	memcpy(text, k->b.header, SEALED_HEADER_CHARS);
	expect_open(&k->b, PLACE, text, SEALED_REFUSED);
	expect_open(&k->a, PLACE, text, SEALED_OTHER_KEY);
}

static void another_place_is_refused(void **state)
{
	struct keys *k = *state;
	char text[SEALED_TEXT_SIZE(24)];
	seal(&k->a, PLACE, SESSION_KEY, text, sizeof text);
	expect_open(&k->a, "users.session_key:o-bob", text, SEALED_REFUSED);
	expect_open(&k->a, "users.session_key:o-alicf", text, SEALED_REFUSED);
	expect_open(&k->a, "", text, SEALED_REFUSED);
	expect_open(&k->a, PLACE, text, SEALED_OK);
}

/* Every bit of the nonce, the ciphertext and the tag, flipped one at a time. */
static void a_flipped_bit_is_refused(void **state)
{
	struct keys *k = *state;
	char text[SEALED_TEXT_SIZE(24)], forged[SEALED_TEXT_SIZE(24)];
	unsigned char body[SEALED_NONCE_BYTES + 24 + SEALED_TAG_BYTES];
	seal(&k->a, PLACE, SESSION_KEY, text, sizeof text);
	const char *b64 = text + SEALED_HEADER_CHARS;
	assert_int_equal(crypto_base64_decode(b64, strlen(b64), body, sizeof body), (long)sizeof body);
	for (size_t bit = 0; bit < 8 * sizeof body; bit++) {
		body[bit / 8] ^= (unsigned char)(1u << bit % 8);
		memcpy(forged, k->a.header, SEALED_HEADER_CHARS);
		assert_true(crypto_base64_encode(body, sizeof body, forged + SEALED_HEADER_CHARS,
		                                 sizeof forged - SEALED_HEADER_CHARS) > 0);
		expect_open(&k->a, PLACE, forged, SEALED_REFUSED);
		body[bit / 8] ^= (unsigned char)(1u << bit % 8);
	}
}

static void a_truncated_value_is_refused(void **state)
{
	struct keys *k = *state;
	char text[SEALED_TEXT_SIZE(24)], cut[SEALED_TEXT_SIZE(24)];
	seal(&k->a, PLACE, SESSION_KEY, text, sizeof text);
	for (size_t len = 0; len < strlen(text); len++) {
		snprintf(cut, sizeof cut, "%.*s", (int)len, text);
		char out[64];
		size_t out_len = 0;
		assert_int_not_equal(sealed_open(&k->a, PLACE, cut, out, sizeof out, &out_len), SEALED_OK);
	}
	/* Whole base64 groups less: a shorter ciphertext whose tag is wrong. */
	snprintf(cut, sizeof cut, "%.*s", (int)strlen(text) - 4, text);
	expect_open(&k->a, PLACE, cut, SEALED_REFUSED);
	/* Less than a nonce and a tag. */
	snprintf(cut, sizeof cut, "%.*s", SEALED_HEADER_CHARS + 36, text);
	expect_open(&k->a, PLACE, cut, SEALED_MALFORMED);
	snprintf(cut, sizeof cut, "%.*s", SEALED_HEADER_CHARS, text);
	expect_open(&k->a, PLACE, cut, SEALED_MALFORMED);
}

static void other_forms_are_named(void **state)
{
	struct keys *k = *state;
	char text[SEALED_TEXT_SIZE(24)], other[SEALED_TEXT_SIZE(24) + 8];
	seal(&k->a, PLACE, SESSION_KEY, text, sizeof text);
	expect_open(&k->a, PLACE, SESSION_KEY, SEALED_NOT_SEALED);   /* a row from before sealing */
	expect_open(&k->a, PLACE, "", SEALED_NOT_SEALED);
	expect_open(&k->a, PLACE, "s:abc", SEALED_NOT_SEALED);
	assert_false(sealed_has_version(SESSION_KEY));
	assert_true(sealed_has_version(text));
	assert_true(sealed_has_version("s2:"));
	snprintf(other, sizeof other, "s2:%s", text + 3);
	expect_open(&k->a, PLACE, other, SEALED_UNKNOWN_VERSION);
	snprintf(other, sizeof other, "s10:%s", text + 3);
	expect_open(&k->a, PLACE, other, SEALED_UNKNOWN_VERSION);
	snprintf(other, sizeof other, "s1:ABCDEF01:%s", text + SEALED_HEADER_CHARS);   /* no key id: upper case */
	expect_open(&k->a, PLACE, other, SEALED_MALFORMED);
	snprintf(other, sizeof other, "s1:%s", SESSION_KEY);
	expect_open(&k->a, PLACE, other, SEALED_MALFORMED);
	/* Not canonical base64: a line break, a padding shifted. */
	snprintf(other, sizeof other, "%.40s\n%s", text, text + 40);
	expect_open(&k->a, PLACE, other, SEALED_MALFORMED);
	snprintf(other, sizeof other, "%s==", text);
	expect_open(&k->a, PLACE, other, SEALED_MALFORMED);
}

static void buffers_are_checked(void **state)
{
	struct keys *k = *state;
	char text[SEALED_TEXT_SIZE(24)], out[25];
	size_t len = 99;
	/* Too small an output for the text, too much to seal, too long a place. */
	assert_int_equal(sealed_seal(&k->a, PLACE, SESSION_KEY, 24, text, SEALED_TEXT_SIZE(24) - 1), -1);
	assert_string_equal(text, "");
	static unsigned char big[SEALED_PLAIN_MAX + 1];
	static char big_text[SEALED_TEXT_SIZE(SEALED_PLAIN_MAX + 1)];
	assert_int_equal(sealed_seal(&k->a, PLACE, big, sizeof big, big_text, sizeof big_text), -1);
	char long_place[SEALED_AD_MAX + 2];
	memset(long_place, 'p', sizeof long_place - 1);
	long_place[sizeof long_place - 1] = '\0';
	assert_int_equal(sealed_seal(&k->a, long_place, SESSION_KEY, 24, text, sizeof text), -1);
	/* A genuine value with too small an output: said so, nothing copied. */
	seal(&k->a, PLACE, SESSION_KEY, text, sizeof text);
	memset(out, 'x', sizeof out);
	assert_int_equal(sealed_open(&k->a, PLACE, text, out, 24, &len), SEALED_TOO_LONG);
	assert_int_equal(len, 99);
	assert_int_equal(out[0], 0);
	assert_int_equal(sealed_open(&k->a, PLACE, text, out, 25, &len), SEALED_OK);
	assert_string_equal(out, SESSION_KEY);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(values_open_to_what_was_sealed),
		cmocka_unit_test(the_key_id_names_the_key),
		cmocka_unit_test(only_a_key_of_64_hex_digits_is_taken),
		cmocka_unit_test(another_key_is_refused),
		cmocka_unit_test(another_place_is_refused),
		cmocka_unit_test(a_flipped_bit_is_refused),
		cmocka_unit_test(a_truncated_value_is_refused),
		cmocka_unit_test(other_forms_are_named),
		cmocka_unit_test(buffers_are_checked),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
