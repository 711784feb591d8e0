/*
 * Reminders through the real stack (RULES §13, WECHAT.md §5, API.md
 * "Reminders"): grants counted and bounded, `walkctl remind` against the fake
 * WeChat — one message a day per grant, none to who settled, none twice after
 * a run killed during a call, and each of WeChat's answers: 43101, 47003,
 * 40001, no answer in time (retried by a later run of the evening), busy and
 * 5xx.  The fake's own checks of a message's fields too.
 *
 * Every test has an evening of its own (stack_clock) and starts with nobody
 * holding a grant and no fault pending, so that one test's participants
 * never take another's messages or faults.  Runs send one message at a time
 * (remind_concurrency 1), in user order, so that a fault meets a known person.
 */
#include "walker.h"

#include "calendar.h"

#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <unistd.h>

static struct stack S;
static int evening;            /* the day of the current test: 2019-07-01 + evening */
static char today[CAL_DAY_BUF];   /* "2019-07-02" */

/* The next evening's day. */
static void next_day(void)
{
	int32_t first = 0;
	cal_parse_day("2019-07-01", &first);
	cal_format_day(first + ++evening, today, sizeof today);
}

static int start_stack(void **state)
{
	(void)state;
	return stack_start(&S, "reminders", "WALK_WORKERS=2 WALK_WX_TIMEOUT_MS=1500 WALK_REMIND_CONCURRENCY=1");
}

static int stop_stack(void **state)
{
	(void)state;
	stack_stop(&S);
	return 0;
}


static void sql(const char *db, const char *statement)
{
	char out[512];
	if (stack_sh(&S, out, sizeof out, "sqlite3 \"$WALK_VAR/%s\" \"%s\"", db, statement) != 0)
		fail_msg("sqlite3 %s: %s", statement, out);
}

/* The server clock at hh:mm of the current test's evening. */
static void clock_at(const char *hhmm)
{
	char instant[64];
	snprintf(instant, sizeof instant, "%sT%s:00+08:00", today, hhmm);
	stack_clock(&S, instant);
}

/* A new evening (21:35, after remind_at), nobody with a grant, no fault. */
static int new_evening(void **state)
{
	(void)state;
	next_day();
	sql("walk.db", "UPDATE reminder_grants SET grants = 0");
	sql("fakewx.db", "DELETE FROM faults");
	clock_at("21:35");
	return 0;
}


static void grant(struct walker *w, int n, long expect_grants)
{
	char body[64];
	snprintf(body, sizeof body, "{\"granted\":%d}", n);
	struct http_reply r;
	assert_int_equal(walker_req(w, &r, "POST", "/api/activities/1/reminders", body), 0);
	expect_status(&r, 200);
	if ((long)http_num(&r, "grants") != expect_grants)
		fail_msg("expected %ld grants, got %s", expect_grants, r.body);
	http_reply_free(&r);
}

static long grants_of(struct walker *w)
{
	struct http_reply r;
	assert_int_equal(walker_req(w, &r, "GET", "/api/activities/1/reminders", NULL), 0);
	expect_status(&r, 200);
	long n = (long)http_num(&r, "grants");
	http_reply_free(&r);
	return n;
}

static void fault(const char *name, int count, int seconds)
{
	char body[160];
	snprintf(body, sizeof body, "{\"api\":\"subscribe_send\",\"fault\":\"%s\",\"count\":%d,\"seconds\":%d}", name,
	         count, seconds);
	struct http_reply r;
	assert_int_equal(stack_post(&r, &S, FAKE, "/fake/faults", body), 0);
	expect_status(&r, 200);
	http_reply_free(&r);
}

/* How many messages the fake received for w. */
static int messages_to(const struct walker *w)
{
	char path[160];
	snprintf(path, sizeof path, "/fake/messages?touser=%s", w->openid);
	struct http_reply r;
	assert_int_equal(stack_get(&r, &S, FAKE, path), 0);
	expect_status(&r, 200);
	int n = cJSON_GetArraySize(r.json);
	http_reply_free(&r);
	return n;
}


/* walkctl remind with extra environment (may be ""); asserts its exit status. */
static void remind(const char *env, int want_status, char *out, int outsize)
{
	int rc = stack_sh(&S, out, outsize, "%s walkctl remind", env);
	if (rc != want_status)
		fail_msg("walkctl remind (%s): exit %d, expected %d:\n%s", env, rc, want_status, out);
}

