/*
 * walkctl remind [--activity A] [--check]   tonight's reminders (RULES §13)
 *
 * Run by cron every few minutes of the evening (cli/walk.cron): a run sends
 * from the activity's remind_at on, to whoever is still due, and retries what
 * an earlier run could not deliver; one run at a time (remind_lock), so a run
 * started while another is sending exits at once.  --check validates the
 * message data and prints tonight's message without sending.
 *
 * Exit status: 0 done or nothing to do; 1 a failure (database, access_token);
 * 2 the configuration or the activity is refused (nothing sent); 3 WeChat
 * refused the template data (47003): the run stopped.
 */
#include "cli.h"

#include "calendar.h"
#include "clock.h"
#include "remind.h"
#include "store_activity.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

enum { MAX_ACTIVITIES = 64 };

static volatile sig_atomic_t stop_requested;

static void on_stop_signal(int sig)
{
	(void)sig;
	stop_requested = 1;
}

static int exit_status(enum remind_outcome o)
{
	switch (o) {
	case REMIND_DONE: case REMIND_NOT_NOW: case REMIND_STOPPED: return 0;
	case REMIND_BAD_CONFIG: return 2;
	case REMIND_TEMPLATE_REJECTED: return 3;
	case REMIND_FAILED: return 1;
	}
	return 1;
}

static void print_report(int64_t activity_id, const struct remind_report *r, enum remind_outcome o,
                         const char *reason)
{
	char day[CAL_DAY_BUF];
	cal_format_day(r->day, day, sizeof day);
	printf("activity %lld, %s: %lld sent, %lld to retry later, %lld without a grant (43101), %lld rejected, "
	       "%lld maybe sent by a run that died, %lld skipped; %lld token refresh(es); %.1f s, %.1f a second%s%s\n",
	       (long long)activity_id, day, (long long)r->sent, (long long)r->retry_later, (long long)r->no_grant,
	       (long long)r->rejected, (long long)r->unknown, (long long)r->skipped, (long long)r->token_refreshes,
	       r->seconds, r->seconds > 0 ? (double)r->sent / r->seconds : 0.0, o == REMIND_DONE ? "" : "; ",
	       o == REMIND_DONE ? "" : reason);
	fflush(stdout);
}

int cmd_remind(struct cli *cli, int argc, char **argv)
{
	int64_t only = 0;
	bool check = false;
	for (int i = 0; i < argc; i++) {
		if (strcmp(argv[i], "--activity") == 0 && i + 1 < argc) {
			char *end;
			only = strtoll(argv[++i], &end, 10);
			if (*end || only <= 0)
				return cli_fail("--activity takes an activity id");
		} else if (strcmp(argv[i], "--check") == 0) {
			check = true;
		} else {
			return cli_fail("unexpected argument '%s'", argv[i]);
		}
	}
	struct db *db;
	if (cli_open_db(cli, &db, false, true) != 0)
		return 1;
	clock_refresh(db, config_clock_shift_allowed(&cli->cfg));
	int64_t ids[MAX_ACTIVITIES];
	int n = 1;
	ids[0] = only;
	if (!only && store_activity_ids(db, ids, MAX_ACTIVITIES, &n) != SQLITE_OK) {
		cli_fail("cannot list activities: %s", sqlite3_errmsg(db_handle(db)));
		db_close(db);
		return 1;
	}
	char reason[512];
	int lock_fd = -1;
	if (!check) {
		int locked = remind_lock(cli->cfg.db_path, &lock_fd, reason, sizeof reason);
		if (locked != 0) {
			db_close(db);
			if (locked < 0)
				return cli_fail("%s", reason);
			printf("another remind run is sending: nothing to do\n");
			return 0;
		}
		signal(SIGTERM, on_stop_signal);
		signal(SIGINT, on_stop_signal);
	}
	int status = 0;
	for (int i = 0; i < n; i++) {
		struct remind_options opt = { &cli->cfg, ids[i], check, &stop_requested, stdout };
		struct remind_report report;
		enum remind_outcome o = remind_run(db, &opt, &report, reason, sizeof reason);
		if (o == REMIND_NOT_NOW || (check && o == REMIND_DONE))
			printf("activity %lld: %s\n", (long long)ids[i], o == REMIND_DONE ? "the message data is valid" : reason);
		else if (o == REMIND_BAD_CONFIG || o == REMIND_FAILED)
			cli_fail("activity %lld: %s", (long long)ids[i], reason);
		else
			print_report(ids[i], &report, o, reason);
		if (o == REMIND_TEMPLATE_REJECTED)
			fprintf(stderr, "walkctl: activity %lld: %s\n", (long long)ids[i], reason);
		if (exit_status(o) > status)
			status = exit_status(o);
	}
	if (lock_fd >= 0)
		close(lock_fd);
	db_close(db);
	return status;
}
