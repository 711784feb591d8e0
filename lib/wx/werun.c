#include "werun.h"

#include "cipher.h"
#include "crypto.h"
#include "log.h"
#include "werun_json.h"

#include <assert.h>
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

/* Reads the plaintext; logs the unknown members it tolerated (WECHAT.md §2:
 * WeChat may add fields, and someone should notice when it does). */
static bool parse_payload(const char *text, size_t len, struct werun_data *out)
{
	out->refusal = werun_json_read(text, len, out);
	if (out->refusal)
		return false;
	if (out->unknown_keys > 0)
		log_info("WeRun data with %d unknown member(s), the first \"%s\"", out->unknown_keys,
		         out->unknown_key);
	return true;
}

static bool decrypt_payload(const unsigned char key[16], const unsigned char iv[16],
                            const char *encrypted_b64, struct werun_data *out)
{
	if (!encrypted_b64) {
		out->refusal = "no data";
		return false;
	}
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
	bool ok = false;
	if (n <= 0)
		out->refusal = "not base64";
	else if (n % CIPHER_AES_BLOCK != 0)
		out->refusal = "not whole blocks";
	else if (cipher_aes128_cbc_decrypt(key, iv, ciphertext, (size_t)n, plain, &plain_len) != 0)
		out->refusal = "bad padding";
	else
		ok = parse_payload((const char *)plain, plain_len, out);
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
	if (!decode_16(session_key_b64, key)) {
		out->refusal = "bad session key";
		return WERUN_BAD_KEY;
	}
	if (!decode_16(iv_b64, iv))
		status = WERUN_BAD_IV;
	else if (decrypt_payload(key, iv, encrypted_b64, out))
		status = WERUN_OK;
	mbedtls_platform_zeroize(key, sizeof key);
	if (status != WERUN_OK) {
		const char *refusal = status == WERUN_BAD_IV ? "bad iv" : out->refusal;
		memset(out, 0, sizeof *out);
		out->refusal = refusal;
	}
	return status;
}

bool werun_ends_on(const struct werun_data *d, int64_t day_start)
{
	return d->n > 0 && d->entries[d->n - 1].timestamp == day_start;
}

/* Appends s as the content of a JSON string. */
static void append_json_string(struct buf *b, const char *s)
{
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (c == '"' || c == '\\')
			buf_printf(b, "\\%c", c);
		else if (c < 0x20)
			buf_printf(b, "\\u%04x", c);
		else
			buf_append(b, s, 1);
	}
}

/* The plaintext WeChat would send for in, compact, numbers in full. */
static void payload_text(const struct werun_data *in, struct buf *text)
{
	buf_puts(text, "{\"stepInfoList\":[");
	for (size_t i = 0; i < in->n; i++)
		buf_printf(text, "%s{\"timestamp\":%lld,\"step\":%lld}", i ? "," : "",
		           (long long)in->entries[i].timestamp, (long long)in->entries[i].step);
	buf_printf(text, "],\"watermark\":{\"timestamp\":%lld", (long long)in->watermark_ts);
	if (in->appid[0]) {
		buf_puts(text, ",\"appid\":\"");
		append_json_string(text, in->appid);
		buf_puts(text, "\"");
	}
	buf_puts(text, "}}");
}

int werun_encrypt(const char *session_key_b64, const struct werun_data *in,
                  struct buf *encrypted_b64, char iv_b64[25])
{
	unsigned char key[16], iv[16];
	assert(in->n <= WERUN_MAX_ENTRIES);
	if (!decode_16(session_key_b64, key))
		return -1;

	struct buf plain = { 0 };
	payload_text(in, &plain);
	const char *text = buf_str(&plain);
	size_t text_len = plain.len;
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
	mbedtls_platform_zeroize(plain.data, plain.len);
	buf_free(&plain);
	return rc == 0 ? 0 : -1;
}