static void expect_in(const char *out, const char *text)
{
	if (!strstr(out, text))
		fail_msg("expected '%s' in walkctl's output:\n%s", text, out);
}

/* The state of w's row of today, "" if none. */
static void send_state(const struct walker *w, char *out, int size)
{
	char shell[256];
	snprintf(shell, sizeof shell,
	         "sqlite3 \"$WALK_VAR/walk.db\" \"SELECT state FROM reminder_sends WHERE user_id = %ld AND day = '%s'\"",
	         w->user_id, today);
	stack_sh(&S, out, size, "%s", shell);
	out[strcspn(out, "\n")] = '\0';
}

static void expect_state(const struct walker *w, const char *state)
{
	char got[64];
	send_state(w, got, sizeof got);
	if (strcmp(got, state) != 0)
		fail_msg("user %ld: expected state '%s' today, got '%s'", w->user_id, state, got);
}

static long count_rows(const char *where)
{
	char q[512];
	snprintf(q, sizeof q, "SELECT count(*) FROM reminder_sends WHERE day = '%s' AND %s", today, where);
	return stack_sql_int(&S, q);
}

/* Syncs today's steps now (the clock decides whether it settles the day). */
static void sync_steps(struct walker *w, int steps)
{
	char list[128], body[4096];
	snprintf(list, sizeof list, "[{\"day\":\"%s\",\"step\":%d}]", today, steps);
	walker_werun(w, list, NULL, body, sizeof body);
	struct http_reply r;
	walker_sync(w, body, &r);
	expect_status(&r, 200);
	http_reply_free(&r);
}

/* ---------------------------------------------------------------- grants */

static void grants_are_counted_and_bounded(void **state)
{
	(void)state;
	struct walker a;
	walker_person(&a, &S, "赵一");
	struct http_reply r;
	assert_int_equal(walker_req(&a, &r, "GET", "/api/activities/1/reminders", NULL), 0);
	expect_status(&r, 200);
	assert_int_equal((int)http_num(&r, "grants"), 0);
	assert_true(cJSON_IsNull(cJSON_GetObjectItem(r.json, "last_sent")));
	int max = (int)http_num(&r, "max");
	http_reply_free(&r);
	/* Every activity day from today on, today included: 2019-07-02..10-08. */
	assert_int_equal(max, 99 - (evening - 1));
	grant(&a, 2, 2);
	grant(&a, 3, 5);
	assert_int_equal(grants_of(&a), 5);
	/* Stopping drops them. */
	assert_int_equal(walker_req(&a, &r, "DELETE", "/api/activities/1/reminders", NULL), 0);
	expect_status(&r, 200);
	assert_int_equal((int)http_num(&r, "grants"), 0);
	http_reply_free(&r);
	assert_int_equal(grants_of(&a), 0);
	grant(&a, 1, 1);

	/* Near the end only the days left can be used: 10-07 and 10-08. */
	stack_clock(&S, "2019-10-07T21:00:00+08:00");
	struct walker b;
	walker_person(&b, &S, "钱二");
	grant(&b, 5, 2);
	grant(&b, 1, 2);
	char q[128];
	snprintf(q, sizeof q, "SELECT grants FROM reminder_grants WHERE user_id = %ld", b.user_id);
	assert_int_equal(stack_sql_int(&S, q), 2);   /* kept as bounded, not only shown so */
	char out[4096];
	stack_clock(&S, "2019-10-07T21:35:00+08:00");
	remind("", 0, out, sizeof out);
	/* Today's message is sent: only tomorrow's grant is left, and usable. */
	assert_int_equal(grants_of(&b), 1);
	assert_int_equal(walker_req(&b, &r, "GET", "/api/activities/1/reminders", NULL), 0);
	assert_int_equal((int)http_num(&r, "max"), 1);
	cJSON *last = cJSON_GetObjectItem(r.json, "last_sent");
	assert_string_equal(cJSON_GetStringValue(cJSON_GetObjectItem(last, "day")), "2019-10-07");
	assert_non_null(strstr(cJSON_GetStringValue(cJSON_GetObjectItem(last, "sent_at")), "2019-10-07T21:35"));
	http_reply_free(&r);
	/* After the last day nothing can be granted. */
	stack_clock(&S, "2019-10-09T10:00:00+08:00");
	assert_int_equal(walker_req(&b, &r, "POST", "/api/activities/1/reminders", "{\"granted\":1}"), 0);
	expect_error(&r, 409, "reminders_closed", NULL);
	assert_int_equal(grants_of(&b), 0);
}

