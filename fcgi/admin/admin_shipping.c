/*
 * Shipping for admins (RULES §9), scoped to the admin's union:
 *   GET  /admin/api/shipping?aid=&union=&state=&offset=&limit=   the awards;
 *        state: address_needed | address_given | shipped | overdue (past the
 *        15 working days, not shipped) | "" (all)
 *   GET  /admin/api/shipping.csv?(the same filter)                the shipping list
 *   PUT  /admin/api/awards/{id}/shipment?aid=  {"courier","tracking"}
 *   PUT  /admin/api/awards/{id}/address?aid=   {"recipient","mobile","division","detail","reason"}
 *   POST /admin/api/shipping/import?aid=       CSV "award_id,courier,tracking"
 *        (store_awards_import.h): every line checked; one bad line and nothing is
 *        recorded, the answer lists each bad line.
 * The shipping list holds the recipient's whole mobile number: the courier
 * needs it.  Every write is audited.
 */
#include "award_view.h"

#include "calendar.h"
#include "crypto.h"
#include "csv.h"
#include "store_participants.h"
#include "store_awards_import.h"
#include "validate.h"

#include <stdio.h>
#include <string.h>

struct listing {
	int32_t today;
	bool overdue_only;
	int64_t offset, limit, total, overdue;
	cJSON *items;
	struct buf *csv;
	cJSON *whose;   /* the awards whose address is shown, for the audit */
};

static bool read_filter(struct request *req, struct response *resp, const struct activity_ctx *ctx,
                        struct award_filter *f, struct listing *l)
{
	memset(f, 0, sizeof *f);
	f->activity_id = ctx->activity->id;
	l->today = ctx->today;
	if (!admin_scope_union(req, resp, req_query(req, "union"), "union", &f->union_code))
		return false;
	const char *state = req_query(req, "state");
	l->overdue_only = state && strcmp(state, "overdue") == 0;
	if (l->overdue_only) {
		f->state = AWARD_ADDRESS_GIVEN;
	} else if (!award_state_parse(state, &f->state)) {
		worker_invalid(resp, "state", "state 须为 address_needed、address_given、shipped 或 overdue");
		return false;
	}
	return true;
}

static const char *const csv_header[] = {
	"奖项ID", "奖项", "获奖人", "工会", "收件人", "手机号", "省市区", "详细地址", "提交时间", "应寄出日期",
	"超期", "快递公司", "快递单号",
};

static void csv_row(struct buf *b, const struct award_row *a, int32_t today)
{
	char given[CAL_INSTANT_BUF] = "", due_text[CAL_DAY_BUF] = "";
	int32_t due;
	if (a->address_at)
		cal_format_instant(a->address_at, given, sizeof given);
	if (award_due_day(a, &due))
		cal_format_day(due, due_text, sizeof due_text);
	csv_int(b, a->id, true);
	csv_cell(b, a->grand ? a->prize : a->team_name, false);
	csv_cell(b, a->name, false);
	csv_cell(b, a->union_name, false);
	csv_cell(b, a->recipient, false);
	csv_cell(b, a->mobile, false);
	csv_cell(b, a->division_name, false);
	csv_cell(b, a->detail, false);
	csv_cell(b, given, false);
	csv_cell(b, due_text, false);
	csv_cell(b, award_overdue(a, today) ? "是" : "", false);
	csv_cell(b, a->courier, false);
	csv_cell(b, a->tracking, false);
	csv_end_row(b);
}

static bool take(const struct award_row *a, void *arg)
{
	struct listing *l = arg;
	bool overdue = award_overdue(a, l->today);
	if (l->overdue_only && !overdue)
		return true;
	l->overdue += overdue;
	int64_t pos = l->total++;
	bool shown = l->csv || (pos >= l->offset && pos < l->offset + l->limit);
	if (l->csv)
		csv_row(l->csv, a, l->today);
	else if (shown)
		cJSON_AddItemToArray(l->items, award_json(a, l->today, true));
	if (shown && a->address_at)
		cJSON_AddItemToArray(l->whose, cJSON_CreateNumber((double)a->id));
	return true;
}

/* Audits the addresses l shows (l->whose, taken here) unless the query
 * failed (rc, answered already).  False after answering. */
