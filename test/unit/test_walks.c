/* Themed walks: the plan's rules edge by edge, and against a scratch
 * database who may see a walk, the nightly fold of both goal kinds (figures
 * worked out by hand below), late joining, the rerun that changes nothing,
 * the freeze, the board's shared ranks, and the certificate image. */
#include "calendar.h"
#include "db.h"
#include "media_certificate.h"
#include "media_header.h"
#include "media_image.h"
#include "rules_walk.h"
#include "store_activity.h"
#include "store_walks.h"

#include "scratch_db.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static int32_t day_of(const char *text)
{
	int32_t d;
	assert_true(cal_parse_day(text, &d));
	return d;
}

/* ---------------------------------------------------------------- rules */

static struct activity_rules plan_rules(void)
{
	struct activity_rules r = { 0 };
	r.first_day = day_of("2019-07-01");
	r.last_day = day_of("2019-10-08");
	r.daily_cap = 10000;
	return r;
}

static enum rules_walk_fault check(const char *first, const char *last, enum rules_walk_goal g, int64_t steps,
                                   int64_t days, const char *today)
{
	struct activity_rules r = plan_rules();
	struct rules_walk_plan p = { day_of(first), day_of(last), g, steps, days };
	return rules_walk_plan_check(&r, &p, day_of(today));
}

static void plans_stay_inside_the_activity_and_start_tomorrow_at_the_earliest(void **state)
{
	(void)state;
	assert_int_equal(check("2019-07-02", "2019-07-10", RULES_WALK_TOTAL, 50000, 0, "2019-07-01"), RULES_WALK_OK);
	/* today, and earlier, are too soon */
	assert_int_equal(check("2019-07-01", "2019-07-10", RULES_WALK_TOTAL, 50000, 0, "2019-07-01"),
	                 RULES_WALK_BAD_FIRST_DAY);
	assert_int_equal(check("2019-06-30", "2019-07-10", RULES_WALK_TOTAL, 50000, 0, "2019-06-20"),
	                 RULES_WALK_BAD_FIRST_DAY);
	assert_int_equal(check("2019-07-01", "2019-07-10", RULES_WALK_TOTAL, 50000, 0, "2019-06-30"), RULES_WALK_OK);
	assert_int_equal(check("2019-10-09", "2019-10-09", RULES_WALK_TOTAL, 5000, 0, "2019-07-01"),
	                 RULES_WALK_BAD_FIRST_DAY);
	assert_int_equal(check("2019-10-08", "2019-10-08", RULES_WALK_TOTAL, 5000, 0, "2019-07-01"), RULES_WALK_OK);
	assert_int_equal(check("2019-07-05", "2019-07-04", RULES_WALK_TOTAL, 5000, 0, "2019-07-01"),
	                 RULES_WALK_BAD_LAST_DAY);
	assert_int_equal(check("2019-07-05", "2019-10-09", RULES_WALK_TOTAL, 5000, 0, "2019-07-01"),
	                 RULES_WALK_BAD_LAST_DAY);
	/* total: at most the cap on each of its days (10 days: 100,000) */
	assert_int_equal(check("2019-07-02", "2019-07-11", RULES_WALK_TOTAL, 100000, 0, "2019-07-01"), RULES_WALK_OK);
	assert_int_equal(check("2019-07-02", "2019-07-11", RULES_WALK_TOTAL, 100001, 0, "2019-07-01"),
	                 RULES_WALK_BAD_GOAL_STEPS);
	assert_int_equal(check("2019-07-02", "2019-07-11", RULES_WALK_TOTAL, 0, 0, "2019-07-01"),
	                 RULES_WALK_BAD_GOAL_STEPS);
	/* days: a daily count the cap allows, on at most every day of the walk */
	assert_int_equal(check("2019-07-02", "2019-07-11", RULES_WALK_DAYS, 10000, 10, "2019-07-01"), RULES_WALK_OK);
	assert_int_equal(check("2019-07-02", "2019-07-11", RULES_WALK_DAYS, 10001, 10, "2019-07-01"),
	                 RULES_WALK_BAD_GOAL_STEPS);
	assert_int_equal(check("2019-07-02", "2019-07-11", RULES_WALK_DAYS, 8000, 11, "2019-07-01"),
	                 RULES_WALK_BAD_GOAL_DAYS);
	assert_int_equal(check("2019-07-02", "2019-07-11", RULES_WALK_DAYS, 8000, 0, "2019-07-01"),
	                 RULES_WALK_BAD_GOAL_DAYS);
	assert_string_equal(rules_walk_fault_field(RULES_WALK_BAD_GOAL_DAYS), "goal.days");
}

