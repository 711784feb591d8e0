/* lib/cipher and lib/werun: WeChat's open-data cipher and the WeRun payload
 * (WECHAT.md §2), against WeChat's own published sample, NIST's CBC vectors,
 * every failure the sync handler maps to an error, and random input. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "cipher.h"
#include "crypto.h"
#include "werun.h"

#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------------- helpers */

/* A fixed key and iv for ciphertexts built from chosen plaintexts. */
#define KEY_B64 "AAECAwQFBgcICQoLDA0ODw=="    /* 00 01 .. 0f */
#define IV_B64  "8PHy8/T19vf4+fr7/P3+/w=="    /* f0 f1 .. ff */
#define APPID   "wx0123456789abcdef"

static void b64_16(const char *b64, unsigned char out[16])
{
	assert_int_equal(crypto_base64_decode(b64, strlen(b64), out, 16), 16);
}

static void hex_bytes(const char *hex, unsigned char *out, size_t n)
{
	assert_int_equal(strlen(hex), 2 * n);
	for (size_t i = 0; i < n; i++) {
		unsigned v = 0;
		assert_int_equal(sscanf(hex + 2 * i, "%2x", &v), 1);
		out[i] = (unsigned char)v;
	}
}

static char *b64_of(const unsigned char *data, size_t n)
{
	size_t size = 4 * ((n + 2) / 3) + 1;
	char *out = malloc(size);
	assert_non_null(out);
	out[0] = '\0';
	if (n > 0)
		assert_int_equal(crypto_base64_encode(data, n, out, size), size - 1);
	return out;
}

/* base64 of plaintext encrypted (with PKCS#7) under KEY_B64 and IV_B64;
 * the caller frees. */
static char *seal(const char *plaintext)
{
	unsigned char key[16], iv[16];
	size_t n = strlen(plaintext), len = 0;
	unsigned char *ct = malloc(n + 16);
	assert_non_null(ct);
	b64_16(KEY_B64, key);
	b64_16(IV_B64, iv);
	assert_int_equal(cipher_aes128_cbc_encrypt(key, iv, (const unsigned char *)plaintext, n, ct, &len), 0);
	char *b64 = b64_of(ct, len);
	free(ct);
	return b64;
}

/* werun_decrypt of a chosen plaintext under the fixed key and iv. */
static enum werun_status open_text(const char *plaintext, struct werun_data *out)
{
	char *enc = seal(plaintext);
	enum werun_status st = werun_decrypt(KEY_B64, IV_B64, enc, out);
	free(enc);
	return st;
}

/* Asserts that a chosen plaintext is refused as undecryptable, with *out zeroed. */
static void refused(const char *plaintext)
{
	struct werun_data d;
	memset(&d, 0x5a, sizeof d);
	if (open_text(plaintext, &d) != WERUN_UNDECRYPTABLE)
		fail_msg("accepted: %s", plaintext);
	assert_int_equal(d.n, 0);
	assert_string_equal(d.appid, "");
}

/* A well-formed payload as WeChat sends it, with one entry. */
#define ENTRY(step) "{\"timestamp\":1561910400,\"step\":" step "}"
#define PAYLOAD(list, mark) "{\"stepInfoList\":[" list "],\"watermark\":" mark "}"
#define MARK "{\"timestamp\":1561986000,\"appid\":\"" APPID "\"}"

/* 31 entries ending on 2019-07-31 (00:00 UTC+8 each), 1000 * (i + 1) steps. */
static void fill_month(struct werun_data *d)
{
	memset(d, 0, sizeof *d);
	d->n = 31;
	for (size_t i = 0; i < 31; i++) {
		d->entries[i].timestamp = 1561910400 + (int64_t)i * 86400;   /* 2019-07-01 +08:00 */
		d->entries[i].step = 1000 * (int64_t)(i + 1);
	}
	d->watermark_ts = 1564574400;
	strcpy(d->appid, APPID);
}

/* ------------------------------------------- WeChat's published sample */

/* The decryption demo of WeChat's mini-program docs (开放数据校验与解密,
 * WXBizDataCrypt), as copied into many projects, e.g. abigail830/blindbox
 * src/test/java/com/github/tuding/blindbox/infrastructure/client/WXBizDataCryptTest.java. */
static const char wx_sample_key[] = "tiihtNczf5v6AKRyjwEUhQ==";
static const char wx_sample_iv[] = "r7BXXKkLb8qrSNn05n0qiA==";
static const char wx_sample_data[] =
	"CiyLU1Aw2KjvrjMdj8YKliAjtP4gsMZMQmRzooG2xrDcvSnxIMXFufNstNGTyaGS"
	"9uT5geRa0W4oTOb1WT7fJlAC+oNPdbB+3hVbJSRgv+4lGOETKUQz6OYStslQ142d"
	"NCuabNPGBzlooOmB231qMM85d2/fV6ChevvXvQP8Hkue1poOFtnEtpyxVLW1zAo6"
	"/1Xx1COxFvrc2d7UL/lmHInNlxuacJXwu0fjpXfz/YqYzBIBzD6WUfTIF9GRHpOn"
	"/Hz7saL8xz+W//FRAUid1OksQaQx4CMs8LOddcQhULW4ucetDf96JcR3g0gfRK4P"
	"C7E/r7Z6xNrXd2UIeorGj5Ef7b1pJAYB6Y5anaHqZ9J6nKEBvB4DnNLIVWSgARns"
	"/8wR2SiRS7MNACwTyrGvt9ts8p12PKFdlqYTopNHR1Vf7XjfhQlVsAJdNiKdYmYV"
	"oKlaRv85IfVunYzO0IKXsyl7JCUjCpoG20f0a04COwfneQAGGwd5oa+T8yO5hzuy"
	"Db/XcxxmK01EpqOyuxINew==";
