/*
 * Admin views of personal data whole (README "Personal information"): each
 * is recorded before it is answered, and exports are named after the admin.
 *   GET /admin/api/participants/{uid}/mobile?aid=   the whole mobile number
 */
#include "worker.h"

#include "calendar.h"
#include "store_enrollment.h"

#include <stdio.h>
#include <string.h>

bool admin_audit_view(struct request *req, struct response *resp, const char *action, const char *target,
                      cJSON *what)
{
	int rc = worker_begin_write(worker_of(req));
	if (rc == SQLITE_OK)
		rc = admin_audit(req, action, target, NULL, what);
	else
		cJSON_Delete(what);
	return worker_finish_write(req, resp, rc);
}

const char *admin_export_disposition(struct request *req, const char *kind, const char *scope, int32_t today)
{
	char day[CAL_DAY_BUF], user[ADMIN_USERNAME_MAX + 1];
	const char *name = admin_of(req)->username;
	static const char safe[] = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-";
	size_t n = 0;
	/* Only what a file name may safely hold (usernames are plain already). */
	for (; name[n] && n < ADMIN_USERNAME_MAX; n++)
		user[n] = strchr(safe, name[n]) ? name[n] : '_';
	user[n] = '\0';
	cal_format_day(today, day, sizeof day);
	return arena_printf(req->arena, "attachment; filename=\"%s-%s-%s-%s.csv\"", kind, scope, day, user);
}

void admin_participant_mobile(struct request *req, struct response *resp)
{
	struct activity_ctx ctx;
	int64_t uid;
	if (!req_param_id(req, resp, "uid", &uid) || !admin_activity(req, resp, &ctx))
		return;
	struct worker *w = worker_of(req);
	struct enrollment e;
	int rc = store_enrollment_get(w->db, &w->sealer, ctx.activity->id, uid, &e);
	if (rc != SQLITE_OK && rc != DB_NOTFOUND) {
		worker_db_error(req, resp, rc);
		return;
	}
	/* Another union's participant is answered as an unknown id (RULES §12). */
	const struct admin_session *me = admin_of(req);
	if (rc == DB_NOTFOUND || (me->role != ADMIN_PROVINCE && strcmp(e.union_code, me->union_code) != 0)) {
		resp_error(resp, 404, "not_found", "参与者不存在", NULL);
		return;
	}
	cJSON *what = cJSON_CreateObject();
	cJSON_AddNumberToObject(what, "activity_id", (double)ctx.activity->id);
	cJSON_AddNumberToObject(what, "user_id", (double)uid);
	if (!admin_audit_view(req, resp, "participant.mobile_view",
	                      arena_printf(req->arena, "user:%lld", (long long)uid), what))
		return;
	cJSON *o = cJSON_CreateObject();
	cJSON_AddNumberToObject(o, "user_id", (double)uid);
	cJSON_AddStringToObject(o, "mobile", e.mobile);
	resp_json(resp, 200, o);
}