static bool audit_shown(struct request *req, struct response *resp, const struct activity_ctx *ctx,
                        const char *action, struct listing *l, int rc)
{
	if (rc != SQLITE_OK) {
		cJSON_Delete(l->whose);
		return false;
	}
	cJSON *what = cJSON_CreateObject();
	cJSON_AddNumberToObject(what, "activity_id", (double)ctx->activity->id);
	cJSON_AddItemToObject(what, "awards", l->whose);
	l->whose = NULL;
	return admin_audit_view(req, resp, action, "shipping", what);
}

void admin_shipping(struct request *req, struct response *resp)
{
	struct activity_ctx ctx;
	struct award_filter f;
	struct listing l = { 0 };
	if (!admin_activity(req, resp, &ctx) || !read_filter(req, resp, &ctx, &f, &l) ||
	    !query_int(req, resp, "offset", 0, 100000000, 0, &l.offset) ||
	    !query_int(req, resp, "limit", 1, 200, 50, &l.limit))
		return;
	l.items = cJSON_CreateArray();
	l.whose = cJSON_CreateArray();
	int rc = store_awards_each(worker_of(req)->db, &worker_of(req)->sealer, &f, take, &l);
	if (rc != SQLITE_OK)
		worker_db_error(req, resp, rc);
	if (!audit_shown(req, resp, &ctx, "shipping.view", &l, rc)) {
		cJSON_Delete(l.items);
		return;
	}
	cJSON *o = cJSON_CreateObject();
	cJSON_AddNumberToObject(o, "total", (double)l.total);
	cJSON_AddNumberToObject(o, "overdue", (double)l.overdue);
	cJSON_AddNumberToObject(o, "offset", (double)l.offset);
	cJSON_AddNumberToObject(o, "limit", (double)l.limit);
	cJSON_AddItemToObject(o, "items", l.items);
	resp_json(resp, 200, o);
}

/* The awards are hundreds, not millions: the file is made whole, then sent. */
void admin_shipping_csv(struct request *req, struct response *resp)
{
	struct activity_ctx ctx;
	struct award_filter f;
	struct listing l = { 0 };
	if (!admin_activity(req, resp, &ctx) || !read_filter(req, resp, &ctx, &f, &l))
		return;
	struct buf csv = { 0 };
	buf_puts(&csv, CSV_BOM);
	for (size_t i = 0; i < sizeof csv_header / sizeof csv_header[0]; i++)
		csv_cell(&csv, csv_header[i], i == 0);
	csv_end_row(&csv);
	l.csv = &csv;
	l.whose = cJSON_CreateArray();
	int rc = store_awards_each(worker_of(req)->db, &worker_of(req)->sealer, &f, take, &l);
	if (rc != SQLITE_OK)
		worker_db_error(req, resp, rc);
	if (!audit_shown(req, resp, &ctx, "shipping.export", &l, rc)) {
		buf_free(&csv);
		return;
	}
	resp_header(resp, "Content-Disposition",
	            admin_export_disposition(req, "shipping", f.union_code ? f.union_code : "all", ctx.today));
	if (resp_stream_begin(req, resp, 200, "text/csv; charset=utf-8"))
		(void)resp_stream_write(req, csv.data, csv.len);
	else
		resp_error(resp, 500, "internal_error", "服务器内部错误", NULL);
	buf_free(&csv);
}

/* The award {id} of the path within the admin's scope: 404 not_found, 403
 * forbidden for another union's.  False after answering. */
static bool scoped_award(struct request *req, struct response *resp, const struct activity_ctx *ctx, int64_t id,
                         struct award_row *a)
{
	int rc = store_award_get(worker_of(req)->db, &worker_of(req)->sealer, ctx->activity->id, 0, id, a);
	if (!worker_found(req, resp, rc, 404, "not_found", "没有这个奖项"))
		return false;
	const char *scope;
	return admin_scope_union(req, resp, a->union_code, "union", &scope);
}

static cJSON *shipment_json(const char *courier, const char *tracking)
{
	cJSON *o = cJSON_CreateObject();
	cJSON_AddStringToObject(o, "courier", courier);
	cJSON_AddStringToObject(o, "tracking", tracking);
	return o;
}

