#ifndef WALK_MEDIA_FILES_H
#define WALK_MEDIA_FILES_H
/*
 * Where photos and posters live: files under media_dir, never in SQLite.  An
 * upload gets a file id of 128 random bits in hex; its two files are
 *   <media_dir>/<first two hex digits>/<id>.photo.jpg   the re-encoded photo
 *   <media_dir>/<first two hex digits>/<id>.poster.jpg  the poster
 * (256 subfolders, so that no folder holds a million names).  Files are
 * written to a temporary name in the same folder, synced and renamed: a
 * reader (nginx) sees the whole file or none.  The nginx location that
 * serves them takes the same relative path (media_file_path's rel).
 */
#include "config.h"

#include <stdbool.h>
#include <stddef.h>

enum { MEDIA_FILE_ID_CHARS = 32, MEDIA_PATH_MAX = 640 };

enum media_kind { MEDIA_PHOTO, MEDIA_POSTER };

/* The folder: cfg->media_dir, else media/ beside the database. */
void media_dir(const struct walk_config *cfg, char *out, size_t size);
/* A new random file id (hex, NUL-terminated). */
void media_new_file_id(char id[MEDIA_FILE_ID_CHARS + 1]);
/* Whether id has the shape media_new_file_id() gives. */
bool media_file_id_valid(const char *id);
/* The file's path relative to the folder ("ab/ab…cd.poster.jpg"). */
void media_file_rel(const char *id, enum media_kind kind, char *out, size_t size);
/* Writes data atomically as the file of id and kind (the subfolder made when
 * missing).  Returns 0, or -1 with errno set (the temporary file removed). */
int media_file_write(const struct walk_config *cfg, const char *id, enum media_kind kind, const void *data,
                     size_t len);
/* Removes both files of id; a file already gone is not an error.  Returns 0
 * or -1 (errno) for the first other failure. */
int media_files_remove(const struct walk_config *cfg, const char *id);

#endif
