/* http_cookie_value() (http.h), the reading of the Cookie header behind the
 * admin session, on the input as the header's text.  Asked for: the session
 * cookie's name and the input's own first name.  Properties, against a
 * reading written out here (cookies separated by ';', each with its leading
 * spaces and ';'s skipped; the first "name=" wins): the same answer, and a
 * value that holds no ';' and is a piece of the header. */
#include "fuzz.h"

#include "admin.h"
#include "http.h"

#include <stdbool.h>

/* Where the value of the first cookie name starts, or NULL. */
static const char *reference_cookie(const char *header, const char *name, size_t *len)
{
	size_t name_len = strlen(name);
	const char *p = header;
	while (*p) {
		p += strspn(p, " ;");
		size_t cookie_len = strcspn(p, ";");
		if (cookie_len > name_len && memcmp(p, name, name_len) == 0 && p[name_len] == '=') {
			*len = cookie_len - name_len - 1;
			return p + name_len + 1;
		}
		p += cookie_len;
	}
	return NULL;
}

static void check_name(struct arena *arena, const char *header, const char *name)
{
	size_t expected_len = 0;
	const char *expected = reference_cookie(header, name, &expected_len);
	const char *got = http_cookie_value(arena, header, name);
	FUZZ_CHECK((got != NULL) == (expected != NULL));
	if (got) {
		FUZZ_CHECK(strlen(got) == expected_len && memcmp(got, expected, expected_len) == 0);
		FUZZ_CHECK(strchr(got, ';') == NULL);
		FUZZ_CHECK(strlen(got) < strlen(header));
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *header = fuzz_strndup(data, size);
	struct arena arena;
	arena_init(&arena, 4096);

	FUZZ_CHECK(http_cookie_value(&arena, NULL, ADMIN_COOKIE) == NULL);
	check_name(&arena, header, ADMIN_COOKIE);
	const char *start = header + strspn(header, " ;");
	size_t first_len = strcspn(start, "=;");
	if (first_len > 0) {
		char *first = fuzz_strndup((const uint8_t *)start, first_len);
		check_name(&arena, header, first);
		free(first);
	}

	arena_free(&arena);
	free(header);
	return 0;
}
