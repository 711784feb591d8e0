/* lib/pay/wxpay_auth: WeChat Pay v3 signatures and callbacks' resource, on
 * the fixed vectors of wxpay_vectors.h (made by openssl and node). */
#include "wxpay_auth.h"

#include "rsa_sign.h"
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

static struct rsa_key *merchant_key, *merchant_pub, *wxpay_key, *wxpay_pub;

static struct rsa_key *load(const char *path, bool private_key)
{
	struct rsa_key *key = NULL;
	char err[256];
	int rc = private_key ? rsa_key_load_private_file(path, &key, err, sizeof err)
	                     : rsa_key_load_public_file(path, &key, err, sizeof err);
	if (rc != 0) {
		fprintf(stderr, "%s\n", err);
		abort();
	}
	return key;
}

static int load_keys(void **state)
{
	(void)state;
	merchant_key = load(MERCHANT_KEY, true);
	merchant_pub = load(MERCHANT_PUB, false);
	wxpay_key = load(WXPAY_KEY, true);
	wxpay_pub = load(WXPAY_PUB, false);
	return 0;
}

static int free_keys(void **state)
{
	(void)state;
	rsa_key_free(merchant_key);
	rsa_key_free(merchant_pub);
	rsa_key_free(wxpay_key);
	rsa_key_free(wxpay_pub);
	return 0;
}

#define EXPECTED_AUTHORIZATION                                                                                     \
	"WECHATPAY2-SHA256-RSA2048 mchid=\"" MCH_ID "\",nonce_str=\"" REQUEST_NONCE "\",signature=\""               \
	TRANSFER_SIGNATURE "\",timestamp=\"1554208460\",serial_no=\"" MCH_SERIAL "\""

static void request_message_is_the_documented_one(void **state)
{
	(void)state;
	struct buf msg = { 0 };
	wxpay_request_message(&msg, "GET", QUERY_PATH, REQUEST_TIMESTAMP, REQUEST_NONCE, "", 0);
	assert_string_equal(msg.data, "GET\n" QUERY_PATH "\n1554208460\n" REQUEST_NONCE "\n\n");
	buf_free(&msg);
	wxpay_response_message(&msg, "1554209980", ANSWER_NONCE, "{}", 2);
	assert_string_equal(msg.data, "1554209980\n" ANSWER_NONCE "\n{}\n");
	buf_free(&msg);
}

static void authorization_is_built_as_openssl_signs(void **state)
{
	(void)state;
	char header[WXPAY_AUTHORIZATION_SIZE];
	assert_int_equal(wxpay_authorization_build(merchant_key, MCH_ID, MCH_SERIAL, "POST", TRANSFER_PATH,
	                                           TRANSFER_BODY, strlen(TRANSFER_BODY), REQUEST_TIMESTAMP,
	                                           REQUEST_NONCE, header, sizeof header), 0);
	assert_string_equal(header, EXPECTED_AUTHORIZATION);
	assert_int_equal(wxpay_authorization_build(merchant_key, MCH_ID, MCH_SERIAL, "GET", QUERY_PATH, "", 0,
	                                           REQUEST_TIMESTAMP, REQUEST_NONCE, header, sizeof header), 0);
	assert_non_null(strstr(header, "signature=\"" QUERY_SIGNATURE "\""));
	/* fields out of their limits, a public key, too small a buffer: nothing */
	assert_int_equal(wxpay_authorization_build(merchant_key, "19000x0109", MCH_SERIAL, "GET", QUERY_PATH, "", 0,
	                                           REQUEST_TIMESTAMP, REQUEST_NONCE, header, sizeof header), -1);
	assert_string_equal(header, "");
	assert_int_equal(wxpay_authorization_build(merchant_key, MCH_ID, "serial\"x", "GET", QUERY_PATH, "", 0,
	                                           REQUEST_TIMESTAMP, REQUEST_NONCE, header, sizeof header), -1);
	assert_int_equal(wxpay_authorization_build(merchant_key, MCH_ID, MCH_SERIAL, "GET", QUERY_PATH, "", 0,
	                                           REQUEST_TIMESTAMP, "nonce with spaces", header, sizeof header), -1);
	assert_int_equal(wxpay_authorization_build(merchant_pub, MCH_ID, MCH_SERIAL, "GET", QUERY_PATH, "", 0,
	                                           REQUEST_TIMESTAMP, REQUEST_NONCE, header, sizeof header), -1);
	assert_int_equal(wxpay_authorization_build(merchant_key, MCH_ID, MCH_SERIAL, "GET", QUERY_PATH, "", 0,
	                                           REQUEST_TIMESTAMP, REQUEST_NONCE, header, 100), -1);
	assert_string_equal(header, "");
}

