/* lib/crypto/rsa_sign: SHA256withRSA against openssl's signatures (fixed
 * vectors of wxpay_vectors.h, and openssl dgst -verify run on ours). */
#include "rsa_sign.h"

#include "crypto.h"
#include "wxpay_vectors.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char transfer_message[] = "POST\n" TRANSFER_PATH "\n1554208460\n" REQUEST_NONCE "\n" TRANSFER_BODY "\n";

static struct rsa_key *load_private(const char *path)
{
	struct rsa_key *key = NULL;
	char err[256] = "";
	assert_int_equal(rsa_key_load_private_file(path, &key, err, sizeof err), 0);
	assert_non_null(key);
	return key;
}

static struct rsa_key *load_public(const char *path)
{
	struct rsa_key *key = NULL;
	char err[256] = "";
	assert_int_equal(rsa_key_load_public_file(path, &key, err, sizeof err), 0);
	return key;
}

static void signs_as_openssl_does(void **state)
{
	(void)state;
	struct rsa_key *key = load_private(MERCHANT_KEY), *pub = load_public(MERCHANT_PUB);
	char sig[RSA_SIG_B64_SIZE];
	assert_int_equal(rsa_sign_sha256_b64(key, transfer_message, strlen(transfer_message), sig, sizeof sig), 0);
	assert_string_equal(sig, TRANSFER_SIGNATURE);
	assert_true(rsa_verify_sha256_b64(pub, transfer_message, strlen(transfer_message), TRANSFER_SIGNATURE));
	/* The private key verifies too (it holds the public half). */
	assert_true(rsa_verify_sha256_b64(key, transfer_message, strlen(transfer_message), TRANSFER_SIGNATURE));
	rsa_key_free(key);
	rsa_key_free(pub);
}

static void pkcs1_and_pkcs8_are_the_same_key(void **state)
{
	(void)state;
	struct rsa_key *p8 = load_private(WXPAY_KEY), *p1 = load_private(WXPAY_KEY_PKCS1);
	char a[RSA_SIG_B64_SIZE], b[RSA_SIG_B64_SIZE];
	assert_int_equal(rsa_sign_sha256_b64(p8, "abc", 3, a, sizeof a), 0);
	assert_int_equal(rsa_sign_sha256_b64(p1, "abc", 3, b, sizeof b), 0);
	assert_string_equal(a, b);
	assert_int_equal(strlen(a), 344);   /* 256 bytes */
	rsa_key_free(p8);
	rsa_key_free(p1);
}

static void refuses_what_is_not_the_signature(void **state)
{
	(void)state;
	struct rsa_key *pub = load_public(MERCHANT_PUB), *other = load_public(WXPAY_PUB);
	size_t n = strlen(transfer_message);
	char sig[] = TRANSFER_SIGNATURE;
	/* another message, one byte changed */
	char msg[sizeof transfer_message];
	memcpy(msg, transfer_message, sizeof msg);
	msg[5] ^= 1;
	assert_false(rsa_verify_sha256_b64(pub, msg, n, sig));
	/* the same message, another key */
	assert_false(rsa_verify_sha256_b64(other, transfer_message, n, sig));
	/* one character of the signature changed */
	sig[10] = sig[10] == 'A' ? 'B' : 'A';
	assert_false(rsa_verify_sha256_b64(pub, transfer_message, n, sig));
	/* truncated, not base64, empty, absent */
	const char *bad[] = { "Hr8F48IWY/LIxAybXo+ywM6ZdGl5H8OXAJweDwzosIykJDZbKxDMcy/aMEJLaWmamWCHZYVzbNdGgNsK",
	                      "not base64!", "", "WECHATPAY/SIGNTEST/" TRANSFER_SIGNATURE };
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		assert_false(rsa_verify_sha256_b64(pub, transfer_message, n, bad[i]));
	assert_false(rsa_verify_sha256_b64(pub, transfer_message, n, NULL));
	assert_false(rsa_verify_sha256_b64(NULL, transfer_message, n, TRANSFER_SIGNATURE));
	rsa_key_free(pub);
	rsa_key_free(other);
}

