#ifndef WALK_SEALED_H
#define WALK_SEALED_H
/*
 * Values sealed at rest: AES-256-GCM (mbedtls) under the installation's data
 * key (configuration `data_key`), so that a copy of the database (a stolen
 * file, a backup) does not give away what it holds.  Each value gets a fresh
 * random 96-bit nonce, and the caller names the place the value belongs to as
 * additional data (e.g. "users.session_key:<openid>"): a sealed value copied
 * into another row, or into another column, does not open there.  A value is
 * text:
 *
 *     s1:<key id>:<base64 of nonce (12 bytes) | ciphertext (n) | tag (16)>
 *
 * "s1" is the format's version.  The key id is 8 lower-case hex characters,
 * the first 4 bytes of SHA-256 over a fixed label and the key: it tells which
 * key sealed a value (what a key rotation needs to tell old values from new
 * ones) and says nothing useful about the key.  The header "s1:<key id>:" is
 * authenticated along with the caller's additional data, so that neither the
 * version nor the key id can be changed without the value refusing to open.
 *
 * Random nonces are safe for about 2^32 values per key (NIST SP 800-38D);
 * a login seals one value, so a key lasts for billions of logins.
 *
 * A struct sealer is keyed once (sealer_init: the AES key schedule and GCM's
 * table are computed there, never per value) and then used for any number of
 * values by one thread at a time.  Nothing here allocates or logs; the raw key
 * exists only inside the mbedtls context, which sealer_free wipes.
 */
#include <mbedtls/gcm.h>
#include <stdbool.h>
#include <stddef.h>

#define SEALED_KEY_HEX_CHARS 64    /* the data key: 256 bits as hex */
#define SEALED_NONCE_BYTES 12
#define SEALED_TAG_BYTES 16
#define SEALED_KEY_ID_CHARS 8
#define SEALED_HEADER_CHARS 12     /* "s1:" + key id + ":" */
#define SEALED_PLAIN_MAX 256       /* the longest value sealed or opened */
#define SEALED_AD_MAX 256          /* the longest additional data */
/* The size of the sealed text of n bytes, its NUL included. */
#define SEALED_TEXT_SIZE(n) \
	(SEALED_HEADER_CHARS + 4 * (((n) + SEALED_NONCE_BYTES + SEALED_TAG_BYTES + 2) / 3) + 1)

#define SEALED_INDEX_HEX_SIZE 65    /* a keyed hash (sealed_index) as hex, its NUL included */

struct sealer {
	mbedtls_gcm_context gcm;                  /* keyed by sealer_init */
	char header[SEALED_HEADER_CHARS + 1];     /* "s1:<key id>:", what every value sealed here begins with */
	unsigned char index_key[32];              /* sealed_index's HMAC key, derived from the data key */
	/* The key being rotated away from (configuration data_key_previous), or
	 * NULL: sealed_open opens values sealed under it too, sealed_seal never
	 * uses it.  Set by the owner after both are keyed. */
	struct sealer *previous;
};

/* Keys s with key_hex, 64 hex digits of either case (256 bits).  Returns 0,
 * or -1 if key_hex is not that (s is then unusable; sealer_free is harmless
 * on it).  The caller wipes its copy of the hex when it no longer needs it. */
int sealer_init(struct sealer *s, const char *key_hex);
/* Keys s with key_hex and, when previous_hex is not "", previous with it,
 * linked as s->previous (see there).  0, or -1 when either is unusable. */
int sealer_init_rotating(struct sealer *s, struct sealer *previous, const char *key_hex, const char *previous_hex);
/* Wipes the key from s.  Harmless on a zeroed or failed sealer. */
void sealer_free(struct sealer *s);

/* Seals n bytes of plain (n <= SEALED_PLAIN_MAX) for the place named by ad
 * (a NUL-terminated text of at most SEALED_AD_MAX bytes) into out, as a
 * NUL-terminated text of SEALED_TEXT_SIZE(n) bytes.  Returns 0, or -1 (out
 * then "", if outsize allows) when n or ad is too long or outsize is smaller
 * than SEALED_TEXT_SIZE(n): the caller's bug, never the data's. */
int sealed_seal(struct sealer *s, const char *ad, const void *plain, size_t n, char *out, size_t outsize);

enum sealed_status {
	SEALED_OK,
	SEALED_NOT_SEALED,       /* no version tag ("s<digits>:"): a value from before sealing */
	SEALED_UNKNOWN_VERSION,  /* a version tag other than s1 */
	SEALED_OTHER_KEY,        /* s1 under a key id that is not this sealer's */
	SEALED_MALFORMED,        /* s1 under this key, but not canonical base64, or too short or too long */
	SEALED_REFUSED,          /* the tag does not verify: tampered, sealed for another place, or another key */
	SEALED_TOO_LONG,         /* genuine, but longer than out can hold */
};

/* Opens stored, a NUL-terminated text, sealed for the place named by ad.  On
 * SEALED_OK, out holds the plaintext followed by a NUL (a sealed text comes
 * back as a C string) and *out_len its length, without the NUL.  Otherwise
 * out is zeroed (outsize bytes) and *out_len is left alone: nothing of a
 * value that did not open reaches the caller.  The tag is checked by mbedtls
 * in constant time, and the plaintext is only copied out once it has. */
enum sealed_status sealed_open(struct sealer *s, const char *ad, const char *stored, void *out, size_t outsize,
                               size_t *out_len);

/* Whether stored begins with a version tag, "s" followed by digits and ":",
 * which no value from before sealing (base64: no ':') does. */
bool sealed_has_version(const char *stored);

/* The keyed hash (HMAC-SHA256 under s's index key) of kind and value, as 64
 * lower-case hex digits: what an exact-match search compares instead of a
 * sealed value.  kind names the use ("mobile", "mobile_tail"), so that equal
 * values of two uses hash apart.  The key is derived from the data key: a
 * rotation gives new hashes, and a search during one asks for both
 * (s->previous). */
void sealed_index(const struct sealer *s, const char *kind, const char *value, char out[SEALED_INDEX_HEX_SIZE]);

/* Whether stored is sealed under s's own key (not the previous one, not in
 * the clear): what a rotation leaves alone. */
bool sealed_is_current(const struct sealer *s, const char *stored);

/* What a status means, for a log line: a static text. */
const char *sealed_status_text(enum sealed_status st);

#endif
