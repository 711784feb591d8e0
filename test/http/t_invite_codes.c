/*
 * Team invites as mini-program codes through the real stack (RULES §5,
 * WECHAT.md §5a, API.md "Teams"): the PNG asked of getwxacodeunlimit once per
 * invite and then served from its cached file, a scene that is not the
 * invite and still joins, what a scanned code shows before joining, and
 * WeChat's errors (41030 bad page, 40001 stale token) as clean API errors.
 */
#include "walker.h"

#include <png.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static struct stack S;

static int start_stack(void **state)
{
	(void)state;
	if (stack_start(&S, "invite_codes", "WALK_WORKERS=2 WALK_WX_TIMEOUT_MS=1500") != 0)
		return -1;
	stack_clock(&S, "2019-07-05T10:00:00+08:00");
	return 0;
}

static int stop_stack(void **state)
{
	(void)state;
	stack_stop(&S);
	return 0;
}

static void team_with_invite(struct walker *leader, const char *name, char *invite, size_t size)
{
	char body[128];
	snprintf(body, sizeof body, "{\"name\":\"%s\"}", name);
	struct http_reply r;
	assert_int_equal(walker_req(leader, &r, "POST", "/api/activities/1/teams", body), 0);
	expect_status(&r, 201);
	http_reply_free(&r);
	assert_int_equal(walker_req(leader, &r, "POST", "/api/activities/1/teams/mine/invites", NULL), 0);
	expect_status(&r, 201);
	snprintf(invite, size, "%s", http_str(&r, "invite"));
	http_reply_free(&r);
}


static void code_of(struct walker *w, const char *invite, struct http_reply *r)
{
	char path[256];
	snprintf(path, sizeof path, "/api/activities/1/teams/mine/invites/%s/code", invite);
	assert_int_equal(walker_req(w, r, "GET", path, NULL), 0);
}

/* The scene of the last getwxacodeunlimit call the fake received. */
static void last_scene(char *scene, size_t size, char *page, size_t page_size)
{
	struct http_reply r;
	assert_int_equal(stack_get(&r, &S, FAKE, "/fake/calls?api=getwxacodeunlimit"), 0);
	cJSON *last = cJSON_GetArrayItem(r.json, cJSON_GetArraySize(r.json) - 1);
	cJSON *body = cJSON_Parse(cJSON_GetStringValue(cJSON_GetObjectItem(last, "body")));
	snprintf(scene, size, "%s", cJSON_GetStringValue(cJSON_GetObjectItem(body, "scene")));
	snprintf(page, page_size, "%s", cJSON_GetStringValue(cJSON_GetObjectItem(body, "page")));
	cJSON_Delete(body);
	http_reply_free(&r);
}

/* Decodes a PNG fully with libpng; returns its width (0 if it does not decode). */
static unsigned png_width(const struct http_reply *r)
{
	png_image image;
	memset(&image, 0, sizeof image);
	image.version = PNG_IMAGE_VERSION;
	if (!png_image_begin_read_from_memory(&image, r->body, r->len))
		return 0;
	image.format = PNG_FORMAT_GRAY;
	size_t size = PNG_IMAGE_SIZE(image);
	unsigned char *pixels = malloc(size);
	bool ok = pixels && png_image_finish_read(&image, NULL, pixels, 0, NULL);
	/* Dark and light modules both: a drawing, not a blank. */
	size_t dark = 0;
	for (size_t i = 0; ok && i < size; i++)
		dark += pixels[i] < 128;
	free(pixels);
	return ok && dark > size / 10 && dark < size * 9 / 10 ? image.width : 0;
}

static void a_code_is_asked_once_and_cached(void **state)
{
	(void)state;
	struct walker leader;
	walker_person(&leader, &S, "林一");
	char invite[64];
	team_with_invite(&leader, "扫码队", invite, sizeof invite);
	int before = stack_fake_calls(&S, "getwxacodeunlimit");
	struct http_reply r;
	code_of(&leader, invite, &r);
	expect_status(&r, 200);
	char ctype[64];
	http_header(&r, "Content-Type", ctype, sizeof ctype);
	assert_string_equal(ctype, "image/png");
	assert_int_equal(png_width(&r), 430);
	assert_int_equal(stack_fake_calls(&S, "getwxacodeunlimit") - before, 1);
	/* The scene: short, not the invite, and the page configured. */
	char scene[64], page[128];
	last_scene(scene, sizeof scene, page, sizeof page);
	assert_true(strlen(scene) >= 1 && strlen(scene) <= 32);
	assert_null(strstr(invite, scene));
	assert_string_equal(page, "pages/team/join");
	/* A second GET: the same PNG, from the cache, no call to WeChat. */
	struct http_reply again;
	code_of(&leader, invite, &again);
	expect_status(&again, 200);
	assert_int_equal(again.len, r.len);
	assert_memory_equal(again.body, r.body, r.len);
	assert_int_equal(stack_fake_calls(&S, "getwxacodeunlimit") - before, 1);
	http_reply_free(&again);
	http_reply_free(&r);
	/* The cached file is beside the database, readable by the service only. */
	char out[512];
	assert_int_equal(stack_sh(&S, out, sizeof out, "stat -c '%%a' \"$WALK_VAR\"/invite-codes/*.png | sort -u"), 0);
	assert_string_equal(out, "600\n");
	assert_int_equal(stack_sh(&S, out, sizeof out, "file -b \"$WALK_VAR\"/invite-codes/*.png | sort -u"), 0);
	assert_non_null(strstr(out, "PNG image data, 430 x 430"));
	/* Another invite of the same team is another code. */
	assert_int_equal(walker_req(&leader, &r, "POST", "/api/activities/1/teams/mine/invites", NULL), 0);
	char second[64];
	snprintf(second, sizeof second, "%s", http_str(&r, "invite"));
	http_reply_free(&r);
	code_of(&leader, second, &r);
	expect_status(&r, 200);
	http_reply_free(&r);
	char scene2[64];
	last_scene(scene2, sizeof scene2, page, sizeof page);
	assert_string_not_equal(scene, scene2);
	assert_int_equal(stack_fake_calls(&S, "getwxacodeunlimit") - before, 2);
}

