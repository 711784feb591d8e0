/* Checkpoints (RULES §7): lighting, passing in route order, quiz spacing,
 * and what an essay or a poster photo must be. */
#include "rules.h"

#include <string.h>

int rules_checkpoints_lit(const struct activity_rules *r, int64_t cumulative)
{
	/* Thresholds ascend (rules_check), so the lit ones form a prefix. */
	int lit = 0;
	while (lit < r->checkpoint_count && cumulative >= r->checkpoint_threshold[lit])
		lit++;
	return lit;
}

int rules_next_checkpoint(const struct activity_rules *r, int passed, int lit)
{
	int next = passed < 0 ? 1 : passed + 1;
	return next <= r->checkpoint_count && next <= lit ? next : 0;
}

enum rules_attempt rules_may_attempt(const struct activity_rules *r, int checkpoint, int passed,
				     int lit)
{
	if (checkpoint < 1 || checkpoint > r->checkpoint_count)
		return RULES_ATTEMPT_NO_SUCH_CHECKPOINT;
	if (checkpoint <= passed)
		return RULES_ATTEMPT_ALREADY_PASSED;
	if (checkpoint != (passed < 0 ? 1 : passed + 1))
		return RULES_ATTEMPT_NOT_NEXT;
	if (checkpoint > lit)
		return RULES_ATTEMPT_NOT_LIT;
	return RULES_ATTEMPT_OK;
}

bool rules_quiz_attempt_allowed(const struct activity_rules *r, bool attempted_before,
				int64_t last_attempt_at, int64_t now)
{
	if (!attempted_before)
		return true;
	/* Spacing stops guessing through the bank by brute force. */
	if (now < last_attempt_at)
		return false;
	return (uint64_t)now - (uint64_t)last_attempt_at >= (uint64_t)r->quiz_retry_seconds;
}

/* Decodes one UTF-8 sequence at s[0..len): sets *cp and returns its length,
 * or 0 if it is not the shortest form of a scalar value. */
static size_t decode_utf8(const unsigned char *s, size_t len, uint32_t *cp)
{
	static const uint32_t min_for_length[5] = { 0, 0, 0x80, 0x800, 0x10000 };
	/* The lead byte gives the length and the top bits of the value. */
	uint32_t c = s[0];
	size_t n = c < 0x80 ? 1 : (c & 0xe0) == 0xc0 ? 2 : (c & 0xf0) == 0xe0 ? 3 :
		   (c & 0xf8) == 0xf0 ? 4 : 0;
	if (n == 0)
		return 0;
	c &= 0x7fu >> (n == 1 ? 0 : n);
	if (n > len)
		return 0;
	for (size_t i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		c = (c << 6) | (s[i] & 0x3f);
	}
	if (c < min_for_length[n] || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff))
		return 0;
	*cp = c;
	return n;
}

static bool is_blank(uint32_t cp)
{
	return cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r' || cp == '\v' || cp == '\f' ||
	       cp == 0x3000;   /* ideographic space, common in Chinese text */
}

enum rules_essay_status rules_check_essay(const struct activity_rules *r, const char *text,
					  size_t len)
{
	const unsigned char *s = (const unsigned char *)text;
	/* Characters, not bytes: a Chinese character is 3 bytes of UTF-8.
	 * Count up to the last non-blank, and from the first non-blank. */
	int64_t chars = 0, chars_at_last_content = 0;
	bool seen_content = false;
	size_t i = 0;
	while (i < len) {
		uint32_t cp;
		size_t step = decode_utf8(s + i, len - i, &cp);
		if (step == 0 || cp == 0)
			return RULES_ESSAY_BAD_ENCODING;
		i += step;
		if (!seen_content && is_blank(cp))
			continue;
		seen_content = true;
		chars++;
		if (!is_blank(cp))
			chars_at_last_content = chars;
	}
	if (chars_at_last_content < r->essay_min_chars)
		return RULES_ESSAY_TOO_SHORT;
	if (chars_at_last_content > r->essay_max_chars)
		return RULES_ESSAY_TOO_LONG;
	return RULES_ESSAY_OK;
}

enum rules_essay_decision rules_essay_decision(const char *suggest)
{
	if (suggest && strcmp(suggest, "pass") == 0)
		return RULES_ESSAY_ACCEPT;
	if (suggest && strcmp(suggest, "risky") == 0)
		return RULES_ESSAY_REFUSE;
	/* "review", or an answer we do not know: a person decides. */
	return RULES_ESSAY_HOLD;
}

enum rules_photo_status rules_check_photo(const struct activity_rules *r, int64_t bytes,
					  int64_t width, int64_t height)
{
	if (bytes <= 0 || width <= 0 || height <= 0)
		return RULES_PHOTO_EMPTY;
	if (bytes > r->photo_max_bytes)
		return RULES_PHOTO_TOO_LARGE;
	if (width > r->photo_max_px || height > r->photo_max_px)
		return RULES_PHOTO_TOO_MANY_PIXELS;
	return RULES_PHOTO_OK;
}
