/* WECHAT.md §2: forged WeRun payloads.  Genuine payloads of several shapes
 * (1, 7 and 31 days, both key orders of every object, step counts of every
 * length) are encrypted with the real AES, then forged the way a participant
 * can without the key (test/support/werun_forge.h) at every block position:
 *
 *   bits     one bit of the iv or of any ciphertext block flipped;
 *   cuts     blocks dropped (from the front, the middle, the end) or repeated;
 *   front    the list started at any later block, its first block chosen
 *            through the iv;
 *   digits   step counts, timestamps and the watermark rewritten in place:
 *            each digit raised, the whole number as 9s, as 1e5 or 9e99;
 *   splice   a garbage block placed inside a member name or string, the next
 *            block chosen to insert "step":1e5 (or 100000, or a watermark
 *            timestamp), duplicating a member or replacing it, and to resume
 *            the original text at any later or earlier block (entries
 *            dropped, repeated); every such design is first checked to
 *            be accepted, with a raised count, by the lenient reading.
 *
 * The test passes when every genuine payload is read as sent and no forgery
 * raises any day's step count or changes the watermark.  It prints, per
 * kind, how many forgeries were tried, refused, accepted without a raise,
 * and how many of the same bytes the lenient reading this server had before
 * would have taken with a raised count (the test can tell: it has the key). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "buf.h"
#include "cipher.h"
#include "crypto.h"
#include "werun.h"
#include "werun_forge.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define KEY_B64 "AAECAwQFBgcICQoLDA0ODw=="    /* 00 01 .. 0f */
#define APPID "wx0123456789abcdef"
#define TODAY INT64_C(1564502400)             /* 2019-07-31 00:00 +08:00 */
#define DAY 86400

/* ------------------------------------------------------------ payloads */

/* A deterministic generator (xorshift64*), so that every run forges the
 * same payloads with the same ivs. */
static uint64_t rng_state = 0x9e3779b97f4a7c15u;

static uint64_t rng(void)
{
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return rng_state * 0x2545f4914f6cdd1du;
}

/* A day's steps as people walk: often a few thousand, sometimes 0 or a
 * handful, sometimes above 20,000. */
static int64_t realistic_steps(void)
{
	uint64_t r = rng();
	switch (r % 8) {
	case 0: return 0;
	case 1: return (int64_t)(r >> 8) % 100;
	case 2: return (int64_t)(r >> 8) % 1000;
	case 3: return 20000 + (int64_t)(r >> 8) % 15000;
	default: return 1000 + (int64_t)(r >> 8) % 14000;
	}
}

struct shape {
	int days;
	bool step_first;      /* {"step":N,"timestamp":T} */
	bool appid_first;     /* {"appid":…,"timestamp":W} */
	bool mark_first;      /* {"watermark":…,"stepInfoList":…} */
};

/* Where the numbers of a payload's text are, for the in-place rewrites. */
struct number_at {
	size_t at, len;
};

struct payload {
	struct buf text;
	struct werun_data data;       /* what it says */
	struct number_at steps[WERUN_MAX_ENTRIES], stamps[WERUN_MAX_ENTRIES], mark;
	struct forge_known known;
	struct forge_where where[FORGE_MAX_BLOCKS * 16 + 1];
};

static void put_number(struct buf *text, int64_t v, struct number_at *at)
{
	at->at = text->len;
	buf_printf(text, "%lld", (long long)v);
	at->len = text->len - at->at;
}

static void write_entries(struct payload *p, const struct shape *sh)
{
	buf_puts(&p->text, "\"stepInfoList\":[");
	for (size_t i = 0; i < p->data.n; i++) {
		const struct rules_step_entry *e = &p->data.entries[i];
		buf_puts(&p->text, i ? ",{" : "{");
		if (sh->step_first) {
			buf_puts(&p->text, "\"step\":");
			put_number(&p->text, e->step, &p->steps[i]);
			buf_puts(&p->text, ",\"timestamp\":");
			put_number(&p->text, e->timestamp, &p->stamps[i]);
		} else {
			buf_puts(&p->text, "\"timestamp\":");
			put_number(&p->text, e->timestamp, &p->stamps[i]);
			buf_puts(&p->text, ",\"step\":");
			put_number(&p->text, e->step, &p->steps[i]);
		}
		buf_puts(&p->text, "}");
	}
	buf_puts(&p->text, "]");
}

