/* The shared parts of the admin's corrections (admin_corrections.h). */
#include "admin_corrections.h"

#include "calendar.h"
#include "validate.h"

#include <math.h>
#include <string.h>

/* Whether a union admin may look at a row of union_code. */
static bool in_scope(const struct request *req, const char *union_code)
{
	const struct admin_session *who = admin_of(req);
	return who->role == ADMIN_PROVINCE || strcmp(who->union_code, union_code) == 0;
}

bool admin_team_in_scope(struct request *req, struct response *resp, const struct activity_ctx *ctx, int64_t tid,
                         const char *field, struct team_admin_row *row)
{
	int rc = store_team_admin_get(worker_of(req)->db, ctx->activity->id, tid, row);
	if (rc == DB_NOTFOUND) {
		resp_error(resp, 404, "not_found", "团队不存在", field);
		return false;
	}
	if (rc != SQLITE_OK) {
		worker_db_error(req, resp, rc);
		return false;
	}
	if (!in_scope(req, row->union_code)) {
		resp_error(resp, 403, "forbidden", "无权管理其他工会的团队", field);
		return false;
	}
	return true;
}

bool admin_participant_in_scope(struct request *req, struct response *resp, const struct activity_ctx *ctx,
                                int64_t uid, const char *field, struct enrollment *e)
{
	int rc = store_enrollment_get(worker_of(req)->db, &worker_of(req)->sealer, ctx->activity->id, uid, e);
	if (rc == DB_NOTFOUND) {
		resp_error(resp, 404, "not_found", "参与者不存在", field);
		return false;
	}
	if (rc != SQLITE_OK) {
		worker_db_error(req, resp, rc);
		return false;
	}
	if (!in_scope(req, e->union_code)) {
		resp_error(resp, 403, "forbidden", "无权管理其他工会的参与者", field);
		return false;
	}
	return true;
}

bool admin_reason(struct request *req, struct response *resp, const char **reason)
{
	*reason = json_str(req, "reason");
	if (!*reason || !valid_free_text(*reason, 1, CORRECTION_REASON_MAX_CHARS)) {
		worker_invalid(resp, "reason", "请填写原因（1到200个字）");
		return false;
	}
	return true;
}

bool admin_json_int(struct request *req, struct response *resp, const char *name, int64_t min, int64_t max,
                    const char *message, int64_t *out)
{
	const cJSON *item = cJSON_GetObjectItemCaseSensitive(req->json, name);
	if (!cJSON_IsNumber(item) || !isfinite(item->valuedouble) || item->valuedouble != floor(item->valuedouble) ||
	    item->valuedouble < (double)min || item->valuedouble > (double)max) {
		worker_invalid(resp, name, message);
		return false;
	}
	*out = (int64_t)item->valuedouble;
	return true;
}

cJSON *admin_team_json(const struct activity_ctx *ctx, const struct team_admin_row *row)
{
	char at[CAL_INSTANT_BUF];
	cJSON *o = cJSON_CreateObject();
	cJSON_AddNumberToObject(o, "id", (double)row->team.id);
	cJSON_AddStringToObject(o, "name", row->team.name);
	cJSON_AddBoolToObject(o, "name_flagged", row->team.name_flagged);
	cJSON_AddNumberToObject(o, "leader_id", (double)row->team.leader_id);
	cJSON_AddStringToObject(o, "leader_name", row->leader_name);
	cJSON_AddStringToObject(o, "union", row->union_code);
	cJSON_AddNumberToObject(o, "member_count", row->team.member_count);
	cJSON_AddNumberToObject(o, "size", ctx->rules->team_size);
	cal_format_instant(row->team.created_at, at, sizeof at);
	cJSON_AddStringToObject(o, "created_at", at);
	if (row->dissolved_at) {
		cal_format_instant(row->dissolved_at, at, sizeof at);
		cJSON_AddStringToObject(o, "dissolved_at", at);
	} else {
		cJSON_AddNullToObject(o, "dissolved_at");
	}
	return o;
}
