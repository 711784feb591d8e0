/* lib/store/store_user and store_user_seal: session keys are stored sealed and
 * bound to their user; a key that does not open is unreadable, never used;
 * rows from before sealing are read as they are, then sealed in chunks,
 * once, and a run stopped after a chunk (or failing in one) is completed by
 * the next.  A real SQLite file per test. */
#include "crypto.h"
#include "db.h"
#include "migrate.h"
#include "store_user.h"
#include "store_user_seal.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define KEY_A "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f"
#define KEY_B "f0e1d2c3b4a5968778695a4b3c2d1e0f00112233445566778899aabbccddeeff"

enum { OLD_USERS = 5000 };   /* rows from before sealing: three chunks of 2,000 */

struct fixture {
	char path[128];
	struct db *db;
	struct sealer a, b;
	char clear[OLD_USERS + 1][25];   /* each old user's key, by user id */
};

static int setup(void **state)
{
	static int n;
	struct fixture *f = calloc(1, sizeof *f);
	snprintf(f->path, sizeof f->path, "/tmp/walk-seal-test-%d-%d.db", (int)getpid(), n++);
	unlink(f->path);
	char err[256];
	assert_int_equal(db_open(&f->db, f->path, 1000, true, err, sizeof err), 0);
	assert_true(migrate_apply(f->db, err, sizeof err) > 0);
	assert_int_equal(sealer_init(&f->a, KEY_A), 0);
	assert_int_equal(sealer_init(&f->b, KEY_B), 0);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	db_close(f->db);
	sealer_free(&f->a);
	sealer_free(&f->b);
	static const char *const files[] = { "", "-wal", "-shm", "-journal" };
	for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
		char p[160];
		snprintf(p, sizeof p, "%s%s", f->path, files[i]);
		unlink(p);
	}
	free(f);
	return 0;
}

static int64_t login(struct fixture *f, struct sealer *s, const char *openid, const char *key)
{
	int64_t id = 0;
	assert_int_equal(db_begin_write(f->db), SQLITE_OK);
	assert_int_equal(store_user_upsert(f->db, s, openid, NULL, key, 1000, &id), SQLITE_OK);
	assert_int_equal(db_commit(f->db), SQLITE_OK);
	return id;
}

static void expect_key(struct fixture *f, struct sealer *s, int64_t id, const char *expected)
{
	char key[STORE_USER_KEY_MAX + 1];
	const char *why = NULL;
	assert_int_equal(store_user_session_key(f->db, s, id, key, sizeof key, &why), SQLITE_OK);
	assert_string_equal(key, expected);
	assert_null(why);
}

static void expect_unreadable(struct fixture *f, struct sealer *s, int64_t id, const char *why_expected)
{
	char key[STORE_USER_KEY_MAX + 1];
	const char *why = NULL;
	memset(key, 'x', sizeof key);
	assert_int_equal(store_user_session_key(f->db, s, id, key, sizeof key, &why), STORE_USER_KEY_UNREADABLE);
	assert_non_null(why);
	assert_non_null(strstr(why, why_expected));
	for (size_t i = 0; i < sizeof key; i++)
		assert_int_equal(key[i], 0);
}

/* The value in the row, as SQLite has it. */
static void stored_value(struct fixture *f, int64_t id, char *out, size_t size)
{
	sqlite3_stmt *st;
	assert_int_equal(db_row(f->db, &st, "SELECT session_key FROM users WHERE id = ?1", "i", id), SQLITE_ROW);
	snprintf(out, size, "%s", (const char *)sqlite3_column_text(st, 0));
	sqlite3_reset(st);
}

static void set_stored(struct fixture *f, int64_t id, const char *value)
{
	assert_int_equal(db_execf(f->db, "UPDATE users SET session_key = ?2 WHERE id = ?1", "it", id, value),
	                 SQLITE_OK);
	assert_int_equal(sqlite3_changes(db_handle(f->db)), 1);
}

