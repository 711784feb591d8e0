/* RULES §13 and WECHAT.md §5: when reminders go out, how many grants can be
 * used, and the message's fields under WeChat's limits. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "config.h"
#include "rules.h"
#include "rules_fixture.h"
#include "rules_remind.h"
#include "wx_subscribe.h"

#include <cjson/cJSON.h>

#include <stdio.h>
#include <string.h>

enum { AT_2130 = 77400 };

static void reminders_go_out_from_remind_at_to_the_last_quarter_hour(void **state)
{
	(void)state;
	struct activity_rules r;
	rules_defaults(&r);
	assert_true(rules_remind_at_valid(&r, AT_2130));
	assert_true(rules_remind_at_valid(&r, 72000));        /* 20:00, the window opens */
	assert_false(rules_remind_at_valid(&r, 71999));
	assert_true(rules_remind_at_valid(&r, 85499));        /* 23:44:59 */
	assert_false(rules_remind_at_valid(&r, 85500));       /* 23:45: the last quarter hour */
	static const struct { const char *at; enum rules_remind_time want; } cases[] = {
		{ "2019-07-10T21:29:59+08:00", RULES_REMIND_TOO_EARLY },
		{ "2019-07-10T21:30:00+08:00", RULES_REMIND_OPEN },
		{ "2019-07-10T23:44:59+08:00", RULES_REMIND_OPEN },
		{ "2019-07-10T23:45:00+08:00", RULES_REMIND_TOO_LATE },
		{ "2019-07-11T00:00:00+08:00", RULES_REMIND_TOO_EARLY },
		{ "2019-06-20T21:30:00+08:00", RULES_REMIND_NOT_A_DAY },   /* public test: RULES §13 says activity days */
		{ "2019-10-08T21:30:00+08:00", RULES_REMIND_OPEN },        /* the last day */
		{ "2019-10-09T21:30:00+08:00", RULES_REMIND_NOT_A_DAY },
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
		if (rules_remind_time(&r, AT_2130, at(cases[i].at)) != cases[i].want)
			fail_msg("%s: got %d, want %d", cases[i].at, rules_remind_time(&r, AT_2130, at(cases[i].at)),
			         cases[i].want);
}

static void grants_are_bounded_by_the_days_left(void **state)
{
	(void)state;
	struct activity_rules r;
	rules_defaults(&r);
	/* Before the activity: every one of the 100 days. */
	assert_int_equal(rules_remind_grant_cap(&r, at("2019-06-20T10:00:00+08:00"), true), 100);
	assert_int_equal(rules_remind_grant_cap(&r, at("2019-06-20T10:00:00+08:00"), false), 100);
	/* Day 10: days 10..100, today counted only while it can be used. */
	assert_int_equal(rules_remind_grant_cap(&r, at("2019-07-10T21:00:00+08:00"), true), 91);
	assert_int_equal(rules_remind_grant_cap(&r, at("2019-07-10T21:00:00+08:00"), false), 90);
	assert_int_equal(rules_remind_grant_cap(&r, at("2019-10-08T21:00:00+08:00"), true), 1);
	assert_int_equal(rules_remind_grant_cap(&r, at("2019-10-08T21:00:00+08:00"), false), 0);
	assert_int_equal(rules_remind_grant_cap(&r, at("2019-10-09T09:00:00+08:00"), true), 0);
}

static void field_values_follow_wechat_limits(void **state)
{
	(void)state;
	static const struct { const char *key, *value; bool ok; } cases[] = {
		{ "thing1", "今日步数尚未结算，请在24点前打开小程序", true },    /* 20 characters */
		{ "thing1", "今日步数尚未结算，请在24点前打开小程序!", false },   /* 21 */
		{ "thing2", "", false },
		{ "phrase3", "未结算", true },
		{ "phrase3", "尚未结算步数", false },          /* 6 */
		{ "phrase3", "OK", false },                  /* not Chinese */
		{ "time4", "21:30", true },
		{ "time4", "2019年7月21日 23:59", true },
		{ "time4", "2019-07-21 23:59", true },
		{ "time4", "20:00~23:59", true },
		{ "time4", "2019年7月21日", false },          /* a time needs the clock */
		{ "time4", "24:00", false },
		{ "time4", "今晚", false },
		{ "time4", "2019年2月30日 10:00", false },
		{ "date5", "2019年7月21日", true },
		{ "date5", "2019年7月21日 23:59", true },
		{ "date5", "21:30", false },
		{ "date5", "2019年7月21日 ", false },
		{ "number6", "123.5", true },
		{ "number6", "12a", false },
		{ "character_string7", "ABC-123", true },
		{ "character_string7", "中文", false },
		{ "name8", "张三", true },
		{ "name8", "Zhang San", false },
		{ "amount9", "1元", false },                 /* a type this server does not know */
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		const char *why = wx_subscribe_value_check(cases[i].key, cases[i].value);
		if ((why == NULL) != cases[i].ok)
			fail_msg("%s=\"%s\": %s", cases[i].key, cases[i].value, why ? why : "accepted");
	}
}

