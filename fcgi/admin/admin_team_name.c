/*
 * A team's new name, for names WeChat's text check held for review (RULES
 * §5, §12; schema 005 name_flagged):
 *   PUT /admin/api/teams/{tid}/name?aid=   {"name":"…","reason":"…"}
 * The new name obeys the participant's rule and goes through the same text
 * check, as the leader's text (the team's name is theirs to the members; the
 * check needs the openid of someone who uses the mini-program), outside any
 * transaction; the write re-reads the team inside its own and is audited
 * there.  A "review" answer keeps the team on the flagged list.
 */
#include "admin_corrections.h"

#include "content_check.h"
#include "store_user.h"
#include "team_view.h"

#include <string.h>

/* The team of {tid} in scope, read again inside the write. */
static bool team_of_path(struct request *req, struct response *resp, const struct activity_ctx *ctx,
                         struct team_admin_row *row)
{
	int64_t tid;
	return req_param_id(req, resp, "tid", &tid) && admin_team_in_scope(req, resp, ctx, tid, NULL, row);
}

/* Writes the name checked by WeChat (flagged: "review") and its audit row, in
 * a write of its own, then answers the team. */
static void write_name(struct request *req, struct response *resp, const struct activity_ctx *ctx,
                       const char *name, const char *reason, bool flagged)
{
	struct worker *w = worker_of(req);
	struct team_admin_row row;
	int rc = worker_begin_write(w);
	if (rc == SQLITE_OK && !team_of_path(req, resp, ctx, &row)) {
		db_rollback(w->db);
		return;
	}
	cJSON *before = rc == SQLITE_OK ? admin_team_json(ctx, &row) : NULL;
	if (rc == SQLITE_OK)
		rc = store_team_rename(w->db, row.team.id, name, flagged);
	if (rc == SQLITE_CONSTRAINT) {
		cJSON_Delete(before);
		db_rollback(w->db);
		resp_error(resp, 409, "name_taken", "这个团队名称已被使用", "name");
		return;
	}
	cJSON *after = NULL;
	if (rc == SQLITE_OK)
		rc = store_team_admin_get(w->db, ctx->activity->id, row.team.id, &row);
	if (rc == SQLITE_OK) {
		after = admin_team_json(ctx, &row);
		cJSON_AddStringToObject(after, "reason", reason);
		rc = admin_audit(req, "team.rename", arena_printf(req->arena, "team:%lld", (long long)row.team.id),
		                 before, cJSON_Duplicate(after, true));
	} else {
		cJSON_Delete(before);
	}
	if (!worker_finish_write(req, resp, rc)) {
		cJSON_Delete(after);
		return;
	}
	resp_json(resp, 200, after);
}

void admin_team_rename(struct request *req, struct response *resp)
{
	struct worker *w = worker_of(req);
	struct activity_ctx ctx;
	struct team_admin_row row;
	const char *reason, *name = json_str(req, "name");
	if (!team_name_valid(name)) {
		worker_invalid(resp, "name", TEAM_NAME_RULE);
		return;
	}
	if (!admin_reason(req, resp, &reason) || !admin_activity(req, resp, &ctx) ||
	    !team_of_path(req, resp, &ctx, &row))
		return;
	if (strcmp(row.team.name, name) == 0) {
		worker_invalid(resp, "name", "新名称与原名称相同");
		return;
	}
	bool taken = false;
	int rc = store_team_name_taken(w->db, ctx.activity->id, name, &taken);
	if (rc == SQLITE_OK && taken) {
		resp_error(resp, 409, "name_taken", "这个团队名称已被使用", "name");
		return;
	}
	char openid[160];
	if (rc == SQLITE_OK)
		rc = store_user_openid(w->db, row.team.leader_id, openid, sizeof openid);
	if (rc != SQLITE_OK) {
		worker_db_error(req, resp, rc);   /* DB_NOTFOUND: a team's leader is a user */
		return;
	}
	db_rollback(w->db);   /* the request's read transaction: WeChat is asked outside any */
	bool flagged = false;
	if (!content_text_verdict(req, resp, openid, WX_SCENE_PROFILE, name, &flagged))
		return;
	write_name(req, resp, &ctx, name, reason, flagged);
}
