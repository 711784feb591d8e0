/* lib/store/store_werun_flags: refused WeRun payloads counted, rationed and
 * flagged (RULES §14), on a real migrated database. */
#include "db.h"
#include "migrate.h"
#include "store_werun_flags.h"

#include "scratch_db.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define ACTIVITY 1
#define T0 INT64_C(1562328600)   /* 2019-07-05T20:10:00+08:00 */


static int64_t blocked_until(struct scratch_users *f, int64_t user, int64_t now)
{
	int64_t until = -1;
	assert_int_equal(store_werun_blocked_until(f->db, ACTIVITY, user, now, &until), SQLITE_OK);
	return until;
}

static void refuse(struct scratch_users *f, int64_t user, const char *reason, int64_t now)
{
	assert_int_equal(store_werun_refusal(f->db, ACTIVITY, user, reason, now), SQLITE_OK);
}

static struct werun_flag flag_of(struct scratch_users *f, int64_t user)
{
	struct werun_flag flag;
	assert_int_equal(store_werun_flag_get(f->db, ACTIVITY, user, &flag), SQLITE_OK);
	return flag;
}

/* The limit-th refusal in a window blocks until the window ends and flags;
 * the one before does neither. */
static void a_full_window_blocks_and_flags(void **state)
{
	struct scratch_users *f = *state;
	struct werun_flag flag;
	assert_int_equal(store_werun_flag_get(f->db, ACTIVITY, 1, &flag), DB_NOTFOUND);
	assert_int_equal(blocked_until(f, 1, T0), 0);
	for (int i = 0; i < WERUN_REFUSAL_LIMIT - 1; i++)
		refuse(f, 1, i ? "werun_undecryptable: duplicate key" : "werun_stale: watermark timestamp", T0 + i);
	assert_int_equal(blocked_until(f, 1, T0 + 100), 0);
	flag = flag_of(f, 1);
	assert_int_equal(flag.refusals, WERUN_REFUSAL_LIMIT - 1);
	assert_int_equal(flag.first_at, T0);
	assert_int_equal(flag.last_at, T0 + WERUN_REFUSAL_LIMIT - 2);
	assert_string_equal(flag.last_reason, "werun_undecryptable: duplicate key");
	assert_int_equal(flag.flagged_at, 0);

	refuse(f, 1, "werun_undecryptable: number form", T0 + 100);
	flag = flag_of(f, 1);
	assert_int_equal(flag.window_refusals, WERUN_REFUSAL_LIMIT);
	assert_int_equal(flag.flagged_at, T0 + 100);
	assert_string_equal(flag.last_reason, "werun_undecryptable: number form");
	assert_int_equal(blocked_until(f, 1, T0 + 100), T0 + WERUN_REFUSAL_WINDOW_S);
	assert_int_equal(blocked_until(f, 1, T0 + WERUN_REFUSAL_WINDOW_S - 1), T0 + WERUN_REFUSAL_WINDOW_S);
	assert_int_equal(blocked_until(f, 1, T0 + WERUN_REFUSAL_WINDOW_S), 0);
	/* Another participant is not concerned. */
	assert_int_equal(blocked_until(f, 2, T0 + 100), 0);
	assert_int_equal(store_werun_flag_get(f->db, ACTIVITY, 2, &flag), DB_NOTFOUND);

	/* After the window a new one opens; the total and the flag stay. */
	refuse(f, 1, "werun_bad_iv: bad iv", T0 + WERUN_REFUSAL_WINDOW_S);
	flag = flag_of(f, 1);
	assert_int_equal(flag.refusals, WERUN_REFUSAL_LIMIT + 1);
	assert_int_equal(flag.window_start, T0 + WERUN_REFUSAL_WINDOW_S);
	assert_int_equal(flag.window_refusals, 1);
	assert_int_equal(flag.flagged_at, T0 + 100);
	assert_int_equal(flag.first_at, T0);
	assert_int_equal(blocked_until(f, 1, T0 + WERUN_REFUSAL_WINDOW_S), 0);
}

/* Refusals paced below the limit still flag once they add up. */
static void refusals_paced_below_the_limit_flag_in_the_end(void **state)
{
	struct scratch_users *f = *state;
	int64_t t = T0;
	for (int i = 1; i <= WERUN_FLAG_TOTAL; i++) {
		refuse(f, 2, "werun_undecryptable: syntax", t);
		assert_int_equal(blocked_until(f, 2, t), 0);
		struct werun_flag flag = flag_of(f, 2);
		assert_int_equal(flag.refusals, i);
		assert_int_equal(flag.flagged_at, i == WERUN_FLAG_TOTAL ? t : 0);
		t += WERUN_REFUSAL_WINDOW_S / (WERUN_REFUSAL_LIMIT - 1) + 1;   /* never a full window */
	}
}

/* A clock set back before the window's start (dev and test modes) neither
 * blocks for longer than a window nor counts into the old one. */
static void a_clock_set_back_opens_a_new_window(void **state)
{
	struct scratch_users *f = *state;
	for (int i = 0; i < WERUN_REFUSAL_LIMIT; i++)
		refuse(f, 1, "werun_stale: watermark timestamp", T0);
	assert_int_equal(blocked_until(f, 1, T0), T0 + WERUN_REFUSAL_WINDOW_S);
	int64_t earlier = T0 - 86400;
	assert_int_equal(blocked_until(f, 1, earlier), 0);
	refuse(f, 1, "werun_stale: watermark timestamp", earlier);
	struct werun_flag flag = flag_of(f, 1);
	assert_int_equal(flag.window_start, earlier);
	assert_int_equal(flag.window_refusals, 1);
	assert_int_equal(blocked_until(f, 1, earlier), 0);
}

static void long_reasons_are_cut(void **state)
{
	struct scratch_users *f = *state;
	char reason[200];
	memset(reason, 'r', sizeof reason - 1);
	reason[sizeof reason - 1] = '\0';
	refuse(f, 1, reason, T0);
	struct werun_flag flag = flag_of(f, 1);
	assert_int_equal(strlen(flag.last_reason), WERUN_REASON_MAX);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(a_full_window_blocks_and_flags, scratch_users_setup, scratch_users_teardown),
		cmocka_unit_test_setup_teardown(refusals_paced_below_the_limit_flag_in_the_end, scratch_users_setup, scratch_users_teardown),
		cmocka_unit_test_setup_teardown(a_clock_set_back_opens_a_new_window, scratch_users_setup, scratch_users_teardown),
		cmocka_unit_test_setup_teardown(long_reasons_are_cut, scratch_users_setup, scratch_users_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
