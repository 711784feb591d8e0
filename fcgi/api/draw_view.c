/* A draw as the participant's answers show it (draw_view.h). */
#include "draw_view.h"

#include "calendar.h"
#include "pay_client.h"

bool draw_public_test(const struct activity_ctx *ctx)
{
	return ctx->now < cal_day_start(ctx->rules->first_day);
}

static cJSON *payout_json(struct request *req, const struct payout *p)
{
	struct worker *w = worker_of(req);
	cJSON *o = cJSON_CreateObject();
	cJSON_AddStringToObject(o, "state", rules_payout_state_name(p->state));
	if (p->test_mode)
		cJSON_AddBoolToObject(o, "test_mode", true);   /* the public test: no money moved */
	if (p->state == RULES_PAYOUT_WAIT_CONFIRM && p->package_info[0]) {
		cJSON_AddStringToObject(o, "mch_id", w->cfg.pay_mch_id);
		cJSON_AddStringToObject(o, "appid", pay_client_appid(&w->cfg));
		cJSON_AddStringToObject(o, "package_info", p->package_info);
	}
	return o;
}

cJSON *draw_json(struct request *req, const struct draw *d)
{
	char at[CAL_INSTANT_BUF];
	cal_format_instant(d->created_at, at, sizeof at);
	cJSON *o = cJSON_CreateObject();
	cJSON_AddNumberToObject(o, "id", (double)d->id);
	cJSON_AddNumberToObject(o, "amount_fen", (double)d->amount_fen);
	cJSON_AddStringToObject(o, "created_at", at);
	cJSON_AddItemToObject(o, "payout", payout_json(req, &d->payout));
	return o;
}
