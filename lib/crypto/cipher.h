#ifndef WALK_CIPHER_H
#define WALK_CIPHER_H
/*
 * AES-128-CBC with PKCS#7 padding (mbedtls), the cipher of WeChat's "open
 * data" (WECHAT.md §2: WeRun, user info, phone number).  Raw bytes in and out:
 * base64 is the caller's business (crypto.h).  No state, no allocation; the
 * caller's key and iv are never modified (mbedtls advances the iv it is given,
 * so these functions work on a copy).
 */
#include <stddef.h>

#define CIPHER_AES_BLOCK 16

/* Encrypts n bytes of in (any n, 0 included) under key with iv, appending
 * PKCS#7 padding: 1..16 bytes, each equal to the padding's length, so that a
 * whole number of blocks results (a full block of 16 when n is already a
 * multiple of 16).  out must hold n + 16 bytes and must not overlap in; the
 * ciphertext length (n rounded up to the next multiple of 16, strictly above
 * n) goes to *out_len.  Returns 0, or -1 if mbedtls refuses the key (it does
 * not, for 16 bytes). */
int cipher_aes128_cbc_encrypt(const unsigned char key[16], const unsigned char iv[16],
                              const unsigned char *in, size_t n, unsigned char *out,
                              size_t *out_len);

/* Decrypts n bytes of in under key with iv into out (n bytes, must not
 * overlap in) and checks the padding strictly: the last byte p must be 1..16
 * and each of the last p bytes must equal p.  The check reads the last block
 * in full whatever p is, so that its time does not depend on the padding.
 * Returns 0 and sets *out_len = n - p, or -1 (leaving *out_len alone) when n
 * is 0 or not a multiple of 16 (out untouched) or when the padding is bad (out
 * zeroed: nothing of a wrongly padded plaintext is left for the caller to
 * use). */
int cipher_aes128_cbc_decrypt(const unsigned char key[16], const unsigned char iv[16],
                              const unsigned char *in, size_t n, unsigned char *out,
                              size_t *out_len);

#endif
