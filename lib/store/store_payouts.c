#include "store_payouts.h"

#include "db.h"

#include <stdio.h>
#include <string.h>

#define PAYOUT_COLUMNS                                                                                        \
	"p.id, p.draw_id, d.user_id, d.activity_id, p.attempt, p.out_bill_no, p.openid, p.amount_fen, "          \
	"p.test_mode, p.state, coalesce(p.wx_state, ''), coalesce(p.transfer_bill_no, ''), "                    \
	"coalesce(p.package_info, ''), coalesce(p.fail_code, ''), coalesce(p.fail_message, ''), p.tries, "       \
	"p.next_try_at, p.created_at, p.updated_at, coalesce(p.final_at, 0) FROM payouts p JOIN draws d ON d.id = p.draw_id "

static void text(sqlite3_stmt *st, int col, char *out, size_t size)
{
	const unsigned char *t = sqlite3_column_text(st, col);
	snprintf(out, size, "%s", t ? (const char *)t : "");
}

static void read_payout(sqlite3_stmt *st, struct payout *p)
{
	memset(p, 0, sizeof *p);
	p->id = sqlite3_column_int64(st, 0);
	p->draw_id = sqlite3_column_int64(st, 1);
	p->user_id = sqlite3_column_int64(st, 2);
	p->activity_id = sqlite3_column_int64(st, 3);
	p->attempt = sqlite3_column_int(st, 4);
	text(st, 5, p->out_bill_no, sizeof p->out_bill_no);
	text(st, 6, p->openid, sizeof p->openid);
	p->amount_fen = sqlite3_column_int64(st, 7);
	p->test_mode = sqlite3_column_int(st, 8) != 0;
	p->state = RULES_PAYOUT_PAYING;
	rules_payout_state_parse((const char *)sqlite3_column_text(st, 9), &p->state);
	text(st, 10, p->wx_state, sizeof p->wx_state);
	text(st, 11, p->transfer_bill_no, sizeof p->transfer_bill_no);
	text(st, 12, p->package_info, sizeof p->package_info);
	text(st, 13, p->fail_code, sizeof p->fail_code);
	text(st, 14, p->fail_message, sizeof p->fail_message);
	p->tries = sqlite3_column_int(st, 15);
	p->next_try_at = sqlite3_column_int64(st, 16);
	p->created_at = sqlite3_column_int64(st, 17);
	p->updated_at = sqlite3_column_int64(st, 18);
	p->final_at = sqlite3_column_int64(st, 19);
}

static int one(struct db *db, sqlite3_stmt *st, int rc, struct payout *out)
{
	(void)db;
	if (rc != SQLITE_ROW)
		return rc;
	read_payout(st, out);
	sqlite3_reset(st);
	return SQLITE_OK;
}

int store_payout_add(struct db *db, int64_t draw_id, int attempt, const char *openid, int64_t amount_fen,
                     bool test_mode, int64_t now, struct payout *out)
{
	char bill[RULES_BILL_NO_BUF];
	if (!rules_payout_bill_no(draw_id, attempt, bill, sizeof bill))
		return SQLITE_MISUSE;
	/* The public test pays no real wallet: its payout is complete at once,
	 * marked test_mode, and nothing is ever sent for it. */
	const char *state = test_mode ? "paid" : "paying";
	int rc = db_execf(db, "INSERT INTO payouts (draw_id, attempt, out_bill_no, openid, amount_fen, test_mode, state, "
	                      "next_try_at, created_at, updated_at, final_at) "
	                      "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?8, ?8, CASE WHEN ?6 THEN ?8 END)",
	                  "inttinti", draw_id, attempt, bill, openid, amount_fen, (int)test_mode, state, now);
	if (rc != SQLITE_OK)
		return rc;
	return store_payout_get(db, sqlite3_last_insert_rowid(db_handle(db)), out);
}