static void grants_are_validated(void **state)
{
	(void)state;
	struct walker a, stranger;
	walker_person(&a, &S, "孙三");
	walker_login(&stranger, &S, NULL);   /* not enrolled */
	struct http_reply r;
	const char *bad[] = { "{}", "{\"granted\":0}", "{\"granted\":-1}", "{\"granted\":1.5}", "{\"granted\":\"2\"}",
	                      "{\"granted\":101}", "{\"granted\":null}", "{\"granted\":true}" };
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		assert_int_equal(walker_req(&a, &r, "POST", "/api/activities/1/reminders", bad[i]), 0);
		expect_error(&r, 400, "validation_failed", "granted");
	}
	assert_int_equal(grants_of(&a), 0);
	assert_int_equal(walker_req(&stranger, &r, "POST", "/api/activities/1/reminders", "{\"granted\":1}"), 0);
	expect_error(&r, 403, "not_enrolled", NULL);
	assert_int_equal(walker_req(&stranger, &r, "GET", "/api/activities/1/reminders", NULL), 0);
	expect_error(&r, 403, "not_enrolled", NULL);
	assert_int_equal(walker_req(&stranger, &r, "DELETE", "/api/activities/1/reminders", NULL), 0);
	expect_error(&r, 403, "not_enrolled", NULL);
	assert_int_equal(walker_req(&a, &r, "POST", "/api/activities/99/reminders", "{\"granted\":1}"), 0);
	expect_error(&r, 404, "not_found", NULL);
	assert_int_equal(stack_req(&r, &S, WALK, "GET", "/api/activities/1/reminders", NULL, NULL, 0, NULL), 0);
	expect_error(&r, 401, "unauthenticated", NULL);
	assert_int_equal(walker_req(&a, &r, "PUT", "/api/activities/1/reminders", "{\"granted\":1}"), 0);
	expect_error(&r, 405, "method_not_allowed", NULL);
}

/* ---------------------------------------------------------------- sending */

static void a_grant_is_used_once_and_once_a_day(void **state)
{
	(void)state;
	struct walker a, b, c;
	walker_person(&a, &S, "李四");
	walker_person(&b, &S, "周五");
	walker_person(&c, &S, "吴六");   /* no grant */
	grant(&a, 2, 2);
	grant(&b, 1, 1);
	int before = stack_fake_calls(&S, "subscribe_send");
	char out[4096];
	remind("", 0, out, sizeof out);
	expect_in(out, "2 sent");
	assert_int_equal(messages_to(&a), 1);
	assert_int_equal(messages_to(&b), 1);
	assert_int_equal(messages_to(&c), 0);
	assert_int_equal(grants_of(&a), 1);
	assert_int_equal(grants_of(&b), 0);
	/* The message as configured: the template, the page, the evening's deadline. */
	char path[160];
	snprintf(path, sizeof path, "/fake/messages?touser=%s", a.openid);
	struct http_reply r;
	assert_int_equal(stack_get(&r, &S, FAKE, path), 0);
	cJSON *m = cJSON_GetArrayItem(r.json, 0);
	assert_string_equal(cJSON_GetStringValue(cJSON_GetObjectItem(m, "template_id")), "dev-remind-template");
	assert_string_equal(cJSON_GetStringValue(cJSON_GetObjectItem(m, "page")), "pages/index/index");
	cJSON *time3 = cJSON_GetObjectItem(cJSON_GetObjectItem(m, "data"), "time3");
	char deadline[64];
	snprintf(deadline, sizeof deadline, "2019年7月%d日 23:59", 1 + evening);
	assert_string_equal(cJSON_GetStringValue(cJSON_GetObjectItem(time3, "value")), deadline);
	http_reply_free(&r);
	/* A second run the same evening sends nothing: not even a call. */
	remind("", 0, out, sizeof out);
	expect_in(out, "0 sent");
	assert_int_equal(stack_fake_calls(&S, "subscribe_send") - before, 2);
	assert_int_equal(messages_to(&a), 1);
	/* The next evening: a's last grant; b has none left. */
	next_day();
	clock_at("21:40");
	remind("", 0, out, sizeof out);
	assert_int_equal(messages_to(&a), 2);
	assert_int_equal(messages_to(&b), 1);
	assert_int_equal(grants_of(&a), 0);
	remind("", 0, out, sizeof out);
	assert_int_equal(stack_fake_calls(&S, "subscribe_send") - before, 3);
}

