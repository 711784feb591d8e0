/* WeChat Pay's answers read (pay_answer.h) and the transfer's request body
 * (pay_transfer.h): every field WECHAT.md §6 requires, within its limits, and
 * the same body for every retry of a bill. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "pay_answer.h"
#include "pay_transfer.h"

#include <cjson/cJSON.h>
#include <string.h>

#define S(lit) lit, sizeof lit - 1

static void test_answers(void **unused)
{
	(void)unused;
	struct pay_answer a;
	pay_answer_parse(200, S("{\"out_bill_no\":\"WD1A1\",\"transfer_bill_no\":\"1330\",\"create_time\":\"x\","
	                        "\"state\":\"WAIT_USER_CONFIRM\",\"package_info\":\"affffddafdfafddffda==\"}"), &a);
	assert_int_equal(a.kind, PAY_STATE);
	assert_string_equal(a.state, "WAIT_USER_CONFIRM");
	assert_string_equal(a.package_info, "affffddafdfafddffda==");
	assert_string_equal(a.out_bill_no, "WD1A1");
	pay_answer_parse(403, S("{\"code\":\"NOT_ENOUGH\",\"message\":\"余额不足\"}"), &a);
	assert_int_equal(a.kind, PAY_ERROR);
	assert_string_equal(a.code, "NOT_ENOUGH");
	pay_answer_parse(502, S("<html>bad gateway</html>"), &a);
	assert_int_equal(a.kind, PAY_ERROR);
	assert_string_equal(a.code, "");
	/* A 200 without a state, or not JSON, says nothing. */
	pay_answer_parse(200, S("{\"out_bill_no\":\"WD1A1\"}"), &a);
	assert_int_equal(a.kind, PAY_NO_ANSWER);
	pay_answer_parse(200, S("not json"), &a);
	assert_int_equal(a.kind, PAY_NO_ANSWER);
	pay_answer_parse(200, S("{\"state\":7}"), &a);
	assert_int_equal(a.kind, PAY_NO_ANSWER);
	/* A field too long to hold is treated as absent, never cut. */
	char longer[700] = "{\"state\":\"SUCCESS\",\"package_info\":\"";
	memset(longer + strlen(longer), 'a', 600);
	strcat(longer, "\"}");
	pay_answer_parse(200, longer, strlen(longer), &a);
	assert_int_equal(a.kind, PAY_STATE);
	assert_string_equal(a.package_info, "");

	assert_int_equal(pay_bill_parse(S("{\"out_bill_no\":\"WD9A2\",\"state\":\"CANCELLED\",\"fail_reason\":\"X\"}"), &a), 0);
	assert_string_equal(a.state, "CANCELLED");
	assert_string_equal(a.fail_reason, "X");
	assert_int_equal(pay_bill_parse(S("{\"state\":\"SUCCESS\"}"), &a), -1);
	assert_int_equal(a.kind, PAY_NO_ANSWER);
	assert_int_equal(pay_bill_parse(S("[]"), &a), -1);
}

static size_t utf8_chars(const char *s)
{
	size_t n = 0;
	for (; *s; s++)
		n += ((unsigned char)*s & 0xc0) != 0x80;
	return n;
}

static void test_transfer_body_has_every_field(void **unused)
{
	(void)unused;
	struct payout p;
	memset(&p, 0, sizeof p);
	strcpy(p.out_bill_no, "WD42A1");
	strcpy(p.openid, "o-user-42");
	p.amount_fen = 30;
	struct buf body = { 0 }, again = { 0 };
	pay_transfer_body(&p, "wxd0e1a2b3c4d5e6f7", "https://walk.example.org/api/pay/notify", &body);
	cJSON *o = cJSON_Parse(buf_str(&body));
	assert_non_null(o);
	assert_string_equal(cJSON_GetStringValue(cJSON_GetObjectItem(o, "appid")), "wxd0e1a2b3c4d5e6f7");
	assert_string_equal(cJSON_GetStringValue(cJSON_GetObjectItem(o, "out_bill_no")), "WD42A1");
	assert_string_equal(cJSON_GetStringValue(cJSON_GetObjectItem(o, "transfer_scene_id")), "1000");
	assert_string_equal(cJSON_GetStringValue(cJSON_GetObjectItem(o, "openid")), "o-user-42");
	assert_true(cJSON_IsNumber(cJSON_GetObjectItem(o, "transfer_amount")));
	assert_int_equal((int)cJSON_GetNumberValue(cJSON_GetObjectItem(o, "transfer_amount")), 30);
	const char *remark = cJSON_GetStringValue(cJSON_GetObjectItem(o, "transfer_remark"));
	assert_true(remark && utf8_chars(remark) >= 1 && utf8_chars(remark) <= 32);
	assert_string_equal(cJSON_GetStringValue(cJSON_GetObjectItem(o, "notify_url")),
	                    "https://walk.example.org/api/pay/notify");
	const char *perception = cJSON_GetStringValue(cJSON_GetObjectItem(o, "user_recv_perception"));
	assert_true(!strcmp(perception, "活动奖励") || !strcmp(perception, "现金奖励"));
	cJSON *infos = cJSON_GetObjectItem(o, "transfer_scene_report_infos");
	assert_int_equal(cJSON_GetArraySize(infos), 2);
	const char *types[] = { "活动名称", "奖励说明" };
	for (int i = 0; i < 2; i++) {
		cJSON *e = cJSON_GetArrayItem(infos, i);
		assert_string_equal(cJSON_GetStringValue(cJSON_GetObjectItem(e, "info_type")), types[i]);
		const char *content = cJSON_GetStringValue(cJSON_GetObjectItem(e, "info_content"));
		assert_true(utf8_chars(content) >= 1 && utf8_chars(content) <= 32);
	}
	cJSON_Delete(o);
	/* The same bill gives the same body, whatever else changed since. */
	p.tries = 7;
	p.state = RULES_PAYOUT_WAIT_CONFIRM;
	strcpy(p.wx_state, "ACCEPTED");
	pay_transfer_body(&p, "wxd0e1a2b3c4d5e6f7", "https://walk.example.org/api/pay/notify", &again);
	assert_string_equal(buf_str(&body), buf_str(&again));
	buf_free(&body);
	buf_free(&again);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_answers),
		cmocka_unit_test(test_transfer_body_has_every_field),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