static void late_joiners_count_from_the_day_they_join(void **state)
{
	(void)state;
	struct rules_walk_plan p = { day_of("2019-07-10"), day_of("2019-07-20"), RULES_WALK_TOTAL, 1, 0 };
	assert_int_equal(rules_walk_join_from(&p, day_of("2019-07-01")), day_of("2019-07-10"));
	assert_int_equal(rules_walk_join_from(&p, day_of("2019-07-10")), day_of("2019-07-10"));
	assert_int_equal(rules_walk_join_from(&p, day_of("2019-07-15")), day_of("2019-07-15"));
	assert_int_equal(rules_walk_join_from(&p, day_of("2019-07-20")), day_of("2019-07-20"));
	assert_int_equal(rules_walk_join_from(&p, day_of("2019-07-21")), -1);
	assert_true(rules_walk_plan_editable(&p, day_of("2019-07-09")));
	assert_false(rules_walk_plan_editable(&p, day_of("2019-07-10")));
	assert_string_equal(rules_walk_phase_name(rules_walk_phase(&p, day_of("2019-07-09"), false)), "upcoming");
	assert_string_equal(rules_walk_phase_name(rules_walk_phase(&p, day_of("2019-07-20"), false)), "running");
	assert_string_equal(rules_walk_phase_name(rules_walk_phase(&p, day_of("2019-07-21"), false)), "ended");
	assert_string_equal(rules_walk_phase_name(rules_walk_phase(&p, day_of("2019-07-15"), true)), "cancelled");
}

/* ---------------------------------------------------------------- store */

struct fixture {
	char path[128];
	struct db *db;
	struct activity a;
};

/* Users 1–6: 1, 2, 3 and 6 of xa's 甲厂, 4 of xa's 乙厂, 5 of bj's 甲厂. */
static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof *f);
	scratch_db_open(f->path, sizeof f->path, &f->db, "walks", 1000, true);
	assert_int_equal(store_activity_load(f->db, 1, &f->a), SQLITE_OK);
	assert_int_equal(db_exec(f->db, "INSERT INTO users (id, openid, session_key, created_at, last_login_at)"
	                                " WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 6)"
	                                " SELECT i, 'o' || i, 'k', 0, 0 FROM n;"
	                                "INSERT INTO enrollments (activity_id, user_id, name, mobile, region_code,"
	                                " union_code, unit, department, created_at, updated_at)"
	                                " SELECT 1, id, '张' || id, '13800000000', 'xa', CASE id WHEN 5 THEN 'bj'"
	                                " ELSE 'xa' END, CASE id WHEN 4 THEN '乙厂' ELSE '甲厂' END, 'd', 0, 0 FROM users"),
	                 SQLITE_OK);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	scratch_db_close(f->db, f->path);
	free(f);
	return 0;
}

static int64_t make_walk(struct fixture *f, const char *union_code, const char *first, const char *last,
                         enum rules_walk_goal g, int64_t steps, int64_t days, const char *const *units, int nunits)
{
	struct walk w = { .activity_id = 1, .plan = { day_of(first), day_of(last), g, steps, days }, .created_by = 1 };
	snprintf(w.union_code, sizeof w.union_code, "%s", union_code);
	snprintf(w.name, sizeof w.name, "健步走%s", first);
	int64_t id = 0;
	assert_int_equal(store_walk_insert(f->db, &w, units, nunits, &id), SQLITE_OK);
	return id;
}

static void join(struct fixture *f, int64_t wid, int64_t user, const char *from)
{
	bool joined = false;
	assert_int_equal(store_walk_join(f->db, wid, user, 0, day_of(from), &joined), SQLITE_OK);
	assert_true(joined);
}

static void steps(struct fixture *f, int64_t user, const char *day, int64_t raw, int settled)
{
	assert_int_equal(db_execf(f->db, "INSERT INTO daily_steps (activity_id, user_id, day, raw_steps, settled,"
	                                 " first_sync_at, last_sync_at) VALUES (1, ?1, ?2, ?3, ?4, 0, 0)",
	                          "itin", user, day, raw, settled),
	                 SQLITE_OK);
}

static int64_t fold(struct fixture *f, const char *day)
{
	int64_t rows = -1, frozen = -1;
	assert_int_equal(store_walks_fold_day(f->db, 1, day, 10000, 1, 6, &rows), SQLITE_OK);
	assert_int_equal(store_walks_freeze(f->db, 1, day, 1000, &frozen), SQLITE_OK);
	return rows;
}