static void nobody_who_settled_is_reminded(void **state)
{
	(void)state;
	struct walker settled, early, silent, stopped;
	struct walker *all[] = { &settled, &early, &silent, &stopped };
	static const char *const names[] = { "郑七", "王八", "冯九", "陈十" };
	for (int i = 0; i < 4; i++) {
		walker_person(all[i], &S, names[i]);
		grant(all[i], 3, 3);
	}
	clock_at("19:00");
	sync_steps(&early, 5000);      /* before the window: not settled */
	clock_at("21:35");
	sync_steps(&settled, 8000);    /* inside the window: settled */
	struct http_reply r;
	assert_int_equal(walker_req(&stopped, &r, "DELETE", "/api/activities/1/reminders", NULL), 0);
	expect_status(&r, 200);
	http_reply_free(&r);
	char out[4096];
	remind("", 0, out, sizeof out);
	assert_int_equal(messages_to(&settled), 0);
	assert_int_equal(messages_to(&early), 1);
	assert_int_equal(messages_to(&silent), 1);
	assert_int_equal(messages_to(&stopped), 0);
	assert_int_equal(grants_of(&settled), 3);   /* unused: the day could not use it */
	assert_int_equal(grants_of(&early), 2);
	expect_state(&settled, "");
	expect_state(&stopped, "");
}

static void reminders_wait_for_remind_at(void **state)
{
	(void)state;
	struct walker a;
	walker_person(&a, &S, "褚一");
	grant(&a, 2, 2);
	int before = stack_fake_calls(&S, "subscribe_send");
	char out[4096];
	clock_at("21:29");
	remind("", 0, out, sizeof out);
	expect_in(out, "before today's remind_at");
	clock_at("23:46");
	remind("", 0, out, sizeof out);
	expect_in(out, "last quarter hour");
	stack_clock(&S, "2019-06-28T21:35:00+08:00");   /* a public-test day */
	remind("", 0, out, sizeof out);
	expect_in(out, "not an activity day");
	assert_int_equal(stack_fake_calls(&S, "subscribe_send"), before);
	/* remind_at belongs to the activity: at 21:00 the run at 21:05 sends. */
	sql("walk.db", "UPDATE activities SET remind_at_s = 75600 WHERE id = 1");
	clock_at("21:05");
	remind("", 0, out, sizeof out);
	sql("walk.db", "UPDATE activities SET remind_at_s = 77400 WHERE id = 1");
	assert_int_equal(messages_to(&a), 1);
	/* A remind_at outside the settle window is refused. */
	sql("walk.db", "UPDATE activities SET remind_at_s = 3600 WHERE id = 1");
	remind("", 2, out, sizeof out);
	sql("walk.db", "UPDATE activities SET remind_at_s = 77400 WHERE id = 1");
	expect_in(out, "remind_at 01:00");
}

/* Polls until cond (an SQL count) reaches want; false after ~20 s. */
static bool wait_rows(const char *where, long want)
{
	for (int i = 0; i < 200; i++) {
		if (count_rows(where) >= want)
			return true;
		usleep(100 * 1000);
	}
	return false;
}

