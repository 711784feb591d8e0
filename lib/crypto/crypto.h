#ifndef WALK_CRYPTO_H
#define WALK_CRYPTO_H
/*
 * Thin wrappers over mbedtls, so that the rest of the code never touches its
 * contexts: a process-wide CTR-DRBG (seeded from the OS entropy source on first
 * use; every worker is exec'd, never forked, so no two processes share a
 * state), base64, hex, SHA-256.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Fills out with n cryptographically random bytes.  Aborts if the entropy
 * source fails: nothing secret may be made from a weak generator. */
void crypto_random(void *out, size_t n);
/* A uniformly random value in [0, bound), bound > 0, without modulo bias. */
uint64_t crypto_random_below(uint64_t bound);

/* Standard base64 with padding.  out needs 4*ceil(n/3)+1 bytes; returns the
 * length written (NUL-terminated), or 0 if out is too small. */
size_t crypto_base64_encode(const void *in, size_t n, char *out, size_t outsize);
/* Decodes standard base64, strictly: only the alphabet and '=' padding, no
 * white space, a length that is a multiple of 4.  Returns the
 * decoded length, or -1 on malformed input or if out is too small. */
long crypto_base64_decode(const char *in, size_t n, void *out, size_t outsize);

/* A bearer secret: 256 random bits as 43 base64url characters (+ NUL) in
 * token, and its SHA-256 in hex in hash — what the database keeps. */
enum { CRYPTO_TOKEN_CHARS = 43 };
/* A SHA-256 in lower-case hex, with its NUL. */
enum { CRYPTO_SHA256_HEX_SIZE = 2 * 32 + 1 };
void crypto_new_token(char token[CRYPTO_TOKEN_CHARS + 1], char hash[CRYPTO_SHA256_HEX_SIZE]);
/* The hash of a token as crypto_new_token() gives it; false (hash "") for
 * anything that is not 43 base64url characters. */
bool crypto_token_hash(const char *token, char hash[CRYPTO_SHA256_HEX_SIZE]);

/* Lower-case hex; out needs 2n+1 bytes. */
void crypto_hex(const void *in, size_t n, char *out);
/* SHA-256 of data as 64 lower-case hex characters plus NUL. */
void crypto_sha256_hex(const void *data, size_t n, char out[CRYPTO_SHA256_HEX_SIZE]);
/* Constant-time comparison of two equal-length byte strings. */
bool crypto_equal(const void *a, const void *b, size_t n);

#endif