static struct walk_progress progress(struct fixture *f, int64_t wid, int64_t user)
{
	struct walk_progress p;
	assert_int_equal(store_walk_progress(f->db, wid, user, &p), SQLITE_OK);
	return p;
}

static void count_open(const struct walk *w, bool joined, void *arg)
{
	(void)w;
	(void)joined;
	(*(int *)arg)++;
}

static int open_walks(struct fixture *f, int64_t user, const char *union_code, const char *unit)
{
	int n = 0;
	assert_int_equal(store_walks_open_to(f->db, 1, user, union_code, unit, count_open, &n), SQLITE_OK);
	return n;
}

static void a_walk_is_open_to_its_union_and_units_only(void **state)
{
	struct fixture *f = *state;
	const char *units[] = { "甲厂" };
	int64_t unit_walk = make_walk(f, "xa", "2019-07-02", "2019-07-04", RULES_WALK_TOTAL, 1000, 0, units, 1);
	make_walk(f, "xa", "2019-07-02", "2019-07-04", RULES_WALK_TOTAL, 1000, 0, NULL, 0);   /* all of xa */
	make_walk(f, "", "2019-07-02", "2019-07-04", RULES_WALK_TOTAL, 1000, 0, NULL, 0);     /* the province */
	assert_int_equal(open_walks(f, 1, "xa", "甲厂"), 3);
	assert_int_equal(open_walks(f, 4, "xa", "乙厂"), 2);
	assert_int_equal(open_walks(f, 5, "bj", "甲厂"), 1);   /* the same unit's name in another union */
	/* cancelled: gone, but for those who joined it */
	join(f, unit_walk, 1, "2019-07-02");
	assert_int_equal(store_walk_cancel(f->db, unit_walk, "天气原因", 5), SQLITE_OK);
	assert_int_equal(open_walks(f, 1, "xa", "甲厂"), 3);
	assert_int_equal(open_walks(f, 6, "xa", "甲厂"), 2);
}

/*
 * Goal 'total' 25,000 over 07-02…07-04, cap 10,000:
 *   user 1 (from 07-02): 07-01 8,000 (before the walk), 07-02 12,000 → 10,000,
 *     07-03 9,000, 07-04 7,000: 10,000 + 9,000 + 7,000 = 26,000, reached on
 *     07-04 (19,000 < 25,000 after 07-03); 3 active days.
 *   user 2 (joined late, from 07-03): 07-02 10,000 not counted, 07-03 5,000,
 *     07-04 9,000 not settled (0): 5,000.
 *   user 3 (from 07-02): 07-03 10,000 unsettled: 0, and 0 active days.
 */
static void total_goal_counts_settled_capped_steps_from_the_joining_day(void **state)
{
	struct fixture *f = *state;
	int64_t wid = make_walk(f, "xa", "2019-07-02", "2019-07-04", RULES_WALK_TOTAL, 25000, 0, NULL, 0);
	join(f, wid, 1, "2019-07-02");
	join(f, wid, 2, "2019-07-03");
	join(f, wid, 3, "2019-07-02");
	steps(f, 1, "2019-07-01", 8000, 1);
	steps(f, 1, "2019-07-02", 12000, 1);
	steps(f, 1, "2019-07-03", 9000, 1);
	steps(f, 1, "2019-07-04", 7000, 1);
	steps(f, 2, "2019-07-02", 10000, 1);
	steps(f, 2, "2019-07-03", 5000, 1);
	steps(f, 2, "2019-07-04", 9000, 0);
	steps(f, 3, "2019-07-03", 10000, 0);
	assert_int_equal(fold(f, "2019-07-01"), 0);   /* before the walk */
	assert_int_equal(fold(f, "2019-07-02"), 1);   /* user 1 only: 2 joined later, 3 has no row */
	assert_int_equal(fold(f, "2019-07-03"), 2);   /* users 1 and 2: 3's day is not settled */
	struct walk_progress p = progress(f, wid, 1);
	assert_int_equal(p.steps, 19000);
	assert_string_equal(p.finished_day, "");
	assert_int_equal(fold(f, "2019-07-04"), 1);
	p = progress(f, wid, 1);
	assert_int_equal(p.steps, 26000);
	assert_int_equal(p.active_days, 3);
	assert_string_equal(p.finished_day, "2019-07-04");
	assert_string_equal(p.as_of, "2019-07-04");
	p = progress(f, wid, 2);
	assert_int_equal(p.steps, 5000);
	assert_int_equal(p.active_days, 1);
	assert_string_equal(p.from_day, "2019-07-03");
	assert_string_equal(p.finished_day, "");
	p = progress(f, wid, 3);
	assert_int_equal(p.steps, 0);
	assert_int_equal(p.active_days, 0);
	struct walk_counts c;
	assert_int_equal(store_walk_counts(f->db, wid, &c), SQLITE_OK);
	assert_int_equal(c.joined, 3);
	assert_int_equal(c.active, 2);
	assert_int_equal(c.finished, 1);
}

