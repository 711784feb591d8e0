/*
 * Activity settings for province admins (RULES §1–§8, README "Activity
 * settings"):
 *   GET  /admin/api/activities/{aid}/settings   every setting, and whether it may change now
 *   PUT  /admin/api/activities/{aid}/settings   {"daily_cap":12000, …}: the members given
 *   POST /admin/api/activities                  {"copy_from","name","starts_on"}: next year's
 * Which setting may change when is rules_settings.h's; each write is checked
 * as a whole by rules_check(), audited with before and after, and moves
 * config_version so that every worker reloads the activity.
 */
#include "worker.h"

#include "calendar.h"
#include "clock.h"
#include "rules_settings.h"
#include "store_activity_settings.h"
#include "validate.h"

#include <string.h>

static const char *const kind_names[] = { "int", "day", "instant", "text" };

/* v as JSON, by f's kind. */
static cJSON *value_json(const struct setting_field *f, const struct setting_value *v)
{
	char instant[CAL_INSTANT_BUF];
	switch (f->kind) {
	case SETTING_INT:
		return cJSON_CreateNumber((double)v->number);
	case SETTING_INSTANT:
		cal_format_instant(v->number, instant, sizeof instant);
		return cJSON_CreateString(instant);
	default:
		return cJSON_CreateString(v->text);
	}
}

/* The settings of aid as the pages show them.  SQLITE_OK with *out, or the error. */
static int settings_json(struct request *req, int64_t aid, bool started, int64_t now, cJSON **out)
{
	struct db *db = worker_of(req)->db;
	size_t n;
	const struct setting_field *fields = rules_setting_fields(&n);
	cJSON *o = cJSON_CreateObject();
	cJSON *values = cJSON_AddObjectToObject(o, "settings");
	cJSON *meta = cJSON_AddArrayToObject(o, "fields");
	int64_t version = 0, total_days = 0;
	struct setting_value *v = arena_alloc(req->arena, sizeof *v * n);
	int rc = store_config_version(db, &version);
	if (rc == SQLITE_OK)
		rc = db_get_int(db, &total_days, "SELECT total_days FROM activities WHERE id = ?1", "i", aid);
	if (rc == SQLITE_OK)
		rc = store_settings_get_all(db, aid, v);
	for (size_t i = 0; i < n && rc == SQLITE_OK; i++) {
		cJSON_AddItemToObject(values, fields[i].name, value_json(&fields[i], &v[i]));
		cJSON *m = cJSON_CreateObject();
		cJSON_AddStringToObject(m, "name", fields[i].name);
		cJSON_AddStringToObject(m, "label", fields[i].label);
		cJSON_AddStringToObject(m, "kind", kind_names[fields[i].kind]);
		if (fields[i].kind == SETTING_INT || fields[i].kind == SETTING_TEXT) {
			cJSON_AddNumberToObject(m, "min", (double)fields[i].min);
			cJSON_AddNumberToObject(m, "max", (double)fields[i].max);
		}
		/* An instant ahead may move to another instant ahead. */
		cJSON_AddBoolToObject(m, "editable", rules_setting_editable(&fields[i], started, now, v[i].number, now + 1));
		cJSON_AddItemToArray(meta, m);
	}
	if (rc != SQLITE_OK) {
		cJSON_Delete(o);
		return rc;
	}
	cJSON_AddNumberToObject(o, "activity_id", (double)aid);
	cJSON_AddNumberToObject(o, "config_version", (double)version);
	cJSON_AddNumberToObject(o, "total_days", (double)total_days);
	cJSON_AddBoolToObject(o, "started", started);
	*out = o;
	return SQLITE_OK;
}

static void answer_settings(struct request *req, struct response *resp, int64_t aid, bool started, int64_t now,
                            int status)
{
	cJSON *o;
	int rc = settings_json(req, aid, started, now, &o);
	if (rc != SQLITE_OK)
		worker_db_error(req, resp, rc);
	else
		resp_json(resp, status, o);
}

/* The province admin's activity of the path.  Returns false after answering. */
static bool settings_activity(struct request *req, struct response *resp, struct activity_ctx *ctx)
{
	int64_t aid;
	return admin_require_province(req, resp) && req_param_id(req, resp, "aid", &aid) &&
	       worker_load_activity(req, resp, aid, ctx);
}

void admin_settings_get(struct request *req, struct response *resp)
{
	struct activity_ctx ctx;
	if (settings_activity(req, resp, &ctx))
		answer_settings(req, resp, ctx.activity->id, rules_first_day_begun(ctx.rules, ctx.now), ctx.now, 200);
}