static void a_scanned_code_shows_the_team_and_joins_it(void **state)
{
	(void)state;
	struct walker leader, joiner, stranger;
	walker_person(&leader, &S, "罗一");
	walker_person(&joiner, &S, "梁二");
	walker_login(&stranger, &S, NULL);
	char invite[64], scene[64], page[128];
	team_with_invite(&leader, "前进队", invite, sizeof invite);
	struct http_reply r;
	code_of(&leader, invite, &r);
	expect_status(&r, 200);
	http_reply_free(&r);
	last_scene(scene, sizeof scene, page, sizeof page);

	char path[128];
	snprintf(path, sizeof path, "/api/invites/%s", scene);
	assert_int_equal(walker_req(&joiner, &r, "GET", path, NULL), 0);
	expect_status(&r, 200);
	cJSON *team = cJSON_GetObjectItem(r.json, "team");
	assert_string_equal(cJSON_GetStringValue(cJSON_GetObjectItem(team, "name")), "前进队");
	assert_int_equal((int)cJSON_GetNumberValue(cJSON_GetObjectItem(team, "member_count")), 1);
	assert_int_equal((int)cJSON_GetNumberValue(cJSON_GetObjectItem(team, "size")), 6);
	assert_true(cJSON_IsFalse(cJSON_GetObjectItem(r.json, "full")));
	assert_true(cJSON_IsFalse(cJSON_GetObjectItem(r.json, "expired")));
	assert_string_equal(http_str(&r, "invite"), invite);
	http_reply_free(&r);
	/* Joining with what the scan gave. */
	char body[128];
	snprintf(body, sizeof body, "{\"invite\":\"%s\"}", invite);
	assert_int_equal(walker_req(&joiner, &r, "POST", "/api/activities/1/teams/join", body), 0);
	expect_status(&r, 200);
	http_reply_free(&r);
	/* Four more fill the team: the scan says so. */
	for (int i = 0; i < 4; i++) {
		struct walker w;
		walker_person(&w, &S, "满员");
		assert_int_equal(walker_req(&w, &r, "POST", "/api/activities/1/teams/join", body), 0);
		expect_status(&r, 200);
		http_reply_free(&r);
	}
	assert_int_equal(walker_req(&stranger, &r, "GET", path, NULL), 0);   /* not enrolled: may still look */
	expect_status(&r, 200);
	assert_true(cJSON_IsTrue(cJSON_GetObjectItem(r.json, "full")));
	http_reply_free(&r);
	/* An unknown scene, or no login. */
	assert_int_equal(walker_req(&joiner, &r, "GET", "/api/invites/AAAAAAAAAAAAAAAAAAAAAA", NULL), 0);
	expect_error(&r, 404, "not_found", NULL);
	assert_int_equal(walker_req(&joiner, &r, "GET", "/api/invites/%E4%B8%AD", NULL), 0);
	expect_error(&r, 404, "not_found", NULL);
	assert_int_equal(stack_get(&r, &S, WALK, path), 0);
	expect_error(&r, 401, "unauthenticated", NULL);
	/* Seven days later the invite, and so the code, has expired. */
	stack_clock(&S, "2019-07-13T10:00:00+08:00");
	assert_int_equal(walker_req(&joiner, &r, "GET", path, NULL), 0);
	expect_status(&r, 200);
	assert_true(cJSON_IsTrue(cJSON_GetObjectItem(r.json, "expired")));
	http_reply_free(&r);
	code_of(&leader, invite, &r);
	expect_error(&r, 410, "invite_expired", NULL);
	stack_clock(&S, "2019-07-05T10:00:00+08:00");
}

