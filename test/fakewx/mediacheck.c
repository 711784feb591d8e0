/*
 * WeChat's asynchronous image check and its message push, as the fake plays
 * them (WECHAT.md §4, §4a; API.md "Dev stack"):
 *
 * POST /wxa/media_check_async?access_token=T  {media_url, media_type:2, version:2, openid, scene}
 *   1. recorded (api "media_check_async"); faults of that api answered
 *      ("stale_token" 40001, and the shared ones);
 *   2. T absent 41001, not valid 40001;
 *   3. 47001 "data format error" for a body of another shape;
 *   4. media_url fetched, as WeChat does: when it cannot be downloaded (not
 *      HTTP 200, over 10 MB, or not a JPEG or PNG by its bytes), the fake
 *      answers 47001 "media_url cannot be downloaded" (its own choice: WeChat
 *      would accept the call and report the failure later);
 *   5. {"errcode":0,"errmsg":"ok","trace_id":"…"}, the check kept.
 *
 * POST /fake/media_check {"trace_id":"…"|"all":true, "suggest":"pass|review|risky", "label":N?}
 *   pushes the verdict event of that check (again, if it was pushed before:
 *   WeChat may repeat), or of every check not pushed yet, to $FAKEWX_PUSH_URL
 *   in safe mode: {ToUserName, Encrypt} signed with msg_signature, under the
 *   configured wx_push_token and wx_push_aes_key.  Answers
 *   {"pushed":N,"answers":["success",…]} (what the server said to each).
 *
 * POST /fake/push_verify  the console's verification of the push URL: a GET
 *   with signature, timestamp, nonce and a random echostr; answers
 *   {"ok":true|false,"status":N,"answer":"…"}.
 */
#include "fakewx.h"

#include "clock.h"
#include "media_header.h"
#include "wx.h"
#include "wx_push.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { MEDIA_MAX_BYTES = 10 * 1024 * 1024, PUSH_TIMEOUT_MS = 5000 };

static const struct fake_errcode_fault media_faults[] = {
	{ "stale_token", 40001, "invalid credential, access_token is invalid or not latest" },
};

int fake_media_state(struct fakewx *fx)
{
	return db_exec(fx->state, "CREATE TABLE IF NOT EXISTS media_checks ("
	                          "  trace_id TEXT PRIMARY KEY, openid TEXT NOT NULL, media_url TEXT NOT NULL,"
	                          "  bytes INTEGER NOT NULL, pushed INTEGER NOT NULL DEFAULT 0, at INTEGER NOT NULL)");
}

/* The media_url of a well-formed request, or NULL. */
static const char *valid_request(const cJSON *json, const char **openid)
{
	const cJSON *type = cJSON_GetObjectItemCaseSensitive(json, "media_type");
	const cJSON *version = cJSON_GetObjectItemCaseSensitive(json, "version");
	const cJSON *scene = cJSON_GetObjectItemCaseSensitive(json, "scene");
	const char *url = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(json, "media_url"));
	*openid = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(json, "openid"));
	if (!json || !cJSON_IsNumber(type) || type->valuedouble != 2 || !cJSON_IsNumber(version) ||
	    version->valuedouble != 2 || !cJSON_IsNumber(scene) || scene->valuedouble < 1 || scene->valuedouble > 4)
		return NULL;
	if (!*openid || !**openid || !url || (strncmp(url, "http://", 7) != 0 && strncmp(url, "https://", 8) != 0))
		return NULL;
	return url;
}

