/*
 * Session keys at rest, through the real stack: after a login the database
 * files (the WAL included) hold no participant's session key, neither as
 * WeChat's text nor as its 16 bytes, and the sync still decrypts with it; a
 * key tampered with or moved from another row in SQL answers werun_bad_key
 * and is logged, until a login again; rows from before sealing (keys in the
 * clear, made here in SQL) are read as they are, and `walkctl migrate` seals
 * them, once, leaving no trace of them in the files.  The stack runs with a
 * data key of its own, so that a key built into the program would show.
 */
#include "walker.h"

#include "buf.h"
#include "crypto.h"
#include "sealed.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DATA_KEY "5f0c7a1e93b2d4c6e8f0a2b4c6d8e0f1a3b5c7d9e1f3a5b7c9d1e3f5a7b9c1d3"

static struct stack S;

static int start_stack(void **state)
{
	(void)state;
	if (stack_start(&S, "sealed", "WALK_WORKERS=2 WALK_DATA_KEY=" DATA_KEY) != 0)
		return -1;
	stack_clock(&S, "2019-07-05T20:30:00+08:00");   /* day 5, in the settle window */
	return 0;
}

static int stop_stack(void **state)
{
	(void)state;
	stack_stop(&S);
	return 0;
}

/* The fake WeChat's current session key of w, as text and as its bytes. */
static void wechat_key(const struct walker *w, char text[25], unsigned char raw[16])
{
	char path[128];
	struct http_reply r;
	snprintf(path, sizeof path, "/fake/users/%s", w->openid);
	assert_int_equal(stack_get(&r, &S, FAKE, path), 0);
	assert_int_equal(r.status, 200);
	snprintf(text, 25, "%s", http_str(&r, "session_key"));
	http_reply_free(&r);
	assert_int_equal(crypto_base64_decode(text, strlen(text), raw, 16), 16);
}

static bool contains(const char *hay, size_t n, const void *needle, size_t len)
{
	for (size_t i = 0; i + len <= n; i++)
		if (memcmp(hay + i, needle, len) == 0)
			return true;
	return false;
}

/* How many of the files under the stack's folder named by names (NULL-ended)
 * hold needle, asserting that at least one of them exists and is not empty
 * (a search of nothing finds nothing). */
static int files_holding(const char *const *names, const void *needle, size_t len)
{
	int holding = 0;
	size_t read_total = 0;
	for (int i = 0; names[i]; i++) {
		char path[700];
		snprintf(path, sizeof path, "%s/%s", S.var, names[i]);
		FILE *f = fopen(path, "rb");
		if (!f)
			continue;
		struct buf content = { 0 };
		char chunk[65536];
		size_t n;
		while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
			buf_append(&content, chunk, n);
		fclose(f);
		read_total += content.len;
		holding += contains(content.data, content.len, needle, len);
		buf_free(&content);
	}
	assert_true(read_total > 0);
	return holding;
}

static const char *const database_files[] = { "walk.db", "walk.db-wal", NULL };
static const char *const log_files[] = { "log/walk.log", "log/walk-outbound.log", "log/nginx-access.log", "log/nginx-error.log", NULL };

/* Whether the files hold the key as text or as bytes. */
static bool files_hold_key(const char *const *names, const char text[25], const unsigned char raw[16])
{
	return files_holding(names, text, 24) > 0 || files_holding(names, raw, 16) > 0;
}

static void sync_ok(struct walker *w, long steps)
{
	char body[4096], day[64];
	snprintf(day, sizeof day, "[{\"day\":\"2019-07-05\",\"step\":%ld}]", steps);
	walker_werun(w, day, NULL, body, sizeof body);
	struct http_reply r;
	walker_sync(w, body, &r);
	if (r.status != 200)
		fail_msg("sync: %ld %s", r.status, r.body);
	assert_int_equal((long)http_num(&r, "steps"), steps);
	http_reply_free(&r);
}

static void sync_refused_bad_key(struct walker *w)
{
	char body[4096];
	walker_werun(w, "[{\"day\":\"2019-07-05\",\"step\":9999}]", NULL, body, sizeof body);
	struct http_reply r;
	walker_sync(w, body, &r);
	expect_error(&r, 400, "werun_bad_key", NULL);
}

