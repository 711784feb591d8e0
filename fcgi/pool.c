#include "pool.h"

#include <string.h>

static bool is_admin_route(const struct route *r)
{
	return strncmp(r->pattern, "/admin/", strlen("/admin/")) == 0;
}

size_t pool_routes(const char *pool, const struct route *all, size_t n, struct route *out)
{
	bool admin = strcmp(pool, "admin") == 0;
	size_t kept = 0;
	for (size_t i = 0; i < n; i++)
		if (is_admin_route(&all[i]) == admin)
			out[kept++] = all[i];
	return kept;
}
