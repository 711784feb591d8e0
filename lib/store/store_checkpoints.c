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

int store_checkpoint_record_pass(struct db *db, int64_t activity_id, int64_t user_id, int seq, int64_t now,
                                 bool *inserted)
{
	int rc = db_execf(db, "INSERT INTO checkpoint_passes (activity_id, user_id, seq, passed_at)"
	                      " VALUES (?1, ?2, ?3, ?4) ON CONFLICT DO NOTHING",
	                  "iini", activity_id, user_id, seq, now);
	*inserted = rc == SQLITE_OK && sqlite3_changes(db_handle(db)) > 0;
	return rc;
}

int store_checkpoint_passes(struct db *db, int64_t activity_id, int64_t user_id, int64_t *passed_at, int max)
{
	for (int i = 0; i < max; i++)
		passed_at[i] = 0;
	sqlite3_stmt *st;
	int rc = db_prepare(db, &st, "SELECT seq, passed_at FROM checkpoint_passes WHERE activity_id = ?1 AND user_id = ?2",
	                    "ii", activity_id, user_id);
	if (rc != SQLITE_OK)
		return rc;
	while ((rc = db_step(db, st)) == SQLITE_ROW) {
		int seq = sqlite3_column_int(st, 0);
		if (seq >= 1 && seq <= max)
			passed_at[seq - 1] = sqlite3_column_int64(st, 1);
	}
	return db_finish(st, rc);
}
