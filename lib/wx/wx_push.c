/* The message push's signatures, envelope and verdict event (wx_push.h). */
#include "wx_push.h"

#include "crypto.h"

#include <cjson/cJSON.h>
#include <mbedtls/aes.h>
#include <mbedtls/sha1.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

enum { BLOCK = 32, PREFIX = 16 + 4 };

int wx_push_key(const char *encoding_aes_key, uint8_t key[WX_PUSH_KEY])
{
	char padded[48];
	if (strlen(encoding_aes_key) != 43)
		return -1;
	snprintf(padded, sizeof padded, "%s=", encoding_aes_key);
	return crypto_base64_decode(padded, 44, key, WX_PUSH_KEY) == WX_PUSH_KEY ? 0 : -1;
}

static int by_text(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

void wx_push_signature(const char *const *parts, size_t n, char out[WX_PUSH_SIG_HEX])
{
	const char *sorted[4];
	if (n > 4)
		n = 4;
	memcpy(sorted, parts, n * sizeof *parts);
	qsort(sorted, n, sizeof *sorted, by_text);
	mbedtls_sha1_context sha;
	unsigned char digest[20];
	mbedtls_sha1_init(&sha);
	mbedtls_sha1_starts_ret(&sha);
	for (size_t i = 0; i < n; i++)
		mbedtls_sha1_update_ret(&sha, (const unsigned char *)sorted[i], strlen(sorted[i]));
	mbedtls_sha1_finish_ret(&sha, digest);
	mbedtls_sha1_free(&sha);
	crypto_hex(digest, sizeof digest, out);
}

bool wx_push_signature_ok(const char *const *parts, size_t n, const char *sig)
{
	char want[WX_PUSH_SIG_HEX], got[WX_PUSH_SIG_HEX];
	if (!sig || strlen(sig) != WX_PUSH_SIG_HEX - 1)
		return false;
	wx_push_signature(parts, n, want);
	for (size_t i = 0; i < WX_PUSH_SIG_HEX; i++)
		got[i] = (char)(sig[i] >= 'A' && sig[i] <= 'F' ? sig[i] - 'A' + 'a' : sig[i]);
	return crypto_equal(want, got, WX_PUSH_SIG_HEX - 1);
}

/* AES-256-CBC over n bytes (a multiple of 16) with iv = the key's first 16. */
static int cbc(const uint8_t key[WX_PUSH_KEY], int mode, const uint8_t *in, size_t n, uint8_t *out)
{
	mbedtls_aes_context aes;
	unsigned char iv[16];
	memcpy(iv, key, sizeof iv);
	mbedtls_aes_init(&aes);
	int rc = mode == MBEDTLS_AES_ENCRYPT ? mbedtls_aes_setkey_enc(&aes, key, 256) : mbedtls_aes_setkey_dec(&aes, key, 256);
	if (rc == 0)
		rc = mbedtls_aes_crypt_cbc(&aes, mode, n, iv, in, out);
	mbedtls_aes_free(&aes);
	return rc == 0 ? 0 : -1;
}

enum wx_push_result wx_push_decrypt(const uint8_t key[WX_PUSH_KEY], const char *encrypt, const char *appid,
                                    char **msg, size_t *msg_len)
{
	*msg = NULL;
	*msg_len = 0;
	size_t elen = strlen(encrypt);
	if (elen == 0 || elen > WX_PUSH_MAX)
		return WX_PUSH_BAD_BASE64;
	size_t cap = elen / 4 * 3 + 3;
	uint8_t *raw = malloc(cap), *plain = malloc(cap);
	enum wx_push_result r = WX_PUSH_NOMEM;
	if (!raw || !plain)
		goto out;
	long n = crypto_base64_decode(encrypt, elen, raw, cap);
	r = WX_PUSH_BAD_BASE64;
	if (n <= 0 || n % BLOCK != 0 || cbc(key, MBEDTLS_AES_DECRYPT, raw, (size_t)n, plain) != 0)
		goto out;
	size_t pad = plain[n - 1];
	r = WX_PUSH_BAD_PADDING;
	if (pad < 1 || pad > BLOCK)
		goto out;
	for (size_t i = 0; i < pad; i++)
		if (plain[(size_t)n - 1 - i] != pad)
			goto out;
	size_t body = (size_t)n - pad;
	r = WX_PUSH_BAD_LENGTH;
	if (body < PREFIX)
		goto out;
	size_t len = (size_t)plain[16] << 24 | (size_t)plain[17] << 16 | (size_t)plain[18] << 8 | plain[19];
	if (len > body - PREFIX)
		goto out;
	size_t tail = body - PREFIX - len, alen = strlen(appid);
	r = WX_PUSH_BAD_APPID;
	if (tail != alen || memcmp(plain + PREFIX + len, appid, alen) != 0)
		goto out;
	r = WX_PUSH_NOMEM;
	*msg = malloc(len + 1);
	if (!*msg)
		goto out;
	memcpy(*msg, plain + PREFIX, len);
	(*msg)[len] = '\0';
	*msg_len = len;
	r = WX_PUSH_OK;
out:
	free(raw);
	free(plain);
	return r;
}

int wx_push_encrypt(const uint8_t key[WX_PUSH_KEY], const uint8_t *random16, const char *msg, size_t len,
                    const char *appid, char **out)
{
	*out = NULL;
	size_t alen = strlen(appid), body = PREFIX + len + alen;
	size_t pad = BLOCK - body % BLOCK;   /* 1..32: a full block when already aligned */
	size_t n = body + pad;
	uint8_t *plain = malloc(n), *sealed = malloc(n);
	char *text = malloc(4 * (n / 3 + 1) + 1);
	int rc = -1;
	if (plain && sealed && text) {
		if (random16)
			memcpy(plain, random16, 16);
		else
			crypto_random(plain, 16);
		plain[16] = (uint8_t)(len >> 24);
		plain[17] = (uint8_t)(len >> 16);
		plain[18] = (uint8_t)(len >> 8);
		plain[19] = (uint8_t)len;
		memcpy(plain + PREFIX, msg, len);
		memcpy(plain + PREFIX + len, appid, alen);
		memset(plain + body, (int)pad, pad);
		if (cbc(key, MBEDTLS_AES_ENCRYPT, plain, n, sealed) == 0 &&
		    crypto_base64_encode(sealed, n, text, 4 * (n / 3 + 1) + 1) > 0) {
			*out = text;
			text = NULL;
			rc = 0;
		}
	}
	free(plain);
	free(sealed);
	free(text);
	return rc;
}

enum wx_event_kind wx_push_media_event(const char *msg, struct wx_media_event *ev)
{
	memset(ev, 0, sizeof *ev);
	cJSON *json = cJSON_Parse(msg);
	enum wx_event_kind kind = WX_EVENT_MALFORMED;
	if (!cJSON_IsObject(json))
		goto out;
	const char *event = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(json, "Event"));
	if (!event || strcmp(event, "wxa_media_check") != 0) {
		kind = WX_EVENT_OTHER;
		goto out;
	}
	const char *trace = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(json, "trace_id"));
	const char *appid = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(json, "appid"));
	cJSON *result = cJSON_GetObjectItemCaseSensitive(json, "result");
	const char *suggest = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(result, "suggest"));
	cJSON *label = cJSON_GetObjectItemCaseSensitive(result, "label");
	cJSON *errcode = cJSON_GetObjectItemCaseSensitive(json, "errcode");
	if (!trace || !*trace || strlen(trace) >= sizeof ev->trace_id)
		goto out;
	snprintf(ev->trace_id, sizeof ev->trace_id, "%s", trace);
	if (appid)
		snprintf(ev->appid, sizeof ev->appid, "%s", appid);
	ev->verdict = suggest && strcmp(suggest, "pass") == 0   ? WX_MEDIA_PASS
	            : suggest && strcmp(suggest, "risky") == 0  ? WX_MEDIA_RISKY
	                                                        : WX_MEDIA_REVIEW;
	ev->label = cJSON_IsNumber(label) ? (long)label->valuedouble
	          : cJSON_IsString(label) ? strtol(label->valuestring, NULL, 10) : 0;
	ev->errcode = cJSON_IsNumber(errcode) ? (long)errcode->valuedouble : 0;
	kind = WX_EVENT_MEDIA_CHECK;
out:
	cJSON_Delete(json);
	return kind;
}