static const char wx_sample_plain[] =
	"{\"openId\":\"oGZUI0egBJY1zhBYw2KhdUfwVJJE\",\"nickName\":\"Band\",\"gender\":1,"
	"\"language\":\"zh_CN\",\"city\":\"Guangzhou\",\"province\":\"Guangdong\",\"country\":\"CN\","
	"\"avatarUrl\":\"http://wx.qlogo.cn/mmopen/vi_32/aSKcBBPpibyKNicHNTMM0qJVh8Kjgiak2AHWr8MHM4"
	"WgMEm7GFhsf8OYrySdbvAMvTsw3mo8ibKicsnfN5pRjl1p8HQ/0\",\"unionId\":\"ocMvos6NjeKLIBqg5Mr9QjxrP1FA\","
	"\"watermark\":{\"timestamp\":1477314187,\"appid\":\"wx4f4bc4dec97d474b\"}}";

static void wechat_sample_decrypts(void **state)
{
	(void)state;
	unsigned char key[16], iv[16], ct[512], plain[512];
	size_t plain_len = 0;
	b64_16(wx_sample_key, key);
	b64_16(wx_sample_iv, iv);
	long n = crypto_base64_decode(wx_sample_data, strlen(wx_sample_data), ct, sizeof ct);
	assert_int_equal(n, 400);
	assert_int_equal(cipher_aes128_cbc_decrypt(key, iv, ct, (size_t)n, plain, &plain_len), 0);
	assert_int_equal(plain_len, strlen(wx_sample_plain));
	assert_memory_equal(plain, wx_sample_plain, plain_len);

	cJSON *root = cJSON_ParseWithLength((const char *)plain, plain_len);
	assert_non_null(root);
	assert_string_equal(cJSON_GetStringValue(cJSON_GetObjectItem(root, "nickName")), "Band");
	cJSON *mark = cJSON_GetObjectItem(root, "watermark");
	assert_string_equal(cJSON_GetStringValue(cJSON_GetObjectItem(mark, "appid")), "wx4f4bc4dec97d474b");
	assert_true(cJSON_GetNumberValue(cJSON_GetObjectItem(mark, "timestamp")) == 1477314187.0);
	cJSON_Delete(root);

	/* A good key, iv and ciphertext, but user info rather than WeRun data. */
	struct werun_data d;
	assert_int_equal(werun_decrypt(wx_sample_key, wx_sample_iv, wx_sample_data, &d),
	                 WERUN_UNDECRYPTABLE);
}

/* ------------------------------------------------------------ cipher */

/* NIST SP 800-38A F.2.1/F.2.2 (CBC-AES128): our PKCS#7 adds one full block of
 * 0x10 after the four blocks of the vector. */
static void cipher_matches_nist(void **state)
{
	(void)state;
	unsigned char key[16], iv[16], pt[64], want[64], ct[80], back[80];
	size_t len = 0;
	hex_bytes("2b7e151628aed2a6abf7158809cf4f3c", key, 16);
	hex_bytes("000102030405060708090a0b0c0d0e0f", iv, 16);
	hex_bytes("6bc1bee22e409f96e93d7e117393172aae2d8a571e03ac9c9eb76fac45af8e51"
	          "30c81c46a35ce411e5fbc1191a0a52eff69f2445df4f9b17ad2b417be66c3710", pt, 64);
	hex_bytes("7649abac8119b246cee98e9b12e9197d5086cb9b507219ee95db113a917678b2"
	          "73bed6b8e3c1743b7116e69e222295163ff1caa1681fac09120eca307586e1a7", want, 64);
	unsigned char iv_before[16];
	memcpy(iv_before, iv, 16);
	assert_int_equal(cipher_aes128_cbc_encrypt(key, iv, pt, 64, ct, &len), 0);
	assert_int_equal(len, 80);
	assert_memory_equal(ct, want, 64);
	assert_memory_equal(iv, iv_before, 16);   /* the caller's iv is left alone */
	assert_int_equal(cipher_aes128_cbc_decrypt(key, iv, ct, 80, back, &len), 0);
	assert_int_equal(len, 64);
	assert_memory_equal(back, pt, 64);
	/* The vector's ciphertext alone ends in plaintext block 4, whose last byte
	 * 0x10 is not preceded by fifteen more 0x10: bad padding. */
	assert_int_equal(cipher_aes128_cbc_decrypt(key, iv, want, 64, back, &len), -1);
	assert_memory_equal(iv, iv_before, 16);
}

static void cipher_round_trips_every_length(void **state)
{
	(void)state;
	unsigned char key[16], iv[16], pt[64], ct[80], back[80];
	crypto_random(key, 16);
	crypto_random(iv, 16);
	crypto_random(pt, sizeof pt);
	for (size_t n = 0; n <= 48; n++) {
		size_t len = 0, back_len = 0;
		assert_int_equal(cipher_aes128_cbc_encrypt(key, iv, pt, n, ct, &len), 0);
		assert_int_equal(len, (n / 16 + 1) * 16);
		assert_int_equal(cipher_aes128_cbc_decrypt(key, iv, ct, len, back, &back_len), 0);
		assert_int_equal(back_len, n);
		assert_memory_equal(back, pt, n);
	}
}

