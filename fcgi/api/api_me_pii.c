/*
 * The participant's own personal data (README "Personal information"):
 *   GET    /api/me/data   everything held about the caller (store_own_data.h)
 *   DELETE /api/me        {"confirm":"删除"}: erases the account
 *                         (store_pii_erase.h); 409 payout_pending while a red
 *                         envelope is on its way, so that no money is lost
 *                         between WeChat Pay and an erased account.
 */
#include "worker.h"

#include "clock.h"
#include "store_audit.h"
#include "store_own_data.h"
#include "store_pii_erase.h"

#include <string.h>

#define ERASE_CONFIRMATION "删除"

void api_me_data(struct request *req, struct response *resp)
{
	struct worker *w = worker_of(req);
	cJSON *doc;
	int rc = store_own_data(w->db, &w->sealer, req->user_id, &doc);
	if (rc != SQLITE_OK) {
		worker_db_error(req, resp, rc);
		return;
	}
	resp_json(resp, 200, doc);
}

static cJSON *removed_json(const struct pii_removed *r, int64_t awards, int64_t payouts)
{
	cJSON *o = pii_removed_json(r);
	cJSON_AddNumberToObject(o, "awards_forfeited", (double)awards);
	cJSON_AddNumberToObject(o, "payouts_forfeited", (double)payouts);
	return o;
}

void api_me_erase(struct request *req, struct response *resp)
{
	struct worker *w = worker_of(req);
	const char *confirm = json_str(req, "confirm");
	if (!confirm || strcmp(confirm, ERASE_CONFIRMATION) != 0) {
		worker_invalid(resp, "confirm", "注销账号须确认：请填写“" ERASE_CONFIRMATION "”");
		return;
	}
	int64_t pending = 0, awards = 0, payouts = 0;
	int rc = store_pii_pending_payouts(w->db, req->user_id, &pending);
	if (rc == SQLITE_OK && pending > 0) {
		resp_error(resp, 409, "payout_pending",
		           "您有红包正在发放中，请先在小程序中确认收款或等待发放完成，再注销账号", NULL);
		return;
	}
	if (rc == SQLITE_OK)
		rc = store_pii_forfeits(w->db, req->user_id, &awards, &payouts);
	/* What was in the rows is zeroed where it lay, not left as free space. */
	if (rc == SQLITE_OK)
		rc = db_exec(w->db, "PRAGMA secure_delete = ON");
	struct pii_removed removed = { 0 };
	int64_t now = clock_now();
	if (rc == SQLITE_OK)
		rc = store_pii_erase_user(w->db, req->user_id, now, &removed);
	/* The record says that it happened and how much went, never what. */
	if (rc == SQLITE_OK) {
		struct audit_entry e = { .at = now, .actor = "participant", .action = "user.erase",
		                         .target = arena_printf(req->arena, "user:%lld", (long long)req->user_id),
		                         .remote_addr = req->remote_addr };
		rc = store_audit_add_json(w->db, &e, NULL, removed_json(&removed, awards, payouts));
	}
	if (rc != SQLITE_OK) {
		worker_db_error(req, resp, rc);
		return;
	}
	cJSON *o = cJSON_CreateObject();
	cJSON_AddBoolToObject(o, "erased", true);
	cJSON_AddItemToObject(o, "removed", removed_json(&removed, awards, payouts));
	cJSON_AddStringToObject(o, "message",
	                        awards || payouts ? "账号已注销；未寄出的奖品和未领取的红包已放弃"
	                                          : "账号已注销；步数和积分仅以匿名统计形式保留");
	resp_json(resp, 200, o);
}