static int ship_one(struct request *req, const struct award_row *a, const char *courier, const char *tracking,
                    int64_t now)
{
	int rc = store_award_ship(worker_of(req)->db, a->id, courier, tracking, now);
	if (rc == SQLITE_OK)
		rc = admin_audit(req, "award.ship", arena_printf(req->arena, "award:%lld", (long long)a->id),
		                 a->shipped_at ? shipment_json(a->courier, a->tracking) : NULL,
		                 shipment_json(courier, tracking));
	return rc;
}

static void answer_award(struct request *req, struct response *resp, const struct activity_ctx *ctx, int64_t id,
                         int rc)
{
	struct award_row a;
	if (rc == SQLITE_OK)
		rc = store_award_get(worker_of(req)->db, &worker_of(req)->sealer, ctx->activity->id, 0, id, &a);
	if (rc != SQLITE_OK) {
		worker_db_error(req, resp, rc);
		return;
	}
	resp_json(resp, 200, award_json(&a, ctx->today, true));
}

void admin_award_shipment(struct request *req, struct response *resp)
{
	struct activity_ctx ctx;
	struct award_row a;
	int64_t id;
	if (!admin_activity(req, resp, &ctx) || !req_param_id(req, resp, "id", &id) ||
	    !scoped_award(req, resp, &ctx, id, &a))
		return;
	const char *courier = json_str(req, "courier"), *tracking = json_str(req, "tracking");
	if (!courier || !valid_free_text(courier, 1, 32)) {
		worker_invalid(resp, "courier", "快递公司须为1到32个字");
		return;
	}
	if (!shipping_valid_tracking(tracking)) {
		worker_invalid(resp, "tracking", "快递单号须为6到40位字母、数字或-");
		return;
	}
	if (!a.address_at) {
		resp_error(resp, 409, "address_needed", "获奖人还没有提交收货地址", NULL);
		return;
	}
	answer_award(req, resp, &ctx, id, ship_one(req, &a, courier, tracking, ctx.now));
}

/* What the audit keeps of an address: the division, the mobile masked, and
 * a short hash of the recipient and of the street address (which show that
 * they changed, and to what for someone who knows it, without keeping them:
 * the address is sealed at rest, the audit log is not). */
static cJSON *address_json(const struct award_row *a)
{
	char mobile[12], hash[CRYPTO_SHA256_HEX_SIZE];
	participant_mask_mobile(a->mobile, mobile);
	cJSON *o = cJSON_CreateObject();
	crypto_sha256_hex(a->recipient, strlen(a->recipient), hash);
	hash[12] = '\0';
	cJSON_AddStringToObject(o, "recipient_sha256", hash);
	cJSON_AddStringToObject(o, "mobile", mobile);
	cJSON_AddStringToObject(o, "division", a->division);
	crypto_sha256_hex(a->detail, strlen(a->detail), hash);
	hash[12] = '\0';
	cJSON_AddStringToObject(o, "detail_sha256", hash);
	return o;
}

void admin_award_address(struct request *req, struct response *resp)
{
	struct activity_ctx ctx;
	struct award_row a;
	struct award_address addr;
	int64_t id;
	if (!admin_activity(req, resp, &ctx) || !req_param_id(req, resp, "id", &id) ||
	    !scoped_award(req, resp, &ctx, id, &a) || !award_read_address(req, resp, &addr))
		return;
	const char *reason = json_str(req, "reason");
	if (!reason || !valid_free_text(reason, 2, 200)) {
		worker_invalid(resp, "reason", "请写明更正的原因（2到200个字）");
		return;
	}
	if (!a.address_at) {
		resp_error(resp, 409, "address_needed", "获奖人还没有提交收货地址", NULL);
		return;
	}
	int rc = store_award_correct_address(worker_of(req)->db, &worker_of(req)->sealer, id, &addr);
	if (rc == SQLITE_OK) {
		struct award_row after = a;
		snprintf(after.recipient, sizeof after.recipient, "%s", addr.recipient);
		snprintf(after.mobile, sizeof after.mobile, "%s", addr.mobile);
		snprintf(after.division, sizeof after.division, "%s", addr.division);
		snprintf(after.detail, sizeof after.detail, "%s", addr.detail);
		cJSON *after_json = address_json(&after);
		cJSON_AddStringToObject(after_json, "reason", reason);
		rc = admin_audit(req, "award.address.correct", arena_printf(req->arena, "award:%lld", (long long)id),
		                 address_json(&a), after_json);
	}
	answer_award(req, resp, &ctx, id, rc);
}