/*
 * Goal 'days': 2 days at or above 8,000 over 07-02…07-05.  User 1: 07-02
 * 8,000 (good: at the count counts), 07-03 7,999 (not), 07-04 12,000 (good:
 * 10,000) → reached on 07-04 with 2 good days; 07-05 9,000 makes 3 good
 * days, and the day reached stays 07-04.  Steps: 8,000 + 7,999 + 10,000 +
 * 9,000 = 34,999.
 */
static void days_goal_counts_days_at_or_above_the_daily_count(void **state)
{
	struct fixture *f = *state;
	int64_t wid = make_walk(f, "xa", "2019-07-02", "2019-07-05", RULES_WALK_DAYS, 8000, 2, NULL, 0);
	join(f, wid, 1, "2019-07-02");
	steps(f, 1, "2019-07-02", 8000, 1);
	steps(f, 1, "2019-07-03", 7999, 1);
	steps(f, 1, "2019-07-04", 12000, 1);
	steps(f, 1, "2019-07-05", 9000, 1);
	fold(f, "2019-07-02");
	fold(f, "2019-07-03");
	struct walk_progress p = progress(f, wid, 1);
	assert_int_equal(p.good_days, 1);
	assert_string_equal(p.finished_day, "");
	fold(f, "2019-07-04");
	p = progress(f, wid, 1);
	assert_int_equal(p.good_days, 2);
	assert_string_equal(p.finished_day, "2019-07-04");
	fold(f, "2019-07-05");
	p = progress(f, wid, 1);
	assert_int_equal(p.good_days, 3);
	assert_int_equal(p.steps, 34999);
	assert_string_equal(p.finished_day, "2019-07-04");
}

static void a_rerun_changes_nothing_and_an_ended_walk_is_frozen(void **state)
{
	struct fixture *f = *state;
	int64_t wid = make_walk(f, "xa", "2019-07-02", "2019-07-03", RULES_WALK_TOTAL, 5000, 0, NULL, 0);
	join(f, wid, 1, "2019-07-02");
	steps(f, 1, "2019-07-02", 6000, 1);
	steps(f, 1, "2019-07-03", 4000, 1);
	assert_int_equal(fold(f, "2019-07-02"), 1);
	assert_int_equal(fold(f, "2019-07-02"), 0);   /* the rerun */
	assert_int_equal(progress(f, wid, 1).steps, 6000);
	struct walk w;
	assert_int_equal(store_walk_get(f->db, 1, wid, &w), SQLITE_OK);
	assert_int_equal(w.frozen_at, 0);
	int64_t rows, frozen;
	assert_int_equal(store_walks_fold_day(f->db, 1, "2019-07-03", 10000, 2, 6, &rows), SQLITE_OK);
	assert_int_equal(rows, 0);   /* user 1 is outside the range */
	assert_int_equal(store_walks_fold_day(f->db, 1, "2019-07-03", 10000, 1, 1, &rows), SQLITE_OK);
	assert_int_equal(rows, 1);
	assert_int_equal(store_walks_freeze(f->db, 1, "2019-07-03", 777, &frozen), SQLITE_OK);
	assert_int_equal(frozen, 1);
	assert_int_equal(store_walk_get(f->db, 1, wid, &w), SQLITE_OK);
	assert_int_equal(w.frozen_at, 777);
	assert_int_equal(progress(f, wid, 1).steps, 10000);
	/* Frozen: even a row left unfolded (as_of cleared by hand) no longer moves. */
	assert_int_equal(db_exec(f->db, "UPDATE walk_joins SET as_of = NULL"), SQLITE_OK);
	assert_int_equal(fold(f, "2019-07-03"), 0);
	assert_int_equal(progress(f, wid, 1).steps, 10000);
	assert_string_equal(progress(f, wid, 1).finished_day, "2019-07-02");
}

struct board {
	int64_t rank[8], user[8];
	int n;
};

static void board_row(const struct walk_board_row *row, void *arg)
{
	struct board *b = arg;
	b->rank[b->n] = row->rank;
	b->user[b->n++] = row->user_id;
}

