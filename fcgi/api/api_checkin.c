/* POST /api/activities/{aid}/checkin (RULES §3): +1 point, once a day. */
#include "worker.h"

#include "calendar.h"
#include "store_badges.h"
#include "store_ledger.h"

void api_checkin(struct request *req, struct response *resp)
{
	struct db *db = worker_of(req)->db;
	struct activity_ctx ctx;
	if (!worker_activity(req, resp, &ctx, true))
		return;
	if (!rules_checkin_allowed(ctx.rules, ctx.now)) {
		resp_error(resp, 409, "checkin_closed", "今天不是活动日，无需签到", NULL);
		return;
	}
	char day[CAL_DAY_BUF];
	cal_format_day(ctx.today, day, sizeof day);
	int64_t points = rules_checkin_points(ctx.rules), balance = 0;
	bool inserted = false;
	/* The ledger's natural key makes two concurrent check-ins award one point. */
	int rc = store_ledger_award(db, ctx.activity->id, req->user_id, RULES_LEDGER_CHECKIN, ctx.today, points,
	                            ctx.now, &inserted);
	if (rc == SQLITE_OK && !inserted) {
		resp_error(resp, 409, "already_checked_in", "今天已经签到过了", NULL);
		return;
	}
	if (rc == SQLITE_OK)   /* 全勤奖 is earned by the check-in of the last missing day */
		rc = store_badges_record_due(db, ctx.activity->id, ctx.rules, req->user_id, NULL);
	if (rc == SQLITE_OK)
		rc = store_ledger_balance(db, ctx.activity->id, req->user_id, &balance);
	if (rc != SQLITE_OK) {
		worker_db_error(req, resp, rc);
		return;
	}
	cJSON *o = cJSON_CreateObject();
	cJSON_AddStringToObject(o, "day", day);
	cJSON_AddNumberToObject(o, "awarded", (double)points);
	cJSON_AddNumberToObject(o, "balance", (double)balance);
	resp_json(resp, 200, o);
}
