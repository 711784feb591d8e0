#include "pool.h"

#include <string.h>

static bool is_admin_route(const struct route *r)
{
	return strncmp(r->pattern, "/admin/", strlen("/admin/")) == 0;
}

static bool pool_serves(const char *pool, const struct route *r)
{
	if (strcmp(pool, "admin") == 0)
		return is_admin_route(r);
	bool outbound = (r->flags & POOL_OUTBOUND_FLAGS) != 0;
	if (strcmp(pool, "outbound") == 0)
		return !is_admin_route(r) && outbound;
	return !is_admin_route(r) && !outbound;   /* participants */
}

size_t pool_routes(const char *pool, const struct route *all, size_t n, struct route *out)
{
	size_t kept = 0;
	for (size_t i = 0; i < n; i++)
		if (all[i].handler && pool_serves(pool, &all[i]))
			out[kept++] = all[i];
	return kept;
}
