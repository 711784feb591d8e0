/* The paced sending of one evening's reminders (remind.h, remind_internal.h). */
#include "remind_internal.h"

#include "clock.h"
#include "db.h"
#include "log.h"
#include "rules_remind.h"
#include "store_reminders.h"
#include "wx_sender.h"

#include <cjson/cJSON.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

enum {
	PAGE_SIZE = 500,          /* candidates read at a time */
	IDLE_WAIT_MS = 100,       /* the longest wait between two looks at the stop flag */
	PROGRESS_EVERY_S = 10,
	PACE_SLACK_MS = 50,       /* the most of a late schedule caught up at once */
	RECORD_BATCH = 64,        /* answers recorded in one transaction, at most */
	RECORD_EVERY_MS = 100,    /* how long an answer waits to be recorded, at most */
};

/* One message in flight (the tag of its call). */
struct flight {
	bool busy;
	bool resend;             /* 40001 answered: send again under the new token */
	bool refreshed;          /* a 40001 was already answered for this one */
	int token_generation;    /* of the token it was sent under */
	struct reminder_candidate who;
};

enum stop_reason { RUNNING, STOP_SIGNAL, STOP_LAST_CALL, STOP_TEMPLATE, STOP_FAILED };

struct run {
	const struct remind_job *job;
	struct wx_sender *sender;
	struct flight *flights;
	int nflights;
	char token[WX_TOKEN_MAX];
	int token_generation;
	struct remind_report *report;
	struct reminder_answer answers[RECORD_BATCH];   /* not recorded yet */
	int nanswers;
	int64_t first_answer_ns;
	enum stop_reason stop;
	char *reason;
	size_t reason_size;
	/* the candidates' page */
	struct reminder_candidate page[PAGE_SIZE];
	int page_len, page_pos;
	int64_t last_user_id;
	bool exhausted;
};

static int64_t monotonic_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