/* A ciphertext whose plaintext is exactly `blocks` (a multiple of 16 bytes, no
 * padding added): CBC's prefix property, the padding block dropped. */
static size_t raw_blocks(const unsigned char key[16], const unsigned char iv[16],
                         const unsigned char *blocks, size_t n, unsigned char *ct)
{
	size_t len = 0;
	assert_int_equal(cipher_aes128_cbc_encrypt(key, iv, blocks, n, ct, &len), 0);
	assert_int_equal(len, n + 16);
	return n;
}

static void cipher_checks_every_padding_byte(void **state)
{
	(void)state;
	static const struct { const char *last_block_hex; int pad; } cases[] = {
		{ "41414141414141414141414141414101", 1 },
		{ "41414141414141414141414141030303", 3 },
		{ "0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f", 15 },   /* first byte is data */
		{ "10101010101010101010101010101010", 16 },
		{ "41414141414141414141414141414100", -1 },   /* 0 is no padding length */
		{ "41414141414141414141414141414111", -1 },   /* 17 > a block */
		{ "414141414141414141414141414141ff", -1 },
		{ "11111111111111111111111111111111", -1 },   /* 17 everywhere: still > a block */
		{ "ffffffffffffffffffffffffffffffff", -1 },
		{ "41414141414141414141414141020303", -1 },   /* first pad byte differs */
		{ "41414141414141414141414141030203", -1 },   /* a middle one differs */
		{ "0f101010101010101010101010101010", -1 },   /* 16 needs all 16 */
		{ "10101010101010101010101010101011", -1 },
	};
	unsigned char key[16], iv[16], blocks[32], ct[48], out[32];
	crypto_random(key, 16);
	crypto_random(iv, 16);
	memset(blocks, 'x', 16);   /* a data block before the one under test */
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		size_t len = 12345;
		hex_bytes(cases[i].last_block_hex, blocks + 16, 16);
		size_t n = raw_blocks(key, iv, blocks, 32, ct);
		int rc = cipher_aes128_cbc_decrypt(key, iv, ct, n, out, &len);
		if (cases[i].pad < 0) {
			assert_int_equal(rc, -1);
			assert_int_equal(len, 12345);
			for (size_t j = 0; j < n; j++)
				assert_int_equal(out[j], 0);   /* nothing left behind */
		} else {
			assert_int_equal(rc, 0);
			assert_int_equal(len, 32 - (size_t)cases[i].pad);
			assert_memory_equal(out, blocks, len);
		}
	}
}

static void cipher_refuses_partial_blocks(void **state)
{
	(void)state;
	unsigned char key[16] = { 0 }, iv[16] = { 0 }, ct[48] = { 0 }, out[48];
	size_t len = 0;
	assert_int_equal(cipher_aes128_cbc_decrypt(key, iv, ct, 0, out, &len), -1);
	assert_int_equal(cipher_aes128_cbc_decrypt(key, iv, ct, 15, out, &len), -1);
	assert_int_equal(cipher_aes128_cbc_decrypt(key, iv, ct, 17, out, &len), -1);
	assert_int_equal(cipher_aes128_cbc_decrypt(key, iv, ct, 47, out, &len), -1);
}

/* -------------------------------------------------------------- werun */

static void werun_round_trips_a_month(void **state)
{
	(void)state;
	struct werun_data in, out;
	struct buf enc = { 0 };
	char iv[25], iv2[25];
	fill_month(&in);
	in.entries[3].step = 0;
	in.entries[4].step = INT64_C(9007199254740993);   /* 2^53 + 1: written in full, not as a double */
	in.entries[5].step = INT64_MAX;
	buf_puts(&enc, "kept:");   /* werun_encrypt appends */
	assert_int_equal(werun_encrypt(KEY_B64, &in, &enc, iv), 0);
	assert_int_equal(strlen(iv), 24);
	assert_memory_equal(buf_str(&enc), "kept:", 5);
	assert_int_equal(werun_decrypt(KEY_B64, iv, buf_str(&enc) + 5, &out), WERUN_OK);
	assert_int_equal(out.n, 31);
	for (size_t i = 0; i < 31; i++) {
		assert_int_equal(out.entries[i].timestamp, in.entries[i].timestamp);
		assert_true(out.entries[i].step == in.entries[i].step);
	}
	assert_string_equal(out.appid, APPID);
	assert_int_equal(out.watermark_ts, in.watermark_ts);
	assert_null(out.refusal);
	assert_int_equal(out.unknown_keys, 0);

	/* A fresh iv every time. */
	buf_reset(&enc, 0);
	assert_int_equal(werun_encrypt(KEY_B64, &in, &enc, iv2), 0);
	assert_string_not_equal(iv, iv2);

	/* No appid: the member is left out and decrypts as "". */
	in.appid[0] = '\0';
	in.n = 1;
	buf_reset(&enc, 0);
	assert_int_equal(werun_encrypt(KEY_B64, &in, &enc, iv), 0);
	assert_int_equal(werun_decrypt(KEY_B64, iv, buf_str(&enc), &out), WERUN_OK);
	assert_int_equal(out.n, 1);
	assert_string_equal(out.appid, "");

	/* An appid no JSON string holds as it is comes out escaped, and so refused. */
	strcpy(in.appid, "wx\"1");
	buf_reset(&enc, 0);
	assert_int_equal(werun_encrypt(KEY_B64, &in, &enc, iv), 0);
	assert_int_equal(werun_decrypt(KEY_B64, iv, buf_str(&enc), &out), WERUN_UNDECRYPTABLE);
	assert_string_equal(out.refusal, "escape in a string");
	buf_free(&enc);
}

