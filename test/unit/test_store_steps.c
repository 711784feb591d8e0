/* store_steps_cumulative(): the nightly total (user_totals, as of the last day
 * that counted) plus the days after it, which must equal the sum over every
 * day that the rules count — and must not count a day twice.  A real SQLite
 * file per test (scratch_users: users 1 and 2, the reference activity 1,
 * 2019-07-01 to 2019-10-08, daily cap 10,000). */
#include "calendar.h"
#include "db.h"
#include "store_activity.h"
#include "store_steps.h"

#include "scratch_db.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

static void day_row(struct db *db, int64_t user, const char *day, int64_t raw, int settled)
{
	assert_int_equal(db_execf(db, "INSERT INTO daily_steps (activity_id, user_id, day, raw_steps, settled,"
	                              " first_sync_at, last_sync_at) VALUES (1, ?1, ?2, ?3, ?4, 0, 0)",
	                          "itin", user, day, raw, settled), SQLITE_OK);
}

static void nightly_total(struct db *db, int64_t user, int64_t cumulative, const char *as_of)
{
	assert_int_equal(db_execf(db, "INSERT INTO user_totals (activity_id, user_id, union_code, cumulative, as_of)"
	                              " VALUES (1, ?1, 'u01', ?2, ?3)", "iit", user, cumulative, as_of),
	                 SQLITE_OK);
}

static int64_t cumulative_of(struct db *db, int64_t user)
{
	struct activity a;
	assert_int_equal(store_activity_load(db, 1, &a), SQLITE_OK);
	int64_t total = -1;
	assert_int_equal(store_steps_cumulative(db, &a.rules, 1, user, &total), SQLITE_OK);
	return total;
}

/* Three settled days (12,000 capped to 10,000; one unsettled day counts
 * nothing), then today, settled at 20:00 but not yet by the night. */
static void history(struct db *db, int64_t user)
{
	day_row(db, user, "2019-07-01", 12000, 1);
	day_row(db, user, "2019-07-02", 5000, 0);
	day_row(db, user, "2019-07-03", 7000, 1);
	day_row(db, user, "2019-07-04", 0, 1);
	day_row(db, user, "2019-07-05", 3000, 1);
}

static void before_any_settlement_every_day_is_summed(void **state)
{
	struct scratch_users *f = *state;
	history(f->db, 1);
	assert_int_equal(cumulative_of(f->db, 1), 10000 + 7000 + 3000);
}

static void the_nightly_total_stands_for_the_days_up_to_its_as_of(void **state)
{
	struct scratch_users *f = *state;
	history(f->db, 1);
	/* As the settlement of 07-04 leaves it: 07-04 counted nothing, so as_of
	 * stayed at 07-03. */
	nightly_total(f->db, 1, 17000, "2019-07-03");
	assert_int_equal(cumulative_of(f->db, 1), 17000 + 3000);
	/* The total is the settlement's word for its days, which are not re-read. */
	assert_int_equal(db_execf(f->db, "UPDATE user_totals SET cumulative = 16000 WHERE user_id = 1", ""), SQLITE_OK);
	assert_int_equal(cumulative_of(f->db, 1), 16000 + 3000);
}

static void a_total_with_no_later_day_is_the_whole_sum(void **state)
{
	struct scratch_users *f = *state;
	history(f->db, 1);
	nightly_total(f->db, 1, 20000, "2019-07-05");
	assert_int_equal(cumulative_of(f->db, 1), 20000);
	/* Another user's rows are nobody else's. */
	assert_int_equal(cumulative_of(f->db, 2), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(before_any_settlement_every_day_is_summed, scratch_users_setup,
		                                scratch_users_teardown),
		cmocka_unit_test_setup_teardown(the_nightly_total_stands_for_the_days_up_to_its_as_of,
		                                scratch_users_setup, scratch_users_teardown),
		cmocka_unit_test_setup_teardown(a_total_with_no_later_day_is_the_whole_sum, scratch_users_setup,
		                                scratch_users_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
