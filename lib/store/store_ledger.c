#include "store_ledger.h"

#include "calendar.h"
#include "db.h"

#include <stdio.h>

int store_ledger_award(struct db *db, int64_t activity_id, int64_t user_id, enum rules_ledger_kind kind,
                       const char *ref, int64_t amount, int64_t now, bool *inserted)
{
	int rc = db_execf(db, "INSERT INTO ledger (activity_id, user_id, kind, ref, amount, created_at) "
	                      "VALUES (?1, ?2, ?3, ?4, ?5, ?6) "
	                      "ON CONFLICT (activity_id, user_id, kind, ref) DO NOTHING",
	                  "iittii", activity_id, user_id, rules_ledger_kind_name(kind), ref, amount, now);
	if (rc == SQLITE_OK && inserted)
		*inserted = sqlite3_changes(db_handle(db)) == 1;
	return rc;
}

int store_ledger_has(struct db *db, int64_t activity_id, int64_t user_id, enum rules_ledger_kind kind,
                     const char *ref, bool *exists)
{
	return db_exists(db, exists, "SELECT 1 FROM ledger WHERE activity_id = ?1 AND user_id = ?2 "
	                             "AND kind = ?3 AND ref = ?4",
	                 "iitt", activity_id, user_id, rules_ledger_kind_name(kind), ref);
}

int store_ledger_has_kind(struct db *db, int64_t activity_id, int64_t user_id, enum rules_ledger_kind kind,
                          bool *exists)
{
	return db_exists(db, exists, "SELECT 1 FROM ledger WHERE activity_id = ?1 AND user_id = ?2 AND kind = ?3",
	                 "iit", activity_id, user_id, rules_ledger_kind_name(kind));
}

int store_ledger_balance(struct db *db, int64_t activity_id, int64_t user_id, int64_t *balance)
{
	/* coalesce: a sum over no rows is a balance of 0, never "not found". */
	return db_get_int(db, balance, "SELECT coalesce(sum(amount), 0) FROM ledger "
	                               "WHERE activity_id = ?1 AND user_id = ?2", "ii", activity_id, user_id);
}

static void read_row(sqlite3_stmt *st, struct ledger_row *row)
{
	row->id = sqlite3_column_int64(st, 0);
	row->kind = RULES_LEDGER_ADJUST;
	rules_ledger_kind_parse((const char *)sqlite3_column_text(st, 1), &row->kind);
	snprintf(row->ref, sizeof row->ref, "%s", sqlite3_column_text(st, 2));
	row->amount = sqlite3_column_int64(st, 3);
	row->created_at = sqlite3_column_int64(st, 4);
}

int store_ledger_page(struct db *db, int64_t activity_id, int64_t user_id, int64_t before, int limit,
                      void (*fn)(const struct ledger_row *row, void *arg), void *arg)
{
	sqlite3_stmt *st;
	int rc = db_prepare(db, &st, "SELECT id, kind, ref, amount, created_at FROM ledger "
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
	int rc = db_prepare(db, &st, "SELECT ref FROM ledger WHERE activity_id = ?1 AND user_id = ?2 "
	                             "AND kind = ?3 ORDER BY ref", "iit", activity_id, user_id, rules_ledger_kind_name(kind));
	if (rc != SQLITE_OK)
		return rc;
	*n = 0;
	while ((rc = db_step(db, st)) == SQLITE_ROW) {
		int32_t day;
		if (*n < max && cal_parse_day((const char *)sqlite3_column_text(st, 0), &day))
			days[(*n)++] = day;
	}
	return db_finish(st, rc);
}

int store_ledger_day_rows(struct db *db, int64_t activity_id, int64_t user_id, int32_t from, int32_t to,
                          void (*fn)(int32_t day, const struct ledger_row *row, void *arg), void *arg)
{
	char from_text[CAL_DAY_BUF], to_text[CAL_DAY_BUF];
	cal_format_day(from, from_text, sizeof from_text);
	cal_format_day(to, to_text, sizeof to_text);
	/* Day refs are "YYYY-MM-DD": kinds keyed by a day, compared as text. */
	sqlite3_stmt *st;
	int rc = db_prepare(db, &st, "SELECT id, kind, ref, amount, created_at FROM ledger "
	                             "WHERE activity_id = ?1 AND user_id = ?2 "
	                             "AND kind IN ('checkin', 'steps', 'personal_target', 'team_target') "
	                             "AND ref BETWEEN ?3 AND ?4 ORDER BY ref, id",
	                    "iitt", activity_id, user_id, from_text, to_text);
	if (rc != SQLITE_OK)
		return rc;
	while ((rc = db_step(db, st)) == SQLITE_ROW) {
		struct ledger_row row;
		read_row(st, &row);
		int32_t day;
		if (cal_parse_day(row.ref, &day))
			fn(day, &row, arg);
	}
	return db_finish(st, rc);
}
