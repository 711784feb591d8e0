#include "scratch_db.h"

#include "migrate.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
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

int scratch_users_setup(void **state)
{
	struct scratch_users *f = calloc(1, sizeof *f);
	scratch_db_open(f->path, sizeof f->path, &f->db, "users", 1000, true);
	assert_int_equal(db_exec(f->db, "INSERT INTO users (id, openid, session_key, created_at, last_login_at)"
	                                " VALUES (1, 'o1', 'k', 0, 0), (2, 'o2', 'k', 0, 0)"), SQLITE_OK);
	*state = f;
	return 0;
}

int scratch_empty_setup(void **state)
{
	struct scratch_users *f = calloc(1, sizeof *f);
	scratch_db_open(f->path, sizeof f->path, &f->db, "empty", 1000, false);
	*state = f;
	return 0;
}

int scratch_users_teardown(void **state)
{
	struct scratch_users *f = *state;
	scratch_db_close(f->db, f->path);
	free(f);
	return 0;
}
