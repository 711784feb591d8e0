/*
 * Personal-information settings of an activity, for province admins only
 * (README "Personal information"):
 *   PUT /admin/api/privacy?aid=    {"text":"…"}   publishes the next version of
 *        the privacy notice: every participant is asked again before their
 *        next enrollment change
 *   PUT /admin/api/retention?aid=  {"address_keep_days":N,"person_keep_days":N}
 *        the periods `walkctl purge` enforces
 * Both audited with before and after.
 */
#include "worker.h"

#include "store_privacy.h"
#include "validate.h"

#include <string.h>

enum { KEEP_DAYS_MAX = 3650 };

void admin_privacy_put(struct request *req, struct response *resp)
{
	struct activity_ctx ctx;
	if (!admin_require_province(req, resp) || !admin_activity(req, resp, &ctx))
		return;
	const char *text = json_str(req, "text");
	size_t chars;
	if (!text || !valid_text(text, &chars) || chars < 20 || strlen(text) > PRIVACY_TEXT_MAX) {
		worker_invalid(resp, "text", "告知文本须为20字以上、不超过8000字节的文字");
		return;
	}
	struct db *db = worker_of(req)->db;
	struct privacy_notice *before = arena_alloc(req->arena, sizeof *before);
	int64_t version = 0;
	int rc = store_privacy_current(db, ctx.activity->id, before);
	if (rc == SQLITE_OK)
		rc = store_privacy_publish(db, ctx.activity->id, text, admin_of(req)->username, ctx.now, &version);
	if (rc == SQLITE_OK) {
		cJSON *b = cJSON_CreateObject(), *a = cJSON_CreateObject();
		cJSON_AddNumberToObject(b, "version", (double)before->version);
		cJSON_AddStringToObject(b, "text", before->text);
		cJSON_AddNumberToObject(a, "version", (double)version);
		cJSON_AddStringToObject(a, "text", text);
		rc = admin_audit(req, "privacy.publish", arena_printf(req->arena, "activity:%lld",
		                 (long long)ctx.activity->id), b, a);
	}
	if (rc != SQLITE_OK) {
		worker_db_error(req, resp, rc);
		return;
	}
	cJSON *o = cJSON_CreateObject();
	cJSON_AddNumberToObject(o, "version", (double)version);
	resp_json(resp, 200, o);
}

static cJSON *retention_json(int64_t address_days, int64_t person_days)
{
	cJSON *o = cJSON_CreateObject();
	cJSON_AddNumberToObject(o, "address_keep_days", (double)address_days);
	cJSON_AddNumberToObject(o, "person_keep_days", (double)person_days);
	return o;
}

/* A whole number of days in [0, KEEP_DAYS_MAX] in member name: false after
 * answering. */
static bool read_days(struct request *req, struct response *resp, const char *name, int64_t *out)
{
	cJSON *v = cJSON_GetObjectItemCaseSensitive(req->json, name);
	if (!cJSON_IsNumber(v) || v->valuedouble < 0 || v->valuedouble > KEEP_DAYS_MAX ||
	    v->valuedouble != (double)(int64_t)v->valuedouble) {
		worker_invalid(resp, name, "保存天数须为0到3650的整数");
		return false;
	}
	*out = (int64_t)v->valuedouble;
	return true;
}

void admin_retention_put(struct request *req, struct response *resp)
{
	struct activity_ctx ctx;
	int64_t address_days, person_days, old_address = 0, old_person = 0;
	if (!admin_require_province(req, resp) || !admin_activity(req, resp, &ctx) ||
	    !read_days(req, resp, "address_keep_days", &address_days) ||
	    !read_days(req, resp, "person_keep_days", &person_days))
		return;
	struct db *db = worker_of(req)->db;
	int64_t aid = ctx.activity->id;
	int rc = db_get_int(db, &old_address, "SELECT address_keep_days FROM activities WHERE id = ?1", "i", aid);
	if (rc == SQLITE_OK)
		rc = db_get_int(db, &old_person, "SELECT person_keep_days FROM activities WHERE id = ?1", "i", aid);
	if (rc == SQLITE_OK)
		rc = db_execf(db, "UPDATE activities SET address_keep_days = ?2, person_keep_days = ?3 WHERE id = ?1",
		              "iii", aid, address_days, person_days);
	if (rc == SQLITE_OK)
		rc = admin_audit(req, "retention.set", arena_printf(req->arena, "activity:%lld", (long long)aid),
		                 retention_json(old_address, old_person), retention_json(address_days, person_days));
	if (rc != SQLITE_OK) {
		worker_db_error(req, resp, rc);
		return;
	}
	resp_json(resp, 200, retention_json(address_days, person_days));
}
