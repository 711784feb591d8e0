#ifndef WALK_STORE_WERUN_FLAGS_H
#define WALK_STORE_WERUN_FLAGS_H
/*
 * Refused WeRun payloads per participant and activity (schema 010, table
 * werun_flags; RULES §14, WECHAT.md §2).
 *
 * Why: the payload is AES-CBC without authentication, and every forgery of it
 * either fails the strict reading or succeeds with a tiny chance per try
 * (werun_json.h).  What keeps that chance tiny over a whole activity is the
 * number of tries, so tries are counted and rationed:
 *
 * - every refused payload counts one (the caller decides which refusals are
 *   the participant's: undecryptable, wrong app, stale, bad iv);
 * - a window opens at a refusal when none is open and lasts
 *   WERUN_REFUSAL_WINDOW_S; once WERUN_REFUSAL_LIMIT refusals fall into it,
 *   the participant's syncs are refused (429) until it closes.  An honest
 *   client hardly ever sends two bad payloads in a row; 10 an hour is a
 *   broken or a forging client, and leaves a forger some 240 tries a day;
 * - the participant is flagged (flagged_at) the first time a window fills
 *   up, or when their refusals reach WERUN_FLAG_TOTAL in all, so that
 *   someone pacing their tries below the limit is seen too.
 *
 * A successful sync clears nothing: it would let a forger reset the count
 * with one genuine payload.  A clock set back (dev and test modes) before a
 * window's start opens a new window.
 */
#include <stdint.h>

struct db;

enum {
	WERUN_REFUSAL_LIMIT = 10,
	WERUN_REFUSAL_WINDOW_S = 3600,
	WERUN_FLAG_TOTAL = 30,
	WERUN_REASON_MAX = 80,     /* longer reasons are cut */
};

struct werun_flag {
	int64_t refusals;
	int64_t first_at, last_at;
	char last_reason[WERUN_REASON_MAX + 1];
	int64_t window_start, window_refusals;
	int64_t flagged_at;        /* 0 while not flagged */
};

/* The instant until which the participant's syncs are refused at now: the
 * end of a full window that is open at now, or 0 when none is.  Returns an
 * SQLite code.  Read it before decrypting anything. */
int store_werun_blocked_until(struct db *db, int64_t activity_id, int64_t user_id, int64_t now,
                              int64_t *until);

/* Counts one refused payload at now with its reason (cut to
 * WERUN_REASON_MAX bytes) and flags the participant as the policy says.
 * Returns an SQLite code.  Call it in a write transaction of its own, so that
 * it is kept although the request fails. */
int store_werun_refusal(struct db *db, int64_t activity_id, int64_t user_id, const char *reason,
                        int64_t now);

/* The participant's row: SQLITE_OK with *out filled, DB_NOTFOUND when they
 * never had a payload refused, or the error. */
int store_werun_flag_get(struct db *db, int64_t activity_id, int64_t user_id, struct werun_flag *out);

#endif
