#include "award_view.h"

#include "calendar.h"
#include "rules_workdays.h"
#include "store_awards_address.h"
#include "store_divisions.h"


bool award_due_day(const struct award_row *a, int32_t *due)
{
	if (!a->address_at)
		return false;
	struct rules_official_calendar c = rules_official_calendar();
	return rules_working_day_after(&c, cal_day_of(a->address_at), AWARD_SHIP_WORKING_DAYS, due);
}

bool award_overdue(const struct award_row *a, int32_t today)
{
	int32_t due;
	return a->state == AWARD_ADDRESS_GIVEN && award_due_day(a, &due) && today > due;
}

static const char *const tier_names[] = { "", "一等奖", "二等奖", "三等奖" };

cJSON *award_json(const struct award_row *a, int32_t today, bool for_admin)
{
	cJSON *o = cJSON_CreateObject();
	cJSON_AddNumberToObject(o, "id", (double)a->id);
	cJSON_AddStringToObject(o, "kind", a->grand ? "grand" : "team");
	cJSON_AddStringToObject(o, "prize", a->grand ? a->prize : tier_names[a->tier >= 1 && a->tier <= 3 ? a->tier : 0]);
	if (a->grand) {
		cJSON_AddNullToObject(o, "team");
	} else {
		cJSON *t = cJSON_AddObjectToObject(o, "team");
		cJSON_AddNumberToObject(t, "id", (double)a->team_id);
		cJSON_AddStringToObject(t, "name", a->team_name);
		cJSON_AddNumberToObject(t, "rank", (double)a->team_rank);
		cJSON_AddNumberToObject(t, "tier", (double)a->tier);
	}
	if (for_admin) {
		cJSON_AddNumberToObject(o, "user_id", (double)a->user_id);
		cJSON_AddStringToObject(o, "name", a->name);
		cJSON_AddStringToObject(o, "union", a->union_code);
		cJSON_AddStringToObject(o, "union_name", a->union_name);
		if (a->grand)
			cJSON_AddNumberToObject(o, "entry_no", (double)a->entry_no);
	}
	cJSON_AddStringToObject(o, "state", award_state_name(a->state));
	if (a->address_at) {
		char at[CAL_INSTANT_BUF];
		cal_format_instant(a->address_at, at, sizeof at);
		cJSON *addr = cJSON_AddObjectToObject(o, "address");
		cJSON_AddStringToObject(addr, "recipient", a->recipient);
		cJSON_AddStringToObject(addr, "mobile", a->mobile);
		cJSON_AddStringToObject(addr, "division", a->division);
		cJSON_AddStringToObject(addr, "division_name", a->division_name);
		cJSON_AddStringToObject(addr, "detail", a->detail);
		cJSON_AddStringToObject(addr, "given_at", at);
	} else {
		cJSON_AddNullToObject(o, "address");
	}
	int32_t due;
	if (award_due_day(a, &due)) {
		char day[CAL_DAY_BUF];
		cal_format_day(due, day, sizeof day);
		cJSON_AddStringToObject(o, "due_by", day);
	} else {
		cJSON_AddNullToObject(o, "due_by");
	}
	cJSON_AddBoolToObject(o, "overdue", award_overdue(a, today));
	if (a->shipped_at) {
		char at[CAL_INSTANT_BUF];
		cal_format_instant(a->shipped_at, at, sizeof at);
		cJSON_AddStringToObject(o, "courier", a->courier);
		cJSON_AddStringToObject(o, "tracking", a->tracking);
		cJSON_AddStringToObject(o, "shipped_at", at);
	} else {
		cJSON_AddNullToObject(o, "courier");
		cJSON_AddNullToObject(o, "tracking");
		cJSON_AddNullToObject(o, "shipped_at");
	}
	return o;
}

bool award_read_address(struct request *req, struct response *resp, struct award_address *out)
{
	struct address_problem p;
	if (!award_address_fields(req->json, out, &p)) {
		resp_error(resp, 400, p.code, p.message, p.field);
		return false;
	}
	int level = 0;
	int rc = store_division_level(worker_of(req)->db, out->division, &level);
	if (rc == DB_NOTFOUND || (rc == SQLITE_OK && level != 3)) {
		worker_invalid(resp, "division", rc == DB_NOTFOUND ? "没有这个行政区划代码" : "请选择区县一级的行政区划");
		return false;
	}
	if (rc != SQLITE_OK) {
		worker_db_error(req, resp, rc);
		return false;
	}
	return true;
}
