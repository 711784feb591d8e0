/*
 * The worker pools through the real stack (README "Workers"): nginx sends
 * every route of the table to the pool the table names (R_CALLS_OUT, R_MEDIA
 * and R_PAY_CLIENT to the outbound pool, /admin/ to the admin pool, the rest
 * to the participants'),
 * and a WeChat Pay that hangs holds only the outbound pool: other
 * participants' syncs keep answering at once while draws wait on their
 * transfers.  What each pool serves past nginx is t_nginx's.
 *
 * Which pool answered is the X-Walk-Pool header that every worker's answer
 * carries outside production.
 */
#include "pool.h"
#include "walker.h"
#include "worker.h"

#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static struct stack S;

#define JULY_5 1562256000L   /* 2019-07-05 00:00 +08:00, a running day */

/* How long the fake's transfers hang, how many draws wait on them, and the
 * bound on every sync meanwhile.  Four draws take the four participants'
 * workers if they are sent there: a sync then waits for a transfer, 2.5 s or
 * more, far beyond the bound; with the outbound pool a sync takes
 * milliseconds, far below it. */
enum { HANG_S = 3, DRAWS = 4, SYNC_BOUND_MS = 1000 };

static int start_stack(void **state)
{
	(void)state;
	return stack_start(&S, "pools", "WALK_WORKERS=4 WALK_OUTBOUND_WORKERS=2");
}

static int stop_stack(void **state)
{
	(void)state;
	stack_stop(&S);
	return 0;
}

static double now_ms(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec * 1e3 + (double)t.tv_nsec / 1e6;
}

/* The pool the table puts route r in. */
static const char *pool_of(const struct route *r)
{
	if (strncmp(r->pattern, "/admin/", strlen("/admin/")) == 0)
		return "admin";
	return (r->flags & POOL_OUTBOUND_FLAGS) ? "outbound" : "participants";
}

/* r's pattern with every {name} as "1", into path. */
static void concrete_path(const struct route *r, char *path, size_t size)
{
	size_t n = 0;
	for (const char *p = r->pattern; *p && n + 2 < size; p++) {
		if (*p == '{') {
			path[n++] = '1';
			p = strchr(p, '}');
			assert_non_null(p);
		} else {
			path[n++] = *p;
		}
	}
	path[n] = '\0';
}

/* Every route of the table, asked without credentials through nginx, is
 * answered by a worker of its pool.  All mismatches are listed at once. */
static void test_nginx_sends_each_route_to_its_pool(void **state)
{
	(void)state;
	char wrong[8192] = "";
	size_t len = 0;
	int asked = 0, outbound = 0;
	for (size_t i = 0; i < walk_route_count; i++) {
		const struct route *r = &walk_routes[i];
		if (strcmp(r->pattern, "/metrics") == 0)
			continue;   /* the local-only listener's, not the site's */
		char path[256], pool[32];
		concrete_path(r, path, sizeof path);
		bool has_body = strcmp(r->method, "GET") != 0 && strcmp(r->method, "DELETE") != 0;
		struct http_reply reply;
		assert_int_equal(stack_req(&reply, &S, WALK, r->method, path, has_body ? "application/json" : NULL,
		                           has_body ? "{}" : NULL, has_body ? 2 : 0, NULL), 0);
		http_header(&reply, "X-Walk-Pool", pool, sizeof pool);
		if (strcmp(pool, pool_of(r)) != 0 && len + 200 < sizeof wrong)
			len += (size_t)snprintf(wrong + len, sizeof wrong - len, "\n  %s %s: answered by \"%s\" (%ld), the table says %s",
			                        r->method, path, pool, reply.status, pool_of(r));
		http_reply_free(&reply);
		asked++;
		outbound += strcmp(pool_of(r), "outbound") == 0;
	}
	if (len)
		fail_msg("routes answered by the wrong pool:%s", wrong);
	assert_true(asked > 100);
	/* login, team, announcement, invite code, essay, draw, refresh, claim
	 * (R_CALLS_OUT); photo, certificate (R_MEDIA); pay notify (R_PAY_CLIENT) */
	assert_int_equal(outbound, 11);
}

struct drawer {
	struct walker w;
	long status;
	double done_ms;
};

