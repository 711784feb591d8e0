/* The fake WeChat Pay's bills and their states (WECHAT.md §6).  A new bill is
 * WAIT_USER_CONFIRM (scene 1000 with the user's confirmation), or ACCEPTED
 * (the fault "accepted") and WAIT_USER_CONFIRM at the next settle; the user's
 * confirmation (/fake/pay/confirm) makes it SUCCESS or FAIL, possibly through
 * TRANSFERING; a cancel makes it CANCELING, then CANCELLED; one unconfirmed
 * for 24 h of the server clock is CANCELLED.  Every move to a final state queues its callback in the same
 * transaction, so that a state is announced exactly once (and again only when
 * a fault or a test asks). */
#include "pay.h"

#include "clock.h"
#include "crypto.h"

#include <stdio.h>
#include <string.h>

const char fake_pay_schema[] =
	/* fields: every field of the request that makes the bill, canonical
	 * (pay_fields.c): the same out_bill_no with other fields is refused.
	 * created_at, updated_at: the server clock. */
	"CREATE TABLE IF NOT EXISTS pay_bills ("
	"  out_bill_no TEXT PRIMARY KEY, transfer_bill_no TEXT NOT NULL UNIQUE, appid TEXT NOT NULL,"
	"  openid TEXT NOT NULL, remark TEXT NOT NULL, notify_url TEXT NOT NULL, fields TEXT NOT NULL,"
	"  state TEXT NOT NULL, fail_reason TEXT NOT NULL DEFAULT '', package_info TEXT NOT NULL,"
	"  amount INTEGER NOT NULL, created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL);"
	"CREATE INDEX IF NOT EXISTS pay_bills_open ON pay_bills(state, created_at);"
	/* Every call of a pay API and every callback delivery, for GET /fake/calls. */
	"CREATE TABLE IF NOT EXISTS pay_calls ("
	"  id INTEGER PRIMARY KEY, api TEXT NOT NULL, method TEXT NOT NULL, path TEXT NOT NULL,"
	"  query TEXT NOT NULL, body TEXT NOT NULL, out_bill_no TEXT, amount INTEGER NOT NULL,"
	"  signature_valid INTEGER NOT NULL, status INTEGER NOT NULL, code TEXT NOT NULL,"
	"  fault TEXT NOT NULL, at INTEGER NOT NULL);"
	/* Callbacks to deliver (pay_notify.c); times in real milliseconds. */
	"CREATE TABLE IF NOT EXISTS pay_notifies ("
	"  id INTEGER PRIMARY KEY, out_bill_no TEXT NOT NULL, url TEXT NOT NULL, body TEXT NOT NULL,"
	"  status TEXT NOT NULL DEFAULT 'pending', attempts INTEGER NOT NULL DEFAULT 0,"
	"  next_ms INTEGER NOT NULL, held INTEGER NOT NULL DEFAULT 0,"
	"  bad_signature INTEGER NOT NULL DEFAULT 0, created_ms INTEGER NOT NULL);"
	"CREATE INDEX IF NOT EXISTS pay_notifies_pending ON pay_notifies(status, id);";

bool pay_state_final(const char *state)
{
	return strcmp(state, "SUCCESS") == 0 || strcmp(state, "FAIL") == 0 || strcmp(state, "CANCELLED") == 0;
}

static const char *col(struct arena *a, sqlite3_stmt *st, int i)
{
	const char *s = (const char *)sqlite3_column_text(st, i);
	return arena_strdup(a, s ? s : "");
}

void pay_bill_from_row(struct arena *a, sqlite3_stmt *st, struct pay_bill *b)
{
	b->out_bill_no = col(a, st, 0);
	b->transfer_bill_no = col(a, st, 1);
	b->appid = col(a, st, 2);
	b->openid = col(a, st, 3);
	b->remark = col(a, st, 4);
	b->notify_url = col(a, st, 5);
	b->fields = col(a, st, 6);
	b->state = col(a, st, 7);
	b->fail_reason = col(a, st, 8);
	b->package_info = col(a, st, 9);
	b->amount = sqlite3_column_int64(st, 10);
	b->created_at = sqlite3_column_int64(st, 11);
	b->updated_at = sqlite3_column_int64(st, 12);
}

