/* RULES §7 (checkpoints): the default route, lighting, passing in route
 * order, quiz spacing, essays and poster photos. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "rules.h"

#include <string.h>

/* §7: the default route, exactly as the table in RULES.md. */
static void test_s7_default_route_table(void **state)
{
	(void)state;
	static const struct { const char *name; int64_t stage, cumulative; const char *landmark; } want[] = {
		{ "西安", 30000, 30000, "大雁塔" },
		{ "咸阳", 40000, 70000, "咸阳博物院" },
		{ "杨凌", 50000, 120000, "杨凌农业博览园" },
		{ "宝鸡", 60000, 180000, "宝鸡青铜器博物院" },
		{ "汉中", 70000, 250000, "古汉台" },
		{ "安康", 70000, 320000, "瀛湖" },
		{ "商洛", 60000, 380000, "金丝峡" },
		{ "渭南", 60000, 440000, "华山" },
		{ "韩城", 50000, 490000, "司马迁祠" },
		{ "铜川", 50000, 540000, "药王山" },
		{ "延安", 60000, 600000, "宝塔山" },
		{ "榆林", 70000, 670000, "镇北台" },
		{ "陕西省总工会", 30000, 700000, "陕西省总工会" },
	};
	int count = 0;
	const struct rules_checkpoint *route = rules_default_route(&count);
	assert_int_equal(count, 13);
	assert_ptr_equal(rules_default_route(NULL), route);
	int64_t sum = 0;
	struct activity_rules r;
	rules_defaults(&r);
	for (int i = 0; i < count; i++) {
		assert_int_equal(route[i].number, i + 1);
		assert_string_equal(route[i].name, want[i].name);
		assert_int_equal(route[i].stage_steps, want[i].stage);
		assert_int_equal(route[i].cumulative, want[i].cumulative);
		assert_string_equal(route[i].landmark, want[i].landmark);
		sum += route[i].stage_steps;
		assert_int_equal(route[i].cumulative, sum);   /* stages add up */
		assert_int_equal(r.checkpoint_threshold[i], want[i].cumulative);
	}
	assert_int_equal(sum, 700000);   /* 「共计70万步」 */
}

