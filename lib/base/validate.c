#include "validate.h"

#include <stdint.h>
#include <string.h>

/* Decodes one UTF-8 code point at *p; returns it and advances *p, or returns
 * -1 for a malformed sequence. */
static int32_t next_code_point(const unsigned char **p)
{
	const unsigned char *s = *p;
	int32_t cp;
	int extra;
	if (s[0] < 0x80) {
		cp = s[0];
		extra = 0;
	} else if ((s[0] & 0xe0) == 0xc0) {
		cp = s[0] & 0x1f;
		extra = 1;
	} else if ((s[0] & 0xf0) == 0xe0) {
		cp = s[0] & 0x0f;
		extra = 2;
	} else if ((s[0] & 0xf8) == 0xf0) {
		cp = s[0] & 0x07;
		extra = 3;
	} else {
		return -1;
	}
	for (int i = 1; i <= extra; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return -1;   /* also stops at the NUL */
		cp = (cp << 6) | (s[i] & 0x3f);
	}
	static const int32_t min_of[] = { 0, 0x80, 0x800, 0x10000 };
	if (cp < min_of[extra] || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
		return -1;
	*p = s + extra + 1;
	return cp;
}

static bool is_control(int32_t cp)
{
	return cp < 0x20 || (cp >= 0x7f && cp <= 0x9f);
}

/* Code points that draw nothing or reorder what follows (Unicode's
 * Default_Ignorable_Code_Point set, and the bidirectional controls). */
static bool is_invisible_or_bidi(int32_t cp)
{
	static const int32_t ranges[][2] = {
		{ 0x00ad, 0x00ad }, { 0x034f, 0x034f }, { 0x061c, 0x061c }, { 0x115f, 0x1160 },
		{ 0x17b4, 0x17b5 }, { 0x180b, 0x180f }, { 0x200b, 0x200f }, { 0x202a, 0x202e },
		{ 0x2060, 0x206f }, { 0x3164, 0x3164 }, { 0xfe00, 0xfe0f }, { 0xfeff, 0xfeff },
		{ 0xffa0, 0xffa0 }, { 0xfff0, 0xfffb }, { 0x1bca0, 0x1bca3 }, { 0x1d173, 0x1d17a },
		{ 0xe0000, 0xe0fff },
	};
	for (size_t i = 0; i < sizeof ranges / sizeof ranges[0]; i++)
		if (cp >= ranges[i][0] && cp <= ranges[i][1])
			return true;
	return false;
}

bool valid_text(const char *s, size_t *chars)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t n = 0;
	while (*p) {
		int32_t cp = next_code_point(&p);
		if (cp < 0 || is_control(cp))
			return false;
		n++;
	}
	if (chars)
		*chars = n;
	return true;
}

static bool is_ideograph(int32_t cp)
{
	return (cp >= 0x4e00 && cp <= 0x9fff) || (cp >= 0x3400 && cp <= 0x4dbf) ||
	       (cp >= 0xf900 && cp <= 0xfaff) || (cp >= 0x20000 && cp <= 0x3134f);
}

bool valid_real_name(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t n = 0;
	bool last_was_dot = true;   /* no dot first */
	while (*p) {
		int32_t cp = next_code_point(&p);
		bool dot = cp == 0x00b7 || cp == 0x30fb;
		if (cp < 0 || (!dot && !is_ideograph(cp)) || (dot && last_was_dot))
			return false;
		last_was_dot = dot;
		n++;
	}
	return n >= 2 && n <= 20 && !last_was_dot;
}

bool valid_mobile(const char *s)
{
	if (strlen(s) != 11 || s[0] != '1' || s[1] < '3' || s[1] > '9')
		return false;
	for (int i = 0; i < 11; i++)
		if (s[i] < '0' || s[i] > '9')
			return false;
	return true;
}

bool valid_free_text(const char *s, size_t min, size_t max)
{
	size_t n;
	if (!valid_text(s, &n) || n < min || n > max)
		return false;
	if (min == 0)
		return true;
	for (const char *p = s; *p; p++)
		if (*p != ' ')
			return true;
	return false;
}

bool valid_name(const char *s, size_t min, size_t max)
{
	if (!valid_free_text(s, min, max))
		return false;
	const unsigned char *p = (const unsigned char *)s;
	while (*p)
		if (is_invisible_or_bidi(next_code_point(&p)))
			return false;
	return true;
}

/* Whether none of the eight bytes at p is a control character, a byte of
 * 0x80 or more, '"' or '\\': the tests of "has a zero byte" and "has a byte
 * less than n" on a whole word (exact for "any byte", which is all that is
 * asked here). */
static bool plain_string_word(const unsigned char *p)
{
	const uint64_t ones = 0x0101010101010101ULL, highs = 0x8080808080808080ULL;
	uint64_t w;
	memcpy(&w, p, sizeof w);
	uint64_t quote = w ^ (ones * '"'), backslash = w ^ (ones * '\\');
	uint64_t below_space = (w - ones * 0x20) & ~w;
	uint64_t has_quote = (quote - ones) & ~quote, has_backslash = (backslash - ones) & ~backslash;
	return ((w | below_space | has_quote | has_backslash) & highs) == 0;
}

bool valid_json_text(const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s, *end = p + len;
	bool in_string = false;
	while (p < end) {
		/* A string's run of plain ASCII at once, a word at a time: most of a
		 * body is base64. */
		while (in_string && end - p >= 8 && plain_string_word(p))
			p += 8;
		while (in_string && p < end && *p >= 0x20 && *p < 0x80 && *p != '"' && *p != '\\')
			p++;
		if (p == end)
			break;
		unsigned char c = *p;
		if (c == 0)
			return false;
		if (c >= 0x80) {
			/* Decoded from a NUL-padded copy: the text may end mid-sequence,
			 * and nothing past len may be read. */
			unsigned char seq[5] = { 0 };
			size_t avail = (size_t)(end - p) < 4 ? (size_t)(end - p) : 4;
			memcpy(seq, p, avail);
			const unsigned char *q = seq;
			if (next_code_point(&q) < 0)
				return false;
			p += q - seq;
			continue;
		}
		if (in_string) {
			if (c < 0x20)
				return false;
			if (c == '"') {
				in_string = false;
			} else if (c == '\\') {
				if (p + 1 >= end)
					return false;
				if (p[1] == 'u' && end - p >= 6 && memcmp(p + 2, "0000", 4) == 0)
					return false;
				p++;   /* the escaped character: never a string's end */
			}
		} else if (c == '"') {
			in_string = true;
		}
		p++;
	}
	return true;
}
