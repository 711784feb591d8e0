/* Preparing one evening's reminders: the lock, the checks, the run's record
 * (remind.h).  The sending itself is remind_send.c. */
#include "remind_internal.h"

#include "calendar.h"
#include "clock.h"
#include "crypto.h"
#include "db.h"
#include "log.h"
#include "rules_remind.h"
#include "store_activity.h"
#include "store_reminders.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <unistd.h>

int remind_lock(const char *db_path, int *fd, char *reason, size_t reason_size)
{
	char path[600];
	snprintf(path, sizeof path, "%s.remind.lock", db_path);
	*fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
	if (*fd < 0) {
		snprintf(reason, reason_size, "cannot open the run lock %s: %s", path, strerror(errno));
		return -1;
	}
	if (flock(*fd, LOCK_EX | LOCK_NB) == 0)
		return 0;
	int err = errno;
	close(*fd);
	*fd = -1;
	if (err == EWOULDBLOCK)
		return 1;
	snprintf(reason, reason_size, "cannot take the run lock %s: %s", path, strerror(err));
	return -1;
}

static const char *time_refusal(enum rules_remind_time t)
{
	switch (t) {
	case RULES_REMIND_NOT_A_DAY: return "today is not an activity day: no reminders";
	case RULES_REMIND_TOO_EARLY: return "before today's remind_at: no reminders yet";
	case RULES_REMIND_TOO_LATE: return "the last quarter hour of the settle window has begun: no more reminders";
	case RULES_REMIND_OPEN: break;
	}
	return "";
}

static void show_message(FILE *log, const struct wx_template *message, int32_t day, int32_t remind_at)
{
	if (!log)
		return;
	char date[CAL_DAY_BUF];
	cal_format_day(day, date, sizeof date);
	char *body = wx_subscribe_body(message, "OPENID");
	fprintf(log, "reminders of %s from %02d:%02d: %s\n", date, (int)(remind_at / 3600), (int)(remind_at / 60 % 60),
	        body ? body : "?");
	cJSON_free(body);
}

/* The checks before anything is sent.  Fills job (whose message points to
 * *message) or answers why not. */
static enum remind_outcome prepare(struct db *db, const struct remind_options *opt, const struct activity *a,
                                   struct wx_template *message, struct remind_job *job, char *reason,
                                   size_t reason_size)
{
	int64_t now = clock_now();
	int32_t remind_at = 0;
	int rc = store_reminder_remind_at(db, a->id, &remind_at);
	if (rc != SQLITE_OK) {
		snprintf(reason, reason_size, "activity %lld: cannot read remind_at: %s", (long long)a->id,
		         rc == DB_NOTFOUND ? "no such activity" : sqlite3_errstr(rc));
		return REMIND_FAILED;
	}
	if (!rules_remind_at_valid(&a->rules, remind_at)) {
		snprintf(reason, reason_size, "activity %lld: remind_at %02d:%02d is not inside the settle window "
		         "before its last quarter hour", (long long)a->id, (int)(remind_at / 3600),
		         (int)(remind_at / 60 % 60));
		return REMIND_BAD_CONFIG;
	}
	struct wx_template configured;
	char why[400];
	if (wx_template_from_config(opt->cfg, &configured, why, sizeof why) != 0) {
		snprintf(reason, reason_size, "refusing to send: %s", why);
		return REMIND_BAD_CONFIG;
	}
	int32_t day = cal_day_of(now);
	struct wx_template_vars vars = { a->name, day, a->rules.settle_window_end };
	if (wx_template_render(&configured, &vars, message, why, sizeof why) != 0) {
		snprintf(reason, reason_size, "refusing to send: %s", why);
		return REMIND_BAD_CONFIG;
	}
	*job = (struct remind_job){ db, opt->cfg, a->id, day, remind_at, &a->rules, message, opt->stop, opt->log };
	if (opt->check_only) {
		show_message(opt->log, message, day, remind_at);
		return REMIND_DONE;
	}
	enum rules_remind_time t = rules_remind_time(&a->rules, remind_at, now);
	if (t != RULES_REMIND_OPEN) {
		snprintf(reason, reason_size, "%s", time_refusal(t));
		return REMIND_NOT_NOW;
	}
	return REMIND_DONE;
}

