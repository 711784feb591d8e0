/* lib/store/store_pii_seal, store_pii_migrate, store_enrollment: mobiles are
 * sealed and bound to their row; the search hashes find them under either
 * key while a rotation runs; walkctl's pass moves every value from the
 * previous key (or the clear) to the current one, in chunks, once.  A real
 * SQLite file per test. */
#include "scratch_db.h"
#include "store_enrollment.h"
#include "store_participants.h"
#include "store_pii_migrate.h"
#include "store_user_seal.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#define KEY_A "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f"
#define KEY_B "f0e1d2c3b4a5968778695a4b3c2d1e0f00112233445566778899aabbccddeeff"

static void put(struct db *db, struct sealer *s, int64_t uid, const char *mobile)
{
	struct enrollment e = { .activity_id = 1, .user_id = uid, .privacy_version = 1 };
	snprintf(e.name, sizeof e.name, "张三");
	snprintf(e.mobile, sizeof e.mobile, "%s", mobile);
	snprintf(e.region, sizeof e.region, "xa");
	snprintf(e.union_code, sizeof e.union_code, "xa");
	snprintf(e.unit, sizeof e.unit, "单位");
	assert_int_equal(store_enrollment_put(db, s, &e, 100), SQLITE_OK);
}

static const char *mobile_of(struct db *db, struct sealer *s, int64_t uid)
{
	static struct enrollment e;
	assert_int_equal(store_enrollment_get(db, s, 1, uid, &e), SQLITE_OK);
	return e.mobile;
}

static int64_t found(struct db *db, struct sealer *s, enum participant_search how, const char *q)
{
	struct participant_filter f = { .activity_id = 1, .search = how, .q = q, .sealer = s };
	int64_t n = -1;
	assert_int_equal(store_participants_count(db, &f, &n), SQLITE_OK);
	return n;
}

static int64_t under(struct db *db, const struct sealer *s)
{
	int64_t n = -1;
	assert_int_equal(db_get_int(db, &n, "SELECT count(*) FROM enrollments WHERE substr(mobile, 1, 12) = ?1", "t",
	                            s->header), SQLITE_OK);
	return n;
}

static void a_rotation_keeps_every_mobile_readable_and_searchable(void **state)
{
	struct scratch_users *f = *state;
	struct sealer a, b, previous, b_alone;
	assert_int_equal(sealer_init(&a, KEY_A), 0);
	put(f->db, &a, 1, "13800001111");
	put(f->db, &a, 2, "13900002222");
	assert_int_equal(under(f->db, &a), 2);
	/* Workers restarted with data_key = B, data_key_previous = A. */
	assert_int_equal(sealer_init_rotating(&b, &previous, KEY_B, KEY_A), 0);
	assert_string_equal(mobile_of(f->db, &b, 1), "13800001111");
	assert_int_equal(found(f->db, &b, SEARCH_MOBILE, "13900002222"), 1);
	assert_int_equal(found(f->db, &b, SEARCH_MOBILE_TAIL, "1111"), 1);
	/* A key that never sealed anything opens nothing and finds nothing. */
	assert_int_equal(sealer_init(&b_alone, KEY_B), 0);
	assert_string_equal(mobile_of(f->db, &b_alone, 1), "");
	assert_int_equal(found(f->db, &b_alone, SEARCH_MOBILE, "13900002222"), 0);
	/* The pass, a row a chunk. */
	struct pii_sealing p = { 0 };
	assert_int_equal(store_pii_seal_all(f->db, &b, 1, &p), SQLITE_OK);
	assert_int_equal(p.sealed, 2);
	assert_int_equal(p.unopened, 0);
	assert_int_equal(under(f->db, &b), 2);
	/* The fair-play history of mobiles (schema 041): each number's hash
	 * under B replaced the one under A, nobody has a second mobile. */
	int64_t hashes = 0;
	assert_int_equal(db_get_int(f->db, &hashes, "SELECT count(*) FROM enrollment_mobiles m JOIN enrollments e"
	                                            " USING (activity_id, user_id, mobile_index)", ""), SQLITE_OK);
	assert_int_equal(hashes, 2);
	assert_int_equal(db_get_int(f->db, &hashes, "SELECT count(*) FROM enrollment_mobiles", ""), SQLITE_OK);
	assert_int_equal(hashes, 2);
	/* Then B alone (data_key_previous removed) reads and finds them all. */
	assert_string_equal(mobile_of(f->db, &b_alone, 2), "13900002222");
	assert_int_equal(found(f->db, &b_alone, SEARCH_MOBILE, "13800001111"), 1);
	assert_int_equal(found(f->db, &b_alone, SEARCH_MOBILE_TAIL, "2222"), 1);
	assert_string_equal(mobile_of(f->db, &a, 1), "");
	/* A second run has nothing to do. */
	struct pii_sealing again = { 0 };
	assert_int_equal(store_pii_seal_all(f->db, &b, 1, &again), SQLITE_OK);
	assert_int_equal(again.sealed, 0);
	sealer_free(&a);
	sealer_free(&b);
	sealer_free(&previous);
	sealer_free(&b_alone);
}