/* §7: a checkpoint lights when cumulative counted steps reach its threshold. */
static void test_s7_checkpoints_lit(void **state)
{
	(void)state;
	struct activity_rules r;
	rules_defaults(&r);
	static const struct { int64_t cumulative; int lit; } cases[] = {
		{ -1, 0 }, { 0, 0 }, { 29999, 0 }, { 30000, 1 }, { 69999, 1 }, { 70000, 2 },
		{ 120000, 3 }, { 539999, 9 }, { 540000, 10 }, { 699999, 12 }, { 700000, 13 },
		{ 5000000, 13 }, { INT64_MAX, 13 },
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
		assert_int_equal(rules_checkpoints_lit(&r, cases[i].cumulative), cases[i].lit);
}

/* §7: passed in route order, only when lit. */
static void test_s7_next_checkpoint_and_attempts(void **state)
{
	(void)state;
	struct activity_rules r;
	rules_defaults(&r);
	static const struct { int passed, lit, next; } nexts[] = {
		{ 0, 0, 0 }, { 0, 1, 1 }, { 0, 5, 1 }, { 3, 3, 0 }, { 3, 4, 4 }, { 12, 13, 13 },
		{ 13, 13, 0 }, { -1, 2, 1 },
	};
	for (size_t i = 0; i < sizeof nexts / sizeof nexts[0]; i++)
		assert_int_equal(rules_next_checkpoint(&r, nexts[i].passed, nexts[i].lit), nexts[i].next);

	static const struct { int checkpoint, passed, lit; enum rules_attempt want; } cases[] = {
		{ 1, 0, 1, RULES_ATTEMPT_OK },
		{ 4, 3, 13, RULES_ATTEMPT_OK },
		{ 13, 12, 13, RULES_ATTEMPT_OK },
		{ 1, 0, 0, RULES_ATTEMPT_NOT_LIT },
		{ 5, 4, 4, RULES_ATTEMPT_NOT_LIT },
		{ 3, 1, 13, RULES_ATTEMPT_NOT_NEXT },    /* lit, but 2 comes first */
		{ 2, 2, 13, RULES_ATTEMPT_ALREADY_PASSED },
		{ 1, 13, 13, RULES_ATTEMPT_ALREADY_PASSED },
		{ 0, 0, 13, RULES_ATTEMPT_NO_SUCH_CHECKPOINT },
		{ 14, 13, 13, RULES_ATTEMPT_NO_SUCH_CHECKPOINT },
		{ 1, -1, 1, RULES_ATTEMPT_OK },
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
		assert_int_equal(rules_may_attempt(&r, cases[i].checkpoint, cases[i].passed, cases[i].lit),
				 cases[i].want);
}

/* §7: at most one attempt every quiz_retry_seconds (3). */
static void test_s7_quiz_retry_spacing(void **state)
{
	(void)state;
	struct activity_rules r;
	rules_defaults(&r);
	int64_t last = 1562760000;
	assert_true(rules_quiz_attempt_allowed(&r, false, 0, last));
	assert_false(rules_quiz_attempt_allowed(&r, true, last, last));
	assert_false(rules_quiz_attempt_allowed(&r, true, last, last + 2));
	assert_true(rules_quiz_attempt_allowed(&r, true, last, last + 3));
	assert_true(rules_quiz_attempt_allowed(&r, true, last, last + 4));
	assert_false(rules_quiz_attempt_allowed(&r, true, last, last - 10));   /* clock went back */
	assert_true(rules_quiz_attempt_allowed(&r, true, INT64_MIN, INT64_MAX));
	r.quiz_retry_seconds = 0;
	assert_true(rules_quiz_attempt_allowed(&r, true, last, last));
}

/* n copies of a UTF-8 string into buf (NUL-terminated); the length. */
static size_t repeat(char *buf, size_t size, const char *unit, int n)
{
	size_t len = 0, u = strlen(unit);
	for (int i = 0; i < n; i++) {
		assert_true(len + u < size);
		memcpy(buf + len, unit, u);
		len += u;
	}
	buf[len] = '\0';
	return len;
}

/* §7: an essay has 20 to 2000 characters (not bytes). */
static void test_s7_essay_length_in_characters(void **state)
{
	(void)state;
	struct activity_rules r;
	rules_defaults(&r);
	static char buf[3 * 2002 + 64];
	static const struct { const char *unit; int n; enum rules_essay_status want; } cases[] = {
		{ "走", 19, RULES_ESSAY_TOO_SHORT },   /* 57 bytes, 19 characters */
		{ "走", 20, RULES_ESSAY_OK },
		{ "a", 20, RULES_ESSAY_OK },
		{ "走", 2000, RULES_ESSAY_OK },
		{ "走", 2001, RULES_ESSAY_TOO_LONG },
		{ "é", 20, RULES_ESSAY_OK },
		{ "😀", 20, RULES_ESSAY_OK },             /* 4-byte sequences */
		{ "", 0, RULES_ESSAY_TOO_SHORT },
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		size_t len = repeat(buf, sizeof buf, cases[i].unit, cases[i].n);
		assert_int_equal(rules_check_essay(&r, buf, len), cases[i].want);
	}
	/* Blanks around the text do not count; blanks inside do. */
	const char *padded = "  \t\n\xe3\x80\x80" "走走走走走走走走走走走走走走走走走走走" "\xe3\x80\x80 \r\n";
	assert_int_equal(rules_check_essay(&r, padded, strlen(padded)), RULES_ESSAY_TOO_SHORT);
	const char *inner = "走走走走走走走走走 走走走走走走走走走走";   /* 19 + 1 space */
	assert_int_equal(rules_check_essay(&r, inner, strlen(inner)), RULES_ESSAY_OK);
	const char *blank = "\xe3\x80\x80\xe3\x80\x80    \v\f";
	assert_int_equal(rules_check_essay(&r, blank, strlen(blank)), RULES_ESSAY_TOO_SHORT);
}

static void test_s7_essay_rejects_bad_utf8(void **state)
{
	(void)state;
	struct activity_rules r;
	rules_defaults(&r);
	r.essay_min_chars = 0;
	static const struct { const char *bytes; size_t len; } bad[] = {
		{ "\x80", 1 },                 /* continuation without a lead */
		{ "\xc3", 1 },                 /* truncated */
		{ "\xe8\xb5", 2 },             /* truncated 3-byte */
		{ "\xc0\xaf", 2 },             /* overlong '/' */
		{ "\xe0\x80\xaf", 3 },         /* overlong */
		{ "\xed\xa0\x80", 3 },         /* UTF-16 surrogate */
		{ "\xf4\x90\x80\x80", 4 },     /* above U+10FFFF */
		{ "\xf8\x88\x80\x80\x80", 5 }, /* 5-byte form */
		{ "\xff", 1 },
		{ "\xe8\x28\xb0", 3 },         /* bad continuation */
		{ "ab\0cd", 5 },               /* NUL inside */
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		if (rules_check_essay(&r, bad[i].bytes, bad[i].len) != RULES_ESSAY_BAD_ENCODING)
			fail_msg("case %zu accepted", i);
	assert_int_equal(rules_check_essay(&r, "\xf4\x8f\xbf\xbf", 4), RULES_ESSAY_OK);   /* U+10FFFF */
	assert_int_equal(rules_check_essay(&r, NULL, 0), RULES_ESSAY_OK);
}

/* §7: WeChat's text check decides: pass, review, risky. */
static void test_s7_essay_decision(void **state)
{
	(void)state;
	assert_int_equal(rules_essay_decision("pass"), RULES_ESSAY_ACCEPT);
	assert_int_equal(rules_essay_decision("review"), RULES_ESSAY_HOLD);
	assert_int_equal(rules_essay_decision("risky"), RULES_ESSAY_REFUSE);
	assert_int_equal(rules_essay_decision("PASS"), RULES_ESSAY_HOLD);
	assert_int_equal(rules_essay_decision(""), RULES_ESSAY_HOLD);
	assert_int_equal(rules_essay_decision(NULL), RULES_ESSAY_HOLD);
}

/* §7: a poster photo is at most 5 MB and 4096 x 4096 px. */
static void test_s7_photo_limits(void **state)
{
	(void)state;
	struct activity_rules r;
	rules_defaults(&r);
	static const struct { int64_t bytes, w, h; enum rules_photo_status want; } cases[] = {
		{ 5 * 1024 * 1024, 4096, 4096, RULES_PHOTO_OK },
		{ 1, 1, 1, RULES_PHOTO_OK },
		{ 5 * 1024 * 1024 + 1, 100, 100, RULES_PHOTO_TOO_LARGE },
		{ 1000, 4097, 100, RULES_PHOTO_TOO_MANY_PIXELS },
		{ 1000, 100, 4097, RULES_PHOTO_TOO_MANY_PIXELS },
		{ 0, 100, 100, RULES_PHOTO_EMPTY },
		{ 1000, 0, 100, RULES_PHOTO_EMPTY },
		{ 1000, 100, -1, RULES_PHOTO_EMPTY },
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
		assert_int_equal(rules_check_photo(&r, cases[i].bytes, cases[i].w, cases[i].h), cases[i].want);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_s7_default_route_table),
		cmocka_unit_test(test_s7_checkpoints_lit),
		cmocka_unit_test(test_s7_next_checkpoint_and_attempts),
		cmocka_unit_test(test_s7_quiz_retry_spacing),
		cmocka_unit_test(test_s7_essay_length_in_characters),
		cmocka_unit_test(test_s7_essay_rejects_bad_utf8),
		cmocka_unit_test(test_s7_essay_decision),
		cmocka_unit_test(test_s7_photo_limits),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
