#include "store_ledger.h"

#include "calendar.h"
#include "db.h"

#include <stdio.h>

static void bind_key(sqlite3_stmt *st, int64_t activity_id, int64_t user_id, enum rules_ledger_kind kind,
                     const char *ref)
{
	sqlite3_bind_int64(st, 1, activity_id);
	sqlite3_bind_int64(st, 2, user_id);
	sqlite3_bind_text(st, 3, rules_ledger_kind_name(kind), -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, ref, -1, SQLITE_TRANSIENT);
}

int store_ledger_award(struct db *db, int64_t activity_id, int64_t user_id, enum rules_ledger_kind kind,
                       const char *ref, int64_t amount, int64_t now, bool *inserted)
{
	sqlite3_stmt *st = db_stmt(db, "INSERT INTO ledger (activity_id, user_id, kind, ref, amount, created_at) "
	                               "VALUES (?1, ?2, ?3, ?4, ?5, ?6) "
	                               "ON CONFLICT (activity_id, user_id, kind, ref) DO NOTHING");
	if (!st)
		return SQLITE_ERROR;
	bind_key(st, activity_id, user_id, kind, ref);
	sqlite3_bind_int64(st, 5, amount);
	sqlite3_bind_int64(st, 6, now);
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return db_note_rc(db, rc);
	if (inserted)
		*inserted = sqlite3_changes(db_handle(db)) == 1;
	return SQLITE_OK;
}

int store_ledger_has(struct db *db, int64_t activity_id, int64_t user_id, enum rules_ledger_kind kind,
                     const char *ref, bool *exists)
{
	sqlite3_stmt *st = db_stmt(db, "SELECT 1 FROM ledger WHERE activity_id = ?1 AND user_id = ?2 "
	                               "AND kind = ?3 AND ref = ?4");
	if (!st)
		return SQLITE_ERROR;
	bind_key(st, activity_id, user_id, kind, ref);
	int rc = sqlite3_step(st);
	*exists = rc == SQLITE_ROW;
	sqlite3_reset(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? SQLITE_OK : db_note_rc(db, rc);
}

int store_ledger_has_kind(struct db *db, int64_t activity_id, int64_t user_id, enum rules_ledger_kind kind,
                          bool *exists)
{
	sqlite3_stmt *st = db_stmt(db, "SELECT 1 FROM ledger WHERE activity_id = ?1 AND user_id = ?2 AND kind = ?3");
	if (!st)
		return SQLITE_ERROR;
	sqlite3_bind_int64(st, 1, activity_id);
	sqlite3_bind_int64(st, 2, user_id);
	sqlite3_bind_text(st, 3, rules_ledger_kind_name(kind), -1, SQLITE_STATIC);
	int rc = sqlite3_step(st);
	*exists = rc == SQLITE_ROW;
	sqlite3_reset(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? SQLITE_OK : db_note_rc(db, rc);
}

int store_ledger_balance(struct db *db, int64_t activity_id, int64_t user_id, int64_t *balance)
{
	sqlite3_stmt *st = db_stmt(db, "SELECT coalesce(sum(amount), 0) FROM ledger "
	                               "WHERE activity_id = ?1 AND user_id = ?2");
	if (!st)
		return SQLITE_ERROR;
	sqlite3_bind_int64(st, 1, activity_id);
	sqlite3_bind_int64(st, 2, user_id);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*balance = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? SQLITE_OK : db_note_rc(db, rc);
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
	sqlite3_stmt *st = db_stmt(db, "SELECT id, kind, ref, amount, created_at FROM ledger "
	                               "WHERE activity_id = ?1 AND user_id = ?2 AND (?3 <= 0 OR id < ?3) "
	                               "ORDER BY id DESC LIMIT ?4");
	if (!st)
		return SQLITE_ERROR;
	sqlite3_bind_int64(st, 1, activity_id);
	sqlite3_bind_int64(st, 2, user_id);
	sqlite3_bind_int64(st, 3, before);
	sqlite3_bind_int(st, 4, limit);
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct ledger_row row;
		read_row(st, &row);
		fn(&row, arg);
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? SQLITE_OK : db_note_rc(db, rc);
}

int store_ledger_days_of_kind(struct db *db, int64_t activity_id, int64_t user_id,
                              enum rules_ledger_kind kind, int32_t *days, int max, int *n)
{
	sqlite3_stmt *st = db_stmt(db, "SELECT ref FROM ledger WHERE activity_id = ?1 AND user_id = ?2 "
	                               "AND kind = ?3 ORDER BY ref");
	if (!st)
		return SQLITE_ERROR;
	sqlite3_bind_int64(st, 1, activity_id);
	sqlite3_bind_int64(st, 2, user_id);
	sqlite3_bind_text(st, 3, rules_ledger_kind_name(kind), -1, SQLITE_STATIC);
	int rc;
	*n = 0;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		int32_t day;
		if (*n < max && cal_parse_day((const char *)sqlite3_column_text(st, 0), &day))
			days[(*n)++] = day;
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? SQLITE_OK : db_note_rc(db, rc);
}

int store_ledger_day_rows(struct db *db, int64_t activity_id, int64_t user_id, int32_t from, int32_t to,
                          void (*fn)(int32_t day, const struct ledger_row *row, void *arg), void *arg)
{
	char from_text[CAL_DAY_BUF], to_text[CAL_DAY_BUF];
	cal_format_day(from, from_text, sizeof from_text);
	cal_format_day(to, to_text, sizeof to_text);
	/* Day refs are "YYYY-MM-DD": kinds keyed by a day, compared as text. */
	sqlite3_stmt *st = db_stmt(db, "SELECT id, kind, ref, amount, created_at FROM ledger "
	                               "WHERE activity_id = ?1 AND user_id = ?2 "
	                               "AND kind IN ('checkin', 'steps', 'personal_target', 'team_target') "
	                               "AND ref BETWEEN ?3 AND ?4 ORDER BY ref, id");
	if (!st)
		return SQLITE_ERROR;
	sqlite3_bind_int64(st, 1, activity_id);
	sqlite3_bind_int64(st, 2, user_id);
	sqlite3_bind_text(st, 3, from_text, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 4, to_text, -1, SQLITE_TRANSIENT);
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct ledger_row row;
		read_row(st, &row);
		int32_t day;
		if (cal_parse_day(row.ref, &day))
			fn(day, &row, arg);
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? SQLITE_OK : db_note_rc(db, rc);
}
