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
 * error (logged, and db_failed() turns true if the database is unusable). */
sqlite3_stmt *db_stmt(struct db *db, const char *sql);

/* Steps a prepared statement that returns no rows, then resets it.  Returns
 * SQLITE_OK, or the error (noted as db_note_rc does). */
int db_run(struct db *db, sqlite3_stmt *st);
/* Runs one or more statements with no parameters.  Returns an SQLite code. */
int db_exec(struct db *db, const char *sql);
/* The first column of the first row of sql as an integer, or dflt. */
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

#endif
