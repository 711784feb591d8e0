/*
 * walkctl: the operations command line (API.md "Operations").
 *
 *   walkctl [--db PATH] migrate
 *   walkctl [--db PATH] clock set 2019-07-01T20:30:00+08:00 | clock reset | clock show
 *   walkctl [--db PATH] admin add --username U --role province|union [--union CODE] | passwd --username U
 *                       | disable --username U | enable --username U | list
 *   walkctl [--db PATH] settle [--activity A] [--day YYYY-MM-DD]
 *   walkctl [--db PATH] golive [--activity A]
 *   walkctl [--db PATH] flags [--activity A] [--day YYYY-MM-DD]
 *   walkctl [--db PATH] simulate --users N --teams M --days D [--seed S]
 *   walkctl [--db PATH] remind [--activity A] [--check]
 *   walkctl [--db PATH] quiz import [--activity A] [--replace] FILE
 *   walkctl [--db PATH] media check [--max N] | bench [--runs N] [--width W] [--height H]
 *   walkctl [--db PATH] pool set [--activity A] --tier FEN=COUNT … [--daily-release N] | pool show [--activity A]
 *   walkctl [--db PATH] payouts reconcile [--activity A] | show [--state S] | resume
 *   walkctl [--db PATH] backup [DEST] [--keep N]
 *   walkctl [--db PATH] restore FILE [--replace]
 *
 * Every subcommand exits 0 on success, and otherwise non-zero with one line
 * on stderr saying why.
 */
#include "cli.h"

#include "log.h"
#include "metrics.h"

#include <stdio.h>
#include <string.h>

static const struct command commands[] = {
	{ "migrate", "apply schema migrations", cmd_migrate },
	{ "clock", "set|reset|show the server clock (dev and test modes only)", cmd_clock },
	{ "admin", "add|passwd|disable|enable|list: admin accounts (passwords from stdin)", cmd_admin },
	{ "settle", "[--activity A] [--day D]: settle a day, or every unsettled day up to yesterday", cmd_settle },
	{ "golive", "[--activity A]: wipe the public test's data at the first day", cmd_golive },
	{ "flags", "[--activity A] [--day D]: the fair-play pass over the days up to D (settle runs it too)", cmd_flags },
	{ "simulate", "--users N --teams M --days D [--seed S]: fill the database with simulated history", cmd_simulate },
	{ "remind", "[--activity A] [--check]: tonight's reminders (cron, every 10 minutes of the evening)", cmd_remind },
	{ "quiz", "import [--activity A] [--replace] FILE: add (or replace) quiz questions from a CSV file", cmd_quiz },
	{ "prize", "verify --seed HEX --entries FILE [--slots N]: re-run the grand-prize draw from its published data", cmd_prize },
	{ "media", "check [--max N]: photos to WeChat's image check, go-live's files removed (cron, every minute); bench", cmd_media },
	{ "pool", "set|show [--activity A] [--tier FEN=COUNT …] [--daily-release N]: the red-envelope pool", cmd_pool },
	{ "payouts", "reconcile|show|resume [--activity A] [--state S]: red-envelope payouts (reconcile: cron, every minute)", cmd_payouts },
	{ "backup", "[DEST] [--keep N]: an online copy of the database and the media, compressed, checksummed", cmd_backup },
	{ "restore", "FILE [--replace]: checks a backup set and puts it back as the configured database", cmd_restore },
	{ "pii", "rotate-key: reseal the personal fields under data_key (data_key_previous set), in short chunks", cmd_pii },
	{ "purge", "the retention periods: addresses, names, mobiles, photos, essays, sessions (cron, nightly)", cmd_purge },
};

static void usage(FILE *out)
{
	fprintf(out, "usage: walkctl [--db PATH] COMMAND [ARGS]\n\ncommands:\n");
	for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
		fprintf(out, "  %-10s %s\n", commands[i].name, commands[i].summary);
	fprintf(out, "\nThe configuration comes from $WALK_CONF (else /etc/walk/walk.conf) and WALK_* variables.\n");
}

int main(int argc, char **argv)
{
	struct cli cli = { 0 };
	char err[512];
	if (config_load(&cli.cfg, err, sizeof err) != 0)
		return cli_fail("configuration: %s", err);
	log_configure(cli.cfg.log_level, cli.cfg.log_levels, err, sizeof err);   /* checked by config_load */
	/* Its WeChat calls (the reminders) count with the workers'; best effort:
	 * an operator's shell without run_dir still runs every command. */
	metrics_wechat_open(cli.cfg.run_dir, err, sizeof err);

	int i = 1;
	/* --db may come before or after the command. */
	int rest = 0;
	char **args = argv;
	for (; i < argc; i++) {
		if (strcmp(argv[i], "--db") == 0) {
			if (i + 1 >= argc)
				return cli_fail("--db needs a path");
			snprintf(cli.cfg.db_path, sizeof cli.cfg.db_path, "%s", argv[++i]);
		} else if (strcmp(argv[i], "-h") == 0 || strcmp(argv[i], "--help") == 0) {
			usage(stdout);
			return 0;
		} else {
			args[rest++] = argv[i];
		}
	}
	if (rest == 0) {
		usage(stderr);
		return 2;
	}
	for (size_t c = 0; c < sizeof commands / sizeof commands[0]; c++)
		if (strcmp(args[0], commands[c].name) == 0)
			return commands[c].run(&cli, rest - 1, args + 1);
	return cli_fail("unknown command '%s' (walkctl --help lists them)", args[0]);
}
