/*
 * walkctl simulate --users N --teams M --days D [--seed S] [--activity A]
 *
 * Fills the database fast, with direct SQL (not HTTP), with a realistic
 * history for benchmarks and the demo: N enrolled participants spread over the
 * 23 unions in proportion to their quotas, M teams of 1–6, and the D days up
 * to yesterday (server clock; scoring days only) of syncs — most days under
 * 6000 steps for some people and over the cap for others, some synced only
 * before the window (unsettled), some not at all — and check-ins.  The same
 * seed gives the same data.  Settle afterwards with `walkctl settle`.
 */
#include "cli.h"

#include "calendar.h"
#include "clock.h"
#include "store_activity.h"
#include "store_ledger.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

enum { USERS_PER_TRANSACTION = 20000, MAX_UNIONS = 64 };

struct options {
	int64_t users, teams, days, seed, activity_id;
};

/* splitmix64: small, fast, reproducible; not for anything secret. */
static uint64_t next_random(uint64_t *state)
{
	uint64_t z = (*state += 0x9e3779b97f4a7c15ULL);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static double uniform(uint64_t *state)
{
	return (double)(next_random(state) >> 11) / 9007199254740992.0;
}

struct unions {
	char code[MAX_UNIONS][16];
	int64_t cumulative_quota[MAX_UNIONS];
	int n;
};

static int load_unions(struct db *db, struct unions *u)
{
	sqlite3_stmt *st = db_stmt(db, "SELECT code, quota_people FROM unions WHERE parent_code IS NOT NULL ORDER BY sort_order");
	if (!st)
		return -1;
	int64_t total = 0;
	u->n = 0;
	while (sqlite3_step(st) == SQLITE_ROW && u->n < MAX_UNIONS) {
		snprintf(u->code[u->n], sizeof u->code[0], "%s", sqlite3_column_text(st, 0));
		total += sqlite3_column_int64(st, 1);
		u->cumulative_quota[u->n++] = total;
	}
	sqlite3_reset(st);
	return u->n > 0 ? 0 : -1;
}

/* A union drawn in proportion to the quotas. */
static const char *pick_union(const struct unions *u, uint64_t *rng)
{
	int64_t x = (int64_t)(uniform(rng) * (double)u->cumulative_quota[u->n - 1]);
	for (int i = 0; i < u->n; i++)
		if (x < u->cumulative_quota[i])
			return u->code[i];
	return u->code[u->n - 1];
}

static const char *pick_region(const char *union_code, struct db *db, uint64_t *rng)
{
	static const char *const regions[] = { "xa", "bj", "xy", "tc", "wn", "hc", "ya", "yl", "hz", "ak", "sl", "ylsf" };
	for (size_t i = 0; i < sizeof regions / sizeof regions[0]; i++)
		if (strcmp(regions[i], union_code) == 0)
			return regions[i];   /* a city union's members live in that city */
	(void)db;
	return regions[next_random(rng) % (sizeof regions / sizeof regions[0])];
}

static void pick_name(char *out, size_t size, uint64_t *rng)
{
	static const char *const surnames[] = { "王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴",
	                                        "徐", "孙", "马", "朱", "胡", "郭", "何", "高", "林", "罗" };
	static const char *const given[] = { "伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋",
	                                     "勇", "艳", "杰", "娟", "涛", "明", "超", "秀英", "华", "建国" };
	snprintf(out, size, "%s%s%s", surnames[next_random(rng) % 20], given[next_random(rng) % 20],
	         next_random(rng) % 2 ? given[next_random(rng) % 20] : "");
}

/* One person's habits: how much they walk and how faithfully they open the app. */
struct walker_habit {
	double base;          /* typical steps */
	double sync_rate;     /* days they sync at all */
	double window_rate;   /* of those, days they sync inside the window */
	double checkin_rate;
};

static struct walker_habit pick_habit(uint64_t *rng)
{
	double kind = uniform(rng);
	struct walker_habit h;
	h.base = kind < 0.35 ? 3500 + uniform(rng) * 2500       /* many days under 6000 */
	       : kind < 0.85 ? 6000 + uniform(rng) * 4000
	                     : 10000 + uniform(rng) * 6000;     /* some over the cap */
	h.sync_rate = 0.80 + uniform(rng) * 0.2;
	h.window_rate = 0.75 + uniform(rng) * 0.25;
	h.checkin_rate = 0.5 + uniform(rng) * 0.5;
	return h;
}

static int parse(int argc, char **argv, struct options *o)
{
	*o = (struct options){ .seed = 1, .activity_id = 1, .users = -1, .teams = -1, .days = -1 };
	for (int i = 0; i < argc; i++) {
		int64_t *target = strcmp(argv[i], "--users") == 0 ? &o->users
		                : strcmp(argv[i], "--teams") == 0 ? &o->teams
		                : strcmp(argv[i], "--days") == 0 ? &o->days
		                : strcmp(argv[i], "--seed") == 0 ? &o->seed
		                : strcmp(argv[i], "--activity") == 0 ? &o->activity_id : NULL;
		char *end;
		if (!target || i + 1 >= argc)
			return cli_fail("unexpected argument '%s'", argv[i]);
		*target = strtoll(argv[++i], &end, 10);
		if (*end || *target < 0)
			return cli_fail("%s takes a whole number", argv[i - 1]);
	}
	if (o->users < 0 || o->teams < 0 || o->days < 0)
		return cli_fail("usage: walkctl simulate --users N --teams M --days D [--seed S] [--activity A]");
	if (o->teams > o->users)
		return cli_fail("there cannot be more teams (%lld) than users (%lld)", (long long)o->teams,
		                (long long)o->users);
	return 0;
}

struct sim {
	struct db *db;
	const struct activity *a;
	struct options o;
	struct unions unions;
	uint64_t rng;
	int64_t first_user_id, now;
	int32_t from_day, to_day;
	int64_t rows;
};

static int exec_bound(struct sim *s, const char *sql, const int64_t *ints, int nints, const char *const *texts,
                      int ntexts)
{
	sqlite3_stmt *st = db_stmt(s->db, sql);
	if (!st)
		return SQLITE_ERROR;
	for (int i = 0; i < nints; i++)
		sqlite3_bind_int64(st, i + 1, ints[i]);
	for (int i = 0; i < ntexts; i++)
		sqlite3_bind_text(st, nints + i + 1, texts[i], -1, SQLITE_TRANSIENT);
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	s->rows++;
	return rc == SQLITE_DONE ? SQLITE_OK : rc;
}

/* A user, their enrollment, their days and check-ins. */
static int simulate_user(struct sim *s, int64_t uid)
{
	char openid[64], name[32], mobile[16];
	snprintf(openid, sizeof openid, "sim-%lld-%lld", (long long)s->o.seed, (long long)uid);
	pick_name(name, sizeof name, &s->rng);
	snprintf(mobile, sizeof mobile, "13%09llu", (unsigned long long)(next_random(&s->rng) % 1000000000ULL));
	const char *union_code = pick_union(&s->unions, &s->rng);
	const char *region = pick_region(union_code, s->db, &s->rng);
	int64_t joined = cal_day_start(s->from_day) - 86400 * 3;
	int64_t user_ints[] = { uid, joined };
	const char *user_texts[] = { openid };
	int rc = exec_bound(s, "INSERT INTO users (id, created_at, last_login_at, session_key, openid) "
	                       "VALUES (?1, ?2, ?2, 'AAAAAAAAAAAAAAAAAAAAAA==', ?3)", user_ints, 2, user_texts, 1);
	int64_t e_ints[] = { s->a->id, uid, joined };
	const char *e_texts[] = { name, mobile, region, union_code };
	if (rc == SQLITE_OK)
		rc = exec_bound(s, "INSERT INTO enrollments (activity_id, user_id, created_at, updated_at, name, mobile,"
		                   " region_code, union_code, unit, department, privacy_version, privacy_accepted_at)"
		                   " VALUES (?1, ?2, ?3, ?3, ?4, ?5, ?6, ?7, '模拟单位', '模拟部门', (SELECT max(version)"
		                   " FROM privacy_notices WHERE activity_id IN (?1, 0)), ?3)", e_ints, 3, e_texts, 4);
	struct walker_habit h = pick_habit(&s->rng);
	for (int32_t d = s->from_day; d <= s->to_day && rc == SQLITE_OK; d++) {
		char day[CAL_DAY_BUF];
		cal_format_day(d, day, sizeof day);
		const char *texts[] = { day };
		if (uniform(&s->rng) < h.checkin_rate) {
			rc = store_ledger_award(s->db, s->a->id, uid, RULES_LEDGER_CHECKIN, d, 1, cal_day_start(d) + 7 * 3600,
			                        NULL);
			s->rows++;
		}
		if (rc != SQLITE_OK || uniform(&s->rng) >= h.sync_rate)
			continue;
		bool in_window = uniform(&s->rng) < h.window_rate;
		int64_t raw = (int64_t)(h.base * (0.55 + uniform(&s->rng) * 0.9));
		int64_t at = cal_day_start(d) + (in_window ? 20 * 3600 + (int64_t)(uniform(&s->rng) * 14000)
		                                           : 8 * 3600 + (int64_t)(uniform(&s->rng) * 36000));
		int64_t ints[] = { s->a->id, uid, raw, in_window, at };
		rc = exec_bound(s, "INSERT INTO daily_steps (activity_id, user_id, raw_steps, settled, first_sync_at,"
		                   " last_sync_at, day) VALUES (?1, ?2, ?3, ?4, ?5, ?5, ?6)", ints, 5, texts, 1);
	}
	return rc;
}

/* Teams over the first users: sizes 1–6 (most full), leader first. */
static int simulate_teams(struct sim *s)
{
	int64_t next_user = s->first_user_id, last_user = s->first_user_id + s->o.users - 1;
	for (int64_t t = 0; t < s->o.teams; t++) {
		int64_t left_teams = s->o.teams - t, left_users = last_user - next_user + 1;
		int64_t size = uniform(&s->rng) < 0.6 ? 6 : 1 + (int64_t)(next_random(&s->rng) % 6);
		if (size > left_users - (left_teams - 1))
			size = left_users - (left_teams - 1);   /* every remaining team gets at least its leader */
		if (size < 1)
			break;
		char name[64];
		snprintf(name, sizeof name, "模拟%lld队%lld", (long long)s->o.seed, (long long)(next_user));
		int64_t created = cal_day_start(s->from_day) - 86400 * 2;
		int64_t ints[] = { s->a->id, next_user, created };
		const char *texts[] = { name };
		sqlite3_stmt *st = db_stmt(s->db, "INSERT INTO teams (activity_id, leader_id, created_at, name) "
		                                  "VALUES (?1, ?2, ?3, ?4) RETURNING id");
		if (!st)
			return SQLITE_ERROR;
		sqlite3_bind_int64(st, 1, ints[0]);
		sqlite3_bind_int64(st, 2, ints[1]);
		sqlite3_bind_int64(st, 3, ints[2]);
		sqlite3_bind_text(st, 4, texts[0], -1, SQLITE_TRANSIENT);
		int rc = sqlite3_step(st);
		int64_t team_id = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
		sqlite3_reset(st);
		if (!team_id)
			return rc == SQLITE_DONE ? SQLITE_ERROR : rc;
		for (int64_t m = 0; m < size; m++) {
			int64_t mints[] = { s->a->id, team_id, next_user + m, created + m };
			rc = exec_bound(s, "INSERT INTO team_members (activity_id, team_id, user_id, joined_at) "
			                   "VALUES (?1, ?2, ?3, ?4)", mints, 4, NULL, 0);
			if (rc != SQLITE_OK)
				return rc;
		}
		if (uniform(&s->rng) < 0.1) {   /* an ambitious leader raised the targets */
			char from[CAL_DAY_BUF];
			cal_format_day(s->from_day, from, sizeof from);
			int64_t tints[] = { team_id, 7000, 7000 * size > 36000 ? 7000 * size : 36000, next_user, created };
			const char *ttexts[] = { from };
			rc = exec_bound(s, "INSERT INTO team_targets (team_id, member_target, team_target, set_by, set_at,"
			                   " effective_from) VALUES (?1, ?2, ?3, ?4, ?5, ?6)", tints, 5, ttexts, 1);
			if (rc != SQLITE_OK)
				return rc;
		}
		next_user += size;
	}
	return SQLITE_OK;
}

int cmd_simulate(struct cli *cli, int argc, char **argv)
{
	struct sim s = { 0 };
	if (parse(argc, argv, &s.o) != 0)
		return 1;
	if (cli_open_db(cli, &s.db, false, true) != 0)
		return 1;
	db_tune_for_batch(s.db, 512);
	int rc = 0;
	struct activity *a = malloc(sizeof *a);
	if (!a)
		abort();
	clock_refresh(s.db, config_clock_shift_allowed(&cli->cfg));
	if (store_activity_load(s.db, s.o.activity_id, a) != SQLITE_OK || load_unions(s.db, &s.unions) != 0) {
		rc = cli_fail("activity %lld or the unions cannot be read", (long long)s.o.activity_id);
		goto out;
	}
	s.a = a;
	s.rng = (uint64_t)s.o.seed * 0x2545F4914F6CDD1DULL + 1;
	s.now = clock_now();
	/* The D days up to yesterday, within the scoring days. */
	int32_t first_scoring = a->rules.test_to >= a->rules.test_from ? a->rules.test_from : a->rules.first_day;
	s.to_day = cal_day_of(s.now) - 1 < a->rules.last_day ? cal_day_of(s.now) - 1 : a->rules.last_day;
	s.from_day = s.to_day - (int32_t)s.o.days + 1;
	if (s.from_day < first_scoring)
		s.from_day = first_scoring;
	s.first_user_id = db_int(s.db, 0, "SELECT coalesce(max(id), 0) FROM users") + 1;
	time_t t0 = time(NULL);
	for (int64_t done = 0; done < s.o.users && rc == 0; done += USERS_PER_TRANSACTION) {
		int64_t end = done + USERS_PER_TRANSACTION < s.o.users ? done + USERS_PER_TRANSACTION : s.o.users;
		int step = db_begin_write(s.db);
		for (int64_t i = done; i < end && step == SQLITE_OK; i++)
			step = simulate_user(&s, s.first_user_id + i);
		if (step == SQLITE_OK)
			step = db_commit(s.db);
		if (step != SQLITE_OK) {
			db_rollback(s.db);
			rc = cli_fail("simulation failed: %s", sqlite3_errmsg(db_handle(s.db)));
		}
	}
	if (rc == 0) {
		int step = db_begin_write(s.db);
		if (step == SQLITE_OK)
			step = simulate_teams(&s);
		if (step == SQLITE_OK)
			step = db_commit(s.db);
		if (step != SQLITE_OK) {
			db_rollback(s.db);
			rc = cli_fail("simulation of teams failed: %s", sqlite3_errmsg(db_handle(s.db)));
		}
	}
	/* The mobiles went in as they are: sealed now, as walkctl migrate does. */
	if (rc == 0)
		rc = cli_seal_pii(cli, s.db, false);
	if (rc == 0) {
		char from[CAL_DAY_BUF], to[CAL_DAY_BUF];
		cal_format_day(s.from_day, from, sizeof from);
		cal_format_day(s.to_day, to, sizeof to);
		printf("simulated %lld users, %lld teams, days %s..%s: %lld rows in %lld s\n", (long long)s.o.users,
		       (long long)s.o.teams, from, to, (long long)s.rows, (long long)(time(NULL) - t0));
	}
out:
	free(a);
	db_close(s.db);
	return rc;
}
