/*
 * GET|POST /api/wx/events: WeChat's message push in safe mode (WECHAT.md §4a).
 *
 * GET is the console's verification: signature = SHA-1 of the sorted Token,
 * timestamp and nonce; the answer is echostr.  POST carries an event:
 * msg_signature (over Token, timestamp, nonce and Encrypt) is checked before
 * anything is decrypted, the appid at the end of the plaintext after.  The
 * one event read is the image check's verdict (wxa_media_check): pass and
 * review are recorded; risky also deletes the photo and its poster, after the
 * write commits.  Events may repeat: a verdict that matches no photo awaiting
 * one changes nothing.  WeChat wants "success" within 5 s.
 *
 * Refusals: 403 bad_signature, 403 bad_appid, 400 bad_event.  The Token and
 * the key are never logged.
 */
#include "worker.h"

#include "clock.h"
#include "log.h"
#include "media_files.h"
#include "store_media.h"
#include "wx_push.h"

#include <stdlib.h>
#include <string.h>

static void success(struct response *resp)
{
	resp->status = 200;
	resp->content_type = "text/plain; charset=utf-8";
	buf_puts(&resp->body, "success");
}

/* In production, the dev stack's Token and key are public: nothing signed
 * with them is trusted. */
static bool signed_by_us(const struct request *req, const char *sig_name, const char *encrypt)
{
	const struct walk_config *cfg = &worker_of(req)->cfg;
	if (cfg->mode == MODE_PRODUCTION && config_push_is_dev(cfg)) {
		log_error("the message push is configured with the dev wx_push_token or wx_push_aes_key: events refused");
		return false;
	}
	const char *timestamp = req_query(req, "timestamp"), *nonce = req_query(req, "nonce");
	if (!timestamp || !nonce)
		return false;
	const char *parts[] = { cfg->wx_push_token, timestamp, nonce, encrypt };
	return wx_push_signature_ok(parts, encrypt ? 4 : 3, req_query(req, sig_name));
}

void api_wx_events_verify(struct request *req, struct response *resp)
{
	const char *echostr = req_query(req, "echostr");
	if (!echostr || !signed_by_us(req, "signature", NULL)) {
		resp_error(resp, 403, "bad_signature", "签名校验失败", NULL);
		return;
	}
	resp->status = 200;
	resp->content_type = "text/plain; charset=utf-8";
	buf_puts(&resp->body, echostr);
}

/* The verdict into the database; the files of a risky photo removed after. */
static void record_verdict(struct request *req, struct response *resp, const struct wx_media_event *ev)
{
	struct worker *w = worker_of(req);
	static const char *const names[] = { [WX_MEDIA_PASS] = "pass", [WX_MEDIA_REVIEW] = "review",
		                                 [WX_MEDIA_RISKY] = "risky" };
	/* WeChat could not check the image (errcode not 0): a person looks at it. */
	const char *verdict = ev->errcode != 0 ? "review" : names[ev->verdict];
	char removed[MEDIA_FILE_ID_CHARS + 1] = "";
	bool matched = false;
	int rc = worker_begin_write(w);
	if (rc == SQLITE_OK)
		rc = store_media_verdict(w->db, ev->trace_id, verdict, ev->label, clock_now(), removed, &matched);
	if (!worker_finish_write(req, resp, rc))
		return;
	if (removed[0] && media_files_remove(&w->cfg, removed) != 0)
		log_error("rid=%s cannot remove the files of risky photo %s", req->request_id, removed);
	log_info("rid=%s image check %s: %s%s", req->request_id, ev->trace_id, verdict, matched ? "" : " (matched nothing)");
	success(resp);
}

void api_wx_events(struct request *req, struct response *resp)
{
	cJSON *body = http_parse_json_object(req->body, req->body_len);
	const char *encrypt = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(body, "Encrypt"));
	const struct walk_config *cfg = &worker_of(req)->cfg;
	char *msg = NULL;
	size_t msg_len;
	uint8_t key[WX_PUSH_KEY];
	enum wx_push_result opened = WX_PUSH_BAD_BASE64;
	if (!encrypt) {
		resp_error(resp, 400, "bad_event", "消息格式不正确", NULL);
	} else if (!signed_by_us(req, "msg_signature", encrypt)) {
		resp_error(resp, 403, "bad_signature", "签名校验失败", NULL);
	} else if (wx_push_key(cfg->wx_push_aes_key, key) != 0 ||
	           (opened = wx_push_decrypt(key, encrypt, cfg->appid, &msg, &msg_len)) != WX_PUSH_OK) {
		if (opened == WX_PUSH_BAD_APPID)
			resp_error(resp, 403, "bad_appid", "消息不属于本小程序", NULL);
		else
			resp_error(resp, 400, "bad_event", "消息无法解密", NULL);
	} else {
		struct wx_media_event ev;
		enum wx_event_kind kind = wx_push_media_event(msg, &ev);
		if (kind == WX_EVENT_MALFORMED)
			resp_error(resp, 400, "bad_event", "消息内容不正确", NULL);
		else if (kind == WX_EVENT_MEDIA_CHECK && strcmp(ev.appid, cfg->appid) != 0)
			resp_error(resp, 403, "bad_appid", "消息不属于本小程序", NULL);
		else if (kind == WX_EVENT_MEDIA_CHECK)
			record_verdict(req, resp, &ev);
		else
			success(resp);   /* other events: nothing to do */
	}
	free(msg);
	cJSON_Delete(body);
}
