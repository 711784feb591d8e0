/* The themed walks' phase (README "Themed walks"): after the day's counted
 * steps exist, every walk running on the day takes them in, and the walks
 * that ended are frozen, in one transaction (store_walks_fold_day). */
#include "settle_phases.h"

#include "db.h"
#include "store_walks.h"

#include <stdio.h>

static int fold(struct settle_run *run, void *arg)
{
	(void)arg;
	int64_t rows = 0, frozen = 0;
	int rc = store_walks_fold_day(run->db, run->a->id, run->day_text, run->r->daily_cap, run->now, &rows, &frozen);
	if (rc == SQLITE_OK && run->log && (rows || frozen))
		fprintf(run->log, "settle %s: themed walks: %lld participants' progress, %lld walks frozen\n",
		        run->day_text, (long long)rows, (long long)frozen);
	return rc;
}

int settle_walks(struct settle_run *run)
{
	return settle_transaction(run, fold, NULL);
}
