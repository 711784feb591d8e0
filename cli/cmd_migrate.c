#include "cli.h"

#include "migrate.h"

#include <stdio.h>

int cmd_migrate(struct cli *cli, int argc, char **argv)
{
	(void)argv;
	if (argc != 0)
		return cli_fail("migrate takes no arguments");
	struct db *db;
	if (cli_open_db(cli, &db, true, false) != 0)
		return 1;
	char err[512];
	int applied = migrate_apply(db, err, sizeof err);
	int version = migrate_db_version(db);
	db_close(db);
	if (applied < 0)
		return cli_fail("%s", err);
	printf("schema version %d (%d migration%s applied)\n", version, applied, applied == 1 ? "" : "s");
	return 0;
}
