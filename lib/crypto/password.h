#ifndef WALK_PASSWORD_H
#define WALK_PASSWORD_H
/*
 * Admin passwords (README "Admin", "Accounts"): PBKDF2-HMAC-SHA256 through mbedtls with a
 * random 16-byte salt per password, stored as one self-describing string
 *
 *   pbkdf2_sha256$100000$<salt, base64>$<32-byte derived key, base64>
 *
 * The iteration count travels with each hash, so that it can be raised later
 * without invalidating stored passwords.  Verification compares in constant
 * time.  Nothing here logs, and callers never log a password or a hash.
 */
#include <stdbool.h>
#include <stddef.h>

/* The count new hashes use, and the floor of what is accepted.  One
 * verification costs about 0.2 s of one core on the reference machine, which
 * is what an attacker with a stolen database pays per guess too. */
#define PASSWORD_ITERATIONS 100000
/* Counts accepted when verifying: below the floor is refused as corrupt; the
 * cap keeps a forged row from pinning a worker. */
#define PASSWORD_MIN_ITERATIONS 100000
#define PASSWORD_MAX_ITERATIONS 10000000
/* The salt and the derived key of a stored hash, in bytes. */
#define PASSWORD_SALT_BYTES 16
#define PASSWORD_KEY_BYTES 32
/* Size of a stored hash string with its NUL. */
#define PASSWORD_HASH_BUF 128
/* What an admin may choose: 8 to 128 bytes of printable text (valid_text). */
#define PASSWORD_MIN_BYTES 8
#define PASSWORD_MAX_BYTES 128

/* Whether pw is acceptable as a new password: PASSWORD_MIN_BYTES..MAX_BYTES
 * bytes, well-formed UTF-8 without control characters. */
bool password_acceptable(const char *pw);

/* Hashes pw with a fresh random salt and PASSWORD_ITERATIONS into out. */
void password_hash(const char *pw, char out[PASSWORD_HASH_BUF]);

/* Whether pw matches stored.  A malformed stored string (wrong scheme,
 * iterations outside the accepted range, bad base64, wrong lengths) never
 * matches. */
bool password_verify(const char *pw, const char *stored);

/* Splits a stored string into its iteration count (within
 * PASSWORD_MIN_ITERATIONS..PASSWORD_MAX_ITERATIONS), salt and key.  Returns
 * false for anything not exactly in the form password_hash() writes (decimal
 * count without leading zeros, canonical base64); the outputs are then
 * unspecified.  Runs no PBKDF2. */
bool password_parse_stored(const char *stored, unsigned *iterations, unsigned char salt[PASSWORD_SALT_BYTES],
                           unsigned char key[PASSWORD_KEY_BYTES]);

/* Spends the time of one verification and returns false: what a login with
 * an unknown username does, so that its answer takes as long as a wrong
 * password's and tells nothing about which usernames exist. */
bool password_verify_nobody(const char *pw);

/* The raw primitive (exposed for the unit test's RFC 7914 vectors):
 * PBKDF2-HMAC-SHA256 of (pw, salt) with iterations, keylen bytes into out.
 * Returns false only if mbedtls refuses (out of memory). */
bool password_pbkdf2(const void *pw, size_t pwlen, const void *salt, size_t saltlen, unsigned iterations,
                     void *out, size_t keylen);

#endif
