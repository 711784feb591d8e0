#ifndef WALK_STORE_PII_MIGRATE_H
#define WALK_STORE_PII_MIGRATE_H
/*
 * Bringing every personal field (store_pii_seal.h) under the current data
 * key: values from before sealing (`walkctl migrate`) and values sealed under
 * the previous key of a rotation (`walkctl pii rotate-key`, with
 * data_key_previous configured, see README "Personal information").
 *
 * Like store_user_seal.h: each column is read in pages of chunk rows without
 * a lock, and the values of a page that need it are replaced in one short
 * write transaction of their own, each only if the row still holds what was
 * read (a participant changing it in between wins).  The workers keep
 * serving: with data_key_previous set they open values under either key and
 * search by both keys' hashes.  A page with nothing to do writes nothing; a
 * run stopped anywhere leaves the pages it committed done, for the next run
 * to complete.  secure_delete is turned on for the connection.
 */
#include "sealed.h"

#include <stdint.h>

struct db;

struct pii_sealing {
	int64_t read;       /* values read */
	int64_t sealed;     /* values (re)sealed under the current key */
	int64_t unopened;   /* values under neither key, or tampered: left as they are */
};

/* Every column, every page.  SQLITE_OK or the first error (what the pages
 * before it did stays done). */
int store_pii_seal_all(struct db *db, struct sealer *s, int chunk_rows, struct pii_sealing *progress);

#endif
