#include "http.h"

#include "log.h"

#include <string.h>

/* Matches one pattern against a path segment by segment; {name} takes one
 * non-empty segment.  Captures, with their names, go to req->params. */
static bool pattern_match(const char *pattern, const char *path, struct request *req)
{
	const char *p = pattern, *s = path;
	int nparams = 0;
	while (*p && *s) {
		if (*p == '{') {
			const char *close = strchr(p, '}');
			const char *seg_end = strchr(s, '/');
			size_t seg_len = seg_end ? (size_t)(seg_end - s) : strlen(s);
			if (!close || seg_len == 0 || nparams >= ROUTE_MAX_PARAMS)
				return false;
			if (req)
				req->params[nparams] = (struct route_param){
					.name = p + 1,
					.name_len = (size_t)(close - p - 1),
					.value = arena_strndup(req->arena, s, seg_len),
				};
			nparams++;
			p = close + 1;
			s += seg_len;
			continue;
		}
		if (*p != *s)
			return false;
		p++;
		s++;
	}
	if (*p || *s)
		return false;
	if (req)
		req->nparams = nparams;
	return true;
}

enum route_match router_match(const struct route *routes, size_t n, const char *method,
                              const char *path, struct request *req, const struct route **found,
                              struct buf *allow)
{
	bool path_known = false;
	for (size_t i = 0; i < n; i++) {
		if (!pattern_match(routes[i].pattern, path, NULL))
			continue;
		if (strcmp(routes[i].method, method) == 0) {
			pattern_match(routes[i].pattern, path, req);
			*found = &routes[i];
			return ROUTE_FOUND;
		}
		if (allow)
			buf_printf(allow, "%s%s", path_known ? ", " : "", routes[i].method);
		path_known = true;
	}
	return path_known ? ROUTE_BAD_METHOD : ROUTE_NOT_FOUND;
}

/* The faults of one pattern, logged; true when there is none. */
static bool pattern_valid(const char *pattern)
{
	const char *names[ROUTE_MAX_PARAMS];
	size_t lens[ROUTE_MAX_PARAMS];
	int n = 0;
	for (const char *p = strchr(pattern, '{'); p; p = strchr(p, '{')) {
		const char *close = strchr(p, '}');
		size_t len = close ? (size_t)(close - p - 1) : 0;
		if (!close || len == 0 || memchr(p + 1, '/', len) || memchr(p + 1, '{', len)) {
			log_error("route %s: a {name} is not closed or has no name", pattern);
			return false;
		}
		if (n == ROUTE_MAX_PARAMS) {
			log_error("route %s: more than %d {names}", pattern, ROUTE_MAX_PARAMS);
			return false;
		}
		for (int i = 0; i < n; i++) {
			if (lens[i] == len && memcmp(names[i], p + 1, len) == 0) {
				log_error("route %s: {%.*s} is declared twice", pattern, (int)len, p + 1);
				return false;
			}
		}
		names[n] = p + 1;
		lens[n++] = len;
		p = close + 1;
	}
	return true;
}

bool router_check(const struct route *routes, size_t n)
{
	bool valid = true;
	for (size_t i = 0; i < n; i++)
		valid = pattern_valid(routes[i].pattern) && valid;
	return valid;
}
