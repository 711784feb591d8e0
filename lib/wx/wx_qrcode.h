#ifndef WALK_WX_QRCODE_H
#define WALK_WX_QRCODE_H
/*
 * Mini-program codes (WECHAT.md §5a): POST wxa/getwxacodeunlimit answers the
 * PNG itself, or JSON {errcode, errmsg} (41030: the page does not exist in
 * the published mini-program).
 */
#include "buf.h"
#include "config.h"
#include "wx.h"

#include <stdbool.h>
#include <stddef.h>

enum {
	WX_SCENE_MAX = 32,                   /* visible characters */
	WX_QRCODE_WIDTH = 430,               /* WeChat's default, in pixels */
	WX_QRCODE_MAX_BYTES = 2 * 1024 * 1024,
};

/* Whether scene is 1..32 of the characters WeChat allows in one:
 * [0-9A-Za-z] and !#$&'()*+,/:;=?@-._~ (wx_scene.c, which needs no libcurl). */
bool wx_scene_valid(const char *scene);

/* Whether data looks like the PNG WeChat sends: the signature, then an IHDR
 * chunk of 13 bytes with a width and height of 1..4096 pixels. */
bool wx_png_plausible(const void *data, size_t n);

/* The code of scene opening page (in the version cfg->wx_env_version), PNG
 * bytes appended to png.  A stale token (40001) is refreshed and the call
 * made once more; -1 (busy) is retried once.  Ends any read transaction the
 * caller holds.  Returns WX_OK, WX_ERRCODE with *errcode, or WX_TRANSPORT
 * (no answer, or one that is neither JSON nor a plausible PNG). */
enum wx_status wx_unlimited_code(const struct walk_config *cfg, struct db *db, const char *scene,
                                 const char *page, struct buf *png, long *errcode);

#endif
