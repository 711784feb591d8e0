/*
 * Boards (RULES §6): the team board and the personal boards as the last
 * nightly settlement left them (the final board once it exists).  Before any
 * settlement they are empty, with "as_of": null.  People appear with a masked
 * name and their union; nothing else of theirs.
 */
#include "worker.h"
#include "name_mask.h"

#include "store_board.h"
#include "store_enrollment.h"
#include "store_team.h"
#include "validate.h"

#include <string.h>

struct page {
	int64_t offset, limit;
};

static bool paging(struct request *req, struct response *resp, struct page *p)
{
	return query_int(req, resp, "offset", 0, 10000000, 0, &p->offset) &&
	       query_int(req, resp, "limit", 1, 100, 50, &p->limit);
}

/* {"as_of","final","total","items":[],"mine":null}, the shape of every board. */
static cJSON *board_json(const struct board_info *b, int64_t total)
{
	cJSON *o = cJSON_CreateObject();
	if (b)
		cJSON_AddStringToObject(o, "as_of", b->as_of);
	else
		cJSON_AddNullToObject(o, "as_of");
	cJSON_AddBoolToObject(o, "final", b && b->final);
	cJSON_AddNumberToObject(o, "total", (double)total);
	cJSON_AddArrayToObject(o, "items");
	return o;
}

struct team_rows {
	const struct activity_rules *rules;
	cJSON *items;
};

static cJSON *team_row_json(const struct activity_rules *r, const struct team_board_row *row)
{
	cJSON *o = cJSON_CreateObject();
	cJSON_AddNumberToObject(o, "rank", (double)row->rank);
	cJSON_AddNumberToObject(o, "team_id", (double)row->team_id);
	cJSON_AddStringToObject(o, "name", row->name);
	cJSON_AddNumberToObject(o, "members", (double)row->members);
	cJSON_AddNumberToObject(o, "compliant_days", (double)row->compliant_days);
	cJSON_AddNumberToObject(o, "compliance_rate",
	                        (double)rules_compliance_basis_points(r, (int32_t)row->compliant_days) / 10000.0);
	cJSON_AddNumberToObject(o, "per_capita", (double)row->per_capita);
	cJSON_AddNumberToObject(o, "team_steps", (double)row->team_steps);
	enum rules_prize prize = rules_prize_of_rank(r, row->rank);
	if (prize != RULES_PRIZE_NONE)
		cJSON_AddStringToObject(o, "prize", rules_prize_name(prize));
	else
		cJSON_AddNullToObject(o, "prize");
	return o;
}

static void add_team_row(const struct team_board_row *row, void *arg)
{
	struct team_rows *t = arg;
	cJSON_AddItemToArray(t->items, team_row_json(t->rules, row));
}

void api_board_teams(struct request *req, struct response *resp)
{
	struct db *db = worker_of(req)->db;
	struct activity_ctx ctx;
	struct page page;
	if (!worker_activity(req, resp, &ctx, true) || !paging(req, resp, &page))
		return;
	struct board_info b;
	int rc = store_board_current(db, ctx.activity->id, &b);
	if (rc == DB_NOTFOUND) {   /* before the first settlement */
		cJSON *o = board_json(NULL, 0);
		cJSON_AddNullToObject(o, "mine");
		resp_json(resp, 200, o);
		return;
	}
	cJSON *o = rc == SQLITE_OK ? board_json(&b, b.teams) : NULL;
	struct team_rows rows = { ctx.rules, o ? cJSON_GetObjectItem(o, "items") : NULL };
	if (rc == SQLITE_OK)
		rc = store_board_teams(db, ctx.activity->id, b.as_of, page.offset, page.limit, add_team_row, &rows);
	struct team mine;
	struct team_board_row row;
	int mine_rc = rc == SQLITE_OK ? store_team_of_user(db, ctx.activity->id, req->user_id, &mine) : rc;
	if (mine_rc == SQLITE_OK)
		mine_rc = store_board_team(db, ctx.activity->id, b.as_of, mine.id, &row);
	if (rc == SQLITE_OK && mine_rc != SQLITE_OK && mine_rc != DB_NOTFOUND)   /* no team, or not on the board */
		rc = mine_rc;
	if (rc != SQLITE_OK) {
		cJSON_Delete(o);
		worker_db_error(req, resp, rc);
		return;
	}
	if (mine_rc == SQLITE_OK)
		cJSON_AddItemToObject(o, "mine", team_row_json(ctx.rules, &row));
	else
		cJSON_AddNullToObject(o, "mine");
	resp_json(resp, 200, o);
}