static void a_killed_run_sends_no_duplicates(void **state)
{
	(void)state;
	enum { N = 5 };
	struct walker w[N];
	for (int i = 0; i < N; i++) {
		walker_person(&w[i], &S, "蒋一");
		grant(&w[i], 2, 2);
	}
	fault("slow", N, 1);   /* every message takes a second: the kill lands during a call */
	char out[4096];
	assert_int_equal(stack_sh(&S, out, sizeof out,
	                          "walkctl remind > \"$WALK_VAR/remind-killed.log\" 2>&1 & echo $!"), 0);
	pid_t pid = (pid_t)atol(out);
	assert_true(pid > 0);
	/* Two sent, the third claimed and its call under way. */
	bool mid_run = wait_rows("state = 'sent'", 2) && wait_rows("state = 'sending'", 1);
	assert_int_equal(kill(pid, SIGKILL), 0);
	if (!mid_run)
		fail_msg("the run never reached its third message");
	/* The call in flight still reaches WeChat: that person did get the message. */
	sleep(2);
	long sent_before = count_rows("state = 'sent'");
	assert_int_equal(count_rows("state = 'sending'"), 1);
	int delivered = 0;
	for (int i = 0; i < N; i++)
		delivered += messages_to(&w[i]);
	assert_int_equal(delivered, sent_before + 1);

	remind("", 0, out, sizeof out);
	expect_in(out, "1 maybe sent by a run that died");
	for (int i = 0; i < N; i++)
		if (messages_to(&w[i]) != 1)
			fail_msg("user %ld got %d messages", w[i].user_id, messages_to(&w[i]));
	assert_int_equal(count_rows("state = 'unknown'"), 1);
	assert_int_equal(count_rows("state = 'sent'"), N - 1);
	/* A grant is used only by a message WeChat was known to accept. */
	int unused = 0;
	for (int i = 0; i < N; i++) {
		char st[64];
		send_state(&w[i], st, sizeof st);
		long g = grants_of(&w[i]);
		assert_int_equal(g, strcmp(st, "unknown") == 0 ? 2 : 1);
		unused += g == 2;
	}
	assert_int_equal(unused, 1);
	remind("", 0, out, sizeof out);
	for (int i = 0; i < N; i++)
		assert_int_equal(messages_to(&w[i]), 1);
}

/* ---------------------------------------------------------------- WeChat's answers */

static void no_grant_43101_drops_the_grants(void **state)
{
	(void)state;
	struct walker a, b;
	walker_person(&a, &S, "沈一");
	walker_person(&b, &S, "韩二");
	grant(&a, 3, 3);
	grant(&b, 3, 3);
	fault("no_grant", 1, 0);   /* a, the first in user order */
	char out[4096];
	remind("", 0, out, sizeof out);
	expect_in(out, "1 without a grant (43101)");
	expect_state(&a, "no_grant");
	assert_int_equal(grants_of(&a), 0);
	assert_int_equal(messages_to(&a), 0);
	assert_int_equal(messages_to(&b), 1);
	assert_int_equal(grants_of(&b), 2);
	/* Not retried: a later run leaves a alone. */
	clock_at("21:50");
	remind("", 0, out, sizeof out);
	assert_int_equal(messages_to(&a), 0);
}

static void bad_template_data_47003_stops_the_run(void **state)
{
	(void)state;
	struct walker a, b;
	walker_person(&a, &S, "杨一");
	walker_person(&b, &S, "朱二");
	grant(&a, 2, 2);
	grant(&b, 2, 2);
	int before = stack_fake_calls(&S, "subscribe_send");
	fault("bad_data", 1, 0);
	char out[8192];
	remind("", 3, out, sizeof out);
	expect_in(out, "47003");
	expect_state(&a, "rejected");
	expect_state(&b, "");         /* the run stopped: nobody else was tried */
	assert_int_equal(stack_fake_calls(&S, "subscribe_send") - before, 1);
	assert_int_equal(grants_of(&a), 2);
	assert_int_equal(grants_of(&b), 2);
	/* The same data again the same evening is refused before any call. */
	clock_at("21:50");
	remind("", 3, out, sizeof out);
	expect_in(out, "rejected this template data earlier tonight");
	assert_int_equal(stack_fake_calls(&S, "subscribe_send") - before, 1);
	/* Fixed data goes out; a's rejected message is not retried. */
	remind("WALK_REMIND_DATA='thing1=今日步数尚未结算;time2={deadline}'", 0, out, sizeof out);
	assert_int_equal(messages_to(&b), 1);
	assert_int_equal(messages_to(&a), 0);
}

