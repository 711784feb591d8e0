#include "store_prizes.h"

#include "db.h"
#include "store_fairplay.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Who may enter the draw: every enrolled badge holder not disqualified when
 * the entries are frozen (RULES §14). */
#define ENTRY_ELIGIBLE "NOT " FAIRPLAY_DISQUALIFIED_NOW("b.activity_id", "b.user_id")

static void copy_text(char *dst, size_t size, const unsigned char *src)
{
	snprintf(dst, size, "%s", src ? (const char *)src : "");
}

int store_prizes_add(struct db *db, int64_t activity_id, const char *name, int64_t quantity, int64_t now,
                     int64_t *id)
{
	int rc = db_execf(db, "INSERT INTO grand_prizes (activity_id, name, quantity, created_at) VALUES (?1, ?2, ?3, ?4)",
	                  "itii", activity_id, name, quantity, now);
	if (rc == SQLITE_OK)
		*id = sqlite3_last_insert_rowid(db_handle(db));
	return rc;
}

int store_prizes_each(struct db *db, int64_t activity_id, void (*fn)(const struct grand_prize *p, void *arg),
                      void *arg)
{
	sqlite3_stmt *st;
	int rc = db_prepare(db, &st, "SELECT g.id, g.name, g.quantity, (SELECT count(*) FROM awards a"
	                             " WHERE a.grand_prize_id = g.id) FROM grand_prizes g WHERE g.activity_id = ?1"
	                             " ORDER BY g.id", "i", activity_id);
	while ((rc == SQLITE_OK || rc == SQLITE_ROW) && (rc = db_step(db, st)) == SQLITE_ROW) {
		struct grand_prize p = { .id = sqlite3_column_int64(st, 0), .quantity = sqlite3_column_int64(st, 2),
		                         .won = sqlite3_column_int64(st, 3) };
		copy_text(p.name, sizeof p.name, sqlite3_column_text(st, 1));
		fn(&p, arg);
	}
	return st ? db_finish(st, rc) : rc;
}

int store_prize_draw_get(struct db *db, int64_t activity_id, struct prize_draw *out)
{
	sqlite3_stmt *st;
	int rc = db_row(db, &st, "SELECT seed, commitment, entries_sha256, entries, committed_at,"
	                         " coalesce(drawn_at, 0), coalesce(revealed_at, 0) FROM prize_draws WHERE activity_id = ?1",
	                "i", activity_id);
	if (rc != SQLITE_ROW)
		return rc;
	memset(out, 0, sizeof *out);
	if (sqlite3_column_bytes(st, 0) == PRIZE_SEED_SIZE)
		memcpy(out->seed, sqlite3_column_blob(st, 0), PRIZE_SEED_SIZE);
	copy_text(out->commitment, sizeof out->commitment, sqlite3_column_text(st, 1));
	copy_text(out->entries_sha256, sizeof out->entries_sha256, sqlite3_column_text(st, 2));
	out->entries = sqlite3_column_int64(st, 3);
	out->committed_at = sqlite3_column_int64(st, 4);
	out->drawn_at = sqlite3_column_int64(st, 5);
	out->revealed_at = sqlite3_column_int64(st, 6);
	sqlite3_reset(st);
	return SQLITE_OK;
}

int store_prize_entries_each(struct db *db, int64_t activity_id,
                             void (*fn)(const struct prize_entry *e, void *arg), void *arg)
{
	sqlite3_stmt *st;
	int rc = db_prepare(db, &st, "SELECT p.entry_no, p.user_id, p.badge, coalesce(e.name, ''), coalesce(e.union_code, '')"
	                             " FROM prize_entries p LEFT JOIN enrollments e ON e.activity_id = p.activity_id"
	                             " AND e.user_id = p.user_id WHERE p.activity_id = ?1 ORDER BY p.entry_no",
	                    "i", activity_id);
	while ((rc == SQLITE_OK || rc == SQLITE_ROW) && (rc = db_step(db, st)) == SQLITE_ROW) {
		struct prize_entry e = {
			.entry_no = sqlite3_column_int64(st, 0),
			.user_id = sqlite3_column_int64(st, 1),
			.badge = (const char *)sqlite3_column_text(st, 2),
			.name = (const char *)sqlite3_column_text(st, 3),
			.union_code = (const char *)sqlite3_column_text(st, 4),
		};
		fn(&e, arg);
	}
	return st ? db_finish(st, rc) : rc;
}

static void append_line(const struct prize_entry *e, void *arg)
{
	buf_printf(arg, "%lld,%lld,%s\n", (long long)e->entry_no, (long long)e->user_id, e->badge);
}

int store_prize_entries_text(struct db *db, int64_t activity_id, struct buf *out)
{
	return store_prize_entries_each(db, activity_id, append_line, out);
}