static void config_with(struct walk_config *cfg, const char *data)
{
	char err[256];
	assert_int_equal(config_load_file(cfg, NULL, err, sizeof err), 0);
	snprintf(cfg->remind_data, sizeof cfg->remind_data, "%s", data);
}

static void the_default_message_renders_for_an_evening(void **state)
{
	(void)state;
	struct walk_config cfg;
	char err[512];
	assert_int_equal(config_load_file(&cfg, NULL, err, sizeof err), 0);
	struct wx_template t, out;
	assert_int_equal(wx_template_from_config(&cfg, &t, err, sizeof err), 0);
	struct wx_template_vars vars = { "与祖国同行", day("2019-07-21"), 86400 };
	if (wx_template_render(&t, &vars, &out, err, sizeof err) != 0)
		fail_msg("%s", err);
	assert_int_equal(out.nfields, 3);
	assert_string_equal(out.fields[0].key, "thing1");
	assert_string_equal(out.fields[0].value, "与祖国同行");
	assert_string_equal(out.fields[2].value, "2019年7月21日 23:59");   /* 24:00 is no clock time */
	assert_string_equal(out.miniprogram_state, "formal");
	char *body = wx_subscribe_body(&out, "oOPENID");
	assert_non_null(strstr(body, "\"touser\":\"oOPENID\""));
	assert_non_null(strstr(body, "\"time3\":{\"value\":\"2019年7月21日 23:59\"}"));
	cJSON_free(body);
	/* An activity name too long for a thing is refused before anything is sent. */
	vars.activity = "陕西省全省百万职工与祖国同行网上健步走活动";
	assert_int_equal(wx_template_render(&t, &vars, &out, err, sizeof err), -1);
	assert_non_null(strstr(err, "thing1"));
	assert_non_null(strstr(err, "more than 20"));
}

static void bad_configuration_is_refused_with_a_reason(void **state)
{
	(void)state;
	static const struct { const char *data, *reason; } cases[] = {
		{ "", "no field" },
		{ "thing1", "not key=value" },
		{ "1thing=x", "keyword name" },
		{ "thing1=a;thing1=b", "appears twice" },
		{ "amount1=1元", "does not know" },
		{ "thing1={name}", "unknown placeholder" },
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct walk_config cfg;
		config_with(&cfg, cases[i].data);
		struct wx_template t;
		char err[512] = "";
		if (wx_template_from_config(&cfg, &t, err, sizeof err) != -1 || !strstr(err, cases[i].reason))
			fail_msg("remind_data \"%s\": expected a refusal about '%s', got '%s'", cases[i].data,
			         cases[i].reason, err);
	}
	struct walk_config cfg;
	config_with(&cfg, "thing1=x");
	snprintf(cfg.remind_page, sizeof cfg.remind_page, "/pages/index/index");
	struct wx_template t;
	char err[512];
	assert_int_equal(wx_template_from_config(&cfg, &t, err, sizeof err), -1);
	assert_non_null(strstr(err, "remind_page"));
	config_with(&cfg, "thing1=x");
	cfg.mode = MODE_PRODUCTION;
	assert_int_equal(wx_template_from_config(&cfg, &t, err, sizeof err), -1);
	assert_non_null(strstr(err, "remind_template_id"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(reminders_go_out_from_remind_at_to_the_last_quarter_hour),
		cmocka_unit_test(grants_are_bounded_by_the_days_left),
		cmocka_unit_test(field_values_follow_wechat_limits),
		cmocka_unit_test(the_default_message_renders_for_an_evening),
		cmocka_unit_test(bad_configuration_is_refused_with_a_reason),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
