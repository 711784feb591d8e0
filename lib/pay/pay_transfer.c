#include "pay_transfer.h"

#include "pay_client.h"

#include <cjson/cJSON.h>
#include <stdio.h>
#include <string.h>

#define TRANSFER_PATH "/v3/fund-app/mch-transfer/transfer-bills"

/* Scene 1000 (现金营销) and its two report entries; the remark and the
 * perception the participant sees.  Constants: a retried bill must carry
 * exactly the fields it was first sent with. */
#define TRANSFER_SCENE "1000"
#define TRANSFER_REMARK "与祖国同行健步走红包"
#define TRANSFER_PERCEPTION "活动奖励"
#define REPORT_ACTIVITY "与祖国同行全省职工健步走"
#define REPORT_REWARD "积分抽奖现金红包"

void pay_transfer_body(const struct payout *p, const char *appid, const char *notify_url, struct buf *out)
{
	cJSON *o = cJSON_CreateObject();
	cJSON_AddStringToObject(o, "appid", appid);
	cJSON_AddStringToObject(o, "out_bill_no", p->out_bill_no);
	cJSON_AddStringToObject(o, "transfer_scene_id", TRANSFER_SCENE);
	cJSON_AddStringToObject(o, "openid", p->openid);
	cJSON_AddNumberToObject(o, "transfer_amount", (double)p->amount_fen);
	cJSON_AddStringToObject(o, "transfer_remark", TRANSFER_REMARK);
	cJSON_AddStringToObject(o, "notify_url", notify_url);
	cJSON_AddStringToObject(o, "user_recv_perception", TRANSFER_PERCEPTION);
	cJSON *infos = cJSON_AddArrayToObject(o, "transfer_scene_report_infos");
	const char *report[2][2] = { { "活动名称", REPORT_ACTIVITY }, { "奖励说明", REPORT_REWARD } };
	for (int i = 0; i < 2; i++) {
		cJSON *e = cJSON_CreateObject();
		cJSON_AddStringToObject(e, "info_type", report[i][0]);
		cJSON_AddStringToObject(e, "info_content", report[i][1]);
		cJSON_AddItemToArray(infos, e);
	}
	char *text = cJSON_PrintUnformatted(o);
	buf_reset(out, 0);
	buf_puts(out, text ? text : "");
	cJSON_free(text);
	cJSON_Delete(o);
}

static void answer_of(int rc, struct pay_http *h, struct pay_answer *a)
{
	if (rc != 0 || !h->verified) {
		memset(a, 0, sizeof *a);
		a->kind = PAY_NO_ANSWER;
		a->status = rc == 0 ? h->status : 0;
	} else {
		pay_answer_parse(h->status, h->body.data, h->body.len, a);
	}
	buf_free(&h->body);
}

void pay_transfer(struct pay_client *pc, const char *appid, const struct payout *p, int64_t now_real,
                  struct pay_answer *a)
{
	struct buf body = { 0 };
	pay_transfer_body(p, appid, pay_client_notify_url(pc), &body);
	struct pay_http h;
	int rc = pay_call(pc, "POST", TRANSFER_PATH, buf_str(&body), now_real, &h);
	buf_free(&body);
	answer_of(rc, &h, a);
}

void pay_query(struct pay_client *pc, const char *out_bill_no, int64_t now_real, struct pay_answer *a)
{
	char path[128];
	snprintf(path, sizeof path, TRANSFER_PATH "/out-bill-no/%s", out_bill_no);
	struct pay_http h;
	int rc = pay_call(pc, "GET", path, NULL, now_real, &h);
	answer_of(rc, &h, a);
}
