#include "store_user_seal.h"

#include "db.h"

#include <mbedtls/platform_util.h>
#include <stdlib.h>

/* Replaces the page's keys in one write transaction; *sealed counts them. */
static int replace_page(struct db *db, const struct user_key_page *page, int64_t *sealed)
{
	int rc = db_begin_write(db);
	int64_t replaced_keys = 0;
	for (int i = 0; i < page->n && rc == SQLITE_OK; i++) {
		bool replaced = false;
		rc = store_user_key_replace(db, &page->keys[i], &replaced);
		replaced_keys += replaced;
	}
	if (rc == SQLITE_OK)
		rc = db_commit(db);
	if (rc != SQLITE_OK) {
		db_rollback(db);
		return rc;
	}
	*sealed = replaced_keys;
	return SQLITE_OK;
}

int store_user_seal_chunk(struct db *db, struct sealer *s, int chunk_rows, struct key_sealing *progress,
                          bool *more)
{
	struct user_key_page page = { .after_id = progress->after_id };
	page.keys = calloc((size_t)chunk_rows, sizeof *page.keys);
	if (!page.keys)
		abort();   /* like every allocation here: see buf.h */
	*more = false;
	int64_t sealed = 0;
	int rc = store_user_keys_to_seal(db, s, chunk_rows, &page);
	if (rc == SQLITE_OK && page.n > 0)
		rc = replace_page(db, &page, &sealed);
	if (rc == SQLITE_OK) {
		progress->read += page.read;
		progress->sealed += sealed;
		progress->left += page.left;
		progress->after_id = page.after_id;
		*more = page.read == chunk_rows;
	}
	mbedtls_platform_zeroize(page.keys, (size_t)chunk_rows * sizeof *page.keys);   /* keys in the clear */
	free(page.keys);
	return rc;
}

int store_user_seal_all(struct db *db, struct sealer *s, int chunk_rows, struct key_sealing *progress)
{
	bool more = true;
	int rc = db_exec(db, "PRAGMA secure_delete = ON");
	while (more && rc == SQLITE_OK)
		rc = store_user_seal_chunk(db, s, chunk_rows, progress, &more);
	return rc;
}
