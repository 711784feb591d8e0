/* GET /api/activities/{aid}/privacy: the privacy notice in force, which
 * enrolling accepts by its version (README "Personal information"). */
#include "worker.h"

#include "calendar.h"
#include "store_privacy.h"

void api_privacy(struct request *req, struct response *resp)
{
	struct activity_ctx ctx;
	if (!worker_activity(req, resp, &ctx, false))
		return;
	struct privacy_notice *notice = arena_alloc(req->arena, sizeof *notice);
	int rc = store_privacy_current(worker_of(req)->db, ctx.activity->id, notice);
	if (rc != SQLITE_OK) {
		worker_db_error(req, resp, rc);
		return;
	}
	char published[CAL_INSTANT_BUF];
	cal_format_instant(notice->published_at, published, sizeof published);
	cJSON *o = cJSON_CreateObject();
	cJSON_AddNumberToObject(o, "version", (double)notice->version);
	cJSON_AddStringToObject(o, "text", notice->text);
	cJSON_AddStringToObject(o, "published_at", published);
	resp_json(resp, 200, o);
}
