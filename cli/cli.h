#ifndef WALK_CLI_H
#define WALK_CLI_H
/* walkctl's shared pieces: the parsed global options and the subcommands. */
#include "config.h"
#include "db.h"

struct cli {
	struct walk_config cfg;   /* --db overrides cfg.db_path */
};

struct command {
	const char *name;
	const char *summary;
	int (*run)(struct cli *cli, int argc, char **argv);   /* argv after the command name */
};

/* Prints "walkctl: <reason>" on stderr and returns 1, for `return cli_fail(…)`. */
int cli_fail(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Opens the configured database (create: for migrate) or fails with a reason.
 * check_schema refuses a database not at this program's schema version. */
int cli_open_db(struct cli *cli, struct db **db, bool create, bool check_schema);

int cmd_migrate(struct cli *cli, int argc, char **argv);
int cmd_clock(struct cli *cli, int argc, char **argv);
int cmd_admin(struct cli *cli, int argc, char **argv);
int cmd_settle(struct cli *cli, int argc, char **argv);
int cmd_golive(struct cli *cli, int argc, char **argv);
int cmd_simulate(struct cli *cli, int argc, char **argv);
int cmd_remind(struct cli *cli, int argc, char **argv);
int cmd_quiz(struct cli *cli, int argc, char **argv);
int cmd_prize(struct cli *cli, int argc, char **argv);
int cmd_media(struct cli *cli, int argc, char **argv);
int cmd_pool(struct cli *cli, int argc, char **argv);
int cmd_payouts(struct cli *cli, int argc, char **argv);
int cmd_backup(struct cli *cli, int argc, char **argv);
int cmd_restore(struct cli *cli, int argc, char **argv);
int cmd_flags(struct cli *cli, int argc, char **argv);

/* The fair-play pass over activity_id's days up to day (NULL: its last
 * settled day), in a transaction of its own, with a line on what it raised.
 * 0, or 1 after saying why on stderr. */
int cli_flags_pass(struct cli *cli, struct db *db, int64_t activity_id, const char *day);
/* The exit status of walkctl settle when every day asked for was settled but
 * the fair-play pass after it failed. */
enum { CLI_EXIT_FLAGS_FAILED = 4 };
int cmd_pii(struct cli *cli, int argc, char **argv);
int cmd_purge(struct cli *cli, int argc, char **argv);
/* Seals the personal fields not under data_key (cmd_pii.c); rotating: a key
 * rotation, which needs data_key_previous.  Wipes both keys from cli->cfg.
 * 0, or 1 after saying why. */
int cli_seal_pii(struct cli *cli, struct db *db, bool rotating);

#endif
