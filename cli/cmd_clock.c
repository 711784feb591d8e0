#include "cli.h"

#include "calendar.h"
#include "clock.h"

#include <stdio.h>
#include <string.h>

static int show(struct db *db, bool allowed)
{
	if (clock_refresh(db, allowed) != 0)
		return cli_fail("cannot read the clock: %s", sqlite3_errmsg(db_handle(db)));
	char now[40], real[40];
	cal_format_instant(clock_now(), now, sizeof now);
	cal_format_instant(clock_real_now(), real, sizeof real);
	printf("server time %s (real %s, offset %+lld s)\n", now, real, (long long)clock_offset());
	return 0;
}

int cmd_clock(struct cli *cli, int argc, char **argv)
{
	if (argc < 1)
		return cli_fail("usage: walkctl clock set INSTANT | reset | show");
	bool allowed = config_clock_shift_allowed(&cli->cfg);
	const char *verb = argv[0];
	bool is_set = strcmp(verb, "set") == 0, is_reset = strcmp(verb, "reset") == 0;
	if (!is_set && !is_reset && strcmp(verb, "show") != 0)
		return cli_fail("unknown clock command '%s' (set, reset or show)", verb);
	if ((is_set && argc != 2) || (!is_set && argc != 1))
		return cli_fail("usage: walkctl clock set INSTANT | reset | show");
	int64_t target = 0;
	if (is_set && !cal_parse_instant(argv[1], &target))
		return cli_fail("'%s' is not an instant like 2019-07-01T20:30:00+08:00", argv[1]);
	if ((is_set || is_reset) && !allowed)
		return cli_fail("the clock cannot be shifted in production mode");

	struct db *db;
	if (cli_open_db(cli, &db, false, true) != 0)
		return 1;
	int rc = 0;
	if (is_set || is_reset) {
		int64_t offset = is_set ? target - clock_real_now() : 0;
		if (clock_store_offset(db, offset) != SQLITE_OK)
			rc = cli_fail("cannot store the clock: %s", sqlite3_errmsg(db_handle(db)));
	}
	if (rc == 0)
		rc = show(db, allowed);
	db_close(db);
	return rc;
}
