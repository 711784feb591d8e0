/*
 * The payouts' chaos test (WECHAT.md §6): 500 draws by 100 participants while
 * the fake WeChat Pay injects every fault at random (SYSTEM_ERROR, timeouts,
 * lost replies, FREQUENCY_LIMITED, NOT_ENOUGH, bad signatures, bills ACCEPTED
 * before they wait for the user, on transfers and queries; duplicate, out-of-order and badly signed callbacks), participants
 * confirm their transfers as they come, and the reconciler runs again and
 * again and is SIGKILLed at random moments; the server clock moves on 10
 * minutes a round so that backoffs come due.  Once quiet:
 *   - every draw has exactly one successful bill at WeChat Pay, or a payout a
 *     participant can act on;
 *   - no out_bill_no was ever sent with two different amounts;
 *   - the sum paid at WeChat Pay equals the sum drawn;
 *   - no tier went below zero, and each tier's drawn count is its draws;
 *   - every balance equals its ledger (what was granted minus 20 per draw).
 *
 * Points are given with SQL: 100 per participant, as ledger rows of kind
 * 'adjust'.  Randomness has a fixed seed, so a run is the same every time up
 * to the timing of the threads.
 */
#include "walker.h"

#include "calendar.h"

#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

enum { PEOPLE = 100, DRAWS_EACH = 5, DRAWERS = 4, POINTS = 100, DEADLINE_S = 100 };

#define START 1562292000L   /* 2019-07-05 10:00 +08:00 */

static struct stack S;
static struct walker people[PEOPLE];
static atomic_int draws_made, draws_done, kills, rounds, faults_sent;
/* The round the draws ended in: faults are injected until then; the
 * reconciler then has QUIET_AFTER rounds at least to use up what is queued. */
static atomic_int drawing_ended_round = 1 << 30;
enum { QUIET_AFTER = 4, ROUND_SECONDS = 600 };
static atomic_bool all_over;

static int start_stack(void **state)
{
	(void)state;
	if (stack_start(&S, "payouts_chaos", "WALK_WORKERS=4 WALK_PAY_TIMEOUT_MS=700 WALK_PAY_SLOW_MS=20") != 0)
		return -1;
	stack_clock(&S, "2019-07-05T10:00:00+08:00");
	return 0;
}

static int stop_stack(void **state)
{
	(void)state;
	stack_stop(&S);
	return 0;
}

static unsigned next_rand(unsigned *s)
{
	*s = *s * 1103515245u + 12345u;
	return (*s >> 16) & 0x7fff;
}

static void *drawer(void *arg)
{
	int k = (int)(intptr_t)arg;
	for (int p = k; p < PEOPLE; p += DRAWERS)
		for (int d = 0; d < DRAWS_EACH; d++) {
			char header[96];
			snprintf(header, sizeof header, "Idempotency-Key: chaos-%03d-%02d-0123456789", p, d);
			const char *headers[] = { people[p].auth, header, NULL };
			struct http_reply r;
			/* A draw whose answer was lost is sent again with its key. */
			for (int attempt = 0; attempt < 5; attempt++) {
				int sent = stack_req(&r, &S, WALK, "POST", "/api/activities/1/draws", NULL, NULL, 0, headers);
				long status = sent == 0 ? r.status : 0;
				http_reply_free(&r);
				if (status == 201)
					atomic_fetch_add(&draws_made, 1);
				if (status == 201 || status == 200)
					break;
			}
			atomic_fetch_add(&draws_done, 1);
		}
	return NULL;
}