void fake_media_check_async(struct request *req, struct response *resp)
{
	fake_record_call(req, "media_check_async");
	if (fake_apply_fault(req, resp, "media_check_async", media_faults, sizeof media_faults / sizeof media_faults[0]) ||
	    !fake_require_token(req, resp))
		return;
	const char *openid;
	const char *url = valid_request(fake_parse_body(req), &openid);
	if (!url) {
		fake_wx_error(req, resp, 47001, "data format error");
		return;
	}
	struct buf image = { 0 };
	bool fetched = wx_http_capped(&fake_of(req)->cfg, url, "fake media fetch", NULL, MEDIA_MAX_BYTES, &image) == 0 &&
	               media_sniff((const uint8_t *)image.data, image.len) != MEDIA_UNKNOWN;
	size_t bytes = image.len;
	buf_free(&image);
	if (!fetched) {
		fake_wx_error(req, resp, 47001, "media_url cannot be downloaded");
		return;
	}
	const char *trace = fake_random_hex(req, 16);
	if (db_execf(fake_of(req)->state, "INSERT INTO media_checks (trace_id, openid, media_url, bytes, at)"
	                                  " VALUES (?1, ?2, ?3, ?4, ?5)",
	             "tttii", trace, openid, url, (int64_t)bytes, clock_now()) != SQLITE_OK) {
		fake_wx_error(req, resp, -1, "system error");
		return;
	}
	cJSON *root = cJSON_CreateObject();
	cJSON_AddNumberToObject(root, "errcode", 0);
	cJSON_AddStringToObject(root, "errmsg", "ok");
	cJSON_AddStringToObject(root, "trace_id", trace);
	fake_wx_reply(resp, 200, root);
}

static const char *push_url(void)
{
	const char *url = getenv("FAKEWX_PUSH_URL");
	return url && *url ? url : "http://127.0.0.1:8080/api/wx/events";
}

/* The verdict event of one check, sealed, signed and sent; the server's answer into answers. */
static void push_one(struct request *req, const char *trace, const char *openid, const char *suggest, long label,
                     cJSON *answers)
{
	const struct walk_config *cfg = &fake_of(req)->cfg;
	cJSON *ev = cJSON_CreateObject();
	cJSON_AddStringToObject(ev, "ToUserName", "gh_fake_walk");
	cJSON_AddStringToObject(ev, "FromUserName", openid);
	cJSON_AddNumberToObject(ev, "CreateTime", (double)clock_now());
	cJSON_AddStringToObject(ev, "MsgType", "event");
	cJSON_AddStringToObject(ev, "Event", "wxa_media_check");
	cJSON_AddStringToObject(ev, "appid", cfg->appid);
	cJSON_AddStringToObject(ev, "trace_id", trace);
	cJSON_AddNumberToObject(ev, "version", 2);
	cJSON *result = cJSON_AddObjectToObject(ev, "result");
	cJSON_AddStringToObject(result, "suggest", suggest);
	cJSON_AddNumberToObject(result, "label", (double)label);
	cJSON *detail = cJSON_CreateObject();
	cJSON_AddStringToObject(detail, "strategy", "content_model");
	cJSON_AddNumberToObject(detail, "errcode", 0);
	cJSON_AddStringToObject(detail, "suggest", suggest);
	cJSON_AddNumberToObject(detail, "label", (double)label);
	cJSON_AddNumberToObject(detail, "prob", 90);
	cJSON_AddItemToArray(cJSON_AddArrayToObject(ev, "detail"), detail);
	cJSON_AddNumberToObject(ev, "errcode", 0);
	cJSON_AddStringToObject(ev, "errmsg", "ok");
	char *msg = cJSON_PrintUnformatted(ev);
	cJSON_Delete(ev);
	uint8_t key[WX_PUSH_KEY];
	char *encrypt = NULL;
	if (!msg || wx_push_key(cfg->wx_push_aes_key, key) != 0 ||
	    wx_push_encrypt(key, NULL, msg, strlen(msg), cfg->appid, &encrypt) != 0) {
		cJSON_AddItemToArray(answers, cJSON_CreateString("(not sealed)"));
		cJSON_free(msg);
		return;
	}
	char timestamp[24], sig[WX_PUSH_SIG_HEX], msg_sig[WX_PUSH_SIG_HEX];
	snprintf(timestamp, sizeof timestamp, "%lld", (long long)clock_now());
	const char *nonce = fake_random_hex(req, 8);
	const char *parts[] = { cfg->wx_push_token, timestamp, nonce, encrypt };
	wx_push_signature(parts, 3, sig);
	wx_push_signature(parts, 4, msg_sig);
	cJSON *body = cJSON_CreateObject();
	cJSON_AddStringToObject(body, "ToUserName", "gh_fake_walk");
	cJSON_AddStringToObject(body, "Encrypt", encrypt);
	char *text = cJSON_PrintUnformatted(body);
	cJSON_Delete(body);
	struct buf url = { 0 }, answer = { 0 };
	buf_printf(&url, "%s?signature=%s&timestamp=%s&nonce=%s&encrypt_type=aes&msg_signature=%s", push_url(), sig,
	           timestamp, nonce, msg_sig);
	bool ok = wx_http_within(url.data, "fake push", text, PUSH_TIMEOUT_MS, &answer) == 0;
	cJSON_AddItemToArray(answers, cJSON_CreateString(ok ? buf_str(&answer) : "(refused)"));
	buf_free(&url);
	buf_free(&answer);
	cJSON_free(text);
	free(encrypt);
	cJSON_free(msg);
}

