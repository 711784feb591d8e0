#ifndef WALK_STORE_REMINDERS_H
#define WALK_STORE_REMINDERS_H
/*
 * Reminders (schema 011, RULES §13): a participant's grants, the message of
 * each day and the runs that send them.
 *
 * The sender's contract, which makes a message go at most once a day and a
 * grant be used only by a message WeChat accepted:
 *   1. store_reminder_claim writes the day's row, state 'sending', in its own
 *      short write, before WeChat is called, and only for someone with a
 *      grant whose day is not settled (checked in the same statement);
 *   2. WeChat is called outside any transaction;
 *   3. the answer is recorded: store_reminder_sent uses the grant in the same
 *      transaction that marks the row 'sent'; the others mark it 'retry',
 *      'no_grant' (the grants dropped) or 'rejected'.
 * A row left in 'sending' (its run died during the call) may have been
 * delivered: store_reminder_recover turns it into 'unknown', which no run
 * sends again, and its grant stays unused.
 *
 * Every function returns SQLITE_OK, an SQLite code as SQLite gave it, or
 * DB_NOTFOUND where it says so.  Those that take no transaction of their own
 * work inside the caller's, or alone.
 */
#include <stdbool.h>
#include <stdint.h>

struct db;

/* --------------------------------------------------------- a participant */

struct reminder_status {
	int64_t grants;          /* as stored (0 without a row) */
	bool today_done;         /* today's message is sent, under way or settled for good */
	bool settled_today;      /* a sync inside today's window (daily_steps) */
	bool has_last;           /* a message was ever sent */
	int32_t last_day;        /* the day of the last one sent */
	int64_t last_sent_at;    /* when WeChat accepted it */
};

int store_reminder_status(struct db *db, int64_t activity_id, int64_t user_id, int32_t today,
                          struct reminder_status *out);
/* Stores the participant's grants (0 stops the reminders). */
int store_reminder_set_grants(struct db *db, int64_t activity_id, int64_t user_id, int64_t grants, int64_t now);
/* The activity's remind_at (seconds of the day), or DB_NOTFOUND. */
int store_reminder_remind_at(struct db *db, int64_t activity_id, int32_t *remind_at);

/* --------------------------------------------------------- the sender */

enum { REMINDER_OPENID_SIZE = 129 };

struct reminder_candidate {
	int64_t user_id;
	char openid[REMINDER_OPENID_SIZE];
};

/* Who may get day's message, by user id after after_user_id, at most max
 * into out (*n of them): enrolled, a grant left, the day not settled, and no
 * row that day but a 'retry' one with fewer than max_attempts tries.  A read
 * outside any transaction. */
int store_reminder_candidates(struct db *db, int64_t activity_id, int32_t day, int64_t after_user_id,
                              int max_attempts, struct reminder_candidate *out, int max, int *n);
/* Claims day's message for the user (step 1 above): *claimed says whether the
 * row is now 'sending'; false when the user has no grant left, settled the
 * day meanwhile, or the day's row exists (and is not a 'retry' with fewer
 * than max_attempts tries).  Its own write. */
int store_reminder_claim(struct db *db, int64_t activity_id, int64_t user_id, int32_t day, int max_attempts,
                         int64_t now, bool *claimed);
/* WeChat accepted it: the row 'sent' and one grant used, in one transaction
 * of its own.  A row already 'sent' is left alone (no second grant used). */
int store_reminder_sent(struct db *db, int64_t activity_id, int64_t user_id, int32_t day, int64_t now);
/* 43101: the row 'no_grant' and the participant's grants 0, in one
 * transaction of its own. */
int store_reminder_no_grant(struct db *db, int64_t activity_id, int64_t user_id, int32_t day, long errcode,
                            int64_t now);
/* A later run may try again ('retry'), or no run will ('rejected'). */
int store_reminder_retry(struct db *db, int64_t activity_id, int64_t user_id, int32_t day, long errcode,
                         int64_t now);
int store_reminder_rejected(struct db *db, int64_t activity_id, int64_t user_id, int32_t day, long errcode,
                            int64_t now);
/* Every 'sending' row of the activity becomes 'unknown' (*count of them).
 * Only for a run that holds the run lock: then no other run is calling. */
int store_reminder_recover(struct db *db, int64_t activity_id, int64_t now, int64_t *count);

/* --------------------------------------------------------- runs */

struct reminder_run_counts {
	int64_t sent, retry_later, no_grant, rejected, unknown;
};

int store_reminder_run_start(struct db *db, int64_t activity_id, int32_t day, const char *template_sha256,
                             int64_t now, int64_t *run_id);
/* outcome: done, stopped, template_rejected or failed. */
int store_reminder_run_finish(struct db *db, int64_t run_id, const struct reminder_run_counts *counts,
                              const char *outcome, int64_t now);
/* Whether a run of that day ended because WeChat rejected this very message
 * data (47003): sending it again would only be rejected again. */
int store_reminder_template_rejected(struct db *db, int64_t activity_id, int32_t day,
                                     const char *template_sha256, bool *rejected);

#endif
