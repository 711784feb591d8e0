/*
 * walkctl backup [DEST] [--keep N]: a consistent copy of the database while
 * the API writes, compressed, with its checksum, the media folders beside it
 * as tar files, and only the last N sets kept (README "Backups").
 *
 * The copy is SQLite's online backup API in one step: it reads the whole
 * database inside one read transaction, which in WAL mode never blocks a
 * writer, so it is the database as of one instant, every transaction
 * committed before it included.  The copy is checked (quick_check) before
 * it is compressed.  gzip and tar run as child processes: gzip is part of
 * every Debian system (Essential), it takes the compression off this
 * process onto another core, and `gzip -t`, `zcat`, `sha256sum -c` then work
 * on the set by hand, without this program.
 */
#include "backup.h"
#include "cli.h"

#include "migrate.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

static void make_stamp(char stamp[BACKUP_STAMP_SIZE])
{
	struct timeval tv;
	gettimeofday(&tv, NULL);
	struct tm tm;
	gmtime_r(&tv.tv_sec, &tm);
	snprintf(stamp, BACKUP_STAMP_SIZE, "%04d%02d%02dT%02d%02d%02d.%03dZ", tm.tm_year + 1900, tm.tm_mon + 1,
	         tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, (int)(tv.tv_usec / 1000) % 1000);
}

/* The online copy of db into copy_path, checked.  Returns 0 or 1 (reported). */
static int copy_database(struct db *db, const char *copy_path)
{
	sqlite3 *dest;
	if (sqlite3_open_v2(copy_path, &dest, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) != SQLITE_OK) {
		cli_fail("cannot create %s: %s", copy_path, sqlite3_errmsg(dest));
		sqlite3_close(dest);
		return 1;
	}
	sqlite3_backup *b = sqlite3_backup_init(dest, "main", db_handle(db), "main");
	int rc = b ? sqlite3_backup_step(b, -1) : sqlite3_errcode(dest);
	if (b)
		sqlite3_backup_finish(b);
	if (rc != SQLITE_DONE) {
		cli_fail("the copy failed: %s", sqlite3_errstr(rc));
		sqlite3_close(dest);
		return 1;
	}
	sqlite3_stmt *st = NULL;
	bool ok = sqlite3_prepare_v2(dest, "PRAGMA quick_check", -1, &st, NULL) == SQLITE_OK &&
	          sqlite3_step(st) == SQLITE_ROW && strcmp((const char *)sqlite3_column_text(st, 0), "ok") == 0;
	sqlite3_finalize(st);
	sqlite3_close(dest);
	if (!ok)
		return cli_fail("the copy %s failed its quick_check: not kept", copy_path);
	return 0;
}

/* Compresses (or archives) into final through final.partial, then writes its
 * checksum.  argv's last slot before NULL is taken as is. */
static int make_member(const char *const argv[], const char *in_path, const char *final_path)
{
	char partial[BACKUP_PATH_MAX + 16], hex[65];
	snprintf(partial, sizeof partial, "%s.partial", final_path);
	int rc = backup_run(argv, in_path, partial);
	if (rc != 0) {
		unlink(partial);
		return cli_fail("%s failed (exit status %d) writing %s", argv[0], rc, final_path);
	}
	if (backup_fsync_path(partial) != 0 || rename(partial, final_path) != 0 ||
	    backup_sha256_file(final_path, hex) != 0 || backup_write_checksum(final_path, hex) != 0) {
		int e = errno;
		unlink(partial);
		return cli_fail("cannot finish %s: %s", final_path, strerror(e));
	}
	return 0;
}

static long long file_size(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 ? (long long)st.st_size : -1;
}

static int by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Removes every file of the sets older than the newest keep ones.  Returns
 * how many sets went. */
