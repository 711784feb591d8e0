#ifndef WALK_STORE_BOARD_H
#define WALK_STORE_BOARD_H
/*
 * What the nightly settlement leaves for the API (schema 006): the current
 * board, its rows, the running totals and ranks.
 *
 * Return codes (lib/base/db.h): SQLITE_OK; DB_NOTFOUND from the lookups of one
 * row where said below; or the SQLite error as SQLite gave it (a BUSY stays
 * BUSY).  Everything here only reads: call it inside the request's read
 * transaction, so that a board and its rows come from one settlement.
 */
#include "calendar.h"

#include "validate.h"

#include <stdbool.h>
#include <stdint.h>

struct db;

struct board_info {
	char as_of[CAL_DAY_BUF];
	bool final;
	int64_t teams, people;
};

struct team_board_row {
	int64_t rank, team_id, members, compliant_days, team_steps, per_capita;
	char name[96];
};

struct person_board_row {
	int64_t pos, rank, user_id, cumulative;
	char name[128], union_code[UNION_CODE_SIZE];
};

struct user_standing {
	int64_t cumulative, rank_province, rank_union;   /* from the personal boards; 0 when not on them */
	char as_of[CAL_DAY_BUF];
};

/* The board to show: the final one if it exists, else the latest.
 * DB_NOTFOUND before the first settlement. */
int store_board_current(struct db *db, int64_t activity_id, struct board_info *out);
/* Team rows with offset < rank <= offset + limit. */
int store_board_teams(struct db *db, int64_t activity_id, const char *as_of, int64_t offset, int64_t limit,
                      void (*fn)(const struct team_board_row *row, void *arg), void *arg);
/* One team's row on a board: DB_NOTFOUND when the team is not on it. */
int store_board_team(struct db *db, int64_t activity_id, const char *as_of, int64_t team_id,
                     struct team_board_row *out);
/* Personal board rows of scope ("province" or a union code), by place. */
int store_board_people(struct db *db, int64_t activity_id, const char *scope, int64_t offset, int64_t limit,
                       void (*fn)(const struct person_board_row *row, void *arg), void *arg);
/* The number of places on the personal board of scope (0 before any). */
int store_board_people_count(struct db *db, int64_t activity_id, const char *scope, int64_t *count);
/* The user's running total and their ranks on the last personal boards:
 * DB_NOTFOUND before the user's first settled total. */
int store_user_standing(struct db *db, int64_t activity_id, int64_t user_id, struct user_standing *out);
/* A team's compliant days so far (0 before its first settled day). */
int store_team_compliant_days(struct db *db, int64_t activity_id, int64_t team_id, int64_t *days);

#endif
