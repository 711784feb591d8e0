#ifndef WALK_STORE_CHECKPOINTS_H
#define WALK_STORE_CHECKPOINTS_H
/*
 * Checkpoint passes (schema 017, RULES §7): which checkpoints of the route a
 * participant has passed, and when.
 *
 * Functions return SQLITE_OK or the SQLite code as SQLite gave it.
 */
#include <stdbool.h>
#include <stdint.h>

struct db;

/* Whether the participant passed checkpoint seq, into *passed; *passed_at (may
 * be NULL) gets the moment, 0 if not passed. */
int store_checkpoint_passed(struct db *db, int64_t activity_id, int64_t user_id, int seq, bool *passed,
                            int64_t *passed_at);
/* How many checkpoints the participant has passed, into *count. */
int store_checkpoints_passed_count(struct db *db, int64_t activity_id, int64_t user_id, int *count);
/* Records the pass of checkpoint seq at now, once: *inserted says whether
 * this call recorded it.  Call inside the write transaction that decided the
 * pass (route order is the caller's rule). */
int store_checkpoint_record_pass(struct db *db, int64_t activity_id, int64_t user_id, int seq, int64_t now,
                                 bool *inserted);
/* The instants of the participant's passes: passed_at[seq - 1] for each
 * checkpoint passed, 0 for the others (max entries, cleared here). */
int store_checkpoint_passes(struct db *db, int64_t activity_id, int64_t user_id, int64_t *passed_at, int max);

#endif