struct people_rows {
	struct request *req;
	cJSON *items;
};

static void add_person_row(const struct person_board_row *row, void *arg)
{
	struct people_rows *p = arg;
	cJSON *o = cJSON_CreateObject();
	cJSON_AddNumberToObject(o, "rank", (double)row->rank);
	cJSON_AddStringToObject(o, "name", masked_name(p->req->arena, row->name));
	cJSON_AddStringToObject(o, "union", row->union_code);
	cJSON_AddNumberToObject(o, "cumulative", (double)row->cumulative);
	cJSON_AddBoolToObject(o, "me", row->user_id == p->req->user_id);
	cJSON_AddItemToArray(p->items, o);
}

void api_board_people(struct request *req, struct response *resp)
{
	struct db *db = worker_of(req)->db;
	struct activity_ctx ctx;
	struct page page;
	if (!worker_activity(req, resp, &ctx, true) || !paging(req, resp, &page))
		return;
	const char *scope = req_query(req, "scope");
	if (!scope || !*scope)
		scope = "province";
	if (strcmp(scope, "province") != 0 && strcmp(scope, "union") != 0) {
		worker_invalid(resp, "scope", "scope 须为 province 或 union");
		return;
	}
	struct enrollment e;
	int rc = store_enrollment_get(db, &worker_of(req)->sealer, ctx.activity->id, req->user_id, &e);
	if (!worker_found(req, resp, rc, 403, "not_enrolled", "请先报名参加活动"))
		return;
	const char *list = strcmp(scope, "province") == 0 ? "province" : e.union_code;
	struct board_info b;
	rc = store_board_current(db, ctx.activity->id, &b);
	bool have = rc == SQLITE_OK;
	if (rc == DB_NOTFOUND)
		rc = SQLITE_OK;   /* before the first settlement: an empty board */
	int64_t total = 0;
	if (have)
		rc = store_board_people_count(db, ctx.activity->id, list, &total);
	cJSON *o = board_json(have ? &b : NULL, total);
	cJSON_AddStringToObject(o, "scope", scope);
	struct people_rows rows = { req, cJSON_GetObjectItem(o, "items") };
	if (have && rc == SQLITE_OK)
		rc = store_board_people(db, ctx.activity->id, list, page.offset, page.limit, add_person_row, &rows);
	struct user_standing me;
	int me_rc = have && rc == SQLITE_OK ? store_user_standing(db, ctx.activity->id, req->user_id, &me) : DB_NOTFOUND;
	if (me_rc != DB_NOTFOUND)   /* not on the boards yet: "mine" is null */
		rc = me_rc;
	if (rc != SQLITE_OK) {
		cJSON_Delete(o);
		worker_db_error(req, resp, rc);
		return;
	}
	if (me_rc == SQLITE_OK && me.rank_province > 0) {
		cJSON *m = cJSON_AddObjectToObject(o, "mine");
		cJSON_AddNumberToObject(m, "rank", (double)(strcmp(scope, "province") == 0 ? me.rank_province : me.rank_union));
		cJSON_AddNumberToObject(m, "cumulative", (double)me.cumulative);
	} else {
		cJSON_AddNullToObject(o, "mine");
	}
	resp_json(resp, 200, o);
}
