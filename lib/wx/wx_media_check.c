/* media_check_async (wx_media_check.h). */
#include "wx_media_check.h"

#include "log.h"
#include "wx_answer.h"

#include <cjson/cJSON.h>
#include <stdio.h>
#include <string.h>

static void read_answer(const char *text, struct wx_media_submit *out)
{
	cJSON *json = cJSON_Parse(text);
	cJSON *errcode = cJSON_GetObjectItemCaseSensitive(json, "errcode");
	const char *trace = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(json, "trace_id"));
	if (!cJSON_IsObject(json)) {
		out->status = WX_TRANSPORT;
	} else if (cJSON_IsNumber(errcode) && errcode->valuedouble != 0) {
		out->status = WX_ERRCODE;
		out->errcode = (long)errcode->valuedouble;
	} else if (!trace || !*trace || strlen(trace) >= sizeof out->trace_id) {
		out->status = WX_TRANSPORT;   /* accepted without a usable trace_id: nothing to match a verdict to */
	} else {
		out->status = WX_OK;
		snprintf(out->trace_id, sizeof out->trace_id, "%s", trace);
	}
	cJSON_Delete(json);
}

static void submit_once(const struct walk_config *cfg, const char *token, const char *body,
                        struct wx_media_submit *out)
{
	memset(out, 0, sizeof *out);
	out->status = WX_TRANSPORT;
	struct buf url = { 0 }, answer = { 0 };
	buf_printf(&url, "%s/wxa/media_check_async?access_token=%s", cfg->wx_api_base, token);
	if (wx_http(cfg, url.data, "media_check_async", body, &answer) == 0)
		read_answer(buf_str(&answer), out);
	buf_free(&url);
	buf_free(&answer);
}

enum wx_status wx_media_check_async(const struct walk_config *cfg, struct db *db, const char *openid,
                                    const char *media_url, struct wx_media_submit *out)
{
	memset(out, 0, sizeof *out);
	out->status = WX_TRANSPORT;
	cJSON *req = cJSON_CreateObject();
	cJSON_AddStringToObject(req, "media_url", media_url);
	cJSON_AddNumberToObject(req, "media_type", 2);
	cJSON_AddNumberToObject(req, "version", 2);
	cJSON_AddStringToObject(req, "openid", openid);
	cJSON_AddNumberToObject(req, "scene", WX_SCENE_SOCIAL_LOG);
	char *body = cJSON_PrintUnformatted(req);
	cJSON_Delete(req);
	char token[WX_TOKEN_MAX];
	struct wx_tries tries = { 0 };
	if (body && wx_access_token(cfg, db, NULL, token) == 0) {
		for (;;) {
			submit_once(cfg, token, body, out);
			enum wx_again again = wx_answer_again(out->status, out->errcode, &tries);
			if (again == WX_AGAIN_NO ||
			    (again == WX_AGAIN_NEW_TOKEN && wx_access_token(cfg, db, token, token) != 0))
				break;
		}
	}
	if (out->status != WX_OK)
		log_warn("WeChat media_check_async failed (status %d, errcode %ld)", (int)out->status, out->errcode);
	cJSON_free(body);
	return out->status;
}
