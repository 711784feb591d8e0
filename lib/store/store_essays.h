#ifndef WALK_STORE_ESSAYS_H
#define WALK_STORE_ESSAYS_H
/*
 * Essays written after passing a checkpoint (schema 018, RULES §7): one per
 * participant and checkpoint, accepted at once, held for review, or rejected
 * by an admin with a reason the writer sees.  The points of an accepted
 * essay are the ledger's (kind essay, ref the checkpoint), written by the
 * caller in the same transaction as the state that earns them.
 *
 * Return codes (lib/base/db.h): SQLITE_OK, DB_NOTFOUND where said, or the
 * SQLite error as SQLite gave it.
 */
#include <stdbool.h>
#include <stdint.h>

struct db;

enum essay_state { ESSAY_NONE, ESSAY_ACCEPTED, ESSAY_REVIEW, ESSAY_REJECTED };

enum { ESSAY_REASON_MAX_CHARS = 200, ESSAY_REASON_BUF = ESSAY_REASON_MAX_CHARS * 4 + 1 };

/* "accepted", "review", "rejected"; NULL for ESSAY_NONE. */
const char *essay_state_name(enum essay_state s);
/* The state named, or ESSAY_NONE for any other text. */
enum essay_state essay_state_from(const char *name);

struct essay {
	int64_t id, user_id;
	int seq;
	enum essay_state state;
	const char *text;        /* valid during store_essay_page's callback; "" from store_essay_get */
	const char *reason;      /* "" when none; as text */
	char writer[96];         /* the enrollment's name */
	char union_code[16];
	int64_t created_at, decided_at;
};

/* Stores the essay in state (ESSAY_ACCEPTED or ESSAY_REVIEW) into *id;
 * SQLITE_CONSTRAINT when the participant has one for seq already. */
int store_essay_add(struct db *db, int64_t activity_id, int64_t user_id, int seq, const char *text,
                    enum essay_state state, int64_t now, int64_t *id);
/* The participant's essays: states[seq - 1] and reasons[seq - 1] (a rejection's
 * reason, else "") for each checkpoint 1..max, ESSAY_NONE where none. */
int store_essay_states(struct db *db, int64_t activity_id, int64_t user_id, enum essay_state *states,
                       char (*reasons)[ESSAY_REASON_BUF], int max);
/* Essay id of the activity into *out, without its text and reason (see
 * struct essay); DB_NOTFOUND when there is none. */
int store_essay_get(struct db *db, int64_t activity_id, int64_t id, struct essay *out);
/* Decides an essay held for review: ESSAY_ACCEPTED or ESSAY_REJECTED with
 * reason, by admin_id at now.  DB_NOTFOUND when essay id is not held for
 * review (never was, or was decided already). */
int store_essay_decide(struct db *db, int64_t activity_id, int64_t id, enum essay_state to, const char *reason,
                       int64_t admin_id, int64_t now);
/* The activity's essays in state (ESSAY_NONE: any), of union_code (NULL:
 * every union), newest first with id < before (before <= 0: from the
 * newest), at most limit; fn gets each. */
int store_essay_page(struct db *db, int64_t activity_id, enum essay_state state, const char *union_code,
                     int64_t before, int limit, void (*fn)(const struct essay *e, void *arg), void *arg);

#endif
