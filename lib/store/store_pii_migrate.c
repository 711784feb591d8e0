#include "store_pii_migrate.h"

#include "db.h"
#include "store_pii_seal.h"

#include <mbedtls/platform_util.h>
#include <stdlib.h>
#include <string.h>

/* One sealed column: its place's prefix, the page it is read in (key pair
 * after (?1, ?2), at most ?3 rows: key, key, value), and the replacement of
 * one value (:a, :b the key, :old what was read, :new the sealed text, and
 * for a mobile :index and :tail, its hashes). */
struct pii_column {
	const char *place;
	const char *page_sql;
	const char *replace_sql;
	int has_ids;   /* b is part of the place (enrollments: activity and user) */
};

static const struct pii_column columns[] = {
	{ "enrollments.mobile",
	  "SELECT activity_id, user_id, mobile FROM enrollments WHERE (activity_id, user_id) > (?1, ?2)"
	  " ORDER BY activity_id, user_id LIMIT ?3",
	  "UPDATE enrollments SET mobile = :new, mobile_index = :index, mobile_tail_index = :tail"
	  " WHERE activity_id = :a AND user_id = :b AND mobile = :old", 1 },
	{ "awards.recipient",
	  "SELECT id, 0, recipient FROM awards WHERE (id, 0) > (?1, ?2) AND recipient IS NOT NULL ORDER BY id LIMIT ?3",
	  "UPDATE awards SET recipient = :new WHERE id = :a AND recipient = :old", 0 },
	{ "awards.mobile",
	  "SELECT id, 0, mobile FROM awards WHERE (id, 0) > (?1, ?2) AND mobile IS NOT NULL ORDER BY id LIMIT ?3",
	  "UPDATE awards SET mobile = :new WHERE id = :a AND mobile = :old", 0 },
	{ "awards.detail",
	  "SELECT id, 0, detail FROM awards WHERE (id, 0) > (?1, ?2) AND detail IS NOT NULL ORDER BY id LIMIT ?3",
	  "UPDATE awards SET detail = :new WHERE id = :a AND detail = :old", 0 },
};

struct cell {
	int64_t a, b;
	char old[PII_SEALED_SIZE];
};

struct page {
	struct cell *cells;
	int n, read;
	int64_t after_a, after_b;
};

/* The cells of the page after (after_a, after_b) not under the current key. */
static int read_page(struct db *db, const struct sealer *s, const struct pii_column *c, int chunk, struct page *p)
{
	sqlite3_stmt *st;
	p->n = p->read = 0;
	int rc = db_prepare(db, &st, c->page_sql, "iii", p->after_a, p->after_b, (int64_t)chunk);
	if (rc != SQLITE_OK)
		return rc;
	while ((rc = db_step(db, st)) == SQLITE_ROW) {
		const char *v = (const char *)sqlite3_column_text(st, 2);
		p->after_a = sqlite3_column_int64(st, 0);
		p->after_b = sqlite3_column_int64(st, 1);
		p->read++;
		if (!v || !v[0] || sealed_is_current(s, v) || strlen(v) >= PII_SEALED_SIZE)
			continue;
		struct cell *x = &p->cells[p->n++];
		x->a = p->after_a;
		x->b = p->after_b;
		memcpy(x->old, v, strlen(v) + 1);
	}
	return db_finish(st, rc);
}

static int bind_named(sqlite3_stmt *st, const char *name, const char *text)
{
	int i = sqlite3_bind_parameter_index(st, name);
	return i ? sqlite3_bind_text(st, i, text, -1, SQLITE_TRANSIENT) : SQLITE_OK;
}

/* Replaces one cell's value.  *sealed counts it; *unopened one that does not
 * open. */
