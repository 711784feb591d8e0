#include "checkpoint_route.h"

#include "store_checkpoints.h"
#include "store_steps.h"

#include <math.h>

bool checkpoint_param(struct request *req, struct response *resp, const struct activity_ctx *ctx, int *no)
{
	int64_t n;
	if (!req_param_id(req, resp, "no", &n))
		return false;
	if (n > ctx->rules->checkpoint_count) {
		resp_error(resp, 404, "not_found", "没有这个关卡", NULL);
		return false;
	}
	*no = (int)n;
	return true;
}

bool route_standing_load(struct request *req, struct response *resp, struct route_standing *s)
{
	struct db *db = worker_of(req)->db;
	if (!worker_activity(req, resp, &s->ctx, true) || !checkpoint_param(req, resp, &s->ctx, &s->no))
		return false;
	int rc = store_steps_cumulative(db, s->ctx.rules, s->ctx.activity->id, req->user_id, &s->cumulative);
	if (rc == SQLITE_OK)
		rc = store_checkpoints_passed_count(db, s->ctx.activity->id, req->user_id, &s->passed);
	if (rc != SQLITE_OK) {
		worker_db_error(req, resp, rc);
		return false;
	}
	s->lit = rules_checkpoints_lit(s->ctx.rules, s->cumulative);
	return true;
}

bool route_may_attempt(struct response *resp, const struct route_standing *s)
{
	switch (rules_may_attempt(s->ctx.rules, s->no, s->passed, s->lit)) {
	case RULES_ATTEMPT_OK:
		return true;
	case RULES_ATTEMPT_ALREADY_PASSED:
		resp_error(resp, 409, "already_passed", "这一关已经通过了", NULL);
		return false;
	case RULES_ATTEMPT_NOT_NEXT:
		resp_error(resp, 409, "not_in_order", "请按顺序闯关：前面的关卡还没有通过", NULL);
		return false;
	case RULES_ATTEMPT_NOT_LIT:
		resp_error(resp, 409, "not_lit", "这一关还没有点亮，继续走路吧", NULL);
		return false;
	case RULES_ATTEMPT_NO_SUCH_CHECKPOINT:
		break;
	}
	resp_error(resp, 404, "not_found", "没有这个关卡", NULL);
	return false;
}

bool json_int_in(const struct request *req, struct response *resp, const char *name, int64_t min, int64_t max,
                 const char *message, int64_t *out)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(req->json, name);
	double d = cJSON_IsNumber(v) ? v->valuedouble : NAN;
	if (!(d >= (double)min && d <= (double)max) || d != floor(d)) {
		worker_invalid(resp, name, message);
		return false;
	}
	*out = (int64_t)d;
	return true;
}