static void werun_encrypt_refuses_a_bad_key(void **state)
{
	(void)state;
	struct werun_data in;
	struct buf enc = { 0 };
	char iv[25] = "untouched";
	fill_month(&in);
	assert_int_equal(werun_encrypt("AAECAwQFBgcICQoLDA0O", &in, &enc, iv), -1);   /* 15 bytes */
	assert_int_equal(werun_encrypt("not base64!", &in, &enc, iv), -1);
	assert_int_equal(enc.len, 0);
	assert_string_equal(iv, "untouched");
}

/* The plaintext WeChat would send, for a known answer. */
static void werun_parses_wechat_text(void **state)
{
	(void)state;
	struct werun_data d;
	assert_int_equal(open_text("{\"stepInfoList\":[{\"timestamp\":1561910400,\"step\":8000},"
	                           "{\"timestamp\":1561996800,\"step\":12345}],"
	                           "\"watermark\":{\"timestamp\":1562030000,\"appid\":\"" APPID "\"}}",
	                           &d), WERUN_OK);
	assert_int_equal(d.n, 2);
	assert_int_equal(d.entries[0].timestamp, 1561910400);
	assert_int_equal(d.entries[0].step, 8000);
	assert_int_equal(d.entries[1].timestamp, 1561996800);
	assert_int_equal(d.entries[1].step, 12345);
	assert_int_equal(d.watermark_ts, 1562030000);
	assert_string_equal(d.appid, APPID);

	/* Tolerated: other key orders, spaces between tokens, no appid, unknown
	 * members with plain values anywhere (logged). */
	assert_int_equal(open_text(" {\"watermark\" : {\"appid\":\"wx1\",\"timestamp\":1,\"extra\":\"a b\"},"
	                           "\"new\":-7,\"stepInfoList\":[{\"step\":12000,"
	                           "\"timestamp\":1561910400,\"source\":0}] } ", &d), WERUN_OK);
	assert_int_equal(d.entries[0].step, 12000);
	assert_int_equal(d.entries[0].timestamp, 1561910400);
	assert_string_equal(d.appid, "wx1");
	assert_int_equal(d.unknown_keys, 3);
	assert_string_equal(d.unknown_key, "extra");
	assert_int_equal(open_text(PAYLOAD(ENTRY("0"), "{\"timestamp\":0}"), &d), WERUN_OK);
	assert_int_equal(d.n, 1);
	assert_int_equal(d.watermark_ts, 0);
	assert_string_equal(d.appid, "");
	/* The edge of int64. */
	assert_int_equal(open_text(PAYLOAD(ENTRY("9223372036854775807"), MARK), &d), WERUN_OK);
	assert_true(d.entries[0].step == INT64_MAX);
}

static void werun_limits_entries_and_appid(void **state)
{
	(void)state;
	struct werun_data d;
	struct buf text = { 0 };
	for (int n = 31; n <= 32; n++) {
		buf_reset(&text, 0);
		buf_puts(&text, "{\"stepInfoList\":[");
		for (int i = 0; i < n; i++)
			buf_printf(&text, "%s{\"timestamp\":%d,\"step\":%d}", i ? "," : "", 1561910400 + 86400 * i, i);
		buf_puts(&text, "],\"watermark\":" MARK "}");
		assert_int_equal(open_text(buf_str(&text), &d), n == 31 ? WERUN_OK : WERUN_UNDECRYPTABLE);
		if (n == 31)
			assert_int_equal(d.entries[30].step, 30);
		else
			assert_string_equal(d.refusal, "too many entries");
	}
	char appid[70];
	for (size_t len = 64; len <= 65; len++) {
		memset(appid, 'a', len);
		appid[len] = '\0';
		buf_reset(&text, 0);
		buf_printf(&text, PAYLOAD(ENTRY("1"), "{\"timestamp\":1,\"appid\":\"%s\"}"), appid);
		assert_int_equal(open_text(buf_str(&text), &d), len == 64 ? WERUN_OK : WERUN_UNDECRYPTABLE);
		if (len == 64)
			assert_string_equal(d.appid, appid);
	}
	buf_free(&text);
}

