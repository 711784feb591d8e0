#ifndef WALK_TEST_WALKER_H
#define WALK_TEST_WALKER_H
/*
 * A participant as the HTTP tests drive one: a fake WeChat user who logs in
 * through the real /api/login, enrolls, and syncs WeRun data that the fake
 * encrypts with their current session key — the mini-program's part, played
 * by the test.  Every helper asserts (cmocka) that its step worked.
 */
#include "stack.h"

struct walker {
	const struct stack *s;
	char openid[64];
	char token[64];
	char auth[96];        /* "Authorization: Bearer …" */
	long user_id;
};

/* Creates the fake user (openid NULL: a random one) and logs in. */
void walker_login(struct walker *w, const struct stack *s, const char *openid);
/* Logs in again (a new wx.login: WeChat rotates the session key). */
void walker_relogin(struct walker *w);
/* The consent every enrollment sends: the default privacy notice's version
 * (schema 039), to put before the closing brace of an enrollment body. */
#define WALKER_CONSENT ",\"privacy_version\":1"
/* Enrolls in activity 1 with valid data in union union_code ("xa" if NULL). */
void walker_enroll(struct walker *w, const char *name, const char *union_code);
/* An enrollment's fields; NULL for the defaults (张三, 13912345678, xa, 测试单位). */
struct walker_enrollment {
	const char *name, *mobile, *union_code, *unit;
};
/* Enrolls w in activity 1 with e's fields (and the consent); fails the test
 * unless the answer is 200 or 201. */
void walker_enroll_as(struct walker *w, const struct walker_enrollment *e);
/* Asks the fake for WeRun data: steps_json is the "steps" array text, e.g.
 * "[{\"day\":\"2019-07-01\",\"step\":12000}]"; extra is more members of the
 * request object ("\"appid\":\"wx…\"") or NULL.  Writes the body of a sync
 * request ({"encryptedData":…,"iv":…}) into body. */
void walker_werun(struct walker *w, const char *steps_json, const char *extra, char *body, size_t size);
/* POST …/steps/sync with body; the reply is the caller's to free. */
void walker_sync(struct walker *w, const char *body, struct http_reply *r);
/* A request as this participant. */
int walker_req(struct walker *w, struct http_reply *r, const char *method, const char *path, const char *json);

/* Asserts that r is API.md's JSON error: the status, Content-Type
 * application/json, {"error":{"code","message"}} with this code and a message,
 * and the field named, if field is not NULL.  assert_error leaves r to the
 * caller; expect_error then frees it. */
void assert_error(const struct http_reply *r, long status, const char *code, const char *field);
void expect_error(struct http_reply *r, long status, const char *code, const char *field);
/* Asserts r's status (r stays the caller's). */
void expect_status(const struct http_reply *r, long status);
/* A new participant on stack s, logged in and enrolled as name in 西安市总工会. */
void walker_person(struct walker *w, const struct stack *s, const char *name);
/* A number of the participant's GET …/activities/1/me (asserting a 200). */
long walker_me_number(struct walker *w, const char *name);

/* How many calls of api ("msg_sec_check", "subscribe_send", …) the stack's
 * fake WeChat has received (GET /fake/calls?api=). */
int stack_fake_calls(const struct stack *s, const char *api);

/* walkctl clock set INSTANT on the stack. */
void stack_clock(const struct stack *s, const char *instant);
/* The first column of the first row of an SQL query on the stack's database. */
long stack_sql_int(const struct stack *s, const char *sql);

#endif
