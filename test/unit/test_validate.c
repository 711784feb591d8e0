/* lib/base/validate: what participants type, and JSON texts before cJSON. */
#include "validate.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

static void names_refuse_what_cannot_be_seen(void **state)
{
	(void)state;
	assert_true(valid_name("健步走先锋队", 2, 16));
	assert_true(valid_name("Team 6", 2, 16));
	assert_true(valid_name("西安·一队", 2, 16));
	/* Each of these would look like "先锋队" (or reorder it) on a board. */
	static const char *const hidden[] = {
		"先锋\u200b队",   /* zero-width space */
		"先锋\u200d队",   /* zero-width joiner */
		"先锋\u200e队",   /* left-to-right mark */
		"\u202e先锋队",   /* right-to-left override */
		"先锋队\u2066",   /* left-to-right isolate */
		"先锋\u2060队",   /* word joiner */
		"\ufeff先锋队",   /* byte-order mark */
		"先锋\u00ad队",   /* soft hyphen */
		"先锋\u3164队",   /* Hangul filler */
		"先锋\ufe0f队",   /* variation selector */
		"先锋\U000e0041队", /* tag */
	};
	for (size_t i = 0; i < sizeof hidden / sizeof hidden[0]; i++) {
		assert_true(valid_free_text(hidden[i], 2, 16));   /* plain text allows them */
		if (valid_name(hidden[i], 2, 16))
			fail_msg("accepted hidden character in name %zu", i);
	}
	assert_false(valid_name("  ", 1, 16));            /* only spaces */
	assert_false(valid_name("a\x01b", 1, 16));        /* control */
	assert_false(valid_name("\xc0\xaf", 1, 16));      /* overlong */
	assert_false(valid_name("一二三四五六七八九十一二三四五六七", 2, 16));   /* 17 */
}

static void json_texts_are_utf8_without_raw_controls(void **state)
{
	(void)state;
	static const char *const good[] = {
		"{}",
		"{\"a\":\"张三\"}",
		"{\n\t\"a\" : \"x\\ty\\u0041\\u00e9\",\r\n\"b\":[1,2]}",
		"{\"a\":\"\\\\\"}",                 /* an escaped backslash ends before the quote */
		"{\"a\":\"\\\\u0000\"}",            /* the text "\u0000", not a NUL */
		"{\"a\":\"\\ud83d\\ude00\"}",
		"{\"a\":\"😀\"}",
	};
	for (size_t i = 0; i < sizeof good / sizeof good[0]; i++)
		if (!valid_json_text(good[i], strlen(good[i])))
			fail_msg("refused good JSON text %zu: %s", i, good[i]);
	static const char *const bad[] = {
		"{\"a\":\"x\x01y\"}",        /* raw control inside a string */
		"{\"a\":\"x\ny\"}",          /* raw newline inside a string */
		"{\"a\":\"x\ty\"}",          /* raw tab inside a string */
		"{\"a\":\"\x1f\"}",
		"{\"a\":\"\\u0000\"}",       /* escaped NUL */
		"{\"a\":\"\\\\\\u0000\"}",   /* an escaped backslash, then an escaped NUL */
		"{\"a\":\"\xff\"}",          /* not UTF-8 */
		"{\"a\":\"\xc0\xaf\"}",      /* overlong */
		"{\"a\":\"\xed\xa0\x80\"}",  /* a surrogate */
		"{\"a\":\"\xe5\xbc\"}",      /* cut short */
		"{\"a\":\"\\",               /* ends in an escape */
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		if (valid_json_text(bad[i], strlen(bad[i])))
			fail_msg("accepted bad JSON text %zu", i);
	/* A NUL byte anywhere, and a sequence cut by the length, are refused. */
	assert_false(valid_json_text("{\"a\":1}\0{}", 10));
	assert_false(valid_json_text("{\"a\":\"\xe5\xbc\xa0\"}", 8));
	assert_true(valid_json_text("{\"a\":\"\xe5\xbc\xa0\"}", 11));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(names_refuse_what_cannot_be_seen),
		cmocka_unit_test(json_texts_are_utf8_without_raw_controls),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
