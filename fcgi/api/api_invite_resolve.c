/*
 * GET /api/invites/{scene} (RULES §5, WECHAT.md §5a, API.md "Teams"): what a
 * scanned invite code joins: the team's name and size, whether it is full or
 * expired, and the invite token to join with (POST …/teams/join).  The scene
 * is as good as the invite.  No call to WeChat (the code itself is
 * api_invite_codes.c's).
 */
#include "team_view.h"

#include "calendar.h"
#include "store_invite_codes.h"
#include "wx_qrcode.h"

void api_invite_resolve(struct request *req, struct response *resp)
{
	struct worker *w = worker_of(req);
	const char *scene = req_param(req, resp, "scene");
	if (!scene)
		return;
	char token[CRYPTO_TOKEN_CHARS + 1];
	int64_t team_id = 0, expires_at = 0;
	int rc = wx_scene_valid(scene) ? store_invite_code_resolve(w->db, scene, token, &team_id, &expires_at)
	                               : DB_NOTFOUND;
	if (rc == DB_NOTFOUND) {
		resp_error(resp, 404, "not_found", "邀请不存在", NULL);
		return;
	}
	struct team team;
	if (rc == SQLITE_OK)
		rc = store_team_get(w->db, team_id, &team);
	if (rc != SQLITE_OK) {
		worker_db_error(req, resp, rc);
		return;
	}
	struct activity_ctx ctx;
	if (!worker_load_activity(req, resp, team.activity_id, &ctx))
		return;
	char expires[CAL_INSTANT_BUF];
	cal_format_instant(expires_at, expires, sizeof expires);
	cJSON *o = cJSON_CreateObject();
	cJSON_AddNumberToObject(o, "activity_id", (double)team.activity_id);
	cJSON *t = cJSON_AddObjectToObject(o, "team");
	cJSON_AddNumberToObject(t, "id", (double)team.id);
	cJSON_AddStringToObject(t, "name", team.name);
	cJSON_AddNumberToObject(t, "member_count", team.member_count);
	cJSON_AddNumberToObject(t, "size", ctx.rules->team_size);
	cJSON_AddBoolToObject(o, "full", !rules_team_has_room(ctx.rules, team.member_count));
	cJSON_AddBoolToObject(o, "expired", expires_at <= ctx.now);
	cJSON_AddStringToObject(o, "expires_at", expires);
	cJSON_AddStringToObject(o, "invite", token);
	resp_json(resp, 200, o);
}
