/* WeChat's text check, msg_sec_check v2 (wx.h, WECHAT.md §4). */
#include "wx.h"

#include "log.h"
#include "wx_answer.h"

#include <cjson/cJSON.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

void wx_check_read(const char *text, struct wx_check *out)
{
	cJSON *json;
	out->verdict = WX_REVIEW;
	out->label = 0;
	out->status = wx_answer_read(text, &json, &out->errcode);
	if (out->status == WX_OK) {
		cJSON *result = cJSON_GetObjectItemCaseSensitive(json, "result");
		const char *suggest = wx_answer_string(result, "suggest");
		cJSON *label = cJSON_GetObjectItemCaseSensitive(result, "label");
		/* Anything but a clear pass or risky goes to a person. */
		out->verdict = suggest && strcmp(suggest, "pass") == 0   ? WX_PASS
		             : suggest && strcmp(suggest, "risky") == 0  ? WX_RISKY
		                                                         : WX_REVIEW;
		/* The label may come as a number or, in some answers, a string. */
		if (cJSON_IsNumber(label))
			out->label = label->valuedouble >= 0 && label->valuedouble <= 1e9 ? (long)label->valuedouble : 0;
		else if (cJSON_IsString(label))
			out->label = strtol(label->valuestring, NULL, 10);
	}
	cJSON_Delete(json);
}

/* A call with less time than this left is not worth starting. */
enum { CHECK_CALL_MIN_MS = 50 };

static int64_t monotonic_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* One call within *left_ms, which it reduces by the time it took. */
static void check_once(const struct walk_config *cfg, const char *token, const char *body, int64_t *left_ms,
                       struct wx_check *out)
{
	memset(out, 0, sizeof *out);
	out->status = WX_TRANSPORT;
	if (*left_ms < CHECK_CALL_MIN_MS) {
		log_warn("WeChat msg_sec_check: no time left for another call");
		return;
	}
	struct buf url = { 0 }, answer = { 0 };
	buf_printf(&url, "%s/wxa/msg_sec_check?access_token=%s", cfg->wx_api_base, token);
	int64_t start = monotonic_ms();
	if (wx_http_within(url.data, "msg_sec_check", body, (long)*left_ms, &answer) == 0)
		wx_check_read(buf_str(&answer), out);
	*left_ms -= monotonic_ms() - start;
	buf_free(&url);
	buf_free(&answer);
}

enum wx_status wx_text_check(const struct walk_config *cfg, struct db *db, const char *openid,
                             enum wx_scene scene, const char *content, struct wx_check *out)
{
	memset(out, 0, sizeof *out);
	out->status = WX_TRANSPORT;
	cJSON *req = cJSON_CreateObject();
	cJSON_AddNumberToObject(req, "version", 2);
	cJSON_AddStringToObject(req, "openid", openid);
	cJSON_AddNumberToObject(req, "scene", scene);
	cJSON_AddStringToObject(req, "content", content);
	char *body = cJSON_PrintUnformatted(req);
	cJSON_Delete(req);
	char token[WX_TOKEN_MAX];
	struct wx_tries tries = { 0 };
	int64_t left_ms = cfg->wx_check_timeout_ms;
	if (body && wx_access_token(cfg, db, NULL, token) == 0) {
		for (;;) {
			check_once(cfg, token, body, &left_ms, out);
			enum wx_again again = wx_answer_again(out->status, out->errcode, &tries);
			if (again == WX_AGAIN_NO ||
			    (again == WX_AGAIN_NEW_TOKEN && wx_access_token(cfg, db, token, token) != 0))
				break;
		}
	}
	if (out->status != WX_OK)
		log_warn("WeChat msg_sec_check failed (status %d, errcode %ld)", (int)out->status, out->errcode);
	cJSON_free(body);
	return out->status;
}
