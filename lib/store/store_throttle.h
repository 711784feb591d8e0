#ifndef WALK_STORE_THROTTLE_H
#define WALK_STORE_THROTTLE_H
/*
 * The admin login throttle (schema 016, tables admin_login_failures and
 * admin_login_addresses): failed logins are counted per username as typed
 * (existing or not, so that the throttle tells nothing about which names
 * exist) and the address they come from, and per client address.  A
 * username's failures block it only from their address: failures from
 * anywhere else cannot keep an admin out (an attacker could otherwise lock
 * any account for good).  And an address blocked by everyone's failures
 * still lets through a username that logged in from it within
 * THROTTLE_KNOWN_ADDRESS_S (an office behind one address, where one person
 * mistypes or someone guesses, does not lock out the rest).
 *
 * Policy: the first THROTTLE_FREE_FAILURES - 1 failures cost nothing; the
 * THROTTLE_FREE_FAILURES-th and every later one block the key for
 * throttle_delay(failures) seconds, counted from that failure.  A blocked key
 * is refused before any password is checked.  The count restarts when the
 * last failure is THROTTLE_FORGET_S old, and a successful login clears its
 * username-and-address count (not its address's: one good account must not
 * let an address go on guessing others).
 *
 * Return codes (lib/base/db.h): SQLITE_OK or the SQLite error as SQLite gave
 * it (a BUSY stays BUSY); an unknown key is "not blocked", never DB_NOTFOUND.
 * The writers expect the caller's write transaction; the check reads in the
 * caller's transaction.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct db;

enum {
	THROTTLE_FREE_FAILURES = 5,
	THROTTLE_BASE_S = 30,          /* the 5th failure blocks for 30 s */
	THROTTLE_MAX_S = 3600,         /* doubling with each further one, up to an hour */
	THROTTLE_FORGET_S = 3600,
	THROTTLE_KEY_MAX = 128,        /* longer keys are cut: they only need to be told apart */
	THROTTLE_KNOWN_ADDRESS_S = 30 * 86400,
};

/* THROTTLE_USER_AT_ADDR keys are made by throttle_user_at_addr(). */
enum throttle_kind { THROTTLE_USER_AT_ADDR, THROTTLE_ADDR };

/* The THROTTLE_USER_AT_ADDR key of username at addr, into out (size bytes). */
void throttle_user_at_addr(const char *username, const char *addr, char *out, size_t size);

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
/* Removes the records that no longer block and would restart from zero, and
 * the addresses not used for THROTTLE_KNOWN_ADDRESS_S. */
int store_throttle_purge(struct db *db, int64_t now);
/* Remembers that username logged in from addr at now. */
int store_throttle_remember_address(struct db *db, const char *username, const char *addr, int64_t now);
/* Whether username logged in from addr within THROTTLE_KNOWN_ADDRESS_S of now. */
int store_throttle_known_address(struct db *db, const char *username, const char *addr, int64_t now, bool *known);

#endif