static void bad_configuration_is_refused_before_sending(void **state)
{
	(void)state;
	struct walker a;
	walker_person(&a, &S, "秦一");
	grant(&a, 1, 1);
	int before = stack_fake_calls(&S, "subscribe_send");
	static const struct { const char *env, *says; } cases[] = {
		{ "WALK_REMIND_DATA='thing1=今日步数尚未结算，请在24点前打开小程序吧'", "thing1" },
		{ "WALK_REMIND_DATA='thing1=今日步数尚未结算，请在24点前打开小程序吧'", "more than 20 characters" },
		{ "WALK_REMIND_DATA='thing1=提醒;phrase2=步数尚未结算'", "phrase2" },
		{ "WALK_REMIND_DATA='thing1=提醒;time2=今晚'", "is not a time" },
		{ "WALK_REMIND_DATA='thing1=提醒;amount2=1元'", "keyword type" },
		{ "WALK_REMIND_PAGE=/pages/index/index", "remind_page" },
		{ "WALK_REMIND_TEMPLATE_ID=", "remind_template_id is empty" },
	};
	char out[4096];
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		remind(cases[i].env, 2, out, sizeof out);
		if (!strstr(out, cases[i].says))
			fail_msg("%s: expected '%s' in: %s", cases[i].env, cases[i].says, out);
	}
	assert_int_equal(stack_fake_calls(&S, "subscribe_send"), before);
	assert_int_equal(messages_to(&a), 0);
	/* --check shows tonight's message without sending it. */
	assert_int_equal(stack_sh(&S, out, sizeof out, "walkctl remind --check"), 0);
	expect_in(out, "今日步数尚未结算，请在24点前打开小程序");
	expect_in(out, "the message data is valid");
	assert_int_equal(stack_fake_calls(&S, "subscribe_send"), before);
}

/* The fake's own reading of WeChat's limits (WECHAT.md §5, §7). */
static void the_fake_refuses_fields_over_the_limits(void **state)
{
	(void)state;
	struct http_reply r;
	assert_int_equal(stack_get(&r, &S, FAKE, "/cgi-bin/token?grant_type=client_credential&appid=wxd0e1a2b3c4d5e6f7"
	                                       "&secret=dev-app-secret"), 0);
	char path[512];
	snprintf(path, sizeof path, "/cgi-bin/message/subscribe/send?access_token=%s", http_str(&r, "access_token"));
	http_reply_free(&r);
	static const struct { const char *data; int errcode; } cases[] = {
		{ "{\"thing1\":{\"value\":\"今日步数尚未结算，请在24点前打开小程序\"}}", 0 },      /* 20 */
		{ "{\"thing1\":{\"value\":\"今日步数尚未结算，请在24点前打开小程序吧\"}}", 47003 }, /* 21 */
		{ "{\"phrase2\":{\"value\":\"未结算\"}}", 0 },
		{ "{\"phrase2\":{\"value\":\"步数尚未结算\"}}", 47003 },
		{ "{\"phrase2\":{\"value\":\"OK\"}}", 47003 },
		{ "{\"time3\":{\"value\":\"2019年7月2日 23:59\"}}", 0 },
		{ "{\"time3\":{\"value\":\"今晚\"}}", 47003 },
		{ "{\"thing1\":{\"value\":\"\"}}", 47003 },
		{ "{\"thing1\":\"no value object\"}", 47001 },
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char body[512];
		snprintf(body, sizeof body, "{\"touser\":\"oTEST\",\"template_id\":\"t\",\"data\":%s}", cases[i].data);
		assert_int_equal(stack_req(&r, &S, FAKE, "POST", path, "application/json", body, -1, NULL), 0);
		double code = http_num(&r, "errcode");
		if ((int)code != cases[i].errcode)
			fail_msg("%s: expected errcode %d, got %s", cases[i].data, cases[i].errcode, r.body);
		http_reply_free(&r);
	}
	assert_int_equal(stack_req(&r, &S, FAKE, "POST", "/cgi-bin/message/subscribe/send?access_token=stale",
	                           "application/json", "{\"touser\":\"o\",\"template_id\":\"t\",\"data\":{}}", -1, NULL), 0);
	assert_int_equal((int)http_num(&r, "errcode"), 40001);
	http_reply_free(&r);
}

