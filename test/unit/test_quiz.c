/* lib/store/store_quiz and store_quiz_file (RULES §7): the draw preferring
 * questions not yet given, what may be answered, the bank file's reader and
 * its line-by-line checks, and the default bank the migrations ship. */
#include "buf.h"
#include "db.h"
#include "store_quiz.h"
#include "store_quiz_file.h"

#include "scratch_db.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ACTIVITY 1
#define CHECKPOINTS 13
#define T0 INT64_C(1561000000)
#define HEADER "checkpoint,question,option_a,option_b,option_c,option_d,answer\n"

static int64_t in_use(struct scratch_users *f, int seq)
{
	int64_t n = -1;
	assert_int_equal(store_quiz_count(f->db, ACTIVITY, seq, &n), SQLITE_OK);
	return n;
}

static int64_t issue(struct scratch_users *f, int64_t user, int seq, int64_t now)
{
	struct quiz_question q;
	assert_int_equal(store_quiz_issue(f->db, ACTIVITY, user, seq, now, &q), SQLITE_OK);
	assert_int_equal(q.seq, seq);
	return q.id;
}

static void every_question_is_given_once_before_any_twice(void **state)
{
	struct scratch_users *f = *state;
	int64_t n = in_use(f, 1);
	assert_true(n >= 10 && n <= 64);
	int64_t given[64];
	for (int64_t i = 0; i < n; i++) {
		given[i] = issue(f, 1, 1, T0 + i);
		for (int64_t k = 0; k < i; k++)
			assert_true(given[k] != given[i]);
	}
	/* Then any but the one given last; another participant starts afresh. */
	for (int round = 0; round < 20; round++) {
		int64_t last = given[n - 1];
		given[n - 1] = issue(f, 1, 1, T0 + n + round);
		assert_true(given[n - 1] != last);
	}
	assert_int_equal(db_int(f->db, -1, "SELECT count(*) FROM quiz_asked WHERE user_id = 1"), n);
	assert_int_equal(db_int(f->db, -1, "SELECT count(*) FROM quiz_asked WHERE user_id = 2"), 0);
}

static void only_questions_in_use_are_drawn(void **state)
{
	struct scratch_users *f = *state;
	int64_t keep = db_int(f->db, 0, "SELECT min(id) FROM quiz_questions WHERE seq = 2");
	int64_t retired = 0;
	assert_int_equal(store_quiz_retire_checkpoint(f->db, ACTIVITY, 2, T0, &retired), SQLITE_OK);
	assert_true(retired >= 10);
	struct quiz_question q;
	assert_int_equal(store_quiz_issue(f->db, ACTIVITY, 1, 2, T0, &q), DB_NOTFOUND);
	assert_int_equal(db_execf(f->db, "UPDATE quiz_questions SET retired_at = NULL WHERE id = ?1", "i", keep),
	                 SQLITE_OK);
	/* The only one, again and again, even right after it was given. */
	for (int i = 0; i < 3; i++)
		assert_int_equal(issue(f, 1, 2, T0 + i), keep);
	assert_int_equal(store_quiz_retire(f->db, ACTIVITY, keep, T0), SQLITE_OK);
	assert_int_equal(store_quiz_retire(f->db, ACTIVITY, keep, T0), DB_NOTFOUND);
}

static void an_answer_closes_the_question_and_a_wrong_one_starts_the_wait(void **state)
{
	struct scratch_users *f = *state;
	struct quiz_attempt a;
	assert_int_equal(store_quiz_attempt(f->db, ACTIVITY, 2, 3, &a), DB_NOTFOUND);
	int64_t id = issue(f, 2, 3, T0);
	assert_int_equal(store_quiz_attempt(f->db, ACTIVITY, 2, 3, &a), SQLITE_OK);
	assert_int_equal(a.question_id, id);
	assert_int_equal(a.wrong_answers, 0);
	assert_int_equal(store_quiz_answered(f->db, ACTIVITY, 2, 3, false, T0 + 5), SQLITE_OK);
	assert_int_equal(store_quiz_attempt(f->db, ACTIVITY, 2, 3, &a), SQLITE_OK);
	assert_int_equal(a.question_id, 0);
	assert_int_equal(a.last_given_id, id);
	assert_int_equal(a.last_wrong_at, T0 + 5);
	assert_int_equal(a.wrong_answers, 1);
	int64_t next = issue(f, 2, 3, T0 + 9);
	assert_true(next != id);
	assert_int_equal(store_quiz_answered(f->db, ACTIVITY, 2, 3, true, T0 + 10), SQLITE_OK);
	assert_int_equal(store_quiz_attempt(f->db, ACTIVITY, 2, 3, &a), SQLITE_OK);
	assert_int_equal(a.question_id, 0);
	assert_int_equal(a.last_wrong_at, T0 + 5);
}

