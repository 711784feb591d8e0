/*
 * Badges, the grand-prize draw, awards, addresses and shipping through the
 * real stack (RULES §8–§9, API.md "Badges, prizes and shipping").
 *
 * The data: 甲 and 乙 of 西安市总工会 (xa), 丙 of 宝鸡市总工会 (bj), 丁 (xa)
 * without any badge.  甲's check-ins of 07-01…10-07 and 乙's and 丙's 13
 * checkpoint passes are inserted with SQL (the passes belong to the
 * checkpoints feature); the check-ins of 10-08 go through the API, which
 * records the badges.  The tests share one stack and run in main()'s order.
 */
#include "admin_client.h"
#include "walker.h"

#include "crypto.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static struct stack S;
static struct walker jia, yi, bing, ding;
static struct admin_client prov, xa, bj;

static void sql(const char *statement)
{
	char out[512];
	if (stack_sh(&S, out, sizeof out, "sqlite3 \"$WALK_VAR/walk.db\" \"%s\"", statement) != 0)
		fail_msg("sqlite3 %s: %s", statement, out);
}

static const cJSON *member(const cJSON *o, const char *name)
{
	return cJSON_GetObjectItemCaseSensitive(o, name);
}

static const char *text(const cJSON *o, const char *name)
{
	const char *v = cJSON_GetStringValue(member(o, name));
	return v ? v : "";
}

static void as_admin(const struct admin_client *a, struct http_reply *r, const char *method, const char *path,
                     const char *json)
{
	admin_client_req(a, &S, r, method, path, json ? "application/json" : NULL, json, ADMIN_WITH_CSRF);
}

static void pass_all_checkpoints(long user_id)
{
	char q[512];
	snprintf(q, sizeof q, "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 13) "
	                      "INSERT INTO checkpoint_passes (activity_id, user_id, seq, passed_at) "
	                      "SELECT 1, %ld, i, 1569000000 + i FROM n", user_id);
	sql(q);
}

static int start_stack(void **state)
{
	(void)state;
	if (stack_start(&S, "prizes", NULL) != 0)
		return -1;
	admin_client_add(&prov, &S, "prov", "prov-pass-2019", NULL);
	admin_client_add(&xa, &S, "xa-admin", "xa-pass-2019", "xa");
	admin_client_add(&bj, &S, "bj-admin", "bj-pass-2019", "bj");
	stack_clock(&S, "2019-06-20T10:00:00+08:00");
	walker_login(&jia, &S, NULL);
	walker_enroll(&jia, "王甲", "xa");
	walker_login(&yi, &S, NULL);
	walker_enroll(&yi, "李乙", "xa");
	walker_login(&bing, &S, NULL);
	walker_enroll(&bing, "赵丙", "bj");
	walker_login(&ding, &S, NULL);
	walker_enroll(&ding, "孙丁", "xa");
	return 0;
}

static int stop_stack(void **state)
{
	(void)state;
	stack_stop(&S);
	return 0;
}

static void check_in(struct walker *w)
{
	struct http_reply r;
	assert_int_equal(walker_req(w, &r, "POST", "/api/activities/1/checkin", NULL), 0);
	expect_status(&r, 200);
	http_reply_free(&r);
}

