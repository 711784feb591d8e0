/* WECHAT.md §6: every state and error code of the merchant transfer maps to
 * one action, and no answer that leaves a bill able to pay frees its draw for
 * a second bill. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "rules_payout.h"

#include <string.h>

enum { DAY = 86400, WINDOW = DAY };

struct state_case {
	const char *wx_state;
	enum rules_payout_state current;
	enum rules_payout_action action;
	enum rules_payout_state after;
	bool final;
};

static void test_every_state_has_one_action(void **unused)
{
	(void)unused;
	const struct state_case cases[] = {
		{ "ACCEPTED", RULES_PAYOUT_PAYING, RULES_PAYOUT_WAIT, RULES_PAYOUT_PAYING, false },
		{ "PROCESSING", RULES_PAYOUT_PAYING, RULES_PAYOUT_WAIT, RULES_PAYOUT_PAYING, false },
		{ "TRANSFERING", RULES_PAYOUT_PAYING, RULES_PAYOUT_WAIT, RULES_PAYOUT_PAYING, false },
		{ "CANCELING", RULES_PAYOUT_WAIT_CONFIRM, RULES_PAYOUT_WAIT, RULES_PAYOUT_WAIT_CONFIRM, false },
		{ "WAIT_USER_CONFIRM", RULES_PAYOUT_PAYING, RULES_PAYOUT_WAIT, RULES_PAYOUT_WAIT_CONFIRM, false },
		{ "WAIT_USER_CONFIRM", RULES_PAYOUT_WAIT_CONFIRM, RULES_PAYOUT_WAIT, RULES_PAYOUT_WAIT_CONFIRM, false },
		{ "SUCCESS", RULES_PAYOUT_PAYING, RULES_PAYOUT_DONE, RULES_PAYOUT_PAID, true },
		{ "SUCCESS", RULES_PAYOUT_WAIT_CONFIRM, RULES_PAYOUT_DONE, RULES_PAYOUT_PAID, true },
		{ "FAIL", RULES_PAYOUT_PAYING, RULES_PAYOUT_NEW_BILL, RULES_PAYOUT_FAILED, true },
		{ "CANCELLED", RULES_PAYOUT_WAIT_CONFIRM, RULES_PAYOUT_NEW_BILL, RULES_PAYOUT_EXPIRED, true },
		/* not understood: ask again, change nothing */
		{ "CANCELED", RULES_PAYOUT_WAIT_CONFIRM, RULES_PAYOUT_QUERY, RULES_PAYOUT_WAIT_CONFIRM, false },
		{ "success", RULES_PAYOUT_PAYING, RULES_PAYOUT_QUERY, RULES_PAYOUT_PAYING, false },
		{ "", RULES_PAYOUT_PAYING, RULES_PAYOUT_QUERY, RULES_PAYOUT_PAYING, false },
		{ NULL, RULES_PAYOUT_PAYING, RULES_PAYOUT_QUERY, RULES_PAYOUT_PAYING, false },
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct rules_payout_step s = rules_payout_on_state(cases[i].wx_state, cases[i].current);
		if (s.action != cases[i].action || s.state != cases[i].after || s.final != cases[i].final)
			fail_msg("state %s: got %s/%s", cases[i].wx_state ? cases[i].wx_state : "(null)",
			         rules_payout_action_name(s.action), rules_payout_state_name(s.state));
	}
}

struct error_case {
	bool is_query;
	int status;
	const char *code;
	int64_t age;
	enum rules_payout_action action;
	enum rules_payout_state after;   /* from paying */
};

