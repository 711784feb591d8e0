/*
 * Participants (RULES §11–§12):
 *   GET /admin/api/participants?aid=&union=&region=&team=&q=&offset=&limit=
 *   GET /admin/api/participants.csv?(the same filter)        streamed (R_STREAM)
 *   GET /admin/api/participants/{uid}?aid=                   one, with their days
 *
 * q searches the name (a part of it), or the mobile: 11 digits match the
 * whole number, 4 digits its last four (which the masked number shows
 * anyway); other digit strings are refused, so that nobody can uncover a
 * masked number digit by digit.  team is any|yes|no|leader.  Mobiles are
 * always masked ("138****5678"), in the export too.
 */
#include "worker.h"

#include "admin_mobile_search.h"

#include "calendar.h"
#include "csv.h"
#include "log.h"
#include "store_enrollment.h"
#include "store_participants.h"
#include "store_steps.h"
#include "validate.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { NAME_SEARCH_MAX_CHARS = 20 };

static bool all_digits(const char *s)
{
	return *s && strspn(s, "0123456789") == strlen(s);
}

static bool read_search(struct response *resp, const char *q, struct participant_filter *f)
{
	f->q = q;
	if (!q || !*q) {
		f->search = SEARCH_NONE;
		return true;
	}
	size_t chars;
	if (all_digits(q) && (strlen(q) == 11 || strlen(q) == 4)) {
		f->search = strlen(q) == 11 ? SEARCH_MOBILE : SEARCH_MOBILE_TAIL;
	} else if (!all_digits(q) && valid_text(q, &chars) && chars <= NAME_SEARCH_MAX_CHARS) {
		f->search = SEARCH_NAME;
	} else {
		worker_invalid(resp, "q", "请输入姓名（不超过20个字）、11位手机号或手机号后4位");
		return false;
	}
	return true;
}

static bool read_team(struct response *resp, const char *team, struct participant_filter *f)
{
	static const struct { const char *name; enum participant_team team; } names[] = {
		{ "", TEAM_ANY }, { "any", TEAM_ANY }, { "yes", TEAM_IN }, { "no", TEAM_NONE }, { "leader", TEAM_LEADER },
	};
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
		if (strcmp(team ? team : "", names[i].name) == 0) {
			f->team = names[i].team;
			return true;
		}
	}
	worker_invalid(resp, "team", "team 须为 any、yes、no 或 leader");
	return false;
}

/* The filter of the query string, within the admin's scope.  Returns false
 * after answering. */
static bool read_filter(struct request *req, struct response *resp, const struct activity_ctx *ctx,
                        struct participant_filter *f)
{
	memset(f, 0, sizeof *f);
	f->activity_id = ctx->activity->id;
	f->sealer = &worker_of(req)->sealer;
	if (!admin_scope_union(req, resp, req_query(req, "union"), "union", &f->union_code))
		return false;
	const char *region = req_query(req, "region");
	if (region && *region) {
		if (!worker_known_code(req, resp, region, REGION_CODE_SIZE, store_region_exists, "region", "没有这个地区"))
			return false;
		f->region = region;
	}
	return read_team(resp, req_query(req, "team"), f) && read_search(resp, req_query(req, "q"), f);
}

static cJSON *row_json(const struct participant_row *r)
{
	char mobile[12], enrolled[CAL_INSTANT_BUF];
	participant_mask_mobile(r->mobile, mobile);
	cal_format_instant(r->enrolled_at, enrolled, sizeof enrolled);
	cJSON *o = cJSON_CreateObject();
	cJSON_AddNumberToObject(o, "user_id", (double)r->user_id);
	cJSON_AddStringToObject(o, "name", r->name);
	cJSON_AddStringToObject(o, "mobile", mobile);
	cJSON_AddStringToObject(o, "region", r->region);
	cJSON_AddStringToObject(o, "region_name", r->region_name);
	cJSON_AddStringToObject(o, "union", r->union_code);
	cJSON_AddStringToObject(o, "union_name", r->union_name);
	cJSON_AddStringToObject(o, "unit", r->unit);
	cJSON_AddStringToObject(o, "department", r->department);
	if (r->team_id > 0) {
		cJSON *t = cJSON_AddObjectToObject(o, "team");
		cJSON_AddNumberToObject(t, "id", (double)r->team_id);
		cJSON_AddStringToObject(t, "name", r->team_name);
		cJSON_AddBoolToObject(t, "leader", r->leader);
	} else {
		cJSON_AddNullToObject(o, "team");
	}
	cJSON_AddStringToObject(o, "enrolled_at", enrolled);
	cJSON_AddBoolToObject(o, "disqualified", r->disqualified);
	if (r->cumulative >= 0) {
		cJSON_AddNumberToObject(o, "cumulative", (double)r->cumulative);
		cJSON_AddStringToObject(o, "as_of", r->as_of);
	} else {
		cJSON_AddNullToObject(o, "cumulative");
		cJSON_AddNullToObject(o, "as_of");
	}
	return o;
}

