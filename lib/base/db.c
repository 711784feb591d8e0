#include "db.h"

#include "log.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

struct stmt_slot {
	char *sql;             /* owned copy of the key */
	sqlite3_stmt *stmt;
};

struct db {
	sqlite3 *handle;
	int busy_timeout_ms;
	char *path;
	struct stmt_slot *slots;   /* open addressing, power-of-two size */
	size_t nslots, used;
	bool failed;
	int last_prepare_rc;   /* of the last failed prepare */
};

/* Waits for a lock held by another process.  SQLite's own busy handler sleeps
 * in steps of up to 100 ms, far longer than our write transactions last (tens
 * of microseconds), so under contention workers would sleep while the lock is
 * free.  This one polls every 50 µs at first, backing off to 2 ms, until the
 * configured timeout. */
static int busy_wait(void *arg, int attempts)
{
	const struct db *db = arg;
	static const int64_t steps_us[] = { 50, 50, 100, 100, 200, 500, 1000, 2000 };
	static const int64_t first_seven_us = 2000;   /* the sum of the first seven steps */
	int64_t waited_us = 0;
	if (attempts >= 7)
		waited_us = first_seven_us + (int64_t)(attempts - 7) * 2000;
	else
		for (int i = 0; i < attempts; i++)
			waited_us += steps_us[i];
	if (waited_us >= (int64_t)db->busy_timeout_ms * 1000)
		return 0;   /* give up: the caller answers 503 */
	struct timespec ts = { 0, (long)steps_us[attempts < 7 ? attempts : 7] * 1000 };
	nanosleep(&ts, NULL);
	return 1;
}

static uint64_t hash_text(const char *s)
{
	uint64_t h = 1469598103934665603ULL;   /* FNV-1a */
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ULL;
	return h;
}

int db_open(struct db **out, const char *path, int busy_timeout_ms, bool create,
            char *err, size_t errlen)
{
	*out = NULL;
	struct db *db = calloc(1, sizeof *db);
	if (!db)
		abort();
	db->busy_timeout_ms = busy_timeout_ms;
	db->path = strdup(path);
	db->nslots = 64;
	db->slots = calloc(db->nslots, sizeof *db->slots);
	if (!db->path || !db->slots)
		abort();
	int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX | (create ? SQLITE_OPEN_CREATE : 0);
	int rc = sqlite3_open_v2(path, &db->handle, flags, NULL);
	if (rc != SQLITE_OK) {
		snprintf(err, errlen, "cannot open database %s: %s", path,
		         db->handle ? sqlite3_errmsg(db->handle) : sqlite3_errstr(rc));
		db_close(db);
		return -1;
	}
	sqlite3_extended_result_codes(db->handle, 1);
	sqlite3_busy_handler(db->handle, busy_wait, db);
	/* journal_mode=WAL persists in the file; the others are per connection. */
	const char *setup = "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; "
	                    "PRAGMA foreign_keys=ON; PRAGMA temp_store=MEMORY; PRAGMA wal_autocheckpoint=4000;";
	char *msg = NULL;
	rc = sqlite3_exec(db->handle, setup, NULL, NULL, &msg);
	if (rc != SQLITE_OK) {
		snprintf(err, errlen, "cannot configure database %s: %s", path, msg ? msg : sqlite3_errstr(rc));
		sqlite3_free(msg);
		db_close(db);
		return -1;
	}
	*out = db;
	return 0;
}

int db_tune_for_batch(struct db *db, int cache_mb)
{
	char sql[128];
	snprintf(sql, sizeof sql, "PRAGMA cache_size = -%d; PRAGMA mmap_size = %lld;", cache_mb * 1024,
	         (long long)cache_mb * 4 * 1024 * 1024);
	return db_exec(db, sql);
}

void db_close(struct db *db)
{
	if (!db)
		return;
	for (size_t i = 0; i < db->nslots; i++) {
		if (db->slots[i].sql) {
			sqlite3_finalize(db->slots[i].stmt);
			free(db->slots[i].sql);
		}
	}
	free(db->slots);
	sqlite3_close(db->handle);
	free(db->path);
	free(db);
}

sqlite3 *db_handle(struct db *db)
{
	return db->handle;
}

const char *db_path(const struct db *db)
{
	return db->path;
}

static void cache_grow(struct db *db)
{
	struct stmt_slot *old = db->slots;
	size_t oldn = db->nslots;
	db->nslots *= 2;
	db->slots = calloc(db->nslots, sizeof *db->slots);
	if (!db->slots)
		abort();
	for (size_t i = 0; i < oldn; i++) {
		if (!old[i].sql)
			continue;
		size_t j = hash_text(old[i].sql) & (db->nslots - 1);
		while (db->slots[j].sql)
			j = (j + 1) & (db->nslots - 1);
		db->slots[j] = old[i];
	}
	free(old);
}

