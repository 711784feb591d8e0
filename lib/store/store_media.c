/* Checkpoint photos, the image check's queue and the trash (store_media.h). */
#include "store_media.h"

#include "db.h"

#include <stdio.h>
#include <string.h>

static void copy_text(sqlite3_stmt *st, int col, char *out, size_t size)
{
	const unsigned char *t = sqlite3_column_text(st, col);
	snprintf(out, size, "%s", t ? (const char *)t : "");
}

int store_photo_get(struct db *db, int64_t activity_id, int64_t user_id, int seq, struct store_photo *out)
{
	memset(out, 0, sizeof *out);
	sqlite3_stmt *st;
	int rc = db_row(db, &st, "SELECT file_id, check_state, uploaded_at, coalesce(checked_at, 0), coalesce(label, 0)"
	                         " FROM checkpoint_photos WHERE activity_id = ?1 AND user_id = ?2 AND seq = ?3",
	                "iin", activity_id, user_id, seq);
	if (rc != SQLITE_ROW)
		return rc;
	copy_text(st, 0, out->file_id, sizeof out->file_id);
	copy_text(st, 1, out->check, sizeof out->check);
	out->uploaded_at = sqlite3_column_int64(st, 2);
	out->checked_at = sqlite3_column_int64(st, 3);
	out->label = sqlite3_column_int64(st, 4);
	sqlite3_reset(st);
	return SQLITE_OK;
}

int store_photo_put(struct db *db, int64_t activity_id, int64_t user_id, int seq, const char *file_id,
                    const char *fetch_token, int64_t now, char old_id[MEDIA_FILE_ID_CHARS + 1])
{
	struct store_photo before;
	old_id[0] = '\0';
	int rc = store_photo_get(db, activity_id, user_id, seq, &before);
	if (rc == SQLITE_OK)
		snprintf(old_id, MEDIA_FILE_ID_CHARS + 1, "%s", before.file_id);
	else if (rc != DB_NOTFOUND)
		return rc;
	/* A new photo starts its check again: the old verdict was about another image. */
	return db_execf(db, "INSERT INTO checkpoint_photos (activity_id, user_id, seq, file_id, uploaded_at, check_state,"
	                    " fetch_token, fetch_expires_at) VALUES (?1, ?2, ?3, ?4, ?5, 'queued', ?6, ?7)"
	                    " ON CONFLICT (activity_id, user_id, seq) DO UPDATE SET file_id = excluded.file_id,"
	                    " uploaded_at = excluded.uploaded_at, check_state = 'queued', attempts = 0,"
	                    " fetch_token = excluded.fetch_token, fetch_expires_at = excluded.fetch_expires_at,"
	                    " trace_id = NULL, sent_at = NULL, label = NULL, checked_at = NULL",
	                "iintiti", activity_id, user_id, seq, file_id, now, fetch_token, now + MEDIA_FETCH_TTL);
}

int store_media_fetch(struct db *db, const char *fetch_token, int64_t now, char file_id[MEDIA_FILE_ID_CHARS + 1])
{
	sqlite3_stmt *st;
	file_id[0] = '\0';
	int rc = db_row(db, &st, "SELECT file_id FROM checkpoint_photos WHERE fetch_token = ?1 AND fetch_expires_at > ?2"
	                         " AND file_id IS NOT NULL",
	                "ti", fetch_token, now);
	if (rc != SQLITE_ROW)
		return rc;
	copy_text(st, 0, file_id, MEDIA_FILE_ID_CHARS + 1);
	sqlite3_reset(st);
	return SQLITE_OK;
}

int store_media_queue(struct db *db, int max, struct store_media_job *jobs, int *n)
{
	*n = 0;
	sqlite3_stmt *st;
	int rc = db_prepare(db, &st, "SELECT p.activity_id, p.user_id, p.seq, p.file_id, p.fetch_token, u.openid"
	                             " FROM checkpoint_photos p JOIN users u ON u.id = p.user_id"
	                             " WHERE p.check_state = 'queued' AND p.file_id IS NOT NULL"
	                             " ORDER BY p.uploaded_at LIMIT ?1",
	                    "n", max);
	while (st && (rc = db_step(db, st)) == SQLITE_ROW) {
		struct store_media_job *j = &jobs[(*n)++];
		j->activity_id = sqlite3_column_int64(st, 0);
		j->user_id = sqlite3_column_int64(st, 1);
		j->seq = sqlite3_column_int(st, 2);
		copy_text(st, 3, j->file_id, sizeof j->file_id);
		copy_text(st, 4, j->fetch_token, sizeof j->fetch_token);
		copy_text(st, 5, j->openid, sizeof j->openid);
	}
	return st ? db_finish(st, rc) : rc;
}

int store_media_budget(struct db *db, int64_t now, int *last_minute, int *last_day)
{
	int64_t minute = 0, day = 0;
	int rc = db_execf(db, "DELETE FROM media_check_sends WHERE sent_at <= ?1", "i", now - 86400);
	if (rc == SQLITE_OK)
		rc = db_get_int(db, &minute, "SELECT count(*) FROM media_check_sends WHERE sent_at > ?1", "i", now - 60);
	if (rc == SQLITE_OK)
		rc = db_get_int(db, &day, "SELECT count(*) FROM media_check_sends WHERE sent_at > ?1", "i", now - 86400);
	*last_minute = (int)minute;
	*last_day = (int)day;
	return rc;
}

