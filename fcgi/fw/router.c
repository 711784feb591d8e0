#include "http.h"

#include <string.h>

/* Matches one pattern against a path segment by segment; {name} takes one
 * non-empty segment.  Captures go to req->params. */
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
				req->params[nparams] = arena_strndup(req->arena, s, seg_len);
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
