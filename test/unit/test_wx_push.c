/* lib/wx/wx_push: the message push's signature and envelope (WECHAT.md §4a)
 * against fixed vectors made with other tools:
 *   printf '1562328600abcdev-push-token' | sha1sum
 *   K=$(printf 'dev-push-aes-key-not-for-product' | xxd -p -c64)
 *   { printf '0123456789abcdef'; printf '\0\0\0\7'; printf '{"a":1}';
 *     printf 'wxd0e1a2b3c4d5e6f7'; 19 bytes of 0x13; } |
 *     openssl enc -aes-256-cbc -K $K -iv ${K:0:32} -nopad | base64 -w0
 * and the verdict event read from its JSON. */
#include "config.h"
#include "wx_push.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#define APPID "wxd0e1a2b3c4d5e6f7"
/* 16 + 4 + 7 + 18 = 45 bytes, padded with 19 bytes of 19 to 64: 32-byte blocks. */
#define SEALED "HBDLFI1ZodUDu1WfhH+Iq6TGiKRvZAhwlioCe1wOc4g6PR4WSi0geQnng5Zl7EW1wjLRQPAebbzsgrR7u0qbkg=="

static void key_of(uint8_t key[WX_PUSH_KEY])
{
	assert_int_equal(wx_push_key(CONFIG_DEV_PUSH_AES_KEY, key), 0);
	assert_memory_equal(key, "dev-push-aes-key-not-for-product", WX_PUSH_KEY);
}

static void test_signature(void **state)
{
	(void)state;
	const char *parts[] = { "dev-push-token", "1562328600", "abc", SEALED };
	char sig[WX_PUSH_SIG_HEX];
	wx_push_signature(parts, 3, sig);
	assert_string_equal(sig, "1681b63d217626c01d428cee8280b6c343fd9836");
	wx_push_signature(parts, 4, sig);
	assert_string_equal(sig, "f9d581a7bc37e25d3e244031c280b613baa45326");
	assert_true(wx_push_signature_ok(parts, 4, "F9D581A7BC37E25D3E244031C280B613BAA45326"));
	assert_false(wx_push_signature_ok(parts, 4, "f9d581a7bc37e25d3e244031c280b613baa45327"));
	assert_false(wx_push_signature_ok(parts, 4, "f9d581"));
	assert_false(wx_push_signature_ok(parts, 4, NULL));
	assert_int_equal(wx_push_key("too-short", (uint8_t[WX_PUSH_KEY]){ 0 }), -1);
}

static void test_envelope_vector(void **state)
{
	(void)state;
	uint8_t key[WX_PUSH_KEY];
	key_of(key);
	char *sealed;
	assert_int_equal(wx_push_encrypt(key, (const uint8_t *)"0123456789abcdef", "{\"a\":1}", 7, APPID, &sealed), 0);
	assert_string_equal(sealed, SEALED);
	free(sealed);
	char *msg;
	size_t len;
	assert_int_equal(wx_push_decrypt(key, SEALED, APPID, &msg, &len), WX_PUSH_OK);
	assert_int_equal(len, 7);
	assert_string_equal(msg, "{\"a\":1}");
	free(msg);
	assert_int_equal(wx_push_decrypt(key, SEALED, "wx0000000000000000", &msg, &len), WX_PUSH_BAD_APPID);
	assert_null(msg);
}

