/* lib/store/store_rate_limits: per-participant windows on the requests that
 * call WeChat, on a real migrated database. */
#include "db.h"
#include "migrate.h"
#include "store_rate_limits.h"

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

#define T0 INT64_C(1561000000)   /* 2019-06-20T11:06:40+08:00 */


/* One request: 0 when counted, else the instant its window closes. */
static int64_t take(struct scratch_users *f, enum rate_action action, int64_t user, int64_t now)
{
	int64_t retry_at = -1;
	assert_int_equal(store_rate_limit_take(f->db, action, user, now, &retry_at), SQLITE_OK);
	return retry_at;
}

static void the_limits_are_named_once(void **state)
{
	(void)state;
	const struct rate_limit *team = rate_limit_of(RATE_TEAM_CREATE);
	const struct rate_limit *post = rate_limit_of(RATE_ANNOUNCEMENT_POST);
	assert_string_equal(team->action, "team_create");
	assert_int_equal(team->max, RATE_TEAM_CREATE_MAX);
	assert_int_equal(team->window_s, RATE_TEAM_CREATE_WINDOW_S);
	assert_string_equal(post->action, "announcement_post");
	assert_int_equal(post->max, RATE_ANNOUNCEMENT_POST_MAX);
	assert_int_equal(post->window_s, RATE_ANNOUNCEMENT_POST_WINDOW_S);
}

/* max requests pass in a window opened by the first; the next is refused
 * until the window closes, uncounted; then a new window opens. */
static void a_full_window_refuses_until_it_closes(void **state)
{
	struct scratch_users *f = *state;
	const int max = RATE_ANNOUNCEMENT_POST_MAX, window = RATE_ANNOUNCEMENT_POST_WINDOW_S;
	for (int i = 0; i < max; i++)
		assert_int_equal(take(f, RATE_ANNOUNCEMENT_POST, 1, T0 + i * 60), 0);
	assert_int_equal(take(f, RATE_ANNOUNCEMENT_POST, 1, T0 + max * 60), T0 + window);
	assert_int_equal(take(f, RATE_ANNOUNCEMENT_POST, 1, T0 + window - 1), T0 + window);
	/* A refusal writes nothing. */
	assert_int_equal(db_int(f->db, -1, "SELECT used FROM rate_limits WHERE user_id = 1"), max);
	/* Another participant, and another action of the same one, have their own windows. */
	assert_int_equal(take(f, RATE_ANNOUNCEMENT_POST, 2, T0 + 100), 0);
	assert_int_equal(take(f, RATE_TEAM_CREATE, 1, T0 + 100), 0);
	/* The window closes: a new one opens at the next request. */
	assert_int_equal(take(f, RATE_ANNOUNCEMENT_POST, 1, T0 + window), 0);
	assert_int_equal(db_int(f->db, -1, "SELECT used FROM rate_limits WHERE user_id = 1 AND action = "
	                                   "'announcement_post'"), 1);
	assert_int_equal(db_int(f->db, -1, "SELECT window_start FROM rate_limits WHERE user_id = 1 AND action = "
	                                   "'announcement_post'"), T0 + window);
}

/* Requests spread over more than a window never fill one: the window is
 * counted from its first request, not from the first ever. */
static void spread_requests_are_never_refused(void **state)
{
	struct scratch_users *f = *state;
	const int max = RATE_TEAM_CREATE_MAX, window = RATE_TEAM_CREATE_WINDOW_S;
	int64_t t = T0;
	for (int i = 0; i < 3 * max; i++) {
		assert_int_equal(take(f, RATE_TEAM_CREATE, 1, t), 0);
		t += window / (max - 1) + 1;
	}
}

/* A clock set back before the window's start (dev and test modes) opens a
 * new window rather than refusing for longer than one. */
static void a_clock_set_back_opens_a_new_window(void **state)
{
	struct scratch_users *f = *state;
	for (int i = 0; i < RATE_TEAM_CREATE_MAX; i++)
		assert_int_equal(take(f, RATE_TEAM_CREATE, 1, T0), 0);
	assert_int_equal(take(f, RATE_TEAM_CREATE, 1, T0), T0 + RATE_TEAM_CREATE_WINDOW_S);
	assert_int_equal(take(f, RATE_TEAM_CREATE, 1, T0 - 86400), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(the_limits_are_named_once),
		cmocka_unit_test_setup_teardown(a_full_window_refuses_until_it_closes, scratch_users_setup, scratch_users_teardown),
		cmocka_unit_test_setup_teardown(spread_requests_are_never_refused, scratch_users_setup, scratch_users_teardown),
		cmocka_unit_test_setup_teardown(a_clock_set_back_opens_a_new_window, scratch_users_setup, scratch_users_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