static enum wxpay_verdict verify_transfer(const char *header, const char *body, int64_t now)
{
	struct wxpay_authorization auth;
	assert_int_equal(wxpay_authorization_parse(header, strlen(header), &auth), 0);
	return wxpay_request_verify(&auth, merchant_pub, "POST", TRANSFER_PATH, body, strlen(body), now);
}

static void request_is_verified_within_five_minutes(void **state)
{
	(void)state;
	struct wxpay_authorization auth;
	assert_int_equal(wxpay_authorization_parse(EXPECTED_AUTHORIZATION, strlen(EXPECTED_AUTHORIZATION), &auth), 0);
	assert_string_equal(auth.mchid, MCH_ID);
	assert_string_equal(auth.nonce_str, REQUEST_NONCE);
	assert_string_equal(auth.signature, TRANSFER_SIGNATURE);
	assert_string_equal(auth.timestamp, "1554208460");
	assert_string_equal(auth.serial_no, MCH_SERIAL);
	assert_int_equal(verify_transfer(EXPECTED_AUTHORIZATION, TRANSFER_BODY, REQUEST_TIMESTAMP), WXPAY_OK);
	assert_int_equal(verify_transfer(EXPECTED_AUTHORIZATION, TRANSFER_BODY, REQUEST_TIMESTAMP + 300), WXPAY_OK);
	assert_int_equal(verify_transfer(EXPECTED_AUTHORIZATION, TRANSFER_BODY, REQUEST_TIMESTAMP - 300), WXPAY_OK);
	assert_int_equal(verify_transfer(EXPECTED_AUTHORIZATION, TRANSFER_BODY, REQUEST_TIMESTAMP + 301), WXPAY_STALE);
	assert_int_equal(verify_transfer(EXPECTED_AUTHORIZATION, TRANSFER_BODY, REQUEST_TIMESTAMP - 301), WXPAY_STALE);
	/* another body, another path, another key */
	assert_int_equal(verify_transfer(EXPECTED_AUTHORIZATION, "{}", REQUEST_TIMESTAMP), WXPAY_BAD_SIGNATURE);
	assert_int_equal(wxpay_request_verify(&auth, merchant_pub, "POST", TRANSFER_PATH "?x=1", TRANSFER_BODY,
	                                      strlen(TRANSFER_BODY), REQUEST_TIMESTAMP), WXPAY_BAD_SIGNATURE);
	assert_int_equal(wxpay_request_verify(&auth, wxpay_pub, "POST", TRANSFER_PATH, TRANSFER_BODY,
	                                      strlen(TRANSFER_BODY), REQUEST_TIMESTAMP), WXPAY_BAD_SIGNATURE);
	/* the probe, whatever follows it */
	const char *probe = "WECHATPAY2-SHA256-RSA2048 mchid=\"" MCH_ID "\",nonce_str=\"" REQUEST_NONCE
	                    "\",signature=\"WECHATPAY/SIGNTEST/" TRANSFER_SIGNATURE "\",timestamp=\"1554208460\","
	                    "serial_no=\"" MCH_SERIAL "\"";
	assert_int_equal(verify_transfer(probe, TRANSFER_BODY, REQUEST_TIMESTAMP), WXPAY_SIGNTEST);
}