static void werun_refuses_malformed_plaintext(void **state)
{
	(void)state;
	refused("");                                      /* only padding */
	refused("hello, world");
	refused("{\"stepInfoList\":[");                   /* cut short */
	refused("[" ENTRY("1") "]");                      /* not an object */
	refused("null");
	refused("{\"watermark\":" MARK "}");              /* no stepInfoList */
	refused("{\"stepInfoList\":null,\"watermark\":" MARK "}");
	refused("{\"stepInfoList\":{},\"watermark\":" MARK "}");
	refused(PAYLOAD("1", MARK));                      /* entry not an object */
	refused(PAYLOAD("[]", MARK));
	refused(PAYLOAD(ENTRY("\"12000\""), MARK));      /* string step */
	refused(PAYLOAD(ENTRY("true"), MARK));
	refused(PAYLOAD(ENTRY("null"), MARK));
	refused(PAYLOAD(ENTRY("1.5"), MARK));             /* fractional */
	refused(PAYLOAD(ENTRY("-0.5"), MARK));
	refused(PAYLOAD(ENTRY("1e300"), MARK));           /* huge */
	refused(PAYLOAD(ENTRY("-1e300"), MARK));
	refused(PAYLOAD(ENTRY("9223372036854775808"), MARK));   /* 2^63 */
	refused(PAYLOAD(ENTRY("-9223372036854777856"), MARK));  /* next double below -2^63 */
	refused(PAYLOAD("{\"step\":1}", MARK));           /* no timestamp */
	refused(PAYLOAD("{\"timestamp\":1}", MARK));      /* no step */
	refused(PAYLOAD("{\"timestamp\":\"1561910400\",\"step\":1}", MARK));
	refused(PAYLOAD("{\"timestamp\":1561910400.5,\"step\":1}", MARK));
	refused("{\"stepInfoList\":[" ENTRY("1") "]}");  /* no watermark */
	refused(PAYLOAD(ENTRY("1"), "null"));
	refused(PAYLOAD(ENTRY("1"), "[]"));
	refused(PAYLOAD(ENTRY("1"), "{\"appid\":\"" APPID "\"}"));   /* no timestamp */
	refused(PAYLOAD(ENTRY("1"), "{\"timestamp\":1.25}"));
	refused(PAYLOAD(ENTRY("1"), "{\"timestamp\":\"1\"}"));
	refused(PAYLOAD(ENTRY("1"), "{\"timestamp\":1,\"appid\":7}"));
	refused(PAYLOAD(ENTRY("1"), "{\"timestamp\":1,\"appid\":null}"));
	refused(PAYLOAD(ENTRY("1"), MARK) "x");           /* trailing garbage */
	refused(PAYLOAD(ENTRY("1"), MARK) PAYLOAD(ENTRY("1"), MARK));
}

/* WECHAT.md §2's strict reading, one rule at a time: each text is a good
 * payload with one thing changed, refused for the reason given. */
#define T0 "1561910400"       /* 2019-07-01 00:00 +08:00 */
#define T1 "1561996800"       /* the day after */
#define E0(step) "{\"timestamp\":" T0 ",\"step\":" step "}"
#define E1(step) "{\"timestamp\":" T1 ",\"step\":" step "}"

