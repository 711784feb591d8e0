/* The JSON of a team as its members see it (…/teams/mine and the answers of
 * create and join): never a mobile number, never another team's data. */
#include "team_view.h"

#include "calendar.h"
#include "store_board.h"
#include "store_steps.h"
#include "validate.h"

#include <string.h>

struct members_acc {
	struct request *req;
	const struct activity_ctx *ctx;
	const struct team *team;
	cJSON *list;
	int rc;
};

static void add_member(const struct team_member *m, void *arg)
{
	struct members_acc *acc = arg;
	struct day_steps d = { .raw_steps = 0 };
	int rc = store_steps_day(worker_of(acc->req)->db, acc->ctx->activity->id, m->user_id, acc->ctx->today, &d);
	if (rc != SQLITE_OK && rc != DB_NOTFOUND)   /* no sync today: 0 steps, not settled */
		acc->rc = rc;
	cJSON *o = cJSON_CreateObject();
	cJSON_AddNumberToObject(o, "user_id", (double)m->user_id);
	cJSON_AddStringToObject(o, "name", m->name);
	cJSON_AddBoolToObject(o, "is_leader", m->user_id == acc->team->leader_id);
	cJSON_AddNumberToObject(o, "steps", (double)rules_displayed_steps(acc->ctx->rules, d.raw_steps));
	cJSON_AddBoolToObject(o, "settled", rc == SQLITE_OK && d.settled);
	cJSON_AddItemToArray(acc->list, o);
}

static cJSON *targets_json(struct rules_targets t)
{
	cJSON *o = cJSON_CreateObject();
	cJSON_AddNumberToObject(o, "member_target", (double)t.member_target);
	cJSON_AddNumberToObject(o, "team_target", (double)t.team_target);
	return o;
}

int team_targets_json(struct request *req, const struct activity_ctx *ctx, int64_t team_id, cJSON *into)
{
	struct rules_target_setting *settings = arena_alloc(req->arena, sizeof *settings * TEAM_TARGETS_MAX);
	int n = 0;
	int rc = store_team_targets(worker_of(req)->db, team_id, settings, TEAM_TARGETS_MAX, &n);
	if (rc != SQLITE_OK)
		return rc;
	cJSON *t = cJSON_AddObjectToObject(into, "targets");
	cJSON_AddItemToObject(t, "today", targets_json(rules_targets_in_force(ctx->rules, settings, (size_t)n, ctx->today)));
	cJSON_AddItemToObject(t, "tomorrow",
	                      targets_json(rules_targets_in_force(ctx->rules, settings, (size_t)n, ctx->today + 1)));
	return SQLITE_OK;
}

/* The team's rank on the board shown now into *rank: 0 before the first
 * settlement or when the team is not on it.  SQLITE_OK or the error. */
static int board_rank(struct request *req, const struct activity_ctx *ctx, int64_t team_id, int64_t *rank)
{
	struct db *db = worker_of(req)->db;
	struct board_info board;
	struct team_board_row row;
	int rc = store_board_current(db, ctx->activity->id, &board);
	if (rc == SQLITE_OK)
		rc = store_board_team(db, ctx->activity->id, board.as_of, team_id, &row);
	*rank = rc == SQLITE_OK ? row.rank : 0;
	return rc == DB_NOTFOUND ? SQLITE_OK : rc;
}

int team_view_json(struct request *req, const struct activity_ctx *ctx, const struct team *team, cJSON **out)
{
	char created[CAL_INSTANT_BUF];
	cal_format_instant(team->created_at, created, sizeof created);
	cJSON *o = cJSON_CreateObject();
	cJSON_AddNumberToObject(o, "id", (double)team->id);
	cJSON_AddStringToObject(o, "name", team->name);
	cJSON_AddNumberToObject(o, "leader_id", (double)team->leader_id);
	cJSON_AddBoolToObject(o, "is_leader", team->leader_id == req->user_id);
	cJSON_AddStringToObject(o, "created_at", created);
	cJSON_AddNumberToObject(o, "size", ctx->rules->team_size);
	cJSON_AddNumberToObject(o, "member_count", team->member_count);
	struct members_acc acc = { req, ctx, team, cJSON_AddArrayToObject(o, "members"), SQLITE_OK };
	int rc = store_team_members(worker_of(req)->db, team->id, add_member, &acc);
	if (rc == SQLITE_OK)
		rc = acc.rc;
	if (rc == SQLITE_OK)
		rc = team_targets_json(req, ctx, team->id, o);
	/* Figures of the nightly settlement (0 and null before the first). */
	int64_t compliant = 0, rank = 0;
	if (rc == SQLITE_OK)
		rc = store_team_compliant_days(worker_of(req)->db, ctx->activity->id, team->id, &compliant);
	if (rc == SQLITE_OK)
		rc = board_rank(req, ctx, team->id, &rank);
	cJSON_AddNumberToObject(o, "compliant_days", (double)compliant);
	if (rank > 0)
		cJSON_AddNumberToObject(o, "board_rank", (double)rank);
	else
		cJSON_AddNullToObject(o, "board_rank");
	if (rc != SQLITE_OK) {
		cJSON_Delete(o);
		return rc;
	}
	*out = o;
	return SQLITE_OK;
}

/* The caller's team: false after answering 404 (none) or an error. */
bool team_of_caller(struct request *req, struct response *resp, const struct activity_ctx *ctx, struct team *team)
{
	int rc = store_team_of_user(worker_of(req)->db, ctx->activity->id, req->user_id, team);
	return worker_found(req, resp, rc, 404, "not_found", "尚未加入团队");
}

bool team_of_leader(struct request *req, struct response *resp, const struct activity_ctx *ctx,
                    struct team *team)
{
	if (!team_of_caller(req, resp, ctx, team))
		return false;
	if (team->leader_id != req->user_id) {
		resp_error(resp, 403, "not_leader", "只有团长可以这样做", NULL);
		return false;
	}
	return true;
}

bool team_name_valid(const char *name)
{
	size_t n = name ? strlen(name) : 0;
	return n > 0 && name[0] != ' ' && name[n - 1] != ' ' && valid_name(name, 2, 16);
}

void team_answer(struct request *req, struct response *resp, const struct activity_ctx *ctx,
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

bool team_none_of_caller(struct request *req, struct response *resp, const struct activity_ctx *ctx)
{
	struct team team;
	int rc = store_team_of_user(worker_of(req)->db, ctx->activity->id, req->user_id, &team);
	if (rc == SQLITE_OK)
		resp_error(resp, 409, "already_in_team", "你已经在一个团队中了", NULL);
	else if (rc != DB_NOTFOUND)
		worker_db_error(req, resp, rc);
	return rc == DB_NOTFOUND;
}
