/*
 * Teams as admins correct them (RULES §5, §6, §12), scoped to the admin's
 * union (a team is its leader's union's):
 *   GET  /admin/api/teams?aid=&union=&q=&flagged=1&offset=&limit=
 *   GET  /admin/api/teams/{tid}?aid=                  with its members
 *   POST /admin/api/teams/{tid}/move?aid=     {"user_id","to_team","reason"}
 *   POST /admin/api/teams/{tid}/leader?aid=   {"user_id","reason"}
 *   POST /admin/api/teams/{tid}/dissolve?aid= {"reason"}
 * (the name: admin_team_name.c).  Each write is audited with the state
 * before and after, in the transaction that makes it.
 *
 * A move on day D counts from D+1 for both teams: the old team keeps the
 * member for D, the new one has them from D+1 (the spans end and begin at
 * D+1 00:00), so no day is counted twice or lost.  The room, the member
 * count and the participant's own team view change at once.  A leader moves
 * only once alone (hand the role over first).  A move that fills a team
 * gives its leader leader_full_team if they never had one; a hand-over
 * gives none by itself: the new leader gets it only if they never had it and
 * the team becomes full later.
 */
#include "admin_corrections.h"

#include "calendar.h"
#include "validate.h"

#include <string.h>

static bool read_filter(struct request *req, struct response *resp, const struct activity_ctx *ctx,
                        struct team_filter *f)
{
	memset(f, 0, sizeof *f);
	f->activity_id = ctx->activity->id;
	if (!admin_scope_union(req, resp, req_query(req, "union"), "union", &f->union_code))
		return false;
	f->q = req_query(req, "q");
	size_t chars;
	if (f->q && *f->q && (!valid_text(f->q, &chars) || chars > 16)) {
		worker_invalid(resp, "q", "请输入团队名称的一部分（不超过16个字）或团队编号");
		return false;
	}
	const char *flagged = req_query(req, "flagged");
	if (flagged && *flagged && strcmp(flagged, "0") != 0 && strcmp(flagged, "1") != 0) {
		worker_invalid(resp, "flagged", "flagged 须为 0 或 1");
		return false;
	}
	f->flagged_only = flagged && strcmp(flagged, "1") == 0;
	return true;
}

struct list {
	const struct activity_ctx *ctx;
	cJSON *items;
};

static void add_team(const struct team_admin_row *row, void *arg)
{
	struct list *l = arg;
	cJSON_AddItemToArray(l->items, admin_team_json(l->ctx, row));
}

void admin_teams(struct request *req, struct response *resp)
{
	struct activity_ctx ctx;
	struct team_filter f;
	int64_t offset, limit, total = 0;
	if (!admin_activity(req, resp, &ctx) || !read_filter(req, resp, &ctx, &f) ||
	    !query_int(req, resp, "offset", 0, 100000000, 0, &offset) ||
	    !query_int(req, resp, "limit", 1, 200, 50, &limit))
		return;
	struct db *db = worker_of(req)->db;
	struct list l = { &ctx, cJSON_CreateArray() };
	int rc = store_teams_admin_count(db, &f, &total);
	if (rc == SQLITE_OK)
		rc = store_teams_admin_each(db, &f, offset, limit, add_team, &l);
	if (rc != SQLITE_OK) {
		cJSON_Delete(l.items);
		worker_db_error(req, resp, rc);
		return;
	}
	cJSON *o = cJSON_CreateObject();
	cJSON_AddNumberToObject(o, "total", (double)total);
	cJSON_AddNumberToObject(o, "offset", (double)offset);
	cJSON_AddNumberToObject(o, "limit", (double)limit);
	cJSON_AddItemToObject(o, "items", l.items);
	resp_json(resp, 200, o);
}

struct members {
	int64_t leader_id;
	cJSON *list;
};

static void add_member(const struct team_member *m, void *arg)
{
	struct members *ms = arg;
	char at[CAL_INSTANT_BUF];
	cal_format_instant(m->joined_at, at, sizeof at);
	cJSON *o = cJSON_CreateObject();
	cJSON_AddNumberToObject(o, "user_id", (double)m->user_id);
	cJSON_AddStringToObject(o, "name", m->name);
	cJSON_AddBoolToObject(o, "is_leader", m->user_id == ms->leader_id);
	cJSON_AddStringToObject(o, "joined_at", at);
	cJSON_AddItemToArray(ms->list, o);
}

