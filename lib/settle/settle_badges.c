/* The night's last phase: badges earned and not yet recorded (RULES §8), and
 * once the final board exists its team prizes (RULES §6), in one transaction. */
#include "settle_badges.h"

#include "db.h"
#include "store_awards.h"
#include "store_badges.h"

static int record_due(struct settle_run *run, void *arg)
{
	(void)arg;
	int64_t badges = 0, team_awards = 0;
	int rc = store_badges_record_all_due(run->db, run->a->id, run->r, run->day >= run->r->last_day, &badges);
	if (rc == SQLITE_OK)
		rc = store_awards_team_prizes(run->db, run->a->id, run->r, run->now, &team_awards);
	if (rc == SQLITE_OK && run->log && (badges || team_awards))
		fprintf(run->log, "settle %s: %lld badges, %lld team prize awards recorded\n", run->day_text,
		        (long long)badges, (long long)team_awards);
	return rc;
}

int settle_badges(struct settle_run *run)
{
	return settle_transaction(run, record_due, NULL);
}
