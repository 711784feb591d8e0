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
 *   3. the answer is recorded (store_reminder_record): 'sent' uses the grant
 *      in the same transaction that marks the row; the others mark it
 *      'retry', 'no_grant' (the grants dropped) or 'rejected'.
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
enum reminder_result {
	REMINDER_SENT,        /* accepted: 'sent', one grant used */
	REMINDER_RETRY,       /* a later run may try again: 'retry' */
	REMINDER_NO_GRANT,    /* 43101: 'no_grant', the grants dropped to 0 */
	REMINDER_REJECTED,    /* refused for good: 'rejected' */
};

struct reminder_answer {
	int64_t user_id;
	enum reminder_result result;
	long errcode;         /* WeChat's, 0 when there was none */
};

/* Records WeChat's answers to n claimed messages of day (step 3 above), in
 * one transaction of its own: a run records them in batches, so that each
 * message costs the database one claim and a share of one write.  A row
 * that is no longer 'sending' (or 'unknown') is left alone, so an answer
 * recorded twice uses no second grant. */
int store_reminder_record(struct db *db, int64_t activity_id, int32_t day, const struct reminder_answer *answers,
                          int n, int64_t now);
/* Every 'sending' row of day and of the day before (a run that died late in
 * the evening) becomes 'unknown' (*count of them).  Only for a run that holds
 * the run lock: then no other run is calling.  A 'sending' row of an earlier
 * day would be left as it is, and is as harmless: no run sends for a day
 * that is over. */
int store_reminder_recover(struct db *db, int64_t activity_id, int32_t day, int64_t now, int64_t *count);

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
