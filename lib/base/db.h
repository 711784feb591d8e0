#ifndef WALK_DB_H
#define WALK_DB_H
/*
 * One SQLite connection with its prepared-statement cache.
 *
 * Every connection runs in WAL mode with synchronous=NORMAL, foreign keys on and
 * a busy timeout.  Writers start with BEGIN IMMEDIATE (db_begin_write) so that a
 * write transaction takes the lock up front and never fails half-way with
 * SQLITE_BUSY on its first write.
 *
 * Statements are prepared once per connection and cached by their SQL text:
 * db_stmt() returns a statement that is reset and has no bindings.  The cache
 * owns the statements; callers never finalize them.
 */
#include <sqlite3.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct db;

/* Opens (creating the file when create is true) and configures a connection.
 * Returns 0, or -1 with a reason in err. */
int db_open(struct db **out, const char *path, int busy_timeout_ms, bool create,
            char *err, size_t errlen);
void db_close(struct db *db);
/* For batch work on a big database (the nightly settlement): a page cache of
 * cache_mb megabytes and memory-mapped reads, instead of the small defaults
 * that suit the many workers. */
int db_tune_for_batch(struct db *db, int cache_mb);
sqlite3 *db_handle(struct db *db);
const char *db_path(const struct db *db);

/* A cached statement for sql, reset with bindings cleared; NULL on a prepare
 * error (logged, and db_failed() turns true if the database is unusable), whose
 * code db_last_error() then gives.  db_prepare is the usual way in. */
sqlite3_stmt *db_stmt(struct db *db, const char *sql);

/*
 * Return codes.  Functions of lib/ that touch the database return SQLITE_OK, an
 * SQLite result code exactly as SQLite gave it (SQLITE_BUSY stays BUSY, so that
 * the caller can answer 503; SQLITE_CONSTRAINT stays a constraint), or
 * DB_NOTFOUND when the row looked up does not exist: a domain answer, not an
 * error, and outside SQLite's range so that no caller confuses the two.
 */
#define DB_NOTFOUND (-1)

/*
 * Helpers in the manner of Fossil's db_prepare/db_bind/db_int: a query is one
 * call.  Parameters ?1, ?2 … are bound from the variadic arguments, one per
 * character of fmt:
 *   'i'  int64_t              'n'  int
 *   't'  const char *, UTF-8 text copied by SQLite; NULL binds NULL
 *   's'  const char *, int    text of that many bytes
 *   'b'  const void *, int    a blob
 *   'f'  double               '-'  NULL (takes no argument)
 * A bad fmt character is a bug: it fails with SQLITE_MISUSE.
 */

/* The cached statement for sql with its parameters bound.  Returns SQLITE_OK
 * with *out set, or the prepare's or a bind's error (*out then NULL). */
int db_prepare(struct db *db, sqlite3_stmt **out, const char *sql, const char *fmt, ...);
/* Prepares, binds and runs sql, which returns no rows.  SQLITE_OK or the error. */
int db_execf(struct db *db, const char *sql, const char *fmt, ...);
/* Prepares, binds and steps once.  SQLITE_ROW with *out positioned on the first
 * row (read its columns; the next db_stmt of the same SQL resets it, or call
 * sqlite3_reset); DB_NOTFOUND when there is no row (statement reset); or the
 * error. */
int db_row(struct db *db, sqlite3_stmt **out, const char *sql, const char *fmt, ...);
/* The first column of the first row as an integer: SQLITE_OK with *out set;
 * DB_NOTFOUND when there is no row or the value is NULL; or the error. */
int db_get_int(struct db *db, int64_t *out, const char *sql, const char *fmt, ...);
/* Whether sql returns a row: SQLITE_OK with *out set, or the error. */
int db_exists(struct db *db, bool *out, const char *sql, const char *fmt, ...);

/* One step of st: SQLITE_ROW, SQLITE_DONE, or the error (noted as db_note_rc
 * does).  For loops over rows; finish them with db_finish. */
int db_step(struct db *db, sqlite3_stmt *st);
/* Ends a loop over st's rows: resets st and returns SQLITE_OK when rc, the last
 * step's result, is SQLITE_DONE (or SQLITE_ROW: the loop stopped early on
 * purpose), else rc. */
int db_finish(sqlite3_stmt *st, int rc);

/* Steps a prepared statement that returns no rows, then resets it.  Returns
 * SQLITE_OK, or the error (noted as db_note_rc does). */
int db_run(struct db *db, sqlite3_stmt *st);
/* Runs one or more statements with no parameters.  Returns an SQLite code. */
int db_exec(struct db *db, const char *sql);
/* The first column of the first row of sql as an integer, or dflt, also on an
 * error: only for reads where an error and the default lead to the same thing
 * (db_get_int tells them apart). */
int64_t db_int(struct db *db, int64_t dflt, const char *sql);

int db_begin_write(struct db *db);   /* BEGIN IMMEDIATE */
int db_begin_read(struct db *db);    /* BEGIN (deferred): a consistent snapshot */
int db_commit(struct db *db);
void db_rollback(struct db *db);     /* harmless when no transaction is open */

/* Whether an SQLite result code means the database cannot serve now (locked
 * too long, unreadable, corrupt, disk full) rather than a bug or a constraint. */
bool db_rc_unavailable(int rc);
/* Remembers the last unavailable-type error seen on this connection; the worker
 * reopens a connection that failed that way. */
bool db_failed(const struct db *db);
int db_note_rc(struct db *db, int rc);
/* The code of the last failed prepare on this connection (SQLITE_ERROR if none
 * was recorded): what a caller of db_stmt returns when it got NULL. */
int db_last_error(const struct db *db);

#endif