sqlite3_stmt *db_stmt(struct db *db, const char *sql)
{
	size_t i = hash_text(sql) & (db->nslots - 1);
	while (db->slots[i].sql) {
		if (strcmp(db->slots[i].sql, sql) == 0) {
			sqlite3_stmt *st = db->slots[i].stmt;
			sqlite3_reset(st);
			sqlite3_clear_bindings(st);
			return st;
		}
		i = (i + 1) & (db->nslots - 1);
	}
	sqlite3_stmt *st = NULL;
	int rc = sqlite3_prepare_v3(db->handle, sql, -1, SQLITE_PREPARE_PERSISTENT, &st, NULL);
	if (rc != SQLITE_OK) {
		db->last_prepare_rc = rc;
		db_note_rc(db, rc);
		log_error("prepare failed (%s): %.200s", sqlite3_errmsg(db->handle), sql);
		return NULL;
	}
	if ((db->used + 1) * 2 > db->nslots) {
		cache_grow(db);
		i = hash_text(sql) & (db->nslots - 1);
		while (db->slots[i].sql)
			i = (i + 1) & (db->nslots - 1);
	}
	db->slots[i].sql = strdup(sql);
	if (!db->slots[i].sql)
		abort();
	db->slots[i].stmt = st;
	db->used++;
	return st;
}

static int bind_va(struct db *db, sqlite3_stmt *st, const char *fmt, va_list ap)
{
	int rc = SQLITE_OK;
	for (int i = 1; fmt[i - 1] && rc == SQLITE_OK; i++) {
		switch (fmt[i - 1]) {
		case 'i': rc = sqlite3_bind_int64(st, i, va_arg(ap, int64_t)); break;
		case 'n': rc = sqlite3_bind_int(st, i, va_arg(ap, int)); break;
		case 't': {
			const char *text = va_arg(ap, const char *);
			rc = text ? sqlite3_bind_text(st, i, text, -1, SQLITE_TRANSIENT) : sqlite3_bind_null(st, i);
			break;
		}
		case 's': {
			const char *text = va_arg(ap, const char *);
			int len = va_arg(ap, int);
			rc = sqlite3_bind_text(st, i, text, len, SQLITE_TRANSIENT);
			break;
		}
		case 'b': {
			const void *blob = va_arg(ap, const void *);
			int len = va_arg(ap, int);
			rc = sqlite3_bind_blob(st, i, blob, len, SQLITE_TRANSIENT);
			break;
		}
		case 'f': rc = sqlite3_bind_double(st, i, va_arg(ap, double)); break;
		case '-': rc = sqlite3_bind_null(st, i); break;
		default:
			log_error("db: bad bind format '%c' in \"%s\"", fmt[i - 1], fmt);
			rc = SQLITE_MISUSE;
		}
	}
	if (rc != SQLITE_OK) {
		log_error("bind failed (%s): %.200s", sqlite3_errstr(rc), sqlite3_sql(st));
		sqlite3_clear_bindings(st);
	}
	return db_note_rc(db, rc);
}

static int prepare_va(struct db *db, sqlite3_stmt **out, const char *sql, const char *fmt, va_list ap)
{
	*out = db_stmt(db, sql);
	if (!*out)
		return db_last_error(db);
	int rc = bind_va(db, *out, fmt, ap);
	if (rc != SQLITE_OK)
		*out = NULL;
	return rc;
}

int db_prepare(struct db *db, sqlite3_stmt **out, const char *sql, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int rc = prepare_va(db, out, sql, fmt, ap);
	va_end(ap);
	return rc;
}

int db_execf(struct db *db, const char *sql, const char *fmt, ...)
{
	sqlite3_stmt *st;
	va_list ap;
	va_start(ap, fmt);
	int rc = prepare_va(db, &st, sql, fmt, ap);
	va_end(ap);
	return rc == SQLITE_OK ? db_run(db, st) : rc;
}

/* Steps the freshly bound st once: SQLITE_ROW, DB_NOTFOUND (reset) or the error (reset). */
static int first_row(struct db *db, sqlite3_stmt *st)
{
	int rc = db_step(db, st);
	if (rc == SQLITE_ROW)
		return rc;
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? DB_NOTFOUND : rc;
}