static void *draw_now(void *arg)
{
	struct drawer *d = arg;
	char header[128];
	snprintf(header, sizeof header, "Idempotency-Key: pools-hang-%08ld", d->w.user_id);
	const char *headers[] = { d->w.auth, header, NULL };
	struct http_reply r;
	d->status = stack_req(&r, &S, WALK, "POST", "/api/activities/1/draws", NULL, NULL, 0, headers) == 0 ? r.status : 0;
	d->done_ms = now_ms();
	if (d->status)
		http_reply_free(&r);
	return NULL;
}

static void give_points(const struct walker *w, long points)
{
	char out[256];
	if (stack_sh(&S, out, sizeof out,
	             "sqlite3 \"$WALK_VAR/walk.db\" \"INSERT INTO ledger (activity_id, user_id, kind, ref, amount, created_at) "
	             "VALUES (1, %ld, 'adjust', '90001', %ld, %ld)\"", w->user_id, points, JULY_5) != 0)
		fail_msg("points: %s", out);
}

/* WeChat Pay hangs HANG_S on every transfer while DRAWS draws wait on it:
 * another participant's syncs, one after another meanwhile, each answer
 * within SYNC_BOUND_MS. */
static void test_a_hanging_transfer_holds_no_sync(void **state)
{
	(void)state;
	stack_clock(&S, "2019-07-05T10:00:00+08:00");   /* a running day: draws are paid */
	char out[512];
	if (stack_sh(&S, out, sizeof out, "walkctl pool set --tier 30=100") != 0)
		fail_msg("pool set: %s", out);
	static struct drawer drawers[DRAWS];
	static const char *const names[DRAWS] = { "赵一", "钱二", "孙三", "李四" };
	for (int i = 0; i < DRAWS; i++) {
		walker_person(&drawers[i].w, &S, names[i]);
		give_points(&drawers[i].w, 100);
	}
	struct walker syncer;
	walker_person(&syncer, &S, "同步者");
	/* The payload is asked of the fake before it hangs: its workers are about
	 * to be held by the transfers. */
	char body[4096];
	walker_werun(&syncer, "[{\"day\":\"2019-07-05\",\"step\":8000}]", NULL, body, sizeof body);
	char fault[128];
	snprintf(fault, sizeof fault, "{\"api\":\"transfer\",\"fault\":\"timeout\",\"seconds\":%d,\"count\":%d}",
	         HANG_S, DRAWS);
	struct http_reply r;
	assert_int_equal(stack_post(&r, &S, FAKE, "/fake/faults", fault), 0);
	expect_status(&r, 200);
	http_reply_free(&r);

	int calls_before = stack_fake_calls(&S, "transfer");
	pthread_t threads[DRAWS];
	double start = now_ms();
	for (int i = 0; i < DRAWS; i++)
		assert_int_equal(pthread_create(&threads[i], NULL, draw_now, &drawers[i]), 0);
	struct timespec settle = { 0, 300 * 1000 * 1000 };   /* the draws reach their workers */
	nanosleep(&settle, NULL);
	double slowest = 0;
	int syncs = 0;
	while (now_ms() - start < (HANG_S - 0.5) * 1e3) {
		double t0 = now_ms();
		walker_sync(&syncer, body, &r);
		double took = now_ms() - t0;
		if (r.status != 200)
			fail_msg("sync: %ld %s", r.status, r.body);
		http_reply_free(&r);
		slowest = took > slowest ? took : slowest;
		syncs++;
	}
	double syncs_done = now_ms();
	for (int i = 0; i < DRAWS; i++)
		assert_int_equal(pthread_join(threads[i], NULL), 0);
	printf("# %d syncs while %d draws hung %d s, the slowest %.0f ms\n", syncs, DRAWS, HANG_S, slowest);
	if (slowest >= SYNC_BOUND_MS)
		fail_msg("a sync took %.0f ms while the transfers hung (bound %d ms)", slowest, SYNC_BOUND_MS);
	assert_true(syncs >= 2);
	/* The draws did hang through the syncs, and were then made. */
	for (int i = 0; i < DRAWS; i++) {
		assert_int_equal(drawers[i].status, 201);
		assert_true(drawers[i].done_ms > syncs_done);
		assert_true(drawers[i].done_ms - start >= (HANG_S - 0.5) * 1e3);
	}
	assert_true(stack_fake_calls(&S, "transfer") >= calls_before + DRAWS);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_nginx_sends_each_route_to_its_pool),
		cmocka_unit_test(test_a_hanging_transfer_holds_no_sync),
	};
	return cmocka_run_group_tests(tests, start_stack, stop_stack);
}