static void werun_reads_strictly(void **state)
{
	(void)state;
	static const struct { const char *text, *why; } cases[] = {
		/* no key twice in one object */
		{ PAYLOAD("{\"timestamp\":" T0 ",\"step\":1,\"step\":2}", MARK), "duplicate key" },
		{ PAYLOAD("{\"timestamp\":" T0 ",\"timestamp\":" T0 ",\"step\":2}", MARK), "duplicate key" },
		{ "{\"stepInfoList\":[" E0("1") "],\"watermark\":" MARK ",\"watermark\":" MARK "}", "duplicate key" },
		{ "{\"stepInfoList\":[" E0("1") "],\"stepInfoList\":[" E0("1") "],\"watermark\":" MARK "}", "duplicate key" },
		{ PAYLOAD(E0("1"), "{\"timestamp\":1,\"appid\":\"" APPID "\",\"appid\":\"" APPID "\"}"), "duplicate key" },
		{ PAYLOAD("{\"x\":1,\"timestamp\":" T0 ",\"x\":2,\"step\":2}", MARK), "duplicate key" },
		/* plain integers only */
		{ PAYLOAD(E0("1e5"), MARK), "number form" },
		{ PAYLOAD(E0("1E5"), MARK), "number form" },
		{ PAYLOAD(E0("100000.0"), MARK), "number form" },
		{ PAYLOAD(E0("01000"), MARK), "number form" },
		{ PAYLOAD(E0("00"), MARK), "number form" },
		{ PAYLOAD(E0("-1"), MARK), "number sign" },
		{ PAYLOAD(E0("+1"), MARK), "number sign" },
		{ PAYLOAD(E0("- 1"), MARK), "number sign" },
		{ PAYLOAD(E0("0x10"), MARK), "syntax" },
		{ PAYLOAD(E0("9223372036854775808"), MARK), "number range" },
		{ PAYLOAD(E0("99999999999999999999"), MARK), "number range" },
		{ PAYLOAD(E0("1"), "{\"timestamp\":1.5e9,\"appid\":\"" APPID "\"}"), "number form" },
		{ PAYLOAD("{\"timestamp\":" T0 ",\"step\":1,\"x\":-0}", MARK), "number form" },
		{ PAYLOAD("{\"timestamp\":" T0 ",\"step\":1,\"x\":-}", MARK), "syntax" },
		{ PAYLOAD("{\"timestamp\":" T0 ",\"step\":1,\"x\":1e2}", MARK), "number form" },
		/* UTF-8 without control characters anywhere */
		{ PAYLOAD(E0("1"), MARK) "\t", "control character" },
		{ PAYLOAD(E0("1"), "{\"timestamp\":1,\n\"appid\":\"" APPID "\"}"), "control character" },
		{ PAYLOAD(E0("1"), "{\"timestamp\":1,\"appid\":\"wx\x01\"}"), "control character" },
		{ PAYLOAD(E0("1"), "{\"timestamp\":1,\"appid\":\"wx\x7f\"}"), "control character" },
		{ PAYLOAD(E0("1"), "{\"timestamp\":1,\"appid\":\"wx\xc2\x85\"}"), "control character" },
		{ PAYLOAD(E0("1"), "{\"timestamp\":1,\"appid\":\"wx\xff\"}"), "not UTF-8" },
		{ PAYLOAD(E0("1"), "{\"timestamp\":1,\"appid\":\"wx\xc0\xaf\"}"), "not UTF-8" },        /* overlong */
		{ PAYLOAD(E0("1"), "{\"timestamp\":1,\"appid\":\"wx\xed\xa0\x80\"}"), "not UTF-8" },   /* surrogate */
		{ PAYLOAD(E0("1"), "{\"timestamp\":1,\"appid\":\"wx\xf4\x90\x80\x80\"}"), "not UTF-8" },
		{ PAYLOAD(E0("1"), "{\"timestamp\":1,\"appid\":\"wx\xe4\xb8\xad\"}"), "not a plain string" },
		/* strings are plain: no escapes */
		{ PAYLOAD(E0("1"), "{\"timestamp\":1,\"appid\":\"wx\\u0031\"}"), "escape in a string" },
		{ PAYLOAD(E0("1"), "{\"timestamp\":1,\"appid\":\"wx\\\"\"}"), "escape in a string" },
		{ PAYLOAD(E0("1"), "{\"timestamp\":1,\"appid\":7}"), "syntax" },
		/* names: identifiers, and no schema name out of place */
		{ PAYLOAD("{\"timestamp\":" T0 ",\"st-ep\":1,\"step\":1}", MARK), "key not an identifier" },
		{ PAYLOAD("{\"timestamp\":" T0 ",\"st\xc3\xa9p\":1,\"step\":1}", MARK), "key not an identifier" },
		{ PAYLOAD("{\"timestamp\":" T0 ",\"st ep\":1,\"step\":1}", MARK), "key not an identifier" },
		{ PAYLOAD("{\"timestamp\":" T0 ",\"\":1,\"step\":1}", MARK), "key not an identifier" },
		{ PAYLOAD("{\"timestamp\":" T0 ",\"abcdefghijklmnopqrstuvwxyz0123456\":1,\"step\":1}", MARK), "key too long" },
		{ PAYLOAD("{\"timestamp\":" T0 ",\"Step\":1,\"step\":1}", MARK), "known key out of place" },
		{ PAYLOAD("{\"timestamp\":" T0 ",\"appid\":\"x\",\"step\":1}", MARK), "known key out of place" },
		{ "{\"stepInfoList\":[" E0("1") "],\"watermark\":" MARK ",\"step\":100000}", "known key out of place" },
		{ "{\"step\":100000,\"stepInfoList\":[" E0("1") "],\"watermark\":" MARK "}", "known key out of place" },
		{ PAYLOAD(E0("1"), "{\"timestamp\":1,\"step\":1,\"appid\":\"" APPID "\"}"), "known key out of place" },
		/* unknown members: plain values only, a few */
		{ PAYLOAD("{\"timestamp\":" T0 ",\"step\":1,\"x\":{}}", MARK), "unknown key with a value that is not plain" },
		{ PAYLOAD("{\"timestamp\":" T0 ",\"step\":1,\"x\":[1]}", MARK), "unknown key with a value that is not plain" },
		{ PAYLOAD("{\"timestamp\":" T0 ",\"step\":1,\"x\":true}", MARK), "unknown key with a value that is not plain" },
		{ PAYLOAD("{\"timestamp\":" T0 ",\"step\":1,\"x\":null}", MARK), "unknown key with a value that is not plain" },
		{ PAYLOAD("{\"timestamp\":" T0 ",\"step\":1,\"a\":1,\"b\":1,\"c\":1,\"d\":1,\"e\":1}", MARK), "too many unknown keys" },
		/* consecutive day starts, oldest first, 1 to 31 of them */
		{ PAYLOAD("{\"timestamp\":1561910401,\"step\":1}", MARK), "timestamp not a day start" },
		{ PAYLOAD("{\"timestamp\":1561939200,\"step\":1}", MARK), "timestamp not a day start" },   /* 00:00 UTC */
		{ PAYLOAD(E1("1") "," E0("2"), MARK), "days not consecutive" },
		{ PAYLOAD(E0("1") "," E0("2"), MARK), "days not consecutive" },
		{ PAYLOAD(E0("1") ",{\"timestamp\":1562083200,\"step\":2}", MARK), "days not consecutive" },   /* a gap */
		{ PAYLOAD("", MARK), "empty stepInfoList" },
		/* the shape */
		{ PAYLOAD("{}", MARK), "missing key" },
		{ PAYLOAD("{\"timestamp\":" T0 "}", MARK), "missing key" },
		{ PAYLOAD(E0("1"), "{}"), "missing key" },
		{ PAYLOAD(E0("1"), "{\"appid\":\"" APPID "\"}"), "missing key" },
		{ "{\"stepInfoList\":[" E0("1") "]}", "missing key" },
		{ PAYLOAD(E0("1") ",", MARK), "syntax" },
		{ PAYLOAD(E0("1"), MARK) " x", "data after the object" },
	};
	struct werun_data d;
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		if (open_text(cases[i].text, &d) != WERUN_UNDECRYPTABLE)
			fail_msg("case %zu accepted: %s", i, cases[i].text);
		if (!d.refusal || strcmp(d.refusal, cases[i].why) != 0)
			fail_msg("case %zu refused for \"%s\", not \"%s\": %s", i, d.refusal ? d.refusal : "(null)",
			         cases[i].why, cases[i].text);
		assert_int_equal(d.n, 0);
	}

	/* And the near misses that are fine: the limits themselves. */
	char name[40], text[1024];
	memset(name, 'k', 32);
	name[32] = '\0';
	snprintf(text, sizeof text, PAYLOAD("{\"timestamp\":" T0 ",\"step\":1,\"%s\":\"%s\"}", MARK), name,
	         "a plain string of printable ASCII: ~!@#$%^&*()_+{}[]|:;'<>,.?/");
	assert_int_equal(open_text(text, &d), WERUN_OK);
	assert_int_equal(d.unknown_keys, 1);
	assert_string_equal(d.unknown_key, name);
	char value[300];
	for (size_t len = 256; len <= 257; len++) {
		memset(value, 'v', len);
		value[len] = '\0';
		snprintf(text, sizeof text, PAYLOAD("{\"timestamp\":" T0 ",\"step\":1,\"x\":\"%s\"}", MARK), value);
		assert_int_equal(open_text(text, &d), len == 256 ? WERUN_OK : WERUN_UNDECRYPTABLE);
	}
	assert_int_equal(open_text(PAYLOAD("{\"a\":1,\"b\":-2,\"timestamp\":" T0 ",\"c\":\"\",\"d\":0,\"step\":1}", MARK), &d),
	                 WERUN_OK);
	assert_int_equal(d.unknown_keys, 4);
}

