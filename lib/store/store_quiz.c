#include "store_quiz.h"

#include "crypto.h"
#include "db.h"

#include <stdio.h>

#define QUESTION_COLUMNS "id, seq, text, option_a, option_b, option_c, option_d, answer, coalesce(retired_at, 0)"

static void read_question(sqlite3_stmt *st, struct quiz_question *q)
{
	q->id = sqlite3_column_int64(st, 0);
	q->seq = sqlite3_column_int(st, 1);
	snprintf(q->text, sizeof q->text, "%s", (const char *)sqlite3_column_text(st, 2));
	for (int i = 0; i < QUIZ_OPTIONS; i++)
		snprintf(q->options[i], sizeof q->options[i], "%s", (const char *)sqlite3_column_text(st, 3 + i));
	q->answer = sqlite3_column_int(st, 7);
	q->retired_at = sqlite3_column_int64(st, 8);
}

/* The candidates of a draw: questions in use of the checkpoint, but the one
 * given last (?5) unless it is the only one; with ?4, only those never given
 * to the participant. */
#define CANDIDATES                                                                                   \
	" FROM quiz_questions q WHERE q.activity_id = ?1 AND q.seq = ?3 AND q.retired_at IS NULL"     \
	" AND q.id <> ?5 AND (?4 = 0 OR NOT EXISTS (SELECT 1 FROM quiz_asked s WHERE s.activity_id = ?1" \
	" AND s.user_id = ?2 AND s.seq = ?3 AND s.question_id = q.id))"

static int draw(struct db *db, int64_t activity_id, int64_t user_id, int seq, bool unseen_only,
                int64_t last_id, struct quiz_question *out)
{
	int64_t n = 0;
	int rc = db_get_int(db, &n, "SELECT count(*)" CANDIDATES, "iinni", activity_id, user_id, seq,
	                    unseen_only ? 1 : 0, last_id);
	if (rc != SQLITE_OK)
		return rc;
	if (n == 0)
		return DB_NOTFOUND;
	int64_t pick = (int64_t)crypto_random_below((uint64_t)n);
	sqlite3_stmt *st;
	rc = db_row(db, &st, "SELECT " QUESTION_COLUMNS CANDIDATES " ORDER BY q.id LIMIT 1 OFFSET ?6", "iinnii",
	            activity_id, user_id, seq, unseen_only ? 1 : 0, last_id, pick);
	if (rc != SQLITE_ROW)
		return rc;   /* DB_NOTFOUND cannot happen inside the transaction that counted */
	read_question(st, out);
	sqlite3_reset(st);
	return SQLITE_OK;
}

int store_quiz_issue(struct db *db, int64_t activity_id, int64_t user_id, int seq, int64_t now,
                     struct quiz_question *out)
{
	struct quiz_attempt before = { 0 };
	int rc = store_quiz_attempt(db, activity_id, user_id, seq, &before);
	if (rc != SQLITE_OK && rc != DB_NOTFOUND)
		return rc;
	int64_t last_id = rc == SQLITE_OK ? before.last_given_id : 0;
	rc = draw(db, activity_id, user_id, seq, true, last_id, out);
	if (rc == DB_NOTFOUND)   /* every question was given once: any but the last */
		rc = draw(db, activity_id, user_id, seq, false, last_id, out);
	if (rc == DB_NOTFOUND)   /* the last one is all there is */
		rc = draw(db, activity_id, user_id, seq, false, 0, out);
	if (rc == SQLITE_OK)
		rc = db_execf(db, "INSERT INTO quiz_asked (activity_id, user_id, seq, question_id, asked_at)"
		                  " VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT DO UPDATE SET asked_at = excluded.asked_at",
		              "iinii", activity_id, user_id, seq, out->id, now);
	if (rc == SQLITE_OK)
		rc = db_execf(db, "INSERT INTO quiz_attempts (activity_id, user_id, seq, question_id, last_given_id,"
		                  " issued_at) VALUES (?1, ?2, ?3, ?4, ?4, ?5) ON CONFLICT DO UPDATE SET"
		                  " question_id = excluded.question_id, last_given_id = excluded.question_id,"
		                  " issued_at = excluded.issued_at",
		              "iinii", activity_id, user_id, seq, out->id, now);
	return rc;
}

int store_quiz_attempt(struct db *db, int64_t activity_id, int64_t user_id, int seq, struct quiz_attempt *out)
{
	sqlite3_stmt *st;
	int rc = db_row(db, &st, "SELECT coalesce(question_id, 0), issued_at, coalesce(last_wrong_at, 0), wrong_answers,"
	                         " last_given_id FROM quiz_attempts WHERE activity_id = ?1 AND user_id = ?2 AND seq = ?3",
	                "iin", activity_id, user_id, seq);
	if (rc != SQLITE_ROW)
		return rc;
	out->question_id = sqlite3_column_int64(st, 0);
	out->issued_at = sqlite3_column_int64(st, 1);
	out->last_wrong_at = sqlite3_column_int64(st, 2);
	out->wrong_answers = sqlite3_column_int(st, 3);
	out->last_given_id = sqlite3_column_int64(st, 4);
	sqlite3_reset(st);
	return SQLITE_OK;
}

