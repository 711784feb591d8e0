/*
 * POST /wxa/msg_sec_check?access_token=T — WeChat's text check v2, WECHAT.md §4.
 * Body {"version":2,"openid":"…","scene":1..4,"content":"…"}, read raw so that
 * a body that is not JSON gets WeChat's 47001 rather than the framework's 415/400.
 *
 * In order:
 *   1. the call is recorded (api "msg_sec_check", the body as sent);
 *   2. an injected fault of api "msg_sec_check" is answered (faults.c):
 *      "stale_token" 40001 even for a valid token, "busy" -1, "timeout",
 *      "5xx" (HTTP 502 HTML);
 *   3. T absent or "": 41001 "access_token missing"; T not issued by the fake
 *      (token.c) or expired: 40001 "invalid credential, access_token is
 *      invalid or not latest";
 *   4. 47001 "data format error" when the body is not a JSON object, version
 *      is not the number 2, openid is not a non-empty string, scene is not a
 *      whole number 1..4, content is not a string, or content has more than
 *      CONTENT_MAX Unicode code points;
 *   5. the verdict of the test's rules (verdicts.c), answered as
 *      {"errcode":0,"errmsg":"ok","result":{"suggest":S,"label":L},
 *       "detail":[{"strategy":"content_model","errcode":0,"suggest":S,"label":L,"prob":90}],
 *       "trace_id":"<32 random hex digits>"}.
 * Every answer is HTTP 200 text/plain except the 5xx fault; errmsg of errors
 * carries the ", rid: …" suffix.  Risky content is errcode 0 too, as on WeChat.
 */
#include "fakewx.h"

#include <string.h>

enum { CONTENT_MAX = 2500 };

#define STALE_TOKEN_MSG "invalid credential, access_token is invalid or not latest"

static const struct fake_errcode_fault seccheck_faults[] = {
	{ "stale_token", 40001, STALE_TOKEN_MSG },
};

/* Code points of UTF-8 text: every byte but the continuation bytes 10xxxxxx. */
static size_t code_points(const char *s)
{
	size_t n = 0;
	for (; *s; s++)
		n += ((unsigned char)*s & 0xC0) != 0x80;
	return n;
}

/* The content of a well-formed v2 request, or NULL. */
static const char *valid_content(const cJSON *json)
{
	const cJSON *version = cJSON_GetObjectItemCaseSensitive(json, "version");
	const cJSON *scene = cJSON_GetObjectItemCaseSensitive(json, "scene");
	const char *openid = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(json, "openid"));
	const char *content = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(json, "content"));
	if (!json || !cJSON_IsNumber(version) || version->valuedouble != 2)
		return NULL;
	if (!openid || !*openid)
		return NULL;
	if (!cJSON_IsNumber(scene) || !(scene->valuedouble == 1 || scene->valuedouble == 2 ||
	                                 scene->valuedouble == 3 || scene->valuedouble == 4))
		return NULL;
	if (!content || code_points(content) > CONTENT_MAX)
		return NULL;
	return content;
}

void fake_msg_sec_check(struct request *req, struct response *resp)
{
	fake_record_call(req, "msg_sec_check");
	if (fake_apply_fault(req, resp, "msg_sec_check", seccheck_faults,
	                     sizeof seccheck_faults / sizeof seccheck_faults[0]))
		return;
	if (!fake_require_token(req, resp))
		return;
	const char *content = valid_content(fake_parse_body(req));
	if (!content) {
		fake_wx_error(req, resp, 47001, "data format error");
		return;
	}
	struct fake_verdict v = fake_verdict_for(req, content);
	cJSON *root = cJSON_CreateObject();
	cJSON_AddNumberToObject(root, "errcode", 0);
	cJSON_AddStringToObject(root, "errmsg", "ok");
	cJSON *result = cJSON_AddObjectToObject(root, "result");
	cJSON_AddStringToObject(result, "suggest", v.suggest);
	cJSON_AddNumberToObject(result, "label", v.label);
	cJSON *detail = cJSON_CreateObject();
	cJSON_AddStringToObject(detail, "strategy", "content_model");
	cJSON_AddNumberToObject(detail, "errcode", 0);
	cJSON_AddStringToObject(detail, "suggest", v.suggest);
	cJSON_AddNumberToObject(detail, "label", v.label);
	cJSON_AddNumberToObject(detail, "prob", 90);
	cJSON_AddItemToArray(cJSON_AddArrayToObject(root, "detail"), detail);
	cJSON_AddStringToObject(root, "trace_id", fake_random_hex(req, 16));
	fake_wx_reply(resp, 200, root);
}
