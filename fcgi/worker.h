#ifndef WALK_WORKER_H
#define WALK_WORKER_H
/*
 * The walk worker's long-lived state and the helpers its handlers share.
 * One worker process = one struct worker, created at start, reached by
 * handlers through req->ctx.
 */
#include "admin.h"
#include "config.h"
#include "db.h"
#include "http.h"
#include "sealed.h"
#include "slots.h"
#include "store_activity.h"

enum { ACTIVITY_CACHE_SIZE = 4 };

struct pay_client;

struct worker {
	struct walk_config cfg;
	struct db *db;            /* NULL while the database cannot be opened */
	/* Seals and opens the session keys at rest, keyed once at start with
	 * cfg.data_key (wiped from cfg then): no key is derived per request. */
	struct sealer sealer;
	struct sealer sealer_previous;   /* keyed while a rotation runs (data_key_previous): sealer.previous */
	/* Activities as last loaded, valid while config_version (schema 004) has
	 * not moved; read once per request by the before hook.  Nearly every
	 * request names the running activity: when the cache is full, the least
	 * recently used entry makes room, so that the running one stays whatever
	 * order the activities were first asked for in. */
	int64_t config_version;
	int cached;                                  /* slots in use, from 0 */
	struct activity activities[ACTIVITY_CACHE_SIZE];
	uint64_t last_used[ACTIVITY_CACHE_SIZE];     /* the value of uses at each slot's last lookup */
	uint64_t uses;                               /* lookups so far */
	struct admin_session admin;   /* the admin of the current request (admin_auth.c) */
	struct slots pbkdf2_slots;    /* shared by the admin pool (admin_pbkdf2_slots.c) */
	struct pay_client *pay;       /* WeChat Pay (pay_client.h); NULL when not configured or its keys failed */
};

static inline struct worker *worker_of(const struct request *req)
{
	return (struct worker *)req->ctx;
}

/* Answers a failed SQLite call: 503 unavailable when the database cannot serve
 * now, else 500 (a bug: logged with the request id). */
void worker_db_error(struct request *req, struct response *resp, int rc);
/* Answers rc, the result of a lookup the request needs a row from: true for
 * SQLITE_OK; false after answering the error status/code/message for
 * DB_NOTFOUND (what "no such row" means to that request), or worker_db_error
 * for anything else. */
bool worker_found(struct request *req, struct response *resp, int rc, int status, const char *code,
                  const char *message);

/* Re-reads config_version and forgets the cached activities if it moved.
 * Returns an SQLite code. */
int worker_refresh_config(struct worker *w);
/* Activity id from the cache, or loaded into it.  Returns SQLITE_OK,
 * DB_NOTFOUND or the SQLite error.  *out stays valid until the next call. */
int worker_find_activity(struct worker *w, int64_t id, const struct activity **out);

/* The activity a route's {aid} names, with the request's time. */
struct activity_ctx {
	const struct activity *activity;   /* the worker's cached copy */
	const struct activity_rules *rules;
	int64_t now;                 /* clock_now() once per request: one instant for all rules */
	int32_t today;
};

/* Loads activity id (404 not_found when there is none, id <= 0 included)
 * with the request's time.  Returns false after answering. */
bool worker_load_activity(struct request *req, struct response *resp, int64_t id, struct activity_ctx *ctx);
/* Loads the activity the route's {aid} names: 404 not_found when it does not
 * exist; with need_enrollment, 403 not_enrolled unless the caller is enrolled.
 * Returns false after answering. */
bool worker_activity(struct request *req, struct response *resp, struct activity_ctx *ctx,
                     bool need_enrollment);

/* Ends the request's read transaction and starts a write one (BEGIN
 * IMMEDIATE).  Returns an SQLite code.  Whatever was read before may be
 * stale afterwards: re-read what the write depends on inside it. */
int worker_begin_write(struct worker *w);

/* Ends a handler's own write transaction: commits when rc is SQLITE_OK, else
 * (or when the commit fails) rolls back and answers the error.  Returns
 * whether the write is committed. */
bool worker_finish_write(struct request *req, struct response *resp, int rc);

/* 400 validation_failed naming the field. */
void worker_invalid(struct response *resp, const char *field, const char *message);
/* Whether code (absent, or longer than size - 1 bytes, is not) is one that
 * lookup finds, e.g. store_region_exists: false after answering 400
 * validation_failed naming field, or the lookup's error. */
