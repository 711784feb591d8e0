/* werun_decrypt(), the public entry of the WeRun payload (werun.h), fed two
 * ways: the input as the plaintext, encrypted under a fixed session key and
 * iv (this reaches the plaintext parser), and the input as the encryptedData
 * string itself.  Properties: *out is all zeros unless WERUN_OK; on WERUN_OK
 * there are at most WERUN_MAX_ENTRIES entries and the appid fits, and the data
 * comes back unchanged through werun_encrypt() and werun_decrypt() when its
 * numbers are below 10^15 in magnitude (cJSON prints 15 significant digits
 * when it takes them to round-trip, and its test is loose above that). */
#include "fuzz.h"

#include "cipher.h"
#include "crypto.h"
#include "werun.h"

#include <stdbool.h>

#define KEY_B64 "AAECAwQFBgcICQoLDA0ODw=="    /* 00 01 .. 0f */
#define IV_B64  "8PHy8/T19vf4+fr7/P3+/w=="    /* f0 f1 .. ff */

static void *alloc(size_t n)
{
	void *p = malloc(n ? n : 1);
	if (!p)
		abort();
	return p;
}

static bool all_zero(const void *p, size_t n)
{
	const unsigned char *b = p;
	for (size_t i = 0; i < n; i++)
		if (b[i])
			return false;
	return true;
}

/* Whether every number of d is one that cJSON prints exactly. */
static bool printed_exactly(const struct werun_data *d)
{
	const int64_t limit = 1000000000000000;
	bool exact = d->watermark_ts > -limit && d->watermark_ts < limit;
	for (size_t i = 0; i < d->n; i++)
		exact = exact && d->entries[i].timestamp > -limit && d->entries[i].timestamp < limit &&
		        d->entries[i].step > -limit && d->entries[i].step < limit;
	return exact;
}

static bool same_data(const struct werun_data *a, const struct werun_data *b)
{
	if (a->n != b->n || a->watermark_ts != b->watermark_ts || strcmp(a->appid, b->appid) != 0)
		return false;
	for (size_t i = 0; i < a->n; i++)
		if (a->entries[i].timestamp != b->entries[i].timestamp || a->entries[i].step != b->entries[i].step)
			return false;
	return true;
}

static void check_result(enum werun_status status, const struct werun_data *d)
{
	FUZZ_CHECK(status == WERUN_OK || status == WERUN_UNDECRYPTABLE);
	if (status != WERUN_OK) {
		/* Nothing of a refused payload is handed on: only the reason is set. */
		FUZZ_CHECK(d->refusal != NULL && *d->refusal != '\0');
		struct werun_data blank;
		memcpy(&blank, d, sizeof blank);   /* padding included, as werun_decrypt zeroed it */
		blank.refusal = NULL;
		FUZZ_CHECK(all_zero(&blank, sizeof blank));
		return;
	}
	FUZZ_CHECK(d->refusal == NULL);
	FUZZ_CHECK(d->n <= WERUN_MAX_ENTRIES);
	FUZZ_CHECK(memchr(d->appid, '\0', sizeof d->appid) != NULL);

	struct buf sealed = { 0 };
	char iv[25];
	struct werun_data again;
	FUZZ_CHECK(werun_encrypt(KEY_B64, d, &sealed, iv) == 0);
	FUZZ_CHECK(werun_decrypt(KEY_B64, iv, buf_str(&sealed), &again) == WERUN_OK);
	FUZZ_CHECK(!printed_exactly(d) || same_data(d, &again));
	buf_free(&sealed);
}

/* The input as the plaintext WeChat would have encrypted. */
static void decrypt_plaintext(const uint8_t *data, size_t size)
{
	unsigned char key[16], iv[16];
	FUZZ_CHECK(crypto_base64_decode(KEY_B64, strlen(KEY_B64), key, sizeof key) == 16);
	FUZZ_CHECK(crypto_base64_decode(IV_B64, strlen(IV_B64), iv, sizeof iv) == 16);
	unsigned char *sealed = alloc(size + CIPHER_AES_BLOCK);
	size_t sealed_len = 0;
	FUZZ_CHECK(cipher_aes128_cbc_encrypt(key, iv, data, size, sealed, &sealed_len) == 0);
	size_t b64_size = 4 * ((sealed_len + 2) / 3) + 1;
	char *b64 = alloc(b64_size);
	FUZZ_CHECK(crypto_base64_encode(sealed, sealed_len, b64, b64_size) == b64_size - 1);

	struct werun_data d;
	check_result(werun_decrypt(KEY_B64, IV_B64, b64, &d), &d);
	free(b64);
	free(sealed);
}

/* The input as the encryptedData string the client sends. */
static void decrypt_encrypted_data(const uint8_t *data, size_t size)
{
	char *s = fuzz_strndup(data, size);
	struct werun_data d;
	check_result(werun_decrypt(KEY_B64, IV_B64, s, &d), &d);
	free(s);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	decrypt_plaintext(data, size);
	decrypt_encrypted_data(data, size);
	return 0;
}