static void keys_are_stored_sealed_and_read_back(void **state)
{
	struct fixture *f = *state;
	int64_t id = login(f, &f->a, "o-alice", "tiihtNczf5v6AKRyjwEUhQ==");
	char stored[STORE_USER_STORED_KEY_SIZE + 8];
	stored_value(f, id, stored, sizeof stored);
	assert_memory_equal(stored, f->a.header, SEALED_HEADER_CHARS);
	assert_null(strstr(stored, "tiihtNczf5v6AKRyjwEUhQ=="));
	expect_key(f, &f->a, id, "tiihtNczf5v6AKRyjwEUhQ==");
	/* A new login: the newest key, sealed anew. */
	assert_int_equal(login(f, &f->a, "o-alice", "AAECAwQFBgcICQoLDA0ODw=="), id);
	expect_key(f, &f->a, id, "AAECAwQFBgcICQoLDA0ODw==");
	/* A key WeChat would give malformed is kept as given: the sync says so. */
	int64_t odd = login(f, &f->a, "o-odd", "c2hvcnQ=");
	expect_key(f, &f->a, odd, "c2hvcnQ=");
	/* A key too long to be one is refused before anything is written. */
	int64_t none = 0;
	char long_key[STORE_USER_KEY_MAX + 2];
	memset(long_key, 'A', sizeof long_key - 1);
	long_key[sizeof long_key - 1] = '\0';
	assert_int_equal(store_user_upsert(f->db, &f->a, "o-long", NULL, long_key, 1000, &none), SQLITE_TOOBIG);
	assert_int_equal(db_int(f->db, -1, "SELECT count(*) FROM users WHERE openid = 'o-long'"), 0);
}

static void a_key_that_does_not_open_is_unreadable(void **state)
{
	struct fixture *f = *state;
	int64_t alice = login(f, &f->a, "o-alice", "tiihtNczf5v6AKRyjwEUhQ==");
	int64_t bob = login(f, &f->a, "o-bob", "AAECAwQFBgcICQoLDA0ODw==");
	char alices[STORE_USER_STORED_KEY_SIZE], bobs[STORE_USER_STORED_KEY_SIZE];
	stored_value(f, alice, alices, sizeof alices);
	stored_value(f, bob, bobs, sizeof bobs);
	/* Alice's sealed key moved into Bob's row. */
	set_stored(f, bob, alices);
	expect_unreadable(f, &f->a, bob, "sealed for another row");
	/* One character of the ciphertext changed. */
	char tampered[STORE_USER_STORED_KEY_SIZE];
	snprintf(tampered, sizeof tampered, "%s", bobs);
	tampered[30] = tampered[30] == 'A' ? 'B' : 'A';
	set_stored(f, bob, tampered);
	expect_unreadable(f, &f->a, bob, "tampered");
	/* Another data key, an unknown format, neither sealed nor a key. */
	expect_unreadable(f, &f->b, alice, "another data_key");
	set_stored(f, bob, "s9:whatever");
	expect_unreadable(f, &f->a, bob, "unknown format");
	set_stored(f, bob, "c2hvcnQ=");
	expect_unreadable(f, &f->a, bob, "neither sealed nor a session key in the clear");
	/* And the genuine rows still open. */
	set_stored(f, bob, bobs);
	expect_key(f, &f->a, bob, "AAECAwQFBgcICQoLDA0ODw==");
	expect_key(f, &f->a, alice, "tiihtNczf5v6AKRyjwEUhQ==");
}

/* OLD_USERS users with ids 1.. and random keys in the clear, as rows written
 * before sealing hold them. */
static void make_old_users(struct fixture *f)
{
	assert_int_equal(db_begin_write(f->db), SQLITE_OK);
	for (int64_t id = 1; id <= OLD_USERS; id++) {
		unsigned char raw[16];
		char openid[32];
		crypto_random(raw, sizeof raw);
		crypto_base64_encode(raw, sizeof raw, f->clear[id], sizeof f->clear[id]);
		snprintf(openid, sizeof openid, "o-old-%lld", (long long)id);
		assert_int_equal(db_execf(f->db, "INSERT INTO users (id, openid, session_key, created_at,"
		                                 " last_login_at) VALUES (?1, ?2, ?3, 1000, 1000)", "itt", id, openid,
		                          f->clear[id]), SQLITE_OK);
	}
	assert_int_equal(db_commit(f->db), SQLITE_OK);
}

