/* sealed_open() (sealed.h), the reader of values sealed at rest, on the input
 * as a stored text (a C string), under a fixed data key and place.
 * Properties: it opens exactly what GCM under the fixed key authenticates for
 * that place (a reference written out here: the header, canonical base64 of
 * a nonce, a ciphertext and a tag, decrypted by a context of its own), with
 * the same plaintext, and the input is then the only text of those bytes; a
 * sealer of another key (no seed is sealed under it) opens nothing; a refusal
 * leaves the output zeroed and the length untouched; the status names the
 * form (no version tag: not sealed).  Also: the input as a plaintext seals
 * and opens back to itself, and opens nowhere else. */
#include "fuzz.h"

#include "crypto.h"
#include "sealed.h"

#include <mbedtls/gcm.h>
#include <stdbool.h>

#define KEY_HEX "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f"
#define OTHER_HEX "f0e1d2c3b4a5968778695a4b3c2d1e0f00112233445566778899aabbccddeeff"
#define PLACE "users.session_key:o-fuzz"

static struct sealer sealer, other;
static mbedtls_gcm_context reference;

static void init_once(void)
{
	static bool ready;
	if (ready)
		return;
	FUZZ_CHECK(sealer_init(&sealer, KEY_HEX) == 0 && sealer_init(&other, OTHER_HEX) == 0);
	unsigned char key[32];
	for (int i = 0; i < 32; i++)
		key[i] = (unsigned char)i;   /* KEY_HEX */
	mbedtls_gcm_init(&reference);
	FUZZ_CHECK(mbedtls_gcm_setkey(&reference, MBEDTLS_CIPHER_ID_AES, key, 256) == 0);
	ready = true;
}

/* The reference reading: true with the plaintext when stored is the fixed
 * sealer's header followed by canonical base64 of nonce | ciphertext | tag
 * that GCM authenticates for PLACE. */
static bool reference_open(const char *stored, unsigned char *plain, size_t *plain_len)
{
	static unsigned char body[SEALED_NONCE_BYTES + SEALED_PLAIN_MAX + SEALED_TAG_BYTES];
	if (strncmp(stored, sealer.header, SEALED_HEADER_CHARS) != 0)
		return false;
	const char *text = stored + SEALED_HEADER_CHARS;
	long n = crypto_base64_decode(text, strlen(text), body, sizeof body);
	if (n < SEALED_NONCE_BYTES + SEALED_TAG_BYTES)
		return false;
	size_t len = (size_t)n - SEALED_NONCE_BYTES - SEALED_TAG_BYTES;
	unsigned char aad[SEALED_HEADER_CHARS + sizeof PLACE - 1];
	memcpy(aad, sealer.header, SEALED_HEADER_CHARS);
	memcpy(aad + SEALED_HEADER_CHARS, PLACE, sizeof PLACE - 1);
	if (mbedtls_gcm_auth_decrypt(&reference, len, body, SEALED_NONCE_BYTES, aad, sizeof aad,
	                             body + SEALED_NONCE_BYTES + len, SEALED_TAG_BYTES, body + SEALED_NONCE_BYTES,
	                             plain) != 0)
		return false;
	/* One text per bytes: they encode back to the input. */
	char again[SEALED_TEXT_SIZE(SEALED_PLAIN_MAX)];
	FUZZ_CHECK(crypto_base64_encode(body, (size_t)n, again, sizeof again) > 0);
	FUZZ_CHECK(strcmp(again, text) == 0);
	*plain_len = len;
	return true;
}

static void check_refusal(const unsigned char *out, size_t size, size_t out_len)
{
	FUZZ_CHECK(out_len == (size_t)-1);
	for (size_t i = 0; i < size; i++)
		FUZZ_CHECK(out[i] == 0);
}

static void open_input(const char *stored)
{
	static unsigned char out[SEALED_PLAIN_MAX + 1], expected[SEALED_PLAIN_MAX];
	size_t out_len = (size_t)-1, expected_len = 0;
	memset(out, 0xa5, sizeof out);
	enum sealed_status st = sealed_open(&sealer, PLACE, stored, out, sizeof out, &out_len);
	FUZZ_CHECK(st != SEALED_TOO_LONG);   /* out holds the longest value */
	FUZZ_CHECK((st == SEALED_NOT_SEALED) == !sealed_has_version(stored));
	bool genuine = reference_open(stored, expected, &expected_len);
	FUZZ_CHECK((st == SEALED_OK) == genuine);
	if (genuine) {
		FUZZ_CHECK(out_len == expected_len && memcmp(out, expected, expected_len) == 0);
		FUZZ_CHECK(out[out_len] == '\0');
	} else {
		check_refusal(out, sizeof out, out_len);
	}
	out_len = (size_t)-1;
	memset(out, 0xa5, sizeof out);
	FUZZ_CHECK(sealed_open(&other, PLACE, stored, out, sizeof out, &out_len) != SEALED_OK);
	check_refusal(out, sizeof out, out_len);
}

static void seal_input(const uint8_t *data, size_t size)
{
	static char text[SEALED_TEXT_SIZE(SEALED_PLAIN_MAX)];
	static unsigned char out[SEALED_PLAIN_MAX + 1];
	if (size > SEALED_PLAIN_MAX) {
		FUZZ_CHECK(sealed_seal(&sealer, PLACE, data, size, text, sizeof text) == -1);
		return;
	}
	FUZZ_CHECK(sealed_seal(&sealer, PLACE, data, size, text, SEALED_TEXT_SIZE(size)) == 0);
	FUZZ_CHECK(strlen(text) + 1 == SEALED_TEXT_SIZE(size));
	size_t out_len = 0;
	FUZZ_CHECK(sealed_open(&sealer, PLACE, text, out, sizeof out, &out_len) == SEALED_OK);
	FUZZ_CHECK(out_len == size && (size == 0 || memcmp(out, data, size) == 0));
	FUZZ_CHECK(sealed_open(&sealer, "users.session_key:o-other", text, out, sizeof out, &out_len)
	           == SEALED_REFUSED);
	FUZZ_CHECK(sealed_open(&other, PLACE, text, out, sizeof out, &out_len) == SEALED_OTHER_KEY);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	init_once();
	char *stored = fuzz_strndup(data, size);
	open_input(stored);
	free(stored);
	seal_input(data, size);
	return 0;
}
