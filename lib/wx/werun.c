#include "werun.h"

#include "cipher.h"
#include "crypto.h"

#include <assert.h>
#include <cjson/cJSON.h>
#include <mbedtls/platform_util.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

/* Decodes s into out if it is base64 of exactly 16 bytes (a session key or an
 * iv).  On false, out holds nothing of s. */
static bool decode_16(const char *s, unsigned char out[16])
{
	if (!s)
		return false;
	size_t len = strlen(s);
	/* An out of exactly 16 bytes makes mbedtls refuse longer values before it
	 * writes anything. */
	if (crypto_base64_decode(s, len, out, 16) == 16)
		return true;
	mbedtls_platform_zeroize(out, 16);
	return false;
}

/* A JSON number that is an integer inside int64: finite, integral, in
 * [-2^63, 2^63).  The range test comes first, so that the conversion below is
 * defined, and is written so that NaN fails it too. */
static bool json_int64(const cJSON *item, int64_t *v)
{
	if (!cJSON_IsNumber(item))
		return false;
	double d = item->valuedouble;
	if (!(d >= -9223372036854775808.0 && d < 9223372036854775808.0))
		return false;
	int64_t i = (int64_t)d;
	if ((double)i != d)
		return false;
	*v = i;
	return true;
}

static bool parse_entries(const cJSON *list, struct werun_data *out)
{
	const cJSON *item;
	if (!cJSON_IsArray(list))
		return false;
	cJSON_ArrayForEach(item, list) {
		if (out->n == WERUN_MAX_ENTRIES || !cJSON_IsObject(item))
			return false;
		struct rules_step_entry *e = &out->entries[out->n];
		if (!json_int64(cJSON_GetObjectItemCaseSensitive(item, "timestamp"), &e->timestamp)
		    || !json_int64(cJSON_GetObjectItemCaseSensitive(item, "step"), &e->step))
			return false;
		out->n++;
	}
	return true;
}

static bool parse_watermark(const cJSON *mark, struct werun_data *out)
{
	if (!cJSON_IsObject(mark)
	    || !json_int64(cJSON_GetObjectItemCaseSensitive(mark, "timestamp"), &out->watermark_ts))
		return false;
	const cJSON *appid = cJSON_GetObjectItemCaseSensitive(mark, "appid");
	if (!appid)
		return true;   /* out->appid stays "" */
	if (!cJSON_IsString(appid))
		return false;
	size_t len = strlen(appid->valuestring);
	if (len > WERUN_APPID_MAX)
		return false;
	memcpy(out->appid, appid->valuestring, len + 1);
	return true;
}

/* Parses the plaintext (len bytes followed by a NUL) into out, which starts
 * zeroed. */
static bool parse_payload(const char *text, size_t len, struct werun_data *out)
{
	/* A NUL inside would end cJSON's view of the text early and hide what
	 * follows it. */
	if (strlen(text) != len)
		return false;
	cJSON *root = cJSON_ParseWithOpts(text, NULL, true);
	bool ok = cJSON_IsObject(root)
	          && parse_entries(cJSON_GetObjectItemCaseSensitive(root, "stepInfoList"), out)
	          && parse_watermark(cJSON_GetObjectItemCaseSensitive(root, "watermark"), out);
	cJSON_Delete(root);
	return ok;
}

static bool decrypt_payload(const unsigned char key[16], const unsigned char iv[16],
                            const char *encrypted_b64, struct werun_data *out)
{
	if (!encrypted_b64)
		return false;
	size_t len = strlen(encrypted_b64);
	/* One block holds the ciphertext (at most 3 bytes per 4 characters) and,
	 * after it, the plaintext (never longer than the ciphertext) plus a NUL. */
	size_t cap = len / 4 * 3;
	unsigned char *mem = malloc(2 * cap + 1);
	if (!mem)
		abort();   /* like every allocation here: see buf.h */
	unsigned char *ciphertext = mem, *plain = mem + cap;
	size_t plain_len = 0;
	long n = crypto_base64_decode(encrypted_b64, len, ciphertext, cap);
	bool ok = n > 0
	          && cipher_aes128_cbc_decrypt(key, iv, ciphertext, (size_t)n, plain, &plain_len) == 0;
	if (ok) {
		plain[plain_len] = '\0';
		ok = parse_payload((const char *)plain, plain_len, out);
	}
	mbedtls_platform_zeroize(mem, 2 * cap + 1);
	free(mem);
	return ok;
}

