/* lib/crypto/aead: AES-256-GCM against the GCM specification's test case 16
 * and the callback vector of wxpay_vectors.h (OpenSSL's GCM, through node). */
#include "aead.h"

#include "crypto.h"
#include "wxpay_vectors.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

static size_t unhex(const char *hex, unsigned char *out)
{
	size_t n = strlen(hex) / 2;
	for (size_t i = 0; i < n; i++) {
		unsigned v;
		assert_int_equal(sscanf(hex + 2 * i, "%2x", &v), 1);
		out[i] = (unsigned char)v;
	}
	return n;
}

/* McGrew and Viega, "The Galois/Counter Mode of Operation", test case 16
 * (256-bit key, 60 bytes, 20 bytes of associated data, 96-bit IV); python3's
 * cryptography gives the same bytes. */
#define TC16_KEY "feffe9928665731c6d6a8f9467308308feffe9928665731c6d6a8f9467308308"
#define TC16_PLAIN "d9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a721c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de657ba637b39"
#define TC16_AD "feedfacedeadbeeffeedfacedeadbeefabaddad2"
#define TC16_IV "cafebabefacedbaddecaf888"
#define TC16_SEALED "522dc1f099567d07f47f37a32a84427d643a8cdcbfe5c0c97598a2bd2555d1aa8cb08e48590dbb3da7b08b1056828838c5f61e6393ba7a0abcc9f662" \
                    "76fc6ece0f4e1768cddf8853bb2d551b"

static void gcm_specification_vector(void **state)
{
	(void)state;
	unsigned char key[32], plain[60], ad[20], iv[12], sealed[76], out[76];
	unhex(TC16_KEY, key);
	unhex(TC16_PLAIN, plain);
	unhex(TC16_AD, ad);
	unhex(TC16_IV, iv);
	assert_int_equal(unhex(TC16_SEALED, sealed), 76);
	assert_int_equal(aead_aes256gcm_seal(key, iv, 12, ad, 20, plain, 60, out), 0);
	assert_memory_equal(out, sealed, 76);
	unsigned char opened[60];
	assert_int_equal(aead_aes256gcm_open(key, iv, 12, ad, 20, sealed, 76, opened), 0);
	assert_memory_equal(opened, plain, 60);
}

static void wechat_pay_resource_vector(void **state)
{
	(void)state;
	static const char plain[] = RESOURCE_PLAIN;
	size_t n = sizeof plain - 1;
	unsigned char expected[sizeof plain + AEAD_TAG_BYTES], sealed[sizeof plain + AEAD_TAG_BYTES];
	assert_int_equal(crypto_base64_decode(RESOURCE_CIPHERTEXT, strlen(RESOURCE_CIPHERTEXT), expected, sizeof expected),
	                 (long)(n + AEAD_TAG_BYTES));
	const unsigned char *key = (const unsigned char *)APIV3_KEY, *nonce = (const unsigned char *)RESOURCE_NONCE;
	const unsigned char *ad = (const unsigned char *)"mch_payment";
	assert_int_equal(aead_aes256gcm_seal(key, nonce, 12, ad, 11, (const unsigned char *)plain, n, sealed), 0);
	assert_memory_equal(sealed, expected, n + AEAD_TAG_BYTES);
	char opened[sizeof plain] = "";
	assert_int_equal(aead_aes256gcm_open(key, nonce, 12, ad, 11, expected, n + AEAD_TAG_BYTES,
	                                     (unsigned char *)opened), 0);
	assert_memory_equal(opened, plain, n);
}

/* Each change of what GCM authenticates is refused, and the output is zero. */
static void refuses_anything_altered(void **state)
{
	(void)state;
	unsigned char key[32], plain[60], ad[20], iv[12], sealed[76], out[60];
	unhex(TC16_KEY, key);
	unhex(TC16_PLAIN, plain);
	unhex(TC16_AD, ad);
	unhex(TC16_IV, iv);
	unhex(TC16_SEALED, sealed);
	static const unsigned char zero[60];
	for (size_t i = 0; i < 76; i += 5) {   /* ciphertext and tag */
		sealed[i] ^= 0x01;
		memset(out, 0xAA, sizeof out);
		assert_int_equal(aead_aes256gcm_open(key, iv, 12, ad, 20, sealed, 76, out), -1);
		assert_memory_equal(out, zero, 60);
		sealed[i] ^= 0x01;
	}
	ad[0] ^= 1;
	assert_int_equal(aead_aes256gcm_open(key, iv, 12, ad, 20, sealed, 76, out), -1);
	ad[0] ^= 1;
	assert_int_equal(aead_aes256gcm_open(key, iv, 12, ad, 19, sealed, 76, out), -1);
	iv[11] ^= 1;
	assert_int_equal(aead_aes256gcm_open(key, iv, 12, ad, 20, sealed, 76, out), -1);
	iv[11] ^= 1;
	key[31] ^= 1;
	assert_int_equal(aead_aes256gcm_open(key, iv, 12, ad, 20, sealed, 76, out), -1);
	key[31] ^= 1;
	/* truncated: a tag cut short, or less than a tag */
	assert_int_equal(aead_aes256gcm_open(key, iv, 12, ad, 20, sealed, 75, out), -1);
	assert_int_equal(aead_aes256gcm_open(key, iv, 12, ad, 20, sealed, 15, out), -1);
	assert_int_equal(aead_aes256gcm_open(key, iv, 0, ad, 20, sealed, 76, out), -1);
	/* and unaltered it still opens */
	assert_int_equal(aead_aes256gcm_open(key, iv, 12, ad, 20, sealed, 76, out), 0);
	assert_memory_equal(out, plain, 60);
}

static void empty_plaintext_is_a_tag_alone(void **state)
{
	(void)state;
	unsigned char key[32] = { 7 }, tag[AEAD_TAG_BYTES], out[1];
	assert_int_equal(aead_aes256gcm_seal(key, (const unsigned char *)"123456789012", 12, NULL, 0, NULL, 0, tag), 0);
	assert_int_equal(aead_aes256gcm_open(key, (const unsigned char *)"123456789012", 12, NULL, 0, tag, sizeof tag, out), 0);
	tag[0] ^= 1;
	assert_int_equal(aead_aes256gcm_open(key, (const unsigned char *)"123456789012", 12, NULL, 0, tag, sizeof tag, out), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(gcm_specification_vector),
		cmocka_unit_test(wechat_pay_resource_vector),
		cmocka_unit_test(refuses_anything_altered),
		cmocka_unit_test(empty_plaintext_is_a_tag_alone),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