static void stop_run(struct run *r, enum stop_reason why, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void stop_run(struct run *r, enum stop_reason why, const char *fmt, ...)
{
	if (r->stop != RUNNING && r->stop != STOP_SIGNAL && r->stop != STOP_LAST_CALL)
		return;   /* the first serious reason is the one reported */
	r->stop = why;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(r->reason, r->reason_size, fmt, ap);
	va_end(ap);
}

static void db_failed_stop(struct run *r, int rc, const char *what)
{
	stop_run(r, STOP_FAILED, "database error while %s: %s", what, sqlite3_errstr(rc));
}

/* ------------------------------------------------------------ answers */

/* errcodes that mean our template data is wrong for everyone (WECHAT.md §5):
 * sending more would only fail the same way. */
static bool template_errcode(long errcode)
{
	return errcode == 47003 || errcode == 40037 || errcode == 41030;
}

/* errcodes after which a later run may succeed: busy, frequency limits. */
static bool transient_errcode(long errcode)
{
	return errcode == -1 || errcode == 45009 || errcode == 45011;
}

/* Answers are recorded in batches (store_reminder_record): written at the
 * latest RECORD_EVERY_MS after the first of them, or when RECORD_BATCH are
 * waiting.  Until then a row stays 'sending', which a crash turns into
 * 'unknown': the batch delays nothing that at-most-once depends on. */
static void record_now(struct run *r)
{
	if (r->nanswers == 0)
		return;
	int rc = store_reminder_record(r->job->db, r->job->activity_id, r->job->day, r->answers, r->nanswers,
	                               clock_now());
	r->nanswers = 0;
	if (rc != SQLITE_OK)
		db_failed_stop(r, rc, "recording WeChat's answers");
}

static void answer(struct run *r, int64_t user_id, enum reminder_result result, long errcode)
{
	if (r->nanswers == 0)
		r->first_answer_ns = monotonic_ns();
	r->answers[r->nanswers++] = (struct reminder_answer){ user_id, result, errcode };
	switch (result) {
	case REMINDER_SENT: r->report->sent++; break;
	case REMINDER_RETRY: r->report->retry_later++; break;
	case REMINDER_NO_GRANT: r->report->no_grant++; break;
	case REMINDER_REJECTED: r->report->rejected++; break;
	}
	if (r->nanswers == RECORD_BATCH)
		record_now(r);
}

static void on_answer(const struct wx_send_outcome *o, void *arg)
{
	struct run *r = arg;
	struct flight *f = o->tag;
	const struct remind_job *job = r->job;
	int64_t uid = f->who.user_id;
	if (o->status == WX_OK) {
		answer(r, uid, REMINDER_SENT, 0);
	} else if (o->status == WX_ERRCODE && o->errcode == 40001 && !f->refreshed) {
		/* Stale token: one new token for all (unless another answer already
		 * brought one), and this message once more. */
		f->refreshed = true;
		if (f->token_generation == r->token_generation) {
			if (wx_access_token(job->cfg, job->db, r->token, r->token) != 0) {
				answer(r, uid, REMINDER_RETRY, o->errcode);
				f->busy = false;
				return;
			}
			r->token_generation++;
			r->report->token_refreshes++;
		}
		f->resend = true;
		return;   /* stays busy until sent again */
	} else if (o->status == WX_ERRCODE && o->errcode == 43101) {
		answer(r, uid, REMINDER_NO_GRANT, o->errcode);
	} else if (o->status == WX_ERRCODE && template_errcode(o->errcode)) {
		char *body = wx_subscribe_body(job->message, f->who.openid);
		log_error("WeChat refused the reminder's template data (errcode %ld): check remind_template_id, "
		          "remind_page and remind_data; the message was %s", o->errcode, body ? body : "?");
		cJSON_free(body);
		answer(r, uid, REMINDER_REJECTED, o->errcode);
		r->report->template_errcode = o->errcode;
		stop_run(r, STOP_TEMPLATE, "WeChat answered %ld to the template data: nothing more is sent tonight "
		         "with this data (fix remind_data, remind_page or remind_template_id)", o->errcode);
	} else if (o->status == WX_TRANSPORT || transient_errcode(o->errcode) || o->errcode == 40001) {
		answer(r, uid, REMINDER_RETRY, o->status == WX_ERRCODE ? o->errcode : 0);
	} else {
		log_warn("WeChat refused the reminder of user %lld (errcode %ld): not tried again", (long long)uid,
		         o->errcode);
		answer(r, uid, REMINDER_REJECTED, o->errcode);
	}
	f->busy = false;
}

/* ------------------------------------------------------------ sending */

static struct flight *free_flight(struct run *r)
{
	for (int i = 0; i < r->nflights; i++)
		if (!r->flights[i].busy)
			return &r->flights[i];
	return NULL;
}

static bool start(struct run *r, struct flight *f)
{
	char *body = wx_subscribe_body(r->job->message, f->who.openid);
	f->token_generation = r->token_generation;
	f->resend = false;
	bool ok = body && wx_sender_start(r->sender, r->token, body, f) == 0;
	cJSON_free(body);
	return ok;
}

/* A message that cannot even be started stays claimed: a later run would
 * count it 'unknown' like any other, so it is marked for a retry now. */
static void not_started(struct run *r, struct flight *f)
{
	answer(r, f->who.user_id, REMINDER_RETRY, 0);
	f->busy = false;
}

/* The next candidate, reading a new page when needed; NULL when there is none
 * left (or the last call has come: then the run stops). */
static const struct reminder_candidate *next_candidate(struct run *r)
{
	if (r->page_pos < r->page_len)
		return &r->page[r->page_pos++];
	if (r->exhausted)
		return NULL;
	const struct remind_job *job = r->job;
	if (rules_remind_time(job->rules, job->remind_at, clock_now()) != RULES_REMIND_OPEN) {
		stop_run(r, STOP_LAST_CALL, "the last quarter hour of the settle window has begun: no more reminders");
		return NULL;
	}
	int rc = store_reminder_candidates(job->db, job->activity_id, job->day, r->last_user_id,
	                                   RULES_REMIND_MAX_ATTEMPTS, r->page, PAGE_SIZE, &r->page_len);
	if (rc != SQLITE_OK) {
		db_failed_stop(r, rc, "listing the participants to remind");
		return NULL;
	}
	r->page_pos = 0;
	if (r->page_len < PAGE_SIZE)
		r->exhausted = true;
	if (r->page_len == 0)
		return NULL;
	r->last_user_id = r->page[r->page_len - 1].user_id;
	return &r->page[r->page_pos++];
}

/* Claims and starts the next candidate's message.  Returns whether one
 * was started (a slot of the pace is used). */
static bool send_next(struct run *r)
{
	const struct remind_job *job = r->job;
	for (;;) {
		const struct reminder_candidate *c = next_candidate(r);
		if (!c)
			return false;
		bool claimed = false;
		int rc = store_reminder_claim(job->db, job->activity_id, c->user_id, job->day, RULES_REMIND_MAX_ATTEMPTS,
		                              clock_now(), &claimed);
		if (rc != SQLITE_OK) {
			db_failed_stop(r, rc, "claiming a message");
			return false;
		}
		if (!claimed) {
			r->report->skipped++;   /* settled, or stopped, since the page was read */
			continue;
		}
		struct flight *f = free_flight(r);
		f->busy = true;
		f->refreshed = false;
		f->who = *c;
		if (!start(r, f))
			not_started(r, f);
		return true;
	}
}

static bool more_candidates(const struct run *r)
{
	return r->page_pos < r->page_len || !r->exhausted;
}

static void resend_refreshed(struct run *r)
{
	for (int i = 0; i < r->nflights; i++) {
		struct flight *f = &r->flights[i];
		if (f->busy && f->resend && wx_sender_has_room(r->sender) && !start(r, f))
			not_started(r, f);
	}
}

static bool resends_waiting(const struct run *r)
{
	for (int i = 0; i < r->nflights; i++)
		if (r->flights[i].busy && r->flights[i].resend)
			return true;
	return false;
}

static void progress(struct run *r, int64_t started_ns, int64_t *next_progress_ns, int64_t now_ns)
{
	if (!r->job->log || now_ns < *next_progress_ns)
		return;
	*next_progress_ns = now_ns + (int64_t)PROGRESS_EVERY_S * 1000000000;
	double s = (double)(now_ns - started_ns) / 1e9;
	fprintf(r->job->log, "  %lld sent, %lld to retry, %.0f s, %.1f a second\n", (long long)r->report->sent,
	        (long long)r->report->retry_later, s, s > 0 ? (double)r->report->sent / s : 0.0);
	fflush(r->job->log);
}

static enum remind_outcome outcome_of(enum stop_reason why)
{
	switch (why) {
	case RUNNING: return REMIND_DONE;
	case STOP_SIGNAL: case STOP_LAST_CALL: return REMIND_STOPPED;
	case STOP_TEMPLATE: return REMIND_TEMPLATE_REJECTED;
	case STOP_FAILED: return REMIND_FAILED;
	}
	return REMIND_FAILED;
}

enum remind_outcome remind_send_all(const struct remind_job *job, struct remind_report *report, char *reason,
                                    size_t reason_size)
{
	const struct walk_config *cfg = job->cfg;
	struct run *r = calloc(1, sizeof *r);
	if (!r)
		abort();
	r->job = job;
	r->report = report;
	r->reason = reason;
	r->reason_size = reason_size;
	r->nflights = cfg->remind_concurrency;
	r->flights = calloc((size_t)r->nflights, sizeof *r->flights);
	r->sender = wx_sender_new(cfg, r->nflights);
	if (!r->flights || !r->sender) {
		snprintf(reason, reason_size, "cannot start the HTTP client");
		r->stop = STOP_FAILED;
	} else if (wx_access_token(cfg, job->db, NULL, r->token) != 0) {
		snprintf(reason, reason_size, "no access_token from WeChat: nothing sent");
		r->stop = STOP_FAILED;
	}
	/* A steady pace: one message every interval.  A late wake-up (a busy
	 * machine) is caught up, but never more than PACE_SLACK_MS of it: after a
	 * longer stall the pace resumes rather than bursting. */
	const int64_t interval_ns = 1000000000 / cfg->remind_rate;
	int64_t started_ns = monotonic_ns(), next_ns = started_ns;
	int64_t next_progress_ns = started_ns + (int64_t)PROGRESS_EVERY_S * 1000000000;
	bool claiming = r->stop == RUNNING;
	while (r->sender && (claiming || wx_sender_in_flight(r->sender) > 0 || resends_waiting(r))) {
		if (claiming && job->stop && *job->stop)
			stop_run(r, STOP_SIGNAL, "stopped by a signal: a later run sends the rest");
		claiming = claiming && r->stop == RUNNING && more_candidates(r);
		resend_refreshed(r);
		if (!claiming && wx_sender_in_flight(r->sender) == 0 && !resends_waiting(r))
			break;
		int64_t now_ns = monotonic_ns();
		if (claiming && now_ns >= next_ns && wx_sender_has_room(r->sender) && free_flight(r)) {
			if (send_next(r)) {
				next_ns += interval_ns;
				if (next_ns < now_ns - PACE_SLACK_MS * 1000000LL)
					next_ns = now_ns - PACE_SLACK_MS * 1000000LL;
			}
			continue;
		}
		int64_t wait_ns = claiming && wx_sender_has_room(r->sender) ? next_ns - now_ns : IDLE_WAIT_MS * 1000000LL;
		/* Rounded up: waking a little late keeps the schedule; waking early would spin. */
		int wait_ms = wait_ns <= 0 ? 0 : wait_ns > IDLE_WAIT_MS * 1000000LL ? IDLE_WAIT_MS
		            : (int)((wait_ns + 999999) / 1000000);
		if (r->nanswers > 0) {
			int64_t due_ms = (r->first_answer_ns - now_ns) / 1000000 + RECORD_EVERY_MS;
			wait_ms = due_ms < wait_ms ? (due_ms > 0 ? (int)due_ms : 0) : wait_ms;
		}
		if (wx_sender_poll(r->sender, wait_ms, on_answer, r) < 0) {
			stop_run(r, STOP_FAILED, "the HTTP client failed");
			break;
		}
		if (r->nanswers > 0 && monotonic_ns() - r->first_answer_ns >= RECORD_EVERY_MS * 1000000LL)
			record_now(r);
		progress(r, started_ns, &next_progress_ns, monotonic_ns());
	}
	record_now(r);
	report->seconds = (double)(monotonic_ns() - started_ns) / 1e9;
	enum remind_outcome outcome = outcome_of(r->stop);
	wx_sender_free(r->sender);
	free(r->flights);
	free(r);
	return outcome;
}
