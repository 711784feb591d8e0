#include "rsa_sign.h"

#include "crypto.h"

#include <mbedtls/error.h>
#include <mbedtls/pk.h>
#include <mbedtls/platform_util.h>
#include <mbedtls/sha256.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct rsa_key {
	mbedtls_pk_context pk;
	bool is_private;
};

/* mbedtls' RNG callback over the process-wide DRBG (RSA blinding). */
static int drbg_callback(void *unused, unsigned char *out, size_t n)
{
	(void)unused;
	crypto_random(out, n);
	return 0;
}

static void set_error(char *err, size_t errsize, const char *path, const char *what, int mbed_rc)
{
	if (errsize == 0)
		return;
	if (mbed_rc == 0) {
		snprintf(err, errsize, "%s: %s", path, what);
		return;
	}
	char reason[128];
	mbedtls_strerror(mbed_rc, reason, sizeof reason);
	snprintf(err, errsize, "%s: %s (%s)", path, what, reason);
}

/* What both loaders check once mbedtls has parsed the file: an RSA key of at
 * least RSA_KEY_MIN_BITS, and for a private key that it is consistent. */
static int check_key(struct rsa_key *k, const char *path, char *err, size_t errsize)
{
	if (!mbedtls_pk_can_do(&k->pk, MBEDTLS_PK_RSA)) {
		set_error(err, errsize, path, "not an RSA key", 0);
		return -1;
	}
	if (mbedtls_pk_get_bitlen(&k->pk) < RSA_KEY_MIN_BITS) {
		set_error(err, errsize, path, "RSA key shorter than 2048 bits", 0);
		return -1;
	}
	if (k->is_private) {
		int rc = mbedtls_rsa_check_privkey(mbedtls_pk_rsa(k->pk));
		if (rc != 0) {
			set_error(err, errsize, path, "inconsistent RSA private key", rc);
			return -1;
		}
	}
	return 0;
}

static int load(const char *path, bool is_private, struct rsa_key **key, char *err, size_t errsize)
{
	*key = NULL;
	struct rsa_key *k = calloc(1, sizeof *k);
	if (!k)
		abort();
	mbedtls_pk_init(&k->pk);
	k->is_private = is_private;
	int rc = is_private ? mbedtls_pk_parse_keyfile(&k->pk, path, NULL)
	                    : mbedtls_pk_parse_public_keyfile(&k->pk, path);
	if (rc != 0) {
		set_error(err, errsize, path, is_private ? "cannot read a private key" : "cannot read a public key", rc);
		rsa_key_free(k);
		return -1;
	}
	if (check_key(k, path, err, errsize) != 0) {
		rsa_key_free(k);
		return -1;
	}
	*key = k;
	return 0;
}

int rsa_key_load_private_file(const char *path, struct rsa_key **key, char *err, size_t errsize)
{
	return load(path, true, key, err, errsize);
}

int rsa_key_load_public_file(const char *path, struct rsa_key **key, char *err, size_t errsize)
{
	return load(path, false, key, err, errsize);
}

void rsa_key_free(struct rsa_key *key)
{
	if (!key)
		return;
	mbedtls_pk_free(&key->pk);   /* zeroizes the key material */
	free(key);
}

int rsa_sign_sha256_b64(struct rsa_key *key, const void *msg, size_t n, char *out, size_t outsize)
{
	if (outsize)
		out[0] = '\0';
	if (!key || !key->is_private)
		return -1;
	unsigned char hash[32], sig[MBEDTLS_PK_SIGNATURE_MAX_SIZE];
	size_t sig_len = 0;
	mbedtls_sha256_ret(msg, n, hash, 0);
	int rc = mbedtls_pk_sign(&key->pk, MBEDTLS_MD_SHA256, hash, sizeof hash, sig, &sig_len, drbg_callback, NULL);
	if (rc != 0 || crypto_base64_encode(sig, sig_len, out, outsize) == 0) {
		if (outsize)
			out[0] = '\0';
		return -1;
	}
	return 0;
}

bool rsa_verify_sha256_b64(struct rsa_key *key, const void *msg, size_t n, const char *sig_b64)
{
	if (!key || !sig_b64)
		return false;
	unsigned char sig[MBEDTLS_PK_SIGNATURE_MAX_SIZE], hash[32];
	long sig_len = crypto_base64_decode(sig_b64, strlen(sig_b64), sig, sizeof sig);
	/* The exact length of the key's modulus, nothing shorter or padded. */
	if (sig_len <= 0 || (size_t)sig_len != mbedtls_pk_get_len(&key->pk))
		return false;
	mbedtls_sha256_ret(msg, n, hash, 0);
	return mbedtls_pk_verify(&key->pk, MBEDTLS_MD_SHA256, hash, sizeof hash, sig, (size_t)sig_len) == 0;
}