static void only_the_leader_gets_the_code_of_an_invite_of_the_team(void **state)
{
	(void)state;
	struct walker leader, member, other;
	walker_person(&leader, &S, "宋一");
	walker_person(&member, &S, "唐二");
	walker_person(&other, &S, "许三");
	char invite[64], other_invite[64];
	team_with_invite(&leader, "守门队", invite, sizeof invite);
	team_with_invite(&other, "别的队", other_invite, sizeof other_invite);
	char body[128];
	snprintf(body, sizeof body, "{\"invite\":\"%s\"}", invite);
	struct http_reply r;
	assert_int_equal(walker_req(&member, &r, "POST", "/api/activities/1/teams/join", body), 0);
	expect_status(&r, 200);
	http_reply_free(&r);
	int before = stack_fake_calls(&S, "getwxacodeunlimit");
	code_of(&member, invite, &r);
	expect_error(&r, 403, "not_leader", NULL);
	code_of(&leader, other_invite, &r);   /* another team's invite */
	expect_error(&r, 404, "not_found", NULL);
	code_of(&leader, "not-an-invite", &r);
	expect_error(&r, 404, "not_found", NULL);
	assert_int_equal(stack_fake_calls(&S, "getwxacodeunlimit"), before);
}

static void fault(const char *name)
{
	char body[128];
	snprintf(body, sizeof body, "{\"api\":\"getwxacodeunlimit\",\"fault\":\"%s\"}", name);
	struct http_reply r;
	assert_int_equal(stack_post(&r, &S, FAKE, "/fake/faults", body), 0);
	expect_status(&r, 200);
	http_reply_free(&r);
}

static void wechat_errors_are_clean_api_errors(void **state)
{
	(void)state;
	struct walker leader;
	walker_person(&leader, &S, "韦一");
	char invite[64];
	team_with_invite(&leader, "出错队", invite, sizeof invite);
	int before = stack_fake_calls(&S, "getwxacodeunlimit");
	struct http_reply r;
	fault("invalid_page");   /* 41030: the page is not in the published version */
	code_of(&leader, invite, &r);
	expect_error(&r, 502, "wechat_error", NULL);
	fault("5xx");
	code_of(&leader, invite, &r);
	expect_error(&r, 502, "wechat_error", NULL);
	/* Nothing was cached: the next GET asks again; a stale token is refreshed. */
	int tokens = stack_fake_calls(&S, "token");
	fault("stale_token");
	code_of(&leader, invite, &r);
	expect_status(&r, 200);
	assert_int_equal(png_width(&r), 430);
	http_reply_free(&r);
	assert_int_equal(stack_fake_calls(&S, "getwxacodeunlimit") - before, 4);
	assert_int_equal(stack_fake_calls(&S, "token") - tokens, 1);
	/* The fake refuses a page WeChat would (41030) and a scene over 32 characters. */
	assert_int_equal(stack_get(&r, &S, FAKE, "/cgi-bin/token?grant_type=client_credential&appid=wxd0e1a2b3c4d5e6f7"
	                                       "&secret=dev-app-secret"), 0);
	char path[512];
	snprintf(path, sizeof path, "/wxa/getwxacodeunlimit?access_token=%s", http_str(&r, "access_token"));
	http_reply_free(&r);
	static const struct { const char *body; int errcode; } cases[] = {
		{ "{\"scene\":\"abc\",\"page\":\"/pages/team/join\"}", 41030 },
		{ "{\"scene\":\"abc\",\"page\":\"/pages/team/join\",\"check_path\":false}", 41030 },
		{ "{\"scene\":\"abc\",\"page\":\"other/join\",\"check_path\":false}", 0 },
		{ "{\"scene\":\"abc\",\"page\":\"pages/team/join?x=1\"}", 41030 },
		{ "{\"scene\":\"abc\",\"page\":\"other/join\"}", 41030 },
		{ "{\"scene\":\"123456789012345678901234567890123\",\"page\":\"pages/team/join\"}", 40169 },
		{ "{\"scene\":\"\",\"page\":\"pages/team/join\"}", 40169 },
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		assert_int_equal(stack_req(&r, &S, FAKE, "POST", path, "application/json", cases[i].body, -1, NULL), 0);
		/* A PNG has no errcode: http_num answers -1. */
		int errcode = cases[i].errcode == 0 && r.len > 8 && memcmp(r.body, "\x89PNG", 4) == 0 ? 0
		            : (int)http_num(&r, "errcode");
		if (errcode != cases[i].errcode)
			fail_msg("%s: expected %d, got %.200s", cases[i].body, cases[i].errcode, r.body);
		http_reply_free(&r);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(a_code_is_asked_once_and_cached),
		cmocka_unit_test(a_scanned_code_shows_the_team_and_joins_it),
		cmocka_unit_test(only_the_leader_gets_the_code_of_an_invite_of_the_team),
		cmocka_unit_test(wechat_errors_are_clean_api_errors),
	};
	return cmocka_run_group_tests(tests, start_stack, stop_stack);
}
