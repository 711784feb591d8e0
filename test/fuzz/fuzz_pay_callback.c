/* WeChat Pay's completion callback as the server reads it (api_pay_notify.c),
 * fed three ways: the input as the callback's body (the envelope:
 * wxpay_callback_open under a fixed APIv3 key, then the bill parser on what it
 * opens), as the decrypted resource itself (pay_bill_parse), and sealed as a
 * genuine callback's resource, which must open to exactly the input.
 * Properties: a parsed bill has a non-empty out_bill_no and a state, every
 * field NUL-terminated within its size; a refused one is PAY_NO_ANSWER. */
#include "fuzz.h"

#include "buf.h"
#include "pay_answer.h"
#include "wxpay_auth.h"

static const unsigned char KEY[WXPAY_APIV3_KEY_BYTES] = "0123456789abcdefghijABCDEFGHIJkl";

static bool terminated(const char *s, size_t size)
{
	return memchr(s, '\0', size) != NULL;
}

static void check_bill(const char *json, size_t n)
{
	struct pay_answer a;
	int rc = pay_bill_parse(json, n, &a);
	FUZZ_CHECK((rc == 0) == (a.kind == PAY_STATE));
	FUZZ_CHECK(terminated(a.out_bill_no, sizeof a.out_bill_no) && terminated(a.state, sizeof a.state) &&
	           terminated(a.transfer_bill_no, sizeof a.transfer_bill_no) &&
	           terminated(a.package_info, sizeof a.package_info) && terminated(a.fail_reason, sizeof a.fail_reason));
	if (rc == 0)
		FUZZ_CHECK(a.out_bill_no[0] != '\0');
	/* The same text as an HTTP answer: never a state out of an error status. */
	pay_answer_parse(500, json, n, &a);
	FUZZ_CHECK(a.kind == PAY_ERROR && a.state[0] == '\0');
	pay_answer_parse(200, json, n, &a);
	FUZZ_CHECK(a.kind != PAY_ERROR);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *text = (const char *)data;
	struct buf plain = { 0 };
	char event[WXPAY_EVENT_TYPE_SIZE];
	if (wxpay_callback_open(text, size, KEY, &plain, event) == 0) {
		FUZZ_CHECK(terminated(event, sizeof event));
		check_bill(plain.data ? plain.data : "", plain.len);
	} else {
		FUZZ_CHECK(plain.len == 0);
	}
	check_bill(text, size);

	/* Round trip: the input sealed as WeChat Pay seals a resource. */
	struct buf body = { 0 };
	buf_puts(&body, "{\"id\":\"fuzz\",\"event_type\":\"MCHTRANSFER.BILL.FINISHED\","
	                "\"resource_type\":\"encrypt-resource\",\"resource\":");
	if (wxpay_resource_seal(&body, KEY, "abcdefABCDEF", WXPAY_RESOURCE_AD, "mch_payment", data, size) == 0) {
		buf_puts(&body, "}");
		buf_reset(&plain, 0);
		FUZZ_CHECK(wxpay_callback_open(body.data, body.len, KEY, &plain, event) == 0);
		FUZZ_CHECK(plain.len == size && (size == 0 || memcmp(plain.data, data, size) == 0));
		FUZZ_CHECK(strcmp(event, "MCHTRANSFER.BILL.FINISHED") == 0);
	}
	buf_free(&body);
	buf_free(&plain);
	return 0;
}
