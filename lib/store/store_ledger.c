#include "store_ledger.h"

#include "calendar.h"
#include "db.h"

#include <stdio.h>

/* The ids: a row takes ledger_ids.next, and the writer advances it past the
 * ids it used: one award by its row if written; a staged batch by every row
 * it offered (an ignored duplicate leaves a gap, which the pages do not mind:
 * they only need ids that grow). */
static int advance_ids(struct db *db, int64_t by)
{
	return db_execf(db, "UPDATE ledger_ids SET next = next + ?1", "i", by);
}

int store_ledger_award(struct db *db, int64_t activity_id, int64_t user_id, enum rules_ledger_kind kind,
                       int64_t ref, int64_t amount, int64_t now, bool *inserted)
{
	int rc = db_execf(db, "INSERT INTO ledger_entries (activity_id, user_id, kind, ref, id, amount, created_at) "
	                      "SELECT ?1, ?2, ?3, ?4, next, ?5, ?6 FROM ledger_ids WHERE true "
	                      "ON CONFLICT (activity_id, user_id, kind, ref) DO NOTHING",
	                  "iiniii", activity_id, user_id, (int)kind, ref, amount, now);
	bool added = rc == SQLITE_OK && sqlite3_changes(db_handle(db)) == 1;
	if (added)
		rc = advance_ids(db, 1);
	if (rc == SQLITE_OK && inserted)
		*inserted = added;
	return rc;
}

int store_ledger_stage_clear(struct db *db)
{
	return db_exec(db, "CREATE TEMP TABLE IF NOT EXISTS ledger_staged (user_id INTEGER, kind INTEGER, amount INTEGER);"
	                   "DELETE FROM ledger_staged;");
}

int store_ledger_stage(struct db *db, int64_t user_id, enum rules_ledger_kind kind, int64_t amount)
{
	if (amount == 0)
		return SQLITE_OK;   /* a zero amount writes no row */
	return db_execf(db, "INSERT INTO ledger_staged (user_id, kind, amount) VALUES (?1, ?2, ?3)", "ini",
	                user_id, (int)kind, amount);
}

int store_ledger_award_staged(struct db *db, int64_t activity_id, int64_t ref, int64_t now, int64_t *inserted)
{
	/* rowid order is staging order (the settlement's: by user), and so is the
	 * ids' order and the inserts' walk through the key. */
	int rc = db_execf(db, "INSERT INTO ledger_entries (activity_id, user_id, kind, ref, id, amount, created_at) "
	                      "SELECT ?1, s.user_id, s.kind, ?2, i.next + row_number() OVER (ORDER BY s.rowid) - 1,"
	                      " s.amount, ?3 FROM ledger_staged s, ledger_ids i WHERE true "
	                      "ON CONFLICT (activity_id, user_id, kind, ref) DO NOTHING",
	                  "iii", activity_id, ref, now);
	if (rc != SQLITE_OK)
		return rc;
	*inserted = sqlite3_changes(db_handle(db));
	return db_exec(db, "UPDATE ledger_ids SET next = next + (SELECT count(*) FROM ledger_staged)");
}

int store_ledger_has(struct db *db, int64_t activity_id, int64_t user_id, enum rules_ledger_kind kind,
                     int64_t ref, bool *exists)
{
	return db_exists(db, exists, "SELECT 1 FROM ledger_entries WHERE activity_id = ?1 AND user_id = ?2 "
	                             "AND kind = ?3 AND ref = ?4",
	                 "iini", activity_id, user_id, (int)kind, ref);
}

int store_ledger_has_kind(struct db *db, int64_t activity_id, int64_t user_id, enum rules_ledger_kind kind,
                          bool *exists)
{
	return db_exists(db, exists, "SELECT 1 FROM ledger_entries WHERE activity_id = ?1 AND user_id = ?2 AND kind = ?3",
	                 "iin", activity_id, user_id, (int)kind);
}

int store_ledger_balance(struct db *db, int64_t activity_id, int64_t user_id, int64_t *balance)
{
	/* coalesce: a sum over no rows is a balance of 0, never "not found". */
	return db_get_int(db, balance, "SELECT coalesce(sum(amount), 0) FROM ledger_entries "
	                               "WHERE activity_id = ?1 AND user_id = ?2", "ii", activity_id, user_id);
}