static void authorization_fields_in_any_order(void **state)
{
	(void)state;
	const char *h = "WECHATPAY2-SHA256-RSA2048 serial_no=\"" MCH_SERIAL "\",timestamp=\"1554208460\",signature=\""
	                TRANSFER_SIGNATURE "\",mchid=\"" MCH_ID "\",nonce_str=\"" REQUEST_NONCE "\"";
	assert_int_equal(verify_transfer(h, TRANSFER_BODY, REQUEST_TIMESTAMP), WXPAY_OK);
}

static void authorization_parse_is_strict(void **state)
{
	(void)state;
#define F_MCH "mchid=\"" MCH_ID "\""
#define F_NONCE "nonce_str=\"" REQUEST_NONCE "\""
#define F_SIG "signature=\"c2lnbmF0dXJl\""
#define F_TS "timestamp=\"1554208460\""
#define F_SERIAL "serial_no=\"" MCH_SERIAL "\""
#define FIVE F_MCH "," F_NONCE "," F_SIG "," F_TS "," F_SERIAL
	struct wxpay_authorization auth;
	const char *good = "WECHATPAY2-SHA256-RSA2048 " FIVE;
	assert_int_equal(wxpay_authorization_parse(good, strlen(good), &auth), 0);
	const char *bad[] = {
		"",
		"WECHATPAY2-SHA256-RSA2048",
		"WECHATPAY2-SHA256-RSA2048 ",
		"wechatpay2-sha256-rsa2048 " FIVE,                       /* the scheme's case */
		"WECHATPAY2-SHA256-RSA4096 " FIVE,                       /* another scheme */
		"WECHATPAY2-SHA256-RSA2048  " FIVE,                      /* two spaces */
		"WECHATPAY2-SHA256-RSA2048 " F_MCH "," F_NONCE "," F_SIG "," F_TS,   /* one missing */
		"WECHATPAY2-SHA256-RSA2048 " FIVE "," F_MCH,             /* one twice */
		"WECHATPAY2-SHA256-RSA2048 " FIVE ",extra=\"1\"",        /* an unknown key */
		"WECHATPAY2-SHA256-RSA2048 " FIVE ",",                   /* a trailing comma */
		"WECHATPAY2-SHA256-RSA2048 " F_MCH ", " F_NONCE "," F_SIG "," F_TS "," F_SERIAL,   /* white space */
		"WECHATPAY2-SHA256-RSA2048 " F_MCH ",," F_NONCE "," F_SIG "," F_TS "," F_SERIAL,
		"WECHATPAY2-SHA256-RSA2048 mchid=" MCH_ID "," F_NONCE "," F_SIG "," F_TS "," F_SERIAL,   /* unquoted */
		"WECHATPAY2-SHA256-RSA2048 mchid=\"\"," F_NONCE "," F_SIG "," F_TS "," F_SERIAL,          /* empty */
		"WECHATPAY2-SHA256-RSA2048 mchid=\"19x\"," F_NONCE "," F_SIG "," F_TS "," F_SERIAL,       /* not digits */
		"WECHATPAY2-SHA256-RSA2048 " F_MCH "," F_NONCE "," F_SIG ",timestamp=\"15542084600\"," F_SERIAL,  /* 11 */
		"WECHATPAY2-SHA256-RSA2048 " F_MCH "," F_NONCE "," F_SIG ",timestamp=\"-1\"," F_SERIAL,
		"WECHATPAY2-SHA256-RSA2048 " F_MCH ",nonce_str=\"0123456789012345678901234567890123\"," F_SIG "," F_TS
		"," F_SERIAL,                                            /* a nonce of 34 */
		"WECHATPAY2-SHA256-RSA2048 " F_MCH "," F_NONCE ",signature=\"a-b_\"," F_TS "," F_SERIAL,  /* base64url */
		"WECHATPAY2-SHA256-RSA2048 " F_MCH "," F_NONCE "," F_SIG "," F_TS ",serial_no=\"AB\\\"CD\"",
		"WECHATPAY2-SHA256-RSA2048 " F_MCH "," F_NONCE "," F_SIG "," F_TS ",serial_no=\"AB-CD\"",
		"WECHATPAY2-SHA256-RSA2048 " F_MCH "," F_NONCE "," F_SIG "," F_TS ",serial_no=\"" MCH_SERIAL,   /* open */
		"WECHATPAY2-SHA256-RSA2048 " FIVE " ",
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		memset(&auth, 'x', sizeof auth);
		if (wxpay_authorization_parse(bad[i], strlen(bad[i]), &auth) != -1)
			fail_msg("accepted: %s", bad[i]);
		assert_string_equal(auth.mchid, "");
	}
	/* The length given is the end: nothing is read past it. */
	assert_int_equal(wxpay_authorization_parse(good, strlen(good) - 1, &auth), -1);
	assert_int_equal(wxpay_authorization_parse(NULL, 0, &auth), -1);
}