static void refuses_keys_that_are_not_rsa_2048(void **state)
{
	(void)state;
	struct rsa_key *key = (struct rsa_key *)1;
	char err[256] = "";
	assert_int_equal(rsa_key_load_private_file(FIXTURE_DIR "absent.pem", &key, err, sizeof err), -1);
	assert_null(key);
	assert_non_null(strstr(err, "absent.pem"));
	assert_int_equal(rsa_key_load_private_file(SHORT_KEY, &key, err, sizeof err), -1);
	assert_non_null(strstr(err, "2048"));
	assert_int_equal(rsa_key_load_private_file(EC_KEY, &key, err, sizeof err), -1);
	assert_non_null(strstr(err, "not an RSA key"));
	/* a public key is no private key, and a private key file no public one */
	assert_int_equal(rsa_key_load_private_file(MERCHANT_PUB, &key, err, sizeof err), -1);
	assert_int_equal(rsa_key_load_public_file(MERCHANT_KEY, &key, err, sizeof err), -1);
	assert_null(key);
}

static void signs_only_with_a_private_key_into_room_enough(void **state)
{
	(void)state;
	struct rsa_key *pub = load_public(MERCHANT_PUB), *key = load_private(MERCHANT_KEY);
	char sig[RSA_SIG_B64_SIZE] = "x";
	assert_int_equal(rsa_sign_sha256_b64(pub, "abc", 3, sig, sizeof sig), -1);
	assert_string_equal(sig, "");
	char small[344];   /* one short of the NUL */
	assert_int_equal(rsa_sign_sha256_b64(key, "abc", 3, small, sizeof small), -1);
	assert_string_equal(small, "");
	rsa_key_free(pub);
	rsa_key_free(key);
}

static void write_file(const char *path, const void *data, size_t n)
{
	FILE *f = fopen(path, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(data, 1, n, f), n);
	assert_int_equal(fclose(f), 0);
}

/* A second implementation on signatures made here: openssl dgst -verify. */
static void openssl_verifies_our_signatures(void **state)
{
	(void)state;
	struct rsa_key *key = load_private(MERCHANT_KEY);
	char dir[] = "/tmp/rsa_sign_XXXXXX";
	assert_non_null(mkdtemp(dir));
	char msg_path[64], sig_path[64], cmd[512];
	snprintf(msg_path, sizeof msg_path, "%s/msg", dir);
	snprintf(sig_path, sizeof sig_path, "%s/sig", dir);
	for (int round = 0; round < 3; round++) {
		unsigned char msg[200], raw[512];
		crypto_random(msg, sizeof msg);
		size_t n = 1 + msg[0] % sizeof msg;
		char sig[RSA_SIG_B64_SIZE];
		assert_int_equal(rsa_sign_sha256_b64(key, msg, n, sig, sizeof sig), 0);
		long raw_len = crypto_base64_decode(sig, strlen(sig), raw, sizeof raw);
		assert_int_equal(raw_len, 256);
		write_file(msg_path, msg, n);
		write_file(sig_path, raw, (size_t)raw_len);
		snprintf(cmd, sizeof cmd, "openssl dgst -sha256 -verify %s -signature %s %s >/dev/null 2>&1",
		         MERCHANT_PUB, sig_path, msg_path);
		assert_int_equal(system(cmd), 0);
		/* and openssl refuses it for another message */
		msg[0] ^= 0x80;
		write_file(msg_path, msg, n);
		assert_int_not_equal(system(cmd), 0);
	}
	unlink(msg_path);
	unlink(sig_path);
	rmdir(dir);
	rsa_key_free(key);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(signs_as_openssl_does),
		cmocka_unit_test(pkcs1_and_pkcs8_are_the_same_key),
		cmocka_unit_test(refuses_what_is_not_the_signature),
		cmocka_unit_test(refuses_keys_that_are_not_rsa_2048),
		cmocka_unit_test(signs_only_with_a_private_key_into_room_enough),
		cmocka_unit_test(openssl_verifies_our_signatures),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
