#ifndef WALK_CLI_BACKUP_H
#define WALK_CLI_BACKUP_H
/*
 * What `walkctl backup` and `walkctl restore` share: the set's file names,
 * the media folders, checksum files, and running gzip and tar.
 *
 * A backup set, all named by one UTC stamp (walk-20190721T160500.123Z):
 *   walk-STAMP.db.gz                 the database, a consistent online copy
 *   walk-STAMP.NAME.tar.gz           one per media folder that exists
 *   each with FILE.sha256            "HEX  FILE", as sha256sum -c reads it
 */
#include "config.h"

#include <stdbool.h>
#include <stddef.h>

enum { BACKUP_PATH_MAX = 1024, BACKUP_STAMP_SIZE = 64 };

/* The folders of files the database refers to and that a restore needs. */
struct media_folder {
	const char *name;              /* in the set's file names */
	char path[BACKUP_PATH_MAX];
};
enum { MEDIA_FOLDERS_MAX = 4 };
/* Fills out with the configured media folders; returns how many. */
size_t backup_media_folders(const struct walk_config *cfg, struct media_folder out[MEDIA_FOLDERS_MAX]);

/* Runs argv[0] (searched in PATH) with stdin from in_path (NULL: /dev/null)
 * and stdout into out_path (created, 0600; NULL: inherited).  Returns its exit
 * status, or -1 when it could not be started or died of a signal. */
int backup_run(const char *const argv[], const char *in_path, const char *out_path);

/* The SHA-256 of the file at path as 64 hex digits.  Returns 0 or -1. */
int backup_sha256_file(const char *path, char hex[65]);
/* Writes path.sha256 ("HEX  basename\n", written aside then renamed).
 * Returns 0 or -1. */
int backup_write_checksum(const char *path, char hex[65]);
/* Checks path against path.sha256.  Returns 0, or -1 with the reason in err. */
int backup_verify_checksum(const char *path, char *err, size_t errlen);

/* Flushes the file at path to disk (and, for a folder, its entries).  Returns 0 or -1. */
int backup_fsync_path(const char *path);

#endif
