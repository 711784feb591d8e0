#ifndef WALK_STORE_RATE_LIMITS_H
#define WALK_STORE_RATE_LIMITS_H
/*
 * Per-participant limits on the requests that make the server call WeChat on
 * a participant's behalf (schema 013, table rate_limits).
 *
 * Why: a text check (WECHAT.md §4) holds a single-threaded worker until
 * WeChat answers, and every check draws on the app's quota (2,000,000 a day,
 * 4,000 a minute).  A participant who posts in a loop must neither occupy the
 * workers nor spend the quota of a million others.
 *
 * Policy: each action has a window length and a number of requests.  A
 * window opens at a counted request when none is open at that instant and
 * lasts the action's length; once `max` requests fall into it, further ones
 * are refused until it closes (the answer names that instant).  A refused
 * request is not counted and extends nothing.  A clock set back before a
 * window's start (dev and test modes) opens a new window.  Fixed windows
 * take one row per participant and action, where a sliding log would take a
 * row per request; their cost is that up to 2 × max requests can fall around
 * the end of one window and the start of the next, which still bounds what a
 * participant spends.
 *
 * The limits, every one of them here:
 *
 * - team create, RATE_TEAM_CREATE_MAX an hour: a participant creates one
 *   team per activity; a name WeChat finds risky (422), or a check that
 *   fails (502), is tried again.  Ten checks an hour leave an honest
 *   participant room for a few refused names and an outage, and let a script
 *   hold a worker for at most ten checks' timeouts an hour.  A name already
 *   taken, or any other refusal decided before WeChat is asked, is not
 *   counted: it costs nothing.
 * - announcements, RATE_ANNOUNCEMENT_POST_MAX a day: a leader speaks to five
 *   members (RULES §5: teams of six); a morning reminder, an evening rally, a
 *   word after a good day and a correction or two are a handful.  Ten a day
 *   is twice that, and at 166,667 teams (a million participants in teams of
 *   six) leaders posting ten a day would make 1.67 million checks, inside the
 *   app's 2,000,000 a day.
 *
 * - essays, RATE_ESSAY_POST_MAX a day: one essay per passed checkpoint,
 *   13 in all; a text WeChat finds risky (422) is rewritten and sent again.
 *   Twenty checks a day let a participant write the essays of a few
 *   checkpoints passed the same day with a rewrite or two each.
 *
 * Return codes (lib/base/db.h): SQLITE_OK or the SQLite error as SQLite gave
 * it (a BUSY stays BUSY).
 */
#include <stdint.h>

struct db;

enum rate_action { RATE_TEAM_CREATE, RATE_ANNOUNCEMENT_POST, RATE_ESSAY_POST };

enum {
	RATE_TEAM_CREATE_MAX = 10,
	RATE_TEAM_CREATE_WINDOW_S = 3600,
	RATE_ANNOUNCEMENT_POST_MAX = 10,
	RATE_ANNOUNCEMENT_POST_WINDOW_S = 86400,
	RATE_ESSAY_POST_MAX = 20,
	RATE_ESSAY_POST_WINDOW_S = 86400,
};

struct rate_limit {
	const char *action;   /* its key in rate_limits.action */
	int max;              /* requests let through per window */
	int window_s;
};

/* The limit of action. */
const struct rate_limit *rate_limit_of(enum rate_action action);

/* Counts one request of user_id for action at now and sets *retry_at to 0;
 * or, when the window open at now is full, writes nothing and sets *retry_at
 * to the instant it closes.  Returns an SQLite code.  Call it in a write
 * transaction of its own, committed before WeChat is called, so that the
 * count holds however the request ends. */
int store_rate_limit_take(struct db *db, enum rate_action action, int64_t user_id, int64_t now,
                          int64_t *retry_at);

#endif
