/* PUT|GET /api/activities/{aid}/enrollment (RULES §11). */
#include "worker.h"

#include "calendar.h"
#include "store_enrollment.h"
#include "store_privacy.h"
#include "validate.h"

#include <stdio.h>
#include <string.h>

/* current: the notice's version now; the answer says whether the caller must
 * accept it before the next change (consent_needed). */
static cJSON *enrollment_json(const struct enrollment *e, int64_t current)
{
	char created[CAL_INSTANT_BUF], updated[CAL_INSTANT_BUF];
	cal_format_instant(e->created_at, created, sizeof created);
	cal_format_instant(e->updated_at, updated, sizeof updated);
	cJSON *o = cJSON_CreateObject();
	cJSON_AddNumberToObject(o, "activity_id", (double)e->activity_id);
	cJSON_AddStringToObject(o, "name", e->name);
	cJSON_AddStringToObject(o, "mobile", e->mobile);   /* the owner's own number, unmasked */
	cJSON_AddStringToObject(o, "region", e->region);
	cJSON_AddStringToObject(o, "union", e->union_code);
	cJSON_AddStringToObject(o, "unit", e->unit);
	cJSON_AddStringToObject(o, "department", e->department);
	cJSON_AddStringToObject(o, "created_at", created);
	cJSON_AddStringToObject(o, "updated_at", updated);
	cJSON_AddNumberToObject(o, "privacy_version", (double)e->privacy_version);
	if (e->privacy_accepted_at > 0) {
		char accepted[CAL_INSTANT_BUF];
		cal_format_instant(e->privacy_accepted_at, accepted, sizeof accepted);
		cJSON_AddStringToObject(o, "privacy_accepted_at", accepted);
	} else {
		cJSON_AddNullToObject(o, "privacy_accepted_at");
	}
	cJSON_AddNumberToObject(o, "privacy_current", (double)current);
	cJSON_AddBoolToObject(o, "consent_needed", e->privacy_version != current);
	return o;
}

void api_enrollment_get(struct request *req, struct response *resp)
{
	struct activity_ctx ctx;
	if (!worker_activity(req, resp, &ctx, false))
		return;
	struct enrollment e;
	struct privacy_notice *notice = arena_alloc(req->arena, sizeof *notice);
	struct worker *w = worker_of(req);
	int rc = store_enrollment_get(w->db, &w->sealer, ctx.activity->id, req->user_id, &e);
	if (!worker_found(req, resp, rc, 404, "not_found", "尚未报名"))
		return;
	rc = store_privacy_current(w->db, ctx.activity->id, notice);
	if (rc != SQLITE_OK) {
		worker_db_error(req, resp, rc);
		return;
	}
	resp_json(resp, 200, enrollment_json(&e, notice->version));
}

/* Copies a string field that passed its check into dst (sized to hold any
 * valid value: 50 characters of up to 4 bytes). */
static void copy_field(char *dst, size_t size, const char *src)
{
	snprintf(dst, size, "%s", src);
}

/* Checks every field in the order of the form; answers the first invalid one. */
static bool read_enrollment(struct request *req, struct response *resp, struct enrollment *e)
{
	const char *name = json_str(req, "name"), *mobile = json_str(req, "mobile");
	const char *region = json_str(req, "region"), *union_code = json_str(req, "union");
	const char *unit = json_str(req, "unit"), *department = json_str(req, "department");
	cJSON *dept_item = cJSON_GetObjectItemCaseSensitive(req->json, "department");
	if (!name || !valid_real_name(name)) {
		worker_invalid(resp, "name", "姓名须为2到20个汉字（少数民族姓名可含“·”）");
		return false;
	}
	if (!mobile || !valid_mobile(mobile)) {
		worker_invalid(resp, "mobile", "请填写11位中国大陆手机号码");
		return false;
	}
	if (!worker_known_code(req, resp, region, sizeof e->region, store_region_exists, "region", "请选择所在地区") ||
	    !worker_known_code(req, resp, union_code, sizeof e->union_code, store_union_selectable, "union",
	                       "请选择所在工会"))
		return false;
	if (!unit || !valid_name(unit, 1, 50)) {
		worker_invalid(resp, "unit", "请填写单位名称（不超过50个字）");
		return false;
	}
	if ((dept_item && !cJSON_IsNull(dept_item) && !department) ||
	    (department && !valid_name(department, 0, 50))) {
		worker_invalid(resp, "department", "部门名称不超过50个字");
		return false;
	}
	copy_field(e->name, sizeof e->name, name);
	copy_field(e->mobile, sizeof e->mobile, mobile);
	copy_field(e->region, sizeof e->region, region);
	copy_field(e->union_code, sizeof e->union_code, union_code);
	copy_field(e->unit, sizeof e->unit, unit);
	copy_field(e->department, sizeof e->department, department ? department : "");
	return true;
}

void api_enrollment_put(struct request *req, struct response *resp)
{
	struct worker *w = worker_of(req);
	struct db *db = w->db;
	struct activity_ctx ctx;
	if (!worker_activity(req, resp, &ctx, false))
		return;
	struct enrollment e = { .activity_id = ctx.activity->id, .user_id = req->user_id };
	if (!read_enrollment(req, resp, &e))
		return;
	/* The notice accepted must be the one in force: a client showing an
	 * older text has not asked for consent to what applies now. */
	struct privacy_notice *notice = arena_alloc(req->arena, sizeof *notice);
	int rc = store_privacy_current(db, ctx.activity->id, notice);
	if (rc != SQLITE_OK) {
		worker_db_error(req, resp, rc);
		return;
	}
	cJSON *pv = cJSON_GetObjectItemCaseSensitive(req->json, "privacy_version");
	if (!cJSON_IsNumber(pv) || pv->valuedouble != (double)notice->version) {
		resp_error(resp, 400, "validation_failed",
		           arena_printf(req->arena, "请阅读并同意最新的个人信息保护告知（第%lld版）",
		                        (long long)notice->version), "privacy_version");
		return;
	}
	e.privacy_version = notice->version;
	if (!rules_enrollment_open(ctx.rules, ctx.now)) {
		resp_error(resp, 409, "enrollment_closed", "当前不在报名时间内", NULL);
		return;
	}
	struct enrollment before;
	rc = store_enrollment_get(db, &w->sealer, e.activity_id, e.user_id, &before);
	if (rc != SQLITE_OK && rc != DB_NOTFOUND) {
		worker_db_error(req, resp, rc);
		return;
	}
	/* RULES §11: the union can be changed before the first activity day only. */
	if (rc == SQLITE_OK && strcmp(before.union_code, e.union_code) != 0 &&
	    rules_first_day_begun(ctx.rules, ctx.now)) {
		resp_error(resp, 409, "union_locked", "活动开始后不能更换所在工会", "union");
		return;
	}
	bool created = rc == DB_NOTFOUND;
	rc = store_enrollment_put(db, &w->sealer, &e, ctx.now);
	if (rc == SQLITE_OK)
		rc = store_enrollment_get(db, &w->sealer, e.activity_id, e.user_id, &e);
	if (rc != SQLITE_OK) {
		worker_db_error(req, resp, rc);
		return;
	}
	resp_json(resp, created ? 201 : 200, enrollment_json(&e, notice->version));
}