static int bill_get(struct db *db, struct arena *a, const char *out_bill_no, struct pay_bill *b)
{
	sqlite3_stmt *st;
	int rc = db_row(db, &st, "SELECT " PAY_BILL_COLUMNS " FROM pay_bills WHERE out_bill_no = ?1", "t", out_bill_no);
	if (rc != SQLITE_ROW)
		return rc;
	pay_bill_from_row(a, st, b);
	sqlite3_reset(st);
	return SQLITE_OK;
}

int pay_bill_get(struct request *req, const char *out_bill_no, struct pay_bill *b)
{
	return bill_get(fake_of(req)->state, req->arena, out_bill_no, b);
}

/* WeChat's bill numbers are 40 digits; these are "1330" and 36 random ones. */
static const char *new_transfer_bill_no(struct request *req)
{
	char *s = arena_alloc(req->arena, 41);
	memcpy(s, "1330", 4);
	for (int i = 4; i < 40; i++)
		s[i] = (char)('0' + crypto_random_below(10));
	s[40] = '\0';
	return s;
}

int pay_bill_create(struct request *req, const struct pay_transfer *t, const char *state, int64_t now,
                    struct pay_bill *b)
{
	unsigned char rnd[48];
	char package[80];
	crypto_random(rnd, sizeof rnd);
	crypto_base64_encode(rnd, sizeof rnd, package, sizeof package);
	*b = (struct pay_bill){
		.out_bill_no = t->out_bill_no, .transfer_bill_no = new_transfer_bill_no(req), .appid = t->appid,
		.openid = t->openid, .remark = t->remark, .notify_url = t->notify_url, .fields = t->fields,
		.state = state, .fail_reason = "", .package_info = arena_strdup(req->arena, package),
		.amount = t->amount, .created_at = now, .updated_at = now,
	};
	return db_execf(fake_of(req)->state,
	                "INSERT INTO pay_bills(" PAY_BILL_COLUMNS ") "
	                "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
	                "tttttttttt" "iii", b->out_bill_no, b->transfer_bill_no, b->appid, b->openid, b->remark,
	                b->notify_url, b->fields, b->state, b->fail_reason, b->package_info, b->amount,
	                b->created_at, b->updated_at);
}

int pay_bill_move(struct db *db, const char *out_bill_no, const char *from, const char *state,
                  const char *fail_reason, int64_t now)
{
	/* from is a '|'-separated list: "|WAIT_USER_CONFIRM|ACCEPTED|" contains "|STATE|". */
	sqlite3_stmt *st;
	int rc = db_row(db, &st,
	                "UPDATE pay_bills SET state = ?2, fail_reason = ?3, updated_at = ?4 "
	                "WHERE out_bill_no = ?1 AND instr('|' || ?5 || '|', '|' || state || '|') > 0 "
	                "RETURNING out_bill_no",
	                "ttti" "t", out_bill_no, state, fail_reason ? fail_reason : "", now, from);
	if (rc != SQLITE_ROW)
		return rc;
	sqlite3_reset(st);
	return pay_state_final(state) ? pay_notify_queue(db, out_bill_no, 1) : SQLITE_OK;
}