static void answer_is_signed_as_openssl_signs(void **state)
{
	(void)state;
	struct wxpay_signed_headers h;
	assert_int_equal(wxpay_response_sign(wxpay_key, PUBLIC_KEY_ID, ANSWER_TIMESTAMP, ANSWER_NONCE, ANSWER_BODY,
	                                     strlen(ANSWER_BODY), &h), 0);
	assert_string_equal(h.timestamp, ANSWER_TIMESTAMP_TEXT);
	assert_string_equal(h.nonce, ANSWER_NONCE);
	assert_string_equal(h.serial, PUBLIC_KEY_ID);
	assert_string_equal(h.signature, ANSWER_SIGNATURE);
	assert_int_equal(wxpay_response_sign(wxpay_key, "PUB KEY", ANSWER_TIMESTAMP, ANSWER_NONCE, "", 0, &h), -1);
	assert_int_equal(wxpay_response_sign(wxpay_pub, PUBLIC_KEY_ID, ANSWER_TIMESTAMP, ANSWER_NONCE, "", 0, &h), -1);
	assert_string_equal(h.signature, "");
}

static enum wxpay_verdict verify_answer(const char *timestamp, const char *nonce, const char *signature,
                                        const char *serial, const char *body, int64_t now)
{
	/* WeChat Pay's public key and, as during a switch, a platform
	 * certificate's key (here the merchant's test key stands for it). */
	const struct wxpay_public_key keys[] = { { "5157F09EFDC096DE15EBE81A47057A7232F1B8E1", merchant_pub },
	                                         { PUBLIC_KEY_ID, wxpay_pub } };
	return wxpay_response_verify(keys, 2, timestamp, nonce, signature, serial, body, strlen(body), now);
}

