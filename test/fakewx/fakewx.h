#ifndef FAKEWX_H
#define FAKEWX_H
/*
 * The fake WeChat: a FastCGI app behind the dev stack's nginx (PORT+1) that
 * speaks the WeChat protocols of spec WECHAT.md, errors and quirks included,
 * plus /fake/... endpoints with which tests play the WeChat client (make users,
 * log them in, inject faults, read back what the fake was asked).
 *
 * Its state (users, login codes, pending faults, the call log) is in its own
 * SQLite file ($FAKEWX_DB) so that all its workers share it.  Its time is the
 * server clock of the walk database, so that a shifted clock shifts both.
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
/* Records one call of a WeChat API for GET /fake/calls. */
void fake_record_call(struct request *req, const char *api);
/* If a fault is pending for api, consumes one and returns its name (in the
 * arena) and *seconds for "timeout"; else NULL. */
const char *fake_take_fault(struct request *req, const char *api, int *seconds);
/* WeChat's "errmsg, rid: …" suffix, in the arena. */
const char *fake_errmsg(struct request *req, const char *msg);
/* A WeChat-style JSON answer with the text/plain content type WeChat often uses. */
void fake_wx_reply(struct response *resp, int status, cJSON *root);
void fake_wx_error(struct request *req, struct response *resp, int errcode, const char *msg);
/* The current session key of openid (in the arena), or NULL. */
const char *fake_session_key_of(struct request *req, const char *openid);
/* A string member of the request's JSON body, or NULL. */
const char *fake_json_str(const struct request *req, const char *name);

/* Handlers. */
void fake_jscode2session(struct request *req, struct response *resp);
void fake_users_create(struct request *req, struct response *resp);
void fake_users_get(struct request *req, struct response *resp);
void fake_login(struct request *req, struct response *resp);
void fake_faults(struct request *req, struct response *resp);
void fake_calls(struct request *req, struct response *resp);
void fake_werun(struct request *req, struct response *resp);

#endif
