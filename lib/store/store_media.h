#ifndef WALK_STORE_MEDIA_H
#define WALK_STORE_MEDIA_H
/*
 * Checkpoint photos (schema 021): which file holds a participant's photo and
 * poster for a checkpoint, and its place in WeChat's image check (the row is
 * the queue, WECHAT.md §4); the sends that WeChat's limits count; the files
 * left to remove after go-live.
 *
 * Functions return SQLITE_OK, DB_NOTFOUND where said, or the SQLite code as
 * SQLite gave it.  Those that write say so: call them inside a write
 * transaction.
 */
#include "media_files.h"

#include <stdbool.h>
#include <stdint.h>

struct db;

/* WeChat's limits on media_check_async for one app (WECHAT.md §4). */
enum { MEDIA_CHECKS_PER_MINUTE = 2000, MEDIA_CHECKS_PER_DAY = 200000 };
/* How long the URL WeChat fetches a photo from stays valid: its verdict
 * comes within 30 minutes of the call, which may wait in the queue. */
enum { MEDIA_FETCH_TTL = 24 * 3600 };
enum { MEDIA_FETCH_TOKEN_CHARS = 43 };

struct store_photo {
	char file_id[MEDIA_FILE_ID_CHARS + 1];   /* "" once a risky verdict deleted the files */
	char check[8];                           /* queued, sent, pass, review, risky */
	int64_t uploaded_at, checked_at;         /* checked_at 0 before a verdict */
	int64_t label;                           /* WeChat's label of the verdict, 0 before */
};

/* The photo of checkpoint seq: SQLITE_OK with *out, or DB_NOTFOUND. */
int store_photo_get(struct db *db, int64_t activity_id, int64_t user_id, int seq, struct store_photo *out);

/* Writes: file_id is now the photo of checkpoint seq, queued for the image
 * check, fetched by WeChat with fetch_token until now + MEDIA_FETCH_TTL;
 * old_id gets the file id it replaced ("" when none). */
int store_photo_put(struct db *db, int64_t activity_id, int64_t user_id, int seq, const char *file_id,
                    const char *fetch_token, int64_t now, char old_id[MEDIA_FILE_ID_CHARS + 1]);

/* The file id whose photo fetch_token opens at now: SQLITE_OK, or DB_NOTFOUND
 * (no such token, expired, or its files deleted). */
int store_media_fetch(struct db *db, const char *fetch_token, int64_t now, char file_id[MEDIA_FILE_ID_CHARS + 1]);

/* One queued photo for the sender. */
struct store_media_job {
	int64_t activity_id, user_id;
	int seq;
	char file_id[MEDIA_FILE_ID_CHARS + 1];
	char fetch_token[MEDIA_FETCH_TOKEN_CHARS + 1];
	char openid[129];
};
/* Up to max queued photos, oldest upload first, into jobs (*n of them). */
int store_media_queue(struct db *db, int max, struct store_media_job *jobs, int *n);
/* How many checks were sent in the last minute and the last day before now
 * (rows older than a day are removed first: writes). */
int store_media_budget(struct db *db, int64_t now, int *last_minute, int *last_day);
/* Writes: the send of job is counted; when WeChat accepted it (trace_id not
 * NULL) the photo is sent, awaiting that trace_id's verdict, unless a new
 * upload replaced its file meanwhile; when it did not, its attempts grow and
 * it stays queued. */
int store_media_sent(struct db *db, const struct store_media_job *job, const char *trace_id, int64_t now);

/* Writes: the verdict ("pass", "review", "risky") for trace_id.  A risky one
 * clears the file id, which removed gets ("" otherwise) for the caller to
 * delete after the commit.  *matched tells whether a photo awaited it (a
 * repeated event, or one for a replaced photo, matches nothing). */
int store_media_verdict(struct db *db, const char *trace_id, const char *verdict, int64_t label, int64_t now,
                        char removed[MEDIA_FILE_ID_CHARS + 1], bool *matched);

/* Photos in review, for admins: of the activity, of one union (NULL: all),
 * newest first. */
struct store_review_photo {
	int64_t user_id;
	int seq;
	char name[64];
	char union_code[16];
	int64_t uploaded_at, checked_at, label;
};
int store_media_review(struct db *db, int64_t activity_id, const char *union_code, int64_t offset, int limit,
                       struct store_review_photo *rows, int *n, int64_t *total);

/* Up to max file ids of media_trash into ids (*n of them), and, writing, the
 * row of one whose files are gone. */
int store_media_trash(struct db *db, int max, char (*ids)[MEDIA_FILE_ID_CHARS + 1], int *n);
int store_media_trash_done(struct db *db, const char *file_id);

#endif