static void badges_show_in_me_with_their_moment_and_progress(void **state)
{
	(void)state;
	char q[512];
	/* 甲: a check-in on each of the 99 days before the last. */
	snprintf(q, sizeof q, "WITH RECURSIVE d(day) AS (SELECT '2019-07-01' UNION ALL SELECT date(day, '+1 day') FROM d"
	                      " WHERE day < '2019-10-07') INSERT INTO ledger (activity_id, user_id, kind, ref, amount,"
	                      " created_at) SELECT 1, %ld, 'checkin', day, 1, strftime('%%s', day) - 28800 + 43200 FROM d",
	         jia.user_id);
	sql(q);
	pass_all_checkpoints(yi.user_id);
	pass_all_checkpoints(bing.user_id);
	stack_clock(&S, "2019-10-08T09:30:00+08:00");
	/* Months later: the tokens of June have expired. */
	walker_relogin(&jia);
	walker_relogin(&yi);
	walker_relogin(&bing);
	walker_relogin(&ding);
	struct http_reply r;
	assert_int_equal(walker_req(&jia, &r, "GET", "/api/activities/1/me", NULL), 0);
	expect_status(&r, 200);
	assert_int_equal(cJSON_GetArraySize(member(r.json, "badges")), 0);
	assert_int_equal((int)cJSON_GetNumberValue(member(member(r.json, "progress"), "checkins")), 99);
	assert_int_equal((int)cJSON_GetNumberValue(member(member(r.json, "progress"), "of")), 100);
	http_reply_free(&r);
	check_in(&jia);
	check_in(&yi);
	check_in(&bing);
	check_in(&ding);
	assert_int_equal(walker_req(&jia, &r, "GET", "/api/activities/1/me", NULL), 0);
	const cJSON *badge = cJSON_GetArrayItem(member(r.json, "badges"), 0);
	assert_string_equal(text(badge, "kind"), "full_attendance");
	assert_int_equal(strncmp(text(badge, "earned_at"), "2019-10-08T09:30", 16), 0);   /* the check-in's moment */
	assert_int_equal((int)cJSON_GetNumberValue(member(member(r.json, "progress"), "checkins")), 100);
	http_reply_free(&r);
	assert_int_equal(walker_req(&yi, &r, "GET", "/api/activities/1/me", NULL), 0);
	badge = cJSON_GetArrayItem(member(r.json, "badges"), 0);
	assert_string_equal(text(badge, "kind"), "all_checkpoints");
	assert_string_equal(text(badge, "earned_at"), "2019-09-21T01:20:13+08:00");   /* the 13th pass: 1569000013 */
	assert_int_equal((int)cJSON_GetNumberValue(member(member(r.json, "progress"), "passed")), 13);
	assert_int_equal((int)cJSON_GetNumberValue(member(member(r.json, "progress"), "of_checkpoints")), 13);
	http_reply_free(&r);
	assert_int_equal(stack_sql_int(&S, "SELECT count(*) FROM badges"), 3);
}

/* Every new admin route: no session 401; a write without the CSRF token 403;
 * a union admin 403 on the province's draw and on another union's list. */
static void the_draw_is_the_province_admins_alone(void **state)
{
	(void)state;
	static const char *const writes[] = { "/admin/api/prizes", "/admin/api/prizes/commit", "/admin/api/prizes/draw",
	                                      "/admin/api/prizes/reveal" };
	struct http_reply r;
	for (size_t i = 0; i < sizeof writes / sizeof writes[0]; i++) {
		const char *body = i == 0 ? "{\"name\":\"小米手机9\",\"quantity\":1}" : NULL;
		admin_client_req(NULL, &S, &r, "POST", writes[i], "application/json", body, ADMIN_NO_CSRF);
		expect_error(&r, 401, "unauthenticated", NULL);
		admin_client_req(&prov, &S, &r, "POST", writes[i], "application/json", body, ADMIN_BAD_CSRF);
		expect_error(&r, 403, "forbidden", NULL);
		as_admin(&xa, &r, "POST", writes[i], body);
		expect_error(&r, 403, "forbidden", NULL);
	}
	static const char *const reads[] = { "/admin/api/prizes", "/admin/api/shipping", "/admin/api/shipping.csv" };
	for (size_t i = 0; i < sizeof reads / sizeof reads[0]; i++) {
		admin_client_req(NULL, &S, &r, "GET", reads[i], NULL, NULL, ADMIN_NO_CSRF);
		expect_error(&r, 401, "unauthenticated", NULL);
		char guess[96];   /* xa guessing bj's data */
		snprintf(guess, sizeof guess, "%s?union=bj", reads[i]);
		as_admin(&xa, &r, "GET", guess, NULL);
		if (i == 0) {   /* the draw's data is public: nothing of bj's to guess */
			expect_status(&r, 200);
			http_reply_free(&r);
		} else {
			expect_error(&r, 403, "forbidden", NULL);
		}
	}
	/* The shipping writes (the scope of an award is checked with real awards below). */
	static const struct { const char *method, *path, *type, *body; } shipping_writes[] = {
		{ "PUT", "/admin/api/awards/1/shipment", "application/json", "{\"courier\":\"顺丰\",\"tracking\":\"SF1234567\"}" },
		{ "PUT", "/admin/api/awards/1/address", "application/json", "{}" },
		{ "POST", "/admin/api/shipping/import", "text/csv", "1,顺丰,SF1234567\n" },
	};
	for (size_t i = 0; i < sizeof shipping_writes / sizeof shipping_writes[0]; i++) {
		admin_client_req(NULL, &S, &r, shipping_writes[i].method, shipping_writes[i].path, shipping_writes[i].type,
		                 shipping_writes[i].body, ADMIN_NO_CSRF);
		expect_error(&r, 401, "unauthenticated", NULL);
		admin_client_req(&xa, &S, &r, shipping_writes[i].method, shipping_writes[i].path, shipping_writes[i].type,
		                 shipping_writes[i].body, ADMIN_NO_CSRF);
		expect_error(&r, 403, "forbidden", NULL);
	}
	assert_int_equal(stack_sql_int(&S, "SELECT count(*) FROM grand_prizes"), 0);
}

