/* The enrollment validators (validate.h) on the input as a C string, against
 * readings written out here.  valid_text(): well-formed UTF-8 by Unicode's
 * table of well-formed byte sequences (Table 3-7), without C0, DEL or C1
 * control characters, and the same count of code points.  valid_real_name(),
 * valid_mobile(), valid_free_text(): the same answer as their rules applied
 * to the decoded code points. */
#include "fuzz.h"

#include "validate.h"

#include <stdbool.h>

/* Decodes s into cps (room for strlen(s)); false if it is not well-formed. */
static bool reference_decode(const unsigned char *s, int32_t *cps, size_t *n)
{
	*n = 0;
	while (*s) {
		unsigned char b = s[0];
		int extra;
		unsigned char lo = 0x80, hi = 0xbf;   /* the range of the second byte */
		int32_t cp;
		if (b <= 0x7f) {
			extra = 0;
			cp = b;
		} else if (b >= 0xc2 && b <= 0xdf) {
			extra = 1;
			cp = b & 0x1f;
		} else if (b >= 0xe0 && b <= 0xef) {
			extra = 2;
			cp = b & 0x0f;
			if (b == 0xe0)
				lo = 0xa0;
			if (b == 0xed)
				hi = 0x9f;
		} else if (b >= 0xf0 && b <= 0xf4) {
			extra = 3;
			cp = b & 0x07;
			if (b == 0xf0)
				lo = 0x90;
			if (b == 0xf4)
				hi = 0x8f;
		} else {
			return false;
		}
		for (int i = 1; i <= extra; i++) {
			unsigned char c = s[i];
			if (i == 1 ? (c < lo || c > hi) : (c < 0x80 || c > 0xbf))
				return false;
			cp = cp << 6 | (c & 0x3f);
		}
		cps[(*n)++] = cp;
		s += extra + 1;
	}
	return true;
}

static bool is_control(int32_t cp)
{
	return cp <= 0x1f || (cp >= 0x7f && cp <= 0x9f);
}

static bool is_ideograph(int32_t cp)
{
	return (cp >= 0x3400 && cp <= 0x4dbf) || (cp >= 0x4e00 && cp <= 0x9fff) ||
	       (cp >= 0xf900 && cp <= 0xfaff) || (cp >= 0x20000 && cp <= 0x3134f);
}

static bool is_name_dot(int32_t cp)
{
	return cp == 0x00b7 || cp == 0x30fb;
}

static bool reference_real_name(bool well_formed, const int32_t *cps, size_t n)
{
	if (!well_formed || n < 2 || n > 20 || is_name_dot(cps[0]) || is_name_dot(cps[n - 1]))
		return false;
	for (size_t i = 0; i < n; i++) {
		if (!is_ideograph(cps[i]) && !is_name_dot(cps[i]))
			return false;
		if (i > 0 && is_name_dot(cps[i]) && is_name_dot(cps[i - 1]))
			return false;
	}
	return true;
}

static bool reference_mobile(const char *s)
{
	if (strlen(s) != 11 || s[0] != '1' || s[1] < '3' || s[1] > '9')
		return false;
	return strspn(s, "0123456789") == 11;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = fuzz_strndup(data, size);
	int32_t *cps = malloc((strlen(s) + 1) * sizeof *cps);
	if (!cps)
		abort();
	size_t n = 0;
	bool well_formed = reference_decode((const unsigned char *)s, cps, &n);
	bool text = well_formed;
	for (size_t i = 0; text && i < n; i++)
		text = !is_control(cps[i]);

	size_t chars = (size_t)-1;
	FUZZ_CHECK(valid_text(s, &chars) == text);
	FUZZ_CHECK(!text || chars == n);
	FUZZ_CHECK(valid_text(s, NULL) == text);
	FUZZ_CHECK(valid_real_name(s) == reference_real_name(well_formed, cps, n));
	FUZZ_CHECK(valid_mobile(s) == reference_mobile(s));

	static const size_t limits[][2] = { { 0, 40 }, { 1, 40 }, { 1, 200 }, { 2, 20 } };
	bool not_only_spaces = s[strspn(s, " ")] != '\0';
	for (size_t i = 0; i < sizeof limits / sizeof limits[0]; i++) {
		size_t min = limits[i][0], max = limits[i][1];
		bool expected = text && n >= min && n <= max && (min == 0 || not_only_spaces);
		FUZZ_CHECK(valid_free_text(s, min, max) == expected);
		/* A name is free text without the characters that draw nothing: the
		 * zero-width and bidirectional controls among them. */
		bool hidden = false;
		for (size_t k = 0; k < n; k++)
			hidden |= (cps[k] >= 0x200b && cps[k] <= 0x200f) || (cps[k] >= 0x202a && cps[k] <= 0x202e) ||
			          (cps[k] >= 0x2066 && cps[k] <= 0x2069) || cps[k] == 0xfeff;
		FUZZ_CHECK(!valid_name(s, min, max) || (expected && !hidden));
	}
	free(cps);
	free(s);
	return 0;
}
