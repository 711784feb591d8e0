/* The pure parts of admin: PBKDF2 passwords (RFC 7914 vectors), the login
 * throttle's delays, CSV cells, masked mobiles, usernames, CSRF tokens. */
#include "crypto.h"
#include "csv.h"
#include "password.h"
#include "store_admin.h"
#include "store_participants.h"
#include "store_throttle.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

static void pbkdf2_matches_rfc7914(void **state)
{
	(void)state;
	unsigned char out[64];
	char hex[129];
	assert_true(password_pbkdf2("passwd", 6, "salt", 4, 1, out, 64));
	crypto_hex(out, 64, hex);
	assert_string_equal(hex, "55ac046e56e3089fec1691c22544b605f94185216dde0465e68b9d57c20dacbc"
	                         "49ca9cccf179b645991664b39d77ef317c71b845b1e30bd509112041d3a19783");
	assert_true(password_pbkdf2("Password", 8, "NaCl", 4, 80000, out, 64));
	crypto_hex(out, 64, hex);
	assert_string_equal(hex, "4ddcd8f60b98be21830cee5ef22701f9641a4418d04c0414aeff08876b34ab56"
	                         "a1d425a1225833549adb841b51c9b3176a272bdebba1d078478f62b397f33c8d");
}

static void hashes_verify_and_differ(void **state)
{
	(void)state;
	char a[PASSWORD_HASH_BUF], b[PASSWORD_HASH_BUF];
	password_hash("correct horse", a);
	password_hash("correct horse", b);
	assert_true(strncmp(a, "pbkdf2_sha256$100000$", 21) == 0);
	assert_string_not_equal(a, b);   /* a salt of its own each */
	assert_true(password_verify("correct horse", a));
	assert_true(password_verify("correct horse", b));
	assert_false(password_verify("correct horsf", a));
	assert_false(password_verify("", a));
	/* Anything not exactly in the stored form never matches. */
	char tampered[PASSWORD_HASH_BUF];
	snprintf(tampered, sizeof tampered, "%s", a);
	tampered[strlen(tampered) - 2] ^= 1;
	assert_false(password_verify("correct horse", tampered));
	const char *bad[] = { "", "plain", "pbkdf2_sha256$99999$AAAAAAAAAAAAAAAAAAAAAA==$AAAA",
	                      "pbkdf2_sha1$100000$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=",
	                      "pbkdf2_sha256$0100000$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=",
	                      "pbkdf2_sha256$100000$AAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=" };
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		assert_false(password_verify("x", bad[i]));
	assert_false(password_verify_nobody("correct horse"));
}

static void acceptable_passwords(void **state)
{
	(void)state;
	char longest[PASSWORD_MAX_BYTES + 2];
	memset(longest, 'a', sizeof longest);
	longest[PASSWORD_MAX_BYTES] = '\0';
	assert_true(password_acceptable(longest));
	longest[PASSWORD_MAX_BYTES] = 'a';
	longest[PASSWORD_MAX_BYTES + 1] = '\0';
	assert_false(password_acceptable(longest));
	assert_true(password_acceptable("12345678"));
	assert_true(password_acceptable("工会密码很安全"));   /* 21 bytes */
	assert_false(password_acceptable("1234567"));
	assert_false(password_acceptable("tab\tinside"));
	assert_false(password_acceptable("bad \xff byte"));
}

static void the_throttle_doubles_from_the_fifth_failure(void **state)
{
	(void)state;
	const int64_t want[][2] = { { 0, 0 }, { 1, 0 }, { 4, 0 }, { 5, 30 }, { 6, 60 }, { 7, 120 }, { 8, 240 },
	                            { 11, 1920 }, { 12, 3600 }, { 100, 3600 }, { INT64_MAX, 3600 } };
	for (size_t i = 0; i < sizeof want / sizeof want[0]; i++)
		assert_int_equal(throttle_delay(want[i][0]), want[i][1]);
}

