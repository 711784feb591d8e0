/* cipher_aes128_cbc_decrypt(): AES-128-CBC with strict PKCS#7 unpadding
 * (cipher.h), under a fixed key and iv, the input as ciphertext.
 * Properties, against mbedtls' raw CBC and a padding check written out here:
 * accepted exactly when the length is a non-zero multiple of 16 and the
 * padding is valid; then the plaintext is the raw one without its padding and
 * encrypts back to the input; refused, *out_len is untouched and a decrypted
 * buffer is left zeroed.  Also: the input as plaintext encrypts to a padded
 * length and decrypts back to itself. */
#include "fuzz.h"

#include "cipher.h"

#include <mbedtls/aes.h>
#include <stdbool.h>

static const unsigned char key[16] = { 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15 };
static const unsigned char iv[16] = { 0xf0, 0xf1, 0xf2, 0xf3, 0xf4, 0xf5, 0xf6, 0xf7,
	                              0xf8, 0xf9, 0xfa, 0xfb, 0xfc, 0xfd, 0xfe, 0xff };

static void *alloc(size_t n)
{
	void *p = malloc(n ? n : 1);
	if (!p)
		abort();
	return p;
}

/* CBC without any padding logic: the reference the unpadding is judged by. */
static void raw_decrypt(const uint8_t *in, size_t n, unsigned char *out)
{
	unsigned char chain[16];
	mbedtls_aes_context aes;
	memcpy(chain, iv, sizeof chain);
	mbedtls_aes_init(&aes);
	FUZZ_CHECK(mbedtls_aes_setkey_dec(&aes, key, 128) == 0);
	FUZZ_CHECK(mbedtls_aes_crypt_cbc(&aes, MBEDTLS_AES_DECRYPT, n, chain, in, out) == 0);
	mbedtls_aes_free(&aes);
}

static bool padding_valid(const unsigned char *plain, size_t n)
{
	unsigned p = plain[n - 1];
	if (p < 1 || p > 16)
		return false;
	for (size_t i = n - p; i < n; i++)
		if (plain[i] != p)
			return false;
	return true;
}

static void decrypt_input(const uint8_t *data, size_t size)
{
	unsigned char *out = alloc(size);
	size_t out_len = (size_t)-1;
	int rc = cipher_aes128_cbc_decrypt(key, iv, data, size, out, &out_len);
	if (size == 0 || size % 16 != 0) {
		FUZZ_CHECK(rc == -1 && out_len == (size_t)-1);
		free(out);
		return;
	}
	unsigned char *raw = alloc(size);
	raw_decrypt(data, size, raw);
	bool valid = padding_valid(raw, size);
	FUZZ_CHECK((rc == 0) == valid);
	if (valid) {
		FUZZ_CHECK(out_len == size - raw[size - 1]);
		FUZZ_CHECK(memcmp(out, raw, out_len) == 0);
		unsigned char *again = alloc(out_len + 16);
		size_t again_len = 0;
		FUZZ_CHECK(cipher_aes128_cbc_encrypt(key, iv, out, out_len, again, &again_len) == 0);
		FUZZ_CHECK(again_len == size && memcmp(again, data, size) == 0);
		free(again);
	} else {
		FUZZ_CHECK(out_len == (size_t)-1);
		for (size_t i = 0; i < size; i++)
			FUZZ_CHECK(out[i] == 0);
	}
	free(raw);
	free(out);
}

static void encrypt_input(const uint8_t *data, size_t size)
{
	unsigned char *sealed = alloc(size + 16), *opened = alloc(size + 16);
	size_t sealed_len = 0, opened_len = 0;
	FUZZ_CHECK(cipher_aes128_cbc_encrypt(key, iv, data, size, sealed, &sealed_len) == 0);
	FUZZ_CHECK(sealed_len % 16 == 0 && sealed_len > size && sealed_len <= size + 16);
	FUZZ_CHECK(cipher_aes128_cbc_decrypt(key, iv, sealed, sealed_len, opened, &opened_len) == 0);
	FUZZ_CHECK(opened_len == size && (size == 0 || memcmp(opened, data, size) == 0));
	free(opened);
	free(sealed);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	decrypt_input(data, size);
	encrypt_input(data, size);
	return 0;
}
