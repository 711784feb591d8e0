/*
 * Scope enforcement (RULES §12): which union's data a
 * request may read, the activity it reads about, and the audit row of every
 * admin write.
 */
#include "worker.h"

#include "clock.h"
#include "store_audit.h"
#include "store_enrollment.h"

#include <string.h>

bool admin_scope_union(struct request *req, struct response *resp, const char *requested, const char *field,
                       const char **out)
{
	const struct admin_session *who = admin_of(req);
	bool asked = requested && *requested;
	if (who->role == ADMIN_UNION) {
		if (asked && strcmp(requested, who->union_code) != 0) {
			resp_error(resp, 403, "forbidden", "无权查看其他工会的数据", NULL);
			return false;
		}
		*out = arena_strdup(req->arena, who->union_code);
		return true;
	}
	if (!asked) {
		*out = NULL;
		return true;
	}
	if (!worker_known_code(req, resp, requested, UNION_CODE_SIZE, store_union_selectable, field, "没有这个工会"))
		return false;
	*out = requested;
	return true;
}

bool admin_require_province(struct request *req, struct response *resp)
{
	if (admin_of(req)->role == ADMIN_PROVINCE)
		return true;
	resp_error(resp, 403, "forbidden", "仅省总工会管理员可以查看", NULL);
	return false;
}

bool admin_activity(struct request *req, struct response *resp, struct activity_ctx *ctx)
{
	struct worker *w = worker_of(req);
	int64_t aid;
	if (!query_int(req, resp, "aid", 1, INT64_MAX, 0, &aid))
		return false;
	int rc = aid == 0 ? store_activity_newest(w->db, &aid) : SQLITE_OK;
	if (rc != SQLITE_OK && rc != DB_NOTFOUND) {
		worker_db_error(req, resp, rc);
		return false;
	}
	return worker_load_activity(req, resp, aid, ctx);   /* none at all: aid 0, 404 */
}

int admin_audit(struct request *req, const char *action, const char *target, cJSON *before, cJSON *after)
{
	const struct admin_session *who = admin_of(req);
	struct audit_entry e = {
		.at = clock_now(),
		.admin_id = who->id,
		.actor = who->username,
		.remote_addr = req->remote_addr,
		.action = action,
		.target = target,
	};
	return store_audit_add_json(worker_of(req)->db, &e, before, after);
}
