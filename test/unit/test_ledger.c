/* The ledger in its natural key (schema 042, lib/store/store_ledger.c): the
 * migration of a database the former schema made, the kinds' codes, the ids
 * that order the pages, and the rows that stay as they were written. */
#include "calendar.h"
#include "db.h"
#include "migrate.h"
#include "store_ledger.h"

#include "scratch_db.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define BEFORE_COMPACT_LEDGER 41   /* the last schema with the rowid ledger */

/* The database as the former schema left it, with users 1 and 2. */
static void migrate_to_former_schema(struct scratch_users *f)
{
	int n = 0;
	while (n < walk_migration_count && walk_migrations[n].version <= BEFORE_COMPACT_LEDGER)
		n++;
	assert_int_equal(walk_migrations[n].version, BEFORE_COMPACT_LEDGER + 1);
	char err[256];
	assert_int_equal(migrate_apply_list(f->db, walk_migrations, n, err, sizeof err), n);
	assert_int_equal(db_exec(f->db, "INSERT INTO users (id, openid, session_key, created_at, last_login_at)"
	                                " VALUES (1, 'o1', 'k', 0, 0), (2, 'o2', 'k', 0, 0)"), SQLITE_OK);
}

static void migrate_to_now(struct scratch_users *f)
{
	char err[256];
	assert_true(migrate_apply(f->db, err, sizeof err) >= 1);
}

static int64_t q(struct scratch_users *f, const char *sql)
{
	int64_t v = -1;
	assert_int_equal(db_get_int(f->db, &v, sql, ""), SQLITE_OK);
	return v;
}

/* The first column of sql's first row as text, into out. */
static void text_of(struct scratch_users *f, const char *sql, int code, char *out, size_t size)
{
	sqlite3_stmt *st;
	assert_int_equal(db_row(f->db, &st, sql, "n", code), SQLITE_ROW);
	snprintf(out, size, "%s", sqlite3_column_text(st, 0) ? (const char *)sqlite3_column_text(st, 0) : "");
	sqlite3_reset(st);
}

/* The rows of every kind as the former table held them, ids out of key order. */
static const char former_rows[] =
	"INSERT INTO ledger (id, activity_id, user_id, kind, ref, amount, created_at) VALUES"
	" (10, 1, 1, 'checkin', '2019-07-01', 1, 1561939300),"
	" (11, 1, 2, 'checkin', '2019-07-01', 1, 1561939400),"
	" (12, 1, 1, 'steps', '2019-07-01', 5, 1562025600),"
	" (13, 1, 1, 'personal_target', '2019-07-01', 1, 1562025600),"
	" (14, 1, 1, 'team_target', '2019-07-01', 2, 1562025600),"
	" (15, 1, 1, 'essay', '3', 2, 1562030000),"
	" (16, 1, 1, 'leader_full_team', '77', 20, 1562030001),"
	" (17, 1, 1, 'redeem', '1234', -10, 1562030002),"
	" (18, 1, 2, 'adjust', '9', -1, 1562030003),"
	" (20, 1, 1, 'checkin', '2020-02-29', 1, 1582905600)";

/* The view's rows as text, in id order. */
static void view_rows(struct scratch_users *f, char *out, size_t size)
{
	text_of(f, "SELECT group_concat(id || ' ' || user_id || ' ' || kind || ' ' || ref || ' '"
	           " || amount || ' ' || created_at, ';') FROM (SELECT * FROM ledger ORDER BY id) WHERE ?1 = ?1", 0,
	        out, size);
}

static void a_former_database_keeps_every_row_as_it_was(void **state)
{
	struct scratch_users *f = *state;
	migrate_to_former_schema(f);
	assert_int_equal(db_exec(f->db, former_rows), SQLITE_OK);
	char before[2048], after[2048];
	view_rows(f, before, sizeof before);
	migrate_to_now(f);
	view_rows(f, after, sizeof after);
	assert_string_equal(after, before);
	assert_int_equal(q(f, "SELECT count(*) FROM ledger_entries"), 10);
	/* the day kinds' refs are the days' numbers, the others' the numbers */
	int32_t day;
	assert_true(cal_parse_day("2020-02-29", &day));
	assert_int_equal(q(f, "SELECT ref FROM ledger_entries WHERE id = 20"), day);
	assert_int_equal(q(f, "SELECT ref FROM ledger_entries WHERE id = 17"), 1234);
	assert_int_equal(q(f, "SELECT next FROM ledger_ids"), 21);

	int64_t balance = 0;
	assert_int_equal(store_ledger_balance(f->db, 1, 1, &balance), SQLITE_OK);
	assert_int_equal(balance, 1 + 5 + 1 + 2 + 2 + 20 - 10 + 1);
	/* the keys still hold: the same award again is ignored */
	bool inserted = true;
	assert_int_equal(store_ledger_award(f->db, 1, 1, RULES_LEDGER_ESSAY, 3, 2, 1562040000, &inserted), SQLITE_OK);
	assert_false(inserted);
	assert_true(cal_parse_day("2019-07-01", &day));
	bool exists = false;
	assert_int_equal(store_ledger_has(f->db, 1, 2, RULES_LEDGER_CHECKIN, day, &exists), SQLITE_OK);
	assert_true(exists);
	/* and a new one comes after every former row */
	assert_int_equal(store_ledger_award(f->db, 1, 2, RULES_LEDGER_CHECKIN, day + 1, 1, 1562112000, &inserted),
	                 SQLITE_OK);
	assert_true(inserted);
	assert_int_equal(q(f, "SELECT id FROM ledger WHERE user_id = 2 AND ref = '2019-07-02'"), 21);
}

