/*
 * GET /admin/api/photos/review?aid=&union=&offset=&limit= : checkpoint photos
 * that WeChat's image check left for a person to review (WECHAT.md §4),
 * newest verdict first, scoped to the admin's union.  Their owners still see
 * them (API.md "Checkpoints").
 */
#include "worker.h"

#include "calendar.h"
#include "store_media.h"

#include <stdlib.h>

enum { REVIEW_PAGE_MAX = 200 };

void admin_photos_review(struct request *req, struct response *resp)
{
	struct activity_ctx ctx;
	const char *scope = NULL;
	int64_t offset, limit, total = 0;
	if (!admin_activity(req, resp, &ctx) ||
	    !admin_scope_union(req, resp, req_query(req, "union"), "union", &scope) ||
	    !query_int(req, resp, "offset", 0, 100000000, 0, &offset) ||
	    !query_int(req, resp, "limit", 1, REVIEW_PAGE_MAX, 50, &limit))
		return;
	struct store_review_photo *rows = calloc(REVIEW_PAGE_MAX, sizeof *rows);
	int n = 0;
	int rc = rows ? store_media_review(worker_of(req)->db, ctx.activity->id, scope, offset, (int)limit, rows, &n, &total)
	              : SQLITE_NOMEM;
	if (rc != SQLITE_OK) {
		free(rows);
		worker_db_error(req, resp, rc);
		return;
	}
	cJSON *items = cJSON_CreateArray();
	for (int i = 0; i < n; i++) {
		char uploaded[CAL_INSTANT_BUF], checked[CAL_INSTANT_BUF];
		cal_format_instant(rows[i].uploaded_at, uploaded, sizeof uploaded);
		cal_format_instant(rows[i].checked_at, checked, sizeof checked);
		cJSON *o = cJSON_CreateObject();
		cJSON_AddNumberToObject(o, "user_id", (double)rows[i].user_id);
		cJSON_AddStringToObject(o, "name", rows[i].name);
		cJSON_AddStringToObject(o, "union", rows[i].union_code);
		cJSON_AddNumberToObject(o, "no", rows[i].seq);
		cJSON_AddStringToObject(o, "uploaded_at", uploaded);
		cJSON_AddStringToObject(o, "checked_at", checked);
		cJSON_AddNumberToObject(o, "label", (double)rows[i].label);
		cJSON_AddItemToArray(items, o);
	}
	free(rows);
	cJSON *o = cJSON_CreateObject();
	cJSON_AddNumberToObject(o, "total", (double)total);
	cJSON_AddNumberToObject(o, "offset", (double)offset);
	cJSON_AddNumberToObject(o, "limit", (double)limit);
	cJSON_AddItemToObject(o, "items", items);
	resp_json(resp, 200, o);
}
