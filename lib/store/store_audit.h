#ifndef WALK_STORE_AUDIT_H
#define WALK_STORE_AUDIT_H
/*
 * The audit log (schema 007, RULES §12): every admin write, with who, when,
 * what, and the state before and after as JSON text.  Append-only: triggers
 * refuse any UPDATE or DELETE.  Secrets (passwords, hashes, tokens) are never
 * given to store_audit_add().
 *
 * Return codes (lib/base/db.h): SQLITE_OK or the SQLite error as SQLite gave
 * it (a BUSY stays BUSY); nothing here answers DB_NOTFOUND.
 */
#include <cjson/cJSON.h>
#include <stdint.h>

struct db;

/* The actor of command-line writes. */
#define AUDIT_ACTOR_WALKCTL "walkctl"

struct audit_entry {
	int64_t id, at;
	int64_t admin_id;          /* 0 for walkctl */
	const char *actor;         /* valid during the callback only, like the strings below */
	const char *remote_addr;   /* "" when there is none */
	const char *action;        /* "admin.add", "session.login", … */
	const char *target;        /* "admin:alice", … */
	const char *before;        /* JSON text, or NULL */
	const char *after;         /* JSON text, or NULL */
};

/* Appends e (its id ignored) inside the caller's write transaction, so that
 * the record and the write it records commit or vanish together. */
int store_audit_add(struct db *db, const struct audit_entry *e);
/* store_audit_add() with before and after as cJSON values (either may be
 * NULL), serialised into e and freed here. */
int store_audit_add_json(struct db *db, struct audit_entry *e, cJSON *before, cJSON *after);
/* How many rows of actor and action have at >= since into *count, and the
 * oldest such instant into *oldest (0 when none). */
int store_audit_count_since(struct db *db, const char *actor, const char *action, int64_t since,
                            int64_t *count, int64_t *oldest);
/* Newest first, id < before (before <= 0: from the newest), at most limit. */
int store_audit_page(struct db *db, int64_t before, int limit,
                     void (*fn)(const struct audit_entry *e, void *arg), void *arg);
/* The row id into fn (DB_NOTFOUND when there is none), e.g. the admin
 * action a ledger row of kind adjust refers to. */
int store_audit_get(struct db *db, int64_t id, void (*fn)(const struct audit_entry *e, void *arg), void *arg);
/* The id of the row store_audit_add() just appended on this connection, in
 * the same transaction: what a ledger row of kind adjust names as its ref. */
int store_audit_last_id(struct db *db, int64_t *id);

#endif
