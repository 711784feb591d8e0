#include "cli.h"

#include "migrate.h"

#include <stdarg.h>
#include <stdio.h>

int cli_fail(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fputs("walkctl: ", stderr);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
	return 1;
}

int cli_open_db(struct cli *cli, struct db **db, bool create, bool check_schema)
{
	char err[512];
	if (db_open(db, cli->cfg.db_path, cli->cfg.db_busy_timeout_ms, create, err, sizeof err) != 0)
		return cli_fail("%s", err);
	if (check_schema && migrate_check(*db, err, sizeof err) != 0) {
		db_close(*db);
		*db = NULL;
		return cli_fail("%s", err);
	}
	return 0;
}