/* ---------------------------------------------------------------- the file */

static int parse(const char *text, struct quiz_file *qf, struct buf *errors)
{
	buf_reset(errors, 0);
	return quiz_file_parse(text, strlen(text), CHECKPOINTS, qf, errors);
}

static void a_good_file_reads_with_its_quoting(void **state)
{
	(void)state;
	struct quiz_file qf;
	struct buf errors = { 0 };
	const char *text = "\xEF\xBB\xBF" HEADER
	                   "1,\"大雁塔, 又称“慈恩寺塔”，位于哪座寺？\",大慈恩寺,荐福寺,青龙寺,\"大兴\"\"善\"\"寺\",A\r\n"
	                   "\r\n"
	                   "13,\"一行的题目\",甲,乙,丙,丁,D\n"
	                   "2,最后一行没有换行,甲,乙,丙,丁,C";
	if (parse(text, &qf, &errors) != 0)
		fail_msg("%s", buf_str(&errors));
	assert_int_equal(qf.n, 3);
	assert_string_equal(qf.rows[0].text, "大雁塔, 又称“慈恩寺塔”，位于哪座寺？");
	assert_string_equal(qf.rows[0].options[3], "大兴\"善\"寺");
	assert_int_equal(qf.rows[0].answer, 0);
	assert_int_equal(qf.lines[0], 2);
	assert_int_equal(qf.rows[1].seq, 13);
	assert_int_equal(qf.rows[1].answer, 3);
	assert_int_equal(qf.lines[1], 4);
	assert_int_equal(qf.lines[2], 5);
	assert_int_equal(qf.rows[2].answer, 2);
	quiz_file_free(&qf);
	buf_free(&errors);
}

static void every_bad_line_is_named_and_the_file_refused(void **state)
{
	(void)state;
	static const struct { const char *row; const char *reason; } bad[] = {
		{ "0,题目,甲,乙,丙,丁,A", "checkpoint must be a whole number" },
		{ "14,题目,甲,乙,丙,丁,A", "checkpoint must be a whole number" },
		{ "1x,题目,甲,乙,丙,丁,A", "checkpoint must be a whole number" },
		{ "1,,甲,乙,丙,丁,A", "question must be 1 to 300" },
		{ "1,题目,甲,,丙,丁,A", "each option must be" },
		{ "1,题目,甲,乙,甲,丁,A", "the four options must be different" },
		{ "1,题目,甲,乙,丙,丁,a", "answer must be one of" },
		{ "1,题目,甲,乙,丙,丁,AB", "answer must be one of" },
		{ "1,题目,甲,乙,丙,丁", "expected 7 fields" },
		{ "1,题目,甲,乙,丙,丁,A,多余", "more than 7 fields" },
		{ "1,题\"目,甲,乙,丙,丁,A", "a quote inside an unquoted field" },
		{ "1,\"题目\"x,甲,乙,丙,丁,A", "text after a closing quote" },
		{ "1,题目\x01,甲,乙,丙,丁,A", "question must be" },
		{ "1,\xff\xfe,甲,乙,丙,丁,A", "question must be" },
		{ "1,\"没有闭合,甲,乙,丙,丁,A", "a quoted field not closed" },
	};
	struct quiz_file qf;
	struct buf errors = { 0 };
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		char text[512], expect[128];
		snprintf(text, sizeof text, HEADER "1,好题,甲,乙,丙,丁,B\n%s\n", bad[i].row);
		if (parse(text, &qf, &errors) != 1 || !strstr(buf_str(&errors), "line 3: ") ||
		    !strstr(buf_str(&errors), bad[i].reason))
			fail_msg("%s: %s", bad[i].row, buf_str(&errors));
		snprintf(expect, sizeof expect, "line 3: %s", bad[i].reason);
		assert_non_null(strstr(buf_str(&errors), expect));
		quiz_file_free(&qf);
	}
	assert_int_equal(parse("checkpoint,question\n1,题目\n", &qf, &errors), 2);
	assert_non_null(strstr(buf_str(&errors), "line 1: the first line must be the header"));
	quiz_file_free(&qf);
	/* A line end inside quotes is read, counted, and refused in a question. */
	assert_int_equal(parse(HEADER "1,\"两行\n的题目\",甲,乙,丙,丁,A\n99,题目,甲,乙,丙,丁,A\n", &qf, &errors), 2);
	assert_non_null(strstr(buf_str(&errors), "line 2: question must be"));
	assert_non_null(strstr(buf_str(&errors), "line 4: checkpoint must be"));
	quiz_file_free(&qf);
	assert_int_equal(parse(HEADER, &qf, &errors), 1);
	assert_non_null(strstr(buf_str(&errors), "no question in the file"));
	quiz_file_free(&qf);
	assert_int_equal(parse(HEADER "3,同一题,甲,乙,丙,丁,A\n3,同一题,子,丑,寅,卯,B\n", &qf, &errors), 1);
	assert_non_null(strstr(buf_str(&errors), "line 3: the same question as line 2 for checkpoint 3"));
	quiz_file_free(&qf);
	/* Many bad lines: the first QUIZ_FILE_MAX_ERRORS, and a count of the rest. */
	struct buf many = { 0 };
	buf_puts(&many, HEADER);
	for (int i = 0; i < 30; i++)
		buf_puts(&many, "99,题目,甲,乙,丙,丁,A\n");
	assert_int_equal(parse(buf_str(&many), &qf, &errors), 30);
	assert_non_null(strstr(buf_str(&errors), "and 10 more bad lines"));
	quiz_file_free(&qf);
	buf_free(&many);
	buf_free(&errors);
}

