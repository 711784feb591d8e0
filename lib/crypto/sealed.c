#include "sealed.h"

#include "crypto.h"

#include <mbedtls/md.h>
#include <mbedtls/platform_util.h>
#include <mbedtls/sha256.h>
#include <stdio.h>
#include <string.h>

#define SEALED_VERSION_TAG "s1:"
/* What the key id is a hash of, besides the key: a label of its own, so that
 * the id is no hash of the key that some other use might also publish. */
static const char key_id_label[] = "walk data_key id";
/* The same for the index key (sealed_index). */
static const char index_key_label[] = "walk data_key index";

static int hex_value(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* 64 hex digits into 32 bytes; false for anything else. */
static bool decode_key(const char *hex, unsigned char key[32])
{
	if (!hex || strlen(hex) != SEALED_KEY_HEX_CHARS)
		return false;
	for (size_t i = 0; i < 32; i++) {
		int hi = hex_value(hex[2 * i]), lo = hex_value(hex[2 * i + 1]);
		if (hi < 0 || lo < 0)
			return false;
		key[i] = (unsigned char)(hi << 4 | lo);
	}
	return true;
}

/* SHA-256 over label (at most 32 characters) and key. */
static void labelled_hash(const char *label, const unsigned char key[32], unsigned char digest[32])
{
	unsigned char material[32 + 32];
	size_t n = strlen(label);
	memcpy(material, label, n);
	memcpy(material + n, key, 32);
	mbedtls_sha256_ret(material, n + 32, digest, 0);
	mbedtls_platform_zeroize(material, sizeof material);
}

static void make_header(const unsigned char key[32], char header[SEALED_HEADER_CHARS + 1])
{
	unsigned char digest[32];
	char id[2 * 4 + 1];
	labelled_hash(key_id_label, key, digest);
	crypto_hex(digest, 4, id);
	snprintf(header, SEALED_HEADER_CHARS + 1, SEALED_VERSION_TAG "%s:", id);
}

int sealer_init(struct sealer *s, const char *key_hex)
{
	unsigned char key[32];
	memset(s, 0, sizeof *s);
	mbedtls_gcm_init(&s->gcm);
	int rc = -1;
	if (decode_key(key_hex, key) && mbedtls_gcm_setkey(&s->gcm, MBEDTLS_CIPHER_ID_AES, key, 256) == 0) {
		make_header(key, s->header);
		labelled_hash(index_key_label, key, s->index_key);
		rc = 0;
	} else {
		sealer_free(s);
	}
	mbedtls_platform_zeroize(key, sizeof key);
	return rc;
}

int sealer_init_rotating(struct sealer *s, struct sealer *previous, const char *key_hex, const char *previous_hex)
{
	memset(previous, 0, sizeof *previous);
	if (sealer_init(s, key_hex) != 0)
		return -1;
	if (!previous_hex[0])
		return 0;
	if (sealer_init(previous, previous_hex) != 0) {
		sealer_free(s);
		return -1;
	}
	s->previous = previous;
	return 0;
}

void sealer_free(struct sealer *s)
{
	mbedtls_gcm_free(&s->gcm);
	mbedtls_platform_zeroize(s, sizeof *s);
}

/* The data GCM authenticates: the value's header, then the caller's place.
 * The header has a fixed length, so the two cannot be shifted into each
 * other.  Returns the length, or 0 when ad is too long. */
static size_t full_ad(const struct sealer *s, const char *ad,
                      unsigned char out[SEALED_HEADER_CHARS + SEALED_AD_MAX])
{
	size_t n = strlen(ad);
	if (n > SEALED_AD_MAX)
		return 0;
	memcpy(out, s->header, SEALED_HEADER_CHARS);
	memcpy(out + SEALED_HEADER_CHARS, ad, n);
	return SEALED_HEADER_CHARS + n;
}

int sealed_seal(struct sealer *s, const char *ad, const void *plain, size_t n, char *out, size_t outsize)
{
	unsigned char aad[SEALED_HEADER_CHARS + SEALED_AD_MAX];
	unsigned char body[SEALED_NONCE_BYTES + SEALED_PLAIN_MAX + SEALED_TAG_BYTES];
	size_t aad_len = full_ad(s, ad, aad);
	if (outsize)
		out[0] = '\0';
	if (n > SEALED_PLAIN_MAX || aad_len == 0 || outsize < SEALED_TEXT_SIZE(n))
		return -1;
	unsigned char *nonce = body, *ciphertext = body + SEALED_NONCE_BYTES, *tag = ciphertext + n;
	crypto_random(nonce, SEALED_NONCE_BYTES);
	if (mbedtls_gcm_crypt_and_tag(&s->gcm, MBEDTLS_GCM_ENCRYPT, n, nonce, SEALED_NONCE_BYTES, aad, aad_len,
	                              plain, ciphertext, SEALED_TAG_BYTES, tag) != 0)
		return -1;
	memcpy(out, s->header, SEALED_HEADER_CHARS);
	size_t body_len = SEALED_NONCE_BYTES + n + SEALED_TAG_BYTES;
	if (crypto_base64_encode(body, body_len, out + SEALED_HEADER_CHARS, outsize - SEALED_HEADER_CHARS) == 0) {
		out[0] = '\0';
		return -1;
	}
	return 0;
}

bool sealed_has_version(const char *stored)
{
	if (stored[0] != 's')
		return false;
	size_t digits = strspn(stored + 1, "0123456789");
	return digits > 0 && stored[1 + digits] == ':';
}

/* Whether s is a key id and its ':' (8 lower-case hex digits, then ':'). */
static bool is_key_id(const char *s)
{
	return strspn(s, "0123456789abcdef") == SEALED_KEY_ID_CHARS && s[SEALED_KEY_ID_CHARS] == ':';
}

/* The status of stored before any decryption: SEALED_OK when it is s1 under
 * this sealer's key, whose body (after the header) is then for GCM to judge. */
static enum sealed_status classify(const struct sealer *s, const char *stored)
{
	if (!sealed_has_version(stored))
		return SEALED_NOT_SEALED;
	if (strncmp(stored, SEALED_VERSION_TAG, sizeof SEALED_VERSION_TAG - 1) != 0)
		return SEALED_UNKNOWN_VERSION;
	if (strncmp(stored, s->header, SEALED_HEADER_CHARS) == 0)
		return SEALED_OK;
	return is_key_id(stored + sizeof SEALED_VERSION_TAG - 1) ? SEALED_OTHER_KEY : SEALED_MALFORMED;
}

enum sealed_status sealed_open(struct sealer *s, const char *ad, const char *stored, void *out, size_t outsize,
                               size_t *out_len)
{
	unsigned char aad[SEALED_HEADER_CHARS + SEALED_AD_MAX];
	unsigned char body[SEALED_NONCE_BYTES + SEALED_PLAIN_MAX + SEALED_TAG_BYTES];
	unsigned char plain[SEALED_PLAIN_MAX];
	enum sealed_status st = classify(s, stored);
	if (st == SEALED_OTHER_KEY && s->previous && strncmp(stored, s->previous->header, SEALED_HEADER_CHARS) == 0)
		return sealed_open(s->previous, ad, stored, out, outsize, out_len);
	size_t aad_len = full_ad(s, ad, aad), plain_len = 0;
	if (st == SEALED_OK) {
		const char *text = stored + SEALED_HEADER_CHARS;
		/* The decoder refuses what does not fit body, before writing it. */
		long n = crypto_base64_decode(text, strlen(text), body, sizeof body);
		if (n < SEALED_NONCE_BYTES + SEALED_TAG_BYTES || aad_len == 0)
			st = SEALED_MALFORMED;
		else
			plain_len = (size_t)n - SEALED_NONCE_BYTES - SEALED_TAG_BYTES;
	}
	if (st == SEALED_OK) {
		const unsigned char *nonce = body, *ciphertext = body + SEALED_NONCE_BYTES;
		const unsigned char *tag = ciphertext + plain_len;
		if (mbedtls_gcm_auth_decrypt(&s->gcm, plain_len, nonce, SEALED_NONCE_BYTES, aad, aad_len, tag,
		                             SEALED_TAG_BYTES, ciphertext, plain) != 0)
			st = SEALED_REFUSED;
		else if (plain_len + 1 > outsize)
			st = SEALED_TOO_LONG;
	}
	if (st == SEALED_OK) {
		memcpy(out, plain, plain_len);
		((unsigned char *)out)[plain_len] = '\0';
		*out_len = plain_len;
	} else if (outsize) {
		mbedtls_platform_zeroize(out, outsize);
	}
	mbedtls_platform_zeroize(plain, sizeof plain);
	return st;
}

void sealed_index(const struct sealer *s, const char *kind, const char *value, char out[SEALED_INDEX_HEX_SIZE])
{
	mbedtls_md_context_t md;
	unsigned char mac[32];
	mbedtls_md_init(&md);
	/* Only allocation failure makes these fail; the hash is then all zeros,
	 * which matches nothing stored. */
	memset(mac, 0, sizeof mac);
	if (mbedtls_md_setup(&md, mbedtls_md_info_from_type(MBEDTLS_MD_SHA256), 1) == 0 &&
	    mbedtls_md_hmac_starts(&md, s->index_key, sizeof s->index_key) == 0) {
		(void)mbedtls_md_hmac_update(&md, (const unsigned char *)kind, strlen(kind) + 1);   /* its NUL: a separator */
		(void)mbedtls_md_hmac_update(&md, (const unsigned char *)value, strlen(value));
		(void)mbedtls_md_hmac_finish(&md, mac);
	}
	mbedtls_md_free(&md);
	crypto_hex(mac, sizeof mac, out);
}

bool sealed_is_current(const struct sealer *s, const char *stored)
{
	return strncmp(stored, s->header, SEALED_HEADER_CHARS) == 0;
}

const char *sealed_status_text(enum sealed_status st)
{
	switch (st) {
	case SEALED_OK: return "opened";
	case SEALED_NOT_SEALED: return "not sealed";
	case SEALED_UNKNOWN_VERSION: return "sealed in an unknown format";
	case SEALED_OTHER_KEY: return "sealed under another data_key";
	case SEALED_MALFORMED: return "malformed";
	case SEALED_REFUSED: return "does not open: tampered, or sealed for another row";
	case SEALED_TOO_LONG: return "longer than expected";
	}
	return "?";
}
