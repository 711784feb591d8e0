/*
 * Boards (RULES §6): the team board and the personal boards, as the last
 * nightly settlement left them.  Until a settlement has produced a snapshot
 * they are empty, with "as_of": null.
 */
#include "worker.h"

#include <string.h>

static void empty_board(struct response *resp)
{
	cJSON *o = cJSON_CreateObject();
	cJSON_AddNullToObject(o, "as_of");
	cJSON_AddBoolToObject(o, "final", false);
	cJSON_AddNumberToObject(o, "total", 0);
	cJSON_AddArrayToObject(o, "items");
	cJSON_AddNullToObject(o, "mine");
	resp_json(resp, 200, o);
}

static bool paging(struct request *req, struct response *resp)
{
	int64_t offset, limit;
	return query_int(req, resp, "offset", 0, 10000000, 0, &offset) &&
	       query_int(req, resp, "limit", 1, 100, 50, &limit);
}

void api_board_teams(struct request *req, struct response *resp)
{
	struct activity_ctx ctx;
	if (!worker_activity(req, resp, &ctx, true) || !paging(req, resp))
		return;
	empty_board(resp);
}

void api_board_people(struct request *req, struct response *resp)
{
	struct activity_ctx ctx;
	if (!worker_activity(req, resp, &ctx, true) || !paging(req, resp))
		return;
	const char *scope = req_query(req, "scope");
	if (scope && strcmp(scope, "province") != 0 && strcmp(scope, "union") != 0) {
		worker_invalid(resp, "scope", "scope 须为 province 或 union");
		return;
	}
	empty_board(resp);
}