static void write_watermark(struct payload *p, const struct shape *sh)
{
	buf_puts(&p->text, "\"watermark\":{");
	if (sh->appid_first)
		buf_puts(&p->text, "\"appid\":\"" APPID "\",");
	buf_puts(&p->text, "\"timestamp\":");
	put_number(&p->text, p->data.watermark_ts, &p->mark);
	if (!sh->appid_first)
		buf_puts(&p->text, ",\"appid\":\"" APPID "\"");
	buf_puts(&p->text, "}");
}

/* A genuine payload of shape sh ending today, encrypted under KEY_B64 with a
 * fresh iv, as the forger holds it. */
static void make_payload(struct payload *p, const struct shape *sh)
{
	buf_reset(&p->text, 0);
	memset(&p->data, 0, sizeof p->data);
	p->data.n = (size_t)sh->days;
	for (int i = 0; i < sh->days; i++) {
		p->data.entries[i].timestamp = TODAY - (int64_t)(sh->days - 1 - i) * DAY;
		p->data.entries[i].step = realistic_steps();
	}
	p->data.watermark_ts = TODAY + 20 * 3600 + (int64_t)(rng() % 14400);
	strcpy(p->data.appid, APPID);
	buf_puts(&p->text, "{");
	if (sh->mark_first) {
		write_watermark(p, sh);
		buf_puts(&p->text, ",");
		write_entries(p, sh);
	} else {
		write_entries(p, sh);
		buf_puts(&p->text, ",");
		write_watermark(p, sh);
	}
	buf_puts(&p->text, "}");

	unsigned char key[16], iv[16];
	static unsigned char ct[FORGE_MAX_BLOCKS * 16];
	static char enc[FORGE_MAX_BLOCKS * 32];
	char iv_b64[25];
	size_t len = 0;
	assert_int_equal(crypto_base64_decode(KEY_B64, strlen(KEY_B64), key, 16), 16);
	for (int i = 0; i < 16; i++)
		iv[i] = (unsigned char)rng();
	assert_true(p->text.len < sizeof ct - 16);
	assert_int_equal(cipher_aes128_cbc_encrypt(key, iv, (const unsigned char *)p->text.data, p->text.len,
	                                           ct, &len), 0);
	forge_b64(iv, ct, len / 16, iv_b64, enc);
	assert_true(forge_known_init(&p->known, iv_b64, enc, buf_str(&p->text)));
	forge_where_init(&p->known, p->where);

	/* Genuine: read exactly as sent, by both readings. */
	struct werun_data d;
	if (werun_decrypt(KEY_B64, iv_b64, enc, &d) != WERUN_OK)
		fail_msg("genuine payload refused: %s", buf_str(&p->text));
	assert_int_equal(d.n, p->data.n);
	for (size_t i = 0; i < d.n; i++) {
		assert_int_equal(d.entries[i].timestamp, p->data.entries[i].timestamp);
		assert_int_equal(d.entries[i].step, p->data.entries[i].step);
	}
	assert_int_equal(d.watermark_ts, p->data.watermark_ts);
	assert_string_equal(d.appid, APPID);
	assert_true(forge_lenient_read(p->text.data, p->text.len, &d));
	assert_false(forge_raises(&p->data, &d));
}

/* ------------------------------------------------------------ attempts */

struct tally {
	const char *kind;
	long tried, refused, harmless, raised, lenient_raised;
};

static struct tally tallies[] = {
	{ .kind = "bits" }, { .kind = "cuts" }, { .kind = "front" }, { .kind = "digits" }, { .kind = "splice" },
};
enum { BITS, CUTS, FRONT, DIGITS, SPLICE, KINDS };
static long genuine_payloads, splice_designs;
static char first_raise[512];

/* One forgery: through werun_decrypt as the server would read it, and, for
 * the record, through the lenient reading of the same bytes. */
static void attempt(const struct payload *p, int kind, const unsigned char iv[16], const unsigned char *ct,
                    size_t n, const char *what, long a, long b)
{
	static char enc[FORGE_MAX_BLOCKS * 32];
	static unsigned char plain[FORGE_MAX_BLOCKS * 16];
	char iv_b64[25];
	struct tally *t = &tallies[kind];
	struct werun_data d;
	t->tried++;
	forge_b64(iv, ct, n, iv_b64, enc);
	if (werun_decrypt(KEY_B64, iv_b64, enc, &d) != WERUN_OK) {
		t->refused++;
	} else if (forge_raises(&p->data, &d)) {
		if (t->raised++ == 0 && !first_raise[0])
			snprintf(first_raise, sizeof first_raise, "%s (%s %ld %ld) of %s", t->kind, what, a, b,
			         buf_str(&p->text));
	} else {
		t->harmless++;
	}
	unsigned char key[16];
	size_t len = 0;
	crypto_base64_decode(KEY_B64, strlen(KEY_B64), key, 16);
	if (cipher_aes128_cbc_decrypt(key, iv, ct, 16 * n, plain, &len) == 0
	    && forge_lenient_read((const char *)plain, len, &d) && forge_raises(&p->data, &d))
		t->lenient_raised++;
}

