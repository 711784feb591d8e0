/*
 * The participant's own view: GET …/me, …/me/days, …/me/ledger (API.md
 * "Steps and check-in").  Everything here is the caller's own data.
 */
#include "worker.h"

#include "calendar.h"
#include "store_badges.h"
#include "store_board.h"
#include "store_checkpoints.h"
#include "store_ledger.h"
#include "store_steps.h"
#include "store_team.h"

#include <string.h>

enum { MAX_DAYS_RANGE = 400 };

static cJSON *today_json(struct request *req, const struct activity_ctx *ctx, int *rc)
{
	struct db *db = worker_of(req)->db;
	struct day_steps d = { .day = ctx->today };
	*rc = store_steps_day(db, ctx->activity->id, req->user_id, ctx->today, &d);
	if (*rc == DB_NOTFOUND)
		*rc = SQLITE_OK;   /* no sync today yet: 0 steps */
	char day[CAL_DAY_BUF];
	cal_format_day(ctx->today, day, sizeof day);
	bool checked_in = false;
	if (*rc == SQLITE_OK)
		*rc = store_ledger_has(db, ctx->activity->id, req->user_id, RULES_LEDGER_CHECKIN, ctx->today, &checked_in);
	cJSON *o = cJSON_CreateObject();
	cJSON_AddStringToObject(o, "day", day);
	cJSON_AddNumberToObject(o, "steps", (double)rules_displayed_steps(ctx->rules, d.raw_steps));
	cJSON_AddBoolToObject(o, "provisional", rules_steps_provisional(ctx->rules, ctx->now));
	cJSON_AddBoolToObject(o, "settled", d.settled);
	cJSON_AddBoolToObject(o, "checked_in", checked_in);
	return o;
}

/* The badges as recorded (store_badges.h), with the progress towards both:
 * check-ins so far and checkpoints passed.  False after answering an error
 * (o freed). */
static bool add_badges(struct request *req, struct response *resp, const struct activity_ctx *ctx, cJSON *o,
                       int ncheckins)
{
	struct db *db = worker_of(req)->db;
	struct badge badges[BADGE_KIND_COUNT];
	int nbadges = 0, passed = 0;
	int rc = store_badges_of_user(db, ctx->activity->id, req->user_id, badges, &nbadges);
	if (rc == SQLITE_OK)
		rc = store_checkpoints_passed_count(db, ctx->activity->id, req->user_id, &passed);
	if (rc != SQLITE_OK) {
		cJSON_Delete(o);
		worker_db_error(req, resp, rc);
		return false;
	}
	cJSON *list = cJSON_AddArrayToObject(o, "badges");
	for (int i = 0; i < nbadges; i++) {
		char at[CAL_INSTANT_BUF];
		cal_format_instant(badges[i].earned_at, at, sizeof at);
		cJSON *b = cJSON_CreateObject();
		cJSON_AddStringToObject(b, "kind", badge_kind_name(badges[i].kind));
		cJSON_AddStringToObject(b, "earned_at", at);
		cJSON_AddItemToArray(list, b);
	}
	cJSON *progress = cJSON_AddObjectToObject(o, "progress");
	cJSON_AddNumberToObject(progress, "checkins", ncheckins);
	cJSON_AddNumberToObject(progress, "of", ctx->rules->total_days);
	cJSON_AddNumberToObject(progress, "passed", passed);
	cJSON_AddNumberToObject(progress, "of_checkpoints", ctx->rules->checkpoint_count);
	return true;
}

