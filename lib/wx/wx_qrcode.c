/* Mini-program codes, getwxacodeunlimit (wx_qrcode.h, WECHAT.md §5a). */
#include "wx_qrcode.h"

#include "wx_answer.h"

#include "log.h"

#include <stdint.h>
#include <string.h>

static uint32_t be32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

bool wx_png_plausible(const void *data, size_t n)
{
	static const unsigned char signature[8] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n' };
	const unsigned char *p = data;
	if (n < 8 + 8 + 13 + 4 || memcmp(p, signature, 8) != 0)
		return false;
	uint32_t width = be32(p + 16), height = be32(p + 20);
	return be32(p + 8) == 13 && memcmp(p + 12, "IHDR", 4) == 0 && width >= 1 && width <= 4096 &&
	       height >= 1 && height <= 4096;
}

/* One call; the PNG into png or the errcode into *errcode. */
static enum wx_status code_once(const struct walk_config *cfg, const char *token, const char *body,
                                struct buf *png, long *errcode)
{
	struct buf url = { 0 }, answer = { 0 };
	buf_printf(&url, "%s/wxa/getwxacodeunlimit?access_token=%s", cfg->wx_api_base, token);
	enum wx_status st = WX_TRANSPORT;
	if (wx_http_capped(cfg, url.data, "getwxacodeunlimit", body, WX_QRCODE_MAX_BYTES, &answer) == 0) {
		if (wx_png_plausible(answer.data, answer.len)) {
			buf_append(png, answer.data, answer.len);
			st = WX_OK;
		} else {
			/* Not a PNG: only an error counts ("errcode 0" is no image either). */
			if (wx_answer_read(buf_str(&answer), NULL, errcode) == WX_ERRCODE)
				st = WX_ERRCODE;
			else
				log_warn("WeChat getwxacodeunlimit: the answer is neither a PNG nor an error");
		}
	}
	buf_free(&url);
	buf_free(&answer);
	return st;
}

enum wx_status wx_unlimited_code(const struct walk_config *cfg, struct db *db, const char *scene,
                                 const char *page, struct buf *png, long *errcode)
{
	*errcode = 0;
	cJSON *req = cJSON_CreateObject();
	cJSON_AddStringToObject(req, "scene", scene);
	cJSON_AddStringToObject(req, "page", page);
	cJSON_AddBoolToObject(req, "check_path", true);
	cJSON_AddStringToObject(req, "env_version", cfg->wx_env_version);
	cJSON_AddNumberToObject(req, "width", WX_QRCODE_WIDTH);
	char *body = cJSON_PrintUnformatted(req);
	cJSON_Delete(req);
	char token[WX_TOKEN_MAX];
	enum wx_status st = WX_TRANSPORT;
	struct wx_tries tries = { 0 };
	if (body && wx_access_token(cfg, db, NULL, token) == 0) {
		for (;;) {
			st = code_once(cfg, token, body, png, errcode);
			enum wx_again again = wx_answer_again(st, *errcode, &tries);
			if (again == WX_AGAIN_NO ||
			    (again == WX_AGAIN_NEW_TOKEN && wx_access_token(cfg, db, token, token) != 0))
				break;
		}
	}
	if (st != WX_OK)
		log_warn("WeChat getwxacodeunlimit failed (status %d, errcode %ld)", (int)st, *errcode);
	cJSON_free(body);
	return st;
}