static void werun_ends_on_the_last_entry(void **state)
{
	(void)state;
	struct werun_data d;
	assert_int_equal(open_text(PAYLOAD(E0("1") "," E1("2"), MARK), &d), WERUN_OK);
	assert_true(werun_ends_on(&d, 1561996800));
	assert_false(werun_ends_on(&d, 1561910400));   /* holds that day, but runs past it */
	assert_false(werun_ends_on(&d, 1562083200));
	memset(&d, 0, sizeof d);
	assert_false(werun_ends_on(&d, 0));
}

static void werun_refuses_a_nul_inside(void **state)
{
	(void)state;
	/* "{...}" NUL "junk": cJSON alone would stop at the NUL and accept. */
	static const char text[] = PAYLOAD(ENTRY("1"), MARK) "\0junk";
	unsigned char key[16], iv[16], ct[256];
	size_t len = 0;
	struct werun_data d;
	b64_16(KEY_B64, key);
	b64_16(IV_B64, iv);
	assert_int_equal(cipher_aes128_cbc_encrypt(key, iv, (const unsigned char *)text, sizeof text - 1,
	                                           ct, &len), 0);
	char *enc = b64_of(ct, len);
	assert_int_equal(werun_decrypt(KEY_B64, IV_B64, enc, &d), WERUN_UNDECRYPTABLE);
	free(enc);
}

static void werun_refuses_bad_keys_and_ivs(void **state)
{
	(void)state;
	static const char *const bad[] = {
		"AAECAwQFBgcICQoLDA0O",                 /* 15 bytes */
		"AAECAwQFBgcICQoLDA0ODxA=",             /* 17 bytes */
		"AAECAwQFBgcICQoLDA0ODw",               /* unpadded */
		"AAECAwQFBgcICQoLDA0ODw=",              /* half padded */
		"AAECAwQFBgcICQoLDA0ODw===",
		"AAECAwQFBgcICQoLDA0ODw==\n",           /* mbedtls would skip these */
		"AAECAwQFBgcICQoLDA0ODw==    ",
		"AAECAwQFBgcI\r\nCQoLDA0ODw==",
		"AAECAwQFBgcICQoLDA0ODw==AAAA",
		"AAECAwQFBgc-CQoLDA0ODw==",             /* base64url */
		"AAECAwQFBgcICQoLDA0ODw%3D%3D",         /* URL-encoded */
		"AAECAwQFBgcICQoLDA0ODwAAAAAAAAAAAAAAAA==",   /* 28 bytes */
		"not base64 at all!",
		"",
		NULL,
	};
	char *good = seal(PAYLOAD(ENTRY("1"), MARK));
	struct werun_data d;
	assert_int_equal(werun_decrypt(KEY_B64, IV_B64, good, &d), WERUN_OK);
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		if (werun_decrypt(bad[i], IV_B64, good, &d) != WERUN_BAD_KEY)
			fail_msg("key %zu accepted", i);
		if (werun_decrypt(KEY_B64, bad[i], good, &d) != WERUN_BAD_IV)
			fail_msg("iv %zu accepted", i);
		assert_int_equal(werun_decrypt(bad[i], bad[i], good, &d), WERUN_BAD_KEY);
	}
	free(good);
}