static int64_t count_in_clear(struct fixture *f, int64_t from_id, int64_t to_id)
{
	int64_t n = -1;
	assert_int_equal(db_get_int(f->db, &n, "SELECT count(*) FROM users WHERE id BETWEEN ?1 AND ?2"
	                                      " AND session_key NOT LIKE 's1:%'", "ii", from_id, to_id),
	                 SQLITE_OK);
	return n;
}

static void every_old_key_reads_as_it_was(struct fixture *f)
{
	for (int64_t id = 1; id <= OLD_USERS; id++)
		expect_key(f, &f->a, id, f->clear[id]);
}

/* The whole column, to tell whether a run wrote anything: a sealing always
 * makes a new nonce. */
static char *all_stored(struct fixture *f)
{
	sqlite3_stmt *st;
	assert_int_equal(db_row(f->db, &st, "SELECT group_concat(session_key, ',') FROM "
	                                    "(SELECT session_key FROM users ORDER BY id)", ""), SQLITE_ROW);
	char *copy = strdup((const char *)sqlite3_column_text(st, 0));
	sqlite3_reset(st);
	return copy;
}

static void old_rows_are_read_then_sealed_in_chunks_once(void **state)
{
	struct fixture *f = *state;
	make_old_users(f);
	/* Before sealing, the keys in the clear are read as they are. */
	every_old_key_reads_as_it_was(f);
	/* Others: a key already sealed, one under another data key, one in the
	 * clear but malformed. */
	int64_t sealed = login(f, &f->a, "o-new", "tiihtNczf5v6AKRyjwEUhQ==");
	int64_t other = login(f, &f->b, "o-other", "AAECAwQFBgcICQoLDA0ODw==");
	int64_t odd = 0;
	assert_int_equal(db_get_int(f->db, &odd, "INSERT INTO users (openid, session_key, created_at, last_login_at)"
	                                        " VALUES ('o-odd', 'c2hvcnQ=', 1, 1) RETURNING id", ""), SQLITE_OK);
	char before_new[STORE_USER_STORED_KEY_SIZE];
	stored_value(f, sealed, before_new, sizeof before_new);

	/* One chunk, as a run stopped (or killed) after its first commit leaves it. */
	struct key_sealing progress = { 0 };
	bool more = false;
	assert_int_equal(store_user_seal_chunk(f->db, &f->a, STORE_USER_SEAL_CHUNK, &progress, &more), SQLITE_OK);
	assert_true(more);
	assert_int_equal(progress.read, 2000);
	assert_int_equal(progress.sealed, 2000);
	assert_int_equal(progress.after_id, 2000);
	assert_int_equal(count_in_clear(f, 1, 2000), 0);
	assert_int_equal(count_in_clear(f, 2001, OLD_USERS), OLD_USERS - 2000);
	every_old_key_reads_as_it_was(f);

	/* A later run completes it, from the first user again. */
	struct key_sealing rest = { 0 };
	assert_int_equal(store_user_seal_all(f->db, &f->a, STORE_USER_SEAL_CHUNK, &rest), SQLITE_OK);
	assert_int_equal(rest.read, OLD_USERS + 3);
	assert_int_equal(rest.sealed, OLD_USERS - 2000 + 1);   /* the malformed one too */
	assert_int_equal(rest.left, 1);                         /* under another key */
	assert_int_equal(count_in_clear(f, 1, odd), 0);
	every_old_key_reads_as_it_was(f);
	expect_key(f, &f->a, odd, "c2hvcnQ=");
	expect_key(f, &f->b, other, "AAECAwQFBgcICQoLDA0ODw==");
	char after_new[STORE_USER_STORED_KEY_SIZE];
	stored_value(f, sealed, after_new, sizeof after_new);
	assert_string_equal(after_new, before_new);   /* what was sealed is left alone */

	/* A third run changes nothing, and writes nothing. */
	char *column = all_stored(f);
	int changes = sqlite3_total_changes(db_handle(f->db));
	struct key_sealing again = { 0 };
	assert_int_equal(store_user_seal_all(f->db, &f->a, STORE_USER_SEAL_CHUNK, &again), SQLITE_OK);
	assert_int_equal(again.sealed, 0);
	assert_int_equal(again.left, 1);
	assert_int_equal(sqlite3_total_changes(db_handle(f->db)), changes);
	char *column_again = all_stored(f);
	assert_string_equal(column_again, column);
	free(column);
	free(column_again);
}

