/* req_query() (http.h) on the input as a request's query string, against a
 * reading written out here: the first '&'-separated part that is the name
 * alone ("") or the name, '=' and a value, which is returned with '+' as a
 * space and each %XX (two hex digits) but %00 as its byte.  Asked for: the names the
 * handlers use and the input's own first name.  Property: the same answer as
 * that reading, all of it (the returned string's length is the value's). */
#include "fuzz.h"

#include "http.h"

#include <stdbool.h>

static int hex_digit(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Decodes n bytes of s into out (room for n); returns the decoded length. */
static size_t reference_decode(const char *s, size_t n, char *out)
{
	size_t len = 0;
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '+') {
			out[len++] = ' ';
		} else if (s[i] == '%' && i + 2 < n && hex_digit(s[i + 1]) >= 0 && hex_digit(s[i + 2]) >= 0 &&
		           hex_digit(s[i + 1]) + hex_digit(s[i + 2]) > 0) {
			out[len++] = (char)(hex_digit(s[i + 1]) * 16 + hex_digit(s[i + 2]));
			i += 2;
		} else {
			out[len++] = s[i];
		}
	}
	return len;
}

/* Whether name (not "") is in query; its decoded value into out (room for
 * strlen(query)) and *len. */
static bool reference_query(const char *query, const char *name, char *out, size_t *len)
{
	size_t name_len = strlen(name);
	for (const char *p = query;;) {
		const char *amp = strchr(p, '&');
		size_t part_len = amp ? (size_t)(amp - p) : strlen(p);
		if (part_len >= name_len && memcmp(p, name, name_len) == 0) {
			if (part_len == name_len) {
				*len = 0;
				return true;
			}
			if (p[name_len] == '=') {
				*len = reference_decode(p + name_len + 1, part_len - name_len - 1, out);
				return true;
			}
		}
		if (!amp)
			return false;
		p = amp + 1;
	}
}

static void check_name(struct request *req, const char *name, char *expected)
{
	size_t expected_len = 0;
	bool present = reference_query(req->query, name, expected, &expected_len);
	const char *got = req_query(req, name);
	FUZZ_CHECK((got != NULL) == present);
	if (got) {
		FUZZ_CHECK(strlen(got) == expected_len);
		FUZZ_CHECK(memcmp(got, expected, expected_len) == 0);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const names[] = { "aid", "union", "region", "team", "q", "before", "limit", "offset",
		                             "scope" };
	char *query = fuzz_strndup(data, size);
	char *expected = malloc(size + 1);
	if (!expected)
		abort();
	struct arena arena;
	arena_init(&arena, 4096);
	struct request req = { .arena = &arena, .query = query };

	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
		check_name(&req, names[i], expected);
	size_t first_len = strcspn(query, "=&");
	if (first_len > 0) {
		char *first = fuzz_strndup(data, first_len);
		check_name(&req, first, expected);
		free(first);
	}

	arena_free(&arena);
	free(expected);
	free(query);
	return 0;
}
