#include "store_pool.h"

#include "db.h"

#include <cjson/cJSON.h>
#include <stdio.h>

#include <string.h>

int store_pool_tier_index(const struct activity_rules *r, int64_t amount_fen)
{
	for (int i = 0; i < RULES_DRAW_TIERS; i++)
		if (r->draw_tier_fen[i] == amount_fen)
			return i;
	return -1;
}

int store_pool_load(struct db *db, const struct activity_rules *r, int64_t activity_id, struct pool *p)
{
	memset(p, 0, sizeof *p);
	sqlite3_stmt *st;
	int rc = db_prepare(db, &st, "SELECT amount_fen, count, drawn FROM pool_tiers WHERE activity_id = ?1", "i",
	                    activity_id);
	if (rc != SQLITE_OK)
		return rc;
	while ((rc = db_step(db, st)) == SQLITE_ROW) {
		int i = store_pool_tier_index(r, sqlite3_column_int64(st, 0));
		if (i < 0)
			continue;   /* a tier the activity does not use gives nothing */
		p->count[i] = sqlite3_column_int64(st, 1);
		p->drawn[i] = sqlite3_column_int64(st, 2);
	}
	rc = db_finish(st, rc);
	if (rc != SQLITE_OK)
		return rc;
	rc = db_get_int(db, &p->daily_release, "SELECT daily_release FROM pools WHERE activity_id = ?1", "i",
	                activity_id);
	if (rc == DB_NOTFOUND) {
		p->daily_release = 0;
		rc = SQLITE_OK;
	}
	return rc;
}

int store_pool_set(struct db *db, const struct activity_rules *r, int64_t activity_id,
                   const int64_t count[RULES_DRAW_TIERS], int64_t daily_release, int64_t now, int *below_drawn)
{
	struct pool p;
	*below_drawn = -1;
	int rc = store_pool_load(db, r, activity_id, &p);
	for (int i = 0; rc == SQLITE_OK && i < RULES_DRAW_TIERS; i++)
		if (count[i] >= 0 && count[i] < p.drawn[i]) {
			*below_drawn = i;
			return SQLITE_OK;
		}
	for (int i = 0; rc == SQLITE_OK && i < RULES_DRAW_TIERS; i++)
		if (count[i] >= 0)
			rc = db_execf(db, "INSERT INTO pool_tiers (activity_id, amount_fen, count) VALUES (?1, ?2, ?3) "
			                  "ON CONFLICT (activity_id, amount_fen) DO UPDATE SET count = excluded.count",
			              "iii", activity_id, r->draw_tier_fen[i], count[i]);
	if (rc == SQLITE_OK)
		rc = db_execf(db, "INSERT INTO pools (activity_id, daily_release, updated_at) VALUES (?1, max(?2, 0), ?3) "
		                  "ON CONFLICT (activity_id) DO UPDATE SET updated_at = excluded.updated_at, "
		                  "daily_release = CASE WHEN ?2 >= 0 THEN ?2 ELSE daily_release END",
		              "iii", activity_id, daily_release, now);
	return rc;
}

int store_pool_take(struct db *db, int64_t activity_id, int64_t amount_fen)
{
	int rc = db_execf(db, "UPDATE pool_tiers SET drawn = drawn + 1 WHERE activity_id = ?1 AND amount_fen = ?2",
	                  "ii", activity_id, amount_fen);
	if (rc == SQLITE_OK && sqlite3_changes(db_handle(db)) != 1)
		rc = SQLITE_CONSTRAINT;   /* no such tier: the draw read a pool that is not there */
	return rc;
}

int store_pool_drawn_on(struct db *db, int64_t activity_id, const char *day, int64_t *n)
{
	return db_get_int(db, n, "SELECT count(*) FROM draws WHERE activity_id = ?1 AND day = ?2", "it", activity_id,
	                  day);
}

void store_pool_budget(const struct activity_rules *r, const struct pool *p, int64_t *budget_fen,
                       int64_t *drawn_fen)
{
	*budget_fen = *drawn_fen = 0;
	for (int i = 0; i < RULES_DRAW_TIERS; i++) {
		*budget_fen += p->count[i] * r->draw_tier_fen[i];
		*drawn_fen += p->drawn[i] * r->draw_tier_fen[i];
	}
}

cJSON *store_pool_json(const struct activity_rules *r, const struct pool *p)
{
	cJSON *o = cJSON_CreateObject();
	cJSON_AddNumberToObject(o, "daily_release", (double)p->daily_release);
	cJSON *tiers = cJSON_AddArrayToObject(o, "tiers");
	for (int i = 0; i < RULES_DRAW_TIERS; i++) {
		cJSON *t = cJSON_CreateObject();
		cJSON_AddNumberToObject(t, "amount_fen", (double)r->draw_tier_fen[i]);
		cJSON_AddNumberToObject(t, "count", (double)p->count[i]);
		cJSON_AddNumberToObject(t, "drawn", (double)p->drawn[i]);
		cJSON_AddNumberToObject(t, "left", (double)(p->count[i] - p->drawn[i]));
		cJSON_AddItemToArray(tiers, t);
	}
	int64_t budget, drawn;
	store_pool_budget(r, p, &budget, &drawn);
	cJSON_AddNumberToObject(o, "budget_fen", (double)budget);
	cJSON_AddNumberToObject(o, "drawn_fen", (double)drawn);
	return o;
}

int store_pool_change(struct db *db, const struct activity_rules *r, int64_t activity_id,
                      const int64_t count[RULES_DRAW_TIERS], int64_t daily_release, int64_t now,
                      cJSON **before, cJSON **after, int *below_drawn)
{
	struct pool was, is;
	*before = *after = NULL;
	int rc = store_pool_load(db, r, activity_id, &was);
	if (rc == SQLITE_OK)
		rc = store_pool_set(db, r, activity_id, count, daily_release, now, below_drawn);
	if (rc == SQLITE_OK && *below_drawn < 0)
		rc = store_pool_load(db, r, activity_id, &is);
	if (rc == SQLITE_OK && *below_drawn < 0) {
		*before = store_pool_json(r, &was);
		*after = store_pool_json(r, &is);
	}
	return rc;
}