static void test_every_error_code_has_one_action(void **unused)
{
	(void)unused;
	const struct error_case cases[] = {
		{ false, 500, "SYSTEM_ERROR", 0, RULES_PAYOUT_RETRY, RULES_PAYOUT_PAYING },
		{ true, 500, "SYSTEM_ERROR", 0, RULES_PAYOUT_QUERY, RULES_PAYOUT_PAYING },
		{ false, 502, NULL, 0, RULES_PAYOUT_RETRY, RULES_PAYOUT_PAYING },
		{ false, 429, "FREQUENCY_LIMITED", 0, RULES_PAYOUT_SLOW_DOWN, RULES_PAYOUT_PAYING },
		{ false, 429, "FREQUENCY_LIMIT_EXCEED", 0, RULES_PAYOUT_SLOW_DOWN, RULES_PAYOUT_PAYING },
		{ true, 429, "RATELIMIT_EXCEEDED", 0, RULES_PAYOUT_SLOW_DOWN, RULES_PAYOUT_PAYING },
		{ false, 429, "SOMETHING_NEW", 0, RULES_PAYOUT_SLOW_DOWN, RULES_PAYOUT_PAYING },
		{ false, 403, "NOT_ENOUGH", 0, RULES_PAYOUT_PAUSE, RULES_PAYOUT_PAYING },
		{ false, 400, "PARAM_ERROR", 0, RULES_PAYOUT_GIVE_UP, RULES_PAYOUT_FAILED },
		{ false, 400, "INVALID_REQUEST", 0, RULES_PAYOUT_GIVE_UP, RULES_PAYOUT_FAILED },
		/* a query's own refusal says nothing about the bill */
		{ true, 400, "PARAM_ERROR", 0, RULES_PAYOUT_QUERY, RULES_PAYOUT_PAYING },
		{ true, 404, "NOT_FOUND", 60, RULES_PAYOUT_RETRY, RULES_PAYOUT_PAYING },
		{ true, 404, "NOT_FOUND", WINDOW + 1, RULES_PAYOUT_NEW_BILL, RULES_PAYOUT_EXPIRED },
		/* NOT_FOUND to a transfer is not a query's answer: unknown */
		{ false, 404, "NOT_FOUND", WINDOW + 1, RULES_PAYOUT_QUERY, RULES_PAYOUT_PAYING },
		{ false, 401, "SIGN_ERROR", 0, RULES_PAYOUT_QUERY, RULES_PAYOUT_PAYING },
		{ false, 403, "NO_AUTH", 0, RULES_PAYOUT_QUERY, RULES_PAYOUT_PAYING },
		{ false, 400, NULL, 0, RULES_PAYOUT_QUERY, RULES_PAYOUT_PAYING },
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct rules_payout_step s = rules_payout_on_error(cases[i].is_query, cases[i].status, cases[i].code,
		                                                   cases[i].age, WINDOW, RULES_PAYOUT_PAYING);
		if (s.action != cases[i].action || s.state != cases[i].after)
			fail_msg("case %zu (%s %d): got %s/%s", i, cases[i].code ? cases[i].code : "(null)", cases[i].status,
			         rules_payout_action_name(s.action), rules_payout_state_name(s.state));
	}
	struct rules_payout_step s = rules_payout_on_no_answer(RULES_PAYOUT_WAIT_CONFIRM);
	assert_int_equal(s.action, RULES_PAYOUT_QUERY);
	assert_int_equal(s.state, RULES_PAYOUT_WAIT_CONFIRM);
	assert_false(s.final);
}

/* The invariant, over every input: a new bill is allowed only after WeChat
 * said FAIL or CANCELLED, or never knew the bill for the whole window; an
 * error never makes a bill final except our refused request (no bill made). */
