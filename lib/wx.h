#ifndef WALK_WX_H
#define WALK_WX_H
/*
 * The WeChat API client (WECHAT.md), over libcurl: every call has a whole-
 * request timeout, a cap on the response size and CURLOPT_NOSIGNAL (workers
 * are single-threaded, but a SIGALRM-based resolver timeout must never fire
 * inside one).  Responses are parsed tolerantly: WeChat sends JSON as
 * text/plain and adds fields without notice.
 *
 * Secrets (the app secret, session keys) are never logged.
 */
#include "config.h"

#include <stddef.h>

enum { WX_RESPONSE_MAX = 64 * 1024 };

enum wx_status {
	WX_OK,
	WX_ERRCODE,      /* WeChat answered with an errcode (in result->errcode) */
	WX_TRANSPORT,    /* no usable answer: network, timeout, HTTP error, not JSON */
};

struct wx_session {
	enum wx_status status;
	long errcode;              /* WeChat's errcode for WX_ERRCODE */
	char openid[129];
	char unionid[129];         /* "" when absent */
	char session_key[64];      /* base64, as WeChat sent it */
};

/* code2Session (WECHAT.md §1): exchanges a wx.login code.  Retries once when
 * WeChat answers -1 (busy).  Fills *out; returns out->status. */
enum wx_status wx_code2session(const struct walk_config *cfg, const char *code, struct wx_session *out);

#endif
