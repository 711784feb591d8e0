#include "store_checkpoints.h"

#include "db.h"

int store_checkpoint_passed(struct db *db, int64_t activity_id, int64_t user_id, int seq, bool *passed,
                            int64_t *passed_at)
{
	int64_t at = 0;
	int rc = db_get_int(db, &at, "SELECT passed_at FROM checkpoint_passes"
	                             " WHERE activity_id = ?1 AND user_id = ?2 AND seq = ?3",
	                    "iin", activity_id, user_id, seq);
	*passed = rc == SQLITE_OK;
	if (passed_at)
		*passed_at = *passed ? at : 0;
	return rc == DB_NOTFOUND ? SQLITE_OK : rc;
}

int store_checkpoints_passed_count(struct db *db, int64_t activity_id, int64_t user_id, int *count)
{
	int64_t n = 0;
	int rc = db_get_int(db, &n, "SELECT count(*) FROM checkpoint_passes WHERE activity_id = ?1 AND user_id = ?2",
	                    "ii", activity_id, user_id);
	*count = (int)n;
	return rc;
}