static void answer_is_verified_by_the_key_its_serial_names(void **state)
{
	(void)state;
	const char *ts = ANSWER_TIMESTAMP_TEXT, *n = ANSWER_NONCE, *sig = ANSWER_SIGNATURE;
	const int64_t now = ANSWER_TIMESTAMP;
	assert_int_equal(verify_answer(ts, n, sig, PUBLIC_KEY_ID, ANSWER_BODY, now), WXPAY_OK);
	assert_int_equal(verify_answer(ts, n, sig, PUBLIC_KEY_ID, ANSWER_BODY, now + 300), WXPAY_OK);
	assert_int_equal(verify_answer(ts, n, sig, PUBLIC_KEY_ID, ANSWER_BODY, now - 301), WXPAY_STALE);
	assert_int_equal(verify_answer(ts, n, sig, PUBLIC_KEY_ID, ANSWER_BODY, now + 301), WXPAY_STALE);
	/* the other configured key, an unknown serial */
	assert_int_equal(verify_answer(ts, n, sig, "5157F09EFDC096DE15EBE81A47057A7232F1B8E1", ANSWER_BODY, now),
	                 WXPAY_BAD_SIGNATURE);
	assert_int_equal(verify_answer(ts, n, sig, "PUB_KEY_ID_0119000001092026120100000000000002", ANSWER_BODY, now),
	                 WXPAY_UNKNOWN_SERIAL);
	/* the body, the nonce, the timestamp changed */
	assert_int_equal(verify_answer(ts, n, sig, PUBLIC_KEY_ID, ANSWER_BODY " ", now), WXPAY_BAD_SIGNATURE);
	assert_int_equal(verify_answer(ts, "c5ac7061fccab6bf3e254dcf98995b8d", sig, PUBLIC_KEY_ID, ANSWER_BODY, now),
	                 WXPAY_BAD_SIGNATURE);
	assert_int_equal(verify_answer("1554209981", n, sig, PUBLIC_KEY_ID, ANSWER_BODY, now), WXPAY_BAD_SIGNATURE);
	/* the probe; headers missing or malformed */
	assert_int_equal(verify_answer(ts, n, "WECHATPAY/SIGNTEST/" ANSWER_SIGNATURE, PUBLIC_KEY_ID, ANSWER_BODY, now),
	                 WXPAY_SIGNTEST);
	assert_int_equal(verify_answer(ts, n, "WECHATPAY/SIGNTEST/", "unknown", ANSWER_BODY, now), WXPAY_SIGNTEST);
	assert_int_equal(verify_answer(NULL, n, sig, PUBLIC_KEY_ID, ANSWER_BODY, now), WXPAY_BAD_HEADER);
	assert_int_equal(verify_answer(ts, NULL, sig, PUBLIC_KEY_ID, ANSWER_BODY, now), WXPAY_BAD_HEADER);
	assert_int_equal(verify_answer(ts, n, NULL, PUBLIC_KEY_ID, ANSWER_BODY, now), WXPAY_BAD_HEADER);
	assert_int_equal(verify_answer(ts, n, sig, NULL, ANSWER_BODY, now), WXPAY_BAD_HEADER);
	assert_int_equal(verify_answer("+1554209980", n, sig, PUBLIC_KEY_ID, ANSWER_BODY, now), WXPAY_BAD_HEADER);
	assert_int_equal(verify_answer("", n, sig, PUBLIC_KEY_ID, ANSWER_BODY, now), WXPAY_BAD_HEADER);
	assert_string_equal(wxpay_verdict_name(WXPAY_SIGNTEST), "signtest_probe");
}

static void signed_here_verifies_here(void **state)
{
	(void)state;
	char nonce[WXPAY_NONCE_SIZE], again[WXPAY_NONCE_SIZE];
	wxpay_new_nonce(nonce);
	wxpay_new_nonce(again);
	assert_int_equal(strlen(nonce), 32);
	assert_int_equal(strspn(nonce, "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"), 32);
	assert_string_not_equal(nonce, again);
	struct wxpay_signed_headers h;
	assert_int_equal(wxpay_response_sign(wxpay_key, PUBLIC_KEY_ID, 1800000000, nonce, "{\"a\":1}", 7, &h), 0);
	assert_int_equal(verify_answer(h.timestamp, h.nonce, h.signature, h.serial, "{\"a\":1}", 1800000000), WXPAY_OK);
}

static void callback_body(struct buf *out, const char *event, const char *resource)
{
	buf_printf(out, "{\"id\":\"EV-2018022511223320873\",\"create_time\":\"2015-05-20T13:29:35+08:00\","
	                "\"resource_type\":\"encrypt-resource\",\"event_type\":\"%s\",\"summary\":\"商家转账单据终态通知\","
	                "\"resource\":%s}", event, resource);
}

static int open_callback(const char *resource, struct buf *plain, char event[WXPAY_EVENT_TYPE_SIZE])
{
	struct buf body = { 0 };
	callback_body(&body, "MCHTRANSFER.BILL.FINISHED", resource);
	int rc = wxpay_callback_open(body.data, body.len, (const unsigned char *)APIV3_KEY, plain, event);
	buf_free(&body);
	return rc;
}