static long sql_int(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static long sql_int(const char *fmt, ...)
{
	char sql[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(sql, sizeof sql, fmt, ap);
	va_end(ap);
	return stack_sql_int(&S, sql);
}

static void sql_text(char *out, int size, const char *sql)
{
	if (stack_sh(&S, out, size, "sqlite3 \"$WALK_VAR/walk.db\" \"%s\"", sql) != 0)
		fail_msg("sqlite3 %s: %s", sql, out);
	out[strcspn(out, "\n")] = '\0';
}

static void the_files_hold_no_session_key(void **state)
{
	(void)state;
	struct walker w;
	walker_login(&w, &S, "o-sealed-files");
	walker_enroll(&w, "钱七", "xa");
	char text[25];
	unsigned char raw[16];
	wechat_key(&w, text, raw);
	/* The row holds the key sealed under the stack's data key, not the dev one. */
	struct sealer configured;
	assert_int_equal(sealer_init(&configured, DATA_KEY), 0);
	char stored[200], sql[256];
	snprintf(sql, sizeof sql, "SELECT session_key FROM users WHERE id = %ld", w.user_id);
	sql_text(stored, sizeof stored, sql);
	assert_memory_equal(stored, configured.header, SEALED_HEADER_CHARS);
	sealer_free(&configured);
	/* The search can find what is there: the openid is stored in the clear. */
	assert_true(files_holding(database_files, w.openid, strlen(w.openid)) > 0);
	assert_false(files_hold_key(database_files, text, raw));
	/* And the sync decrypts with it. */
	sync_ok(&w, 8000);
	/* A new login's key too; neither ever reached a log. */
	walker_relogin(&w);
	char text2[25];
	unsigned char raw2[16];
	wechat_key(&w, text2, raw2);
	assert_string_not_equal(text, text2);
	sync_ok(&w, 8100);
	assert_false(files_hold_key(database_files, text2, raw2));
	assert_false(files_hold_key(log_files, text, raw));
	assert_false(files_hold_key(log_files, text2, raw2));
}

/* Lines of the worker log that hold both texts. */
static int log_lines_with(const char *a, const char *b)
{
	char out[64];
	stack_sh(&S, out, sizeof out, "grep -F -- '%s' \"$WALK_VAR/log/walk.log\" | grep -cF -- '%s'", a, b);
	return atoi(out);
}

static void a_key_tampered_or_moved_is_refused_and_logged(void **state)
{
	(void)state;
	struct walker w, other;
	walker_login(&w, &S, "o-sealed-tampered");
	walker_enroll(&w, "孙八", "xa");
	walker_login(&other, &S, "o-sealed-other");
	sync_ok(&w, 7000);
	char who[64];
	snprintf(who, sizeof who, "user %ld: the stored session key is unusable", w.user_id);

	/* One character of the sealed value changed. */
	assert_int_equal(sql_int("UPDATE users SET session_key = substr(session_key, 1, 40) || "
	                         "(CASE substr(session_key, 41, 1) WHEN 'A' THEN 'B' ELSE 'A' END) || "
	                         "substr(session_key, 42) WHERE id = %ld; SELECT changes()", w.user_id), 1);
	sync_refused_bad_key(&w);
	assert_int_equal(log_lines_with(who, "does not open: tampered, or sealed for another row"), 1);
	/* Another participant's sealed key, copied into this row. */
	assert_int_equal(sql_int("UPDATE users SET session_key = (SELECT session_key FROM users WHERE id = %ld) "
	                         "WHERE id = %ld; SELECT changes()", other.user_id, w.user_id), 1);
	sync_refused_bad_key(&w);
	assert_int_equal(log_lines_with(who, "does not open: tampered, or sealed for another row"), 2);
	/* Neither stored a step nor counted against the participant. */
	assert_int_equal(sql_int("SELECT max(raw_steps) FROM daily_steps WHERE user_id = %ld", w.user_id), 7000);
	assert_int_equal(sql_int("SELECT count(*) FROM werun_flags WHERE user_id = %ld", w.user_id), 0);
	/* A login again seals a new key, and the sync works. */
	walker_relogin(&w);
	sync_ok(&w, 7500);
}

enum { OLD_USERS = 3 };
/* The whole column, to tell whether a run wrote anything: a sealing always
 * makes a new nonce. */
#define ALL_KEYS "SELECT group_concat(session_key, ',') FROM (SELECT session_key FROM users ORDER BY id)"

static void rows_in_the_clear_are_read_then_sealed_by_migrate(void **state)
{
	(void)state;
	struct walker w[OLD_USERS];
	char text[OLD_USERS][25];
	unsigned char raw[OLD_USERS][16];
	/* Rows as they were before sealing: WeChat's text in the clear. */
	for (int i = 0; i < OLD_USERS; i++) {
		char openid[64];
		snprintf(openid, sizeof openid, "o-sealed-old-%d", i);
		walker_login(&w[i], &S, openid);
		walker_enroll(&w[i], "周九", "xa");
		wechat_key(&w[i], text[i], raw[i]);
		assert_int_equal(sql_int("UPDATE users SET session_key = '%s' WHERE id = %ld; SELECT changes()",
		                         text[i], w[i].user_id), 1);
	}
	/* The search finds them. */
	for (int i = 0; i < OLD_USERS; i++)
		assert_true(files_holding(database_files, text[i], 24) > 0);
	/* Read as they are meanwhile. */
	for (int i = 0; i < OLD_USERS; i++)
		sync_ok(&w[i], 6000 + i);

	char out[1024];
	if (stack_sh(&S, out, sizeof out, "walkctl migrate") != 0)
		fail_msg("walkctl migrate: %s", out);
	char expected[64];
	snprintf(expected, sizeof expected, "session keys: %d sealed now", OLD_USERS);
	if (!strstr(out, expected) || strstr(out, "could not") || strstr(out, "left as they are"))
		fail_msg("walkctl migrate said: %s", out);
	assert_int_equal(sql_int("SELECT count(*) FROM users WHERE session_key NOT LIKE 's1:%%'"), 0);
	for (int i = 0; i < OLD_USERS; i++) {
		assert_false(files_hold_key(database_files, text[i], raw[i]));
		sync_ok(&w[i], 6100 + i);
	}
	/* A second run changes nothing. */
	char before[8192], after[8192];
	sql_text(before, sizeof before, ALL_KEYS);
	if (stack_sh(&S, out, sizeof out, "walkctl migrate") != 0 || !strstr(out, "session keys: 0 sealed now"))
		fail_msg("walkctl migrate again said: %s", out);
	sql_text(after, sizeof after, ALL_KEYS);
	assert_string_equal(after, before);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(the_files_hold_no_session_key),
		cmocka_unit_test(a_key_tampered_or_moved_is_refused_and_logged),
		cmocka_unit_test(rows_in_the_clear_are_read_then_sealed_by_migrate),
	};
	return cmocka_run_group_tests(tests, start_stack, stop_stack);
}