int store_prize_commit(struct db *db, int64_t activity_id, const unsigned char seed[PRIZE_SEED_SIZE], int64_t now,
                       struct prize_draw *out)
{
	/* The documented order: earned_at, then the participant's id, then the badge's name. */
	int rc = db_execf(db, "INSERT INTO prize_entries (activity_id, entry_no, user_id, badge)"
	                      " SELECT b.activity_id, row_number() OVER (ORDER BY b.earned_at, b.user_id, b.kind),"
	                      " b.user_id, b.kind FROM badges b JOIN enrollments e ON e.activity_id = b.activity_id"
	                      " AND e.user_id = b.user_id WHERE b.activity_id = ?1 AND " ENTRY_ELIGIBLE,
	                  "i", activity_id);
	int64_t entries = rc == SQLITE_OK ? sqlite3_changes(db_handle(db)) : 0;
	struct buf text = { 0 };
	if (rc == SQLITE_OK)
		rc = store_prize_entries_text(db, activity_id, &text);
	char commitment[CRYPTO_SHA256_HEX_SIZE], entries_sha[CRYPTO_SHA256_HEX_SIZE];
	crypto_sha256_hex(seed, PRIZE_SEED_SIZE, commitment);
	crypto_sha256_hex(text.data ? text.data : "", text.len, entries_sha);
	buf_free(&text);
	if (rc == SQLITE_OK)
		rc = db_execf(db, "INSERT INTO prize_draws (activity_id, seed, commitment, entries_sha256, entries, committed_at)"
		                  " VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
		              "ibttii", activity_id, seed, PRIZE_SEED_SIZE, commitment, entries_sha, entries, now);
	return rc == SQLITE_OK ? store_prize_draw_get(db, activity_id, out) : rc;
}

/* The slots: each prize's id, quantity times, in draw order. */
static int load_slots(struct db *db, int64_t activity_id, int64_t **slots, size_t *n)
{
	sqlite3_stmt *st;
	size_t cap = 0;
	int rc = db_prepare(db, &st, "SELECT id, quantity FROM grand_prizes WHERE activity_id = ?1 ORDER BY id", "i",
	                    activity_id);
	bool room = true;
	while (room && rc == SQLITE_OK && (rc = db_step(db, st)) == SQLITE_ROW) {
		int64_t id = sqlite3_column_int64(st, 0), q = sqlite3_column_int64(st, 1);
		for (int64_t k = 0; k < q && room; k++) {
			if (*n == cap) {
				cap = cap ? 2 * cap : 64;
				int64_t *p = realloc(*slots, cap * sizeof **slots);
				room = p != NULL;
				if (!room)
					break;
				*slots = p;
			}
			(*slots)[(*n)++] = id;
		}
		if (room)
			rc = SQLITE_OK;
	}
	if (!room)
		rc = SQLITE_NOMEM;
	return st ? db_finish(st, rc) : rc;
}

struct persons {
	int64_t *user_id, *entry_no;
	size_t n, cap;
	int rc;
};

static void take_person(const struct prize_entry *e, void *arg)
{
	struct persons *p = arg;
	if (p->rc != SQLITE_OK)
		return;
	if (p->n == p->cap) {
		size_t cap = p->cap ? 2 * p->cap : 256;
		int64_t *u = realloc(p->user_id, cap * sizeof *u);
		if (u)
			p->user_id = u;
		int64_t *x = u ? realloc(p->entry_no, cap * sizeof *x) : NULL;
		if (!x) {
			p->rc = SQLITE_NOMEM;
			return;
		}
		p->entry_no = x;
		p->cap = cap;
	}
	p->user_id[p->n] = e->user_id;
	p->entry_no[p->n++] = e->entry_no;
}

int store_prize_draw_run(struct db *db, int64_t activity_id, int64_t now, int64_t *winners)
{
	*winners = 0;
	struct prize_draw d;
	int rc = store_prize_draw_get(db, activity_id, &d);
	struct persons p = { .rc = SQLITE_OK };
	int64_t *slots = NULL;
	size_t nslots = 0, *won = NULL, filled = 0;
	if (rc == SQLITE_OK)
		rc = store_prize_entries_each(db, activity_id, take_person, &p);
	if (rc == SQLITE_OK)
		rc = p.rc;
	if (rc == SQLITE_OK)
		rc = load_slots(db, activity_id, &slots, &nslots);
	if (rc == SQLITE_OK && !(won = malloc((nslots ? nslots : 1) * sizeof *won)))
		rc = SQLITE_NOMEM;
	if (rc == SQLITE_OK && (filled = prize_draw_winners(d.seed, p.user_id, p.n, nslots, won)) == (size_t)-1)
		rc = SQLITE_NOMEM;
	for (size_t k = 0; rc == SQLITE_OK && k < filled; k++)
		rc = db_execf(db, "INSERT INTO awards (activity_id, user_id, kind, grand_prize_id, entry_no, created_at)"
		                  " VALUES (?1, ?2, 'grand', ?3, ?4, ?5)",
		              "iiiii", activity_id, p.user_id[won[k]], slots[k], p.entry_no[won[k]], now);
	if (rc == SQLITE_OK)
		rc = db_execf(db, "UPDATE prize_draws SET drawn_at = ?2 WHERE activity_id = ?1", "ii", activity_id, now);
	if (rc == SQLITE_OK)
		*winners = (int64_t)filled;
	free(p.user_id);
	free(p.entry_no);
	free(slots);
	free(won);
	return rc;
}

int store_prize_reveal(struct db *db, int64_t activity_id, int64_t now)
{
	return db_execf(db, "UPDATE prize_draws SET revealed_at = ?2 WHERE activity_id = ?1 AND drawn_at IS NOT NULL",
	                "ii", activity_id, now);
}