static void a_stale_token_40001_is_refreshed_once(void **state)
{
	(void)state;
	struct walker a, b;
	walker_person(&a, &S, "尤一");
	walker_person(&b, &S, "许二");
	char out[4096];
	remind("", 0, out, sizeof out);   /* nothing to send yet: the run only takes tonight's token */
	grant(&a, 1, 1);
	grant(&b, 1, 1);
	int tokens = stack_fake_calls(&S, "token"), sends = stack_fake_calls(&S, "subscribe_send");
	fault("stale_token", 1, 0);
	remind("", 0, out, sizeof out);
	expect_in(out, "2 sent");
	expect_in(out, "1 token refresh");
	assert_int_equal(stack_fake_calls(&S, "token") - tokens, 1);            /* one new token for everyone */
	assert_int_equal(stack_fake_calls(&S, "subscribe_send") - sends, 3);    /* a twice, b once */
	assert_int_equal(messages_to(&a), 1);
	assert_int_equal(messages_to(&b), 1);
	assert_int_equal(grants_of(&a), 0);
}

static void no_answer_is_retried_by_a_later_run(void **state)
{
	(void)state;
	struct walker a, b, c;
	walker_person(&a, &S, "何一");
	walker_person(&b, &S, "吕二");
	walker_person(&c, &S, "施三");
	grant(&a, 2, 2);
	grant(&b, 2, 2);
	grant(&c, 2, 2);
	int sends = stack_fake_calls(&S, "subscribe_send");
	fault("timeout", 1, 3);   /* a: no answer within wx_timeout_ms (1 s here) */
	fault("busy", 1, 0);      /* b: -1 */
	fault("5xx", 1, 0);       /* c: a failing gateway */
	char out[4096];
	remind("WALK_WX_TIMEOUT_MS=1000", 0, out, sizeof out);
	expect_in(out, "3 to retry later");
	expect_state(&a, "retry");
	expect_state(&b, "retry");
	expect_state(&c, "retry");
	assert_int_equal(messages_to(&a) + messages_to(&b) + messages_to(&c), 0);
	assert_int_equal(grants_of(&a), 2);
	/* The next run of the evening delivers them, once each. */
	clock_at("21:45");
	remind("", 0, out, sizeof out);
	expect_in(out, "3 sent");
	assert_int_equal(messages_to(&a), 1);
	assert_int_equal(messages_to(&b), 1);
	assert_int_equal(messages_to(&c), 1);
	assert_int_equal(grants_of(&a), 1);
	clock_at("21:55");
	remind("", 0, out, sizeof out);
	assert_int_equal(messages_to(&a), 1);
	sends = stack_fake_calls(&S, "subscribe_send");

	/* A message WeChat keeps failing is tried three times in an evening. */
	next_day();
	clock_at("21:35");
	struct http_reply r;
	struct walker *others[] = { &b, &c };
	for (int i = 0; i < 2; i++) {
		assert_int_equal(walker_req(others[i], &r, "DELETE", "/api/activities/1/reminders", NULL), 0);
		http_reply_free(&r);
	}
	fault("busy", 4, 0);
	for (int run = 0; run < 4; run++)
		remind("", 0, out, sizeof out);
	expect_state(&a, "retry");
	assert_int_equal(count_rows("attempts = 3"), 1);
	assert_int_equal(stack_fake_calls(&S, "subscribe_send") - sends, 3);
	assert_int_equal(messages_to(&a), 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(grants_are_counted_and_bounded, new_evening),
		cmocka_unit_test_setup(grants_are_validated, new_evening),
		cmocka_unit_test_setup(a_grant_is_used_once_and_once_a_day, new_evening),
		cmocka_unit_test_setup(nobody_who_settled_is_reminded, new_evening),
		cmocka_unit_test_setup(reminders_wait_for_remind_at, new_evening),
		cmocka_unit_test_setup(a_killed_run_sends_no_duplicates, new_evening),
		cmocka_unit_test_setup(no_grant_43101_drops_the_grants, new_evening),
		cmocka_unit_test_setup(bad_template_data_47003_stops_the_run, new_evening),
		cmocka_unit_test_setup(bad_configuration_is_refused_before_sending, new_evening),
		cmocka_unit_test_setup(the_fake_refuses_fields_over_the_limits, new_evening),
		cmocka_unit_test_setup(a_stale_token_40001_is_refreshed_once, new_evening),
		cmocka_unit_test_setup(no_answer_is_retried_by_a_later_run, new_evening),
	};
	return cmocka_run_group_tests(tests, start_stack, stop_stack);
}