int store_quiz_answered(struct db *db, int64_t activity_id, int64_t user_id, int seq, bool correct, int64_t now)
{
	if (correct)
		return db_execf(db, "UPDATE quiz_attempts SET question_id = NULL"
		                    " WHERE activity_id = ?1 AND user_id = ?2 AND seq = ?3",
		                "iin", activity_id, user_id, seq);
	return db_execf(db, "UPDATE quiz_attempts SET question_id = NULL, last_wrong_at = ?4,"
	                    " wrong_answers = wrong_answers + 1 WHERE activity_id = ?1 AND user_id = ?2 AND seq = ?3",
	                "iini", activity_id, user_id, seq, now);
}

int store_quiz_get(struct db *db, int64_t activity_id, int64_t id, struct quiz_question *out)
{
	sqlite3_stmt *st;
	int rc = db_row(db, &st, "SELECT " QUESTION_COLUMNS " FROM quiz_questions WHERE activity_id = ?1 AND id = ?2",
	                "ii", activity_id, id);
	if (rc != SQLITE_ROW)
		return rc;
	read_question(st, out);
	sqlite3_reset(st);
	return SQLITE_OK;
}

int store_quiz_each(struct db *db, int64_t activity_id, int seq, bool with_retired,
                    void (*fn)(const struct quiz_question *q, void *arg), void *arg)
{
	sqlite3_stmt *st;
	int rc = db_prepare(db, &st, "SELECT " QUESTION_COLUMNS " FROM quiz_questions WHERE activity_id = ?1"
	                             " AND (?2 = 0 OR seq = ?2) AND (?3 OR retired_at IS NULL) ORDER BY seq, id",
	                    "inn", activity_id, seq, with_retired ? 1 : 0);
	struct quiz_question q;
	if (rc != SQLITE_OK)
		return rc;
	while ((rc = db_step(db, st)) == SQLITE_ROW) {
		read_question(st, &q);
		fn(&q, arg);
	}
	return db_finish(st, rc);
}

int store_quiz_add(struct db *db, int64_t activity_id, const struct quiz_question *q, int64_t now, int64_t *id)
{
	int rc = db_execf(db, "INSERT INTO quiz_questions (activity_id, seq, text, option_a, option_b, option_c,"
	                      " option_d, answer, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
	                  "intttttni", activity_id, q->seq, q->text, q->options[0], q->options[1], q->options[2],
	                  q->options[3], q->answer, now);
	if (rc == SQLITE_OK && id)
		*id = sqlite3_last_insert_rowid(db_handle(db));
	return rc;
}

/* What an UPDATE that must hit one row returns: DB_NOTFOUND when it hit none. */
static int one_row_changed(struct db *db, int rc)
{
	return rc == SQLITE_OK && sqlite3_changes(db_handle(db)) == 0 ? DB_NOTFOUND : rc;
}

int store_quiz_update(struct db *db, int64_t activity_id, const struct quiz_question *q)
{
	int rc = db_execf(db, "UPDATE quiz_questions SET seq = ?3, text = ?4, option_a = ?5, option_b = ?6,"
	                      " option_c = ?7, option_d = ?8, answer = ?9"
	                      " WHERE activity_id = ?1 AND id = ?2 AND retired_at IS NULL",
	                  "iintttttn", activity_id, q->id, q->seq, q->text, q->options[0], q->options[1],
	                  q->options[2], q->options[3], q->answer);
	return one_row_changed(db, rc);
}

int store_quiz_retire(struct db *db, int64_t activity_id, int64_t id, int64_t now)
{
	int rc = db_execf(db, "UPDATE quiz_questions SET retired_at = ?3"
	                      " WHERE activity_id = ?1 AND id = ?2 AND retired_at IS NULL",
	                  "iii", activity_id, id, now);
	return one_row_changed(db, rc);
}

int store_quiz_retire_checkpoint(struct db *db, int64_t activity_id, int seq, int64_t now, int64_t *retired)
{
	int rc = db_execf(db, "UPDATE quiz_questions SET retired_at = ?3"
	                      " WHERE activity_id = ?1 AND seq = ?2 AND retired_at IS NULL",
	                  "ini", activity_id, seq, now);
	if (rc == SQLITE_OK && retired)
		*retired = sqlite3_changes(db_handle(db));
	return rc;
}

int store_quiz_count(struct db *db, int64_t activity_id, int seq, int64_t *count)
{
	return db_get_int(db, count, "SELECT count(*) FROM quiz_questions WHERE activity_id = ?1 AND seq = ?2"
	                             " AND retired_at IS NULL",
	                  "in", activity_id, seq);
}
