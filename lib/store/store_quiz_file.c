#include "store_quiz_file.h"

#include "validate.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

enum { FIELDS = 7, FIELD_MAX = QUIZ_TEXT_BUF - 1 };

static const char *const header[FIELDS] = { "checkpoint", "question", "option_a", "option_b",
	                                    "option_c",   "option_d", "answer" };

/* One record as read: its fields (NUL-terminated copies), and the first
 * problem met while reading it, if any. */
struct record {
	char field[FIELDS][FIELD_MAX + 1];
	size_t len[FIELDS];
	int count;
	const char *problem;
};

struct reader {
	const char *p, *end;
	int line;   /* of the next byte */
};

static void put(struct record *r, char c)
{
	if (r->count > FIELDS) {
		return;
	}
	if (r->count == FIELDS) {
		r->problem = r->problem ? r->problem : "more than 7 fields";
		return;
	}
	size_t *n = &r->len[r->count];
	if (*n >= FIELD_MAX) {
		r->problem = r->problem ? r->problem : "a field longer than 1200 bytes";
		return;
	}
	if (c == '\0')
		r->problem = r->problem ? r->problem : "a NUL byte";
	r->field[r->count][(*n)++] = c;
}

/* Reads one record (RFC 4180) from rd into r.  Returns false at the end of
 * the input with nothing read. */
static bool read_record(struct reader *rd, struct record *r)
{
	memset(r->len, 0, sizeof r->len);
	r->count = 0;
	r->problem = NULL;
	if (rd->p >= rd->end)
		return false;
	bool quoted = false, was_quoted = false;
	for (;;) {
		if (rd->p >= rd->end) {
			if (quoted)
				r->problem = r->problem ? r->problem : "a quoted field not closed";
			break;
		}
		char c = *rd->p++;
		if (quoted) {
			if (c == '"' && rd->p < rd->end && *rd->p == '"') {
				rd->p++;
				put(r, '"');
			} else if (c == '"') {
				quoted = false;
				if (rd->p < rd->end && !strchr(",\r\n", *rd->p))
					r->problem = r->problem ? r->problem : "text after a closing quote";
			} else {
				if (c == '\n')
					rd->line++;
				put(r, c);
			}
			continue;
		}
		if (c == '"') {
			if (r->count < FIELDS && r->len[r->count] == 0 && !was_quoted)
				quoted = was_quoted = true;
			else
				r->problem = r->problem ? r->problem : "a quote inside an unquoted field";
			continue;
		}
		if (c == ',') {
			r->count++;
			was_quoted = false;
			if (r->count == FIELDS)
				r->problem = r->problem ? r->problem : "more than 7 fields";
			continue;
		}
		if (c == '\r' && rd->p < rd->end && *rd->p == '\n')
			continue;   /* CRLF: the LF ends the record */
		if (c == '\n') {
			rd->line++;
			break;
		}
		put(r, c);
	}
	if (r->count < FIELDS)
		r->count++;
	for (int i = 0; i < r->count && i < FIELDS; i++)
		r->field[i][r->len[i]] = '\0';
	return true;
}

static bool blank(const struct record *r)
{
	return r->count == 1 && r->len[0] == 0 && !r->problem;
}

static int checkpoint_of(const char *s, int checkpoints)
{
	if (!*s || strlen(s) > 3)
		return 0;
	int v = 0;
	for (; *s; s++) {
		if (*s < '0' || *s > '9')
			return 0;
		v = v * 10 + (*s - '0');
	}
	return v >= 1 && v <= checkpoints ? v : 0;
}

const char *quiz_question_problem(const struct quiz_question *q, int checkpoints)
{
	if (q->seq < 1 || q->seq > checkpoints)
		return "checkpoint must be a whole number from 1 to the number of checkpoints";
	if (!valid_name(q->text, 1, QUIZ_TEXT_MAX_CHARS))
		return "question must be 1 to 300 characters of text (no control or invisible characters)";
	for (int i = 0; i < QUIZ_OPTIONS; i++) {
		if (!valid_name(q->options[i], 1, QUIZ_OPTION_MAX_CHARS))
			return "each option must be 1 to 100 characters of text (no control or invisible characters)";
		for (int k = 0; k < i; k++)
			if (strcmp(q->options[i], q->options[k]) == 0)
				return "the four options must be different";
	}
	if (q->answer < 0 || q->answer >= QUIZ_OPTIONS)
		return "answer must be one of the letters A, B, C, D";
	return NULL;
}

