#ifndef WALK_STORE_USER_SEAL_H
#define WALK_STORE_USER_SEAL_H
/*
 * Sealing the session keys that rows from before sealing hold in the clear
 * (store_user.h), as `walkctl migrate` does after the schema migrations.
 *
 * The users are read in pages of STORE_USER_SEAL_CHUNK by id, without a lock; the
 * keys of a page still in the clear are sealed in one short write transaction
 * of their own, so that the workers never wait long for the write lock while
 * a million rows are done.  Each replacement only happens if the row still
 * holds the value read (a login in between has sealed a newer key).  A page
 * with nothing in the clear writes nothing: a second run changes nothing, and
 * a run stopped at any point (killed, or failed) leaves every page it
 * committed sealed and the rest as it was, for the next run to complete.
 *
 * A value replaced in a page stays in the file as free space unless SQLite
 * overwrites it: the run turns secure_delete on for its connection (Debian's
 * SQLite has it on by default, SQLite's own build does not), so that what was
 * in the clear is zeroed where it lay.  Earlier copies of those pages
 * in the WAL are the caller's to truncate (a checkpoint, as walkctl migrate
 * does), and backups made before the run still hold what they held.
 */
#include "store_user.h"

#include <stdbool.h>
#include <stdint.h>

enum { STORE_USER_SEAL_CHUNK = 2000 };

struct key_sealing {
	int64_t read;     /* users read */
	int64_t sealed;   /* keys that were in the clear and are now sealed */
	int64_t left;     /* keys neither in the clear nor under this data key, left as they are */
	int64_t after_id; /* where the next chunk starts: the last user id read (0 at first) */
};

/* Seals the keys in the clear among the chunk_rows users after
 * progress->after_id, and adds to progress.  *more says whether users may
 * follow.  SQLITE_OK, or the error (the chunk's write rolled back, progress
 * as it was). */
int store_user_seal_chunk(struct db *db, struct sealer *s, int chunk_rows, struct key_sealing *progress,
                          bool *more);

/* Turns secure_delete on for db, then every chunk from progress->after_id
 * (zero the struct to start at the first user) to the last user.  SQLITE_OK,
 * or the first error; what the chunks before it sealed stays sealed. */
int store_user_seal_all(struct db *db, struct sealer *s, int chunk_rows, struct key_sealing *progress);

#endif
