/* The callbacks' resource: AEAD_AES_256_GCM under the APIv3 key, in JSON. */
#include "wxpay_auth.h"

#include "aead.h"
#include "crypto.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <mbedtls/platform_util.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ALNUM "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
#define RESOURCE_ALGORITHM "AEAD_AES_256_GCM"

int wxpay_apiv3_key_load_file(const char *path, unsigned char key[WXPAY_APIV3_KEY_BYTES], char *err,
                              size_t errsize)
{
	FILE *f = fopen(path, "rb");
	if (!f) {
		snprintf(err, errsize, "%s: %s", path, strerror(errno));
		return -1;
	}
	char text[WXPAY_APIV3_KEY_BYTES + 3];
	size_t n = fread(text, 1, sizeof text - 1, f);
	fclose(f);
	text[n] = '\0';
	if (n == WXPAY_APIV3_KEY_BYTES + 1 && text[WXPAY_APIV3_KEY_BYTES] == '\n')
		text[--n] = '\0';
	int rc = -1;
	if (n == WXPAY_APIV3_KEY_BYTES && strspn(text, ALNUM) == n) {
		memcpy(key, text, WXPAY_APIV3_KEY_BYTES);
		rc = 0;
	} else {
		snprintf(err, errsize, "%s: not an APIv3 key (32 characters of [0-9A-Za-z])", path);
	}
	mbedtls_platform_zeroize(text, sizeof text);
	return rc;
}

/* Text that goes between JSON quotes as it is: printable ASCII, no quote or
 * backslash. */
static bool plain_json_text(const char *s)
{
	for (; *s; s++)
		if (*s < 0x20 || *s > 0x7e || *s == '"' || *s == '\\')
			return false;
	return true;
}

int wxpay_resource_seal(struct buf *out, const unsigned char key[WXPAY_APIV3_KEY_BYTES], const char *nonce,
                        const char *ad, const char *original_type, const void *plain, size_t n)
{
	if (strlen(nonce) != WXPAY_RESOURCE_NONCE_CHARS || strspn(nonce, ALNUM) != WXPAY_RESOURCE_NONCE_CHARS ||
	    !plain_json_text(ad) || !plain_json_text(original_type))
		return -1;
	size_t sealed_len = n + AEAD_TAG_BYTES, b64_size = 4 * ((sealed_len + 2) / 3) + 1;
	unsigned char *sealed = malloc(sealed_len);
	char *b64 = malloc(b64_size);
	if (!sealed || !b64)
		abort();
	int rc = aead_aes256gcm_seal(key, (const unsigned char *)nonce, WXPAY_RESOURCE_NONCE_CHARS,
	                             (const unsigned char *)ad, strlen(ad), plain, n, sealed);
	if (rc == 0 && crypto_base64_encode(sealed, sealed_len, b64, b64_size) == 0)
		rc = -1;
	if (rc == 0)
		buf_printf(out,
		           "{\"original_type\":\"%s\",\"algorithm\":\"" RESOURCE_ALGORITHM "\",\"ciphertext\":\"%s\","
		           "\"associated_data\":\"%s\",\"nonce\":\"%s\"}",
		           original_type, b64, ad, nonce);
	free(sealed);
	free(b64);
	return rc;
}

static const char *string_item(const cJSON *object, const char *name)
{
	const cJSON *item = cJSON_GetObjectItemCaseSensitive(object, name);
	return cJSON_IsString(item) ? item->valuestring : NULL;
}

/* Decodes and opens the resource object into plain; 0 or -1. */
static int open_resource(const cJSON *resource, const unsigned char key[WXPAY_APIV3_KEY_BYTES], struct buf *plain)
{
	const char *algorithm = string_item(resource, "algorithm");
	const char *nonce = string_item(resource, "nonce");
	const char *ad = string_item(resource, "associated_data");
	const char *ciphertext = string_item(resource, "ciphertext");
	if (!algorithm || strcmp(algorithm, RESOURCE_ALGORITHM) != 0 || !nonce ||
	    strlen(nonce) != WXPAY_RESOURCE_NONCE_CHARS || !ad || !ciphertext)
		return -1;
	size_t b64_len = strlen(ciphertext), max = b64_len / 4 * 3;
	unsigned char *sealed = malloc(max + 1), *opened = malloc(max + 1);
	if (!sealed || !opened)
		abort();
	long n = crypto_base64_decode(ciphertext, b64_len, sealed, max + 1);
	int rc = -1;
	if (n >= AEAD_TAG_BYTES &&
	    aead_aes256gcm_open(key, (const unsigned char *)nonce, WXPAY_RESOURCE_NONCE_CHARS,
	                        (const unsigned char *)ad, strlen(ad), sealed, (size_t)n, opened) == 0) {
		buf_append(plain, opened, (size_t)n - AEAD_TAG_BYTES);
		rc = 0;
	}
	free(sealed);
	free(opened);
	return rc;
}

int wxpay_callback_open(const char *body, size_t n, const unsigned char key[WXPAY_APIV3_KEY_BYTES],
                        struct buf *plain, char event_type[WXPAY_EVENT_TYPE_SIZE])
{
	buf_reset(plain, 0);
	event_type[0] = '\0';
	cJSON *root = cJSON_ParseWithLength(body, n);
	int rc = -1;
	if (cJSON_IsObject(root)) {
		const char *resource_type = string_item(root, "resource_type");
		const char *event = string_item(root, "event_type");
		const cJSON *resource = cJSON_GetObjectItemCaseSensitive(root, "resource");
		if (resource_type && strcmp(resource_type, "encrypt-resource") == 0 && event &&
		    strlen(event) < WXPAY_EVENT_TYPE_SIZE && cJSON_IsObject(resource) &&
		    open_resource(resource, key, plain) == 0) {
			snprintf(event_type, WXPAY_EVENT_TYPE_SIZE, "%s", event);
			rc = 0;
		}
	}
	cJSON_Delete(root);
	if (rc != 0)
		buf_reset(plain, 0);
	return rc;
}
