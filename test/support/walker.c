#include "walker.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void copy_str(char *dst, size_t size, const char *src)
{
	snprintf(dst, size, "%s", src);
}

static void login_with_new_code(struct walker *w)
{
	struct http_reply r;
	char body[256];
	snprintf(body, sizeof body, "{\"openid\":\"%s\"}", w->openid);
	assert_int_equal(stack_post(&r, w->s, FAKE, "/fake/login", body), 0);
	assert_int_equal(r.status, 200);
	snprintf(body, sizeof body, "{\"code\":\"%s\"}", http_str(&r, "code"));
	http_reply_free(&r);
	assert_int_equal(stack_post(&r, w->s, WALK, "/api/login", body), 0);
	if (r.status != 200)
		fail_msg("login failed: %ld %s", r.status, r.body);
	copy_str(w->token, sizeof w->token, http_str(&r, "token"));
	w->user_id = (long)http_num(&r, "user_id");
	snprintf(w->auth, sizeof w->auth, "Authorization: Bearer %s", w->token);
	http_reply_free(&r);
}

void walker_login(struct walker *w, const struct stack *s, const char *openid)
{
	memset(w, 0, sizeof *w);
	w->s = s;
	struct http_reply r;
	char body[256];
	if (openid)
		snprintf(body, sizeof body, "{\"openid\":\"%s\"}", openid);
	else
		snprintf(body, sizeof body, "{}");
	assert_int_equal(stack_post(&r, s, FAKE, "/fake/users", body), 0);
	assert_true(r.status == 200 || r.status == 201);
	copy_str(w->openid, sizeof w->openid, http_str(&r, "openid"));
	http_reply_free(&r);
	login_with_new_code(w);
}

void walker_relogin(struct walker *w)
{
	login_with_new_code(w);
}

int walker_req(struct walker *w, struct http_reply *r, const char *method, const char *path, const char *json)
{
	const char *headers[] = { w->auth, NULL };
	return stack_req(r, w->s, WALK, method, path, json ? "application/json" : NULL, json, -1, headers);
}

void walker_enroll_as(struct walker *w, const struct walker_enrollment *e)
{
	char body[768];
	snprintf(body, sizeof body,
	         "{\"name\":\"%s\",\"mobile\":\"%s\",\"region\":\"xa\",\"union\":\"%s\","
	         "\"unit\":\"%s\",\"department\":\"测试部门\"" WALKER_CONSENT "}",
	         e->name ? e->name : "张三", e->mobile ? e->mobile : "13912345678",
	         e->union_code ? e->union_code : "xa", e->unit ? e->unit : "测试单位");
	struct http_reply r;
	assert_int_equal(walker_req(w, &r, "PUT", "/api/activities/1/enrollment", body), 0);
	if (r.status != 201 && r.status != 200)
		fail_msg("enroll failed: %ld %s", r.status, r.body);
	http_reply_free(&r);
}

void walker_enroll(struct walker *w, const char *name, const char *union_code)
{
	walker_enroll_as(w, &(struct walker_enrollment){ .name = name, .union_code = union_code });
}

void walker_werun(struct walker *w, const char *steps_json, const char *extra, char *body, size_t size)
{
	char req[4096];
	snprintf(req, sizeof req, "{\"openid\":\"%s\",\"steps\":%s%s%s}", w->openid, steps_json,
	         extra ? "," : "", extra ? extra : "");
	struct http_reply r;
	assert_int_equal(stack_post(&r, w->s, FAKE, "/fake/werun", req), 0);
	if (r.status != 200)
		fail_msg("fake werun failed: %ld %s", r.status, r.body);
	snprintf(body, size, "{\"encryptedData\":\"%s\",\"iv\":\"%s\"}", http_str(&r, "encryptedData"),
	         http_str(&r, "iv"));
	http_reply_free(&r);
}

void walker_sync(struct walker *w, const char *body, struct http_reply *r)
{
	assert_int_equal(walker_req(w, r, "POST", "/api/activities/1/steps/sync", body), 0);
}

void stack_clock(const struct stack *s, const char *instant)
{
	char out[512];
	if (stack_sh(s, out, sizeof out, "walkctl clock set %s", instant) != 0)
		fail_msg("walkctl clock set %s: %s", instant, out);
}

long stack_sql_int(const struct stack *s, const char *sql)
{
	char out[256];
	if (stack_sh(s, out, sizeof out, "sqlite3 \"$WALK_VAR/walk.db\" \"%s\"", sql) != 0)
		fail_msg("sqlite3 %s: %s", sql, out);
	return atol(out);
}

void assert_error(const struct http_reply *r, long status, const char *code, const char *field)
{
	if (r->status != status || strcmp(http_error_code(r), code) != 0)
		fail_msg("expected %ld %s, got %ld %s", status, code, r->status, r->body);
	char ctype[128];
	http_header(r, "Content-Type", ctype, sizeof ctype);
	if (!strstr(ctype, "application/json"))
		fail_msg("expected a JSON error, got Content-Type %s", ctype);
	cJSON *err = cJSON_GetObjectItemCaseSensitive(r->json, "error");
	if (!cJSON_IsString(cJSON_GetObjectItemCaseSensitive(err, "message")))
		fail_msg("expected an error message in %s", r->body);
	if (field) {
		const char *f = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(err, "field"));
		if (!f || strcmp(f, field) != 0)
			fail_msg("expected field %s in %s", field, r->body);
	}
}

void expect_error(struct http_reply *r, long status, const char *code, const char *field)
{
	assert_error(r, status, code, field);
	http_reply_free(r);
}

void expect_status(const struct http_reply *r, long status)
{
	if (r->status != status)
		fail_msg("expected %ld, got %ld %s", status, r->status, r->body);
}

void walker_person(struct walker *w, const struct stack *s, const char *name)
{
	walker_login(w, s, NULL);
	walker_enroll(w, name, "xa");
}

long walker_me_number(struct walker *w, const char *name)
{
	struct http_reply r;
	assert_int_equal(walker_req(w, &r, "GET", "/api/activities/1/me", NULL), 0);
	if (r.status != 200)
		fail_msg("GET /me: %ld %s", r.status, r.body);
	long v = (long)http_num(&r, name);
	http_reply_free(&r);
	return v;
}

int stack_fake_calls(const struct stack *s, const char *api)
{
	char path[128];
	snprintf(path, sizeof path, "/fake/calls?api=%s", api);
	struct http_reply r;
	assert_int_equal(stack_get(&r, s, FAKE, path), 0);
	int n = cJSON_GetArraySize(r.json);
	http_reply_free(&r);
	return n;
}