static void a_failed_chunk_is_rolled_back_and_completed_later(void **state)
{
	struct fixture *f = *state;
	make_old_users(f);
	/* The second chunk fails half-way. */
	assert_int_equal(db_exec(f->db, "CREATE TRIGGER refuse_3000 BEFORE UPDATE OF session_key ON users "
	                                "WHEN NEW.id = 3000 BEGIN SELECT RAISE(ABORT, 'refused on purpose'); END"),
	                 SQLITE_OK);
	struct key_sealing progress = { 0 };
	assert_int_equal(store_user_seal_all(f->db, &f->a, STORE_USER_SEAL_CHUNK, &progress),
	                 SQLITE_CONSTRAINT_TRIGGER);
	assert_int_equal(progress.after_id, 2000);
	assert_int_equal(progress.sealed, 2000);
	assert_int_equal(count_in_clear(f, 1, 2000), 0);
	assert_int_equal(count_in_clear(f, 2001, OLD_USERS), OLD_USERS - 2000);   /* 2001..2999 rolled back */
	assert_true(sqlite3_get_autocommit(db_handle(f->db)));
	every_old_key_reads_as_it_was(f);
	assert_int_equal(db_exec(f->db, "DROP TRIGGER refuse_3000"), SQLITE_OK);
	struct key_sealing rest = { 0 };
	assert_int_equal(store_user_seal_all(f->db, &f->a, STORE_USER_SEAL_CHUNK, &rest), SQLITE_OK);
	assert_int_equal(rest.sealed, OLD_USERS - 2000);
	assert_int_equal(count_in_clear(f, 1, OLD_USERS), 0);
	every_old_key_reads_as_it_was(f);
}

/* A login between the page's read and its write has sealed a newer key: the
 * sealing of the old one must not overwrite it. */
static void a_login_meanwhile_wins(void **state)
{
	struct fixture *f = *state;
	assert_int_equal(db_exec(f->db, "INSERT INTO users (id, openid, session_key, created_at, last_login_at) "
	                                "VALUES (1, 'o-old-1', 'tiihtNczf5v6AKRyjwEUhQ==', 1, 1)"), SQLITE_OK);
	struct user_key_to_seal keys[4];
	struct user_key_page page = { .keys = keys };
	assert_int_equal(store_user_keys_to_seal(f->db, &f->a, 4, &page), SQLITE_OK);
	assert_int_equal(page.n, 1);
	assert_int_equal(login(f, &f->a, "o-old-1", "AAECAwQFBgcICQoLDA0ODw=="), 1);
	bool replaced = true;
	assert_int_equal(db_begin_write(f->db), SQLITE_OK);
	assert_int_equal(store_user_key_replace(f->db, &keys[0], &replaced), SQLITE_OK);
	assert_int_equal(db_commit(f->db), SQLITE_OK);
	assert_false(replaced);
	expect_key(f, &f->a, 1, "AAECAwQFBgcICQoLDA0ODw==");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(keys_are_stored_sealed_and_read_back, setup, teardown),
		cmocka_unit_test_setup_teardown(a_key_that_does_not_open_is_unreadable, setup, teardown),
		cmocka_unit_test_setup_teardown(old_rows_are_read_then_sealed_in_chunks_once, setup, teardown),
		cmocka_unit_test_setup_teardown(a_failed_chunk_is_rolled_back_and_completed_later, setup, teardown),
		cmocka_unit_test_setup_teardown(a_login_meanwhile_wins, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