static void a_ref_that_is_no_number_stops_the_migration(void **state)
{
	struct scratch_users *f = *state;
	migrate_to_former_schema(f);
	assert_int_equal(db_exec(f->db, "INSERT INTO ledger (activity_id, user_id, kind, ref, amount, created_at)"
	                                " VALUES (1, 1, 'checkin', '2019-07-01', 1, 0),"
	                                " (1, 1, 'essay', 'three', 2, 0)"), SQLITE_OK);
	char err[256];
	assert_int_equal(migrate_apply(f->db, err, sizeof err), -1);
	assert_non_null(strstr(err, "ledger_entries.ref"));
	/* rolled back: the former table is whole, the schema where it was */
	assert_int_equal(q(f, "SELECT count(*) FROM ledger"), 2);
	assert_int_equal(q(f, "SELECT max(version) FROM schema_migrations"), BEFORE_COMPACT_LEDGER);
}

static void the_kinds_codes_are_the_rules_kinds(void **state)
{
	struct scratch_users *f = *state;
	migrate_to_now(f);
	assert_int_equal(db_exec(f->db, "INSERT INTO users (id, openid, session_key, created_at, last_login_at)"
	                                " VALUES (1, 'o1', 'k', 0, 0)"), SQLITE_OK);
	assert_int_equal(q(f, "SELECT count(*) FROM ledger_kinds"), RULES_LEDGER_KIND_COUNT);
	for (int k = 0; k < RULES_LEDGER_KIND_COUNT; k++) {
		/* what the view shows of a row the code wrote is what the rules name it */
		assert_int_equal(store_ledger_award(f->db, 1, 1, (enum rules_ledger_kind)k, 18078, 1, 0, NULL), SQLITE_OK);
		char name[32], ref[RULES_REF_BUF], expected[RULES_REF_BUF];
		text_of(f, "SELECT kind FROM ledger WHERE id = ?1 + 1", k, name, sizeof name);
		assert_string_equal(name, rules_ledger_kind_name((enum rules_ledger_kind)k));
		text_of(f, "SELECT ref FROM ledger WHERE id = ?1 + 1", k, ref, sizeof ref);
		assert_true(rules_ledger_ref((enum rules_ledger_kind)k, 18078, expected, sizeof expected));
		assert_string_equal(ref, expected);
	}
	char day[CAL_DAY_BUF];
	text_of(f, "SELECT ref FROM ledger WHERE id = ?1", 1, day, sizeof day);
	assert_string_equal(day, "2019-07-01");
}

static void rows_are_append_only_and_the_view_refuses_nonsense(void **state)
{
	struct scratch_users *f = *state;
	migrate_to_now(f);
	assert_int_equal(db_exec(f->db, "INSERT INTO users (id, openid, session_key, created_at, last_login_at)"
	                                " VALUES (1, 'o1', 'k', 0, 0)"), SQLITE_OK);
	assert_int_equal(db_exec(f->db, "INSERT INTO ledger (activity_id, user_id, kind, ref, amount, created_at)"
	                                " VALUES (1, 1, 'steps', '2019-07-01', 5, 0)"), SQLITE_OK);
	assert_int_not_equal(db_exec(f->db, "UPDATE ledger_entries SET amount = 9"), SQLITE_OK);
	assert_int_not_equal(db_exec(f->db, "DELETE FROM ledger_entries"), SQLITE_OK);
	assert_int_not_equal(db_exec(f->db, "INSERT INTO ledger (activity_id, user_id, kind, ref, amount, created_at)"
	                                    " VALUES (1, 1, 'bonus', '1', 5, 0)"), SQLITE_OK);
	assert_int_not_equal(db_exec(f->db, "INSERT INTO ledger (activity_id, user_id, kind, ref, amount, created_at)"
	                                    " VALUES (1, 1, 'steps', '2019-7-2', 5, 0)"), SQLITE_OK);
	assert_int_not_equal(db_exec(f->db, "INSERT INTO ledger (activity_id, user_id, kind, ref, amount, created_at)"
	                                    " VALUES (1, 1, 'steps', '2019-07-01', 3, 0)"), SQLITE_OK);
	assert_int_equal(q(f, "SELECT count(*) * 100 + sum(amount) FROM ledger"), 105);
}