static void *fault_injector(void *arg)
{
	(void)arg;
	static const char *const apis[] = { "transfer", "query" };
	static const char *const names[] = { "system_error", "timeout", "lost_reply", "frequency_limited",
	                                     "not_enough", "bad_signature", "accepted" };
	static const char *const callback_faults[] = { "duplicate_notify", "out_of_order_notify", "bad_signature" };
	unsigned seed = 7;
	while (atomic_load(&drawing_ended_round) == 1 << 30) {
		char body[160];
		unsigned pick = next_rand(&seed);
		if (pick % 5 == 0)
			snprintf(body, sizeof body, "{\"api\":\"notify\",\"fault\":\"%s\",\"count\":1}",
			         callback_faults[next_rand(&seed) % 3]);
		else
			snprintf(body, sizeof body, "{\"api\":\"%s\",\"fault\":\"%s\",\"count\":1,\"seconds\":1}",
			         apis[next_rand(&seed) % 2], names[next_rand(&seed) % 7]);
		struct http_reply r;
		if (stack_post(&r, &S, FAKE, "/fake/faults", body) == 0 && r.status == 200)
			atomic_fetch_add(&faults_sent, 1);
		http_reply_free(&r);
		usleep((useconds_t)(30 + next_rand(&seed) % 60) * 1000);
	}
	return NULL;
}

/* The participants confirm every transfer waiting for them. */
static void *confirmer(void *arg)
{
	(void)arg;
	while (!atomic_load(&all_over)) {
		struct http_reply r;
		int got = stack_get(&r, &S, FAKE, "/fake/pay/bills");
		if (got == 0) {
			cJSON *list = cJSON_IsArray(r.json) ? r.json : cJSON_GetObjectItem(r.json, "bills");
			const cJSON *b;
			cJSON_ArrayForEach(b, list) {
				const char *st = cJSON_GetStringValue(cJSON_GetObjectItem(b, "state"));
				const char *no = cJSON_GetStringValue(cJSON_GetObjectItem(b, "out_bill_no"));
				if (!st || !no || strcmp(st, "WAIT_USER_CONFIRM") != 0)
					continue;
				char body[96];
				snprintf(body, sizeof body, "{\"out_bill_no\":\"%s\"}", no);
				struct http_reply c;
				stack_post(&c, &S, FAKE, "/fake/pay/confirm", body);
				http_reply_free(&c);
			}
		}
		http_reply_free(&r);
		usleep(150 * 1000);
	}
	return NULL;
}

/* Payouts not final yet. */
static long open_payouts(void)
{
	return stack_sql_int(&S, "SELECT count(*) FROM payouts WHERE state IN ('paying', 'wait_confirm')");
}

/* The reconciler, round after round, some of them SIGKILLed part way; the
 * clock moves 10 minutes a round so that what backed off comes due. */
static void reconcile_until_quiet(void)
{
	unsigned seed = 11;
	time_t started = time(NULL);
	int quiet = 0;
	while (time(NULL) - started < DEADLINE_S) {
		int round = atomic_fetch_add(&rounds, 1) + 1;
		char instant[CAL_INSTANT_BUF], out[1024];
		cal_format_instant(START + round * ROUND_SECONDS, instant, sizeof instant);
		stack_clock(&S, instant);
		unsigned kill_ms = 100 + next_rand(&seed) % 1500;
		int rc = stack_sh(&S, out, sizeof out, "timeout -s KILL %u.%03us walkctl payouts reconcile",
		                  kill_ms / 1000, kill_ms % 1000);
		if (rc == 137 || rc == 128 + 9)
			atomic_fetch_add(&kills, 1);
		else if (rc != 0 && rc != 3)
			fail_msg("reconcile: exit %d: %s", rc, out);
		if (rc == 3)
			stack_sh(&S, out, sizeof out, "walkctl payouts resume");   /* the operator tops up */
		if (round > atomic_load(&drawing_ended_round) + QUIET_AFTER && open_payouts() == 0) {
			if (++quiet >= 2)
				return;
		} else {
			quiet = 0;
		}
	}
	fail_msg("not quiet after %d s: %ld payouts open", DEADLINE_S, open_payouts());
}

struct bill_seen {
	char no[40];
	long amount;
};

