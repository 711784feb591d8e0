/* quiz_file_parse() (store_quiz_file.h), the reader of the question banks
 * admins import: any bytes.  Properties: a file without bad lines has at
 * least one row, every row passes quiz_question_problem(), rows start on
 * ascending lines, and nothing is reported; a refused file reports at least
 * one "line N: " problem; a good file written back with every field quoted
 * reads back as the same rows. */
#include "fuzz.h"

#include "store_quiz_file.h"

enum { CHECKPOINTS = 13 };

static void quoted(struct buf *b, const char *s, bool last)
{
	buf_puts(b, "\"");
	for (; *s; s++)
		buf_puts(b, *s == '"' ? "\"\"" : (char[]){ *s, '\0' });
	buf_puts(b, last ? "\"\r\n" : "\",");
}

static void write_back(const struct quiz_file *f, struct buf *b)
{
	buf_puts(b, "checkpoint,question,option_a,option_b,option_c,option_d,answer\n");
	for (size_t i = 0; i < f->n; i++) {
		const struct quiz_question *q = &f->rows[i];
		buf_printf(b, "%d,", q->seq);
		quoted(b, q->text, false);
		for (int k = 0; k < QUIZ_OPTIONS; k++)
			quoted(b, q->options[k], false);
		quoted(b, (char[]){ (char)('A' + q->answer), '\0' }, true);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct quiz_file f;
	struct buf errors = { 0 };
	int bad = quiz_file_parse((const char *)data, size, CHECKPOINTS, &f, &errors);
	FUZZ_CHECK(bad >= 0);
	if (bad > 0) {
		FUZZ_CHECK(errors.len > 0 && strncmp(buf_str(&errors), "line ", 5) == 0);
	} else {
		FUZZ_CHECK(errors.len == 0 && f.n >= 1);
		for (size_t i = 0; i < f.n; i++) {
			FUZZ_CHECK(quiz_question_problem(&f.rows[i], CHECKPOINTS) == NULL);
			FUZZ_CHECK(i == 0 || f.lines[i] > f.lines[i - 1]);
		}
		struct buf again = { 0 }, errors2 = { 0 };
		write_back(&f, &again);
		struct quiz_file g;
		FUZZ_CHECK(quiz_file_parse(again.data, again.len, CHECKPOINTS, &g, &errors2) == 0);
		FUZZ_CHECK(g.n == f.n);
		for (size_t i = 0; i < f.n; i++) {
			FUZZ_CHECK(g.rows[i].seq == f.rows[i].seq && g.rows[i].answer == f.rows[i].answer);
			FUZZ_CHECK(strcmp(g.rows[i].text, f.rows[i].text) == 0);
			for (int k = 0; k < QUIZ_OPTIONS; k++)
				FUZZ_CHECK(strcmp(g.rows[i].options[k], f.rows[i].options[k]) == 0);
		}
		quiz_file_free(&g);
		buf_free(&again);
		buf_free(&errors2);
	}
	quiz_file_free(&f);
	buf_free(&errors);
	return 0;
}
