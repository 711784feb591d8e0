/*
 * Teams (RULES §5, API.md "Teams"): create, invite, join, leave, targets and
 * the team as its members see it.
 */
#include "team_view.h"

#include "calendar.h"
#include "content_check.h"
#include "store_team_admin.h"
#include "validate.h"

#include <math.h>
#include <string.h>

enum { INVITE_LIFETIME_S = 7 * 86400 };

/* Answers with the team view (status 200 or 201). */
static void answer_team(struct request *req, struct response *resp, const struct activity_ctx *ctx,
                        int64_t team_id, int status)
{
	struct team team;
	cJSON *view = NULL;
	/* No team: gone since it was read, dissolved by its leader. */
	int rc = store_team_get(worker_of(req)->db, team_id, &team);
	if (!worker_found(req, resp, rc, 404, "not_found", "团队不存在"))
		return;
	rc = team_view_json(req, ctx, &team, &view);
	if (rc != SQLITE_OK) {
		worker_db_error(req, resp, rc);
		return;
	}
	resp_json(resp, status, view);
}

/* Whether the caller is in no team of the activity yet: false after answering
 * 409 already_in_team, or the lookup's error.  Inside the write transaction
 * when the answer decides a write. */
static bool in_no_team(struct request *req, struct response *resp, const struct activity_ctx *ctx)
{
	struct team team;
	int rc = store_team_of_user(worker_of(req)->db, ctx->activity->id, req->user_id, &team);
	if (rc == SQLITE_OK)
		resp_error(resp, 409, "already_in_team", "你已经在一个团队中了", NULL);
	else if (rc != DB_NOTFOUND)
		worker_db_error(req, resp, rc);
	return rc == DB_NOTFOUND;
}

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
	if (!in_no_team(req, resp, &ctx) || !name_free(req, resp, &ctx, name) ||
	    !content_text_allowed(req, resp, RATE_TEAM_CREATE, WX_SCENE_PROFILE, name, &flagged))
		return;
	/* WeChat answered: now the write, with the checks that guard it inside. */
	int64_t team_id = 0;
	int rc = worker_begin_write(w);
	if (rc == SQLITE_OK && !in_no_team(req, resp, &ctx)) {
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
	answer_team(req, resp, &ctx, team_id, 201);
}

void api_team_mine(struct request *req, struct response *resp)
{
	struct activity_ctx ctx;
	struct team team;
	if (!worker_activity(req, resp, &ctx, true) || !team_of_caller(req, resp, &ctx, &team))
		return;
	answer_team(req, resp, &ctx, team.id, 200);
}

void api_team_invite(struct request *req, struct response *resp)
{
	struct activity_ctx ctx;
	struct team team;
	if (!worker_activity(req, resp, &ctx, true) || !team_of_leader(req, resp, &ctx, &team))
		return;
	if (!rules_team_has_room(ctx.rules, team.member_count)) {
		resp_error(resp, 409, "team_full", "团队已满，无需再邀请", NULL);
		return;
	}
	char token[CRYPTO_TOKEN_CHARS + 1], expires[CAL_INSTANT_BUF];
	int64_t expires_at = ctx.now + INVITE_LIFETIME_S;
	int rc = store_invite_create(worker_of(req)->db, team.id, req->user_id, ctx.now, expires_at, token);
	if (rc != SQLITE_OK) {
		worker_db_error(req, resp, rc);
		return;
	}
	cal_format_instant(expires_at, expires, sizeof expires);
	cJSON *o = cJSON_CreateObject();
	cJSON_AddStringToObject(o, "invite", token);
	cJSON_AddStringToObject(o, "expires_at", expires);
	resp_json(resp, 201, o);
}

/* Runs inside the route's write transaction: the room check and the insert
 * are one step, so that a 7th joiner racing a 6th finds the team full. */
