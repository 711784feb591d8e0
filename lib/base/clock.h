#ifndef WALK_CLOCK_H
#define WALK_CLOCK_H
/*
 * The server clock: the one source of business time (RULES §1).
 *
 * clock_now() = the machine's real time + an offset.  The offset exists for
 * development and tests only, so that 100 activity days can be walked through in
 * minutes; it lives in the database (table server_clock) so that every worker,
 * walkctl and the fake WeChat see the same time.  A process reads it with
 * clock_refresh() — the worker once per request — and in production mode the
 * offset is ignored and refused.
 *
 * Instants are Unix seconds (int64).  Days and UTC+8 arithmetic are in calendar.h.
 */
#include <stdbool.h>
#include <stdint.h>
#include <time.h>

struct db;

int64_t clock_real_now(void);
/* Real time plus the offset last read by clock_refresh(). */
int64_t clock_now(void);
int64_t clock_offset(void);
/* Reads the offset from the database; with shift_allowed false it is forced to 0.
 * Returns 0, or an SQLite error code (the offset then stays as it was). */
int clock_refresh(struct db *db, bool shift_allowed);
/* Stores a new offset (walkctl clock set / reset).  Returns an SQLite code. */
int clock_store_offset(struct db *db, int64_t offset_seconds);

/* For timing work (not business time): the monotonic clock now, and the
 * seconds elapsed on it since start. */
struct timespec clock_monotonic(void);
double clock_seconds_since(struct timespec start);

#endif
