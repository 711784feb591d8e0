/* Reference data: unions, regions, activities (API.md "Identity and enrollment"). */
#include "worker.h"

#include "calendar.h"
#include "clock.h"

/* The most activities GET /api/activities lists, and the size of its array
 * of ids: store_activity_ids stops there, oldest first, so a longer history
 * would leave out its newest. */
enum { ACTIVITIES_LISTED_MAX = 64 };

/* A list of objects, one per row of sql, its columns named by names[]. */
static void answer_rows(struct request *req, struct response *resp, const char *sql,
                        const char *const *names, int ncols)
{
	struct db *db = worker_of(req)->db;
	sqlite3_stmt *st;
	int rc = db_prepare(db, &st, sql, "");
	if (rc != SQLITE_OK) {
		worker_db_error(req, resp, rc);
		return;
	}
	cJSON *list = cJSON_CreateArray();
	while ((rc = db_step(db, st)) == SQLITE_ROW) {
		cJSON *item = cJSON_CreateObject();
		for (int i = 0; i < ncols; i++)
			cJSON_AddStringToObject(item, names[i], (const char *)sqlite3_column_text(st, i));
		cJSON_AddItemToArray(list, item);
	}
	rc = db_finish(st, rc);
	if (rc != SQLITE_OK) {
		cJSON_Delete(list);
		worker_db_error(req, resp, rc);
		return;
	}
	resp_json(resp, 200, list);
}

void api_unions(struct request *req, struct response *resp)
{
	static const char *const names[] = { "code", "name", "category" };
	answer_rows(req, resp, "SELECT code, name, category FROM unions WHERE parent_code IS NOT NULL "
	                       "ORDER BY sort_order", names, 3);
}

void api_regions(struct request *req, struct response *resp)
{
	static const char *const names[] = { "code", "name" };
	answer_rows(req, resp, "SELECT code, name FROM regions ORDER BY sort_order", names, 2);
}

static cJSON *activity_summary(const struct activity *a, int64_t now)
{
	const struct activity_rules *r = &a->rules;
	char first[CAL_DAY_BUF], last[CAL_DAY_BUF];
	cal_format_day(r->first_day, first, sizeof first);
	cal_format_day(r->last_day, last, sizeof last);
	cJSON *o = cJSON_CreateObject();
	cJSON_AddNumberToObject(o, "id", (double)a->id);
	cJSON_AddStringToObject(o, "name", a->name);
	cJSON_AddStringToObject(o, "state", rules_phase_name(rules_phase(r, now)));
	cJSON_AddStringToObject(o, "first_day", first);
	cJSON_AddStringToObject(o, "last_day", last);
	return o;
}

void api_activities(struct request *req, struct response *resp)
{
	struct worker *w = worker_of(req);
	int64_t ids[ACTIVITIES_LISTED_MAX];
	int n = 0;
	int rc = store_activity_ids(w->db, ids, ACTIVITIES_LISTED_MAX, &n);
	if (rc != SQLITE_OK) {
		worker_db_error(req, resp, rc);
		return;
	}
	cJSON *list = cJSON_CreateArray();
	for (int i = 0; i < n; i++) {
		const struct activity *a;
		rc = worker_find_activity(w, ids[i], &a);
		if (rc == DB_NOTFOUND)
			continue;   /* not there any more: not listed */
		if (rc != SQLITE_OK) {
			cJSON_Delete(list);
			worker_db_error(req, resp, rc);
			return;
		}
		cJSON_AddItemToArray(list, activity_summary(a, clock_now()));
	}
	resp_json(resp, 200, list);
}

static void add_instant(cJSON *o, const char *name, int64_t t)
{
	char text[CAL_INSTANT_BUF];
	cal_format_instant(t, text, sizeof text);
	cJSON_AddStringToObject(o, name, text);
}

static void add_day(cJSON *o, const char *name, int32_t day)
{
	char text[CAL_DAY_BUF];
	cal_format_day(day, text, sizeof text);
	cJSON_AddStringToObject(o, name, text);
}

static char *seconds_as_clock(struct arena *arena, int32_t s)
{
	return arena_printf(arena, "%02d:%02d", s / 3600, s / 60 % 60);
}

/* GET /api/activities/{aid}: the activity with its rule numbers and route.
 * Quiz questions and answers never appear here. */
void api_activity(struct request *req, struct response *resp)
{
	struct activity_ctx ctx;
	if (!worker_activity(req, resp, &ctx, false))
		return;
	const struct activity *a = ctx.activity;
	const struct activity_rules *r = ctx.rules;
	cJSON *o = activity_summary(a, ctx.now);
	add_instant(o, "enroll_opens", r->enroll_opens);
	add_day(o, "test_from", r->test_from);
	add_day(o, "test_to", r->test_to);
	cJSON_AddNumberToObject(o, "total_days", r->total_days);
	cJSON *window = cJSON_AddObjectToObject(o, "settle_window");
	cJSON_AddStringToObject(window, "from", seconds_as_clock(req->arena, r->settle_window_start));
	cJSON_AddStringToObject(window, "to", seconds_as_clock(req->arena, r->settle_window_end));
	cJSON_AddNumberToObject(o, "daily_cap", (double)r->daily_cap);
	add_instant(o, "board_freeze_at", r->board_freeze_at);
	add_instant(o, "redeem_deadline", r->redeem_deadline);
	cJSON *points = cJSON_AddObjectToObject(o, "points");
	cJSON_AddNumberToObject(points, "checkin", (double)r->points_checkin);
	cJSON_AddNumberToObject(points, "steps_per_point", (double)r->steps_per_point);
	cJSON_AddNumberToObject(points, "max_step_points", (double)r->max_step_points);
	cJSON_AddNumberToObject(points, "personal_target", (double)r->points_personal_target);
	cJSON_AddNumberToObject(points, "team_target", (double)r->points_team_target);
	cJSON_AddNumberToObject(points, "essay", (double)r->points_essay);
	cJSON_AddNumberToObject(points, "leader_full_team", (double)r->points_leader_full_team);
	cJSON_AddNumberToObject(points, "per_draw", (double)r->points_per_draw);
	cJSON *team = cJSON_AddObjectToObject(o, "team");
	cJSON_AddNumberToObject(team, "size", r->team_size);
	cJSON_AddNumberToObject(team, "member_target", (double)r->member_target);
	cJSON_AddNumberToObject(team, "team_target", (double)r->team_target);
	cJSON *route = cJSON_AddArrayToObject(o, "checkpoints");
	for (int i = 0; i < r->checkpoint_count; i++) {
		cJSON *c = cJSON_CreateObject();
		cJSON_AddNumberToObject(c, "seq", i + 1);
		cJSON_AddStringToObject(c, "name", a->checkpoint_name[i]);
		cJSON_AddStringToObject(c, "landmark", a->checkpoint_landmark[i]);
		cJSON_AddNumberToObject(c, "stage_steps", (double)a->checkpoint_stage[i]);
		cJSON_AddNumberToObject(c, "cumulative_steps", (double)r->checkpoint_threshold[i]);
		cJSON_AddItemToArray(route, c);
	}
	resp_json(resp, 200, o);
}