static void test_no_second_bill_while_the_first_may_pay(void **unused)
{
	(void)unused;
	const char *states[] = { "ACCEPTED", "PROCESSING", "TRANSFERING", "CANCELING", "WAIT_USER_CONFIRM",
	                         "SUCCESS", "FAIL", "CANCELLED", "?", NULL };
	for (int cur = 0; cur < RULES_PAYOUT_STATE_COUNT; cur++)
		for (size_t i = 0; i < sizeof states / sizeof states[0]; i++) {
			struct rules_payout_step s = rules_payout_on_state(states[i], (enum rules_payout_state)cur);
			bool frees = s.action == RULES_PAYOUT_NEW_BILL;
			assert_int_equal(frees, states[i] && (!strcmp(states[i], "FAIL") || !strcmp(states[i], "CANCELLED")));
		}
	const char *codes[] = { "SYSTEM_ERROR", "FREQUENCY_LIMITED", "NOT_ENOUGH", "PARAM_ERROR", "INVALID_REQUEST",
	                        "NOT_FOUND", "SIGN_ERROR", NULL };
	const int statuses[] = { 400, 401, 403, 404, 429, 500, 503 };
	for (int q = 0; q < 2; q++)
		for (size_t c = 0; c < sizeof codes / sizeof codes[0]; c++)
			for (size_t h = 0; h < sizeof statuses / sizeof statuses[0]; h++)
				for (int64_t age = 0; age <= 2 * WINDOW; age += WINDOW) {
					struct rules_payout_step s = rules_payout_on_error(q, statuses[h], codes[c], age, WINDOW,
					                                                   RULES_PAYOUT_PAYING);
					if (s.action == RULES_PAYOUT_NEW_BILL)
						assert_true(q && codes[c] && !strcmp(codes[c], "NOT_FOUND") && age > WINDOW &&
						            statuses[h] < 500 && statuses[h] != 429);
					assert_int_not_equal(s.state, RULES_PAYOUT_PAID);
				}
}

static void test_backoff_grows_and_is_capped(void **unused)
{
	(void)unused;
	assert_int_equal(rules_payout_backoff(RULES_PAYOUT_RETRY, 1), 30);
	assert_int_equal(rules_payout_backoff(RULES_PAYOUT_RETRY, 2), 60);
	assert_int_equal(rules_payout_backoff(RULES_PAYOUT_QUERY, 4), 240);
	assert_int_equal(rules_payout_backoff(RULES_PAYOUT_RETRY, 40), 1800);
	assert_int_equal(rules_payout_backoff(RULES_PAYOUT_SLOW_DOWN, 1), 120);
	assert_int_equal(rules_payout_backoff(RULES_PAYOUT_SLOW_DOWN, 40), 3600);
	assert_int_equal(rules_payout_backoff(RULES_PAYOUT_WAIT, 1), 3600);
	assert_int_equal(rules_payout_backoff(RULES_PAYOUT_PAUSE, 1), 600);
	assert_int_equal(rules_payout_backoff(RULES_PAYOUT_DONE, 1), 0);
}

static void test_bill_numbers(void **unused)
{
	(void)unused;
	char buf[RULES_BILL_NO_BUF];
	assert_true(rules_payout_bill_no(1, 1, buf, sizeof buf));
	assert_string_equal(buf, "WD1A1");
	assert_true(rules_payout_bill_no(INT64_MAX, 2147483647, buf, sizeof buf));
	assert_true(strlen(buf) <= 32);
	for (const char *p = buf; *p; p++)
		assert_true((*p >= '0' && *p <= '9') || (*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z'));
	assert_false(rules_payout_bill_no(0, 1, buf, sizeof buf));
	assert_string_equal(buf, "");
	assert_false(rules_payout_bill_no(5, 0, buf, sizeof buf));
	assert_false(rules_payout_bill_no(12345, 1, buf, 5));
	assert_string_equal(buf, "");
	enum rules_payout_state st;
	for (int s = 0; s < RULES_PAYOUT_STATE_COUNT; s++) {
		assert_true(rules_payout_state_parse(rules_payout_state_name((enum rules_payout_state)s), &st));
		assert_int_equal(st, s);
	}
	assert_false(rules_payout_state_parse("PAID", &st));
	assert_false(rules_payout_state_parse(NULL, &st));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_state_has_one_action),
		cmocka_unit_test(test_every_error_code_has_one_action),
		cmocka_unit_test(test_no_second_bill_while_the_first_may_pay),
		cmocka_unit_test(test_backoff_grows_and_is_capped),
		cmocka_unit_test(test_bill_numbers),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