static void try_plan(const struct payload *p, int kind, const struct forge_block *plan, size_t n,
                     const char *what, long a, long b)
{
	static unsigned char ct[FORGE_MAX_BLOCKS * 16];
	unsigned char iv[16];
	forge_realize(&p->known, plan, n, iv, ct);
	attempt(p, kind, iv, ct, n, what, a, b);
}

/* ------------------------------------------------------------ the forgeries */

static void flip_bits(const struct payload *p)
{
	static unsigned char ct[FORGE_MAX_BLOCKS * 16];
	const struct forge_known *k = &p->known;
	static const unsigned char masks[] = { 0x01, 0x80 };
	for (size_t at = 0; at < 16 * (k->n + 1); at++) {
		for (size_t m = 0; m < sizeof masks; m++) {
			unsigned char iv[16];
			memcpy(iv, k->iv, 16);
			memcpy(ct, k->ct, 16 * k->n);
			if (at < 16)
				iv[at] ^= masks[m];
			else
				ct[at - 16] ^= masks[m];
			attempt(p, BITS, iv, ct, k->n, "byte, mask", (long)at, masks[m]);
		}
	}
}

/* Keeps blocks [0, keep) and then [from, n): drops when from > keep, repeats
 * when from < keep; keep == n with from == n cuts nothing. */
static void cut(const struct payload *p, size_t keep, size_t from)
{
	static struct forge_block plan[2 * FORGE_MAX_BLOCKS];
	size_t n = 0;
	for (size_t j = 0; j < keep; j++)
		plan[n++] = (struct forge_block){ .src = j };
	for (size_t j = from; j < p->known.n && n < FORGE_MAX_BLOCKS; j++)
		plan[n++] = (struct forge_block){ .src = j };
	if (n > 0)
		try_plan(p, CUTS, plan, n, "keep, from", (long)keep, (long)from);
}

static void cut_blocks(const struct payload *p)
{
	size_t n = p->known.n;
	for (size_t keep = 0; keep <= n; keep++)
		for (size_t from = 0; from <= n; from++)
			if (from != keep && !(keep == 0 && from == 0))
				cut(p, keep, from);
}

/* The list started at block s, its first block chosen through the iv: as
 * WeChat's opening (the rest as it was), or as the original block s (the
 * front simply dropped). */
static void start_later(const struct payload *p)
{
	static struct forge_block plan[FORGE_MAX_BLOCKS];
	const struct forge_known *k = &p->known;
	for (size_t s = 1; s < k->n; s++) {
		for (int opening = 0; opening < 2; opening++) {
			size_t n = 0;
			for (size_t j = s; j < k->n; j++)
				plan[n++] = (struct forge_block){ .src = j };
			plan[0].chosen = true;
			memcpy(plan[0].text, opening ? (const unsigned char *)"{\"stepInfoList\":" : k->plain + 16 * s, 16);
			try_plan(p, FRONT, plan, n, "start, opening", (long)s, opening);
		}
	}
}

/* The plaintext with the number at `at` rewritten as `with` (same length),
 * the blocks that differ chosen, each one's predecessor sacrificed. */
static void rewrite(const struct payload *p, struct number_at at, const char *with, const char *what)
{
	static unsigned char text[FORGE_MAX_BLOCKS * 16];
	static struct forge_block plan[FORGE_MAX_BLOCKS];
	if (strlen(with) != at.len || memcmp(p->known.plain + at.at, with, at.len) == 0)
		return;
	memcpy(text, p->known.plain, 16 * p->known.n);
	memcpy(text + at.at, with, at.len);
	size_t n = forge_plan_edit(&p->known, text, plan);
	try_plan(p, DIGITS, plan, n, what, (long)at.at, (long)at.len);
}

/* Each digit of a number raised to 9; the whole as 9s; as an exponent (1e5,
 * 9e9, 9e99, ... of the same length). */