/* The team with its current members, or NULL after answering the error. */
static cJSON *team_with_members(struct request *req, struct response *resp, const struct activity_ctx *ctx,
                                const struct team_admin_row *row)
{
	struct members ms = { row->team.leader_id, cJSON_CreateArray() };
	int rc = store_team_members(worker_of(req)->db, row->team.id, add_member, &ms);
	if (rc != SQLITE_OK) {
		cJSON_Delete(ms.list);
		worker_db_error(req, resp, rc);
		return NULL;
	}
	cJSON *o = admin_team_json(ctx, row);
	cJSON_AddItemToObject(o, "members", ms.list);
	return o;
}

/* The activity and the team of {tid} in scope: false after answering. */
static bool path_team(struct request *req, struct response *resp, struct activity_ctx *ctx,
                      struct team_admin_row *row)
{
	int64_t tid;
	return req_param_id(req, resp, "tid", &tid) && admin_activity(req, resp, ctx) &&
	       admin_team_in_scope(req, resp, ctx, tid, NULL, row);
}

void admin_team(struct request *req, struct response *resp)
{
	struct activity_ctx ctx;
	struct team_admin_row row;
	if (!path_team(req, resp, &ctx, &row))
		return;
	cJSON *o = team_with_members(req, resp, &ctx, &row);
	if (o)
		resp_json(resp, 200, o);
}

/* The audit row of a correction of team tid (before: its state before,
 * members included; after: re-read now, with extra_after's members added),
 * then the answer: the team after.  Inside the route's write transaction;
 * before and extra_after are freed here. */
static void audit_and_answer(struct request *req, struct response *resp, const struct activity_ctx *ctx,
                             int64_t tid, const char *action, const char *target, cJSON *before,
                             cJSON *extra_after)
{
	struct team_admin_row now;
	int rc = store_team_admin_get(worker_of(req)->db, ctx->activity->id, tid, &now);
	cJSON *after = rc == SQLITE_OK ? team_with_members(req, resp, ctx, &now) : NULL;
	if (!after) {
		cJSON_Delete(before);
		cJSON_Delete(extra_after);
		if (rc != SQLITE_OK)
			worker_db_error(req, resp, rc);
		return;
	}
	cJSON *child;
	while (extra_after && (child = extra_after->child)) {
		cJSON_DetachItemViaPointer(extra_after, child);
		cJSON_AddItemToObject(after, child->string, child);
	}
	cJSON_Delete(extra_after);
	cJSON *reply = cJSON_Duplicate(after, true);
	rc = admin_audit(req, action, target, before, after);
	if (rc != SQLITE_OK) {
		cJSON_Delete(reply);
		worker_db_error(req, resp, rc);
		return;
	}
	resp_json(resp, 200, reply);
}

/* The member of the body's user_id in team row: false after answering 400
 * (no id) or 404 not_member naming user_id. */
static bool body_member(struct request *req, struct response *resp, const struct activity_ctx *ctx,
                        const struct team_admin_row *row, int64_t *uid)
{
	if (!admin_json_int(req, resp, "user_id", 1, INT64_MAX / 2, "请指定成员 user_id", uid))
		return false;
	struct team current;
	int rc = store_team_of_user(worker_of(req)->db, ctx->activity->id, *uid, &current);
	if (rc != SQLITE_OK && rc != DB_NOTFOUND) {
		worker_db_error(req, resp, rc);
		return false;
	}
	if (rc == DB_NOTFOUND || current.id != row->team.id) {
		resp_error(resp, 404, "not_member", "此人不是这个团队的成员", "user_id");
		return false;
	}
	return true;
}

