#ifndef WALK_STORE_QUIZ_FILE_H
#define WALK_STORE_QUIZ_FILE_H
/*
 * The question bank's file format (`walkctl quiz import`, README "The quiz
 * bank"), read from untrusted admin input:
 *
 *   checkpoint,question,option_a,option_b,option_c,option_d,answer
 *   1,大雁塔位于西安哪座寺院之内？,大兴善寺,青龙寺,荐福寺,大慈恩寺,D
 *
 * UTF-8 (a leading byte-order mark is allowed), RFC 4180 quoting (a field
 * holding a comma, a quote or a line end is quoted, a quote doubled), LF or
 * CRLF line ends, blank lines ignored.  The first line is exactly that
 * header.  Each row: checkpoint a whole number 1..checkpoints; question 1..300
 * characters, each option 1..100 (valid_name: no control or invisible
 * characters), the four options different; answer the letter of the right
 * option, A to D.  A file with any bad line is refused whole.
 */
#include "buf.h"
#include "store_quiz.h"

#include <stdbool.h>
#include <stddef.h>

enum {
	QUIZ_FILE_MAX_ROWS = 5000,
	QUIZ_FILE_MAX_ERRORS = 20,   /* reported; the count covers every one */
};

struct quiz_file {
	struct quiz_question *rows;   /* id 0; owned, quiz_file_free() */
	int *lines;                   /* the line each row starts on */
	size_t n, cap;
};

/* Reads and checks data[0..len) (no NUL needed) into *out.  Returns the
 * number of bad lines: 0 when the whole file is good, else *errors gets one
 * line "line N: reason" per problem (at most QUIZ_FILE_MAX_ERRORS of them)
 * and out holds nothing worth using.  quiz_file_free() out either way. */
int quiz_file_parse(const char *data, size_t len, int checkpoints, struct quiz_file *out, struct buf *errors);
void quiz_file_free(struct quiz_file *f);

/* What is wrong with q as a question of a route of `checkpoints`: its
 * checkpoint, text, options (different from each other) or answer (0..3),
 * in English for the file's reader; NULL when nothing is. */
const char *quiz_question_problem(const struct quiz_question *q, int checkpoints);

#endif