static void rewrite_number(const struct payload *p, struct number_at at)
{
	char with[24];
	for (size_t i = 0; i < at.len; i++) {
		memcpy(with, p->known.plain + at.at, at.len);
		with[at.len] = '\0';
		with[i] = '9';
		rewrite(p, at, with, "digit");
	}
	memset(with, '9', at.len);
	with[at.len] = '\0';
	rewrite(p, at, with, "nines");
	rewrite(p, at, "1e5", "exponent");    /* each only where the length fits */
	rewrite(p, at, "1e05", "exponent");
	rewrite(p, at, "1E+5", "exponent");
	if (at.len >= 3) {
		with[1] = 'e';   /* 9e9, 9e99, ... */
		rewrite(p, at, with, "exponent");
	}
}

static void rewrite_digits(const struct payload *p)
{
	for (size_t i = 0; i < p->data.n; i++) {
		rewrite_number(p, p->steps[i]);
		rewrite_number(p, p->stamps[i]);
		/* An earlier day's entry moved onto today, where its count is higher. */
		char today[24];
		snprintf(today, sizeof today, "%lld", (long long)TODAY);
		rewrite(p, p->stamps[i], today, "moved to today");
	}
	rewrite_number(p, p->mark);
}

/* Every junk-key splice that the lenient reading would take with a raised
 * count, each realized as a forgery. */
static void splice(const struct payload *p)
{
	static const char *const entry_contents[] = {
		",\"step\":1e5", ",\"step\":100000", ",\"step\":99999",
	};
	static const char *const mark_contents[] = { ",\"timestamp\":9e9" };
	static struct forge_block plan[FORGE_MAX_BLOCKS];
	static char ideal[FORGE_MAX_BLOCKS * 32 + 1];
	const struct forge_known *k = &p->known;
	for (size_t g = 1; g + 2 < k->n; g++) {
		const struct forge_where *w = &p->where[16 * g];
		if (w->depth == 0 || (w->pos != FP_IN_KEY && w->pos != FP_IN_STRING))
			continue;
		enum forge_container in = w->stack[w->depth - 1];
		const char *const *contents = in == FC_MARK ? mark_contents : entry_contents;
		size_t count = in == FC_MARK ? 1 : in == FC_ENTRY ? 3 : 0;
		for (size_t b = g > 4 ? g - 4 : 1; b + 1 < k->n; b++) {
			for (size_t c = 0; c < count; c++) {
				size_t n = forge_splice(k, p->where, g, b, contents[c], plan, ideal);
				struct werun_data d;
				if (n == 0 || !forge_lenient_read(ideal, strlen(ideal), &d) || !forge_raises(&p->data, &d))
					continue;
				splice_designs++;
				try_plan(p, SPLICE, plan, n, "garbage, resume", (long)g, (long)b);
			}
		}
	}
}

/* ------------------------------------------------------------ the test */

static void forgeries_raise_no_count(void **state)
{
	(void)state;
	static struct payload p;
	static const int day_counts[] = { 1, 7, 31 };
	for (size_t di = 0; di < sizeof day_counts / sizeof day_counts[0]; di++) {
		for (int order = 0; order < 8; order++) {
			struct shape sh = { day_counts[di], order & 1, (order & 2) != 0, (order & 4) != 0 };
			make_payload(&p, &sh);
			genuine_payloads++;
			flip_bits(&p);
			cut_blocks(&p);
			start_later(&p);
			rewrite_digits(&p);
			splice(&p);
		}
	}
	buf_free(&p.text);

	long tried = 0, refused = 0, harmless = 0, raised = 0, lenient = 0;
	print_message("%ld genuine payloads, all read as sent; %ld splice designs a lenient reading takes\n",
	              genuine_payloads, splice_designs);
	print_message("%-8s %8s %8s %9s %7s %15s\n", "kind", "tried", "refused", "harmless", "raised",
	              "lenient raised");
	for (int i = 0; i < KINDS; i++) {
		struct tally *t = &tallies[i];
		print_message("%-8s %8ld %8ld %9ld %7ld %15ld\n", t->kind, t->tried, t->refused, t->harmless,
		              t->raised, t->lenient_raised);
		tried += t->tried;
		refused += t->refused;
		harmless += t->harmless;
		raised += t->raised;
		lenient += t->lenient_raised;
	}
	print_message("%-8s %8ld %8ld %9ld %7ld %15ld\n", "all", tried, refused, harmless, raised, lenient);
	if (raised)
		fail_msg("%ld forgeries raised a count; the first: %s", raised, first_raise);
	/* The forgeries are real: the lenient reading falls for the splices. */
	assert_true(tallies[SPLICE].lenient_raised > tallies[SPLICE].tried / 2);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(forgeries_raise_no_count),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
