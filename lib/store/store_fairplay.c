#include "store_fairplay.h"

#include "db.h"

#include <stdio.h>
#include <string.h>

static const char *text_or(sqlite3_stmt *st, int col, const char *dflt)
{
	const unsigned char *s = sqlite3_column_text(st, col);
	return s ? (const char *)s : dflt;
}

/* The columns every reader of flags selects, in read_flag's order. */
#define FLAG_COLUMNS \
	"SELECT f.id, f.user_id, f.kind, f.evidence, f.first_day, f.last_day, f.amount, f.raised_at, f.state," \
	" coalesce(f.cleared_at, 0), coalesce(a.username, ''), coalesce(f.clear_reason, ''), e.name, e.union_code," \
	" " FAIRPLAY_DISQUALIFIED_NOW("f.activity_id", "f.user_id") \
	" FROM fairplay_flags f JOIN enrollments e ON e.activity_id = f.activity_id AND e.user_id = f.user_id" \
	" LEFT JOIN admins a ON a.id = f.cleared_by "

static void read_flag(sqlite3_stmt *st, struct fairplay_flag *f)
{
	*f = (struct fairplay_flag){
		.id = sqlite3_column_int64(st, 0),
		.user_id = sqlite3_column_int64(st, 1),
		.kind = text_or(st, 2, ""),
		.evidence = text_or(st, 3, "{}"),
		.first_day = text_or(st, 4, NULL),
		.last_day = text_or(st, 5, NULL),
		.amount = sqlite3_column_int64(st, 6),
		.raised_at = sqlite3_column_int64(st, 7),
		.state = text_or(st, 8, ""),
		.cleared_at = sqlite3_column_int64(st, 9),
		.cleared_by = text_or(st, 10, ""),
		.clear_reason = text_or(st, 11, ""),
		.name = text_or(st, 12, ""),
		.union_code = text_or(st, 13, ""),
		.disqualified = sqlite3_column_int(st, 14) != 0,
	};
}

static int each_flag(struct db *db, sqlite3_stmt *st, int rc, void (*fn)(const struct fairplay_flag *flag, void *arg),
                     void *arg, int *rows)
{
	*rows = 0;
	while (rc == SQLITE_OK && (rc = db_step(db, st)) == SQLITE_ROW) {
		struct fairplay_flag f;
		read_flag(st, &f);
		fn(&f, arg);
		(*rows)++;
		rc = SQLITE_OK;
	}
	return st ? db_finish(st, rc == SQLITE_OK ? SQLITE_DONE : rc) : rc;
}

int store_flags_page(struct db *db, const struct flag_filter *f, void (*fn)(const struct fairplay_flag *flag, void *arg),
                     void *arg)
{
	sqlite3_stmt *st;
	int rc = db_prepare(db, &st, FLAG_COLUMNS
		"WHERE f.activity_id = ?1 AND (?2 IS NULL OR f.kind = ?2) AND (?3 IS NULL OR e.union_code = ?3)"
		" AND (?4 IS NULL OR f.state = ?4) AND (?5 <= 0 OR f.id < ?5) ORDER BY f.id DESC LIMIT ?6",
		"itttin", f->activity_id, f->kind, f->union_code, f->state, f->before, f->limit);
	int rows;
	return each_flag(db, st, rc, fn, arg, &rows);
}

int store_flag_get(struct db *db, int64_t activity_id, int64_t id,
                   void (*fn)(const struct fairplay_flag *flag, void *arg), void *arg)
{
	sqlite3_stmt *st;
	int rc = db_prepare(db, &st, FLAG_COLUMNS "WHERE f.activity_id = ?1 AND f.id = ?2", "ii", activity_id, id);
	int rows;
	rc = each_flag(db, st, rc, fn, arg, &rows);
	return rc == SQLITE_OK && rows == 0 ? DB_NOTFOUND : rc;
}

int store_flag_clear(struct db *db, int64_t activity_id, int64_t id, int64_t admin_id, const char *reason,
                     int64_t now)
{
	int rc = db_execf(db, "UPDATE fairplay_flags SET state = 'cleared', cleared_at = ?3, cleared_by = nullif(?4, 0),"
	                      " clear_reason = ?5 WHERE activity_id = ?1 AND id = ?2 AND state = 'open'",
	                  "iiiit", activity_id, id, now, admin_id, reason);
	if (rc == SQLITE_OK && sqlite3_changes(db_handle(db)) == 0)
		rc = DB_NOTFOUND;
	return rc;
}

int store_disqualification_latest(struct db *db, int64_t activity_id, int64_t user_id, struct disqualification *out)
{
	sqlite3_stmt *st;
	int rc = db_row(db, &st, "SELECT id, at, coalesce(lifted_at, 0), from_day, coalesce(to_day, ''), reason,"
	                         " coalesce(lift_reason, '') FROM disqualifications WHERE activity_id = ?1 AND user_id = ?2"
	                         " ORDER BY id DESC LIMIT 1", "ii", activity_id, user_id);
	if (rc != SQLITE_ROW)
		return rc;
	out->id = sqlite3_column_int64(st, 0);
	out->at = sqlite3_column_int64(st, 1);
	out->lifted_at = sqlite3_column_int64(st, 2);
	snprintf(out->from_day, sizeof out->from_day, "%s", text_or(st, 3, ""));
	snprintf(out->to_day, sizeof out->to_day, "%s", text_or(st, 4, ""));
	snprintf(out->reason, sizeof out->reason, "%s", text_or(st, 5, ""));
	snprintf(out->lift_reason, sizeof out->lift_reason, "%s", text_or(st, 6, ""));
	return db_finish(st, SQLITE_DONE);
}

int store_disqualified_now(struct db *db, int64_t activity_id, int64_t user_id, bool *out)
{
	return db_exists(db, out, "SELECT 1 FROM disqualifications WHERE activity_id = ?1 AND user_id = ?2"
	                          " AND lifted_at IS NULL", "ii", activity_id, user_id);
}

int store_disqualify(struct db *db, int64_t activity_id, int64_t user_id, const char *day, const char *reason,
                     int64_t admin_id, int64_t now)
{
	return db_execf(db, "INSERT INTO disqualifications (activity_id, user_id, from_day, reason, at, by_admin)"
	                    " VALUES (?1, ?2, ?3, ?4, ?5, nullif(?6, 0))",
	                "iittii", activity_id, user_id, day, reason, now, admin_id);
}

int store_requalify(struct db *db, int64_t activity_id, int64_t user_id, const char *day, const char *reason,
                    int64_t admin_id, int64_t now)
{
	int rc = db_execf(db, "UPDATE disqualifications SET to_day = ?3, lift_reason = ?4, lifted_at = ?5,"
	                      " lifted_by = nullif(?6, 0) WHERE activity_id = ?1 AND user_id = ?2 AND lifted_at IS NULL",
	                  "iittii", activity_id, user_id, day, reason, now, admin_id);
	if (rc == SQLITE_OK && sqlite3_changes(db_handle(db)) == 0)
		rc = DB_NOTFOUND;
	return rc;
}
