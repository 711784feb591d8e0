#ifndef FAKEWX_H
#define FAKEWX_H
/*
 * The fake WeChat: a FastCGI app behind the dev stack's nginx (PORT+1) that
 * speaks the WeChat protocols of spec WECHAT.md, errors and quirks included,
 * plus /fake/... endpoints with which tests play the WeChat client (make users,
 * log them in, inject faults, read back what the fake was asked).
 *
 * Its state (users, login codes, access tokens, pending faults, content-check
 * rules, the call log) is in its own SQLite file ($FAKEWX_DB) so that all its
 * workers share it.  Its time is the server clock of the walk database, so
 * that a shifted clock shifts both.
 *
 * Files: main.c routes; state.c the state and shared helpers; faults.c
 * injected faults; sns.c code2Session; token.c access_token; seccheck.c
 * msg_sec_check; verdicts.c its rules; messages.c subscribe messages;
 * qrcode.c mini-program codes; werun.c and control.c the /fake/... controls;
 * pay*.c the fake WeChat Pay (pay.h).
 */
#include "config.h"
#include "db.h"
#include "http.h"

struct fakewx {
	struct walk_config cfg;   /* appid, app_secret, db (the walk database, for the clock) */
	char state_path[512];
	struct db *state;
	struct db *walk_db;       /* may stay NULL: then the clock is the real one */
};

static inline struct fakewx *fake_of(const struct request *req)
{
	return (struct fakewx *)req->ctx;
}

/* state.c */
int fake_state_open(struct fakewx *fx, char *err, size_t errlen);
/* Records one call of a WeChat API for GET /fake/calls: method, path, query
 * (the value of every "secret" parameter masked as "***") and the body as sent. */
void fake_record_call(struct request *req, const char *api);
/* The same with body stored instead of the request's (for bodies that carry
 * a secret: the caller masks it). */
void fake_record_call_body(struct request *req, const char *api, const char *body);
/* WeChat's "errmsg, rid: …" suffix, in the arena. */
const char *fake_errmsg(struct request *req, const char *msg);
/* A WeChat-style JSON answer with the text/plain content type WeChat often uses. */
void fake_wx_reply(struct response *resp, int status, cJSON *root);
void fake_wx_error(struct request *req, struct response *resp, int errcode, const char *msg);
/* WeChat's checks of the app credentials a call carries, in this order:
 * appid absent or "" 41002 "appid missing", not ours 40013 "invalid appid";
 * secret absent or "" 41004 "appsecret missing", not ours 40125 "invalid
 * appsecret"; grant_type other than expected_grant 40002 "invalid grant_type".
 * Returns true when all pass, else false after answering the error. */
bool fake_check_app(struct request *req, struct response *resp, const char *appid,
                    const char *secret, const char *grant_type, const char *expected_grant);
/* The current session key of openid (in the arena), or NULL. */
const char *fake_session_key_of(struct request *req, const char *openid);
/* A string member of the request's JSON body, or NULL. */
const char *fake_json_str(const struct request *req, const char *name);
/* For R_RAW_BODY routes that must answer a bad body the WeChat way (47001)
 * rather than with the framework's 415/400: parses the body as one JSON
 * object and nothing after it, into req->json (which the server frees).
 * Returns req->json, or NULL when the body is not such an object. */
cJSON *fake_parse_body(struct request *req);
/* n random characters of [A-Za-z0-9_-] (base64url's alphabet), in the arena. */
const char *fake_random_text(struct request *req, size_t n);
/* nbytes random bytes as 2*nbytes lower-case hex characters, in the arena. */
const char *fake_random_hex(struct request *req, size_t nbytes);

/* faults.c: faults injected with POST /fake/faults, consumed one per call. */
/* If a fault is pending for api, consumes one and returns its name (in the
 * arena) and *seconds for "timeout"; else NULL. */
const char *fake_take_fault(struct request *req, const char *api, int *seconds);
/* A fault that an API answers with a WeChat errcode of its own. */
struct fake_errcode_fault {
	const char *fault;
	int errcode;
	const char *errmsg;   /* without the rid suffix, which fake_wx_error adds */
};
/* Takes a pending fault of api and answers it; returns false (resp untouched)
 * when none is pending.  Every API shares four faults:
 *   "busy"    -> errcode -1 "system error";
 *   "timeout" -> sleeps the fault's seconds (10 when not > 0), then -1;
 *   "5xx"     -> HTTP 502 with an HTML body, as a failing gateway answers;
 *   "slow"    -> sleeps the fault's seconds (1 when not > 0), then returns
 *                false: the API answers as usual, late;
 * the API's own faults are looked up in specific[0..n); any other fault name
 * (known to /fake/faults but meaningless for this API) answers -1. */
bool fake_apply_fault(struct request *req, struct response *resp, const char *api,
                      const struct fake_errcode_fault *specific, size_t n);

/* token.c: the access_token store shared by every API that takes one. */
/* Whether token is an access_token the fake issued that is still valid now. */
bool fake_token_valid(struct request *req, const char *token);
/* The request's ?access_token= as WeChat checks it: true when it is one the
 * fake issued and still valid; else false after answering 41001 (absent) or
 * 40001 (unknown or stale). */
bool fake_require_token(struct request *req, struct response *resp);

/* verdicts.c: the content-check rules tests set with /fake/verdicts. */
struct fake_verdict {
	const char *suggest;   /* "pass", "review" or "risky" */
	int label;
};
/* The verdict for content: the first rule (in insertion order) whose
 * substring occurs in it, else pass/100. */
struct fake_verdict fake_verdict_for(struct request *req, const char *content);

/* Handlers. */
void fake_jscode2session(struct request *req, struct response *resp);
void fake_token(struct request *req, struct response *resp);
void fake_stable_token(struct request *req, struct response *resp);
void fake_msg_sec_check(struct request *req, struct response *resp);
void fake_users_create(struct request *req, struct response *resp);
void fake_users_get(struct request *req, struct response *resp);
void fake_login(struct request *req, struct response *resp);
void fake_faults(struct request *req, struct response *resp);
void fake_calls(struct request *req, struct response *resp);
void fake_werun(struct request *req, struct response *resp);
void fake_verdicts_add(struct request *req, struct response *resp);
void fake_verdicts_clear(struct request *req, struct response *resp);
void fake_subscribe_send(struct request *req, struct response *resp);
void fake_messages(struct request *req, struct response *resp);
void fake_getwxacodeunlimit(struct request *req, struct response *resp);

#endif
