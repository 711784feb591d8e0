/*
 * Teams (RULES §5, API.md "Teams"): invite, join, leave, targets and the team
 * as its members see it (a team's creation, which asks WeChat's text check,
 * is api_team_create.c's).
 */
#include "team_view.h"

#include "calendar.h"
#include "store_team_admin.h"
#include "validate.h"

#include <math.h>

enum { INVITE_LIFETIME_S = 7 * 86400 };

void api_team_mine(struct request *req, struct response *resp)
{
	struct activity_ctx ctx;
	struct team team;
	if (!worker_activity(req, resp, &ctx, true) || !team_of_caller(req, resp, &ctx, &team))
		return;
	team_answer(req, resp, &ctx, team.id, 200);
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
	if (!team_none_of_caller(req, resp, &ctx))
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
	team_answer(req, resp, &ctx, team.id, 200);
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
