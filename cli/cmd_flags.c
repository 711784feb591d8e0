/*
 * walkctl flags [--activity A] [--day YYYY-MM-DD]   the fair-play pass (RULES §14)
 *                                                   over the days up to D (default:
 *                                                   the last settled day)
 *
 * walkctl settle runs the same pass after it settled a day (cli_flags_after_settle).
 */
#include "cli.h"

#include "calendar.h"
#include "clock.h"
#include "fairplay.h"
#include "store_activity.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int cli_flags_pass(struct cli *cli, struct db *db, int64_t activity_id, const char *day)
{
	char last[CAL_DAY_BUF];
	sqlite3_stmt *st;
	int rc = db_row(db, &st, "SELECT max(day) FROM settled_days WHERE activity_id = ?1", "i", activity_id);
	if (rc != SQLITE_ROW)
		return cli_fail("flags: activity %lld: %s", (long long)activity_id, sqlite3_errmsg(db_handle(db)));
	const unsigned char *d = sqlite3_column_text(st, 0);
	snprintf(last, sizeof last, "%s", d ? (const char *)d : "");
	db_finish(st, SQLITE_DONE);
	if (!day && !*last) {
		printf("activity %lld: flags: no day settled yet, nothing to look at\n", (long long)activity_id);
		return 0;
	}
	/* A day still going on, or to come, has counts that may still grow: the
	 * pass would remember it as looked at. */
	int32_t asked;
	if (day && (!*last || strcmp(day, last) > 0) && (!cal_parse_day(day, &asked) || asked >= cal_day_of(clock_now())))
		return cli_fail("flags: activity %lld: %s is not over yet", (long long)activity_id, day);
	if (!day)
		day = last;
	struct fairplay_thresholds t = fairplay_thresholds_of(&cli->cfg);
	int64_t raised[FLAG_KINDS];
	struct timespec t0 = clock_monotonic();
	rc = fairplay_flags_pass(db, activity_id, day, &t, clock_now(), raised);
	double seconds = clock_seconds_since(t0);
	if (rc != SQLITE_OK)
		return cli_fail("flags: activity %lld, up to %s: %s (no flag raised)", (long long)activity_id, day,
		                sqlite3_errmsg(db_handle(db)));
	printf("activity %lld, flags up to %s:", (long long)activity_id, day);
	for (int k = 0; k < FLAG_KINDS; k++)
		printf(" %s %lld%s", fairplay_kind_name((enum fairplay_kind)k), (long long)raised[k], k + 1 < FLAG_KINDS ? "," : "");
	printf(" (%.1f s)\n", seconds);
	return 0;
}

int cmd_flags(struct cli *cli, int argc, char **argv)
{
	int64_t activity_id = 0;
	int32_t day = 0;
	for (int i = 0; i < argc; i++) {
		if (strcmp(argv[i], "--activity") == 0 && i + 1 < argc) {
			char *end;
			activity_id = strtoll(argv[++i], &end, 10);
			if (*end || activity_id <= 0)
				return cli_fail("--activity takes an activity id");
		} else if (strcmp(argv[i], "--day") == 0 && i + 1 < argc) {
			if (!cal_parse_day(argv[++i], &day))
				return cli_fail("--day takes a day like 2019-07-01");
		} else {
			return cli_fail("unexpected argument '%s'", argv[i]);
		}
	}
	struct db *db;
	if (cli_open_db(cli, &db, false, true) != 0)
		return 1;
	db_tune_for_batch(db, 512);
	clock_refresh(db, config_clock_shift_allowed(&cli->cfg));
	int64_t ids[64];
	int n = 1, rc = 0;
	ids[0] = activity_id;
	if (!activity_id && store_activity_ids(db, ids, 64, &n) != SQLITE_OK)
		rc = cli_fail("cannot list activities: %s", sqlite3_errmsg(db_handle(db)));
	char text[CAL_DAY_BUF];
	if (day)
		cal_format_day(day, text, sizeof text);
	for (int i = 0; i < n && rc == 0; i++)
		rc = cli_flags_pass(cli, db, ids[i], day ? text : NULL);
	db_close(db);
	return rc;
}
