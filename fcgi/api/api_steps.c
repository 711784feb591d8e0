/*
 * POST /api/activities/{aid}/steps/sync {"encryptedData","iv"} (RULES §2,
 * WECHAT.md §2).  The only way steps enter the system: WeRun data that the
 * server decrypts with the user's session key.  Any step number a client sends
 * in clear is ignored.  The payload can be forged by flipping ciphertext bits:
 * werun_decrypt reads it strictly, and refused payloads are counted and
 * rationed (sync_refusals.h, RULES §14).
 */
#include "worker.h"

#include "calendar.h"
#include "log.h"
#include "store_steps.h"
#include "store_user.h"
#include "sync_refusals.h"
#include "werun.h"

#include <string.h>

enum { WERUN_FIELD_MAX = 16 * 1024 };   /* 31 entries encrypt to about 2 KiB */

/* Answers st and returns the code answered. */
static const char *answer_werun_error(struct response *resp, enum werun_status st)
{
	switch (st) {
	case WERUN_BAD_KEY:
		resp_error(resp, 400, "werun_bad_key", "登录状态已过期，请重新登录后再同步步数", NULL);
		return "werun_bad_key";
	case WERUN_BAD_IV:
		resp_error(resp, 400, "werun_bad_iv", "微信运动数据的 iv 无效", "iv");
		return "werun_bad_iv";
	default:
		resp_error(resp, 400, "werun_undecryptable",
		           "微信运动数据无法解密，请重新登录后再同步步数", "encryptedData");
		return "werun_undecryptable";
	}
}

/* Answers st and returns the code answered. */
static const char *answer_sync_error(struct response *resp, enum rules_sync_status st)
{
	if (st == RULES_SYNC_WRONG_APP) {
		resp_error(resp, 400, "werun_wrong_app", "微信运动数据不属于本小程序", NULL);
		return "werun_wrong_app";
	}
	/* stale, or no entry for today: the data is not today's */
	resp_error(resp, 400, "werun_stale", "微信运动数据已过期，请重新打开小程序同步", NULL);
	return "werun_stale";
}


/* Cumulative counted steps and the checkpoints they light, for the answer. */
static int progress(struct request *req, const struct activity_ctx *ctx, int64_t *cumulative, int *lit)
{
	int rc = store_steps_cumulative(worker_of(req)->db, ctx->rules, ctx->activity->id, req->user_id,
	                                cumulative);
	*lit = rules_checkpoints_lit(ctx->rules, *cumulative);
	return rc;
}

void api_steps_sync(struct request *req, struct response *resp)
{
	struct worker *w = worker_of(req);
	struct activity_ctx ctx;
	if (!worker_activity(req, resp, &ctx, true))
		return;
	if (!sync_refusals_admit(req, resp, &ctx))
		return;
	const char *encrypted = json_str(req, "encryptedData"), *iv = json_str(req, "iv");
	if (!encrypted || !*encrypted || strlen(encrypted) > WERUN_FIELD_MAX) {
		worker_invalid(resp, "encryptedData", "缺少微信运动数据 encryptedData");
		return;
	}
	if (!iv || !*iv) {
		worker_invalid(resp, "iv", "缺少微信运动数据 iv");
		return;
	}
	char key[STORE_USER_KEY_MAX + 1];
	const char *unreadable = NULL;
	int rc = store_user_session_key(w->db, &w->sealer, req->user_id, key, sizeof key, &unreadable);
	if (rc == STORE_USER_KEY_UNREADABLE) {
		/* Not the participant's doing and not counted against them: a login
		 * again seals a new key.  Loud, because it means a wrong data_key, a
		 * row tampered with, or a key moved from another user's row. */
		log_error("user %lld: the stored session key is unusable (%s); sync refused as werun_bad_key",
		          (long long)req->user_id, unreadable);
		answer_werun_error(resp, WERUN_BAD_KEY);
		return;
	}
	/* No user: the token's user is gone, so the token names nobody. */
	if (!worker_found(req, resp, rc, 401, "unauthenticated", "登录已失效，请重新登录"))
		return;
	struct werun_data *data = arena_alloc(req->arena, sizeof *data);
	enum werun_status ws = werun_decrypt(key, iv, encrypted, data);
	memset(key, 0, sizeof key);
	if (ws != WERUN_OK) {
		const char *code = answer_werun_error(resp, ws);
		/* A bad session key is WeChat's or ours, not the participant's doing. */
		if (ws != WERUN_BAD_KEY)
			sync_refusals_note(req, resp, &ctx, code, data->refusal);
		return;
	}
	struct rules_sync_reading reading;
	enum rules_sync_status ss = rules_read_sync(ctx.rules, w->cfg.appid, data->appid, data->watermark_ts,
	                                            data->entries, data->n, ctx.now, &reading);
	if (ss != RULES_SYNC_OK) {
		const char *code = answer_sync_error(resp, ss);
		/* Stale data is a genuine payload that the phone had not refreshed, not
		 * something a participant made: only another app's data counts. */
		if (ss == RULES_SYNC_WRONG_APP)
			sync_refusals_note(req, resp, &ctx, code, "watermark appid");
		return;
	}
	if (!werun_ends_on(data, cal_day_start(reading.day))) {
		sync_refusals_note(req, resp, &ctx, answer_werun_error(resp, WERUN_UNDECRYPTABLE),
		                   "list ends after today");
		return;
	}
	/* Stored whatever the day (a sync outside the activity scores nothing by the
	 * rules).  The write transaction holds just this one upsert: everything
	 * before it (authentication, decryption, checks) ran without the lock. */
	struct day_steps day;
	rc = worker_begin_write(w);
	if (rc == SQLITE_OK)
		rc = store_steps_record(w->db, ctx.activity->id, req->user_id, reading.day, reading.raw_steps,
		                        reading.settles, ctx.now, &day);
	if (!worker_finish_write(req, resp, rc))
		return;
	int64_t cumulative = 0;
	int lit = 0;
	/* The answer's reads in one snapshot: one set of lock calls for them all
	 * (the request's end closes it). */
	rc = db_begin_read(w->db);
	if (rc == SQLITE_OK)
		rc = progress(req, &ctx, &cumulative, &lit);
	if (rc != SQLITE_OK) {
		worker_db_error(req, resp, rc);
		return;
	}
	char day_text[CAL_DAY_BUF];
	cal_format_day(day.day, day_text, sizeof day_text);
	cJSON *o = cJSON_CreateObject();
	cJSON_AddStringToObject(o, "day", day_text);
	cJSON_AddNumberToObject(o, "steps", (double)rules_displayed_steps(ctx.rules, day.raw_steps));
	cJSON_AddBoolToObject(o, "provisional", reading.provisional);
	cJSON_AddBoolToObject(o, "settled", day.settled);
	cJSON_AddNumberToObject(o, "cumulative", (double)cumulative);
	cJSON_AddNumberToObject(o, "lit", lit);
	resp_json(resp, 200, o);
}