bool worker_known_code(struct request *req, struct response *resp, const char *code, size_t size,
                       int (*lookup)(struct db *db, const char *code, bool *found), const char *field,
                       const char *message);
/* A string member of the JSON body; NULL when absent or not a string. */
const char *json_str(const struct request *req, const char *name);
/* A query parameter as an integer in [min, max]; dflt when absent.  Returns
 * false after answering 400 validation_failed for anything else. */
bool query_int(struct request *req, struct response *resp, const char *name, int64_t min, int64_t max,
               int64_t dflt, int64_t *out);

/* The authentication hook of R_AUTH_USER routes (auth.c). */
bool worker_auth_user(struct request *req, struct response *resp);

/* The route table (routes.c). */
extern const struct route walk_routes[];
extern const size_t walk_route_count;

/* Handlers, one file per area. */
void api_hello(struct request *req, struct response *resp);
void api_health(struct request *req, struct response *resp);
void api_metrics(struct request *req, struct response *resp);
void api_dev_echo(struct request *req, struct response *resp);
void api_dev_clock(struct request *req, struct response *resp);
void api_dev_settle(struct request *req, struct response *resp);
void api_login(struct request *req, struct response *resp);
void api_unions(struct request *req, struct response *resp);
void api_regions(struct request *req, struct response *resp);
void api_activities(struct request *req, struct response *resp);
void api_activity(struct request *req, struct response *resp);
void api_enrollment_get(struct request *req, struct response *resp);
void api_enrollment_put(struct request *req, struct response *resp);
void api_privacy(struct request *req, struct response *resp);
void api_me_data(struct request *req, struct response *resp);
void api_me_erase(struct request *req, struct response *resp);
void api_steps_sync(struct request *req, struct response *resp);
void api_checkin(struct request *req, struct response *resp);
void api_me(struct request *req, struct response *resp);
void api_me_days(struct request *req, struct response *resp);
void api_me_ledger(struct request *req, struct response *resp);
void api_team_create(struct request *req, struct response *resp);
void api_team_mine(struct request *req, struct response *resp);
void api_team_invite(struct request *req, struct response *resp);
void api_team_join(struct request *req, struct response *resp);
void api_team_leave(struct request *req, struct response *resp);
void api_team_targets(struct request *req, struct response *resp);
void api_announcement_post(struct request *req, struct response *resp);
void api_announcements(struct request *req, struct response *resp);
void api_board_teams(struct request *req, struct response *resp);
void api_board_people(struct request *req, struct response *resp);
void api_reminders_grant(struct request *req, struct response *resp);
void api_reminders_get(struct request *req, struct response *resp);
void api_reminders_stop(struct request *req, struct response *resp);
void api_invite_code(struct request *req, struct response *resp);
void api_invite_resolve(struct request *req, struct response *resp);
void api_checkpoints(struct request *req, struct response *resp);
void api_checkpoint_question(struct request *req, struct response *resp);
void api_checkpoint_answer(struct request *req, struct response *resp);
void api_checkpoint_essay(struct request *req, struct response *resp);
void api_prizes(struct request *req, struct response *resp);
void api_prize_entries(struct request *req, struct response *resp);
void api_prize_entries_text(struct request *req, struct response *resp);
void api_me_awards(struct request *req, struct response *resp);
void api_me_award_address(struct request *req, struct response *resp);
void api_divisions(struct request *req, struct response *resp);
void api_photo_put(struct request *req, struct response *resp);
void api_poster_get(struct request *req, struct response *resp);
void api_media_fetch(struct request *req, struct response *resp);
void api_wx_events_verify(struct request *req, struct response *resp);
void api_wx_events(struct request *req, struct response *resp);
void api_draws_list(struct request *req, struct response *resp);
void api_draw_make(struct request *req, struct response *resp);
void api_draw_refresh(struct request *req, struct response *resp);
void api_draw_claim(struct request *req, struct response *resp);
void api_pay_notify(struct request *req, struct response *resp);
void api_walks_list(struct request *req, struct response *resp);
void api_walk_get(struct request *req, struct response *resp);
void api_walk_join(struct request *req, struct response *resp);
void api_walk_board(struct request *req, struct response *resp);
void api_walk_certificate(struct request *req, struct response *resp);
void admin_payouts(struct request *req, struct response *resp);
void admin_payouts_csv(struct request *req, struct response *resp);
void admin_pool_put(struct request *req, struct response *resp);
void admin_payouts_resume(struct request *req, struct response *resp);

#endif
