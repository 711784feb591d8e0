#ifndef WALK_WX_SENDER_H
#define WALK_WX_SENDER_H
/*
 * Subscribe messages sent several at a time (WECHAT.md §5): up to
 * max_in_flight calls of POST cgi-bin/message/subscribe/send share one libcurl
 * multi handle, and with it its kept connections, so that a round trip to
 * WeChat (tens of milliseconds from here) does not bound the evening's rate.
 * Each call has the whole-request timeout wx_timeout_ms and the answer cap
 * WX_RESPONSE_MAX of wx_http; nothing is logged with the URL, which carries
 * the access_token.
 *
 * The sender only talks: the pace, the access_token and what an answer means
 * are the caller's (lib/remind).  One thread; not for use across processes.
 */
#include "config.h"
#include "wx.h"

#include <stdbool.h>

struct wx_sender;

struct wx_send_outcome {
	void *tag;               /* as given to wx_sender_start */
	enum wx_status status;   /* WX_OK (errcode 0), WX_ERRCODE, WX_TRANSPORT */
	long errcode;            /* for WX_ERRCODE */
	bool timed_out;          /* a WX_TRANSPORT because WeChat did not answer in time */
};

typedef void (*wx_send_done_fn)(const struct wx_send_outcome *outcome, void *arg);

/* NULL when libcurl cannot start; wx_sender_free releases it. */
struct wx_sender *wx_sender_new(const struct walk_config *cfg, int max_in_flight);
/* Abandons the calls still in flight (their outcome is never reported). */
void wx_sender_free(struct wx_sender *s);
int wx_sender_in_flight(const struct wx_sender *s);
bool wx_sender_has_room(const struct wx_sender *s);
/* Starts one call with the JSON body (copied) under access_token.  Returns 0,
 * or -1 when there is no room or libcurl refused (nothing was sent). */
int wx_sender_start(struct wx_sender *s, const char *access_token, const char *body, void *tag);
/* Lets the calls progress for at most timeout_ms (less when one finishes)
 * and reports each finished call to done.  Returns how many finished, or -1
 * when libcurl fails. */
int wx_sender_poll(struct wx_sender *s, int timeout_ms, wx_send_done_fn done, void *arg);

#endif
