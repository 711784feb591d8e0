/*
 * walkctl restore FILE [--replace]: puts a backup set made by `walkctl backup`
 * back as the configured database (db) and media folders (README "Backups").
 *
 * Everything is checked before anything is changed: every member's checksum,
 * that the copy decompresses, passes quick_check and is no newer than this
 * program's schema, and that no process has the database open (the services
 * must be stopped: a worker holding the old file would go on writing into
 * it).  An existing database or folder is replaced only with --replace, and
 * then moved aside (NAME.replaced-STAMP, with its -wal and -shm), never
 * deleted.  It says what it did, line by line.
 */
#include "backup.h"
#include "cli.h"

#include "migrate.h"

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static bool exists(const char *path)
{
	struct stat st;
	return lstat(path, &st) == 0;
}

/* The pid of a process other than this one with path open, or 0.  /proc
 * shows the processes this user may see: run it as the services' user, or as
 * root. */
static long holder_of(const char *path)
{
	char real[PATH_MAX];
	if (!realpath(path, real))
		return 0;
	DIR *proc = opendir("/proc");
	if (!proc)
		return 0;
	long found = 0;
	struct dirent *p;
	while (!found && (p = readdir(proc))) {
		long pid = strtol(p->d_name, NULL, 10);
		if (pid <= 0 || pid == (long)getpid())
			continue;
		char fd_dir[64];
		snprintf(fd_dir, sizeof fd_dir, "/proc/%ld/fd", pid);
		DIR *fds = opendir(fd_dir);
		if (!fds)
			continue;
		struct dirent *f;
		while (!found && (f = readdir(fds))) {
			char link[400], target[PATH_MAX];
			snprintf(link, sizeof link, "%s/%s", fd_dir, f->d_name);
			ssize_t n = readlink(link, target, sizeof target - 1);
			if (n > 0) {
				target[n] = '\0';
				if (strcmp(target, real) == 0)
					found = pid;
			}
		}
		closedir(fds);
	}
	closedir(proc);
	return found;
}

/* Decompresses gz into out and checks it.  Returns 0 or 1 (reported). */
static int unpack_database(const char *gz, const char *out, int *version)
{
	const char *gunzip[] = { "gzip", "-dc", NULL };
	int rc = backup_run(gunzip, gz, out);
	if (rc != 0)
		return cli_fail("gzip could not decompress %s (exit status %d)", gz, rc);
	char err[512];
	struct db *db;
	if (db_open(&db, out, 5000, false, err, sizeof err) != 0)
		return cli_fail("%s", err);
	sqlite3_stmt *st;
	bool ok = db_row(db, &st, "PRAGMA quick_check", "") == SQLITE_ROW &&
	          strcmp((const char *)sqlite3_column_text(st, 0), "ok") == 0;
	*version = migrate_db_version(db);
	db_close(db);
	if (!ok)
		return cli_fail("the copy in %s fails quick_check: refused", gz);
	if (*version > migrate_code_version())
		return cli_fail("%s holds schema version %d, newer than this program's %d: refused", gz, *version,
		                migrate_code_version());
	return 0;
}

/* Moves path (and its -wal and -shm, for a database) aside as
 * path.replaced-STAMP.  Returns 0 or 1 (reported). */
static int move_aside(const char *path, const char *stamp, bool database)
{
	const char *suffixes[] = { "", "-wal", "-shm" };
	for (int i = 0; i < (database ? 3 : 1); i++) {
		char from[BACKUP_PATH_MAX + 8], to[BACKUP_PATH_MAX + 64];
		snprintf(from, sizeof from, "%s%s", path, suffixes[i]);
		snprintf(to, sizeof to, "%s.replaced-%s%s", path, stamp, suffixes[i]);
		if (!exists(from))
			continue;
		if (rename(from, to) != 0)
			return cli_fail("cannot move %s aside: %s", from, strerror(errno));
		printf("moved     %s -> %s\n", from, to);
	}
	return 0;
}

/* FILE's set: its folder and stamp, from ".../walk-STAMP.db.gz". */
static int parse_set(const char *file, char *dir, size_t dir_size, char stamp[BACKUP_STAMP_SIZE])
{
	const char *slash = strrchr(file, '/');
	const char *name = slash ? slash + 1 : file;
	size_t len = strlen(name);
	if (strncmp(name, "walk-", 5) != 0 || len < 12 || len - 11 >= BACKUP_STAMP_SIZE ||
	    strcmp(name + len - 6, ".db.gz") != 0)
		return cli_fail("%s is not a backup's database (walk-STAMP.db.gz)", file);
	snprintf(stamp, BACKUP_STAMP_SIZE, "%.*s", (int)(len - 11), name + 5);
	snprintf(dir, dir_size, "%.*s", slash ? (int)(slash - file) : 1, slash ? file : ".");
	return 0;
}

