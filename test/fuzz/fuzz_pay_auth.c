/* wxpay_authorization_parse() (wxpay_auth.h), the fake WeChat Pay's reading
 * of a request's Authorization header, on the input as the header's value
 * (exactly size bytes, no NUL).  Properties: a refusal leaves the result
 * zeroed; an acceptance has the five fields, each non-empty, within its
 * limit and of its characters, and the input is exactly the scheme, a space
 * and the five key="value" pairs joined by commas (its length is theirs, and
 * each pair is in it); the header built back from the fields in any order is
 * accepted with the same fields; a verification against no key never says
 * yes. */
#include "fuzz.h"

#include "wxpay_auth.h"

#include <stdbool.h>

static bool all_of(const char *s, const char *set, size_t size)
{
	size_t n = strlen(s);
	return n > 0 && n < size && strspn(s, set) == n;
}

#define ALNUM "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct wxpay_authorization a, b;
	static const struct wxpay_authorization zero;
	if (wxpay_authorization_parse((const char *)data, size, &a) != 0) {
		FUZZ_CHECK(memcmp(&a, &zero, sizeof a) == 0);
		return 0;
	}
	FUZZ_CHECK(all_of(a.mchid, "0123456789", WXPAY_MCHID_SIZE));
	FUZZ_CHECK(all_of(a.nonce_str, ALNUM, WXPAY_NONCE_SIZE));
	FUZZ_CHECK(all_of(a.signature, ALNUM "+/=", WXPAY_SIGNATURE_SIZE));
	FUZZ_CHECK(all_of(a.timestamp, "0123456789", WXPAY_TIMESTAMP_SIZE));
	FUZZ_CHECK(all_of(a.serial_no, ALNUM "_", WXPAY_SERIAL_SIZE));

	const char *names[5] = { "mchid", "nonce_str", "signature", "timestamp", "serial_no" };
	const char *values[5] = { a.mchid, a.nonce_str, a.signature, a.timestamp, a.serial_no };
	char *input = fuzz_strndup(data, size);
	size_t expected = strlen(WXPAY_AUTH_SCHEME " ") + 4;   /* the scheme, a space, four commas */
	for (int i = 0; i < 5; i++) {
		char pair[WXPAY_SIGNATURE_SIZE + 32];
		snprintf(pair, sizeof pair, "%s=\"%s\"", names[i], values[i]);
		FUZZ_CHECK(strstr(input, pair) != NULL);
		expected += strlen(pair);
	}
	FUZZ_CHECK(size == expected);
	free(input);

	/* Built back in an order picked by the input: the same fields. */
	char header[WXPAY_AUTHORIZATION_SIZE + 64];
	size_t used = (size_t)snprintf(header, sizeof header, "%s ", WXPAY_AUTH_SCHEME);
	int start = data[size - 1] % 5;
	for (int k = 0; k < 5; k++) {
		int i = (start + k) % 5;
		used += (size_t)snprintf(header + used, sizeof header - used, "%s%s=\"%s\"", k ? "," : "", names[i],
		                         values[i]);
	}
	FUZZ_CHECK(wxpay_authorization_parse(header, used, &b) == 0);
	FUZZ_CHECK(memcmp(&a, &b, sizeof a) == 0);

	FUZZ_CHECK(wxpay_response_verify(NULL, 0, a.timestamp, a.nonce_str, a.signature, a.serial_no, "", 0,
	                                 1554208460) != WXPAY_OK);
	return 0;
}