/* item as a value of f into *v.  Returns false after answering 400 naming f. */
static bool parse_value(struct request *req, struct response *resp, const struct setting_field *f,
                        const cJSON *item, struct setting_value *v)
{
	memset(v, 0, sizeof *v);
	const char *s = cJSON_GetStringValue(item);
	int32_t day;
	switch (f->kind) {
	case SETTING_INT:
		if (cJSON_IsNumber(item) && item->valuedouble == (double)(int64_t)item->valuedouble &&
		    item->valuedouble >= (double)f->min && item->valuedouble <= (double)f->max) {
			v->number = (int64_t)item->valuedouble;
			return true;
		}
		worker_invalid(resp, f->name, arena_printf(req->arena, "%s须为%lld到%lld之间的整数", f->label,
		                                           (long long)f->min, (long long)f->max));
		return false;
	case SETTING_DAY:
		if (cal_parse_day(s, &day) && cal_format_day(day, v->text, sizeof v->text))
			return true;
		worker_invalid(resp, f->name, arena_printf(req->arena, "%s须为YYYY-MM-DD格式的日期", f->label));
		return false;
	case SETTING_INSTANT:
		if (cal_parse_instant(s, &v->number) && v->number >= 0)
			return true;
		worker_invalid(resp, f->name,
		               arena_printf(req->arena, "%s须为带时区的时刻，如2019-10-08T00:00:00+08:00", f->label));
		return false;
	case SETTING_TEXT:
		if (s && valid_free_text(s, (size_t)f->min, (size_t)f->max) && strlen(s) < sizeof v->text) {
			strcpy(v->text, s);
			return true;
		}
		worker_invalid(resp, f->name, arena_printf(req->arena, "%s须为%lld到%lld个字", f->label,
		                                           (long long)f->min, (long long)f->max));
		return false;
	}
	return false;
}

static bool same_value(const struct setting_field *f, const struct setting_value *a, const struct setting_value *b)
{
	return f->kind == SETTING_DAY || f->kind == SETTING_TEXT ? strcmp(a->text, b->text) == 0 : a->number == b->number;
}

/* Answers a result rules_check() refuses: the settings contradict each other. */
static void answer_inconsistent(struct request *req, struct response *resp, const char *bad)
{
	const struct setting_field *f = rules_setting_find(bad);
	worker_invalid(resp, bad, arena_printf(req->arena, "%s与其他设置矛盾（日期先后、时段、目标或字数范围）",
	                                       f ? f->label : bad));
}

/* Checks the activity as written; false after answering 400 (the write is
 * then rolled back by the dispatcher). */
static bool still_consistent(struct request *req, struct response *resp, int64_t aid)
{
	struct activity *a = arena_alloc(req->arena, sizeof *a);
	int rc = store_activity_sync_total_days(worker_of(req)->db, aid);
	if (rc == SQLITE_OK)
		rc = store_activity_load_unchecked(worker_of(req)->db, aid, a);
	const char *bad = rc == SQLITE_OK ? rules_settings_check(&a->rules) : NULL;
	if (rc != SQLITE_OK) {
		worker_db_error(req, resp, rc);
		return false;
	}
	if (bad)
		answer_inconsistent(req, resp, bad);
	return bad == NULL;
}

/* Applies one member of the body.  Returns false after answering. */
static bool apply_one(struct request *req, struct response *resp, const struct activity_ctx *ctx, bool started,
                      const cJSON *item, cJSON *before, cJSON *after)
{
	struct db *db = worker_of(req)->db;
	const struct setting_field *f = rules_setting_find(item->string);
	if (!f) {
		worker_invalid(resp, item->string, arena_printf(req->arena, "没有这项设置：%s", item->string));
		return false;
	}
	struct setting_value old, fresh;
	if (!parse_value(req, resp, f, item, &fresh))
		return false;
	int rc = store_setting_get(db, ctx->activity->id, f, &old);
	if (rc != SQLITE_OK) {
		worker_db_error(req, resp, rc);
		return false;
	}
	if (same_value(f, &old, &fresh))
		return true;
	if (!rules_setting_editable(f, started, ctx->now, old.number, fresh.number)) {
		resp_error(resp, 409, "setting_locked",
		           arena_printf(req->arena, "活动已开始，%s不能再修改（会改变已计算的结果）", f->label), f->name);
		return false;
	}
	rc = store_setting_set(db, ctx->activity->id, f, &fresh);
	if (rc != SQLITE_OK) {
		worker_db_error(req, resp, rc);
		return false;
	}
	cJSON_AddItemToObject(before, f->name, value_json(f, &old));
	cJSON_AddItemToObject(after, f->name, value_json(f, &fresh));
	return true;
}