/* ---------------------------------------------------------------- import */

struct import {
	struct request *req;
	const struct activity_ctx *ctx;
	struct shipping_line *lines;
	size_t n, cap;
	cJSON *errors;
	int rc;
};

static void import_bad(int64_t line, const char *message, void *arg)
{
	struct import *im = arg;
	cJSON *e = cJSON_CreateObject();
	cJSON_AddNumberToObject(e, "line", (double)line);
	cJSON_AddStringToObject(e, "message", message);
	cJSON_AddItemToArray(im->errors, e);
}

static void import_ok(const struct shipping_line *l, void *arg)
{
	struct import *im = arg;
	if (im->n == im->cap) {
		im->cap = im->cap ? 2 * im->cap : 64;
		struct shipping_line *grown = arena_alloc(im->req->arena, im->cap * sizeof *grown);
		if (im->n)
			memcpy(grown, im->lines, im->n * sizeof *grown);
		im->lines = grown;
	}
	im->lines[im->n++] = *l;
}

/* Checks each parsed line against the awards in scope, into awards[]. */
static void check_awards(struct import *im, struct award_row *awards)
{
	const struct admin_session *who = admin_of(im->req);
	for (size_t i = 0; i < im->n && im->rc == SQLITE_OK; i++) {
		struct worker *w = worker_of(im->req);
		int rc = store_award_get(w->db, &w->sealer, im->ctx->activity->id, 0, im->lines[i].award_id, &awards[i]);
		if (rc == DB_NOTFOUND || (rc == SQLITE_OK && who->role == ADMIN_UNION &&
		                          strcmp(awards[i].union_code, who->union_code) != 0))
			import_bad(im->lines[i].line, "没有这个奖项（或不在本工会范围内）", im);
		else if (rc == SQLITE_OK && !awards[i].address_at)
			import_bad(im->lines[i].line, "获奖人还没有提交收货地址", im);
		else if (rc != SQLITE_OK)
			im->rc = rc;
	}
}

void admin_shipping_import(struct request *req, struct response *resp)
{
	struct activity_ctx ctx;
	if (!admin_activity(req, resp, &ctx))
		return;
	struct import im = { .req = req, .ctx = &ctx, .errors = cJSON_CreateArray(), .rc = SQLITE_OK };
	shipping_import_parse(req->body, req->body_len, import_ok, import_bad, &im);
	struct award_row *awards = arena_alloc(req->arena, (im.n ? im.n : 1) * sizeof *awards);
	if (cJSON_GetArraySize(im.errors) == 0)
		check_awards(&im, awards);
	if (im.rc == SQLITE_OK && cJSON_GetArraySize(im.errors) == 0 && im.n == 0)
		import_bad(0, "文件里没有快递信息", &im);
	if (im.rc == SQLITE_OK && cJSON_GetArraySize(im.errors) > 0) {
		cJSON *o = cJSON_CreateObject();
		cJSON *err = cJSON_AddObjectToObject(o, "error");
		cJSON_AddStringToObject(err, "code", "validation_failed");
		cJSON_AddStringToObject(err, "message", "导入文件有错误，未记录任何快递信息");
		cJSON_AddItemToObject(err, "lines", im.errors);
		resp_json(resp, 400, o);
		return;
	}
	cJSON_Delete(im.errors);
	for (size_t i = 0; i < im.n && im.rc == SQLITE_OK; i++)
		im.rc = ship_one(req, &awards[i], im.lines[i].courier, im.lines[i].tracking, ctx.now);
	if (im.rc != SQLITE_OK) {
		worker_db_error(req, resp, im.rc);
		return;
	}
	cJSON *o = cJSON_CreateObject();
	cJSON_AddNumberToObject(o, "recorded", (double)im.n);
	resp_json(resp, 200, o);
}
