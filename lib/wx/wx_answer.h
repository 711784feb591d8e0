#ifndef WALK_WX_ANSWER_H
#define WALK_WX_ANSWER_H
/*
 * Reading WeChat's JSON answers (WECHAT.md): every API answers a JSON object,
 * sent as text/plain, with a non-zero `errcode` on failure and new fields
 * added without notice.  One reading for every call, so that what counts as
 * "an error", "no usable answer" and "success" is decided in one place.
 */
#include "wx.h"

#include <cjson/cJSON.h>
#include <stdbool.h>
#include <stdint.h>

/* Reads text (an answer's body; NULL reads as nothing):
 *   WX_TRANSPORT  it is not a JSON object, or its errcode is not an integer
 *                 WeChat could send (not a number, fractional, beyond 32 bits);
 *   WX_ERRCODE    a non-zero errcode, into *errcode;
 *   WX_OK         otherwise (errcode 0 or absent).
 * *json (may be NULL) gets the parsed object for WX_OK and WX_ERRCODE, which
 * the caller cJSON_Delete()s, else NULL; *errcode gets 0 unless WX_ERRCODE. */
enum wx_status wx_answer_read(const char *text, cJSON **json, long *errcode);

/* The string member name of object, or NULL (absent, not a string, NULL object). */
const char *wx_answer_string(const cJSON *object, const char *name);

/* What to do after a call that takes the shared access_token (WECHAT.md §3):
 * 40001 (a stale token) once gets a new token and the call again, -1 (busy)
 * once gets the call again, anything else ends the tries. */
enum wx_again { WX_AGAIN_NO, WX_AGAIN_SAME, WX_AGAIN_NEW_TOKEN };
struct wx_tries {
	bool refreshed, retried_busy;
};
enum wx_again wx_answer_again(enum wx_status st, long errcode, struct wx_tries *tries);

/* The readers of each call's answer (pure: no I/O, no log), fuzzed together
 * with wx_answer_read (test/fuzz/fuzz_wx_answers.c). */
/* code2Session: WX_OK only with an openid and a session_key that fit. */
void wx_session_read(const char *text, struct wx_session *out);
/* msg_sec_check v2: a verdict other than "pass" or "risky" reads as review. */
void wx_check_read(const char *text, struct wx_check *out);
/* cgi-bin/token: WX_OK only with a token that fits and a lifetime of 1 s to a
 * day, into token and *expires_in. */
enum wx_status wx_token_read(const char *text, char token[WX_TOKEN_MAX], int64_t *expires_in, long *errcode);

#endif