static void equal_steps_share_a_rank_on_the_board(void **state)
{
	struct fixture *f = *state;
	int64_t wid = make_walk(f, "xa", "2019-07-02", "2019-07-02", RULES_WALK_TOTAL, 9000, 0, NULL, 0);
	int64_t raw[] = { 0, 7000, 9000, 9000, 3000 };
	for (int u = 1; u <= 4; u++) {
		join(f, wid, u, "2019-07-02");
		steps(f, u, "2019-07-02", raw[u], 1);
	}
	fold(f, "2019-07-02");
	struct board b = { 0 };
	int64_t total = 0;
	assert_int_equal(store_walk_board(f->db, wid, 0, 10, &total, board_row, &b), SQLITE_OK);
	assert_int_equal(total, 4);
	assert_int_equal(b.n, 4);
	assert_int_equal(b.user[0], 2);
	assert_int_equal(b.rank[0], 1);
	assert_int_equal(b.user[1], 3);
	assert_int_equal(b.rank[1], 1);
	assert_int_equal(b.user[2], 1);
	assert_int_equal(b.rank[2], 3);
	assert_int_equal(b.rank[3], 4);
	assert_int_equal(progress(f, wid, 3).rank, 1);
	assert_int_equal(progress(f, wid, 1).rank, 3);
	/* a page further down keeps the ranks of the whole board */
	struct board page = { 0 };
	assert_int_equal(store_walk_board(f->db, wid, 1, 2, &total, board_row, &page), SQLITE_OK);
	assert_int_equal(page.n, 2);
	assert_int_equal(page.rank[0], 1);
	assert_int_equal(page.rank[1], 3);
}

/* ---------------------------------------------------------------- certificate */

static void the_certificate_is_a_jpeg_with_every_glyph(void **state)
{
	(void)state;
	struct rules_walk_plan plan = { day_of("2019-07-02"), day_of("2019-07-21"), RULES_WALK_DAYS, 8000, 20 };
	struct certificate_text t = { .walk = "喜迎国庆·秦岭绿道健步走", .name = "欧阳明月", .union_name = "西安市总工会",
	                              .date = "2019年7月21日", .plan = &plan, .steps = 183456, .days = 20 };
	uint8_t *jpeg = NULL;
	size_t len = 0;
	int missing = -1;
	assert_int_equal(media_certificate(&t, &jpeg, &len, &missing), 0);
	assert_int_equal(missing, 0);   /* every character drawn by a real font, no boxes */
	assert_true(len > 20 * 1024 && len < 500 * 1024);
	struct media_header h;
	assert_int_equal(media_read_header(jpeg, len, &h), MEDIA_HEADER_OK);
	assert_int_equal(h.format, MEDIA_JPEG);
	assert_int_equal(h.width, CERTIFICATE_WIDTH);
	assert_int_equal(h.height, CERTIFICATE_HEIGHT);
	struct media_image img;
	assert_int_equal(media_decode(jpeg, len, &img), MEDIA_DECODE_OK);
	assert_int_equal(img.width, CERTIFICATE_WIDTH);
	media_image_free(&img);
	char goal[128];
	media_certificate_goal(&plan, goal, sizeof goal);
	assert_string_equal(goal, "20天每天8,000步以上");
	mkdir("test-out", 0755);
	assert_true(mkdir("test-out/walks", 0755) == 0 || errno == EEXIST);
	FILE *out = fopen("test-out/walks/certificate.jpg", "wb");
	assert_non_null(out);
	assert_int_equal(fwrite(jpeg, 1, len, out), len);
	fclose(out);
	free(jpeg);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(plans_stay_inside_the_activity_and_start_tomorrow_at_the_earliest),
		cmocka_unit_test(late_joiners_count_from_the_day_they_join),
		cmocka_unit_test_setup_teardown(a_walk_is_open_to_its_union_and_units_only, setup, teardown),
		cmocka_unit_test_setup_teardown(total_goal_counts_settled_capped_steps_from_the_joining_day, setup, teardown),
		cmocka_unit_test_setup_teardown(days_goal_counts_days_at_or_above_the_daily_count, setup, teardown),
		cmocka_unit_test_setup_teardown(a_rerun_changes_nothing_and_an_ended_walk_is_frozen, setup, teardown),
		cmocka_unit_test_setup_teardown(equal_steps_share_a_rank_on_the_board, setup, teardown),
		cmocka_unit_test(the_certificate_is_a_jpeg_with_every_glyph),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