static int prune(const char *dest, int keep)
{
	DIR *d = opendir(dest);
	if (!d)
		return 0;
	char *stamps[4096];
	int n = 0;
	struct dirent *e;
	while ((e = readdir(d)) && n < (int)(sizeof stamps / sizeof stamps[0])) {
		size_t len = strlen(e->d_name);
		/* walk-STAMP.db.gz: the database names a set. */
		if (strncmp(e->d_name, "walk-", 5) == 0 && len > 11 && strcmp(e->d_name + len - 6, ".db.gz") == 0)
			stamps[n++] = strndup(e->d_name + 5, len - 11);
	}
	qsort(stamps, (size_t)n, sizeof stamps[0], by_name);
	int removed = 0;
	for (int i = 0; i + keep < n; i++) {
		char prefix[BACKUP_STAMP_SIZE + 16];
		snprintf(prefix, sizeof prefix, "walk-%s.", stamps[i]);
		rewinddir(d);
		while ((e = readdir(d)))
			if (strncmp(e->d_name, prefix, strlen(prefix)) == 0) {
				char path[BACKUP_PATH_MAX + 300];
				snprintf(path, sizeof path, "%s/%s", dest, e->d_name);
				unlink(path);
			}
		removed++;
	}
	for (int i = 0; i < n; i++)
		free(stamps[i]);
	closedir(d);
	return removed;
}

int cmd_backup(struct cli *cli, int argc, char **argv)
{
	const char *dest = NULL;
	int keep = cli->cfg.backup_keep;
	for (int i = 0; i < argc; i++) {
		if (strcmp(argv[i], "--keep") == 0 && i + 1 < argc) {
			char *end;
			long v = strtol(argv[++i], &end, 10);
			if (*end || v < 1 || v > 1000)
				return cli_fail("--keep takes a number from 1 to 1000");
			keep = (int)v;
		} else if (argv[i][0] != '-' && !dest) {
			dest = argv[i];
		} else {
			return cli_fail("usage: walkctl backup [DEST] [--keep N]");
		}
	}
	if (!dest && cli->cfg.backup_dir[0])
		dest = cli->cfg.backup_dir;
	if (!dest)
		return cli_fail("no destination: walkctl backup DEST, or backup_dir in the configuration");
	if (mkdir(dest, 0700) != 0 && errno != EEXIST)
		return cli_fail("cannot make %s: %s", dest, strerror(errno));

	struct db *db;
	if (cli_open_db(cli, &db, false, true) != 0)
		return 1;
	char stamp[BACKUP_STAMP_SIZE], copy[BACKUP_PATH_MAX], gz[BACKUP_PATH_MAX];
	make_stamp(stamp);
	snprintf(copy, sizeof copy, "%s/.walk-%s.db.copy", dest, stamp);
	snprintf(gz, sizeof gz, "%s/walk-%s.db.gz", dest, stamp);
	int version = migrate_db_version(db);
	int rc = copy_database(db, copy);
	db_close(db);
	if (rc == 0) {
		const char *gzip[] = { "gzip", "-c", "-6", NULL };
		rc = make_member(gzip, copy, gz);
	}
	long long raw = file_size(copy);
	unlink(copy);
	if (rc != 0)
		return rc;
	printf("database  %s (%lld bytes, %lld uncompressed, schema version %d)\n", gz, file_size(gz), raw, version);

	struct media_folder folders[MEDIA_FOLDERS_MAX];
	size_t nfolders = backup_media_folders(&cli->cfg, folders);
	for (size_t i = 0; i < nfolders; i++) {
		struct stat st;
		if (stat(folders[i].path, &st) != 0 || !S_ISDIR(st.st_mode)) {
			printf("media     %s: %s absent, nothing to keep\n", folders[i].name, folders[i].path);
			continue;
		}
		char tar_path[BACKUP_PATH_MAX + 64];
		snprintf(tar_path, sizeof tar_path, "%s/walk-%s.%s.tar.gz", dest, stamp, folders[i].name);
		const char *tar[] = { "tar", "-C", folders[i].path, "-czf", "-", ".", NULL };
		if (make_member(tar, NULL, tar_path) != 0)
			return 1;
		printf("media     %s (%lld bytes, from %s)\n", tar_path, file_size(tar_path), folders[i].path);
	}
	if (backup_fsync_path(dest) != 0)
		return cli_fail("cannot flush %s: %s", dest, strerror(errno));
	int removed = prune(dest, keep);
	printf("kept the last %d sets in %s; removed %d older\n", keep, dest, removed);
	return 0;
}
