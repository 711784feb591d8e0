/*
 * Reminders (RULES §13, API.md "Reminders"): the one-time subscriptions a
 * participant granted in wx.requestSubscribeMessage (WECHAT.md §5).
 *
 *   POST   …/reminders {"granted":N}   N more grants, bounded by the messages
 *                                       that can still be sent
 *   GET    …/reminders                  grants left and the last message sent
 *   DELETE …/reminders                  stops them: the grants are dropped
 *
 * Each answers {"grants":N,"max":M,"last_sent":{"day","sent_at"}|null}: M is
 * how many grants could still be used (one a day, RULES §13).
 */
#include "worker.h"

#include "calendar.h"
#include "rules_remind.h"
#include "store_reminders.h"

#include <math.h>

/* The participant's reminders at the request's time: the stored grants, and
 * how many of them can be used (rules_remind_grant_cap). */
static int read_reminders(struct request *req, const struct activity_ctx *ctx, struct reminder_status *st,
                          int64_t *cap)
{
	struct db *db = worker_of(req)->db;
	int32_t remind_at = 0;
	int rc = store_reminder_remind_at(db, ctx->activity->id, &remind_at);
	if (rc == SQLITE_OK)
		rc = store_reminder_status(db, ctx->activity->id, req->user_id, ctx->today, st);
	if (rc != SQLITE_OK)
		return rc;
	bool today_usable = !st->today_done && !st->settled_today &&
	                    rules_remind_time(ctx->rules, remind_at, ctx->now) != RULES_REMIND_TOO_LATE;
	*cap = rules_remind_grant_cap(ctx->rules, ctx->now, today_usable);
	return SQLITE_OK;
}

static void answer(struct request *req, struct response *resp, const struct activity_ctx *ctx, int status)
{
	struct reminder_status st;
	int64_t cap = 0;
	int rc = read_reminders(req, ctx, &st, &cap);
	if (rc != SQLITE_OK) {
		worker_db_error(req, resp, rc);
		return;
	}
	cJSON *o = cJSON_CreateObject();
	cJSON_AddNumberToObject(o, "grants", (double)(st.grants < cap ? st.grants : cap));
	cJSON_AddNumberToObject(o, "max", (double)cap);
	if (st.has_last) {
		char day[CAL_DAY_BUF], at[CAL_INSTANT_BUF];
		cal_format_day(st.last_day, day, sizeof day);
		cal_format_instant(st.last_sent_at, at, sizeof at);
		cJSON *last = cJSON_AddObjectToObject(o, "last_sent");
		cJSON_AddStringToObject(last, "day", day);
		cJSON_AddStringToObject(last, "sent_at", at);
	} else {
		cJSON_AddNullToObject(o, "last_sent");
	}
	resp_json(resp, status, o);
}

void api_reminders_get(struct request *req, struct response *resp)
{
	struct activity_ctx ctx;
	if (!worker_activity(req, resp, &ctx, true))
		return;
	answer(req, resp, &ctx, 200);
}

/* Runs inside the route's write transaction: the count read and the count
 * written are one step, so two taps at once add two grants. */
void api_reminders_grant(struct request *req, struct response *resp)
{
	struct activity_ctx ctx;
	if (!worker_activity(req, resp, &ctx, true))
		return;
	const cJSON *granted = cJSON_GetObjectItemCaseSensitive(req->json, "granted");
	int64_t most = ctx.rules->total_days;
	if (!cJSON_IsNumber(granted) || !isfinite(granted->valuedouble) ||
	    granted->valuedouble != floor(granted->valuedouble) || granted->valuedouble < 1 ||
	    granted->valuedouble > (double)most) {
		worker_invalid(resp, "granted", arena_printf(req->arena, "granted 须为 1 到 %lld 之间的整数（同意订阅的次数）",
		                                             (long long)most));
		return;
	}
	struct reminder_status st;
	int64_t cap = 0;
	int rc = read_reminders(req, &ctx, &st, &cap);
	if (rc == SQLITE_OK && cap == 0) {
		resp_error(resp, 409, "reminders_closed", "活动已结束，无需再订阅提醒", NULL);
		return;
	}
	if (rc == SQLITE_OK) {
		/* At most one message a day: grants beyond the days left could never be used. */
		int64_t grants = (st.grants < cap ? st.grants : cap) + (int64_t)granted->valuedouble;
		rc = store_reminder_set_grants(worker_of(req)->db, ctx.activity->id, req->user_id,
		                               grants < cap ? grants : cap, ctx.now);
	}
	if (rc != SQLITE_OK) {
		worker_db_error(req, resp, rc);
		return;
	}
	answer(req, resp, &ctx, 200);
}

void api_reminders_stop(struct request *req, struct response *resp)
{
	struct activity_ctx ctx;
	if (!worker_activity(req, resp, &ctx, true))
		return;
	int rc = store_reminder_set_grants(worker_of(req)->db, ctx.activity->id, req->user_id, 0, ctx.now);
	if (rc != SQLITE_OK) {
		worker_db_error(req, resp, rc);
		return;
	}
	answer(req, resp, &ctx, 200);
}
