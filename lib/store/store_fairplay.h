#ifndef WALK_STORE_FAIRPLAY_H
#define WALK_STORE_FAIRPLAY_H
/*
 * Fair-play flags and disqualifications (schema 033, RULES §14): what the
 * admins read and decide.  The flags themselves are raised by the nightly
 * pass (lib/fairplay/fairplay.h).
 *
 * Return codes (lib/base/db.h): SQLITE_OK; DB_NOTFOUND from the lookups of one
 * row when there is none; or the SQLite error as SQLite gave it.  Writers
 * expect the caller's write transaction, which also holds the audit row.
 */
#include <stdbool.h>
#include <stdint.h>

struct db;

/* SQL conditions on a participant (activity expression act, user expression
 * user): disqualified now (no red envelope, no prize entry, off the people
 * board), and on day (text expression): judged without them by their team.
 * Qualify user with its table: the subquery's own table has a user_id. */
#define FAIRPLAY_DISQUALIFIED_NOW(act, user) \
	"EXISTS (SELECT 1 FROM disqualifications q WHERE q.activity_id = " act " AND q.user_id = " user \
	" AND q.lifted_at IS NULL)"
#define FAIRPLAY_DISQUALIFIED_ON(act, user, day) \
	"EXISTS (SELECT 1 FROM disqualifications q WHERE q.activity_id = " act " AND q.user_id = " user \
	" AND q.from_day <= " day " AND (q.to_day IS NULL OR q.to_day >= " day "))"

enum { FAIRPLAY_REASON_MAX_CHARS = 200 };

/* One flag with its participant.  The strings are valid during the callback only. */
struct fairplay_flag {
	int64_t id, user_id;
	const char *kind, *evidence;   /* evidence: JSON text */
	const char *first_day, *last_day;   /* NULL for the count patterns */
	int64_t amount, raised_at;
	const char *state;             /* "open" or "cleared" */
	int64_t cleared_at;            /* 0 while open */
	const char *cleared_by, *clear_reason;   /* "" while open */
	const char *name, *union_code;
	bool disqualified;             /* now */
};

struct flag_filter {
	int64_t activity_id;
	const char *kind;         /* NULL: every kind */
	const char *union_code;   /* NULL: every union */
	const char *state;        /* "open", "cleared", or NULL for both */
	int64_t before;           /* ids below it (0: from the newest) */
	int limit;
};

/* The flags of the filter, newest first, each given to fn. */
int store_flags_page(struct db *db, const struct flag_filter *f, void (*fn)(const struct fairplay_flag *flag, void *arg),
                     void *arg);
/* Flag id of the activity given to fn: SQLITE_OK, or DB_NOTFOUND. */
int store_flag_get(struct db *db, int64_t activity_id, int64_t id,
                   void (*fn)(const struct fairplay_flag *flag, void *arg), void *arg);
/* Clears an open flag: SQLITE_OK, DB_NOTFOUND when it is not open (or not
 * there). */
int store_flag_clear(struct db *db, int64_t activity_id, int64_t id, int64_t admin_id, const char *reason,
                     int64_t now);

/* A disqualification spell.  Strings valid during the call that filled it. */
struct disqualification {
	int64_t id, at, lifted_at;   /* lifted_at 0 while in force */
	char from_day[16], to_day[16];   /* to_day "" while in force */
	char reason[4 * FAIRPLAY_REASON_MAX_CHARS + 1], lift_reason[4 * FAIRPLAY_REASON_MAX_CHARS + 1];
};

/* The participant's latest spell: SQLITE_OK, or DB_NOTFOUND when they were
 * never disqualified. */
int store_disqualification_latest(struct db *db, int64_t activity_id, int64_t user_id, struct disqualification *out);
/* Whether the participant is disqualified now, into *out. */
int store_disqualified_now(struct db *db, int64_t activity_id, int64_t user_id, bool *out);
/* Starts a spell from day (the day of the action); SQLITE_CONSTRAINT when one
 * is in force. */
int store_disqualify(struct db *db, int64_t activity_id, int64_t user_id, const char *day, const char *reason,
                     int64_t admin_id, int64_t now);
/* Ends the spell in force with day as its last day: SQLITE_OK, or
 * DB_NOTFOUND when none is in force. */
int store_requalify(struct db *db, int64_t activity_id, int64_t user_id, const char *day, const char *reason,
                    int64_t admin_id, int64_t now);

#endif
