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
#include "buf.h"
#include "config.h"

#include <stdbool.h>
#include <stddef.h>

struct db;

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

/* One HTTP exchange with WeChat: GET url, or POST json_body when not NULL,
 * within cfg->wx_timeout_ms.  Appends the answer to body.  Returns 0 for an
 * HTTP 200 within the limits, else -1, logged under `what` (never with the
 * URL, which may hold a secret or a token). */
int wx_http(const struct walk_config *cfg, const char *url, const char *what, const char *json_body,
            struct buf *body);
/* The same within timeout_ms in all, connecting included. */
int wx_http_within(const char *url, const char *what, const char *json_body, long timeout_ms, struct buf *body);
/* The same with a cap of max_bytes on the answer (images are larger than
 * WX_RESPONSE_MAX). */
int wx_http_capped(const struct walk_config *cfg, const char *url, const char *what, const char *json_body,
                   size_t max_bytes, struct buf *body);

/* Counts one finished call named what (metrics.h, walk_wechat_calls_total):
 * curl_rc is libcurl's CURLcode, http_status the answer's status. */
void wx_count_call(const char *what, int curl_rc, long http_status);

/* code2Session (WECHAT.md §1): exchanges a wx.login code.  Retries once when
 * WeChat answers -1 (busy).  Fills *out; returns out->status. */
enum wx_status wx_code2session(const struct walk_config *cfg, const char *code, struct wx_session *out);

/* ------------------------------------------------------------- access_token */

enum { WX_TOKEN_MAX = 512 };

/* The access_token shared by every worker (WECHAT.md §3), kept in the
 * database (wx_access_token): used while it has more than five minutes left,
 * refreshed otherwise.  One process refreshes at a time (a short lease in the
 * row); the others keep using the old token, which WeChat honours for five
 * more minutes.  stale_token, when not NULL, is a token WeChat just refused
 * (40001): it is replaced unless another process already did.  Ends any read
 * transaction the caller holds (it writes).  Returns 0 with the token, or -1. */
int wx_access_token(const struct walk_config *cfg, struct db *db, const char *stale_token,
                    char token[WX_TOKEN_MAX]);

/* ------------------------------------------------------------- content check */

enum wx_verdict { WX_PASS, WX_REVIEW, WX_RISKY };
enum wx_scene { WX_SCENE_PROFILE = 1, WX_SCENE_COMMENT = 2, WX_SCENE_FORUM = 3, WX_SCENE_SOCIAL_LOG = 4 };

struct wx_check {
	enum wx_status status;
	long errcode;
	enum wx_verdict verdict;   /* for WX_OK */
	long label;                /* 100 normal, 20001 politics, … */
};

/* msg_sec_check v2 (WECHAT.md §4) of content written by openid.  A stale
 * token (40001) is refreshed and the check retried once; -1 (busy) is retried
 * once.  The check's calls, the retries included, share
 * cfg->wx_check_timeout_ms: a participant is waiting, and a worker with them.
 * Fetching an access_token keeps cfg->wx_timeout_ms: one process at a time
 * does it for all, every two hours or so, and cutting it short would leave
 * every check without a token while WeChat is merely slow.  An answer without
 * a known suggest counts as review (a person decides).  Ends any read
 * transaction the caller holds.  Returns out->status (WX_TRANSPORT when the
 * time ran out). */
enum wx_status wx_text_check(const struct walk_config *cfg, struct db *db, const char *openid,
                             enum wx_scene scene, const char *content, struct wx_check *out);

#endif
