#include "aead.h"

#include <mbedtls/gcm.h>
#include <mbedtls/platform_util.h>

int aead_aes256gcm_seal(const unsigned char key[32], const unsigned char *nonce, size_t nonce_len,
                        const unsigned char *ad, size_t ad_len, const unsigned char *plain, size_t n,
                        unsigned char *out)
{
	if (nonce_len == 0)
		return -1;
	mbedtls_gcm_context gcm;
	mbedtls_gcm_init(&gcm);
	int rc = mbedtls_gcm_setkey(&gcm, MBEDTLS_CIPHER_ID_AES, key, 256);
	if (rc == 0)
		rc = mbedtls_gcm_crypt_and_tag(&gcm, MBEDTLS_GCM_ENCRYPT, n, nonce, nonce_len, ad, ad_len, plain, out,
		                               AEAD_TAG_BYTES, out + n);
	mbedtls_gcm_free(&gcm);
	return rc == 0 ? 0 : -1;
}

int aead_aes256gcm_open(const unsigned char key[32], const unsigned char *nonce, size_t nonce_len,
                        const unsigned char *ad, size_t ad_len, const unsigned char *in, size_t n,
                        unsigned char *out)
{
	if (n < AEAD_TAG_BYTES || nonce_len == 0)
		return -1;
	size_t len = n - AEAD_TAG_BYTES;
	mbedtls_gcm_context gcm;
	mbedtls_gcm_init(&gcm);
	int rc = mbedtls_gcm_setkey(&gcm, MBEDTLS_CIPHER_ID_AES, key, 256);
	if (rc == 0)
		rc = mbedtls_gcm_auth_decrypt(&gcm, len, nonce, nonce_len, ad, ad_len, in + len, AEAD_TAG_BYTES, in,
		                              out);
	mbedtls_gcm_free(&gcm);
	/* mbedtls already zeroes out on a bad tag; nothing unauthenticated is left. */
	if (rc != 0)
		mbedtls_platform_zeroize(out, len);
	return rc == 0 ? 0 : -1;
}
