#include "cipher.h"

#include <mbedtls/aes.h>
#include <mbedtls/platform_util.h>
#include <string.h>

int cipher_aes128_cbc_encrypt(const unsigned char key[16], const unsigned char iv[16],
                              const unsigned char *in, size_t n, unsigned char *out,
                              size_t *out_len)
{
	size_t whole = n - n % CIPHER_AES_BLOCK;
	size_t tail = n - whole;
	unsigned char pad = (unsigned char)(CIPHER_AES_BLOCK - tail);
	unsigned char chain[CIPHER_AES_BLOCK], last[CIPHER_AES_BLOCK];
	mbedtls_aes_context aes;
	int rc = -1;

	/* The padded last block is built apart, so that in is read as given and
	 * out is only written: no aliasing to ask of mbedtls. */
	if (tail)
		memcpy(last, in + whole, tail);
	memset(last + tail, pad, pad);
	memcpy(chain, iv, CIPHER_AES_BLOCK);
	mbedtls_aes_init(&aes);
	if (mbedtls_aes_setkey_enc(&aes, key, 128) != 0)
		goto done;
	if (whole && mbedtls_aes_crypt_cbc(&aes, MBEDTLS_AES_ENCRYPT, whole, chain, in, out) != 0)
		goto done;
	if (mbedtls_aes_crypt_cbc(&aes, MBEDTLS_AES_ENCRYPT, CIPHER_AES_BLOCK, chain, last,
	                          out + whole) != 0)
		goto done;
	*out_len = whole + CIPHER_AES_BLOCK;
	rc = 0;
done:
	mbedtls_aes_free(&aes);
	mbedtls_platform_zeroize(last, sizeof last);
	return rc;
}

/* 0 if the last 16 bytes of a decrypted buffer of n >= 16 bytes end in valid
 * PKCS#7 padding (setting *pad), else nonzero.  Branch-free over the block. */
static unsigned padding_error(const unsigned char *plain, size_t n, unsigned char *pad)
{
	const unsigned char *block = plain + n - CIPHER_AES_BLOCK;
	unsigned p = block[CIPHER_AES_BLOCK - 1];
	unsigned bad = (unsigned)(p == 0) | (unsigned)(p > CIPHER_AES_BLOCK);
	for (unsigned i = 0; i < CIPHER_AES_BLOCK; i++) {
		/* Byte i from the end is padding when i < p: then it must equal p. */
		unsigned in_pad = 0u - (unsigned)(i < p);
		bad |= in_pad & (unsigned)(block[CIPHER_AES_BLOCK - 1 - i] ^ p);
	}
	*pad = (unsigned char)p;
	return bad;
}

int cipher_aes128_cbc_decrypt(const unsigned char key[16], const unsigned char iv[16],
                              const unsigned char *in, size_t n, unsigned char *out,
                              size_t *out_len)
{
	unsigned char chain[CIPHER_AES_BLOCK], pad = 0;
	mbedtls_aes_context aes;
	int rc = -1;

	if (n == 0 || n % CIPHER_AES_BLOCK != 0)
		return -1;
	memcpy(chain, iv, CIPHER_AES_BLOCK);
	mbedtls_aes_init(&aes);
	if (mbedtls_aes_setkey_dec(&aes, key, 128) == 0
	    && mbedtls_aes_crypt_cbc(&aes, MBEDTLS_AES_DECRYPT, n, chain, in, out) == 0
	    && padding_error(out, n, &pad) == 0) {
		*out_len = n - pad;
		rc = 0;
	} else {
		mbedtls_platform_zeroize(out, n);
	}
	mbedtls_aes_free(&aes);
	return rc;
}