static void test_chaos(void **state)
{
	(void)state;
	char out[512];
	assert_int_equal(stack_sh(&S, out, sizeof out,
	                          "walkctl pool set --tier 30=250 --tier 50=150 --tier 100=80 --tier 300=20 "
	                          "--tier 500=10 --tier 1000=5 --tier 2000=3 --tier 5000=2"), 0);
	for (int i = 0; i < PEOPLE; i++) {
		static const char *const digit[] = { "零", "一", "二", "三", "四", "五", "六", "七", "八", "九" };
		char name[32];
		snprintf(name, sizeof name, "混沌%s%s%s", digit[i / 100], digit[i / 10 % 10], digit[i % 10]);
		walker_person(&people[i], &S, name);
	}
	assert_int_equal(stack_sh(&S, out, sizeof out,
	                          "sqlite3 \"$WALK_VAR/walk.db\" \"INSERT INTO ledger (activity_id, user_id, kind, ref, "
	                          "amount, created_at) SELECT 1, user_id, 'adjust', '90001', %d, %ld FROM enrollments "
	                          "WHERE activity_id = 1\"", POINTS, START), 0);
	time_t t0 = time(NULL);
	pthread_t drawers[DRAWERS], injector, confirm;
	pthread_create(&injector, NULL, fault_injector, NULL);
	pthread_create(&confirm, NULL, confirmer, NULL);
	for (int k = 0; k < DRAWERS; k++)
		pthread_create(&drawers[k], NULL, drawer, (void *)(intptr_t)k);
	/* The reconciler runs while the draws are being made (killed at 0.4 s,
	 * often mid-call), and after. */
	while (atomic_load(&draws_done) < PEOPLE * DRAWS_EACH) {
		int round = atomic_fetch_add(&rounds, 1) + 1;
		char instant[CAL_INSTANT_BUF];
		cal_format_instant(START + round * ROUND_SECONDS, instant, sizeof instant);
		stack_clock(&S, instant);
		stack_sh(&S, out, sizeof out, "timeout -s KILL 0.4s walkctl payouts reconcile");
		stack_sh(&S, out, sizeof out, "walkctl payouts resume");
	}
	for (int k = 0; k < DRAWERS; k++)
		pthread_join(drawers[k], NULL);
	atomic_store(&drawing_ended_round, atomic_load(&rounds));
	time_t t1 = time(NULL);
	reconcile_until_quiet();
	atomic_store(&all_over, true);
	time_t t2 = time(NULL);
	pthread_join(injector, NULL);
	pthread_join(confirm, NULL);

	long draws = stack_sql_int(&S, "SELECT count(*) FROM draws");
	assert_int_equal(draws, PEOPLE * DRAWS_EACH);
	assert_int_equal(atomic_load(&draws_made), PEOPLE * DRAWS_EACH);

	/* No out_bill_no sent with two amounts; every request validly signed. */
	struct http_reply r;
	assert_int_equal(stack_get(&r, &S, FAKE, "/fake/calls?api=transfer"), 0);
	int ncalls = cJSON_GetArraySize(r.json);
	struct bill_seen *seen = calloc((size_t)ncalls + 1, sizeof *seen);
	int nseen = 0;
	const cJSON *c;
	cJSON_ArrayForEach(c, r.json) {
		const char *no = cJSON_GetStringValue(cJSON_GetObjectItem(c, "out_bill_no"));
		long amount = (long)cJSON_GetNumberValue(cJSON_GetObjectItem(c, "amount"));
		assert_non_null(no);
		assert_true(cJSON_IsTrue(cJSON_GetObjectItem(c, "signature_valid")));
		int i = 0;
		while (i < nseen && strcmp(seen[i].no, no) != 0)
			i++;
		if (i == nseen) {
			snprintf(seen[nseen].no, sizeof seen[nseen].no, "%s", no);
			seen[nseen++].amount = amount;
		}
		assert_int_equal(seen[i].amount, amount);
	}
	http_reply_free(&r);

	/* Every draw: exactly one successful bill, for its amount; the sum paid
	 * is the sum drawn. */
	assert_int_equal(stack_get(&r, &S, FAKE, "/fake/pay/bills"), 0);
	cJSON *list = cJSON_IsArray(r.json) ? r.json : cJSON_GetObjectItem(r.json, "bills");
	long paid_fen = 0, drawn_fen = stack_sql_int(&S, "SELECT sum(amount_fen) FROM draws");
	int *successes = calloc(PEOPLE * DRAWS_EACH * 4 + 8, sizeof *successes);
	long max_id = stack_sql_int(&S, "SELECT max(id) FROM draws");
	assert_true(max_id < PEOPLE * DRAWS_EACH * 4);
	const cJSON *b;
	cJSON_ArrayForEach(b, list) {
		if (strcmp(cJSON_GetStringValue(cJSON_GetObjectItem(b, "state")), "SUCCESS") != 0)
			continue;
		long id = 0;
		int attempt = 0;
		assert_int_equal(sscanf(cJSON_GetStringValue(cJSON_GetObjectItem(b, "out_bill_no")), "WD%ldA%d", &id, &attempt), 2);
		successes[id]++;
		paid_fen += (long)cJSON_GetNumberValue(cJSON_GetObjectItem(b, "amount"));
	}
	http_reply_free(&r);
	long acting = stack_sql_int(&S, "SELECT count(*) FROM payouts p WHERE p.attempt = (SELECT max(attempt) FROM "
	                                "payouts q WHERE q.draw_id = p.draw_id) AND p.state IN ('wait_confirm', 'expired', 'failed')");
	long one_success = 0;
	for (long id = 1; id <= max_id; id++) {
		assert_true(successes[id] <= 1);
		one_success += successes[id];
	}
	assert_int_equal(one_success + acting, draws);
	assert_int_equal(stack_sql_int(&S, "SELECT count(*) FROM payouts WHERE state = 'paid'"), one_success);
	if (acting == 0)
		assert_int_equal(paid_fen, drawn_fen);
	else
		assert_true(paid_fen <= drawn_fen);

	/* The pool: no tier below zero, each tier's drawn is its draws. */
	assert_int_equal(stack_sql_int(&S, "SELECT count(*) FROM pool_tiers WHERE drawn > count OR drawn < 0"), 0);
	assert_int_equal(stack_sql_int(&S, "SELECT count(*) FROM pool_tiers t WHERE t.drawn <> (SELECT count(*) FROM "
	                                   "draws d WHERE d.activity_id = t.activity_id AND d.amount_fen = t.amount_fen)"), 0);
	/* Balances = the ledger: what was granted minus 20 a draw, through the API too. */
	assert_int_equal(stack_sql_int(&S, "SELECT count(*) FROM (SELECT l.user_id, sum(l.amount) AS b FROM ledger l "
	                                   "GROUP BY l.user_id) x WHERE x.b <> 100 - 20 * (SELECT count(*) FROM draws d "
	                                   "WHERE d.user_id = x.user_id)"), 0);
	for (int i = 0; i < PEOPLE; i += 17) {
		struct http_reply d;
		assert_int_equal(walker_req(&people[i], &d, "GET", "/api/activities/1/draws", NULL), 0);
		assert_int_equal((long)http_num(&d, "balance"), POINTS - 20 * DRAWS_EACH);
		http_reply_free(&d);
	}
	printf("chaos: %ld draws, %d transfer requests for %d bills, %ld paid (%ld fen), %ld for the participant to act "
	       "on, %d faults injected, %d reconcile rounds, %d reconcilers SIGKILLed; %lds drawing, %lds until quiet\n",
	       draws, ncalls, nseen, one_success, paid_fen, acting, atomic_load(&faults_sent), atomic_load(&rounds),
	       atomic_load(&kills), (long)(t1 - t0), (long)(t2 - t1));
	free(seen);
	free(successes);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_chaos),
	};
	return cmocka_run_group_tests(tests, start_stack, stop_stack);
}