void api_me(struct request *req, struct response *resp)
{
	struct db *db = worker_of(req)->db;
	struct activity_ctx ctx;
	if (!worker_activity(req, resp, &ctx, true))
		return;
	int64_t aid = ctx.activity->id, cumulative = 0, balance = 0;
	int rc;
	cJSON *o = cJSON_CreateObject();
	cJSON_AddItemToObject(o, "today", today_json(req, &ctx, &rc));
	if (rc == SQLITE_OK)
		rc = store_steps_cumulative(db, ctx.rules, aid, req->user_id, &cumulative);
	if (rc == SQLITE_OK)
		rc = store_ledger_balance(db, aid, req->user_id, &balance);
	int32_t *checkins = arena_alloc(req->arena, sizeof(int32_t) * RULES_MAX_TOTAL_DAYS);
	int ncheckins = 0;
	if (rc == SQLITE_OK)
		rc = store_ledger_days_of_kind(db, aid, req->user_id, RULES_LEDGER_CHECKIN, checkins,
		                               RULES_MAX_TOTAL_DAYS, &ncheckins);
	struct team team;
	int team_rc = rc == SQLITE_OK ? store_team_of_user(db, aid, req->user_id, &team) : rc;
	if (team_rc != DB_NOTFOUND)   /* in no team: "team" is null */
		rc = team_rc;
	/* Ranks are those of the last nightly settlement; null before the first. */
	struct user_standing standing = { .rank_province = 0 };
	struct board_info board;
	int rank_rc = rc == SQLITE_OK ? store_user_standing(db, aid, req->user_id, &standing) : rc;
	if (rank_rc == SQLITE_OK && standing.rank_province > 0)
		rank_rc = store_board_current(db, aid, &board);
	if (rank_rc != DB_NOTFOUND)
		rc = rank_rc;
	int passed = 0;
	if (rc == SQLITE_OK)
		rc = store_checkpoints_passed_count(db, aid, req->user_id, &passed);
	if (rc != SQLITE_OK) {
		cJSON_Delete(o);
		worker_db_error(req, resp, rc);
		return;
	}
	cJSON_AddNumberToObject(o, "cumulative", (double)cumulative);
	cJSON_AddNumberToObject(o, "balance", (double)balance);
	if (rank_rc == SQLITE_OK && standing.rank_province > 0) {
		cJSON *rank = cJSON_AddObjectToObject(o, "rank");
		cJSON_AddNumberToObject(rank, "province", (double)standing.rank_province);
		cJSON_AddNumberToObject(rank, "union", (double)standing.rank_union);
		cJSON_AddStringToObject(rank, "as_of", standing.as_of);
	} else {
		cJSON_AddNullToObject(o, "rank");
	}
	if (team_rc == SQLITE_OK) {
		cJSON *t = cJSON_AddObjectToObject(o, "team");
		cJSON_AddNumberToObject(t, "id", (double)team.id);
		cJSON_AddStringToObject(t, "name", team.name);
		cJSON_AddBoolToObject(t, "is_leader", team.leader_id == req->user_id);
		cJSON_AddNumberToObject(t, "member_count", team.member_count);
	} else {
		cJSON_AddNullToObject(o, "team");
	}
	if (!add_badges(req, resp, &ctx, o, ncheckins))
		return;
	cJSON_AddNumberToObject(o, "lit", rules_checkpoints_lit(ctx.rules, cumulative));
	cJSON_AddNumberToObject(o, "passed", passed);
	resp_json(resp, 200, o);
}

/* ---------------------------------------------------------------- days */

struct day_summary {
	bool synced, settled;
	int64_t raw;
	int64_t points[RULES_LEDGER_KIND_COUNT];
};

struct days_acc {
	int32_t from, to;
	struct day_summary *days;   /* to - from + 1 entries */
};

static void take_steps(const struct day_steps *d, void *arg)
{
	struct days_acc *acc = arg;
	if (d->day < acc->from || d->day > acc->to)
		return;
	struct day_summary *s = &acc->days[d->day - acc->from];
	s->synced = true;
	s->settled = d->settled;
	s->raw = d->raw_steps;
}

static void take_points(int32_t day, const struct ledger_row *row, void *arg)
{
	struct days_acc *acc = arg;
	if (day >= acc->from && day <= acc->to && row->kind < RULES_LEDGER_KIND_COUNT)
		acc->days[day - acc->from].points[row->kind] += row->amount;
}

static bool day_param(struct request *req, struct response *resp, const char *name, int32_t dflt,
                      int32_t *out)
{
	const char *v = req_query(req, name);
	if (!v || !*v) {
		*out = dflt;
		return true;
	}
	if (!cal_parse_day(v, out)) {
		worker_invalid(resp, name, arena_printf(req->arena, "%s 须为 YYYY-MM-DD 格式的日期", name));
		return false;
	}
	return true;
}

/* GET …/me/days?from=&to=: per day, displayed steps, settled, points by kind.
 * Defaults: the activity's first day to today (or its last day). */