enum werun_status werun_decrypt(const char *session_key_b64, const char *iv_b64,
                                const char *encrypted_b64, struct werun_data *out)
{
	unsigned char key[16], iv[16];
	enum werun_status status = WERUN_UNDECRYPTABLE;

	memset(out, 0, sizeof *out);
	if (!decode_16(session_key_b64, key))
		return WERUN_BAD_KEY;
	if (!decode_16(iv_b64, iv))
		status = WERUN_BAD_IV;
	else if (decrypt_payload(key, iv, encrypted_b64, out))
		status = WERUN_OK;
	mbedtls_platform_zeroize(key, sizeof key);
	if (status != WERUN_OK)
		memset(out, 0, sizeof *out);
	return status;
}

/* The plaintext WeChat would send for in, in cJSON's compact form (malloc'd,
 * the caller frees). */
static char *payload_text(const struct werun_data *in)
{
	cJSON *root = cJSON_CreateObject();
	cJSON *list = cJSON_AddArrayToObject(root, "stepInfoList");
	for (size_t i = 0; i < in->n; i++) {
		cJSON *entry = cJSON_CreateObject();
		cJSON_AddNumberToObject(entry, "timestamp", (double)in->entries[i].timestamp);
		cJSON_AddNumberToObject(entry, "step", (double)in->entries[i].step);
		cJSON_AddItemToArray(list, entry);
	}
	cJSON *mark = cJSON_AddObjectToObject(root, "watermark");
	cJSON_AddNumberToObject(mark, "timestamp", (double)in->watermark_ts);
	if (in->appid[0])
		cJSON_AddStringToObject(mark, "appid", in->appid);
	/* cJSON's calls return NULL only when out of memory, and a NULL anywhere
	 * above makes the print fail (or the ones after it no-ops): one check. */
	char *text = cJSON_PrintUnformatted(root);
	cJSON_Delete(root);
	if (!text)
		abort();
	return text;
}

int werun_encrypt(const char *session_key_b64, const struct werun_data *in,
                  struct buf *encrypted_b64, char iv_b64[25])
{
	unsigned char key[16], iv[16];
	assert(in->n <= WERUN_MAX_ENTRIES);
	if (!decode_16(session_key_b64, key))
		return -1;

	char *text = payload_text(in);
	size_t text_len = strlen(text);
	size_t b64_size = 4 * ((text_len + CIPHER_AES_BLOCK + 2) / 3) + 1;
	unsigned char *ciphertext = malloc(text_len + CIPHER_AES_BLOCK);
	char *b64 = malloc(b64_size);
	if (!ciphertext || !b64)
		abort();
	size_t cipher_len = 0;
	crypto_random(iv, sizeof iv);
	int rc = cipher_aes128_cbc_encrypt(key, iv, (const unsigned char *)text, text_len, ciphertext,
	                                   &cipher_len);
	if (rc == 0) {
		size_t b64_len = crypto_base64_encode(ciphertext, cipher_len, b64, b64_size);
		buf_append(encrypted_b64, b64, b64_len);
		crypto_base64_encode(iv, sizeof iv, iv_b64, 25);
	}
	mbedtls_platform_zeroize(key, sizeof key);
	free(b64);
	free(ciphertext);
	cJSON_free(text);
	return rc == 0 ? 0 : -1;
}
