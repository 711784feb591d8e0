#include "store_draws.h"

#include "calendar.h"
#include "db.h"
#include "store_ledger.h"
#include "store_pool.h"

#include <string.h>

#define DRAW_COLUMNS "SELECT id, activity_id, user_id, amount_fen, created_at FROM draws "

/* The draw on st's row (rc the db_row answer), with its newest payout. */
static int read_draw(struct db *db, sqlite3_stmt *st, int rc, struct draw *out)
{
	if (rc != SQLITE_ROW)
		return rc;
	memset(out, 0, sizeof *out);
	out->id = sqlite3_column_int64(st, 0);
	out->activity_id = sqlite3_column_int64(st, 1);
	out->user_id = sqlite3_column_int64(st, 2);
	out->amount_fen = sqlite3_column_int64(st, 3);
	out->created_at = sqlite3_column_int64(st, 4);
	sqlite3_reset(st);
	return store_payout_latest(db, out->id, &out->payout);
}

static int draw_by_key(struct db *db, const struct draw_request *rq, struct draw *out)
{
	sqlite3_stmt *st;
	int rc = db_row(db, &st, DRAW_COLUMNS "WHERE activity_id = ?1 AND user_id = ?2 AND idem_key = ?3", "iit",
	                rq->activity_id, rq->user_id, rq->idem_key);
	return read_draw(db, st, rc, out);
}

int store_draw_get(struct db *db, int64_t activity_id, int64_t user_id, int64_t draw_id, struct draw *out)
{
	sqlite3_stmt *st;
	int rc = db_row(db, &st, DRAW_COLUMNS "WHERE activity_id = ?1 AND user_id = ?2 AND id = ?3", "iii",
	                activity_id, user_id, draw_id);
	return read_draw(db, st, rc, out);
}

/* Takes the points, the tier and writes the draw and its payout. */
static int record(struct db *db, const struct draw_request *rq, int64_t amount_fen, const char *day,
                  struct draw *out)
{
	int rc = store_pool_take(db, rq->activity_id, amount_fen);
	if (rc == SQLITE_OK)
		rc = db_execf(db, "INSERT INTO draws (activity_id, user_id, idem_key, amount_fen, day, created_at) "
		                  "VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
		              "iititi", rq->activity_id, rq->user_id, rq->idem_key, amount_fen, day, rq->now);
	if (rc != SQLITE_OK)
		return rc;
	int64_t id = sqlite3_last_insert_rowid(db_handle(db));
	bool inserted = false;
	rc = store_ledger_award(db, rq->activity_id, rq->user_id, RULES_LEDGER_REDEEM, id, -rq->rules->points_per_draw,
	                        rq->now, &inserted);
	if (rc == SQLITE_OK && !inserted)
		rc = SQLITE_CONSTRAINT;   /* a new draw's id cannot have a ledger row yet */
	if (rc == SQLITE_OK)
		rc = store_payout_add(db, id, 1, rq->openid, amount_fen, rq->test_mode, rq->now, &out->payout);
	if (rc == SQLITE_OK) {
		out->id = id;
		out->activity_id = rq->activity_id;
		out->user_id = rq->user_id;
		out->amount_fen = amount_fen;
		out->created_at = rq->now;
	}
	return rc;
}

int store_draw_make(struct db *db, const struct draw_request *rq, enum draw_outcome *outcome, int *refusal,
                    struct draw *out, int64_t *balance_after)
{
	*outcome = DRAW_REFUSED;
	*refusal = RULES_DRAW_OK;
	int rc = draw_by_key(db, rq, out);
	if (rc == SQLITE_OK) {
		*outcome = DRAW_REPLAYED;
		return store_ledger_balance(db, rq->activity_id, rq->user_id, balance_after);
	}
	if (rc != DB_NOTFOUND)
		return rc;
	if (rq->disqualified) {
		*refusal = DRAW_REFUSED_DISQUALIFIED;
		return SQLITE_OK;
	}
	struct activity_rules rules = *rq->rules;
	struct pool pool;
	int64_t balance = 0, today_n = 0;
	char day[CAL_DAY_BUF];
	cal_format_day(cal_day_of(rq->now), day, sizeof day);
	rc = store_pool_load(db, &rules, rq->activity_id, &pool);
	if (rc == SQLITE_OK)
		rc = store_ledger_balance(db, rq->activity_id, rq->user_id, &balance);
	if (rc == SQLITE_OK)
		rc = store_pool_drawn_on(db, rq->activity_id, day, &today_n);
	if (rc != SQLITE_OK)
		return rc;
	rules.daily_release = pool.daily_release;
	int64_t remaining[RULES_DRAW_TIERS];
	for (int i = 0; i < RULES_DRAW_TIERS; i++)
		remaining[i] = pool.count[i] - pool.drawn[i];
	int tier = -1;
	enum rules_draw_status s = rules_redeem_check(&rules, rq->now, balance, remaining, today_n, rq->random, &tier);
	if (s == RULES_DRAW_BAD_POOL)
		return SQLITE_CORRUPT;   /* the CHECKs of schema 024 make this impossible */
	if (s != RULES_DRAW_OK) {
		*refusal = (int)s;
		return SQLITE_OK;
	}
	rc = record(db, rq, rules.draw_tier_fen[tier], day, out);
	if (rc == SQLITE_OK) {
		*outcome = DRAW_MADE;
		*balance_after = balance - rules.points_per_draw;
	}
	return rc;
}

int store_draws_of_user(struct db *db, int64_t activity_id, int64_t user_id, int limit,
                        void (*fn)(const struct draw *d, void *arg), void *arg)
{
	int64_t ids[100];
	int n = 0;
	if (limit > 100)
		limit = 100;
	sqlite3_stmt *st;
	int rc = db_prepare(db, &st, "SELECT id FROM draws WHERE activity_id = ?1 AND user_id = ?2 "
	                             "ORDER BY id DESC LIMIT ?3", "iin", activity_id, user_id, limit);
	if (rc != SQLITE_OK)
		return rc;
	while (n < limit && (rc = db_step(db, st)) == SQLITE_ROW)
		ids[n++] = sqlite3_column_int64(st, 0);
	rc = db_finish(st, rc);
	struct draw d;
	for (int i = 0; i < n && rc == SQLITE_OK; i++)
		if ((rc = store_draw_get(db, activity_id, user_id, ids[i], &d)) == SQLITE_OK)
			fn(&d, arg);
	return rc;
}

int store_draw_claim(struct db *db, int64_t activity_id, int64_t user_id, int64_t draw_id, int64_t now,
                     bool *allowed, struct draw *out)
{
	*allowed = false;
	int rc = store_draw_get(db, activity_id, user_id, draw_id, out);
	if (rc != SQLITE_OK)
		return rc;
	const struct payout *last = &out->payout;
	if (last->state != RULES_PAYOUT_EXPIRED && last->state != RULES_PAYOUT_FAILED)
		return SQLITE_OK;
	struct payout next;
	rc = store_payout_add(db, draw_id, last->attempt + 1, last->openid, out->amount_fen, false, now, &next);
	if (rc == SQLITE_OK) {
		out->payout = next;
		*allowed = true;
	}
	return rc;
}