void api_me_days(struct request *req, struct response *resp)
{
	struct db *db = worker_of(req)->db;
	struct activity_ctx ctx;
	if (!worker_activity(req, resp, &ctx, true))
		return;
	int32_t last = ctx.today < ctx.rules->last_day ? ctx.today : ctx.rules->last_day;
	struct days_acc acc;
	if (!day_param(req, resp, "from", ctx.rules->first_day, &acc.from) ||
	    !day_param(req, resp, "to", last, &acc.to))
		return;
	if (acc.to < acc.from) {
		worker_invalid(resp, "to", "结束日期不能早于开始日期");
		return;
	}
	if (acc.to - acc.from >= MAX_DAYS_RANGE) {
		worker_invalid(resp, "to", "一次最多查询400天");
		return;
	}
	size_t n = (size_t)(acc.to - acc.from + 1);
	acc.days = arena_zalloc(req->arena, n * sizeof *acc.days);
	int rc = store_steps_each(db, ctx.activity->id, req->user_id, take_steps, &acc);
	if (rc == SQLITE_OK)
		rc = store_ledger_day_rows(db, ctx.activity->id, req->user_id, acc.from, acc.to, take_points, &acc);
	if (rc != SQLITE_OK) {
		worker_db_error(req, resp, rc);
		return;
	}
	cJSON *list = cJSON_CreateArray();
	for (size_t i = 0; i < n; i++) {
		const struct day_summary *s = &acc.days[i];
		char day[CAL_DAY_BUF];
		cal_format_day(acc.from + (int32_t)i, day, sizeof day);
		cJSON *o = cJSON_CreateObject();
		cJSON_AddStringToObject(o, "day", day);
		cJSON_AddNumberToObject(o, "steps", (double)rules_displayed_steps(ctx.rules, s->raw));
		cJSON_AddBoolToObject(o, "synced", s->synced);
		cJSON_AddBoolToObject(o, "settled", s->settled);
		cJSON_AddNumberToObject(o, "counted",
		                        (double)rules_counted_steps(ctx.rules, acc.from + (int32_t)i, s->raw, s->settled));
		cJSON *points = cJSON_AddObjectToObject(o, "points");
		for (int k = 0; k < RULES_LEDGER_KIND_COUNT; k++)
			if (s->points[k])
				cJSON_AddNumberToObject(points, rules_ledger_kind_name((enum rules_ledger_kind)k),
				                        (double)s->points[k]);
		cJSON_AddItemToArray(list, o);
	}
	resp_json(resp, 200, list);
}

/* ---------------------------------------------------------------- ledger */

static void add_ledger_row(const struct ledger_row *row, void *arg)
{
	cJSON *list = arg;
	char at[CAL_INSTANT_BUF];
	cal_format_instant(row->created_at, at, sizeof at);
	cJSON *o = cJSON_CreateObject();
	cJSON_AddNumberToObject(o, "id", (double)row->id);
	cJSON_AddStringToObject(o, "kind", rules_ledger_kind_name(row->kind));
	cJSON_AddStringToObject(o, "ref", row->ref);
	cJSON_AddNumberToObject(o, "amount", (double)row->amount);
	cJSON_AddStringToObject(o, "created_at", at);
	cJSON_AddItemToArray(list, o);
}

/* GET …/me/ledger?before=&limit=: rows newest first; `before` is the id of
 * the last row of the previous page. */
void api_me_ledger(struct request *req, struct response *resp)
{
	struct activity_ctx ctx;
	if (!worker_activity(req, resp, &ctx, true))
		return;
	int64_t before, limit;
	if (!query_int(req, resp, "before", 1, INT64_MAX, 0, &before) ||
	    !query_int(req, resp, "limit", 1, 200, 50, &limit))
		return;
	cJSON *list = cJSON_CreateArray();
	int rc = store_ledger_page(worker_of(req)->db, ctx.activity->id, req->user_id, before, (int)limit,
	                           add_ledger_row, list);
	if (rc != SQLITE_OK) {
		cJSON_Delete(list);
		worker_db_error(req, resp, rc);
		return;
	}
	cJSON *o = cJSON_CreateObject();
	int count = cJSON_GetArraySize(list);
	cJSON_AddItemToObject(o, "items", list);
	if (count == limit)
		cJSON_AddNumberToObject(o, "next_before",
		                        cJSON_GetNumberValue(cJSON_GetObjectItem(cJSON_GetArrayItem(list, count - 1), "id")));
	else
		cJSON_AddNullToObject(o, "next_before");
	resp_json(resp, 200, o);
}