/* The bank of the migrations is the file schema/quiz_bank.csv, row for row,
 * and the file passes its own checks. */
static void the_default_bank_is_the_shipped_file(void **state)
{
	struct scratch_users *f = *state;
	FILE *in = fopen("schema/quiz_bank.csv", "rb");
	assert_non_null(in);
	char *data = malloc(1 << 20);
	size_t len = fread(data, 1, 1 << 20, in);
	fclose(in);
	struct quiz_file qf;
	struct buf errors = { 0 };
	int bad = quiz_file_parse(data, len, CHECKPOINTS, &qf, &errors);
	if (bad)
		fail_msg("schema/quiz_bank.csv: %s", buf_str(&errors));
	int per_checkpoint[CHECKPOINTS + 1] = { 0 };
	for (size_t i = 0; i < qf.n; i++) {
		const struct quiz_question *q = &qf.rows[i];
		per_checkpoint[q->seq]++;
		int64_t found = 0;
		assert_int_equal(db_get_int(f->db, &found, "SELECT count(*) FROM quiz_questions WHERE activity_id = 1"
		                                           " AND seq = ?1 AND text = ?2 AND option_a = ?3 AND option_b = ?4"
		                                           " AND option_c = ?5 AND option_d = ?6 AND answer = ?7",
		                             "ntttttn", q->seq, q->text, q->options[0], q->options[1],
		                             q->options[2], q->options[3], q->answer),
		                 SQLITE_OK);
		if (found != 1)
			fail_msg("line %d of the file is not in the bank: %s", qf.lines[i], q->text);
	}
	for (int seq = 1; seq <= CHECKPOINTS; seq++)
		assert_true(per_checkpoint[seq] >= 10);
	assert_int_equal(db_int(f->db, -1, "SELECT count(*) FROM quiz_questions WHERE activity_id = 1"), (int64_t)qf.n);
	quiz_file_free(&qf);
	buf_free(&errors);
	free(data);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(every_question_is_given_once_before_any_twice, scratch_users_setup,
		                                scratch_users_teardown),
		cmocka_unit_test_setup_teardown(only_questions_in_use_are_drawn, scratch_users_setup, scratch_users_teardown),
		cmocka_unit_test_setup_teardown(an_answer_closes_the_question_and_a_wrong_one_starts_the_wait,
		                                scratch_users_setup, scratch_users_teardown),
		cmocka_unit_test(a_good_file_reads_with_its_quoting),
		cmocka_unit_test(every_bad_line_is_named_and_the_file_refused),
		cmocka_unit_test_setup_teardown(the_default_bank_is_the_shipped_file, scratch_users_setup,
		                                scratch_users_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
