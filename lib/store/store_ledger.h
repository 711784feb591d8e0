#ifndef WALK_STORE_LEDGER_H
#define WALK_STORE_LEDGER_H
/*
 * The points ledger (RULES §4): append-only rows keyed by
 * (activity, user, kind, ref).  Awarding twice under one key is impossible:
 * the second insert is ignored, so a retried request or a re-run of the nightly
 * job cannot award anything again.
 *
 * A ref is the number that rules_ledger_ref writes out: a day's number for
 * the kinds keyed by a day, else the essay's, team's, draw's or correction's.
 * The rows live in ledger_entries (schema 042), whose ids only the functions
 * here hand out; the view `ledger` shows them as people read them.
 *
 * Return codes (lib/base/db.h): SQLITE_OK or the SQLite error as SQLite gave
 * it (a BUSY stays BUSY); no function here answers DB_NOTFOUND: an absent key
 * is a false "exists", an empty ledger a balance of 0.
 */
#include "rules.h"

#include <stdbool.h>
#include <stdint.h>

struct db;

struct ledger_row {
	int64_t id;
	enum rules_ledger_kind kind;
	char ref[RULES_REF_BUF];
	int64_t amount;
	int64_t created_at;
};

/* Appends a row unless its natural key exists.  *inserted says which (may be
 * NULL).  Returns an SQLite code.  Call inside the write transaction of the
 * operation that causes the award. */
int store_ledger_award(struct db *db, int64_t activity_id, int64_t user_id, enum rules_ledger_kind kind,
                       int64_t ref, int64_t amount, int64_t now, bool *inserted);
/* Many awards under one ref in one statement, for the nightly settlement:
 * store_ledger_stage_clear empties the temporary table of staged awards (and
 * makes it on first use), store_ledger_stage adds one (a zero amount adds
 * nothing), and store_ledger_award_staged appends every staged row whose key
 * is new, *inserted getting how many.  Inside one write transaction. */
int store_ledger_stage_clear(struct db *db);
int store_ledger_stage(struct db *db, int64_t user_id, enum rules_ledger_kind kind, int64_t amount);
int store_ledger_award_staged(struct db *db, int64_t activity_id, int64_t ref, int64_t now, int64_t *inserted);
/* Whether the key exists, into *exists.  Inside the write transaction when the
 * answer decides an award. */
int store_ledger_has(struct db *db, int64_t activity_id, int64_t user_id, enum rules_ledger_kind kind,
                     int64_t ref, bool *exists);
/* Whether the user has any row of kind in the activity (e.g. the leader bonus,
 * once per leader per activity whatever the team). */
int store_ledger_has_kind(struct db *db, int64_t activity_id, int64_t user_id, enum rules_ledger_kind kind,
                          bool *exists);
/* The user's balance in the activity: the sum of their rows (0 for none). */
int store_ledger_balance(struct db *db, int64_t activity_id, int64_t user_id, int64_t *balance);
/* The latest created_at of the user's rows of kind whose ref is in
 * [from, to] (days), into *at; 0 for none. */
int store_ledger_last_at(struct db *db, int64_t activity_id, int64_t user_id, enum rules_ledger_kind kind,
                         int32_t from, int32_t to, int64_t *at);
/* Rows newest first with id < before (before <= 0: from the newest), at most
 * limit; fn is called for each.  Returns an SQLite code. */
int store_ledger_page(struct db *db, int64_t activity_id, int64_t user_id, int64_t before, int limit,
                      void (*fn)(const struct ledger_row *row, void *arg), void *arg);
/* The days (as day numbers) with a row of kind, oldest first, into days (at
 * most max); *n gets the count.  For attendance (check-ins).  Returns an
 * SQLite code. */
int store_ledger_days_of_kind(struct db *db, int64_t activity_id, int64_t user_id,
                              enum rules_ledger_kind kind, int32_t *days, int max, int *n);
/* Rows whose ref is a day in [from, to], for per-day summaries; fn gets each
 * row with its day.  Returns an SQLite code. */
int store_ledger_day_rows(struct db *db, int64_t activity_id, int64_t user_id, int32_t from, int32_t to,
                          void (*fn)(int32_t day, const struct ledger_row *row, void *arg), void *arg);

#endif
