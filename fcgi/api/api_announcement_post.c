/* A team announcement (RULES §5): the leader posts it after WeChat's text
 * check, which makes it the outbound pool's route (R_CALLS_OUT); members read
 * them in api_announcements.c. */
#include "team_view.h"

#include "calendar.h"
#include "content_check.h"
#include "validate.h"

enum { ANNOUNCEMENT_MAX_CHARS = 500 };

void api_announcement_post(struct request *req, struct response *resp)
{
	struct worker *w = worker_of(req);
	struct activity_ctx ctx;
	struct team team;
	if (!worker_activity(req, resp, &ctx, true) || !team_of_leader(req, resp, &ctx, &team))
		return;
	const char *text = json_str(req, "text");
	if (!text || !valid_free_text(text, 1, ANNOUNCEMENT_MAX_CHARS)) {
		worker_invalid(resp, "text", "公告内容须为1到500个字");
		return;
	}
	bool flagged = false;
	if (!content_text_allowed(req, resp, RATE_ANNOUNCEMENT_POST, WX_SCENE_FORUM, text, &flagged))
		return;
	int64_t id = 0;
	int rc = worker_begin_write(w);
	if (rc == SQLITE_OK)
		rc = store_announcement_add(w->db, team.id, req->user_id, text, flagged, ctx.now, &id);
	if (!worker_finish_write(req, resp, rc))
		return;
	char at[CAL_INSTANT_BUF];
	cal_format_instant(ctx.now, at, sizeof at);
	cJSON *o = cJSON_CreateObject();
	cJSON_AddNumberToObject(o, "id", (double)id);
	cJSON_AddStringToObject(o, "text", text);
	cJSON_AddStringToObject(o, "created_at", at);
	resp_json(resp, 201, o);
}
