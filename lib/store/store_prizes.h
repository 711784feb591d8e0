#ifndef WALK_STORE_PRIZES_H
#define WALK_STORE_PRIZES_H
/*
 * The grand prizes and their verifiable draw (schema 029, RULES §9, README
 * "The grand-prize draw").  The draw goes through three steps, each once:
 *   commit  a secret 32-byte seed is kept, its SHA-256 (the commitment) is
 *           published, and the entry list is frozen (prize_entries) and its
 *           canonical text's SHA-256 published;
 *   draw    the winners follow from the seed and the list (rules_prize.h);
 *           each gets an award (store_awards.h);
 *   reveal  the seed is published, so that anyone can re-run the draw.
 *
 * The canonical entry text is one line per entry, in entry order:
 * "ENTRY,PERSON,BADGE\n" (decimal entry number from 1, the participant's id,
 * "all_checkpoints" or "full_attendance"), UTF-8, no header, no BOM.
 *
 * Return codes (lib/base/db.h): SQLITE_OK, DB_NOTFOUND where said, or the
 * SQLite error as SQLite gave it.  Writers run in the caller's write
 * transaction.
 */
#include "buf.h"
#include "crypto.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct db;

enum { PRIZE_SEED_SIZE = 32, PRIZE_NAME_MAX = 127 };

struct grand_prize {
	int64_t id, quantity, won;
	char name[PRIZE_NAME_MAX + 1];
};

struct prize_draw {
	unsigned char seed[PRIZE_SEED_SIZE];   /* secret until revealed_at */
	char commitment[CRYPTO_SHA256_HEX_SIZE], entries_sha256[CRYPTO_SHA256_HEX_SIZE];
	int64_t entries, committed_at, drawn_at, revealed_at;   /* 0: not yet */
};

struct prize_entry {
	int64_t entry_no, user_id;
	const char *badge, *name, *union_code;   /* valid during the callback */
};

/* Adds a prize (drawn after those added before it): SQLITE_CONSTRAINT when
 * the activity has one of that name. */
int store_prizes_add(struct db *db, int64_t activity_id, const char *name, int64_t quantity, int64_t now,
                     int64_t *id);
/* The prizes in draw order, with how many were won. */
int store_prizes_each(struct db *db, int64_t activity_id, void (*fn)(const struct grand_prize *p, void *arg),
                      void *arg);
/* The draw's state: DB_NOTFOUND before the commit. */
int store_prize_draw_get(struct db *db, int64_t activity_id, struct prize_draw *out);
/* Commits: keeps seed, freezes the entries from the badges, into *out. */
int store_prize_commit(struct db *db, int64_t activity_id, const unsigned char seed[PRIZE_SEED_SIZE], int64_t now,
                       struct prize_draw *out);
/* The frozen entries in entry order. */
int store_prize_entries_each(struct db *db, int64_t activity_id,
                             void (*fn)(const struct prize_entry *e, void *arg), void *arg);
/* The canonical entry text (above), appended to out. */
int store_prize_entries_text(struct db *db, int64_t activity_id, struct buf *out);
/* Draws (once committed): one award per winner; *winners gets their number. */
int store_prize_draw_run(struct db *db, int64_t activity_id, int64_t now, int64_t *winners);
/* Marks the seed public. */
int store_prize_reveal(struct db *db, int64_t activity_id, int64_t now);

/* The draw itself from public data, as store_prize_draw_run and walkctl prize
 * verify run it: n entries' persons, the slots (the prizes' quantities in
 * order, nslots in all); winners[k] gets the entry index (from 0) of slot k.
 * Returns the slots filled, or (size_t)-1 when out of memory. */
size_t prize_draw_winners(const unsigned char seed[PRIZE_SEED_SIZE], const int64_t *persons, size_t n,
                          size_t nslots, size_t *winners);

#endif
