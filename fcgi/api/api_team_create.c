/*
 * POST …/teams (RULES §5, API.md "Teams"): a team's creation, its name
 * checked by WeChat's text check first, which makes it the outbound pool's
 * route (R_CALLS_OUT); the other team routes are api_teams.c's.
 */
#include "team_view.h"

#include "content_check.h"

/* Whether no team of the activity has the name yet: false after answering
 * 409 name_taken, or the lookup's error.  Only a first answer: between it
 * and the write another participant may take the name, and then the
 * insert's UNIQUE constraint answers the same inside the write. */
static bool name_free(struct request *req, struct response *resp, const struct activity_ctx *ctx,
                      const char *name)
{
	bool taken = false;
	int rc = store_team_name_taken(worker_of(req)->db, ctx->activity->id, name, &taken);
	if (rc != SQLITE_OK)
		worker_db_error(req, resp, rc);
	else if (taken)
		resp_error(resp, 409, "name_taken", "这个团队名称已被使用", "name");
	return rc == SQLITE_OK && !taken;
}

void api_team_create(struct request *req, struct response *resp)
{
	struct worker *w = worker_of(req);
	struct activity_ctx ctx;
	if (!worker_activity(req, resp, &ctx, true))
		return;
	const char *name = json_str(req, "name");
	if (!team_name_valid(name)) {
		worker_invalid(resp, "name", TEAM_NAME_RULE);
		return;
	}
	/* Everything that costs nothing is answered before WeChat is asked: a
	 * text check holds this worker until WeChat answers, and is counted. */
	bool flagged = false;
	if (!team_none_of_caller(req, resp, &ctx) || !name_free(req, resp, &ctx, name) ||
	    !content_text_allowed(req, resp, RATE_TEAM_CREATE, WX_SCENE_PROFILE, name, &flagged))
		return;
	/* WeChat answered: now the write, with the checks that guard it inside. */
	int64_t team_id = 0;
	int rc = worker_begin_write(w);
	if (rc == SQLITE_OK && !team_none_of_caller(req, resp, &ctx)) {
		db_rollback(w->db);
		return;
	}
	if (rc == SQLITE_OK)
		rc = store_team_create(w->db, ctx.activity->id, req->user_id, name, flagged, ctx.now, &team_id);
	if (rc == SQLITE_CONSTRAINT) {
		db_rollback(w->db);
		resp_error(resp, 409, "name_taken", "这个团队名称已被使用", "name");
		return;
	}
	if (!worker_finish_write(req, resp, rc))
		return;
	team_answer(req, resp, &ctx, team_id, 201);
}
