#include "clock.h"

#include "db.h"

#include <time.h>

static int64_t offset_seconds;

int64_t clock_real_now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec;
}

int64_t clock_now(void)
{
	return clock_real_now() + offset_seconds;
}

int64_t clock_offset(void)
{
	return offset_seconds;
}

int clock_refresh(struct db *db, bool shift_allowed)
{
	if (!shift_allowed) {
		offset_seconds = 0;
		return 0;
	}
	sqlite3_stmt *st = db_stmt(db, "SELECT offset_seconds FROM server_clock WHERE id = 1");
	if (!st)
		return SQLITE_ERROR;
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		offset_seconds = sqlite3_column_int64(st, 0);
	else if (rc == SQLITE_DONE)
		offset_seconds = 0;
	sqlite3_reset(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : db_note_rc(db, rc);
}

int clock_store_offset(struct db *db, int64_t offset)
{
	sqlite3_stmt *st = db_stmt(db, "UPDATE server_clock SET offset_seconds = ?1, set_at = ?2 WHERE id = 1");
	if (!st)
		return SQLITE_ERROR;
	sqlite3_bind_int64(st, 1, offset);
	sqlite3_bind_int64(st, 2, clock_real_now());
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc == SQLITE_DONE)
		offset_seconds = offset;
	return rc == SQLITE_DONE ? SQLITE_OK : rc;
}

struct timespec clock_monotonic(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return t;
}

double clock_seconds_since(struct timespec start)
{
	struct timespec t = clock_monotonic();
	return (double)(t.tv_sec - start.tv_sec) + (double)(t.tv_nsec - start.tv_nsec) / 1e9;
}
