/*
 * walkctl payouts reconcile [--activity A]   one pass over every payout not final (cron, every minute)
 * walkctl payouts show [--state S]           the payouts, newest first
 * walkctl payouts resume                     lift the NOT_ENOUGH pause after a top-up
 *
 * reconcile holds its own lock (<database>-payouts.lock) besides cron's flock:
 * a second run exits at once.  SIGTERM or SIGINT end it after the call in
 * flight; SIGKILL anywhere loses nothing (pay_reconcile.h).
 *
 * Exit status: 0 done; 1 a failure; 2 WeChat Pay is not configured; 3 payouts
 * are paused (NOT_ENOUGH).
 */
#include "cli.h"

#include "clock.h"
#include "pay_client.h"
#include "pay_reconcile.h"
#include "store_activity.h"
#include "store_payouts.h"

#include <curl/curl.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <unistd.h>

static volatile sig_atomic_t stop_requested;

static void on_stop_signal(int sig)
{
	(void)sig;
	stop_requested = 1;
}

/* The reconciler's lock beside the database: 0 taken, 1 held by another run, -1 error. */
static int take_lock(const char *db_path, int *fd)
{
	char path[600];
	snprintf(path, sizeof path, "%s-payouts.lock", db_path);
	*fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
	if (*fd < 0)
		return -1;
	if (flock(*fd, LOCK_EX | LOCK_NB) != 0) {
		close(*fd);
		*fd = -1;
		return 1;
	}
	return 0;
}

static int reconcile(struct cli *cli, struct db *db, int64_t activity_id)
{
	if (!pay_configured(&cli->cfg)) {
		cli_fail("WeChat Pay is not configured (pay_mch_id): nothing can be paid");
		return 2;
	}
	int fd;
	int locked = take_lock(cli->cfg.db_path, &fd);
	if (locked < 0)
		return cli_fail("cannot open the payouts lock beside %s", cli->cfg.db_path);
	if (locked > 0) {
		printf("another reconcile run is working: nothing to do\n");
		return 0;
	}
	char err[256];
	struct pay_client *pc;
	curl_global_init(CURL_GLOBAL_DEFAULT);
	if (pay_client_open(&cli->cfg, &pc, err, sizeof err) != 0) {
		close(fd);
		curl_global_cleanup();
		return cli_fail("WeChat Pay: %s", err);
	}
	signal(SIGTERM, on_stop_signal);
	signal(SIGINT, on_stop_signal);
	struct pay_env env = { db, pc, pay_client_appid(&cli->cfg) };
	struct pay_reconcile_report r;
	/* A pass ends before the next minute's cron run would start. */
	int rc = pay_reconcile(&env, activity_id, 50, cli->cfg.pay_slow_ms, &stop_requested, &r);
	pay_client_close(pc);
	curl_global_cleanup();
	close(fd);
	printf("payouts: %lld moved, %lld paid, %lld waiting, %lld to retry, %lld ended unpaid, %lld rate-limited%s%s\n",
	       (long long)r.moved, (long long)r.paid, (long long)r.waiting, (long long)r.retrying, (long long)r.ended,
	       (long long)r.slowed, r.paused ? "; PAUSED: WeChat Pay says NOT_ENOUGH (top up, then walkctl payouts resume)" : "",
	       stop_requested ? "; stopped" : "");
	if (rc != SQLITE_OK)
		return cli_fail("reconcile: %s", sqlite3_errstr(rc));
	return r.paused ? 3 : 0;
}

struct show_ctx {
	bool any_state;
	enum rules_payout_state state;
};

static int show_one(const struct payout *p, void *arg)
{
	const struct show_ctx *s = arg;
	if (!s->any_state && p->state != s->state)
		return SQLITE_OK;
	printf("%-24s draw %-8lld %6lld fen  %-12s %-18s %s%s%s\n", p->out_bill_no, (long long)p->draw_id,
	       (long long)p->amount_fen, rules_payout_state_name(p->state), p->wx_state[0] ? p->wx_state : "-",
	       p->fail_code, p->test_mode ? " test" : "", "");
	return SQLITE_OK;
}

int cmd_payouts(struct cli *cli, int argc, char **argv)
{
	if (argc < 1)
		return cli_fail("payouts takes reconcile, show or resume");
	int64_t activity_id = 0;
	struct show_ctx show = { true, RULES_PAYOUT_PAYING };
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--activity") == 0 && i + 1 < argc) {
			char *end;
			activity_id = strtoll(argv[++i], &end, 10);
			if (*end || activity_id <= 0)
				return cli_fail("--activity takes an activity id");
		} else if (strcmp(argv[i], "--state") == 0 && i + 1 < argc) {
			if (!rules_payout_state_parse(argv[++i], &show.state))
				return cli_fail("--state is paying, wait_confirm, paid, failed or expired");
			show.any_state = false;
		} else {
			return cli_fail("unexpected argument '%s'", argv[i]);
		}
	}
	struct db *db;
	if (cli_open_db(cli, &db, false, true) != 0)
		return 1;
	clock_refresh(db, config_clock_shift_allowed(&cli->cfg));
	int status = 0;
	if (strcmp(argv[0], "reconcile") == 0) {
		status = reconcile(cli, db, activity_id);
	} else if (strcmp(argv[0], "resume") == 0) {
		int rc = store_payout_resume(db, clock_now());
		status = rc == SQLITE_OK ? 0 : cli_fail("resume: %s", sqlite3_errstr(rc));
		if (status == 0)
			printf("payouts resumed: the next reconcile run sends the same bills again\n");
	} else if (strcmp(argv[0], "show") == 0) {
		int rc = activity_id ? SQLITE_OK : store_activity_newest(db, &activity_id);
		if (rc == SQLITE_OK)
			rc = store_payouts_each(db, activity_id, NULL, PAYOUTS_ALL, 0, -1, show_one, &show);
		status = rc == SQLITE_OK ? 0 : cli_fail("show: %s", sqlite3_errstr(rc));
	} else {
		status = cli_fail("payouts takes reconcile, show or resume");
	}
	db_close(db);
	return status;
}