/* prepare_va, then first_row. */
static int row_va(struct db *db, sqlite3_stmt **out, const char *sql, const char *fmt, va_list ap)
{
	int rc = prepare_va(db, out, sql, fmt, ap);
	return rc == SQLITE_OK ? first_row(db, *out) : rc;
}

int db_row(struct db *db, sqlite3_stmt **out, const char *sql, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int rc = row_va(db, out, sql, fmt, ap);
	va_end(ap);
	return rc;
}

int db_get_int(struct db *db, int64_t *out, const char *sql, const char *fmt, ...)
{
	sqlite3_stmt *st;
	va_list ap;
	va_start(ap, fmt);
	int rc = row_va(db, &st, sql, fmt, ap);
	va_end(ap);
	if (rc != SQLITE_ROW)
		return rc;
	bool null = sqlite3_column_type(st, 0) == SQLITE_NULL;
	if (!null)
		*out = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	return null ? DB_NOTFOUND : SQLITE_OK;
}

int db_exists(struct db *db, bool *out, const char *sql, const char *fmt, ...)
{
	sqlite3_stmt *st;
	va_list ap;
	va_start(ap, fmt);
	int rc = row_va(db, &st, sql, fmt, ap);
	va_end(ap);
	if (rc != SQLITE_ROW && rc != DB_NOTFOUND)
		return rc;
	if (rc == SQLITE_ROW)
		sqlite3_reset(st);
	*out = rc == SQLITE_ROW;
	return SQLITE_OK;
}

int db_step(struct db *db, sqlite3_stmt *st)
{
	int rc = sqlite3_step(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? rc : db_note_rc(db, rc);
}

int db_finish(sqlite3_stmt *st, int rc)
{
	sqlite3_reset(st);
	return rc == SQLITE_DONE || rc == SQLITE_ROW ? SQLITE_OK : rc;
}

int db_run(struct db *db, sqlite3_stmt *st)
{
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? SQLITE_OK : db_note_rc(db, rc);
}

int db_exec(struct db *db, const char *sql)
{
	char *msg = NULL;
	int rc = sqlite3_exec(db->handle, sql, NULL, NULL, &msg);
	if (rc != SQLITE_OK) {
		db_note_rc(db, rc);
		log_error("exec failed (%s): %.200s", msg ? msg : sqlite3_errstr(rc), sql);
	}
	sqlite3_free(msg);
	return rc;
}

int64_t db_int(struct db *db, int64_t dflt, const char *sql)
{
	sqlite3_stmt *st = db_stmt(db, sql);
	if (!st)
		return dflt;
	int64_t v = dflt;
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW && sqlite3_column_type(st, 0) != SQLITE_NULL)
		v = sqlite3_column_int64(st, 0);
	else if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		db_note_rc(db, rc);
	sqlite3_reset(st);
	return v;
}

/* Transaction control through cached statements: run on every request, they
 * would otherwise be parsed every time. */
static int run_cached(struct db *db, const char *sql)
{
	sqlite3_stmt *st = db_stmt(db, sql);
	if (!st)
		return db_last_error(db);
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc == SQLITE_DONE)
		return SQLITE_OK;
	db_note_rc(db, rc);
	return rc;
}

int db_begin_write(struct db *db)
{
	return run_cached(db, "BEGIN IMMEDIATE");
}

int db_begin_read(struct db *db)
{
	return run_cached(db, "BEGIN");
}

int db_commit(struct db *db)
{
	return run_cached(db, "COMMIT");
}

void db_rollback(struct db *db)
{
	if (!sqlite3_get_autocommit(db->handle))
		run_cached(db, "ROLLBACK");
}

bool db_rc_unavailable(int rc)
{
	switch (rc & 0xff) {
	case SQLITE_BUSY: case SQLITE_LOCKED: case SQLITE_IOERR: case SQLITE_CORRUPT:
	case SQLITE_FULL: case SQLITE_CANTOPEN: case SQLITE_NOTADB: case SQLITE_READONLY:
	case SQLITE_PROTOCOL:
		return true;
	default:
		return false;
	}
}

int db_note_rc(struct db *db, int rc)
{
	if (db_rc_unavailable(rc) && (rc & 0xff) != SQLITE_BUSY && (rc & 0xff) != SQLITE_LOCKED)
		db->failed = true;   /* BUSY passes; a broken file needs a new connection */
	return rc;
}

int db_last_error(const struct db *db)
{
	return db->last_prepare_rc != SQLITE_OK ? db->last_prepare_rc : SQLITE_ERROR;
}

bool db_failed(const struct db *db)
{
	return db->failed;
}
