#ifndef WALK_AEAD_H
#define WALK_AEAD_H
/*
 * AES-256-GCM with a 16-byte tag (mbedtls), WeChat Pay's AEAD_AES_256_GCM:
 * the callbacks' resource is sealed under the merchant's APIv3 key.  Raw bytes
 * in and out, no state, no allocation; base64 is the caller's business.  The
 * nonce may have any length above 0 (WeChat Pay's is 12 bytes); the caller
 * never reuses a nonce under one key.
 */
#include <stddef.h>

enum { AEAD_TAG_BYTES = 16 };

/* AES-256-GCM; out gets n bytes of ciphertext followed by the 16-byte tag. */
int aead_aes256gcm_seal(const unsigned char key[32], const unsigned char *nonce, size_t nonce_len,
                        const unsigned char *ad, size_t ad_len, const unsigned char *plain, size_t n,
                        unsigned char *out);
/* in holds ciphertext ‖ tag (n >= 16); out gets n - 16 bytes; 0, or -1 if not authentic. */
int aead_aes256gcm_open(const unsigned char key[32], const unsigned char *nonce, size_t nonce_len,
                        const unsigned char *ad, size_t ad_len, const unsigned char *in, size_t n,
                        unsigned char *out);

#endif