void api_team_join(struct request *req, struct response *resp)
{
	struct db *db = worker_of(req)->db;
	struct activity_ctx ctx;
	if (!worker_activity(req, resp, &ctx, true))
		return;
	const char *invite = json_str(req, "invite");
	if (!invite || !*invite) {
		worker_invalid(resp, "invite", "缺少邀请码 invite");
		return;
	}
	int64_t team_id = 0, expires_at = 0;
	struct team team;
	int rc = store_invite_find(db, invite, &team_id, &expires_at);
	if (rc == SQLITE_OK)
		rc = store_team_get(db, team_id, &team);
	if (rc == DB_NOTFOUND || (rc == SQLITE_OK && team.activity_id != ctx.activity->id)) {
		resp_error(resp, 404, "not_found", "邀请不存在", NULL);
		return;
	}
	if (rc != SQLITE_OK) {
		worker_db_error(req, resp, rc);
		return;
	}
	if (expires_at <= ctx.now) {
		resp_error(resp, 410, "invite_expired", "邀请已过期，请让团长重新邀请", NULL);
		return;
	}
	if (!in_no_team(req, resp, &ctx))
		return;
	if (!rules_team_has_room(ctx.rules, team.member_count)) {
		resp_error(resp, 409, "team_full", "团队已满", NULL);
		return;
	}
	rc = store_team_add_member(db, ctx.activity->id, team.id, req->user_id, ctx.now);
	/* RULES §4/§5: the leader's bonus when the team becomes full, once per leader. */
	if (rc == SQLITE_OK)
		rc = store_team_leader_bonus(db, ctx.rules, ctx.activity->id, team.id, team.leader_id,
		                             team.member_count + 1, ctx.now, NULL);
	if (rc != SQLITE_OK) {
		worker_db_error(req, resp, rc);
		return;
	}
	answer_team(req, resp, &ctx, team.id, 200);
}

void api_team_leave(struct request *req, struct response *resp)
{
	struct db *db = worker_of(req)->db;
	struct activity_ctx ctx;
	struct team team;
	if (!worker_activity(req, resp, &ctx, true) || !team_of_caller(req, resp, &ctx, &team))
		return;
	if (rules_first_day_begun(ctx.rules, ctx.now)) {
		resp_error(resp, 409, "membership_locked", "活动开始后不能退出团队", NULL);
		return;
	}
	bool leader = team.leader_id == req->user_id;
	if (leader && team.member_count > 1) {
		resp_error(resp, 409, "leader_has_members", "团队中还有其他成员，团长不能退出", NULL);
		return;
	}
	int rc = leader ? store_team_dissolve(db, team.id) : store_team_leave(db, ctx.activity->id, req->user_id, ctx.now);
	if (rc != SQLITE_OK) {
		worker_db_error(req, resp, rc);
		return;
	}
	cJSON *o = cJSON_CreateObject();
	cJSON_AddBoolToObject(o, "left", true);
	cJSON_AddBoolToObject(o, "dissolved", leader);
	resp_json(resp, 200, o);
}

/* An integral JSON number within [0, 10^12]; false otherwise. */
static bool json_whole(const cJSON *item, int64_t *out)
{
	if (!cJSON_IsNumber(item) || !isfinite(item->valuedouble) || item->valuedouble < 0 ||
	    item->valuedouble > 1e12 || item->valuedouble != floor(item->valuedouble))
		return false;
	*out = (int64_t)item->valuedouble;
	return true;
}

void api_team_targets(struct request *req, struct response *resp)
{
	struct activity_ctx ctx;
	struct team team;
	if (!worker_activity(req, resp, &ctx, true) || !team_of_leader(req, resp, &ctx, &team))
		return;
	struct rules_target_limits lim = rules_target_limits(ctx.rules);
	int64_t member = 0, total = 0;
	const char *member_msg = arena_printf(req->arena, "个人目标须为 %lld 到 %lld 步之间的整数",
	                                      (long long)lim.member_min, (long long)lim.member_max);
	const char *team_msg = arena_printf(req->arena, "团队目标须为 %lld 到 %lld 步之间的整数",
	                                    (long long)lim.team_min, (long long)lim.team_max);
	if (!json_whole(cJSON_GetObjectItemCaseSensitive(req->json, "member_target"), &member)) {
		worker_invalid(resp, "member_target", member_msg);
		return;
	}
	if (!json_whole(cJSON_GetObjectItemCaseSensitive(req->json, "team_target"), &total)) {
		worker_invalid(resp, "team_target", team_msg);
		return;
	}
	switch (rules_validate_targets(ctx.rules, member, total)) {
	case RULES_TARGETS_OK:
		break;
	case RULES_MEMBER_TARGET_TOO_LOW:
	case RULES_MEMBER_TARGET_TOO_HIGH:
		worker_invalid(resp, "member_target", member_msg);
		return;
	default:
		worker_invalid(resp, "team_target", team_msg);
		return;
	}
	int32_t from = rules_target_effective_from(ctx.now);
	int rc = store_team_set_targets(worker_of(req)->db, team.id, from, member, total, req->user_id, ctx.now);
	cJSON *o = cJSON_CreateObject();
	if (rc == SQLITE_OK)
		rc = team_targets_json(req, &ctx, team.id, o);
	if (rc != SQLITE_OK) {
		cJSON_Delete(o);
		worker_db_error(req, resp, rc);
		return;
	}
	char day[CAL_DAY_BUF];
	cal_format_day(from, day, sizeof day);
	cJSON_AddStringToObject(o, "effective_from", day);
	resp_json(resp, 200, o);
}