#define RESOURCE(ALG, CT, AD, NONCE)                                                                               \
	"{\"original_type\":\"mch_payment\",\"algorithm\":\"" ALG "\",\"ciphertext\":\"" CT "\","                    \
	"\"associated_data\":\"" AD "\",\"nonce\":\"" NONCE "\"}"

static void callback_resource_opens_the_fixed_vector(void **state)
{
	(void)state;
	struct buf plain = { 0 };
	char event[WXPAY_EVENT_TYPE_SIZE];
	assert_int_equal(open_callback(RESOURCE("AEAD_AES_256_GCM", RESOURCE_CIPHERTEXT, "mch_payment", RESOURCE_NONCE),
	                               &plain, event), 0);
	assert_string_equal(plain.data, RESOURCE_PLAIN);
	assert_string_equal(event, "MCHTRANSFER.BILL.FINISHED");
	/* sealing the same plaintext with the same nonce gives the vector */
	struct buf sealed = { 0 };
	assert_int_equal(wxpay_resource_seal(&sealed, (const unsigned char *)APIV3_KEY, RESOURCE_NONCE, "mch_payment",
	                                     "mch_payment", RESOURCE_PLAIN, strlen(RESOURCE_PLAIN)), 0);
	assert_string_equal(sealed.data, RESOURCE("AEAD_AES_256_GCM", RESOURCE_CIPHERTEXT, "mch_payment", RESOURCE_NONCE));
	buf_free(&sealed);
	buf_free(&plain);
}

static void callback_refuses_what_does_not_open(void **state)
{
	(void)state;
	struct buf plain = { 0 };
	char event[WXPAY_EVENT_TYPE_SIZE];
	char flipped[] = RESOURCE_CIPHERTEXT;
	flipped[20] = flipped[20] == 'A' ? 'B' : 'A';
	const char *bad[] = {
		RESOURCE("AEAD_AES_128_GCM", RESOURCE_CIPHERTEXT, "mch_payment", RESOURCE_NONCE),
		RESOURCE("AEAD_AES_256_GCM", RESOURCE_CIPHERTEXT, "transfer", RESOURCE_NONCE),
		RESOURCE("AEAD_AES_256_GCM", RESOURCE_CIPHERTEXT, "mch_payment", "fdasflkja485"),
		RESOURCE("AEAD_AES_256_GCM", RESOURCE_CIPHERTEXT, "mch_payment", "fdasflkja48"),
		RESOURCE("AEAD_AES_256_GCM", "BAWfiBSihjQWxwbv", "mch_payment", RESOURCE_NONCE),   /* 12 bytes */
		RESOURCE("AEAD_AES_256_GCM", "not base64", "mch_payment", RESOURCE_NONCE),
		RESOURCE("AEAD_AES_256_GCM", "", "mch_payment", RESOURCE_NONCE),
		"{\"algorithm\":\"AEAD_AES_256_GCM\",\"nonce\":\"fdasflkja484\",\"associated_data\":\"mch_payment\"}",
		"\"a string\"",
		"null",
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		buf_puts(&plain, "left over");
		if (open_callback(bad[i], &plain, event) != -1)
			fail_msg("opened: %s", bad[i]);
		assert_int_equal(plain.len, 0);
		assert_string_equal(event, "");
	}
	char *tampered = strdup(RESOURCE("AEAD_AES_256_GCM", RESOURCE_CIPHERTEXT, "mch_payment", RESOURCE_NONCE));
	char *ct = strstr(tampered, RESOURCE_CIPHERTEXT);
	ct[20] = flipped[20];
	assert_int_equal(open_callback(tampered, &plain, event), -1);
	/* another key, and a body that is not a callback */
	struct buf good = { 0 };
	callback_body(&good, "MCHTRANSFER.BILL.FINISHED",
	              RESOURCE("AEAD_AES_256_GCM", RESOURCE_CIPHERTEXT, "mch_payment", RESOURCE_NONCE));
	assert_int_equal(wxpay_callback_open(good.data, good.len, (const unsigned char *)"Wk5uV9qT3mX8rB2cL7dF4gH1jK6sP0aY",
	                                     &plain, event), -1);
	assert_int_equal(wxpay_callback_open(good.data, good.len - 1, (const unsigned char *)APIV3_KEY, &plain, event),
	                 -1);
	char *wrong_type = strdup(good.data);
	memcpy(strstr(wrong_type, "encrypt-resource"), "plain", 5);
	assert_int_equal(wxpay_callback_open(wrong_type, strlen(wrong_type), (const unsigned char *)APIV3_KEY, &plain,
	                                     event), -1);
	assert_int_equal(wxpay_callback_open(good.data, good.len, (const unsigned char *)APIV3_KEY, &plain, event), 0);
	free(wrong_type);
	free(tampered);
	buf_free(&good);
	buf_free(&plain);
}

