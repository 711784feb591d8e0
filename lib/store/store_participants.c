#include "store_participants.h"

#include "buf.h"
#include "db.h"
#include "store_fairplay.h"
#include "store_pii_seal.h"

#include <stdio.h>
#include <string.h>

/* Bound parameters, by number, whichever fragments use them. */
enum { P_ACTIVITY = 1, P_UNION, P_REGION, P_SEARCH, P_USER, P_LIMIT, P_OFFSET, P_INDEX, P_INDEX_PREVIOUS };

static const char team_joins[] =
	" LEFT JOIN team_members tm ON tm.activity_id = e.activity_id AND tm.user_id = e.user_id"
	" AND tm.left_at IS NULL"
	" LEFT JOIN teams t ON t.id = tm.team_id";

/* Appends the WHERE clause of f; the same text for the count and the rows.
 * clear_rows: some enrollments of the activity are from before sealing. */
static void where_clause(struct buf *sql, const struct participant_filter *f, bool clear_rows)
{
	buf_puts(sql, " WHERE e.activity_id = ?1");
	if (f->union_code)
		buf_puts(sql, " AND e.union_code = ?2");
	if (f->region)
		buf_puts(sql, " AND e.region_code = ?3");
	if (f->search == SEARCH_NAME)
		buf_puts(sql, " AND instr(e.name, ?4) > 0");
	/* By the hashes (both keys' while a rotation runs), through their
	 * indexes; a row from before sealing, until walkctl migrate has sealed
	 * it, by its clear text (a scan, only while such rows exist). */
	else if (f->search == SEARCH_MOBILE && !clear_rows)
		buf_puts(sql, " AND e.mobile_index IN (?8, ?9)");
	else if (f->search == SEARCH_MOBILE)
		buf_puts(sql, " AND (e.mobile_index IN (?8, ?9) OR (e.mobile_index IS NULL AND e.mobile = ?4))");
	else if (f->search == SEARCH_MOBILE_TAIL && !clear_rows)
		buf_puts(sql, " AND e.mobile_tail_index IN (?8, ?9)");
	else if (f->search == SEARCH_MOBILE_TAIL)
		buf_puts(sql, " AND (e.mobile_tail_index IN (?8, ?9)"
		              " OR (e.mobile_tail_index IS NULL AND substr(e.mobile, -4) = ?4))");
	if (f->user_id > 0)
		buf_puts(sql, " AND e.user_id = ?5");
	if (f->team == TEAM_IN)
		buf_puts(sql, " AND tm.id IS NOT NULL");
	else if (f->team == TEAM_NONE)
		buf_puts(sql, " AND tm.id IS NULL");
	else if (f->team == TEAM_LEADER)
		buf_puts(sql, " AND t.leader_id = e.user_id");
}

/* Whether a mobile search of f must look at rows from before sealing too:
 * SQLITE_OK with *clear_rows, or the error.  One step of an index. */
static int clear_rows_of(struct db *db, const struct participant_filter *f, bool *clear_rows)
{
	*clear_rows = false;
	if (f->search != SEARCH_MOBILE && f->search != SEARCH_MOBILE_TAIL)
		return SQLITE_OK;
	return db_exists(db, clear_rows, "SELECT 1 FROM enrollments WHERE activity_id = ?1 AND mobile_index IS NULL"
	                                 " AND mobile <> ''", "i", f->activity_id);
}

/* Binds the values of the fragments where_clause() put in.  SQLITE_OK or the
 * bind's error. */
static int bind_filter(sqlite3_stmt *st, const struct participant_filter *f)
{
	int rc = sqlite3_bind_int64(st, P_ACTIVITY, f->activity_id);
	if (rc == SQLITE_OK && f->union_code)
		rc = sqlite3_bind_text(st, P_UNION, f->union_code, -1, SQLITE_STATIC);
	if (rc == SQLITE_OK && f->region)
		rc = sqlite3_bind_text(st, P_REGION, f->region, -1, SQLITE_STATIC);
	if (rc == SQLITE_OK && f->search != SEARCH_NONE)
		rc = sqlite3_bind_text(st, P_SEARCH, f->q, -1, SQLITE_STATIC);
	if (rc == SQLITE_OK && f->user_id > 0)
		rc = sqlite3_bind_int64(st, P_USER, f->user_id);
	if (rc == SQLITE_OK && (f->search == SEARCH_MOBILE || f->search == SEARCH_MOBILE_TAIL)) {
		void (*hash)(const struct sealer *, const char *, char *) =
			f->search == SEARCH_MOBILE ? pii_mobile_index : pii_mobile_tail_index;
		char index[SEALED_INDEX_HEX_SIZE], previous[SEALED_INDEX_HEX_SIZE];
		hash(f->sealer, f->q, index);
		hash(f->sealer->previous ? f->sealer->previous : f->sealer, f->q, previous);
		rc = sqlite3_bind_text(st, P_INDEX, index, -1, SQLITE_TRANSIENT);
		if (rc == SQLITE_OK)
			rc = sqlite3_bind_text(st, P_INDEX_PREVIOUS, previous, -1, SQLITE_TRANSIENT);
	}
	return rc;
}