static bool add_row(const struct participant_row *r, void *arg)
{
	cJSON_AddItemToArray(arg, row_json(r));
	return true;
}

void admin_participants(struct request *req, struct response *resp)
{
	struct activity_ctx ctx;
	struct participant_filter f;
	int64_t offset, limit, total = 0;
	if (!admin_activity(req, resp, &ctx) || !read_filter(req, resp, &ctx, &f) ||
	    !query_int(req, resp, "offset", 0, 100000000, 0, &offset) ||
	    !query_int(req, resp, "limit", 1, 200, 50, &limit) || !admin_mobile_search_admit(req, resp, &f))
		return;
	struct db *db = worker_of(req)->db;
	cJSON *items = cJSON_CreateArray();
	int rc = store_participants_count(db, &f, &total);
	if (rc == SQLITE_OK)
		rc = store_participants_each(db, &f, offset, limit, add_row, items);
	if (rc != SQLITE_OK) {
		cJSON_Delete(items);
		worker_db_error(req, resp, rc);
		return;
	}
	cJSON *o = cJSON_CreateObject();
	cJSON_AddNumberToObject(o, "total", (double)total);
	cJSON_AddNumberToObject(o, "offset", (double)offset);
	cJSON_AddNumberToObject(o, "limit", (double)limit);
	cJSON_AddItemToObject(o, "items", items);
	resp_json(resp, 200, o);
}

/* ---------------------------------------------------------------- export */

struct export {
	struct request *req;
	struct buf line;            /* one row at a time: the only memory the export holds */
	int64_t rows;
	bool client_gone;
};

static const char *const export_header[] = {
	"用户ID", "姓名", "手机号", "地区", "工会", "单位", "部门", "团队", "团队角色", "报名时间", "累计步数", "截至",
};

static bool export_row(const struct participant_row *r, void *arg)
{
	struct export *x = arg;
	char mobile[12], enrolled[CAL_INSTANT_BUF];
	participant_mask_mobile(r->mobile, mobile);
	cal_format_instant(r->enrolled_at, enrolled, sizeof enrolled);
	buf_reset(&x->line, 0);
	csv_int(&x->line, r->user_id, true);
	csv_cell(&x->line, r->name, false);
	csv_cell(&x->line, mobile, false);
	csv_cell(&x->line, r->region_name, false);
	csv_cell(&x->line, r->union_name, false);
	csv_cell(&x->line, r->unit, false);
	csv_cell(&x->line, r->department, false);
	csv_cell(&x->line, r->team_name, false);
	csv_cell(&x->line, r->team_id > 0 ? (r->leader ? "团长" : "团员") : "", false);
	csv_cell(&x->line, enrolled, false);
	if (r->cumulative >= 0)
		csv_int(&x->line, r->cumulative, false);
	else
		csv_cell(&x->line, "", false);
	csv_cell(&x->line, r->as_of, false);
	csv_end_row(&x->line);
	x->rows++;
	if (!resp_stream_write(x->req, x->line.data, x->line.len)) {
		x->client_gone = true;
		return false;
	}
	return true;
}