struct page {
	int64_t ids[16];
	char refs[16][RULES_REF_BUF];
	int n;
};

static void take(const struct ledger_row *row, void *arg)
{
	struct page *p = arg;
	if (p->n < 16) {
		p->ids[p->n] = row->id;
		strcpy(p->refs[p->n], row->ref);
		p->n++;
	}
}

static void staged_awards_take_ids_in_order_and_pages_go_newest_first(void **state)
{
	struct scratch_users *f = *state;
	migrate_to_now(f);
	assert_int_equal(db_exec(f->db, "INSERT INTO users (id, openid, session_key, created_at, last_login_at)"
	                                " VALUES (1, 'o1', 'k', 0, 0), (2, 'o2', 'k', 0, 0)"), SQLITE_OK);
	int32_t day;
	assert_true(cal_parse_day("2019-07-01", &day));
	assert_int_equal(store_ledger_award(f->db, 1, 1, RULES_LEDGER_CHECKIN, day, 1, 100, NULL), SQLITE_OK);
	int64_t inserted = -1;
	for (int night = 0; night < 2; night++) {   /* the second night repeats the first: nothing new */
		assert_int_equal(store_ledger_stage_clear(f->db), SQLITE_OK);
		assert_int_equal(store_ledger_stage(f->db, 1, RULES_LEDGER_STEPS, 4), SQLITE_OK);
		assert_int_equal(store_ledger_stage(f->db, 1, RULES_LEDGER_PERSONAL_TARGET, 0), SQLITE_OK);
		assert_int_equal(store_ledger_stage(f->db, 2, RULES_LEDGER_STEPS, 2), SQLITE_OK);
		assert_int_equal(store_ledger_stage(f->db, 1, RULES_LEDGER_PERSONAL_TARGET, 1), SQLITE_OK);
		assert_int_equal(store_ledger_award_staged(f->db, 1, day, 200, &inserted), SQLITE_OK);
		assert_int_equal(inserted, night == 0 ? 3 : 0);
	}
	assert_int_equal(store_ledger_award(f->db, 1, 1, RULES_LEDGER_ESSAY, 1, 2, 300, NULL), SQLITE_OK);
	/* ids 1 (check-in), 2–4 (the night, in staging order), 5–7 the repeat's gap, 8 the essay */
	char ids[64];
	text_of(f, "SELECT group_concat(id) FROM (SELECT id FROM ledger_entries ORDER BY id) WHERE ?1 = ?1", 0, ids,
	        sizeof ids);
	assert_string_equal(ids, "1,2,3,4,8");
	assert_int_equal(q(f, "SELECT user_id * 10 + kind FROM ledger_entries WHERE id = 3"), 21);
	struct page p = { .n = 0 };
	assert_int_equal(store_ledger_page(f->db, 1, 1, 0, 2, take, &p), SQLITE_OK);
	assert_int_equal(p.n, 2);
	assert_int_equal(p.ids[0], 8);
	assert_string_equal(p.refs[0], "1");
	assert_int_equal(p.ids[1], 4);
	assert_string_equal(p.refs[1], "2019-07-01");
	p.n = 0;
	assert_int_equal(store_ledger_page(f->db, 1, 1, 4, 10, take, &p), SQLITE_OK);
	assert_int_equal(p.n, 2);
	assert_int_equal(p.ids[0], 2);
	assert_int_equal(p.ids[1], 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(a_former_database_keeps_every_row_as_it_was, scratch_empty_setup, scratch_users_teardown),
		cmocka_unit_test_setup_teardown(a_ref_that_is_no_number_stops_the_migration, scratch_empty_setup, scratch_users_teardown),
		cmocka_unit_test_setup_teardown(the_kinds_codes_are_the_rules_kinds, scratch_empty_setup, scratch_users_teardown),
		cmocka_unit_test_setup_teardown(rows_are_append_only_and_the_view_refuses_nonsense, scratch_empty_setup, scratch_users_teardown),
		cmocka_unit_test_setup_teardown(staged_awards_take_ids_in_order_and_pages_go_newest_first, scratch_empty_setup, scratch_users_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
