/*
 * walkctl settle [--activity A] [--day YYYY-MM-DD]   go-live when due, then settle
 *                                                    one day, or every unsettled
 *                                                    day up to yesterday
 * walkctl golive [--activity A]                      wipe the public test (RULES §10)
 *
 * After an activity's days were settled, the fair-play pass (cmd_flags.c)
 * runs over them in a transaction of its own: the days stay settled whatever
 * comes of it, and its failure only makes the exit status
 * CLI_EXIT_FLAGS_FAILED (a settlement's failure is 1, and stops the run).
 */
#include "cli.h"

#include "calendar.h"
#include "clock.h"
#include "settle.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { MAX_PENDING = 400 };

struct settle_args {
	int64_t activity_id;   /* 0: every activity */
	int32_t day;           /* 0: every pending day */
};

static int parse_args(int argc, char **argv, struct settle_args *args, bool allow_day)
{
	memset(args, 0, sizeof *args);
	for (int i = 0; i < argc; i++) {
		if (strcmp(argv[i], "--activity") == 0 && i + 1 < argc) {
			char *end;
			args->activity_id = strtoll(argv[++i], &end, 10);
			if (*end || args->activity_id <= 0)
				return cli_fail("--activity takes an activity id");
		} else if (allow_day && strcmp(argv[i], "--day") == 0 && i + 1 < argc) {
			if (!cal_parse_day(argv[++i], &args->day))
				return cli_fail("--day takes a day like 2019-07-01");
		} else {
			return cli_fail("unexpected argument '%s'", argv[i]);
		}
	}
	return 0;
}

/* The activities to work on: the one asked for, or all. */
static int activity_list(struct db *db, const struct settle_args *args, int64_t *ids, int *n)
{
	if (args->activity_id) {
		ids[0] = args->activity_id;
		*n = 1;
		return 0;
	}
	if (store_activity_ids(db, ids, 64, n) != SQLITE_OK)
		return cli_fail("cannot list activities: %s", sqlite3_errmsg(db_handle(db)));
	return 0;
}

static int settle_one(struct db *db, const struct activity *a, int32_t day, int64_t now, bool *settled)
{
	struct settle_stats stats;
	char reason[512];
	enum settle_result r = settle_day(db, a, day, now, &stats, stdout, reason, sizeof reason);
	if (r != SETTLE_OK)
		return cli_fail("%s", reason);
	char text[CAL_DAY_BUF];
	cal_format_day(day, text, sizeof text);
	*settled = *settled || !stats.skipped;
	if (stats.skipped)
		printf("activity %lld, %s: already settled, nothing changed\n", (long long)a->id, text);
	else
		printf("activity %lld, %s: %lld users, %lld teams (%lld met), %lld awards, %s, %.1f s\n",
		       (long long)a->id, text, (long long)stats.users, (long long)stats.teams,
		       (long long)stats.teams_met, (long long)stats.awards,
		       stats.final_board ? "final board" : stats.board ? "board" : "no board (final one stands)",
		       stats.seconds);
	return 0;
}

static void print_golive(const struct activity *a, bool done, const struct settle_wiped *w)
{
	if (done)
		printf("activity %lld: go-live: public-test data wiped (%lld ledger rows, %lld days of steps,"
		       " %lld settled days)\n", (long long)a->id, (long long)w->ledger, (long long)w->daily_steps,
		       (long long)w->settled_days);
}

/* Go-live when it is due, whether or not a day is pending (RULES §10), then
 * the pending days in order. */
static int settle_activity(struct db *db, const struct activity *a, int64_t now, int32_t *days, bool *settled)
{
	char reason[512];
	bool golive = false;
	struct settle_wiped wiped;
	if (settle_golive_when_due(db, a, now, &golive, &wiped, reason, sizeof reason) != SETTLE_OK)
		return cli_fail("activity %lld: %s", (long long)a->id, reason);
	print_golive(a, golive, &wiped);
	int ndays = 0;
	if (settle_pending_days(db, a, now, days, MAX_PENDING, &ndays) != SQLITE_OK)
		return cli_fail("activity %lld: cannot list the days to settle: %s", (long long)a->id,
		                sqlite3_errmsg(db_handle(db)));
	if (ndays == 0)
		printf("activity %lld: nothing to settle\n", (long long)a->id);
	int rc = 0;
	for (int d = 0; d < ndays && rc == 0; d++)
		rc = settle_one(db, a, days[d], now, settled);
	return rc;
}

/* Loads activity id into a, or fails saying why. */
static int load_activity(struct db *db, int64_t id, struct activity *a)
{
	int load = store_activity_load(db, id, a);
	if (load == SQLITE_OK)
		return 0;
	return cli_fail("activity %lld: %s", (long long)id,
	                load == DB_NOTFOUND ? "no such activity" : sqlite3_errmsg(db_handle(db)));
}

int cmd_settle(struct cli *cli, int argc, char **argv)
{
	struct settle_args args;
	if (parse_args(argc, argv, &args, true) != 0)
		return 1;
	struct db *db;
	if (cli_open_db(cli, &db, false, true) != 0)
		return 1;
	db_tune_for_batch(db, 512);
	clock_refresh(db, config_clock_shift_allowed(&cli->cfg));
	int64_t now = clock_now(), ids[64];
	int n = 0, rc = activity_list(db, &args, ids, &n);
	struct activity *a = malloc(sizeof *a);
	int32_t *days = malloc(MAX_PENDING * sizeof *days);
	if (!a || !days)
		abort();
	bool flags_failed = false;
	for (int i = 0; i < n && rc == 0; i++) {
		bool settled = false;
		rc = load_activity(db, ids[i], a);
		if (rc == 0)
			rc = args.day ? settle_one(db, a, args.day, now, &settled) : settle_activity(db, a, now, days, &settled);
		if (rc == 0 && settled && cli_flags_pass(cli, db, a->id, NULL) != 0)
			flags_failed = true;
	}
	free(a);
	free(days);
	db_close(db);
	return rc ? rc : flags_failed ? CLI_EXIT_FLAGS_FAILED : 0;
}

int cmd_golive(struct cli *cli, int argc, char **argv)
{
	struct settle_args args;
	if (parse_args(argc, argv, &args, false) != 0)
		return 1;
	struct db *db;
	if (cli_open_db(cli, &db, false, true) != 0)
		return 1;
	clock_refresh(db, config_clock_shift_allowed(&cli->cfg));
	int64_t ids[64];
	int n = 0, rc = activity_list(db, &args, ids, &n);
	struct activity *a = malloc(sizeof *a);
	if (!a)
		abort();
	for (int i = 0; i < n && rc == 0; i++) {
		char reason[512];
		bool done = false;
		struct settle_wiped wiped;
		rc = load_activity(db, ids[i], a);
		if (rc != 0)
			break;
		if (settle_golive(db, a, clock_now(), &done, &wiped, reason, sizeof reason) != SETTLE_OK)
			rc = cli_fail("activity %lld: %s", (long long)ids[i], reason);
		else if (done)
			print_golive(a, done, &wiped);
		else
			printf("activity %lld: went live before: nothing to do\n", (long long)ids[i]);
	}
	free(a);
	db_close(db);
	return rc;
}
