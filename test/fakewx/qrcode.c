/*
 * POST /wxa/getwxacodeunlimit?access_token=T — WeChat's unlimited
 * mini-program code, WECHAT.md §5a.  Body {scene, page?, check_path?,
 * env_version?, width?}, read raw.
 *
 * In order:
 *   1. the call is recorded (api "getwxacodeunlimit", the body as sent);
 *   2. an injected fault of api "getwxacodeunlimit": "stale_token" 40001,
 *      "invalid_page" 41030, and the shared ones (faults.c);
 *   3. T absent: 41001; not a valid token of the fake: 40001;
 *   4. the body not a JSON object: 47001;
 *   5. scene absent, empty, over 32 characters or with a character WeChat
 *      does not allow ([0-9A-Za-z] and !#$&'()*+,/:;=?@-._~): 40169;
 *   6. page with a leading '/', a query string or a character outside
 *      [A-Za-z0-9_/-]; or, when check_path is not false, a page outside
 *      pages/ (the fake's stand-in for "not in the published version"): 41030;
 *   7. env_version other than release, trial, develop: 40097;
 *   8. the PNG: width (280..1280, default 430) pixels square, grey, drawn from
 *      the SHA-256 of the scene as a grid of 25 × 25 modules with the three
 *      corner squares a QR code has (it decodes as a PNG, not as a QR code).
 *      Content-Type image/png.  Errors are JSON, as on WeChat.
 */
#include "fakewx.h"

#include "crypto.h"

#include <png.h>
#include <stdlib.h>
#include <string.h>

enum { MODULES = 25, QUIET = 2, MIN_WIDTH = 280, MAX_WIDTH = 1280, DEFAULT_WIDTH = 430 };

static const struct fake_errcode_fault code_faults[] = {
	{ "stale_token", 40001, "invalid credential, access_token is invalid or not latest" },
	{ "invalid_page", 41030, "invalid page rid" },
};

static bool scene_ok(const char *scene)
{
	static const char allowed[] = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
	                              "!#$&'()*+,/:;=?@-._~";
	size_t n = scene ? strlen(scene) : 0;
	return n >= 1 && n <= 32 && strspn(scene, allowed) == n;
}

static bool page_ok(const char *page, bool check_path)
{
	if (!page || !*page)
		return true;   /* WeChat's default: the home page */
	if (page[0] == '/' || strspn(page, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_/-") !=
	                          strlen(page))
		return false;
	return !check_path || strncmp(page, "pages/", 6) == 0;
}

/* Whether module (x, y) of the grid is dark: the finder squares in three
 * corners, the rest from the bits of SHA-256(scene), hashed again per row. */
static bool dark(const char *scene, int x, int y)
{
	for (int c = 0; c < 3; c++) {
		int fx = c == 1 ? MODULES - 7 : 0, fy = c == 2 ? MODULES - 7 : 0;
		if (x >= fx && x < fx + 7 && y >= fy && y < fy + 7) {
			int dx = x - fx, dy = y - fy;
			bool ring = dx == 0 || dx == 6 || dy == 0 || dy == 6;
			bool core = dx >= 2 && dx <= 4 && dy >= 2 && dy <= 4;
			return ring || core;
		}
	}
	char text[64], hex[CRYPTO_SHA256_HEX_SIZE];
	int n = snprintf(text, sizeof text, "%s/%d", scene, y);
	crypto_sha256_hex(text, (size_t)n, hex);
	char digit = hex[x % 64];
	int nibble = digit <= '9' ? digit - '0' : digit - 'a' + 10;
	return (nibble & (1 << (x % 4))) != 0;
}

static void append_png(png_structp png, png_bytep data, png_size_t n)
{
	buf_append(png_get_io_ptr(png), data, n);
}

static void flush_nothing(png_structp png)
{
	(void)png;
}

/* The code's PNG into out; false when libpng fails. */
static bool draw(const char *scene, int width, struct buf *out)
{
	png_structp png = png_create_write_struct(PNG_LIBPNG_VER_STRING, NULL, NULL, NULL);
	png_infop info = png ? png_create_info_struct(png) : NULL;
	png_bytep row = malloc((size_t)width);
	bool ok = png && info && row;
	if (ok && setjmp(png_jmpbuf(png)) == 0) {
		png_set_write_fn(png, out, append_png, flush_nothing);
		png_set_IHDR(png, info, (png_uint_32)width, (png_uint_32)width, 8, PNG_COLOR_TYPE_GRAY, PNG_INTERLACE_NONE,
		             PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
		png_write_info(png, info);
		int cell = width / (MODULES + 2 * QUIET), margin = (width - cell * MODULES) / 2;
		for (int y = 0; y < width; y++) {
			int my = (y - margin) / cell;
			for (int x = 0; x < width; x++) {
				int mx = (x - margin) / cell;
				bool inside = y >= margin && x >= margin && mx < MODULES && my < MODULES;
				row[x] = inside && dark(scene, mx, my) ? 0 : 255;
			}
			png_write_row(png, row);
		}
		png_write_end(png, NULL);
	} else {
		ok = false;
	}
	png_destroy_write_struct(png ? &png : NULL, info ? &info : NULL);
	free(row);
	return ok;
}

void fake_getwxacodeunlimit(struct request *req, struct response *resp)
{
	fake_record_call(req, "getwxacodeunlimit");
	if (fake_apply_fault(req, resp, "getwxacodeunlimit", code_faults, sizeof code_faults / sizeof code_faults[0]))
		return;
	if (!fake_require_token(req, resp))
		return;
	const cJSON *json = fake_parse_body(req);
	if (!json) {
		fake_wx_error(req, resp, 47001, "data format error");
		return;
	}
	const char *scene = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(json, "scene"));
	const char *page = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(json, "page"));
	const char *env = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(json, "env_version"));
	const cJSON *check_path = cJSON_GetObjectItemCaseSensitive(json, "check_path");
	const cJSON *width_item = cJSON_GetObjectItemCaseSensitive(json, "width");
	if (!scene_ok(scene)) {
		fake_wx_error(req, resp, 40169, "invalid length for scene, or the data is not json string");
		return;
	}
	if (!page_ok(page, !cJSON_IsFalse(check_path))) {
		fake_wx_error(req, resp, 41030, "invalid page");
		return;
	}
	if (env && strcmp(env, "release") != 0 && strcmp(env, "trial") != 0 && strcmp(env, "develop") != 0) {
		fake_wx_error(req, resp, 40097, "invalid args");
		return;
	}
	int width = cJSON_IsNumber(width_item) ? width_item->valueint : DEFAULT_WIDTH;
	width = width < MIN_WIDTH ? MIN_WIDTH : width > MAX_WIDTH ? MAX_WIDTH : width;
	buf_reset(&resp->body, 0);
	if (!draw(scene, width, &resp->body)) {
		fake_wx_error(req, resp, -1, "system error");
		return;
	}
	resp->status = 200;
	resp->content_type = "image/png";
}
