/* The themed walks' phase (README "Themed walks"): after the day's counted
 * steps exist, every walk running on the day takes them in
 * (store_walks_fold_day), a range of users per transaction so that a request
 * waiting for the write lock never waits long, and then the walks that ended
 * are frozen.  Each row records the day it took in, so a run cut short and
 * run again takes in only what is left. */
#include "settle_phases.h"

#include "clock.h"
#include "db.h"
#include "store_walks.h"

#include <stdio.h>
#include <time.h>

/* Users per transaction: measured at 20,000 participants in 200 walks,
 * 10,000 users' rows take about 75 ms. */
enum { WALK_USERS_PER_CHUNK = 10000 };

struct walk_pass {
	int64_t next_user, last_user;   /* the range still to fold */
	int64_t rows, frozen;
};

static int fold_chunk(struct settle_run *run, void *arg)
{
	struct walk_pass *p = arg;
	int64_t rows = 0, hi = p->next_user + WALK_USERS_PER_CHUNK - 1;
	int rc = store_walks_fold_day(run->db, run->a->id, run->day_text, run->r->daily_cap, p->next_user, hi, &rows);
	p->rows += rows;
	p->next_user = hi + 1;
	return rc;
}

static int freeze(struct settle_run *run, void *arg)
{
	struct walk_pass *p = arg;
	return store_walks_freeze(run->db, run->a->id, run->day_text, run->now, &p->frozen);
}

/* The phase's time is printed with its counts: test/bench-settle.sh reads it. */
int settle_walks(struct settle_run *run)
{
	struct timespec t0 = clock_monotonic();
	struct walk_pass p = { 0 };
	int rc = db_get_int(run->db, &p.last_user, "SELECT max(user_id) FROM walk_joins", "");
	if (rc == DB_NOTFOUND)
		rc = SQLITE_OK;   /* nobody joined a walk */
	while (rc == SQLITE_OK && p.next_user <= p.last_user)
		rc = settle_transaction(run, fold_chunk, &p);
	if (rc == SQLITE_OK)
		rc = settle_transaction(run, freeze, &p);
	double seconds = clock_seconds_since(t0);
	if (rc == SQLITE_OK && run->log && (p.rows || p.frozen))
		fprintf(run->log, "settle %s: themed walks: %lld participants' progress, %lld walks frozen in %.3f s\n",
		        run->day_text, (long long)p.rows, (long long)p.frozen, seconds);
	return rc == SQLITE_OK ? rc : settle_note_error(run, rc);
}
