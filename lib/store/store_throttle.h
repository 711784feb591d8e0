#ifndef WALK_STORE_THROTTLE_H
#define WALK_STORE_THROTTLE_H
/*
 * The admin login throttle (schema 007, table admin_login_failures): failed
 * logins are counted per username as typed (existing or not, so that the
 * throttle tells nothing about which names exist) and per client address.
 *
 * Policy: the first THROTTLE_FREE_FAILURES - 1 failures cost nothing; the
 * THROTTLE_FREE_FAILURES-th and every later one block the key for
 * throttle_delay(failures) seconds, counted from that failure.  A blocked key
 * is refused before any password is checked.  The count restarts when the
 * last failure is THROTTLE_FORGET_S old, and a successful login clears its
 * username's count (not its address's: one good account must not let an
 * address go on guessing others).
 *
 * Return codes (lib/base/db.h): SQLITE_OK or the SQLite error as SQLite gave
 * it (a BUSY stays BUSY); an unknown key is "not blocked", never DB_NOTFOUND.
 * The writers expect the caller's write transaction; the check reads in the
 * caller's transaction.
 */
#include <stdint.h>

struct db;

enum {
	THROTTLE_FREE_FAILURES = 5,
	THROTTLE_BASE_S = 30,          /* the 5th failure blocks for 30 s */
	THROTTLE_MAX_S = 3600,         /* doubling with each further one, up to an hour */
	THROTTLE_FORGET_S = 3600,
	THROTTLE_KEY_MAX = 64,         /* longer keys are cut: they only need to be told apart */
};

enum throttle_kind { THROTTLE_USER, THROTTLE_ADDR };

/* Seconds a key is blocked after its failures-th failure: 0 below
 * THROTTLE_FREE_FAILURES, then THROTTLE_BASE_S * 2^(failures - 5), at most
 * THROTTLE_MAX_S. */
int64_t throttle_delay(int64_t failures);

/* The instant until which key is blocked (0, or a past instant, when it is not). */
int store_throttle_blocked_until(struct db *db, enum throttle_kind kind, const char *key, int64_t *until);
/* Counts one failure of key at now and blocks it as the policy says. */
int store_throttle_fail(struct db *db, enum throttle_kind kind, const char *key, int64_t now);
/* Forgets key's failures. */
int store_throttle_clear(struct db *db, enum throttle_kind kind, const char *key);
/* Removes the records that no longer block and would restart from zero. */
int store_throttle_purge(struct db *db, int64_t now);

#endif