static void csv_cells_are_quoted_and_defused(void **state)
{
	(void)state;
	struct buf b = { 0 };
	csv_int(&b, 42, true);
	csv_cell(&b, "张三", false);
	csv_cell(&b, "a,b", false);
	csv_cell(&b, "say \"hi\"", false);
	csv_cell(&b, "two\nlines", false);
	csv_cell(&b, "=SUM(A1:A9)", false);
	csv_cell(&b, "+86", false);
	csv_cell(&b, "-1", false);
	csv_cell(&b, "@x", false);
	csv_cell(&b, "", false);
	csv_cell(&b, "a=b", false);
	/* Behind spaces, and in full width, a formula is still a formula. */
	csv_cell(&b, "  =1+1", false);
	csv_cell(&b, "\xe3\x80\x80=1", false);
	csv_cell(&b, "＝1+1", false);
	csv_cell(&b, "＋86", false);
	csv_cell(&b, " 张三", false);
	csv_end_row(&b);
	assert_string_equal(buf_str(&b), "42,张三,\"a,b\",\"say \"\"hi\"\"\",\"two\nlines\",\"'=SUM(A1:A9)\","
	                                 "\"'+86\",\"'-1\",\"'@x\",,a=b,\"'  =1+1\",\"'\xe3\x80\x80=1\",\"'＝1+1\","
	                                 "\"'＋86\", 张三\r\n");
	buf_free(&b);
}

static void mobiles_are_masked(void **state)
{
	(void)state;
	char out[12];
	participant_mask_mobile("13812345678", out);
	assert_string_equal(out, "138****5678");
	participant_mask_mobile("1381234567", out);
	assert_string_equal(out, "****");
	participant_mask_mobile("", out);
	assert_string_equal(out, "****");
}

static void usernames_roles_and_csrf(void **state)
{
	(void)state;
	const char *good[] = { "prov", "xa-admin", "a.b_c", "007", "abcdefghijklmnopqrstuvwxyz012345" };
	const char *bad[] = { "ab", "Prov", "-lead", ".dot", "with space", "中文名", "abcdefghijklmnopqrstuvwxyz0123456", "" };
	for (size_t i = 0; i < sizeof good / sizeof good[0]; i++)
		assert_true(admin_username_valid(good[i]));
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		assert_false(admin_username_valid(bad[i]));
	enum admin_role role;
	assert_true(admin_role_parse("province", &role) && role == ADMIN_PROVINCE);
	assert_true(admin_role_parse("union", &role) && role == ADMIN_UNION);
	assert_false(admin_role_parse("Province", &role));
	assert_string_equal(admin_role_name(ADMIN_UNION), "union");
	/* The CSRF token is the session's own: stable for it, different for any other. */
	char t1[CRYPTO_TOKEN_CHARS + 1], t2[CRYPTO_TOKEN_CHARS + 1], h[CRYPTO_SHA256_HEX_SIZE], c1[CRYPTO_SHA256_HEX_SIZE], c1again[CRYPTO_SHA256_HEX_SIZE], c2[CRYPTO_SHA256_HEX_SIZE];
	crypto_new_token(t1, h);
	crypto_new_token(t2, h);
	admin_csrf_of(t1, c1);
	admin_csrf_of(t1, c1again);
	admin_csrf_of(t2, c2);
	assert_string_equal(c1, c1again);
	assert_string_not_equal(c1, c2);
	assert_int_equal(strlen(c1), 64);
	crypto_token_hash(t1, h);
	assert_string_not_equal(c1, h);   /* not the stored hash: a copy of the database does not give it */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(pbkdf2_matches_rfc7914),
		cmocka_unit_test(hashes_verify_and_differ),
		cmocka_unit_test(acceptable_passwords),
		cmocka_unit_test(the_throttle_doubles_from_the_fifth_failure),
		cmocka_unit_test(csv_cells_are_quoted_and_defused),
		cmocka_unit_test(mobiles_are_masked),
		cmocka_unit_test(usernames_roles_and_csrf),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