static void test_envelope_refusals(void **state)
{
	(void)state;
	uint8_t key[WX_PUSH_KEY];
	key_of(key);
	char *msg;
	size_t len;
	assert_int_equal(wx_push_decrypt(key, "", APPID, &msg, &len), WX_PUSH_BAD_BASE64);
	assert_int_equal(wx_push_decrypt(key, "not base64!", APPID, &msg, &len), WX_PUSH_BAD_BASE64);
	/* 16 bytes: one AES block, not a whole 32-byte one. */
	assert_int_equal(wx_push_decrypt(key, "MDEyMzQ1Njc4OWFiY2RlZg==", APPID, &msg, &len), WX_PUSH_BAD_BASE64);
	/* Another key: the padding is garbage. */
	uint8_t other[WX_PUSH_KEY];
	memcpy(other, key, sizeof other);
	other[31] ^= 1;
	enum wx_push_result r = wx_push_decrypt(other, SEALED, APPID, &msg, &len);
	assert_true(r == WX_PUSH_BAD_PADDING || r == WX_PUSH_BAD_LENGTH || r == WX_PUSH_BAD_APPID);
	assert_null(msg);
	/* Every length of message round-trips, the padding 1..32 bytes. */
	char text[80];
	memset(text, 'x', sizeof text);
	for (size_t n = 0; n < sizeof text; n++) {
		char *sealed;
		assert_int_equal(wx_push_encrypt(key, NULL, text, n, APPID, &sealed), 0);
		assert_int_equal(wx_push_decrypt(key, sealed, APPID, &msg, &len), WX_PUSH_OK);
		assert_int_equal(len, n);
		assert_memory_equal(msg, text, n);
		free(msg);
		free(sealed);
	}
}

static void test_media_event(void **state)
{
	(void)state;
	struct wx_media_event ev;
	assert_int_equal(wx_push_media_event("{\"ToUserName\":\"gh\",\"Event\":\"wxa_media_check\",\"appid\":\"" APPID
	                                     "\",\"trace_id\":\"t-1\",\"version\":2,\"result\":{\"suggest\":\"risky\","
	                                     "\"label\":20002},\"errcode\":0}", &ev),
	                 WX_EVENT_MEDIA_CHECK);
	assert_string_equal(ev.trace_id, "t-1");
	assert_string_equal(ev.appid, APPID);
	assert_int_equal(ev.verdict, WX_MEDIA_RISKY);
	assert_int_equal(ev.label, 20002);
	assert_int_equal(wx_push_media_event("{\"Event\":\"wxa_media_check\",\"trace_id\":\"t\",\"result\":{}}", &ev),
	                 WX_EVENT_MEDIA_CHECK);
	assert_int_equal(ev.verdict, WX_MEDIA_REVIEW);   /* no suggest: a person decides */
	assert_int_equal(wx_push_media_event("{\"Event\":\"subscribe_msg_popup_event\"}", &ev), WX_EVENT_OTHER);
	assert_int_equal(wx_push_media_event("{\"Event\":\"wxa_media_check\"}", &ev), WX_EVENT_MALFORMED);
	assert_int_equal(wx_push_media_event("[1]", &ev), WX_EVENT_MALFORMED);
}

/* The key is checked at start in every mode, and never quoted. */
static void test_config_key(void **state)
{
	(void)state;
	struct walk_config c;
	char err[256];
	static const char bad[] = "mode = test\nwx_push_aes_key = ZGV2LXB1c2gtYWVzLWtleS1ub3QtZm9yLXByb2R1Y3Q=\n";
	assert_int_equal(config_load_text(&c, bad, sizeof bad - 1, "t", err, sizeof err), -1);
	assert_non_null(strstr(err, "wx_push_aes_key"));
	assert_null(strstr(err, "ZGV2"));
	static const char good[] = "mode = production\nwx_push_aes_key = ZGV2LXB1c2gtYWVzLWtleS1ub3QtZm9yLXByb2R1Y3Z\n";
	assert_int_equal(config_load_text(&c, good, sizeof good - 1, "t", err, sizeof err), -1);   /* other production keys */
	assert_null(strstr(err, "wx_push_aes_key"));
	assert_true(config_push_is_dev(&c));   /* the token is still the dev one */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_signature),
		cmocka_unit_test(test_envelope_vector),
		cmocka_unit_test(test_envelope_refusals),
		cmocka_unit_test(test_media_event),
		cmocka_unit_test(test_config_key),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