void admin_settings_put(struct request *req, struct response *resp)
{
	struct activity_ctx ctx;
	if (!settings_activity(req, resp, &ctx))
		return;
	if (!req->json->child) {
		worker_invalid(resp, "settings", "请给出要修改的设置");
		return;
	}
	bool started = rules_first_day_begun(ctx.rules, ctx.now);
	cJSON *before = cJSON_CreateObject(), *after = cJSON_CreateObject();
	bool ok = true;
	for (const cJSON *item = req->json->child; item && ok; item = item->next)
		ok = apply_one(req, resp, &ctx, started, item, before, after);
	ok = ok && still_consistent(req, resp, ctx.activity->id);
	if (!ok) {
		cJSON_Delete(before);
		cJSON_Delete(after);
		return;
	}
	int rc = SQLITE_OK;
	if (after->child) {   /* nothing changed: nothing to record */
		rc = admin_audit(req, "activity.settings",
		                 arena_printf(req->arena, "activity:%lld", (long long)ctx.activity->id), before, after);
	} else {
		cJSON_Delete(before);
		cJSON_Delete(after);
	}
	if (rc != SQLITE_OK) {
		worker_db_error(req, resp, rc);
		return;
	}
	answer_settings(req, resp, ctx.activity->id, started, ctx.now, 200);
}

void admin_activity_copy(struct request *req, struct response *resp)
{
	if (!admin_require_province(req, resp))
		return;
	struct db *db = worker_of(req)->db;
	const cJSON *from = cJSON_GetObjectItemCaseSensitive(req->json, "copy_from");
	const char *name = json_str(req, "name"), *starts_on = json_str(req, "starts_on");
	int32_t first;
	if (!cJSON_IsNumber(from) || from->valuedouble < 1 || from->valuedouble > 1e15 ||
	    from->valuedouble != (double)(int64_t)from->valuedouble) {
		worker_invalid(resp, "copy_from", "请给出要复制的活动编号");
		return;
	}
	if (!name || !valid_free_text(name, 1, 64)) {
		worker_invalid(resp, "name", "活动名称须为1到64个字");
		return;
	}
	if (!cal_parse_day(starts_on, &first)) {
		worker_invalid(resp, "starts_on", "首日须为YYYY-MM-DD格式的日期");
		return;
	}
	int64_t source = (int64_t)from->valuedouble, id = 0, now = clock_now();
	struct setting_value old_first, old_last;
	int rc = store_setting_get(db, source, rules_setting_find("first_day"), &old_first);
	if (rc == SQLITE_OK)
		rc = store_setting_get(db, source, rules_setting_find("last_day"), &old_last);
	if (rc == DB_NOTFOUND) {
		worker_invalid(resp, "copy_from", "没有这个活动");
		return;
	}
	int32_t source_first = 0, source_last = 0;
	if (rc == SQLITE_OK && (!cal_parse_day(old_first.text, &source_first) || !cal_parse_day(old_last.text, &source_last)))
		rc = SQLITE_CORRUPT;
	if (rc != SQLITE_OK) {
		worker_db_error(req, resp, rc);
		return;
	}
	if (first <= source_last) {
		worker_invalid(resp, "starts_on", arena_printf(req->arena, "首日须晚于原活动的最后一天（%s）", old_last.text));
		return;
	}
	rc = store_activity_copy(db, source, name, first - source_first, now, &id);
	if (rc != SQLITE_OK) {
		worker_db_error(req, resp, rc);
		return;
	}
	if (!still_consistent(req, resp, id))
		return;
	cJSON *after = cJSON_CreateObject();
	cJSON_AddNumberToObject(after, "id", (double)id);
	cJSON_AddNumberToObject(after, "copy_from", (double)source);
	cJSON_AddStringToObject(after, "name", name);
	cJSON_AddStringToObject(after, "starts_on", starts_on);
	rc = admin_audit(req, "activity.create", arena_printf(req->arena, "activity:%lld", (long long)id), NULL, after);
	if (rc != SQLITE_OK) {
		worker_db_error(req, resp, rc);
		return;
	}
	answer_settings(req, resp, id, false, now, 201);
}