int store_media_sent(struct db *db, const struct store_media_job *job, const char *trace_id, int64_t now)
{
	int rc = db_execf(db, "INSERT INTO media_check_sends (sent_at) VALUES (?1)", "i", now);
	if (rc != SQLITE_OK)
		return rc;
	if (!trace_id)
		return db_execf(db, "UPDATE checkpoint_photos SET attempts = attempts + 1 WHERE activity_id = ?1"
		                    " AND user_id = ?2 AND seq = ?3 AND file_id = ?4 AND check_state = 'queued'",
		                "iint", job->activity_id, job->user_id, job->seq, job->file_id);
	return db_execf(db, "UPDATE checkpoint_photos SET check_state = 'sent', trace_id = ?5, sent_at = ?6"
	                    " WHERE activity_id = ?1 AND user_id = ?2 AND seq = ?3 AND file_id = ?4"
	                    " AND check_state = 'queued'",
	                "iintti", job->activity_id, job->user_id, job->seq, job->file_id, trace_id, now);
}

int store_media_verdict(struct db *db, const char *trace_id, const char *verdict, int64_t label, int64_t now,
                        char removed[MEDIA_FILE_ID_CHARS + 1], bool *matched)
{
	removed[0] = '\0';
	*matched = false;
	sqlite3_stmt *st;
	int rc = db_row(db, &st, "SELECT coalesce(file_id, '') FROM checkpoint_photos WHERE trace_id = ?1"
	                         " AND check_state IN ('sent', 'review')",
	                "t", trace_id);
	if (rc == DB_NOTFOUND)
		return SQLITE_OK;   /* repeated, or for a photo replaced since: nothing awaits it */
	if (rc != SQLITE_ROW)
		return rc;
	char file_id[MEDIA_FILE_ID_CHARS + 1];
	copy_text(st, 0, file_id, sizeof file_id);
	sqlite3_reset(st);
	bool risky = strcmp(verdict, "risky") == 0;
	rc = db_execf(db, "UPDATE checkpoint_photos SET check_state = ?2, label = ?3, checked_at = ?4,"
	                  " file_id = CASE WHEN ?2 = 'risky' THEN NULL ELSE file_id END,"
	                  " fetch_token = CASE WHEN ?2 = 'risky' THEN NULL ELSE fetch_token END"
	                  " WHERE trace_id = ?1",
	              "ttii", trace_id, verdict, label, now);
	if (rc == SQLITE_OK) {
		*matched = true;
		if (risky)
			snprintf(removed, MEDIA_FILE_ID_CHARS + 1, "%s", file_id);
	}
	return rc;
}

int store_media_review(struct db *db, int64_t activity_id, const char *union_code, int64_t offset, int limit,
                       struct store_review_photo *rows, int *n, int64_t *total)
{
	*n = 0;
	*total = 0;
	int rc = db_get_int(db, total, "SELECT count(*) FROM checkpoint_photos p JOIN enrollments e"
	                               " ON e.activity_id = p.activity_id AND e.user_id = p.user_id"
	                               " WHERE p.activity_id = ?1 AND p.check_state = 'review'"
	                               " AND (?2 IS NULL OR e.union_code = ?2)",
	                    "it", activity_id, union_code);
	sqlite3_stmt *st = NULL;
	if (rc == SQLITE_OK)
		rc = db_prepare(db, &st, "SELECT p.user_id, p.seq, e.name, e.union_code, p.uploaded_at, p.checked_at,"
		                         " coalesce(p.label, 0) FROM checkpoint_photos p JOIN enrollments e"
		                         " ON e.activity_id = p.activity_id AND e.user_id = p.user_id"
		                         " WHERE p.activity_id = ?1 AND p.check_state = 'review'"
		                         " AND (?2 IS NULL OR e.union_code = ?2)"
		                         " ORDER BY p.checked_at DESC, p.user_id, p.seq LIMIT ?3 OFFSET ?4",
		                "itni", activity_id, union_code, limit, offset);
	while (st && (rc = db_step(db, st)) == SQLITE_ROW) {
		struct store_review_photo *r = &rows[(*n)++];
		r->user_id = sqlite3_column_int64(st, 0);
		r->seq = sqlite3_column_int(st, 1);
		copy_text(st, 2, r->name, sizeof r->name);
		copy_text(st, 3, r->union_code, sizeof r->union_code);
		r->uploaded_at = sqlite3_column_int64(st, 4);
		r->checked_at = sqlite3_column_int64(st, 5);
		r->label = sqlite3_column_int64(st, 6);
	}
	return st ? db_finish(st, rc) : rc;
}

int store_media_trash(struct db *db, int max, char (*ids)[MEDIA_FILE_ID_CHARS + 1], int *n)
{
	*n = 0;
	sqlite3_stmt *st;
	int rc = db_prepare(db, &st, "SELECT file_id FROM media_trash ORDER BY trashed_at LIMIT ?1", "n", max);
	while (st && (rc = db_step(db, st)) == SQLITE_ROW)
		copy_text(st, 0, ids[(*n)++], MEDIA_FILE_ID_CHARS + 1);
	return st ? db_finish(st, rc) : rc;
}

int store_media_trash_done(struct db *db, const char *file_id)
{
	return db_execf(db, "DELETE FROM media_trash WHERE file_id = ?1", "t", file_id);
}
