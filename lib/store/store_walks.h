#ifndef WALK_STORE_WALKS_H
#define WALK_STORE_WALKS_H
/*
 * Themed walks (schema 037, rules_walk.h): the walks, the work units they
 * are open to, who joined and their progress, the board, the admins'
 * figures, and the nightly pass that folds a settled day into every walk.
 *
 * Return codes (lib/base/db.h): SQLITE_OK; DB_NOTFOUND from the lookups of
 * one row where said below; or the SQLite error as SQLite gave it.  Writers
 * run inside the caller's write transaction (with its audit row); readers
 * inside the request's read transaction.
 */
#include "calendar.h"
#include "rules_walk.h"
#include "validate.h"

#include <stdbool.h>
#include <stdint.h>

struct db;

enum { WALK_NAME_MAX = 40, WALK_DESCRIPTION_MAX = 200, WALK_UNITS_MAX = 50, WALK_REASON_MAX = 200 };

struct walk {
	int64_t id, activity_id;
	char union_code[UNION_CODE_SIZE];   /* "": the whole province */
	char name[4 * WALK_NAME_MAX + 1];
	char description[4 * WALK_DESCRIPTION_MAX + 1];
	struct rules_walk_plan plan;
	int64_t created_by, created_at, updated_at;
	int64_t cancelled_at, frozen_at;    /* 0: not */
	char cancel_reason[4 * WALK_REASON_MAX + 1];
	int64_t units;                      /* how many work units it is limited to (0: the whole union) */
};

/* Walk id of activity_id: DB_NOTFOUND when there is none. */
int store_walk_get(struct db *db, int64_t activity_id, int64_t walk_id, struct walk *out);
/* The walks of activity_id, newest first: of union_code, or all (NULL). */
int store_walks_each(struct db *db, int64_t activity_id, const char *union_code,
                     void (*fn)(const struct walk *w, void *arg), void *arg);
/* The walk's work units, in order. */
int store_walk_units_each(struct db *db, int64_t walk_id, void (*fn)(const char *unit, void *arg), void *arg);

/* Inserts w (its id, units, cancel and freeze ignored) with its units; *id. */
int store_walk_insert(struct db *db, const struct walk *w, const char *const *units, int nunits, int64_t *id);
/* Rewrites the walk's texts, plan and updated_at from w; its units too when
 * units is not NULL. */
int store_walk_update(struct db *db, const struct walk *w, const char *const *units, int nunits);
int store_walk_cancel(struct db *db, int64_t walk_id, const char *reason, int64_t now);

/* The walks of activity_id open to a participant of union_code and work unit
 * (the province's, the union's without units, the union's listing unit), and
 * the ones they joined whatever became of them, newest first; joined tells. */
int store_walks_open_to(struct db *db, int64_t activity_id, int64_t user_id, const char *union_code,
                        const char *unit, void (*fn)(const struct walk *w, bool joined, void *arg), void *arg);
/* Whether walk w is open to a participant of union_code and unit. */
int store_walk_open_to(struct db *db, const struct walk *w, const char *union_code, const char *unit, bool *open);

/* A participant's progress in a walk. */
struct walk_progress {
	int64_t joined_at, steps, active_days, good_days;
	char from_day[CAL_DAY_BUF], as_of[CAL_DAY_BUF], finished_day[CAL_DAY_BUF];   /* "" when none */
	int64_t rank;                       /* on the walk's board (equal steps share it) */
};
/* Joins: *joined false when the user had joined before (nothing changed). */
int store_walk_join(struct db *db, int64_t walk_id, int64_t user_id, int64_t now, int32_t from_day, bool *joined);
/* DB_NOTFOUND when the user has not joined. */
int store_walk_progress(struct db *db, int64_t walk_id, int64_t user_id, struct walk_progress *out);

struct walk_board_row {
	int64_t rank, user_id, steps;
	char name[128], union_code[UNION_CODE_SIZE];
	bool finished;
};
/* The board by counted steps (ties share a rank; then by user), offset and
 * limit; *total the participants. */
int store_walk_board(struct db *db, int64_t walk_id, int64_t offset, int64_t limit, int64_t *total,
                     void (*fn)(const struct walk_board_row *row, void *arg), void *arg);

/* The admins' figures of one walk. */
struct walk_counts {
	int64_t joined, active, finished;   /* active: a day counted in the walk */
};
int store_walk_counts(struct db *db, int64_t walk_id, struct walk_counts *out);
/* The same by union and work unit, in order. */
int store_walk_counts_by_unit(struct db *db, const struct walk *w,
                              void (*fn)(const char *union_code, const char *unit, const struct walk_counts *c,
                                         void *arg),
                              void *arg);
/* Per day of the walk that has settled rows: participants who counted that
 * day, and how many had reached the goal by its end. */
int store_walk_days(struct db *db, const struct walk *w,
                    void (*fn)(const char *day, int64_t active, int64_t finished, void *arg), void *arg);

/* The nightly pass (settle_walks.c): folds day's counted steps (settled
 * rows, at most daily_cap) into the rows of users first_user..last_user of
 * every walk of activity_id running on day, one statement per goal kind,
 * each row once (a row whose as_of is day is left alone: a rerun changes
 * nothing), and records the goal's day the first time it is met.  *rows:
 * the rows moved. */
int store_walks_fold_day(struct db *db, int64_t activity_id, const char *day, int64_t daily_cap, int64_t first_user,
                         int64_t last_user, int64_t *rows);
/* Then freezes the walks whose last day is day or earlier (*frozen: how many
 * now): their rows never move again. */
int store_walks_freeze(struct db *db, int64_t activity_id, const char *day, int64_t now, int64_t *frozen);

#endif
