#ifndef WALK_RSA_SIGN_H
#define WALK_RSA_SIGN_H
/*
 * SHA256withRSA (RSASSA-PKCS1-v1_5 over SHA-256), the signature of WeChat Pay
 * v3 (WECHATPAY2-SHA256-RSA2048), over mbedtls' pk layer.  Keys come from PEM
 * files; signatures travel as standard base64 (crypto.h).  PKCS#1 v1.5 is
 * deterministic: the same key and message always give the same signature,
 * which is what lets the tests compare with `openssl dgst -sha256 -sign`.
 *
 * A key is used by one thread at a time (mbedtls' RSA blinding state lives in
 * it); every process here is single-threaded per key.
 */
#include <stdbool.h>
#include <stddef.h>

struct rsa_key;

/* Keys shorter than this are refused when loaded: WeChat Pay's scheme is
 * RSA-2048, and nothing weaker may pass for it. */
enum { RSA_KEY_MIN_BITS = 2048 };
/* Room for the base64 of a signature by a key of up to 4096 bits, with NUL. */
enum { RSA_SIG_B64_SIZE = 4 * ((4096 / 8 + 2) / 3) + 1 };

/* PEM (PKCS#1 or PKCS#8) from a file; 0, or -1 with a reason in err. */
int rsa_key_load_private_file(const char *path, struct rsa_key **key, char *err, size_t errsize);
int rsa_key_load_public_file(const char *path, struct rsa_key **key, char *err, size_t errsize);
void rsa_key_free(struct rsa_key *key);
/* SHA256withRSA, PKCS#1 v1.5, base64 into out (NUL-terminated); 0 or -1. */
int rsa_sign_sha256_b64(struct rsa_key *key, const void *msg, size_t n, char *out, size_t outsize);
/* true only for a valid signature; false for anything else (bad base64 too). */
bool rsa_verify_sha256_b64(struct rsa_key *key, const void *msg, size_t n, const char *sig_b64);

#endif