static void resource_seal_refuses_what_json_cannot_carry(void **state)
{
	(void)state;
	struct buf out = { 0 };
	const unsigned char *key = (const unsigned char *)APIV3_KEY;
	assert_int_equal(wxpay_resource_seal(&out, key, "short", "mch_payment", "mch_payment", "x", 1), -1);
	assert_int_equal(wxpay_resource_seal(&out, key, "fdasflkja48!", "mch_payment", "mch_payment", "x", 1), -1);
	assert_int_equal(wxpay_resource_seal(&out, key, RESOURCE_NONCE, "mch\"payment", "mch_payment", "x", 1), -1);
	assert_int_equal(wxpay_resource_seal(&out, key, RESOURCE_NONCE, "mch_payment", "a\\b", "x", 1), -1);
	assert_int_equal(out.len, 0);
	buf_free(&out);
}

static void write_text(const char *path, const char *text)
{
	FILE *f = fopen(path, "wb");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

static void apiv3_key_file_is_exactly_32_characters(void **state)
{
	(void)state;
	char path[] = "/tmp/apiv3_key_XXXXXX";
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	close(fd);
	unsigned char key[WXPAY_APIV3_KEY_BYTES];
	char err[256];
	write_text(path, APIV3_KEY);
	assert_int_equal(wxpay_apiv3_key_load_file(path, key, err, sizeof err), 0);
	assert_memory_equal(key, APIV3_KEY, 32);
	write_text(path, APIV3_KEY "\n");
	assert_int_equal(wxpay_apiv3_key_load_file(path, key, err, sizeof err), 0);
	const char *bad[] = { "Wk5uV9qT3mX8rB2cL7dF4gH1jK6sP0a", APIV3_KEY "Z", APIV3_KEY "\n\n",
	                      "Wk5uV9qT3mX8rB2cL7dF4gH1jK6sP0a=", "" };
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		write_text(path, bad[i]);
		err[0] = '\0';
		assert_int_equal(wxpay_apiv3_key_load_file(path, key, err, sizeof err), -1);
		assert_non_null(strstr(err, "APIv3"));
		assert_null(strstr(err, "Wk5u"));   /* the key is never in a message */
	}
	unlink(path);
	assert_int_equal(wxpay_apiv3_key_load_file(path, key, err, sizeof err), -1);
	assert_non_null(strstr(err, path));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(request_message_is_the_documented_one),
		cmocka_unit_test(authorization_is_built_as_openssl_signs),
		cmocka_unit_test(request_is_verified_within_five_minutes),
		cmocka_unit_test(authorization_fields_in_any_order),
		cmocka_unit_test(authorization_parse_is_strict),
		cmocka_unit_test(answer_is_signed_as_openssl_signs),
		cmocka_unit_test(answer_is_verified_by_the_key_its_serial_names),
		cmocka_unit_test(signed_here_verifies_here),
		cmocka_unit_test(callback_resource_opens_the_fixed_vector),
		cmocka_unit_test(callback_refuses_what_does_not_open),
		cmocka_unit_test(resource_seal_refuses_what_json_cannot_carry),
		cmocka_unit_test(apiv3_key_file_is_exactly_32_characters),
	};
	return cmocka_run_group_tests(tests, load_keys, free_keys);
}
