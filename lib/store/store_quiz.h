#ifndef WALK_STORE_QUIZ_H
#define WALK_STORE_QUIZ_H
/*
 * The quiz of the checkpoints (schema 018, RULES §7): each activity's bank
 * of single-choice questions per checkpoint, the questions given to each
 * participant, and where a participant stands at a checkpoint.
 *
 * The right answer (answer, 0..3) is read here for the server to compare;
 * no participant answer may carry it.
 *
 * Return codes (lib/base/db.h): SQLITE_OK, DB_NOTFOUND where said, or the
 * SQLite error as SQLite gave it.
 */
#include <stdbool.h>
#include <stdint.h>

struct db;

enum {
	QUIZ_OPTIONS = 4,
	QUIZ_TEXT_MAX_CHARS = 300,    /* the schema's CHECKs, in characters */
	QUIZ_OPTION_MAX_CHARS = 100,
	QUIZ_TEXT_BUF = QUIZ_TEXT_MAX_CHARS * 4 + 1,   /* UTF-8: at most 4 bytes a character */
	QUIZ_OPTION_BUF = QUIZ_OPTION_MAX_CHARS * 4 + 1,
};

struct quiz_question {
	int64_t id;
	int seq;                                      /* the checkpoint, 1-based */
	char text[QUIZ_TEXT_BUF];
	char options[QUIZ_OPTIONS][QUIZ_OPTION_BUF];
	int answer;                                   /* 0..3: the right option */
	int64_t retired_at;                           /* 0: in use */
};

/* Where a participant stands at one checkpoint. */
struct quiz_attempt {
	int64_t question_id;     /* the one question that may be answered now; 0: none */
	int64_t issued_at;
	int64_t last_wrong_at;   /* 0: no wrong answer yet */
	int wrong_answers;
	int64_t last_given_id;   /* the question given last (answered or not) */
};

/* Draws a question of checkpoint seq in use, at random (the DRBG), among
 * those the participant was never given if any is left, else among all;
 * records it as given and as the one to answer now (replacing any earlier
 * one), at now; fills *out.  DB_NOTFOUND when the checkpoint has no question
 * in use.  Call inside a write transaction. */
int store_quiz_issue(struct db *db, int64_t activity_id, int64_t user_id, int seq, int64_t now,
                     struct quiz_question *out);
/* The participant's standing at checkpoint seq; DB_NOTFOUND before the
 * first question. */
int store_quiz_attempt(struct db *db, int64_t activity_id, int64_t user_id, int seq, struct quiz_attempt *out);
/* Records an answer to the question to answer now: it can be answered no
 * more; a wrong one also starts the wait before the next question. */
int store_quiz_answered(struct db *db, int64_t activity_id, int64_t user_id, int seq, bool correct, int64_t now);

/* One question of the activity (retired ones too); DB_NOTFOUND when the
 * activity has no question id. */
int store_quiz_get(struct db *db, int64_t activity_id, int64_t id, struct quiz_question *out);
/* The activity's questions of checkpoint seq (0: every checkpoint), in use
 * ones only unless with_retired, by checkpoint then id; fn gets each. */
int store_quiz_each(struct db *db, int64_t activity_id, int seq, bool with_retired,
                    void (*fn)(const struct quiz_question *q, void *arg), void *arg);
/* Adds q (its id and retired_at ignored) into *id. */
int store_quiz_add(struct db *db, int64_t activity_id, const struct quiz_question *q, int64_t now, int64_t *id);
/* Replaces text, options, answer and checkpoint of question q->id; DB_NOTFOUND
 * when the activity has no such question in use. */
int store_quiz_update(struct db *db, int64_t activity_id, const struct quiz_question *q);
/* Retires question id at now; DB_NOTFOUND when the activity has no such
 * question in use. */
int store_quiz_retire(struct db *db, int64_t activity_id, int64_t id, int64_t now);
/* Retires every question in use of checkpoint seq; *retired gets how many. */
int store_quiz_retire_checkpoint(struct db *db, int64_t activity_id, int seq, int64_t now, int64_t *retired);
/* How many questions in use checkpoint seq has. */
int store_quiz_count(struct db *db, int64_t activity_id, int seq, int64_t *count);

#endif