void fake_media_check_push(struct request *req, struct response *resp)
{
	const char *trace = fake_json_str(req, "trace_id");
	const char *suggest = fake_json_str(req, "suggest");
	bool all = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(req->json, "all"));
	cJSON *label = cJSON_GetObjectItemCaseSensitive(req->json, "label");
	if (!suggest || (strcmp(suggest, "pass") != 0 && strcmp(suggest, "review") != 0 && strcmp(suggest, "risky") != 0) ||
	    (!trace && !all)) {
		resp_error(resp, 400, "validation_failed", "give trace_id or all:true, and suggest pass|review|risky", NULL);
		return;
	}
	long lab = cJSON_IsNumber(label) ? (long)label->valuedouble : strcmp(suggest, "pass") == 0 ? 100 : 20002;
	struct db *st = fake_of(req)->state;
	sqlite3_stmt *q;
	int rc = trace ? db_prepare(st, &q, "SELECT trace_id, openid FROM media_checks WHERE trace_id = ?1", "t", trace)
	               : db_prepare(st, &q, "SELECT trace_id, openid FROM media_checks WHERE pushed = 0 ORDER BY at", "");
	/* Read first, push after: a push waits on the server, which must not wait on this statement. */
	cJSON *todo = cJSON_CreateArray();
	while (rc == SQLITE_OK && (rc = db_step(st, q)) == SQLITE_ROW) {
		cJSON *pair = cJSON_CreateArray();
		cJSON_AddItemToArray(pair, cJSON_CreateString((const char *)sqlite3_column_text(q, 0)));
		cJSON_AddItemToArray(pair, cJSON_CreateString((const char *)sqlite3_column_text(q, 1)));
		cJSON_AddItemToArray(todo, pair);
	}
	if (q)
		db_finish(q, rc);
	cJSON *answers = cJSON_CreateArray();
	cJSON *pair;
	cJSON_ArrayForEach(pair, todo) {
		const char *t = cJSON_GetStringValue(cJSON_GetArrayItem(pair, 0));
		push_one(req, t, cJSON_GetStringValue(cJSON_GetArrayItem(pair, 1)), suggest, lab, answers);
		db_execf(st, "UPDATE media_checks SET pushed = pushed + 1 WHERE trace_id = ?1", "t", t);
	}
	cJSON *o = cJSON_CreateObject();
	cJSON_AddNumberToObject(o, "pushed", cJSON_GetArraySize(todo));
	cJSON_AddItemToObject(o, "answers", answers);
	cJSON_Delete(todo);
	resp_json(resp, 200, o);
}

void fake_push_verify(struct request *req, struct response *resp)
{
	const struct walk_config *cfg = &fake_of(req)->cfg;
	char timestamp[24], sig[WX_PUSH_SIG_HEX];
	snprintf(timestamp, sizeof timestamp, "%lld", (long long)clock_now());
	const char *nonce = fake_random_hex(req, 8), *echostr = fake_random_hex(req, 12);
	const char *parts[] = { cfg->wx_push_token, timestamp, nonce };
	wx_push_signature(parts, 3, sig);
	struct buf url = { 0 }, answer = { 0 };
	buf_printf(&url, "%s?signature=%s&timestamp=%s&nonce=%s&echostr=%s", push_url(), sig, timestamp, nonce, echostr);
	bool answered = wx_http_within(url.data, "fake push verify", NULL, PUSH_TIMEOUT_MS, &answer) == 0;
	cJSON *o = cJSON_CreateObject();
	cJSON_AddBoolToObject(o, "ok", answered && strcmp(buf_str(&answer), echostr) == 0);
	cJSON_AddStringToObject(o, "answer", buf_str(&answer));
	buf_free(&url);
	buf_free(&answer);
	resp_json(resp, 200, o);
}