void admin_participants_csv(struct request *req, struct response *resp)
{
	struct activity_ctx ctx;
	struct participant_filter f;
	if (!admin_activity(req, resp, &ctx) || !read_filter(req, resp, &ctx, &f) ||
	    !admin_mobile_search_admit(req, resp, &f))
		return;
	cJSON *what = cJSON_CreateObject();
	cJSON_AddNumberToObject(what, "activity_id", (double)ctx.activity->id);
	cJSON_AddStringToObject(what, "union", f.union_code ? f.union_code : "all");
	if (!admin_audit_view(req, resp, "participants.export", "participants.csv", what))
		return;
	resp_header(resp, "Content-Disposition",
	            admin_export_disposition(req, "participants", f.union_code ? f.union_code : "all", ctx.today));
	if (!resp_stream_begin(req, resp, 200, "text/csv; charset=utf-8")) {
		resp_error(resp, 500, "internal_error", "服务器内部错误", NULL);
		return;
	}
	struct export x = { .req = req };
	buf_puts(&x.line, CSV_BOM);
	for (size_t i = 0; i < sizeof export_header / sizeof export_header[0]; i++)
		csv_cell(&x.line, export_header[i], i == 0);
	csv_end_row(&x.line);
	int rc = SQLITE_OK;
	if (resp_stream_write(req, x.line.data, x.line.len))
		rc = store_participants_each(worker_of(req)->db, &f, 0, -1, export_row, &x);
	else
		x.client_gone = true;
	buf_free(&x.line);
	/* The status is sent: a failure now can only cut the file short. */
	if (rc != SQLITE_OK)
		log_error("export cut short after %lld rows: database error %d", (long long)x.rows, rc);
	else if (x.client_gone)
		log_warn("export cut short after %lld rows: the client went away", (long long)x.rows);
	else
		log_info("export: %lld rows", (long long)x.rows);
}

/* ---------------------------------------------------------------- one participant */

struct days {
	const struct activity_rules *rules;
	cJSON *list;
};

static void add_day(const struct day_steps *d, void *arg)
{
	struct days *ds = arg;
	char day[CAL_DAY_BUF];
	cal_format_day(d->day, day, sizeof day);
	cJSON *o = cJSON_CreateObject();
	cJSON_AddStringToObject(o, "day", day);
	cJSON_AddNumberToObject(o, "steps", (double)rules_displayed_steps(ds->rules, d->raw_steps));
	cJSON_AddBoolToObject(o, "settled", d->settled);
	cJSON_AddNumberToObject(o, "counted", (double)rules_counted_steps(ds->rules, d->day, d->raw_steps, d->settled));
	cJSON_AddItemToArray(ds->list, o);
}

static bool take_row(const struct participant_row *r, void *arg)
{
	cJSON **out = arg;
	*out = row_json(r);
	return false;
}

void admin_participant(struct request *req, struct response *resp)
{
	struct activity_ctx ctx;
	struct participant_filter f = { 0 };
	int64_t uid;
	if (!req_param_id(req, resp, "uid", &uid) || !admin_activity(req, resp, &ctx))
		return;
	f.activity_id = ctx.activity->id;
	f.user_id = uid;
	f.sealer = &worker_of(req)->sealer;
	struct db *db = worker_of(req)->db;
	cJSON *person = NULL;
	int rc = store_participants_each(db, &f, 0, 1, take_row, &person);
	if (rc != SQLITE_OK) {
		worker_db_error(req, resp, rc);
		return;
	}
	/* A union admin learns nothing of another union's participants, not even
	 * that an id is taken (RULES §12): theirs is answered as an unknown id. */
	const struct admin_session *me = &worker_of(req)->admin;
	const char *union_code = person ? cJSON_GetStringValue(cJSON_GetObjectItem(person, "union")) : NULL;
	if (!person || (me->role != ADMIN_PROVINCE && (!union_code || strcmp(union_code, me->union_code) != 0))) {
		cJSON_Delete(person);
		resp_error(resp, 404, "not_found", "参与者不存在", NULL);
		return;
	}
	struct days ds = { .rules = ctx.rules, .list = cJSON_CreateArray() };
	rc = store_steps_each(db, ctx.activity->id, uid, add_day, &ds);
	if (rc != SQLITE_OK) {
		cJSON_Delete(person);
		cJSON_Delete(ds.list);
		worker_db_error(req, resp, rc);
		return;
	}
	cJSON_AddItemToObject(person, "days", ds.list);
	cJSON *fairplay = NULL;
	rc = admin_fairplay_state(db, ctx.activity->id, uid, &fairplay);
	if (rc != SQLITE_OK) {
		cJSON_Delete(person);
		worker_db_error(req, resp, rc);
		return;
	}
	cJSON_AddItemToObject(person, "fairplay", fairplay);
	resp_json(resp, 200, person);
}