void admin_team_move(struct request *req, struct response *resp)
{
	struct activity_ctx ctx;
	struct team_admin_row from, to;
	struct enrollment who;
	const char *reason;
	int64_t uid, to_id;
	if (!admin_reason(req, resp, &reason) ||
	    !admin_json_int(req, resp, "to_team", 1, INT64_MAX / 2, "请指定目标团队 to_team", &to_id) ||
	    !path_team(req, resp, &ctx, &from) || !body_member(req, resp, &ctx, &from, &uid) ||
	    !admin_participant_in_scope(req, resp, &ctx, uid, "user_id", &who) ||
	    !admin_team_in_scope(req, resp, &ctx, to_id, "to_team", &to))
		return;
	if (to_id == from.team.id) {
		worker_invalid(resp, "to_team", "目标团队与原团队相同");
		return;
	}
	if (to.dissolved_at) {
		resp_error(resp, 409, "team_dissolved", "目标团队已解散", "to_team");
		return;
	}
	if (uid == from.team.leader_id && from.team.member_count > 1) {
		resp_error(resp, 409, "leader_has_members", "团队中还有其他成员，请先移交团长", "user_id");
		return;
	}
	if (!rules_team_has_room(ctx.rules, to.team.member_count)) {
		resp_error(resp, 409, "team_full", "目标团队已满", "to_team");
		return;
	}
	cJSON *before = team_with_members(req, resp, &ctx, &from);
	if (!before)
		return;
	cJSON_AddItemToObject(before, "to_team", admin_team_json(&ctx, &to));
	struct db *db = worker_of(req)->db;
	int32_t counts_from = ctx.today + 1;
	bool bonus = false;
	int rc = store_team_move(db, ctx.activity->id, uid, to_id, cal_day_start(counts_from));
	if (rc == SQLITE_OK)
		rc = store_team_leader_bonus(db, ctx.rules, ctx.activity->id, to_id, to.team.leader_id,
		                             to.team.member_count + 1, ctx.now, &bonus);
	if (rc == SQLITE_OK)
		rc = store_team_admin_get(db, ctx.activity->id, to_id, &to);
	if (rc != SQLITE_OK) {
		cJSON_Delete(before);
		worker_db_error(req, resp, rc);
		return;
	}
	char day[CAL_DAY_BUF];
	cal_format_day(counts_from, day, sizeof day);
	cJSON *extra = cJSON_CreateObject();
	cJSON_AddNumberToObject(extra, "moved_user_id", (double)uid);
	cJSON_AddStringToObject(extra, "moved_name", who.name);
	cJSON_AddItemToObject(extra, "to_team", admin_team_json(&ctx, &to));
	cJSON_AddStringToObject(extra, "counts_from", day);
	cJSON_AddBoolToObject(extra, "leader_bonus", bonus);
	cJSON_AddStringToObject(extra, "reason", reason);
	audit_and_answer(req, resp, &ctx, from.team.id, "team.move", arena_printf(req->arena, "user:%lld", (long long)uid), before,
	                 extra);
}

void admin_team_leader(struct request *req, struct response *resp)
{
	struct activity_ctx ctx;
	struct team_admin_row row;
	const char *reason;
	int64_t uid;
	if (!admin_reason(req, resp, &reason) || !path_team(req, resp, &ctx, &row) ||
	    !body_member(req, resp, &ctx, &row, &uid))
		return;
	if (uid == row.team.leader_id) {
		resp_error(resp, 409, "already_leader", "此人已经是团长", "user_id");
		return;
	}
	cJSON *before = team_with_members(req, resp, &ctx, &row);
	if (!before)
		return;
	int rc = store_team_hand_over(worker_of(req)->db, row.team.id, uid);
	if (rc != SQLITE_OK) {
		cJSON_Delete(before);
		worker_db_error(req, resp, rc);
		return;
	}
	cJSON *extra = cJSON_CreateObject();
	cJSON_AddNumberToObject(extra, "previous_leader_id", (double)row.team.leader_id);
	cJSON_AddStringToObject(extra, "reason", reason);
	audit_and_answer(req, resp, &ctx, row.team.id, "team.leader",
	                 arena_printf(req->arena, "team:%lld", (long long)row.team.id), before, extra);
}

void admin_team_dissolve(struct request *req, struct response *resp)
{
	struct activity_ctx ctx;
	struct team_admin_row row;
	const char *reason;
	if (!admin_reason(req, resp, &reason) || !path_team(req, resp, &ctx, &row))
		return;
	if (row.dissolved_at) {
		resp_error(resp, 409, "team_dissolved", "团队已经解散", NULL);
		return;
	}
	if (row.team.member_count > 0) {
		resp_error(resp, 409, "team_not_empty", "团队中还有成员，请先把他们调到其他团队", NULL);
		return;
	}
	cJSON *before = team_with_members(req, resp, &ctx, &row);
	if (!before)
		return;
	int rc = store_team_mark_dissolved(worker_of(req)->db, row.team.id, ctx.now);
	if (rc != SQLITE_OK) {
		cJSON_Delete(before);
		worker_db_error(req, resp, rc);
		return;
	}
	cJSON *extra = cJSON_CreateObject();
	cJSON_AddStringToObject(extra, "reason", reason);
	audit_and_answer(req, resp, &ctx, row.team.id, "team.dissolve",
	                 arena_printf(req->arena, "team:%lld", (long long)row.team.id), before, extra);
}
