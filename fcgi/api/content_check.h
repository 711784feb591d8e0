#ifndef WALK_CONTENT_CHECK_H
#define WALK_CONTENT_CHECK_H
/* WeChat's text check (WECHAT.md §4) of what a participant writes for others
 * to read: team names, announcements, essays. */
#include "rate_limit.h"
#include "worker.h"
#include "wx.h"

#include <stdbool.h>

/* Asks WeChat about text written by the caller, in scene, as one request of
 * `limit` (rate_limit.h: counted before WeChat is asked, so that no check is
 * made without being counted): false after answering 429 rate_limited, 422
 * content_rejected (risky), 502 wechat_error (WeChat failed, or did not
 * answer within wx_check_timeout_ms), 401 when the caller's user is gone, or
 * a database error; *flagged says "review" (shown, but a person looks at
 * it).  Answer everything that costs nothing before calling it.  Ends the
 * request's read transaction: re-read what a later write depends on inside
 * it. */
bool content_text_allowed(struct request *req, struct response *resp, enum rate_action limit,
                          enum wx_scene scene, const char *text, bool *flagged);

/* The check itself, of text written by the WeChat user openid, uncounted:
 * false after answering 422 content_rejected or 502 wechat_error as above;
 * *flagged says "review".  For the admin pages' corrections, which speak for
 * a participant (a team's new name is checked as its leader's) and are few
 * and behind a session.  Call it outside any transaction. */
bool content_text_verdict(struct request *req, struct response *resp, const char *openid, enum wx_scene scene,
                          const char *text, bool *flagged);

#endif
