#include "pay_answer.h"

#include <cjson/cJSON.h>
#include <stdio.h>
#include <string.h>

/* Copies the string member name of o into out when it is a string that fits;
 * true if it did. */
static bool member(const cJSON *o, const char *name, char *out, size_t size)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, name);
	if (!cJSON_IsString(v) || !v->valuestring || strlen(v->valuestring) >= size)
		return false;
	memcpy(out, v->valuestring, strlen(v->valuestring) + 1);
	return true;
}

static bool read_bill(const cJSON *o, struct pay_answer *a)
{
	member(o, "out_bill_no", a->out_bill_no, sizeof a->out_bill_no);
	member(o, "transfer_bill_no", a->transfer_bill_no, sizeof a->transfer_bill_no);
	member(o, "package_info", a->package_info, sizeof a->package_info);
	member(o, "fail_reason", a->fail_reason, sizeof a->fail_reason);
	return member(o, "state", a->state, sizeof a->state);
}

void pay_answer_parse(long status, const char *body, size_t n, struct pay_answer *a)
{
	memset(a, 0, sizeof *a);
	a->status = status;
	a->kind = PAY_NO_ANSWER;
	cJSON *o = body && n ? cJSON_ParseWithLength(body, n) : NULL;
	if (status >= 200 && status < 300) {
		if (cJSON_IsObject(o) && read_bill(o, a))
			a->kind = PAY_STATE;
	} else if (status >= 400 && status < 600) {
		a->kind = PAY_ERROR;
		if (cJSON_IsObject(o)) {
			member(o, "code", a->code, sizeof a->code);
			member(o, "message", a->message, sizeof a->message);
		}
	}
	cJSON_Delete(o);
}

int pay_bill_parse(const char *json, size_t n, struct pay_answer *a)
{
	memset(a, 0, sizeof *a);
	a->kind = PAY_NO_ANSWER;
	cJSON *o = json && n ? cJSON_ParseWithLength(json, n) : NULL;
	if (cJSON_IsObject(o) && read_bill(o, a) && a->out_bill_no[0])
		a->kind = PAY_STATE;
	cJSON_Delete(o);
	return a->kind == PAY_STATE ? 0 : -1;
}