static void commit_draw_reveal_once_each_and_anyone_can_verify(void **state)
{
	(void)state;
	struct http_reply r;
	as_admin(&prov, &r, "POST", "/admin/api/prizes", "{\"name\":\"小米手机9\",\"quantity\":1}");
	expect_status(&r, 200);
	http_reply_free(&r);
	as_admin(&prov, &r, "POST", "/admin/api/prizes", "{\"name\":\"小米手环3\",\"quantity\":5}");
	expect_status(&r, 200);
	http_reply_free(&r);
	as_admin(&prov, &r, "POST", "/admin/api/prizes", "{\"name\":\"小米手环3\",\"quantity\":5}");
	expect_error(&r, 409, "duplicate_prize", "name");
	as_admin(&prov, &r, "POST", "/admin/api/prizes", "{\"name\":\"小米保温杯\",\"quantity\":0}");
	expect_error(&r, 400, "validation_failed", "quantity");
	as_admin(&prov, &r, "POST", "/admin/api/prizes/commit", NULL);
	expect_error(&r, 409, "activity_not_over", NULL);
	as_admin(&prov, &r, "POST", "/admin/api/prizes/draw", NULL);
	expect_error(&r, 409, "not_committed", NULL);
	stack_clock(&S, "2019-10-10T10:00:00+08:00");
	as_admin(&prov, &r, "POST", "/admin/api/prizes/commit", NULL);
	expect_status(&r, 200);
	char commitment[80];
	snprintf(commitment, sizeof commitment, "%s", text(member(r.json, "draw"), "commitment"));
	assert_int_equal(strlen(commitment), 64);
	assert_true(cJSON_IsNull(member(member(r.json, "draw"), "seed")));
	http_reply_free(&r);
	as_admin(&prov, &r, "POST", "/admin/api/prizes/commit", NULL);
	expect_error(&r, 409, "already_committed", NULL);
	as_admin(&prov, &r, "POST", "/admin/api/prizes", "{\"name\":\"小米保温杯\",\"quantity\":5}");
	expect_error(&r, 409, "draw_committed", NULL);
	as_admin(&prov, &r, "POST", "/admin/api/prizes/reveal", NULL);
	expect_error(&r, 409, "not_drawn", NULL);
	as_admin(&prov, &r, "POST", "/admin/api/prizes/draw", NULL);
	expect_status(&r, 200);
	http_reply_free(&r);
	as_admin(&prov, &r, "POST", "/admin/api/prizes/draw", NULL);
	expect_error(&r, 409, "already_drawn", NULL);
	/* Three badge holders, six prize units, one prize a person: three winners. */
	assert_int_equal(stack_sql_int(&S, "SELECT count(DISTINCT user_id) FROM awards WHERE kind = 'grand'"), 3);
	assert_int_equal(stack_get(&r, &S, WALK, "/api/activities/1/prizes"), 0);
	expect_status(&r, 200);
	assert_true(cJSON_IsNull(member(member(r.json, "draw"), "seed")));   /* secret until revealed */
	http_reply_free(&r);
	as_admin(&prov, &r, "POST", "/admin/api/prizes/reveal", NULL);
	expect_status(&r, 200);
	http_reply_free(&r);
	as_admin(&prov, &r, "POST", "/admin/api/prizes/reveal", NULL);
	expect_error(&r, 409, "already_revealed", NULL);

	/* What anyone can do: the seed hashes to the commitment, the entry text to
	 * its published SHA-256, and the draw re-run from both gives the winners. */
	assert_int_equal(stack_get(&r, &S, WALK, "/api/activities/1/prizes"), 0);
	const cJSON *draw = member(r.json, "draw");
	char seed_hex[80], entries_sha[80];
	snprintf(seed_hex, sizeof seed_hex, "%s", text(draw, "seed"));
	snprintf(entries_sha, sizeof entries_sha, "%s", text(draw, "entries_sha256"));
	assert_string_equal(text(draw, "commitment"), commitment);
	const cJSON *first = cJSON_GetArrayItem(member(draw, "winners"), 0);
	assert_string_equal(text(first, "prize"), "小米手机9");
	long first_person = (long)cJSON_GetNumberValue(member(first, "person"));
	assert_int_equal(cJSON_GetArraySize(member(draw, "winners")), 3);
	http_reply_free(&r);
	unsigned char seed[32];
	for (int i = 0; i < 32; i++) {
		unsigned v;
		assert_int_equal(sscanf(seed_hex + 2 * i, "%2x", &v), 1);
		seed[i] = (unsigned char)v;
	}
	char sha[CRYPTO_SHA256_HEX_SIZE];
	crypto_sha256_hex(seed, sizeof seed, sha);
	assert_string_equal(sha, commitment);
	assert_int_equal(stack_get(&r, &S, WALK, "/api/activities/1/prizes/entries.txt"), 0);
	expect_status(&r, 200);
	crypto_sha256_hex(r.body, r.len, sha);
	assert_string_equal(sha, entries_sha);
	char out[2048];
	assert_int_equal(stack_sh(&S, out, sizeof out, "printf '%%s' '%s' > \"$WALK_VAR/entries.txt\"", r.body), 0);
	http_reply_free(&r);
	char ours[2048], theirs[2048];
	assert_int_equal(stack_sh(&S, ours, sizeof ours, "walkctl prize verify --seed %s --entries \"$WALK_VAR/entries.txt\""
	                                                 " --slots 6", seed_hex), 0);
	assert_int_equal(stack_sh(&S, theirs, sizeof theirs, "python3 test/tools/prize_verify.py %s"
	                                                     " \"$WALK_VAR/entries.txt\" 6", seed_hex), 0);
	/* walkctl adds the entry count after the two hashes; the slot lines agree. */
	char *ours_slots = strstr(ours, "\nentries ");
	char *theirs_slots = strstr(theirs, "entries_sha256");
	assert_non_null(ours_slots);
	assert_non_null(theirs_slots);
	ours_slots = strchr(ours_slots + 1, '\n') + 1;
	theirs_slots = strchr(theirs_slots, '\n') + 1;
	assert_string_equal(ours_slots, theirs_slots);
	long slot, entry, person;
	assert_int_equal(sscanf(ours_slots, "%ld %ld %ld", &slot, &entry, &person), 3);
	assert_int_equal(person, first_person);
	char want[256];
	snprintf(want, sizeof want, "commitment %s\nentries_sha256 %s\n", commitment, entries_sha);
	assert_int_equal(strncmp(ours, want, strlen(want)), 0);
	assert_int_equal(stack_sql_int(&S, "SELECT count(*) FROM audit_log WHERE action LIKE 'prize.%'"), 5);
}

