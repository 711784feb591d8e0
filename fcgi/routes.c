/*
 * The one route table of the worker.  The flags are enforced by the dispatcher
 * (dispatch.c) before a handler runs; handlers never check them again.
 */
#include "worker.h"

const struct route walk_routes[] = {
	{ "GET", "/api/hello",  R_BARE, api_hello },
	{ "GET", "/api/health", 0,      api_health },
	{ "POST", "/api/dev/echo", R_JSON_BODY, api_dev_echo },
};

const size_t walk_route_count = sizeof walk_routes / sizeof walk_routes[0];
