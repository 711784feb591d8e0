#ifndef WALK_WX_MEDIA_CHECK_H
#define WALK_WX_MEDIA_CHECK_H
/*
 * WeChat's asynchronous image check, media_check_async v2 (WECHAT.md §4):
 * WeChat fetches media_url itself and pushes its verdict later, matched by the
 * trace_id this call answers (wx_push.h).  Called by `walkctl media check`
 * (cli/cmd_media.c), outside any transaction, never by a participant's
 * request.
 */
#include "wx.h"

struct wx_media_submit {
	enum wx_status status;
	long errcode;          /* WeChat's errcode for WX_ERRCODE */
	char trace_id[129];    /* for WX_OK */
};

/* Submits media_url (an image, media_type 2) of openid's.  A stale token
 * (40001) is refreshed and the call made once more; -1 (busy) is retried
 * once.  Ends any read transaction the caller holds.  Returns out->status. */
enum wx_status wx_media_check_async(const struct walk_config *cfg, struct db *db, const char *openid,
                                    const char *media_url, struct wx_media_submit *out);

#endif
