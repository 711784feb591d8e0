/* Team announcements (RULES §5): members read, newest first (the leader
 * posts through WeChat's text check: api_announcement_post.c). */
#include "team_view.h"

#include "calendar.h"

static void add_announcement(const struct announcement *a, void *arg)
{
	char at[CAL_INSTANT_BUF];
	cal_format_instant(a->created_at, at, sizeof at);
	cJSON *o = cJSON_CreateObject();
	cJSON_AddNumberToObject(o, "id", (double)a->id);
	cJSON_AddStringToObject(o, "author", a->author_name);
	cJSON_AddStringToObject(o, "text", a->body);
	cJSON_AddStringToObject(o, "created_at", at);
	cJSON_AddItemToArray((cJSON *)arg, o);
}

void api_announcements(struct request *req, struct response *resp)
{
	struct activity_ctx ctx;
	struct team team;
	if (!worker_activity(req, resp, &ctx, true) || !team_of_caller(req, resp, &ctx, &team))
		return;
	int64_t before, limit;
	if (!query_int(req, resp, "before", 1, INT64_MAX, 0, &before) ||
	    !query_int(req, resp, "limit", 1, 100, 20, &limit))
		return;
	cJSON *list = cJSON_CreateArray();
	int rc = store_announcements(worker_of(req)->db, team.id, before, (int)limit, add_announcement, list);
	if (rc != SQLITE_OK) {
		cJSON_Delete(list);
		worker_db_error(req, resp, rc);
		return;
	}
	resp_json(resp, 200, list);
}