/* The problem of a record as a row of the bank, or NULL; fills *q. */
static const char *check_row(const struct record *r, int checkpoints, struct quiz_question *q)
{
	if (r->problem)
		return r->problem;
	if (r->count != FIELDS)
		return "expected 7 fields: checkpoint,question,option_a,option_b,option_c,option_d,answer";
	/* Every field fits its buffer: FIELD_MAX is the text's. */
	if (r->len[1] >= sizeof q->text)
		return "question must be 1 to 300 characters of text (no control or invisible characters)";
	for (int i = 0; i < QUIZ_OPTIONS; i++)
		if (r->len[2 + i] >= sizeof q->options[i])
			return "each option must be 1 to 100 characters of text (no control or invisible characters)";
	q->seq = checkpoint_of(r->field[0], checkpoints);
	memcpy(q->text, r->field[1], r->len[1] + 1);
	for (int i = 0; i < QUIZ_OPTIONS; i++)
		memcpy(q->options[i], r->field[2 + i], r->len[2 + i] + 1);
	const char *a = r->field[6];
	q->answer = strlen(a) == 1 && a[0] >= 'A' && a[0] <= 'D' ? a[0] - 'A' : -1;
	q->id = q->retired_at = 0;
	return quiz_question_problem(q, checkpoints);
}

static bool header_ok(const struct record *r)
{
	if (r->problem || r->count != FIELDS)
		return false;
	for (int i = 0; i < FIELDS; i++)
		if (strcmp(r->field[i], header[i]) != 0)
			return false;
	return true;
}

static void add_row(struct quiz_file *f, const struct quiz_question *q, int line)
{
	if (f->n == f->cap) {
		f->cap = f->cap ? f->cap * 2 : 64;
		f->rows = realloc(f->rows, f->cap * sizeof *f->rows);
		f->lines = realloc(f->lines, f->cap * sizeof *f->lines);
		if (!f->rows || !f->lines)
			abort();   /* as buf.h: out of memory for a few megabytes is the end */
	}
	f->rows[f->n] = *q;
	f->lines[f->n++] = line;
}

/* The line of an earlier row of the same checkpoint with the same question, or 0. */
static int earlier_duplicate(const struct quiz_file *f, const struct quiz_question *q)
{
	for (size_t i = 0; i < f->n; i++)
		if (f->rows[i].seq == q->seq && strcmp(f->rows[i].text, q->text) == 0)
			return f->lines[i];
	return 0;
}

int quiz_file_parse(const char *data, size_t len, int checkpoints, struct quiz_file *out, struct buf *errors)
{
	memset(out, 0, sizeof *out);
	struct reader rd = { data, data + len, 1 };
	if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0)
		rd.p += 3;
	struct record *r = malloc(sizeof *r);
	struct quiz_question *q = malloc(sizeof *q);
	if (!r || !q)
		abort();
	int bad = 0;
#define COMPLAIN(at, ...)                                           \
	do {                                                        \
		if (bad++ < QUIZ_FILE_MAX_ERRORS) {                 \
			buf_printf(errors, "line %d: ", (at));      \
			buf_printf(errors, __VA_ARGS__);            \
			buf_puts(errors, "\n");                     \
		}                                                   \
	} while (0)
	int start = rd.line;
	if (!read_record(&rd, r) || !header_ok(r))
		COMPLAIN(start, "the first line must be the header %s", "checkpoint,question,option_a,option_b,option_c,option_d,answer");
	while (start = rd.line, read_record(&rd, r)) {
		if (blank(r))
			continue;
		const char *problem = check_row(r, checkpoints, q);
		int twin = problem ? 0 : earlier_duplicate(out, q);
		if (problem)
			COMPLAIN(start, "%s", problem);
		else if (twin)
			COMPLAIN(start, "the same question as line %d for checkpoint %d", twin, q->seq);
		else if (out->n >= QUIZ_FILE_MAX_ROWS)
			COMPLAIN(start, "more than %d questions in one file", QUIZ_FILE_MAX_ROWS);
		else
			add_row(out, q, start);
	}
	if (bad == 0 && out->n == 0)
		COMPLAIN(start, "%s", "no question in the file");
	if (bad > QUIZ_FILE_MAX_ERRORS)
		buf_printf(errors, "… and %d more bad lines\n", bad - QUIZ_FILE_MAX_ERRORS);
#undef COMPLAIN
	free(r);
	free(q);
	return bad;
}

void quiz_file_free(struct quiz_file *f)
{
	free(f->rows);
	free(f->lines);
	memset(f, 0, sizeof *f);
}