static int replace_cell(struct db *db, struct sealer *s, const struct pii_column *c, const struct cell *x,
                        struct pii_sealing *counts)
{
	char place[80], plain[SEALED_PLAIN_MAX + 1], fresh[PII_SEALED_SIZE];
	char index[SEALED_INDEX_HEX_SIZE], tail[SEALED_INDEX_HEX_SIZE];
	pii_place(place, sizeof place, c->place, x->a, c->has_ids ? x->b : -1);
	if (!pii_open(s, place, x->old, plain, sizeof plain) || pii_seal(s, place, plain, fresh) != 0) {
		counts->unopened++;
		return SQLITE_OK;
	}
	size_t n = strlen(plain);
	pii_mobile_index(s, plain, index);
	pii_mobile_tail_index(s, n >= 4 ? plain + n - 4 : plain, tail);
	mbedtls_platform_zeroize(plain, sizeof plain);
	sqlite3_stmt *st = db_stmt(db, c->replace_sql);
	if (!st)
		return db_last_error(db);
	int rc = sqlite3_bind_int64(st, sqlite3_bind_parameter_index(st, ":a"), x->a);
	if (rc == SQLITE_OK && sqlite3_bind_parameter_index(st, ":b"))
		rc = sqlite3_bind_int64(st, sqlite3_bind_parameter_index(st, ":b"), x->b);
	if (rc == SQLITE_OK)
		rc = bind_named(st, ":old", x->old);
	if (rc == SQLITE_OK)
		rc = bind_named(st, ":new", fresh);
	if (rc == SQLITE_OK)
		rc = bind_named(st, ":index", index);
	if (rc == SQLITE_OK)
		rc = bind_named(st, ":tail", tail);
	if (rc == SQLITE_OK)
		rc = db_step(db, st);
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return db_note_rc(db, rc);
	counts->sealed += sqlite3_changes(db_handle(db));
	return SQLITE_OK;
}

static int replace_page(struct db *db, struct sealer *s, const struct pii_column *c, const struct page *p,
                        struct pii_sealing *progress)
{
	struct pii_sealing counts = { 0 };
	int rc = db_begin_write(db);
	/* The same values sealed anew: a mobile's new hash replaces its old one in
	 * the fair-play history instead of adding a mobile (schema 041). */
	if (rc == SQLITE_OK)
		rc = db_exec(db, "INSERT INTO pii_rehashing (open) VALUES (1)");
	for (int i = 0; i < p->n && rc == SQLITE_OK; i++)
		rc = replace_cell(db, s, c, &p->cells[i], &counts);
	if (rc == SQLITE_OK)
		rc = db_exec(db, "DELETE FROM pii_rehashing");
	if (rc == SQLITE_OK)
		rc = db_commit(db);
	if (rc != SQLITE_OK) {
		db_rollback(db);
		return rc;
	}
	progress->sealed += counts.sealed;
	progress->unopened += counts.unopened;
	return SQLITE_OK;
}

static int seal_column(struct db *db, struct sealer *s, const struct pii_column *c, struct page *p, int chunk,
                       struct pii_sealing *progress)
{
	int rc;
	p->after_a = p->after_b = -1;
	do {
		rc = read_page(db, s, c, chunk, p);
		if (rc == SQLITE_OK && p->n > 0)
			rc = replace_page(db, s, c, p, progress);
		progress->read += p->read;
	} while (rc == SQLITE_OK && p->read == chunk);
	return rc;
}

int store_pii_seal_all(struct db *db, struct sealer *s, int chunk_rows, struct pii_sealing *progress)
{
	struct page p = { .cells = calloc((size_t)chunk_rows, sizeof(struct cell)) };
	if (!p.cells)
		abort();   /* like every allocation here: see buf.h */
	int rc = db_exec(db, "PRAGMA secure_delete = ON");
	for (size_t i = 0; i < sizeof columns / sizeof columns[0] && rc == SQLITE_OK; i++)
		rc = seal_column(db, s, &columns[i], &p, chunk_rows, progress);
	mbedtls_platform_zeroize(p.cells, (size_t)chunk_rows * sizeof(struct cell));   /* values in the clear */
	free(p.cells);
	return rc;
}
