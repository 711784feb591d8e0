/*
 * Forged WeRun payloads through the real sync route (WECHAT.md §2, RULES §14):
 * a participant flips ciphertext bits of their own genuine payload, without
 * the key, so that a lenient reader would take 100000 steps for today; the
 * server refuses it as werun_undecryptable, stores no step, and counts the
 * refusal although the request fails.  Many refusals slow the participant
 * down (429 with Retry-After) and flag them; other participants sync as usual.
 */
#include "walker.h"

#include "cipher.h"
#include "crypto.h"
#include "buf.h"
#include "store_werun_flags.h"
#include "werun_forge.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static struct stack S;

static int start_stack(void **state)
{
	(void)state;
	return stack_start(&S, "werun", "WALK_WORKERS=2");
}

static int stop_stack(void **state)
{
	(void)state;
	stack_stop(&S);
	return 0;
}

static long sql_int(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* The first column of the first row of a query written like printf. */
static long sql_int(const char *fmt, ...)
{
	char sql[256];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(sql, sizeof sql, fmt, ap);
	va_end(ap);
	return stack_sql_int(&S, sql);
}

/* ---------------------------------------------------------------- forging */

/* What the participant holds: a genuine payload and its plaintext.  (They
 * know the plaintext without the key, from their own step history; the test
 * takes the shortcut of asking the fake for the key and decrypting.) */
struct holding {
	struct forge_known known;
	struct forge_where where[FORGE_MAX_BLOCKS * 16 + 1];
	struct werun_data genuine;
	unsigned char key[16];
	char key_b64[25];
};

static void hold(struct walker *w, const char *steps_json, struct holding *h)
{
	char body[4096], path[128];
	walker_werun(w, steps_json, NULL, body, sizeof body);
	cJSON *sent = cJSON_Parse(body);
	const char *enc = cJSON_GetStringValue(cJSON_GetObjectItem(sent, "encryptedData"));
	const char *iv_b64 = cJSON_GetStringValue(cJSON_GetObjectItem(sent, "iv"));

	struct http_reply r;
	snprintf(path, sizeof path, "/fake/users/%s", w->openid);
	assert_int_equal(stack_get(&r, &S, FAKE, path), 0);
	const char *key_b64 = http_str(&r, "session_key");
	assert_int_equal(crypto_base64_decode(key_b64, strlen(key_b64), h->key, 16), 16);
	snprintf(h->key_b64, sizeof h->key_b64, "%s", key_b64);
	http_reply_free(&r);

	static unsigned char ct[FORGE_MAX_BLOCKS * 16], plain[FORGE_MAX_BLOCKS * 16 + 1];
	unsigned char iv[16];
	long n = crypto_base64_decode(enc, strlen(enc), ct, sizeof ct);
	size_t len = 0;
	assert_true(n > 0);
	assert_int_equal(crypto_base64_decode(iv_b64, strlen(iv_b64), iv, 16), 16);
	assert_int_equal(cipher_aes128_cbc_decrypt(h->key, iv, ct, (size_t)n, plain, &len), 0);
	plain[len] = '\0';
	assert_true(forge_known_init(&h->known, iv_b64, enc, (const char *)plain));
	forge_where_init(&h->known, h->where);
	assert_true(forge_lenient_read((const char *)plain, len, &h->genuine));
	cJSON_Delete(sent);
}

/* Whether a forged reading is what a forger wants: with the genuine
 * watermark, 100000 steps today (the genuine list's last day) when
 * today_only, else any count raised. */
static bool wanted(const struct holding *h, const struct werun_data *d, bool today_only)
{
	if (!today_only)
		return forge_raises(&h->genuine, d);
	int64_t today = h->genuine.entries[h->genuine.n - 1].timestamp;
	if (strcmp(d->appid, h->genuine.appid) != 0 || d->watermark_ts != h->genuine.watermark_ts)
		return false;
	for (size_t i = 0; i < d->n; i++)
		if (d->entries[i].timestamp == today)
			return d->entries[i].step == 100000;
	return false;
}

/* The skip-th junk-key splice of h's payload (inserting "step":100000 or
 * "step":1e5) that a lenient reader takes as wanted(), the very bytes sent
 * included: the garbage block may hold a '"' that breaks even a lenient
 * reading, and such forgeries are passed over, as a forger would.  Writes
 * the sync request's body and returns true, or false if there is none. */
static bool forge(const struct holding *h, bool today_only, int skip, char *body, size_t size)
{
	static const char *const contents[] = { ",\"step\":100000", ",\"step\":1e5" };
	static struct forge_block plan[FORGE_MAX_BLOCKS];
	static char ideal[FORGE_MAX_BLOCKS * 32 + 1], enc[FORGE_MAX_BLOCKS * 32];
	static unsigned char ct[FORGE_MAX_BLOCKS * 16], plain[FORGE_MAX_BLOCKS * 16];
	const struct forge_known *k = &h->known;
	for (size_t g = 1; g + 2 < k->n; g++) {
		for (size_t b = g + 1; b + 1 < k->n; b++) {
			for (size_t c = 0; c < 2; c++) {
				size_t n = forge_splice(k, h->where, g, b, contents[c], plan, ideal);
				struct werun_data d;
				if (n == 0 || !forge_lenient_read(ideal, strlen(ideal), &d) || !wanted(h, &d, today_only))
					continue;
				unsigned char iv[16];
				size_t len = 0;
				forge_realize(k, plan, n, iv, ct);
				if (cipher_aes128_cbc_decrypt(h->key, iv, ct, 16 * n, plain, &len) != 0
				    || !forge_lenient_read((const char *)plain, len, &d) || !wanted(h, &d, today_only))
					continue;
				if (skip-- > 0)
					continue;
				char iv_b64[25];
				forge_b64(iv, ct, n, iv_b64, enc);
				snprintf(body, size, "{\"encryptedData\":\"%s\",\"iv\":\"%s\"}", enc, iv_b64);
				return true;
			}
		}
	}
	return false;
}

/* ---------------------------------------------------------------- tests */


static void sync_ok(struct walker *w, const char *steps_json, long steps)
{
	char body[4096];
	struct http_reply r;
	walker_werun(w, steps_json, NULL, body, sizeof body);
	walker_sync(w, body, &r);
	if (r.status != 200)
		fail_msg("sync: %ld %s", r.status, r.body);
	assert_int_equal((long)http_num(&r, "steps"), steps);
	http_reply_free(&r);
}

/* 2,345 real steps forged into 100,000: refused, nothing stored, counted. */
static void a_forged_payload_is_refused_and_counted(void **state)
{
	(void)state;
	stack_clock(&S, "2019-07-05T20:10:00+08:00");
	struct walker w;
	static struct holding h;
	char body[8192], steps[128];
	walker_login(&w, &S, NULL);
	walker_enroll(&w, "孙七", "xa");
	/* Whether a splice fits in one block depends on where the block
	 * boundaries fall: the forger tries payloads until one fits (here by
	 * walking more or less on an earlier day, which moves the text). */
	bool forged = false;
	for (long earlier = 1; earlier < 10000000 && !forged; earlier *= 10) {
		snprintf(steps, sizeof steps, "[{\"day\":\"2019-06-20\",\"step\":%ld},"
		         "{\"day\":\"2019-07-05\",\"step\":2345}]", earlier);
		hold(&w, steps, &h);
		forged = forge(&h, true, 0, body, sizeof body);
	}
	if (!forged)
		fail_msg("no forgery fits");

	struct http_reply r;
	walker_sync(&w, body, &r);
	expect_error(&r, 400, "werun_undecryptable", "encryptedData");
	assert_int_equal(sql_int("SELECT count(*) FROM daily_steps WHERE user_id = %ld", w.user_id), 0);
	assert_int_equal(sql_int("SELECT refusals FROM werun_flags WHERE activity_id = 1 AND user_id = %ld", w.user_id), 1);
	assert_int_equal(sql_int("SELECT last_reason LIKE 'werun_undecryptable: %%' FROM werun_flags "
	                              "WHERE user_id = %ld", w.user_id), 1);
	assert_int_equal(sql_int("SELECT flagged_at IS NULL FROM werun_flags WHERE user_id = %ld", w.user_id), 1);

	/* The genuine payload it was made from still syncs. */
	sync_ok(&w, steps, 2345);
	assert_int_equal(sql_int("SELECT raw_steps FROM daily_steps WHERE user_id = %ld", w.user_id), 2345);
}

/* WERUN_REFUSAL_LIMIT refusals within the hour: the next sync, genuine or
 * not, is 429 with Retry-After until the hour is over, and the participant
 * is flagged; others are not concerned. */
static void many_forgeries_are_slowed_down_and_flagged(void **state)
{
	(void)state;
	stack_clock(&S, "2019-07-06T20:10:00+08:00");
	struct walker forger, other;
	static struct holding h;
	char body[8192];
	walker_login(&forger, &S, NULL);
	walker_enroll(&forger, "周八", "xa");
	walker_login(&other, &S, NULL);
	walker_enroll(&other, "吴九", "bj");
	const char *steps = "[{\"day\":\"2019-07-06\",\"step\":4321}]";
	hold(&forger, steps, &h);

	struct http_reply r;
	for (int i = 0; i < WERUN_REFUSAL_LIMIT; i++) {
		if (!forge(&h, false, i, body, sizeof body))
			fail_msg("only %d forgeries", i);
		walker_sync(&forger, body, &r);
		expect_error(&r, 400, "werun_undecryptable", "encryptedData");
	}
	walker_werun(&forger, steps, NULL, body, sizeof body);
	walker_sync(&forger, body, &r);
	assert_int_equal(r.status, 429);
	assert_string_equal(http_error_code(&r), "rate_limited");
	char retry[32];
	http_header(&r, "Retry-After", retry, sizeof retry);
	long wait = atol(retry);
	if (wait < WERUN_REFUSAL_WINDOW_S - 120 || wait > WERUN_REFUSAL_WINDOW_S)
		fail_msg("Retry-After %s", retry);
	http_reply_free(&r);

	assert_int_equal(sql_int("SELECT count(*) FROM daily_steps WHERE user_id = %ld", forger.user_id), 0);
	assert_int_equal(sql_int("SELECT refusals FROM werun_flags WHERE user_id = %ld", forger.user_id), WERUN_REFUSAL_LIMIT);
	assert_int_equal(sql_int("SELECT flagged_at IS NOT NULL AND flagged_at >= first_at "
	                                   "FROM werun_flags WHERE user_id = %ld", forger.user_id), 1);
	assert_int_equal(stack_sql_int(&S, "SELECT count(*) FROM werun_flags WHERE flagged_at IS NOT NULL"), 1);

	/* Someone else syncs as usual. */
	sync_ok(&other, "[{\"day\":\"2019-07-06\",\"step\":7777}]", 7777);
	assert_int_equal(sql_int("SELECT count(*) FROM werun_flags WHERE user_id = %ld", other.user_id), 0);

	/* An hour later the forger may sync again; the flag stays. */
	stack_clock(&S, "2019-07-06T21:11:00+08:00");
	sync_ok(&forger, steps, 4321);
	assert_int_equal(sql_int("SELECT flagged_at IS NOT NULL FROM werun_flags WHERE user_id = %ld", forger.user_id), 1);
}

/* WECHAT.md §2: the list ends today.  Made with the participant's key (as
 * only WeChat could), a list running one day past today is refused as no data
 * WeChat makes; one ending yesterday is stale, as before, and not counted
 * against the participant: it is genuine data the phone had not refreshed. */
static void a_list_must_end_today(void **state)
{
	(void)state;
	stack_clock(&S, "2019-07-07T20:10:00+08:00");
	struct walker w;
	static struct holding h;
	walker_login(&w, &S, NULL);
	walker_enroll(&w, "郑十", "xa");
	hold(&w, "[{\"day\":\"2019-07-07\",\"step\":5000}]", &h);
	struct werun_data d = h.genuine;   /* 31 days ending today */
	struct buf enc = { 0 };
	char iv[25], body[8192];
	struct http_reply r;
	for (int shift = 1; shift >= -1; shift -= 2) {
		for (size_t i = 0; i < d.n; i++)
			d.entries[i].timestamp = h.genuine.entries[i].timestamp + shift * 86400;
		buf_reset(&enc, 0);
		assert_int_equal(werun_encrypt(h.key_b64, &d, &enc, iv), 0);
		snprintf(body, sizeof body, "{\"encryptedData\":\"%s\",\"iv\":\"%s\"}", buf_str(&enc), iv);
		walker_sync(&w, body, &r);
		if (shift > 0)
			expect_error(&r, 400, "werun_undecryptable", "encryptedData");
		else
			expect_error(&r, 400, "werun_stale", NULL);
	}
	buf_free(&enc);
	assert_int_equal(sql_int("SELECT count(*) FROM daily_steps WHERE user_id = %ld", w.user_id), 0);
	assert_int_equal(sql_int("SELECT refusals FROM werun_flags WHERE user_id = %ld", w.user_id), 1);
	assert_int_equal(sql_int("SELECT count(*) FROM werun_flags WHERE user_id = %ld "
	                         "AND last_reason = 'werun_undecryptable: list ends after today'", w.user_id), 1);
	sync_ok(&w, "[{\"day\":\"2019-07-07\",\"step\":5000}]", 5000);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(a_forged_payload_is_refused_and_counted),
		cmocka_unit_test(many_forgeries_are_slowed_down_and_flagged),
		cmocka_unit_test(a_list_must_end_today),
	};
	return cmocka_run_group_tests(tests, start_stack, stop_stack);
}