int store_payout_get(struct db *db, int64_t payout_id, struct payout *out)
{
	sqlite3_stmt *st;
	int rc = db_row(db, &st, "SELECT " PAYOUT_COLUMNS "WHERE p.id = ?1", "i", payout_id);
	return one(db, st, rc, out);
}

int store_payout_by_bill(struct db *db, const char *out_bill_no, struct payout *out)
{
	sqlite3_stmt *st;
	int rc = db_row(db, &st, "SELECT " PAYOUT_COLUMNS "WHERE p.out_bill_no = ?1", "t", out_bill_no);
	return one(db, st, rc, out);
}

int store_payout_latest(struct db *db, int64_t draw_id, struct payout *out)
{
	sqlite3_stmt *st;
	int rc = db_row(db, &st, "SELECT " PAYOUT_COLUMNS "WHERE p.draw_id = ?1 ORDER BY p.attempt DESC LIMIT 1", "i",
	                draw_id);
	return one(db, st, rc, out);
}

int store_payout_apply(struct db *db, int64_t payout_id, const struct payout_update *u, int64_t now,
                       bool *applied)
{
	*applied = false;
	int rc = db_begin_write(db);
	if (rc != SQLITE_OK)
		return rc;
	/* The WHERE on the state is the lock-and-compare of WECHAT.md §6: a
	 * final bill is never rewritten, whatever arrives after. */
	rc = db_execf(db, "UPDATE payouts SET state = ?2, wx_state = coalesce(?3, wx_state), "
	                  "transfer_bill_no = coalesce(?4, transfer_bill_no), package_info = coalesce(?5, package_info), "
	                  "fail_code = coalesce(?6, fail_code), fail_message = coalesce(?7, fail_message), "
	                  "tries = tries + ?8, next_try_at = ?9, updated_at = ?10, "
	                  "final_at = CASE WHEN ?11 THEN ?10 END "
	                  "WHERE id = ?1 AND state IN ('paying', 'wait_confirm')",
	              "ittttttniin", payout_id, rules_payout_state_name(u->step.state), u->wx_state, u->transfer_bill_no,
	              u->package_info, u->fail_code, u->fail_message, u->counts_as_try ? 1 : 0, u->next_try_at, now,
	              u->step.final ? 1 : 0);
	if (rc == SQLITE_OK)
		*applied = sqlite3_changes(db_handle(db)) == 1;
	if (rc == SQLITE_OK)
		rc = db_commit(db);
	if (rc != SQLITE_OK) {
		db_rollback(db);
		*applied = false;
	}
	return rc;
}

int store_payouts_due(struct db *db, int64_t activity_id, int64_t now, int64_t *ids, int max, int *n)
{
	*n = 0;
	sqlite3_stmt *st;
	int rc = db_prepare(db, &st, "SELECT p.id FROM payouts p JOIN draws d ON d.id = p.draw_id "
	                             "WHERE p.state IN ('paying', 'wait_confirm') AND p.next_try_at <= ?1 "
	                             "AND p.test_mode = 0 AND (?2 = 0 OR d.activity_id = ?2) "
	                             "ORDER BY p.next_try_at, p.id LIMIT ?3",
	                    "iin", now, activity_id, max);
	if (rc != SQLITE_OK)
		return rc;
	while ((rc = db_step(db, st)) == SQLITE_ROW)
		ids[(*n)++] = sqlite3_column_int64(st, 0);
	return db_finish(st, rc);
}

/* A draw in union ?2 (NULL: any). */
#define IN_UNION "(?2 IS NULL OR EXISTS (SELECT 1 FROM enrollments e WHERE e.activity_id = d.activity_id " \
                 "AND e.user_id = d.user_id AND e.union_code = ?2))"