/* The award of w (its first), into id. */
static long award_of(struct walker *w)
{
	struct http_reply r;
	assert_int_equal(walker_req(w, &r, "GET", "/api/activities/1/me/awards", NULL), 0);
	expect_status(&r, 200);
	const cJSON *a = cJSON_GetArrayItem(member(r.json, "items"), 0);
	assert_non_null(a);
	assert_string_equal(text(a, "state"), "address_needed");
	long id = (long)cJSON_GetNumberValue(member(a, "id"));
	http_reply_free(&r);
	return id;
}

static void put_address(struct walker *w, long id, const char *division, struct http_reply *r)
{
	char path[128], body[512];
	snprintf(path, sizeof path, "/api/activities/1/me/awards/%ld/address", id);
	snprintf(body, sizeof body, "{\"recipient\":\"王甲\",\"mobile\":\"13912345678\",\"division\":\"%s\","
	                            "\"detail\":\"雁塔路1号3单元\"}", division);
	assert_int_equal(walker_req(w, r, "PUT", path, body), 0);
}

static void an_address_is_mainland_county_level_and_given_once(void **state)
{
	(void)state;
	struct http_reply r;
	assert_int_equal(stack_get(&r, &S, WALK, "/api/divisions"), 0);
	expect_status(&r, 200);
	assert_int_equal(cJSON_GetArraySize(member(r.json, "items")), 31);
	assert_null(strstr(r.body, "\"81\""));
	http_reply_free(&r);
	assert_int_equal(stack_get(&r, &S, WALK, "/api/divisions?parent=6101"), 0);
	expect_status(&r, 200);
	assert_non_null(strstr(r.body, "\"610113\""));
	http_reply_free(&r);
	assert_int_equal(stack_get(&r, &S, WALK, "/api/divisions?parent=81"), 0);
	expect_error(&r, 404, "not_found", "parent");
	assert_int_equal(stack_get(&r, &S, WALK, "/api/divisions?parent=6x"), 0);
	expect_error(&r, 400, "validation_failed", "parent");

	long id = award_of(&jia);
	put_address(&jia, id, "810001", &r);
	expect_error(&r, 400, "not_mainland", "division");
	put_address(&jia, id, "710101", &r);
	expect_error(&r, 400, "not_mainland", "division");
	put_address(&jia, id, "820001", &r);
	expect_error(&r, 400, "not_mainland", "division");
	put_address(&jia, id, "999999", &r);   /* unknown */
	expect_error(&r, 400, "validation_failed", "division");
	put_address(&jia, id, "610100", &r);   /* 西安市 as a city, not a county */
	expect_error(&r, 400, "validation_failed", "division");
	put_address(&jia, id, "6101", &r);
	expect_error(&r, 400, "validation_failed", "division");
	put_address(&ding, id, "610113", &r);   /* someone else's award */
	expect_error(&r, 404, "not_found", NULL);
	assert_int_equal(stack_sql_int(&S, "SELECT count(*) FROM awards WHERE address_at IS NOT NULL"), 0);
	put_address(&jia, id, "610113", &r);
	expect_status(&r, 201);
	assert_string_equal(text(r.json, "state"), "address_given");
	assert_string_equal(text(member(r.json, "address"), "division_name"), "陕西省西安市雁塔区");
	assert_string_equal(text(r.json, "due_by"), "2019-10-30");   /* 15 working days after Thursday 10-10, Saturday 10-12 worked */
	http_reply_free(&r);
	put_address(&jia, id, "610102", &r);
	expect_error(&r, 409, "address_locked", NULL);
	assert_int_equal(stack_sql_int(&S, "SELECT count(*) FROM awards WHERE division = '610113'"), 1);
}