static void werun_refuses_bad_ciphertext(void **state)
{
	(void)state;
	struct werun_data d;
	unsigned char raw[64];
	memset(raw, 7, sizeof raw);
	char *b20 = b64_of(raw, 20), *b64 = b64_of(raw, 64);
	static const char *const bad[] = {
		"", "====", "not base64", "AAAA AAA", "AAAAAAAAAAAAAAAAAAAAAA",   /* unpadded 16 */
		"AAAAAAAAAAAAAAAAAAAAAA==\n",
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		assert_int_equal(werun_decrypt(KEY_B64, IV_B64, bad[i], &d), WERUN_UNDECRYPTABLE);
	assert_int_equal(werun_decrypt(KEY_B64, IV_B64, NULL, &d), WERUN_UNDECRYPTABLE);
	assert_int_equal(werun_decrypt(KEY_B64, IV_B64, b20, &d), WERUN_UNDECRYPTABLE);   /* 20 bytes */
	/* Whole blocks of junk: (almost surely) bad padding, else not JSON. */
	assert_int_equal(werun_decrypt(KEY_B64, IV_B64, b64, &d), WERUN_UNDECRYPTABLE);
	free(b20);
	free(b64);
}

/* Tampering with a good ciphertext.  Key and iv are fixed, so every outcome
 * here is the same on every run. */
static void werun_refuses_tampered_ciphertext(void **state)
{
	(void)state;
	unsigned char key[16], iv[16], ct[256];
	const char *text = PAYLOAD(E0("1") "," E1("2"), MARK);
	size_t len = 0;
	struct werun_data d;
	b64_16(KEY_B64, key);
	b64_16(IV_B64, iv);
	assert_int_equal(cipher_aes128_cbc_encrypt(key, iv, (const unsigned char *)text, strlen(text),
	                                           ct, &len), 0);
	char *enc = b64_of(ct, len);
	assert_int_equal(werun_decrypt(KEY_B64, IV_B64, enc, &d), WERUN_OK);
	free(enc);

	/* A flipped bit in the last block garbles the padding. */
	ct[len - 1] ^= 0x01;
	enc = b64_of(ct, len);
	assert_int_equal(werun_decrypt(KEY_B64, IV_B64, enc, &d), WERUN_UNDECRYPTABLE);
	free(enc);
	ct[len - 1] ^= 0x01;
	/* The block before it steers the padding byte: 0x20 more is never 1..16. */
	ct[len - 17] ^= 0x20;
	enc = b64_of(ct, len);
	assert_int_equal(werun_decrypt(KEY_B64, IV_B64, enc, &d), WERUN_UNDECRYPTABLE);
	free(enc);
	ct[len - 17] ^= 0x20;
	/* The last block cut off: the plaintext's padding is gone. */
	enc = b64_of(ct, len - 16);
	assert_int_equal(werun_decrypt(KEY_B64, IV_B64, enc, &d), WERUN_UNDECRYPTABLE);
	free(enc);
}

static void werun_refuses_another_key(void **state)
{
	(void)state;
	struct werun_data in, out;
	struct buf enc = { 0 };
	char iv[25];
	fill_month(&in);
	for (int i = 0; i < 50; i++) {
		unsigned char other[16];
		char other_b64[25];
		crypto_random(other, sizeof other);
		crypto_base64_encode(other, sizeof other, other_b64, sizeof other_b64);
		buf_reset(&enc, 0);
		assert_int_equal(werun_encrypt(other_b64, &in, &enc, iv), 0);
		assert_int_equal(werun_decrypt(KEY_B64, iv, buf_str(&enc), &out), WERUN_UNDECRYPTABLE);
	}
	buf_free(&enc);
}

/* Random bytes as encryptedData must fail cleanly (the sanitizer build checks
 * "cleanly"); random edits of a good plaintext, encrypted properly, exercise
 * the parser on near-valid JSON. */
static void werun_survives_random_input(void **state)
{
	(void)state;
	unsigned char raw[300];
	struct werun_data d;
	for (int i = 0; i < 2000; i++) {
		size_t n = (size_t)crypto_random_below(sizeof raw + 1);
		crypto_random(raw, n);
		char *enc = b64_of(raw, n);
		assert_int_not_equal(werun_decrypt(KEY_B64, IV_B64, enc, &d), WERUN_OK);
		free(enc);
	}
	struct werun_data in;
	struct buf text = { 0 };
	fill_month(&in);
	for (int i = 0; i < 2000; i++) {
		buf_reset(&text, 0);
		buf_puts(&text, "{\"stepInfoList\":[");
		for (size_t k = 0; k < in.n; k++)
			buf_printf(&text, "%s{\"timestamp\":%lld,\"step\":%lld}", k ? "," : "",
			           (long long)in.entries[k].timestamp, (long long)in.entries[k].step);
		buf_puts(&text, "],\"watermark\":" MARK "}");
		static const char junk[] = "{}[],:\"\\0123456789.-+eE tnulfrs\x01\x80\xff";
		int edits = 1 + (int)crypto_random_below(4);
		for (int e = 0; e < edits; e++)
			text.data[crypto_random_below(text.len)] = junk[crypto_random_below(sizeof junk - 1)];
		if (crypto_random_below(4) == 0)
			text.len = (size_t)crypto_random_below(text.len), text.data[text.len] = '\0';
		if (open_text(buf_str(&text), &d) == WERUN_OK)
			assert_true(d.n <= WERUN_MAX_ENTRIES);
	}
	buf_free(&text);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(wechat_sample_decrypts),
		cmocka_unit_test(cipher_matches_nist),
		cmocka_unit_test(cipher_round_trips_every_length),
		cmocka_unit_test(cipher_checks_every_padding_byte),
		cmocka_unit_test(cipher_refuses_partial_blocks),
		cmocka_unit_test(werun_round_trips_a_month),
		cmocka_unit_test(werun_encrypt_refuses_a_bad_key),
		cmocka_unit_test(werun_parses_wechat_text),
		cmocka_unit_test(werun_limits_entries_and_appid),
		cmocka_unit_test(werun_refuses_malformed_plaintext),
		cmocka_unit_test(werun_reads_strictly),
		cmocka_unit_test(werun_ends_on_the_last_entry),
		cmocka_unit_test(werun_refuses_a_nul_inside),
		cmocka_unit_test(werun_refuses_bad_keys_and_ivs),
		cmocka_unit_test(werun_refuses_bad_ciphertext),
		cmocka_unit_test(werun_refuses_tampered_ciphertext),
		cmocka_unit_test(werun_refuses_another_key),
		cmocka_unit_test(werun_survives_random_input),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
