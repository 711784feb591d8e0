#ifndef WALK_REMIND_H
#define WALK_REMIND_H
/*
 * Tonight's reminders (RULES §13, WECHAT.md §5): one subscribe message to
 * every enrolled participant with a grant left whose day is not settled yet,
 * from the activity's remind_at until the last quarter hour of the settle
 * window, at a steady pace (remind_rate a second, remind_concurrency calls in
 * flight), under the shared access_token.
 *
 * At most once: each message is claimed in the database before WeChat is
 * called (store_reminders.h), so that a second run, or a run after a crash,
 * never sends a person a second message the same day.  A message whose run
 * died during the call is "maybe sent" (WeChat has no idempotency key for
 * subscribe messages) and is not sent again: a missing reminder costs less
 * than a doubled one that teaches people to turn reminders off.
 *
 * WeChat's answers: 0 uses the grant; 40001 refreshes the shared token and
 * sends once more; 43101 drops the person's grants; 47003 (and 40037 bad
 * template, 41030 bad page) means our template data is wrong for everyone:
 * logged as an error, nothing retried, the run stops and a later run the
 * same evening refuses the same data; -1, 45009, 45011, an HTTP error or no
 * answer in wx_timeout_ms leave the message to a later run of the evening
 * (at most RULES_REMIND_MAX_ATTEMPTS tries); any other errcode refuses that
 * person's message for good.
 *
 * Every call to WeChat is made outside any database transaction.
 */
#include "config.h"

#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

struct db;

enum remind_outcome {
	REMIND_DONE,                /* every message due was tried (or --check: the data is valid) */
	REMIND_NOT_NOW,             /* no reminders at this hour or on this day: nothing done */
	REMIND_STOPPED,             /* a signal or the last call stopped it; a later run goes on */
	REMIND_BAD_CONFIG,          /* the configuration or activity is refused: nothing sent */
	REMIND_TEMPLATE_REJECTED,   /* WeChat refused the template data: stopped */
	REMIND_FAILED,              /* the database or the access_token failed */
};

struct remind_report {
	int32_t day;
	int64_t sent;          /* accepted by WeChat, a grant used each */
	int64_t retry_later;   /* left to a later run of the evening */
	int64_t no_grant;      /* 43101: grants dropped */
	int64_t rejected;      /* refused for good (47003 included) */
	int64_t unknown;       /* 'sending' rows of dead runs, turned 'unknown' */
	int64_t skipped;       /* settled or stopped between the listing and the claim */
	int64_t token_refreshes;
	long template_errcode; /* for REMIND_TEMPLATE_REJECTED */
	double seconds;        /* of sending */
};

struct remind_options {
	const struct walk_config *cfg;
	int64_t activity_id;
	bool check_only;                  /* validate and show the message; send nothing */
	volatile sig_atomic_t *stop;      /* set (by a signal handler) to stop claiming; may be NULL */
	FILE *log;                        /* progress lines; may be NULL */
};

/* The run lock beside the database (<db>.remind.lock, flock): only one run
 * sends at a time, which makes turning 'sending' rows into 'unknown' safe.
 * Returns 0 with *fd held (released by close or by the process's end, a
 * crash included), 1 when another run holds it, -1 with a reason. */
int remind_lock(const char *db_path, int *fd, char *reason, size_t reason_size);

/* Tonight's reminders of one activity at the server clock's now.  The caller
 * holds the run lock (unless check_only).  reason gets one line for every
 * outcome but REMIND_DONE. */
enum remind_outcome remind_run(struct db *db, const struct remind_options *opt, struct remind_report *report,
                               char *reason, size_t reason_size);

#endif