/* The cached statement of sql (whose text is then freed) with the filter's
 * values bound: SQLITE_OK with *out, or the prepare's or a bind's error.  The
 * fragments in use decide which parameters exist, so the binds go by number
 * rather than through db_prepare's format. */
static int prepare(struct db *db, struct buf *sql, const struct participant_filter *f, sqlite3_stmt **out)
{
	int rc = db_prepare(db, out, buf_str(sql), "");
	buf_free(sql);
	if (rc == SQLITE_OK)
		rc = db_note_rc(db, bind_filter(*out, f));
	return rc;
}

int store_participants_count(struct db *db, const struct participant_filter *f, int64_t *total)
{
	bool clear_rows;
	int rc = clear_rows_of(db, f, &clear_rows);
	if (rc != SQLITE_OK)
		return rc;
	struct buf sql = { 0 };
	buf_puts(&sql, "SELECT count(*) FROM enrollments e");
	if (f->team != TEAM_ANY)
		buf_puts(&sql, team_joins);
	where_clause(&sql, f, clear_rows);
	sqlite3_stmt *st;
	rc = prepare(db, &sql, f, &st);
	if (rc != SQLITE_OK)
		return rc;
	rc = db_step(db, st);
	if (rc == SQLITE_ROW)
		*total = sqlite3_column_int64(st, 0);
	return db_finish(st, rc);
}

static const char *text(sqlite3_stmt *st, int col)
{
	const char *s = (const char *)sqlite3_column_text(st, col);
	return s ? s : "";
}

int store_participants_each(struct db *db, const struct participant_filter *f, int64_t offset, int64_t limit,
                            bool (*fn)(const struct participant_row *row, void *arg), void *arg)
{
	bool clear_rows;
	int rc = clear_rows_of(db, f, &clear_rows);
	if (rc != SQLITE_OK)
		return rc;
	struct buf sql = { 0 };
	buf_puts(&sql,
		"SELECT e.user_id, e.name, e.mobile, e.region_code, r.name, e.union_code, u.name, e.unit,"
		" e.department, coalesce(t.id, 0), coalesce(t.name, ''), coalesce(t.leader_id = e.user_id, 0),"
		" e.created_at, coalesce(ut.cumulative, -1), coalesce(ut.as_of, ''),"
		" " FAIRPLAY_DISQUALIFIED_NOW("e.activity_id", "e.user_id") " "
		"FROM enrollments e"
		" JOIN regions r ON r.code = e.region_code"
		" JOIN unions u ON u.code = e.union_code");
	buf_puts(&sql, team_joins);
	buf_puts(&sql, " LEFT JOIN user_totals ut ON ut.activity_id = e.activity_id AND ut.user_id = e.user_id");
	where_clause(&sql, f, clear_rows);
	buf_puts(&sql, " ORDER BY e.user_id LIMIT ?6 OFFSET ?7");
	sqlite3_stmt *st;
	rc = prepare(db, &sql, f, &st);
	if (rc == SQLITE_OK)
		rc = sqlite3_bind_int64(st, P_LIMIT, limit);
	if (rc == SQLITE_OK)
		rc = sqlite3_bind_int64(st, P_OFFSET, offset);
	if (rc != SQLITE_OK)
		return db_note_rc(db, rc);
	while ((rc = db_step(db, st)) == SQLITE_ROW) {
		char place[64], mobile[16];
		int64_t user_id = sqlite3_column_int64(st, 0);
		pii_place(place, sizeof place, "enrollments.mobile", f->activity_id, user_id);
		pii_open(f->sealer, place, text(st, 2), mobile, sizeof mobile);
		struct participant_row row = {
			.user_id = user_id,
			.name = text(st, 1),
			.mobile = mobile,
			.region = text(st, 3),
			.region_name = text(st, 4),
			.union_code = text(st, 5),
			.union_name = text(st, 6),
			.unit = text(st, 7),
			.department = text(st, 8),
			.team_id = sqlite3_column_int64(st, 9),
			.team_name = text(st, 10),
			.leader = sqlite3_column_int(st, 11) != 0,
			.enrolled_at = sqlite3_column_int64(st, 12),
			.cumulative = sqlite3_column_int64(st, 13),
			.as_of = text(st, 14),
			.disqualified = sqlite3_column_int(st, 15) != 0,
		};
		if (!fn(&row, arg))
			break;   /* db_finish takes the ROW of a loop stopped on purpose for success */
	}
	return db_finish(st, rc);
}

void participant_mask_mobile(const char *mobile, char out[12])
{
	if (strlen(mobile) != 11) {
		snprintf(out, 12, "****");
		return;
	}
	snprintf(out, 12, "%.3s****%.4s", mobile, mobile + 7);
}
