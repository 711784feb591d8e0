/* wxpay_callback_open() (wxpay_auth.h), the reading of a WeChat Pay
 * callback's body, on the input as the body (exactly size bytes), under a
 * fixed APIv3 key.  Properties: it opens exactly what a reading written out
 * here opens (cJSON, strict base64 by the project's decoder, mbedtls' GCM
 * directly), with the same plaintext and event type; a refusal leaves the
 * plaintext empty and the event ""; under another key nothing opens.  Also:
 * the input as a bill's plaintext, sealed as a resource and put in a
 * callback, opens back to itself, and not under another key. */
#include "fuzz.h"

#include "crypto.h"
#include "wxpay_auth.h"

#include <cjson/cJSON.h>
#include <mbedtls/gcm.h>
#include <stdbool.h>

static const unsigned char key[32] = "Wk5uV9qT3mX8rB2cL7dF4gH1jK6sP0aZ";
static const unsigned char other[32] = "Wk5uV9qT3mX8rB2cL7dF4gH1jK6sP0aY";

static const char *string_of(const cJSON *o, const char *name)
{
	return cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(o, name));
}

/* The reference reading: true with the plaintext and event when the body is
 * a callback whose resource GCM authenticates under key. */
static bool reference_open(const uint8_t *data, size_t size, unsigned char **plain, size_t *plain_len,
                           char event[WXPAY_EVENT_TYPE_SIZE])
{
	cJSON *root = cJSON_ParseWithLength((const char *)data, size);
	const cJSON *res = cJSON_GetObjectItemCaseSensitive(root, "resource");
	const char *type = string_of(root, "resource_type"), *ev = string_of(root, "event_type");
	const char *alg = string_of(res, "algorithm"), *nonce = string_of(res, "nonce");
	const char *ad = string_of(res, "associated_data"), *ct = string_of(res, "ciphertext");
	bool ok = false;
	if (cJSON_IsObject(root) && cJSON_IsObject(res) && type && strcmp(type, "encrypt-resource") == 0 && ev &&
	    strlen(ev) < WXPAY_EVENT_TYPE_SIZE && alg && strcmp(alg, "AEAD_AES_256_GCM") == 0 && nonce &&
	    strlen(nonce) == 12 && ad && ct) {
		size_t max = strlen(ct) / 4 * 3 + 1;
		unsigned char *raw = malloc(max);
		*plain = malloc(max);
		long n = crypto_base64_decode(ct, strlen(ct), raw, max);
		if (n >= 16) {
			mbedtls_gcm_context gcm;
			mbedtls_gcm_init(&gcm);
			FUZZ_CHECK(mbedtls_gcm_setkey(&gcm, MBEDTLS_CIPHER_ID_AES, key, 256) == 0);
			ok = mbedtls_gcm_auth_decrypt(&gcm, (size_t)n - 16, (const unsigned char *)nonce, 12,
			                              (const unsigned char *)ad, strlen(ad), raw + n - 16, 16, raw,
			                              *plain) == 0;
			mbedtls_gcm_free(&gcm);
			*plain_len = (size_t)n - 16;
			snprintf(event, WXPAY_EVENT_TYPE_SIZE, "%s", ev);
		}
		free(raw);
		if (!ok) {
			free(*plain);
			*plain = NULL;
		}
	}
	cJSON_Delete(root);
	return ok;
}

static void round_trip(const uint8_t *data, size_t size)
{
	struct buf resource = { 0 }, body = { 0 }, plain = { 0 };
	char event[WXPAY_EVENT_TYPE_SIZE];
	FUZZ_CHECK(wxpay_resource_seal(&resource, key, "fdasflkja484", WXPAY_RESOURCE_AD, "mch_payment", data, size) == 0);
	buf_printf(&body, "{\"id\":\"EV-1\",\"resource_type\":\"encrypt-resource\","
	                  "\"event_type\":\"MCHTRANSFER.BILL.FINISHED\",\"resource\":%s}", buf_str(&resource));
	FUZZ_CHECK(wxpay_callback_open(body.data, body.len, key, &plain, event) == 0);
	FUZZ_CHECK(plain.len == size && (size == 0 || memcmp(plain.data, data, size) == 0));
	FUZZ_CHECK(strcmp(event, "MCHTRANSFER.BILL.FINISHED") == 0);
	FUZZ_CHECK(wxpay_callback_open(body.data, body.len, other, &plain, event) == -1);
	buf_free(&resource);
	buf_free(&body);
	buf_free(&plain);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct buf plain = { 0 };
	char event[WXPAY_EVENT_TYPE_SIZE];
	unsigned char *expected = NULL;
	size_t expected_len = 0;
	char expected_event[WXPAY_EVENT_TYPE_SIZE] = "";
	bool reference = reference_open(data, size, &expected, &expected_len, expected_event);
	int rc = wxpay_callback_open((const char *)data, size, key, &plain, event);
	FUZZ_CHECK((rc == 0) == reference);
	if (rc == 0) {
		FUZZ_CHECK(plain.len == expected_len && (expected_len == 0 || memcmp(plain.data, expected, expected_len) == 0));
		FUZZ_CHECK(strcmp(event, expected_event) == 0);
		FUZZ_CHECK(wxpay_callback_open((const char *)data, size, other, &plain, event) == -1);
	}
	if (rc != 0) {
		FUZZ_CHECK(plain.len == 0);
		FUZZ_CHECK(event[0] == '\0');
	}
	free(expected);
	buf_free(&plain);
	round_trip(data, size);
	return 0;
}
