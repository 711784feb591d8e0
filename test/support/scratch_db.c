#include "scratch_db.h"

#include "migrate.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <unistd.h>

void scratch_db_remove(const char *path)
{
	static const char *const suffixes[] = { "", "-wal", "-shm", "-journal", "-settle.lock" };
	for (size_t i = 0; i < sizeof suffixes / sizeof suffixes[0]; i++) {
		char p[256];
		snprintf(p, sizeof p, "%s%s", path, suffixes[i]);
		unlink(p);
	}
}

void scratch_db_open(char *path, size_t size, struct db **db, const char *label, int busy_timeout_ms, bool migrate)
{
	static int n;
	snprintf(path, size, "/tmp/walk-%s-%d-%d.db", label, (int)getpid(), n++);
	scratch_db_remove(path);
	char err[256];
	if (db_open(db, path, busy_timeout_ms, true, err, sizeof err) != 0)
		fail_msg("open %s: %s", path, err);
	if (migrate && migrate_apply(*db, err, sizeof err) <= 0)
		fail_msg("migrate %s: %s", path, err);
}

void scratch_db_close(struct db *db, const char *path)
{
	db_close(db);
	scratch_db_remove(path);
}