int store_ledger_last_at(struct db *db, int64_t activity_id, int64_t user_id, enum rules_ledger_kind kind,
                         int32_t from, int32_t to, int64_t *at)
{
	return db_get_int(db, at, "SELECT coalesce(max(created_at), 0) FROM ledger_entries "
	                          "WHERE activity_id = ?1 AND user_id = ?2 AND kind = ?3 AND ref BETWEEN ?4 AND ?5",
	                  "iinnn", activity_id, user_id, (int)kind, (int)from, (int)to);
}

/* Columns id, kind, ref, amount, created_at. */
static void read_row(sqlite3_stmt *st, struct ledger_row *row)
{
	row->id = sqlite3_column_int64(st, 0);
	int kind = sqlite3_column_int(st, 1);
	row->kind = kind >= 0 && kind < RULES_LEDGER_KIND_COUNT ? (enum rules_ledger_kind)kind : RULES_LEDGER_ADJUST;
	rules_ledger_ref(row->kind, sqlite3_column_int64(st, 2), row->ref, sizeof row->ref);
	row->amount = sqlite3_column_int64(st, 3);
	row->created_at = sqlite3_column_int64(st, 4);
}

int store_ledger_page(struct db *db, int64_t activity_id, int64_t user_id, int64_t before, int limit,
                      void (*fn)(const struct ledger_row *row, void *arg), void *arg)
{
	/* A participant's rows are a few hundred at most: they are read by their
	 * key and sorted by id. */
	sqlite3_stmt *st;
	int rc = db_prepare(db, &st, "SELECT id, kind, ref, amount, created_at FROM ledger_entries "
	                             "WHERE activity_id = ?1 AND user_id = ?2 AND (?3 <= 0 OR id < ?3) "
	                             "ORDER BY id DESC LIMIT ?4", "iiin", activity_id, user_id, before, limit);
	if (rc != SQLITE_OK)
		return rc;
	while ((rc = db_step(db, st)) == SQLITE_ROW) {
		struct ledger_row row;
		read_row(st, &row);
		fn(&row, arg);
	}
	return db_finish(st, rc);
}

int store_ledger_days_of_kind(struct db *db, int64_t activity_id, int64_t user_id,
                              enum rules_ledger_kind kind, int32_t *days, int max, int *n)
{
	sqlite3_stmt *st;
	int rc = db_prepare(db, &st, "SELECT ref FROM ledger_entries WHERE activity_id = ?1 AND user_id = ?2 "
	                             "AND kind = ?3 ORDER BY ref", "iin", activity_id, user_id, (int)kind);
	if (rc != SQLITE_OK)
		return rc;
	*n = 0;
	while ((rc = db_step(db, st)) == SQLITE_ROW) {
		int64_t day = sqlite3_column_int64(st, 0);
		if (*n < max && day >= INT32_MIN && day <= INT32_MAX)
			days[(*n)++] = (int32_t)day;
	}
	return db_finish(st, rc);
}

int store_ledger_day_rows(struct db *db, int64_t activity_id, int64_t user_id, int32_t from, int32_t to,
                          void (*fn)(int32_t day, const struct ledger_row *row, void *arg), void *arg)
{
	sqlite3_stmt *st;
	int rc = db_prepare(db, &st, "SELECT id, kind, ref, amount, created_at FROM ledger_entries "
	                             "WHERE activity_id = ?1 AND user_id = ?2 AND kind IN (?5, ?6, ?7, ?8) "
	                             "AND ref BETWEEN ?3 AND ?4 ORDER BY ref, id",
	                    "iinnnnnn", activity_id, user_id, (int)from, (int)to, (int)RULES_LEDGER_CHECKIN,
	                    (int)RULES_LEDGER_STEPS, (int)RULES_LEDGER_PERSONAL_TARGET, (int)RULES_LEDGER_TEAM_TARGET);
	if (rc != SQLITE_OK)
		return rc;
	while ((rc = db_step(db, st)) == SQLITE_ROW) {
		struct ledger_row row;
		read_row(st, &row);
		fn((int32_t)sqlite3_column_int64(st, 2), &row, arg);
	}
	return db_finish(st, rc);
}
