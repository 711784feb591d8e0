/*
 * walkctl admin: admin accounts (API.md "Operations").
 *
 *   walkctl admin add --username U --role province|union [--union CODE]
 *   walkctl admin passwd --username U
 *   walkctl admin disable --username U | enable --username U
 *   walkctl admin list
 *
 * add and passwd read the password from stdin (its first line; without echo
 * when stdin is a terminal).  Every change is written to the audit log with
 * the actor "walkctl" in the same transaction; a new password or a disabled
 * account ends the account's sessions.
 */
#include "cli.h"

#include "clock.h"
#include "password.h"
#include "store_admin.h"
#include "store_audit.h"

#include <stdio.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

struct admin_args {
	const char *username, *role, *union_code;
};

static int parse_args(int argc, char **argv, struct admin_args *a)
{
	memset(a, 0, sizeof *a);
	for (int i = 0; i < argc; i++) {
		const char **slot = strcmp(argv[i], "--username") == 0 ? &a->username
		                  : strcmp(argv[i], "--role") == 0     ? &a->role
		                  : strcmp(argv[i], "--union") == 0    ? &a->union_code
		                                                       : NULL;
		if (!slot)
			return cli_fail("unknown option '%s'", argv[i]);
		if (i + 1 >= argc)
			return cli_fail("%s needs a value", argv[i]);
		*slot = argv[++i];
	}
	return 0;
}

/* The first line of stdin, without its line end, into pw.  Fails on an
 * unacceptable password (password_acceptable). */
static int read_password(char *pw, size_t size)
{
	bool tty = isatty(STDIN_FILENO);
	struct termios saved, quiet;
	if (tty) {
		fputs("password: ", stderr);
		tcgetattr(STDIN_FILENO, &saved);
		quiet = saved;
		quiet.c_lflag &= ~(tcflag_t)ECHO;
		tcsetattr(STDIN_FILENO, TCSANOW, &quiet);
	}
	bool got = fgets(pw, (int)size, stdin) != NULL;
	if (tty) {
		tcsetattr(STDIN_FILENO, TCSANOW, &saved);
		fputc('\n', stderr);
	}
	if (!got)
		return cli_fail("no password on stdin");
	pw[strcspn(pw, "\r\n")] = '\0';
	if (!password_acceptable(pw))
		return cli_fail("the password must be %d to %d bytes of printable text", PASSWORD_MIN_BYTES,
		                PASSWORD_MAX_BYTES);
	return 0;
}

/* The account as the audit log records it. */
static cJSON *account_json(const struct admin_account *a)
{
	cJSON *o = admin_account_json(a);
	cJSON_AddBoolToObject(o, "disabled", a->disabled);
	return o;
}

static int audit(struct db *db, const char *action, const char *username, cJSON *before, cJSON *after)
{
	char target[64];
	snprintf(target, sizeof target, "admin:%s", username);
	struct audit_entry e = { .at = clock_now(), .actor = AUDIT_ACTOR_WALKCTL, .action = action, .target = target };
	return store_audit_add_json(db, &e, before, after);
}

/* Runs change(db, account, arg) in one write transaction on the account of
 * username (loaded first); change prints what it did. */
static int with_account(struct cli *cli, const char *username,
                        int (*change)(struct db *db, struct admin_account *a, void *arg), void *arg)
{
	if (!username)
		return cli_fail("--username is required");
	struct db *db;
	if (cli_open_db(cli, &db, false, true) != 0)
		return 1;
	struct admin_account a;
	int rc = clock_refresh(db, config_clock_shift_allowed(&cli->cfg));
	if (rc == SQLITE_OK)
		rc = db_begin_write(db);
	if (rc == SQLITE_OK)
		rc = store_admin_by_name(db, username, &a);
	if (rc == SQLITE_OK)
		rc = change(db, &a, arg);
	if (rc == SQLITE_OK)
		rc = db_commit(db);
	int status = 0;
	if (rc == DB_NOTFOUND)
		status = cli_fail("no admin '%s'", username);
	else if (rc != SQLITE_OK)
		status = cli_fail("database error: %s", sqlite3_errmsg(db_handle(db)));
	db_rollback(db);
	db_close(db);
	return status;
}