static void shipping_is_listed_recorded_and_shown_to_the_winner(void **state)
{
	(void)state;
	long jia_award = stack_sql_int(&S, "SELECT id FROM awards WHERE address_at IS NOT NULL");
	struct http_reply r;
	/* A union admin sees their own union's awards (甲, 乙: xa), not bj's. */
	as_admin(&xa, &r, "GET", "/admin/api/shipping", NULL);
	expect_status(&r, 200);
	assert_int_equal((int)http_num(&r, "total"), 2);
	http_reply_free(&r);
	as_admin(&xa, &r, "GET", "/admin/api/shipping?union=bj", NULL);
	expect_error(&r, 403, "forbidden", NULL);
	as_admin(&prov, &r, "GET", "/admin/api/shipping?state=address_given", NULL);
	assert_int_equal((int)http_num(&r, "total"), 1);
	http_reply_free(&r);
	as_admin(&prov, &r, "GET", "/admin/api/shipping?state=lost", NULL);
	expect_error(&r, 400, "validation_failed", "state");
	char path[128];
	snprintf(path, sizeof path, "/admin/api/awards/%ld/shipment", jia_award);
	as_admin(&bj, &r, "PUT", path, "{\"courier\":\"顺丰速运\",\"tracking\":\"SF1234567890\"}");
	expect_error(&r, 403, "forbidden", NULL);
	admin_client_req(&xa, &S, &r, "PUT", path, "application/json", "{\"courier\":\"顺丰速运\",\"tracking\":\"SF1\"}",
	                 ADMIN_NO_CSRF);
	expect_error(&r, 403, "forbidden", NULL);
	as_admin(&xa, &r, "PUT", path, "{\"courier\":\"顺丰速运\",\"tracking\":\"SF1\"}");
	expect_error(&r, 400, "validation_failed", "tracking");

	/* Past the 15 working days: overdue on 10-31, not on 10-30. */
	stack_clock(&S, "2019-10-30T18:00:00+08:00");
	as_admin(&prov, &r, "GET", "/admin/api/shipping?state=overdue", NULL);
	assert_int_equal((int)http_num(&r, "total"), 0);
	http_reply_free(&r);
	stack_clock(&S, "2019-10-31T09:00:00+08:00");
	as_admin(&prov, &r, "GET", "/admin/api/shipping?state=overdue", NULL);
	assert_int_equal((int)http_num(&r, "total"), 1);
	http_reply_free(&r);

	/* The CSV: Excel's BOM, headings, the whole mobile for the courier. */
	as_admin(&xa, &r, "GET", "/admin/api/shipping.csv", NULL);
	expect_status(&r, 200);
	assert_int_equal(memcmp(r.body, "\xEF\xBB\xBF奖项ID,", 11), 0);
	assert_non_null(strstr(r.body, "13912345678"));
	assert_null(strstr(r.body, "赵丙"));
	http_reply_free(&r);

	/* An import with a bad line records nothing; a good one records all. */
	char csv[256];
	snprintf(csv, sizeof csv, "奖项ID,快递公司,快递单号\r\n%ld,顺丰速运,SF1234567890\r\n99999,顺丰速运,SF1\r\n", jia_award);
	admin_client_req(&xa, &S, &r, "POST", "/admin/api/shipping/import", "text/csv", csv, ADMIN_WITH_CSRF);
	assert_error(&r, 400, "validation_failed", NULL);
	assert_int_equal(cJSON_GetArraySize(member(member(r.json, "error"), "lines")), 1);
	http_reply_free(&r);
	assert_int_equal(stack_sql_int(&S, "SELECT count(*) FROM awards WHERE shipped_at IS NOT NULL"), 0);
	snprintf(csv, sizeof csv, "%ld,顺丰速运,SF1234567890\n", jia_award);
	admin_client_req(&xa, &S, &r, "POST", "/admin/api/shipping/import", "text/csv", csv, ADMIN_WITH_CSRF);
	expect_status(&r, 200);
	assert_int_equal((int)http_num(&r, "recorded"), 1);
	http_reply_free(&r);
	assert_int_equal(walker_req(&jia, &r, "GET", "/api/activities/1/me/awards", NULL), 0);
	const cJSON *a = cJSON_GetArrayItem(member(r.json, "items"), 0);
	assert_string_equal(text(a, "state"), "shipped");
	assert_string_equal(text(a, "courier"), "顺丰速运");
	assert_string_equal(text(a, "tracking"), "SF1234567890");
	http_reply_free(&r);

	/* An admin's correction of the address needs a reason and is audited. */
	snprintf(path, sizeof path, "/admin/api/awards/%ld/address", jia_award);
	const char *body = "{\"recipient\":\"王甲\",\"mobile\":\"13912345678\",\"division\":\"610102\","
	                   "\"detail\":\"新城区东五路2号\"";
	char with[512];
	snprintf(with, sizeof with, "%s}", body);
	as_admin(&xa, &r, "PUT", path, with);
	expect_error(&r, 400, "validation_failed", "reason");
	as_admin(&bj, &r, "PUT", path, with);
	expect_error(&r, 403, "forbidden", NULL);
	snprintf(with, sizeof with, "%s,\"reason\":\"获奖人来电更正门牌号\"}", body);
	as_admin(&xa, &r, "PUT", path, with);
	expect_status(&r, 200);
	assert_string_equal(text(member(r.json, "address"), "division"), "610102");
	http_reply_free(&r);
	assert_int_equal(stack_sql_int(&S, "SELECT count(*) FROM audit_log WHERE action = 'award.address.correct'"), 1);
	assert_int_equal(stack_sql_int(&S, "SELECT count(*) FROM audit_log WHERE action = 'award.ship'"), 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(badges_show_in_me_with_their_moment_and_progress),
		cmocka_unit_test(the_draw_is_the_province_admins_alone),
		cmocka_unit_test(commit_draw_reveal_once_each_and_anyone_can_verify),
		cmocka_unit_test(an_address_is_mainland_county_level_and_given_once),
		cmocka_unit_test(shipping_is_listed_recorded_and_shown_to_the_winner),
	};
	return cmocka_run_group_tests(tests, start_stack, stop_stack);
}
