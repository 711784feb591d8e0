/* router_match() (http.h) over the worker's own route table (routes.c), on
 * the input as "METHOD /path" (without a space: a GET of the whole input).
 * Properties, against a matcher written out here segment by segment ('/'
 * separated; "{name}" takes any non-empty segment, anything else must be
 * equal): the same answer and the first matching route; on a match, the
 * captures are non-empty segments, one per "{name}", that put back into the
 * pattern give the path again; on a wrong method, Allow lists the methods of
 * exactly the routes whose pattern matches. */
#include "fuzz.h"

#include "worker.h"

#include <stdbool.h>

static bool reference_match(const char *pattern, const char *path)
{
	for (;;) {
		size_t pattern_seg = strcspn(pattern, "/"), path_seg = strcspn(path, "/");
		bool capture = pattern_seg >= 2 && pattern[0] == '{' && pattern[pattern_seg - 1] == '}';
		if (capture ? path_seg == 0
		            : pattern_seg != path_seg || memcmp(pattern, path, pattern_seg) != 0)
			return false;
		pattern += pattern_seg;
		path += path_seg;
		if (*pattern == '\0' || *path == '\0')
			return *pattern == *path;
		pattern++;   /* both at a '/' */
		path++;
	}
}

/* The pattern with each "{name}" replaced by the next capture, which must
 * carry that name. */
static void fill_pattern(const char *pattern, const struct request *req, struct buf *out)
{
	int i = 0;
	for (const char *p = pattern; *p;) {
		if (*p == '{') {
			FUZZ_CHECK(i < req->nparams);
			const char *close = strchr(p, '}');
			const struct route_param *param = &req->params[i++];
			FUZZ_CHECK(param->name_len == (size_t)(close - p - 1) && memcmp(param->name, p + 1, param->name_len) == 0);
			buf_puts(out, param->value);
			p = close + 1;
		} else {
			buf_append(out, p++, 1);
		}
	}
	FUZZ_CHECK(i == req->nparams);
}

static void check_route(const char *method, const char *path)
{
	struct arena arena;
	arena_init(&arena, 4096);
	struct request req = { .arena = &arena };
	const struct route *found = NULL;
	struct buf allow = { 0 }, expected_allow = { 0 };
	enum route_match m = router_match(walk_routes, walk_route_count, method, path, &req, &found, &allow);

	const struct route *expected = NULL;
	for (size_t i = 0; i < walk_route_count && !expected; i++) {
		if (!reference_match(walk_routes[i].pattern, path))
			continue;
		if (strcmp(walk_routes[i].method, method) == 0)
			expected = &walk_routes[i];
		else
			buf_printf(&expected_allow, "%s%s", expected_allow.len ? ", " : "", walk_routes[i].method);
	}
	if (expected) {
		FUZZ_CHECK(m == ROUTE_FOUND && found == expected);
		struct buf filled = { 0 };
		for (int i = 0; i < req.nparams; i++)
			FUZZ_CHECK(req.params[i].value[0] != '\0' && strchr(req.params[i].value, '/') == NULL);
		fill_pattern(found->pattern, &req, &filled);
		FUZZ_CHECK(strcmp(buf_str(&filled), path) == 0);
		buf_free(&filled);
	} else if (expected_allow.len) {
		FUZZ_CHECK(m == ROUTE_BAD_METHOD);
		FUZZ_CHECK(strcmp(buf_str(&allow), buf_str(&expected_allow)) == 0);
	} else {
		FUZZ_CHECK(m == ROUTE_NOT_FOUND);
	}
	buf_free(&expected_allow);
	buf_free(&allow);
	arena_free(&arena);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *input = fuzz_strndup(data, size);
	char *space = strchr(input, ' ');
	if (space) {
		*space = '\0';
		check_route(input, space + 1);
	} else {
		check_route("GET", input);
	}
	free(input);
	return 0;
}