int cmd_restore(struct cli *cli, int argc, char **argv)
{
	const char *file = NULL;
	bool replace = false;
	for (int i = 0; i < argc; i++) {
		if (strcmp(argv[i], "--replace") == 0)
			replace = true;
		else if (argv[i][0] != '-' && !file)
			file = argv[i];
		else
			return cli_fail("usage: walkctl restore FILE [--replace]");
	}
	if (!file)
		return cli_fail("usage: walkctl restore FILE [--replace]");
	char dir[BACKUP_PATH_MAX], stamp[BACKUP_STAMP_SIZE], err[BACKUP_PATH_MAX + 200];
	if (parse_set(file, dir, sizeof dir, stamp) != 0)
		return 1;
	const char *target = cli->cfg.db_path;

	/* 1. Checks, before anything changes. */
	if (backup_verify_checksum(file, err, sizeof err) != 0)
		return cli_fail("%s", err);
	struct media_folder folders[MEDIA_FOLDERS_MAX];
	char tars[MEDIA_FOLDERS_MAX][BACKUP_PATH_MAX + BACKUP_STAMP_SIZE + 64];
	size_t nfolders = backup_media_folders(&cli->cfg, folders);
	for (size_t i = 0; i < nfolders; i++) {
		snprintf(tars[i], sizeof tars[i], "%s/walk-%s.%s.tar.gz", dir, stamp, folders[i].name);
		if (!exists(tars[i]))
			continue;
		if (backup_verify_checksum(tars[i], err, sizeof err) != 0)
			return cli_fail("%s", err);
		if (exists(folders[i].path) && !replace)
			return cli_fail("%s exists: walkctl restore %s --replace moves it aside", folders[i].path, file);
	}
	if (exists(target) && !replace)
		return cli_fail("the database %s exists: walkctl restore %s --replace moves it aside", target, file);
	long pid = holder_of(target);
	if (pid)
		return cli_fail("the database %s is in use (process %ld): stop the workers and the timers first "
		                "(systemctl stop walk-*.timer walk-pool@participants walk-pool@outbound walk-pool@admin)",
		                target, pid);
	char partial[BACKUP_PATH_MAX + 32];
	snprintf(partial, sizeof partial, "%s.restore-partial", target);
	unlink(partial);
	int version = 0;
	if (unpack_database(file, partial, &version) != 0) {
		unlink(partial);
		return 1;
	}
	printf("checked   %s: checksum, quick_check, schema version %d\n", file, version);

	/* 2. The database: the old one aside, the copy in its place. */
	if (move_aside(target, stamp, true) != 0 || rename(partial, target) != 0) {
		int e = errno;
		unlink(partial);
		return cli_fail("cannot put the copy at %s: %s", target, strerror(e));
	}
	printf("restored  %s from %s\n", target, file);

	/* 3. The media folders, each unpacked aside, then swapped in. */
	for (size_t i = 0; i < nfolders; i++) {
		if (!exists(tars[i])) {
			printf("media     %s: not in the set, left as it is\n", folders[i].name);
			continue;
		}
		char staging[BACKUP_PATH_MAX + 32];
		snprintf(staging, sizeof staging, "%s.restore-partial", folders[i].path);
		const char *rm[] = { "rm", "-rf", "--", staging, NULL };
		const char *untar[] = { "tar", "-C", staging, "-xzf", tars[i], NULL };
		if (backup_run(rm, NULL, NULL) != 0 || mkdir(staging, 0700) != 0 || backup_run(untar, NULL, NULL) != 0)
			return cli_fail("cannot unpack %s into %s", tars[i], staging);
		if (move_aside(folders[i].path, stamp, false) != 0 || rename(staging, folders[i].path) != 0)
			return cli_fail("cannot put %s in place: %s", folders[i].path, strerror(errno));
		printf("restored  %s from %s\n", folders[i].path, tars[i]);
	}
	if (version < migrate_code_version())
		printf("next      walkctl migrate: the copy is at schema version %d, this program at %d\n", version,
		       migrate_code_version());
	printf("next      start the services (systemctl start walk-pool@participants walk-pool@outbound "
	       "walk-pool@admin), then walkctl settle\n");
	return 0;
}
