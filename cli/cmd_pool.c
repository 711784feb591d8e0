/*
 * walkctl pool set [--activity A] --tier FEN=COUNT … [--daily-release N]
 * walkctl pool show [--activity A]
 *
 * The red-envelope pool (RULES §8): a tier's count may grow, and shrink only
 * down to what it has given out.  Every change is audited (actor walkctl).
 * Without --activity: the newest activity.
 */
#include "cli.h"

#include "clock.h"
#include "store_activity.h"
#include "store_audit.h"
#include "store_pool.h"

#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int parse_count(const char *s, int64_t *out)
{
	char *end;
	long long v = strtoll(s, &end, 10);
	if (end == s || *end || v < 0 || v > 100000000)
		return -1;
	*out = v;
	return 0;
}

/* "FEN=COUNT" into count[] (by the tier of FEN). */
static int parse_tier(const struct activity_rules *r, const char *arg, int64_t count[RULES_DRAW_TIERS])
{
	const char *eq = strchr(arg, '=');
	char fen_text[16];
	int64_t fen, n;
	if (!eq || (size_t)(eq - arg) >= sizeof fen_text)
		return cli_fail("--tier takes FEN=COUNT, e.g. 30=200000");
	memcpy(fen_text, arg, (size_t)(eq - arg));
	fen_text[eq - arg] = '\0';
	int i;
	if (parse_count(fen_text, &fen) != 0 || (i = store_pool_tier_index(r, fen)) < 0)
		return cli_fail("--tier %s: the tiers are 30, 50, 100, 300, 500, 1000, 2000 and 5000 fen", arg);
	if (parse_count(eq + 1, &n) != 0)
		return cli_fail("--tier %s: the count must be a whole number from 0 to 100000000", arg);
	count[i] = n;
	return 0;
}

static void print_pool(const struct activity *a, const struct pool *p)
{
	int64_t budget, drawn;
	store_pool_budget(&a->rules, p, &budget, &drawn);
	printf("activity %lld (%s)\n", (long long)a->id, a->name);
	printf("%10s %10s %10s %10s\n", "tier_fen", "count", "drawn", "left");
	for (int i = 0; i < RULES_DRAW_TIERS; i++)
		printf("%10lld %10lld %10lld %10lld\n", (long long)a->rules.draw_tier_fen[i], (long long)p->count[i],
		       (long long)p->drawn[i], (long long)(p->count[i] - p->drawn[i]));
	printf("daily release: %s", p->daily_release ? "" : "none\n");
	if (p->daily_release)
		printf("%lld draws a day\n", (long long)p->daily_release);
	printf("budget: %lld fen, drawn: %lld fen, left: %lld fen\n", (long long)budget, (long long)drawn,
	       (long long)(budget - drawn));
}

int cmd_pool(struct cli *cli, int argc, char **argv)
{
	if (argc < 1 || (strcmp(argv[0], "set") != 0 && strcmp(argv[0], "show") != 0))
		return cli_fail("pool takes set or show");
	bool set = strcmp(argv[0], "set") == 0;
	int64_t activity_id = 0, daily = -1;
	struct db *db;
	if (cli_open_db(cli, &db, false, true) != 0)
		return 1;
	clock_refresh(db, config_clock_shift_allowed(&cli->cfg));
	for (int i = 1; i + 1 < argc; i++)
		if (strcmp(argv[i], "--activity") == 0) {
			char *end;
			activity_id = strtoll(argv[i + 1], &end, 10);
			if (*end || activity_id <= 0) {
				db_close(db);
				return cli_fail("--activity takes an activity id");
			}
		}
	int rc = activity_id > 0 ? SQLITE_OK : store_activity_newest(db, &activity_id);
	struct activity a;
	if (rc == SQLITE_OK)
		rc = store_activity_load(db, activity_id, &a);
	if (rc != SQLITE_OK) {
		db_close(db);
		return cli_fail("no activity %lld", (long long)activity_id);
	}
	int64_t count[RULES_DRAW_TIERS];
	for (int i = 0; i < RULES_DRAW_TIERS; i++)
		count[i] = -1;
	int status = 0;
	for (int i = 1; i < argc && status == 0; i++) {
		if (strcmp(argv[i], "--activity") == 0 && i + 1 < argc)
			i++;
		else if (set && strcmp(argv[i], "--tier") == 0 && i + 1 < argc)
			status = parse_tier(&a.rules, argv[++i], count);
		else if (set && strcmp(argv[i], "--daily-release") == 0 && i + 1 < argc)
			status = parse_count(argv[++i], &daily) == 0 ? 0 : cli_fail("--daily-release takes a count (0: none)");
		else
			status = cli_fail("unexpected argument '%s'", argv[i]);
	}
	if (status == 0 && set) {
		struct audit_entry who = { .at = clock_now(), .actor = AUDIT_ACTOR_WALKCTL, .remote_addr = "",
		                           .action = "pool.set" };
		char target[40];
		snprintf(target, sizeof target, "activity:%lld", (long long)a.id);
		who.target = target;
		int below = -1;
		cJSON *before, *after;
		rc = db_begin_write(db);
		if (rc == SQLITE_OK)
			rc = store_pool_change(db, &a.rules, a.id, count, daily, who.at, &before, &after, &below);
		if (rc == SQLITE_OK && below < 0)
			rc = store_audit_add_json(db, &who, before, after);
		if (rc == SQLITE_OK)
			rc = db_commit(db);
		if (rc != SQLITE_OK)
			db_rollback(db);
		if (rc != SQLITE_OK)
			status = cli_fail("cannot set the pool: %s", sqlite3_errstr(rc));
		else if (below >= 0)
			status = cli_fail("tier %lld fen: a count cannot go below what was drawn",
			                  (long long)a.rules.draw_tier_fen[below]);
	}
	struct pool p;
	if (status == 0 && (rc = store_pool_load(db, &a.rules, a.id, &p)) != SQLITE_OK)
		status = cli_fail("cannot read the pool: %s", sqlite3_errstr(rc));
	if (status == 0)
		print_pool(&a, &p);
	db_close(db);
	return status;
}
