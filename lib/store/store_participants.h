#ifndef WALK_STORE_PARTICIPANTS_H
#define WALK_STORE_PARTICIPANTS_H
/*
 * The admins' view of the participants of one activity (RULES §11–§12): a
 * filter, its count, and its rows in user order — for a page or for a whole
 * export, which reads row by row and never holds more than one.
 *
 * The SQL is put together from fixed fragments, one per filter in use, and
 * every value is bound: a union filter then walks the index of that union
 * instead of the whole activity.
 *
 * Return codes (lib/base/db.h): SQLITE_OK or the SQLite error as SQLite gave
 * it (a BUSY stays BUSY); a filter that matches nobody is a count of 0 or no
 * call of fn, never DB_NOTFOUND.  Both read in the caller's transaction: a
 * count and its page agree when they share one.
 */
#include <stdbool.h>
#include <stdint.h>

struct db;
struct sealer;

enum participant_team { TEAM_ANY, TEAM_IN, TEAM_NONE, TEAM_LEADER };
enum participant_search { SEARCH_NONE, SEARCH_NAME, SEARCH_MOBILE, SEARCH_MOBILE_TAIL };

struct participant_filter {
	int64_t activity_id;
	const char *union_code;          /* NULL: every union (the caller checked the admin's scope) */
	const char *region;              /* NULL: every region */
	enum participant_team team;
	enum participant_search search;
	const char *q;                   /* SEARCH_NAME: part of the name; SEARCH_MOBILE: the 11
	                                    digits; SEARCH_MOBILE_TAIL: the last 4 digits */
	int64_t user_id;                 /* > 0: that participant only */
	/* Opens the sealed mobiles, and hashes q for the mobile searches
	 * (store_pii_seal.h): with its previous key too while a rotation runs. */
	struct sealer *sealer;
};

/* One row; the strings are valid during the callback only. */
struct participant_row {
	int64_t user_id;
	const char *name, *mobile;       /* mobile opened, unmasked: the caller masks it ("" if it did not open) */
	const char *region, *region_name, *union_code, *union_name, *unit, *department;
	int64_t team_id;                 /* 0 when in no team */
	const char *team_name;           /* "" when in no team */
	bool leader;
	int64_t enrolled_at;
	int64_t cumulative;              /* of the last settlement (user_totals); -1 before any */
	const char *as_of;               /* its day, "" before any */
	bool disqualified;               /* now (RULES §14, store_fairplay.h) */
};

int store_participants_count(struct db *db, const struct participant_filter *f, int64_t *total);
/* Calls fn for each row of the filter in user order, skipping offset rows, at
 * most limit (< 0: all); fn returns false to stop early (a client gone). */
int store_participants_each(struct db *db, const struct participant_filter *f, int64_t offset, int64_t limit,
                            bool (*fn)(const struct participant_row *row, void *arg), void *arg);

/* "138****5678": the first 3 and the last 4 characters of an 11-character
 * number, else "****".  out needs 12 bytes. */
void participant_mask_mobile(const char *mobile, char out[12]);

#endif