int store_payouts_each(struct db *db, int64_t activity_id, const char *union_code, enum payout_pick pick,
                       int64_t before, int64_t limit, int (*fn)(const struct payout *p, void *arg), void *arg)
{
	sqlite3_stmt *st;
	int rc = db_prepare(db, &st, "SELECT " PAYOUT_COLUMNS "WHERE d.activity_id = ?1 AND " IN_UNION
	                    " AND (?3 = 0 OR (?3 = 1 AND p.state IN ('paying', 'wait_confirm') AND p.created_at < ?4)"
	                    " OR (?3 = 2 AND p.state IN ('failed', 'expired'))) ORDER BY p.id DESC LIMIT ?5",
	                    "itnii", activity_id, union_code, (int)pick, before, limit);
	if (rc != SQLITE_OK)
		return rc;
	struct payout p;
	while ((rc = db_step(db, st)) == SQLITE_ROW) {
		read_payout(st, &p);
		int stop = fn(&p, arg);
		if (stop != SQLITE_OK) {
			sqlite3_reset(st);
			return stop;
		}
	}
	return db_finish(st, rc);
}

int store_payouts_totals(struct db *db, int64_t activity_id, const char *union_code, const char *day,
                         struct payout_totals *t)
{
	memset(t, 0, sizeof *t);
	sqlite3_stmt *st;
	int rc = db_prepare(db, &st, "SELECT p.state, count(*), sum(p.amount_fen), sum(p.test_mode) FROM payouts p "
	                             "JOIN draws d ON d.id = p.draw_id WHERE d.activity_id = ?1 AND " IN_UNION
	                             " AND p.attempt = (SELECT max(attempt) FROM payouts q WHERE q.draw_id = p.draw_id) "
	                             "GROUP BY p.state", "it", activity_id, union_code);
	if (rc != SQLITE_OK)
		return rc;
	while ((rc = db_step(db, st)) == SQLITE_ROW) {
		enum rules_payout_state s;
		if (!rules_payout_state_parse((const char *)sqlite3_column_text(st, 0), &s))
			continue;
		t->count[s] = sqlite3_column_int64(st, 1);
		t->fen[s] = sqlite3_column_int64(st, 2);
		t->test_mode += sqlite3_column_int64(st, 3);
	}
	rc = db_finish(st, rc);
	if (rc == SQLITE_OK)
		rc = db_get_int(db, &t->draws_today, "SELECT count(*) FROM draws d WHERE d.activity_id = ?1 AND " IN_UNION
		                " AND d.day = ?3", "itt", activity_id, union_code, day);
	return rc;
}

int store_payout_pause(struct db *db, const char *reason, int64_t now, int64_t retry_at)
{
	return db_execf(db, "INSERT INTO payout_pause (id, reason, paused_at, retry_at) VALUES (1, ?1, ?2, ?3) "
	                    "ON CONFLICT (id) DO UPDATE SET reason = excluded.reason, retry_at = excluded.retry_at",
	                "tii", reason, now, retry_at);
}

int store_payout_paused(struct db *db, int64_t now, bool *paused, int64_t *since)
{
	int64_t at = 0;
	int rc = db_get_int(db, &at, "SELECT paused_at FROM payout_pause WHERE id = 1 AND retry_at > ?1", "i", now);
	*paused = rc == SQLITE_OK;
	if (since)
		*since = *paused ? at : 0;
	return rc == DB_NOTFOUND ? SQLITE_OK : rc;
}

int store_payout_pause_flag(struct db *db, bool *flagged, int64_t *since)
{
	return store_payout_paused(db, INT64_MIN, flagged, since);
}

int store_payout_resume(struct db *db, int64_t now)
{
	int rc = db_execf(db, "DELETE FROM payout_pause", "");
	if (rc == SQLITE_OK)
		rc = db_execf(db, "UPDATE payouts SET next_try_at = ?1 WHERE state IN ('paying', 'wait_confirm') "
		                  "AND fail_code = 'NOT_ENOUGH' AND next_try_at > ?1", "i", now);
	return rc;
}
