#ifndef WALK_STORE_AWARDS_H
#define WALK_STORE_AWARDS_H
/*
 * What participants won and its shipping (schema 029, RULES §6, §9): a grand
 * prize from the draw (store_prizes.h), or a team prize for every member of a
 * team ranked within the prizes on the final board.  Each award takes one
 * address, once (address_at); then a courier and tracking number.
 *
 * Return codes (lib/base/db.h): SQLITE_OK, DB_NOTFOUND where said, or the
 * SQLite error as SQLite gave it.  Writers run in the caller's write
 * transaction.
 */
#include "rules.h"

#include <stdbool.h>
#include <stdint.h>

struct db;
struct sealer;

enum { AWARD_TEXT_MAX = 255, AWARD_DIVISION_SIZE = 7 };

enum award_state { AWARD_ANY, AWARD_ADDRESS_NEEDED, AWARD_ADDRESS_GIVEN, AWARD_SHIPPED };

/* "address_needed", "address_given", "shipped" ("" for AWARD_ANY). */
const char *award_state_name(enum award_state s);
/* The state a name gives, false for an unknown name ("" is AWARD_ANY). */
bool award_state_parse(const char *name, enum award_state *out);

struct award_address {
	const char *recipient, *mobile, *division, *detail;
};

struct award_row {
	int64_t id, user_id, entry_no, team_id, team_rank, tier, created_at, address_at, shipped_at;
	bool grand;
	enum award_state state;
	char prize[128], team_name[96], name[64], union_code[16], union_name[96];
	char recipient[64], mobile[16], division[AWARD_DIVISION_SIZE], division_name[192], detail[AWARD_TEXT_MAX + 1];
	char courier[64], tracking[64];
};

struct award_filter {
	int64_t activity_id;
	const char *union_code;   /* NULL: every union */
	enum award_state state;
	int64_t user_id;          /* 0: everyone */
};

/* Team prizes from the final board: every member of a prize team on the
 * board's last day, but the disqualified (RULES §14), gets one award
 * (idempotent).  *recorded gets how many were
 * made now; nothing is done (0) before the final board exists. */
int store_awards_team_prizes(struct db *db, int64_t activity_id, const struct activity_rules *r, int64_t now,
                             int64_t *recorded);
/* The recipient, mobile and street address (detail) are sealed at rest
 * (store_pii_seal.h): the readers open them with s, the writers seal with it;
 * one that does not open reads as "". */
/* The awards the filter selects, oldest first; fn returns false to stop. */
int store_awards_each(struct db *db, struct sealer *s, const struct award_filter *f,
                      bool (*fn)(const struct award_row *a, void *arg), void *arg);
/* One award of the activity: DB_NOTFOUND when there is none (or, with
 * user_id > 0, when it is not that participant's). */
int store_award_get(struct db *db, struct sealer *s, int64_t activity_id, int64_t user_id, int64_t award_id,
                    struct award_row *out);
/* Gives the address of an award that has none: DB_NOTFOUND when it has one. */
int store_award_give_address(struct db *db, struct sealer *s, int64_t award_id, const struct award_address *addr,
                             int64_t now);
/* Replaces the address (an admin's correction; the moment given stays). */
int store_award_correct_address(struct db *db, struct sealer *s, int64_t award_id,
                                const struct award_address *addr);
/* Records courier and tracking number of an award with an address. */
int store_award_ship(struct db *db, int64_t award_id, const char *courier, const char *tracking, int64_t now);

#endif