static int add(struct cli *cli, const struct admin_args *args)
{
	struct admin_account a = { 0 };
	if (!args->username || !admin_username_valid(args->username))
		return cli_fail("--username must be 3 to 32 of a-z 0-9 . _ - (starting with a letter or digit)");
	if (!args->role || !admin_role_parse(args->role, &a.role))
		return cli_fail("--role must be province or union");
	if ((a.role == ADMIN_UNION) != (args->union_code != NULL))
		return cli_fail(a.role == ADMIN_UNION ? "a union admin needs --union CODE"
		                                      : "a province admin takes no --union");
	if (args->union_code && strlen(args->union_code) >= sizeof a.union_code)
		return cli_fail("no top-level union '%s'", args->union_code);
	char pw[PASSWORD_MAX_BYTES + 4];
	if (read_password(pw, sizeof pw) != 0)
		return 1;
	snprintf(a.username, sizeof a.username, "%s", args->username);
	snprintf(a.union_code, sizeof a.union_code, "%s", args->union_code ? args->union_code : "");
	password_hash(pw, a.password_hash);
	memset(pw, 0, sizeof pw);

	struct db *db;
	if (cli_open_db(cli, &db, false, true) != 0)
		return 1;
	int64_t id;
	struct admin_account existing;
	int rc = clock_refresh(db, config_clock_shift_allowed(&cli->cfg));
	if (rc == SQLITE_OK)
		rc = db_begin_write(db);
	int found = rc == SQLITE_OK ? store_admin_by_name(db, a.username, &existing) : rc;
	int status = 0;
	if (found == SQLITE_OK) {
		status = cli_fail("admin '%s' exists already", a.username);
	} else if (found != DB_NOTFOUND) {
		status = cli_fail("database error: %s", sqlite3_errmsg(db_handle(db)));
	} else if ((rc = store_admin_add(db, &a, clock_now(), &id)) == SQLITE_CONSTRAINT) {
		status = cli_fail("no top-level union '%s'", a.union_code);
	} else if (rc != SQLITE_OK || (rc = audit(db, "admin.add", a.username, NULL, account_json(&a))) != SQLITE_OK ||
	           (rc = db_commit(db)) != SQLITE_OK) {
		status = cli_fail("database error: %s", sqlite3_errmsg(db_handle(db)));
	} else {
		printf("admin %s added (%s%s%s)\n", a.username, admin_role_name(a.role), a.union_code[0] ? " " : "",
		       a.union_code);
	}
	db_rollback(db);
	db_close(db);
	return status;
}

static int change_password(struct db *db, struct admin_account *a, void *arg)
{
	int rc = store_admin_set_password(db, a->id, arg, clock_now());
	if (rc == SQLITE_OK)
		rc = store_admin_sessions_end(db, a->id, NULL);
	if (rc != SQLITE_OK)
		return rc;
	cJSON *after = cJSON_CreateObject();
	cJSON_AddTrueToObject(after, "password_changed");
	rc = audit(db, "admin.passwd", a->username, NULL, after);
	if (rc == SQLITE_OK)
		printf("password of %s changed; its sessions ended\n", a->username);
	return rc;
}

static int change_disabled(struct db *db, struct admin_account *a, void *arg)
{
	bool disable = *(const bool *)arg;
	if (a->disabled == disable) {
		printf("%s is %s already\n", a->username, disable ? "disabled" : "enabled");
		return SQLITE_OK;
	}
	cJSON *before = account_json(a);
	a->disabled = disable;
	int rc = store_admin_set_disabled(db, a->id, disable, clock_now());
	if (rc == SQLITE_OK && disable)
		rc = store_admin_sessions_end(db, a->id, NULL);
	if (rc == SQLITE_OK)
		rc = audit(db, disable ? "admin.disable" : "admin.enable", a->username, before, account_json(a));
	else
		cJSON_Delete(before);
	if (rc == SQLITE_OK)
		printf("%s %s\n", a->username, disable ? "disabled; its sessions ended" : "enabled");
	return rc;
}

static void print_account(const struct admin_account *a, void *arg)
{
	(void)arg;
	printf("%-32s %-8s %-6s %s\n", a->username, admin_role_name(a->role), a->union_code[0] ? a->union_code : "-",
	       a->disabled ? "disabled" : "enabled");
}

static int list(struct cli *cli)
{
	struct db *db;
	if (cli_open_db(cli, &db, false, true) != 0)
		return 1;
	int rc = store_admin_each(db, print_account, NULL);
	db_close(db);
	return rc == SQLITE_OK ? 0 : cli_fail("cannot list the admins");
}

int cmd_admin(struct cli *cli, int argc, char **argv)
{
	const char *usage = "usage: walkctl admin add --username U --role province|union [--union CODE] | "
	                    "passwd --username U | disable --username U | enable --username U | list";
	if (argc < 1)
		return cli_fail("%s", usage);
	struct admin_args args;
	if (parse_args(argc - 1, argv + 1, &args) != 0)
		return 1;
	const char *verb = argv[0];
	if (strcmp(verb, "add") == 0)
		return add(cli, &args);
	if (strcmp(verb, "list") == 0)
		return list(cli);
	if (args.role || args.union_code)
		return cli_fail("%s takes only --username", verb);
	if (strcmp(verb, "passwd") == 0) {
		if (!args.username)
			return cli_fail("--username is required");
		char pw[PASSWORD_MAX_BYTES + 4], hash[PASSWORD_HASH_BUF];
		if (read_password(pw, sizeof pw) != 0)
			return 1;
		password_hash(pw, hash);
		memset(pw, 0, sizeof pw);
		return with_account(cli, args.username, change_password, hash);
	}
	bool disable = strcmp(verb, "disable") == 0;
	if (disable || strcmp(verb, "enable") == 0)
		return with_account(cli, args.username, change_disabled, &disable);
	return cli_fail("%s", usage);
}