static void rows_from_before_sealing_are_read_found_then_sealed(void **state)
{
	struct scratch_users *f = *state;
	struct sealer a;
	assert_int_equal(sealer_init(&a, KEY_A), 0);
	assert_int_equal(db_exec(f->db, "INSERT INTO enrollments (activity_id, user_id, name, mobile, region_code,"
	                                " union_code, unit, department, created_at, updated_at)"
	                                " VALUES (1, 1, '李四', '13700003333', 'xa', 'xa', 'u', '', 0, 0)"), SQLITE_OK);
	assert_string_equal(mobile_of(f->db, &a, 1), "13700003333");
	assert_int_equal(found(f->db, &a, SEARCH_MOBILE, "13700003333"), 1);
	assert_int_equal(found(f->db, &a, SEARCH_MOBILE_TAIL, "3333"), 1);
	struct pii_sealing p = { 0 };
	assert_int_equal(store_pii_seal_all(f->db, &a, 100, &p), SQLITE_OK);
	assert_int_equal(p.sealed, 1);
	assert_int_equal(under(f->db, &a), 1);
	int64_t hashes = 0;   /* the clear row's first hash, in the fair-play history */
	assert_int_equal(db_get_int(f->db, &hashes, "SELECT count(*) FROM enrollment_mobiles WHERE user_id = 1", ""),
	                 SQLITE_OK);
	assert_int_equal(hashes, 1);
	assert_string_equal(mobile_of(f->db, &a, 1), "13700003333");
	assert_int_equal(found(f->db, &a, SEARCH_MOBILE, "13700003333"), 1);
	assert_int_equal(found(f->db, &a, SEARCH_MOBILE_TAIL, "3333"), 1);
	sealer_free(&a);
}

static void a_sealed_mobile_moved_to_another_row_does_not_open(void **state)
{
	struct scratch_users *f = *state;
	struct sealer a;
	assert_int_equal(sealer_init(&a, KEY_A), 0);
	put(f->db, &a, 1, "13800001111");
	put(f->db, &a, 2, "13900002222");
	assert_int_equal(db_exec(f->db, "UPDATE enrollments SET mobile = (SELECT mobile FROM enrollments"
	                                " WHERE user_id = 1) WHERE user_id = 2"), SQLITE_OK);
	assert_string_equal(mobile_of(f->db, &a, 2), "");
	struct pii_sealing p = { 0 };
	assert_int_equal(store_pii_seal_all(f->db, &a, 100, &p), SQLITE_OK);
	assert_int_equal(p.sealed, 0);   /* under the current key already: left as it is */
	sealer_free(&a);
}

static void a_rotation_moves_the_session_keys_too(void **state)
{
	struct scratch_users *f = *state;
	struct sealer a, b, previous, b_alone;
	assert_int_equal(sealer_init(&a, KEY_A), 0);
	struct key_sealing first = { 0 }, rotated = { 0 }, again = { 0 };
	assert_int_equal(store_user_seal_all(f->db, &a, 1, &first), SQLITE_OK);
	assert_int_equal(first.sealed, 2);
	assert_int_equal(sealer_init_rotating(&b, &previous, KEY_B, KEY_A), 0);
	assert_int_equal(store_user_seal_all(f->db, &b, 1, &rotated), SQLITE_OK);
	assert_int_equal(rotated.sealed, 2);
	assert_int_equal(rotated.left, 0);
	assert_int_equal(sealer_init(&b_alone, KEY_B), 0);
	char key[64];
	assert_int_equal(store_user_session_key(f->db, &b_alone, 2, key, sizeof key, NULL), SQLITE_OK);
	assert_string_equal(key, "k");
	assert_int_equal(store_user_seal_all(f->db, &b, 1, &again), SQLITE_OK);
	assert_int_equal(again.sealed, 0);
	sealer_free(&a);
	sealer_free(&b);
	sealer_free(&previous);
	sealer_free(&b_alone);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(a_rotation_keeps_every_mobile_readable_and_searchable, scratch_users_setup,
		                                scratch_users_teardown),
		cmocka_unit_test_setup_teardown(rows_from_before_sealing_are_read_found_then_sealed, scratch_users_setup,
		                                scratch_users_teardown),
		cmocka_unit_test_setup_teardown(a_sealed_mobile_moved_to_another_row_does_not_open, scratch_users_setup,
		                                scratch_users_teardown),
		cmocka_unit_test_setup_teardown(a_rotation_moves_the_session_keys_too, scratch_users_setup,
		                                scratch_users_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