int pay_bills_settle(struct db *db, int64_t now)
{
	/* The moves time makes: from, to, the reason. */
	static const struct {
		const char *from, *to, *reason;
	} moves[] = {
		{ "ACCEPTED", "WAIT_USER_CONFIRM", "" },   /* accepted, then put to the user */
		{ "CANCELING", "CANCELLED", "" },
		{ "WAIT_USER_CONFIRM", "CANCELLED", "超时未确认" },
	};
	enum { NMOVES = sizeof moves / sizeof moves[0] };
#define DUE_BILLS                                                                                                  \
	"FROM pay_bills WHERE state IN ('ACCEPTED', 'CANCELING') OR (state = 'WAIT_USER_CONFIRM' AND created_at <= ?1)"
	bool due;
	/* Most of the time there is nothing to do: no write lock for that. */
	int rc = db_exists(db, &due, "SELECT 1 " DUE_BILLS, "i", now - PAY_CONFIRM_SECONDS);
	if (rc != SQLITE_OK || !due)
		return rc;
	if ((rc = db_begin_write(db)) != SQLITE_OK)
		return rc;
	sqlite3_stmt *st;
	rc = db_prepare(db, &st, "SELECT out_bill_no, state " DUE_BILLS, "i", now - PAY_CONFIRM_SECONDS);
	enum { BATCH = 200 };   /* the next call moves the rest */
	char bills[BATCH][33];
	int move[BATCH];
	int n = 0;
	if (rc == SQLITE_OK) {
		while (n < BATCH && (rc = db_step(db, st)) == SQLITE_ROW) {
			snprintf(bills[n], sizeof bills[n], "%s", (const char *)sqlite3_column_text(st, 0));
			const char *state = (const char *)sqlite3_column_text(st, 1);
			for (move[n] = 0; move[n] < NMOVES && strcmp(moves[move[n]].from, state) != 0; move[n]++)
				;
			n += move[n] < NMOVES;   /* DUE_BILLS selects only the states of moves */
		}
		rc = db_finish(st, rc);
	}
	for (int i = 0; rc == SQLITE_OK && i < n; i++)
		rc = pay_bill_move(db, bills[i], moves[move[i]].from, moves[move[i]].to, moves[move[i]].reason, now);
	if (rc == SQLITE_OK)
		rc = db_commit(db);
	if (rc != SQLITE_OK)
		db_rollback(db);
	return rc;
}

cJSON *pay_bill_json(struct request *req, const struct pay_bill *b)
{
	cJSON *o = cJSON_CreateObject();
	cJSON_AddStringToObject(o, "mch_id", fake_pay()->mch_id);
	cJSON_AddStringToObject(o, "out_bill_no", b->out_bill_no);
	cJSON_AddStringToObject(o, "transfer_bill_no", b->transfer_bill_no);
	cJSON_AddStringToObject(o, "appid", b->appid);
	cJSON_AddStringToObject(o, "state", b->state);
	cJSON_AddNumberToObject(o, "transfer_amount", (double)b->amount);
	cJSON_AddStringToObject(o, "transfer_remark", b->remark);
	if (*b->fail_reason)
		cJSON_AddStringToObject(o, "fail_reason", b->fail_reason);
	cJSON_AddStringToObject(o, "openid", b->openid);
	cJSON_AddStringToObject(o, "create_time", pay_time_text(req, b->created_at));
	cJSON_AddStringToObject(o, "update_time", pay_time_text(req, b->updated_at));
	return o;
}

cJSON *pay_bill_created_json(struct request *req, const struct pay_bill *b)
{
	cJSON *o = cJSON_CreateObject();
	cJSON_AddStringToObject(o, "out_bill_no", b->out_bill_no);
	cJSON_AddStringToObject(o, "transfer_bill_no", b->transfer_bill_no);
	cJSON_AddStringToObject(o, "create_time", pay_time_text(req, b->created_at));
	cJSON_AddStringToObject(o, "state", b->state);
	if (strcmp(b->state, "WAIT_USER_CONFIRM") == 0)
		cJSON_AddStringToObject(o, "package_info", b->package_info);
	if (*b->fail_reason)
		cJSON_AddStringToObject(o, "fail_reason", b->fail_reason);
	return o;
}

cJSON *pay_bill_control_json(const struct pay_bill *b)
{
	cJSON *o = cJSON_CreateObject();
	cJSON_AddStringToObject(o, "out_bill_no", b->out_bill_no);
	cJSON_AddStringToObject(o, "transfer_bill_no", b->transfer_bill_no);
	cJSON_AddStringToObject(o, "openid", b->openid);
	cJSON_AddNumberToObject(o, "amount", (double)b->amount);
	cJSON_AddStringToObject(o, "state", b->state);
	cJSON_AddStringToObject(o, "fail_reason", b->fail_reason);
	cJSON_AddStringToObject(o, "notify_url", b->notify_url);
	/* what wx.requestMerchantTransfer is given: a client playing it finds its bill by this */
	cJSON_AddStringToObject(o, "package_info", b->package_info);
	cJSON_AddNumberToObject(o, "created_at", (double)b->created_at);
	cJSON_AddNumberToObject(o, "updated_at", (double)b->updated_at);
	return o;
}