static const char *outcome_name(enum remind_outcome o)
{
	switch (o) {
	case REMIND_DONE: return "done";
	case REMIND_STOPPED: return "stopped";
	case REMIND_TEMPLATE_REJECTED: return "template_rejected";
	default: return "failed";
	}
}

/* The run proper, once prepared: refuses data WeChat rejected earlier tonight,
 * recovers what dead runs left, records the run and sends. */
static enum remind_outcome send_with_record(const struct remind_job *job, struct remind_report *report,
                                            char *reason, size_t reason_size)
{
	struct db *db = job->db;
	char fingerprint[CRYPTO_SHA256_HEX_SIZE];
	wx_template_fingerprint(job->message, fingerprint);
	bool rejected = false;
	int rc = store_reminder_template_rejected(db, job->activity_id, job->day, fingerprint, &rejected);
	if (rc == SQLITE_OK && rejected) {
		snprintf(reason, reason_size, "WeChat rejected this template data earlier tonight: nothing is sent "
		         "until remind_data, remind_page or remind_template_id change");
		return REMIND_TEMPLATE_REJECTED;
	}
	int64_t run_id = 0;
	if (rc == SQLITE_OK)
		rc = store_reminder_recover(db, job->activity_id, job->day, clock_now(), &report->unknown);
	if (rc == SQLITE_OK)
		rc = store_reminder_run_start(db, job->activity_id, job->day, fingerprint, clock_now(), &run_id);
	if (rc != SQLITE_OK) {
		snprintf(reason, reason_size, "database error before sending: %s", sqlite3_errstr(rc));
		return REMIND_FAILED;
	}
	if (report->unknown > 0)
		log_warn("%lld reminder(s) of a run that died during the call to WeChat are counted as maybe sent: "
		         "not sent again", (long long)report->unknown);
	enum remind_outcome outcome = remind_send_all(job, report, reason, reason_size);
	struct reminder_run_counts counts = { report->sent, report->retry_later, report->no_grant, report->rejected,
	                                      report->unknown };
	rc = store_reminder_run_finish(db, run_id, &counts, outcome_name(outcome), clock_now());
	if (rc != SQLITE_OK && outcome != REMIND_FAILED) {
		snprintf(reason, reason_size, "database error recording the run: %s", sqlite3_errstr(rc));
		return REMIND_FAILED;
	}
	return outcome;
}

enum remind_outcome remind_run(struct db *db, const struct remind_options *opt, struct remind_report *report,
                               char *reason, size_t reason_size)
{
	memset(report, 0, sizeof *report);
	reason[0] = '\0';
	struct activity *a = malloc(sizeof *a);
	struct wx_template *message = malloc(sizeof *message);
	if (!a || !message)
		abort();
	enum remind_outcome outcome;
	int rc = store_activity_load(db, opt->activity_id, a);
	if (rc != SQLITE_OK) {
		snprintf(reason, reason_size, "activity %lld: %s", (long long)opt->activity_id,
		         rc == DB_NOTFOUND ? "no such activity" : sqlite3_errstr(rc));
		outcome = rc == DB_NOTFOUND ? REMIND_BAD_CONFIG : REMIND_FAILED;
	} else {
		struct remind_job job = { 0 };
		outcome = prepare(db, opt, a, message, &job, reason, reason_size);
		report->day = job.day;
		if (outcome == REMIND_DONE && !opt->check_only)
			outcome = send_with_record(&job, report, reason, reason_size);
	}
	free(message);
	free(a);
	return outcome;
}
