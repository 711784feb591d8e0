#include "store_own_data.h"

#include "calendar.h"
#include "db.h"
#include "store_pii_seal.h"

#include <stdio.h>
#include <string.h>

/* One member of the document: its rows (?1 is the user), and up to three
 * sealed columns, whose place is "<table>.<column>:" and the row's "id", or
 * with by_activity its "activity_id" and the user. */
struct section {
	const char *name, *table, *sql;
	const char *sealed[3];
	int by_activity;
};

static const struct section sections[] = {
	{ "profile", NULL, "SELECT id, openid, unionid, created_at, last_login_at FROM users WHERE id = ?1", { 0 }, 0 },
	{ "enrollments", "enrollments",
	  "SELECT activity_id, name, mobile, region_code, union_code, unit, department, created_at, updated_at,"
	  " privacy_version, privacy_accepted_at FROM enrollments WHERE user_id = ?1 ORDER BY activity_id",
	  { "mobile" }, 1 },
	/* The two tables of a row per participant-day are keyed by (activity,
	 * user, …): naming the activities lets their keys find the user's rows
	 * instead of a scan of every participant's. */
	{ "days", NULL, "SELECT activity_id, day, raw_steps, settled, first_sync_at, last_sync_at FROM daily_steps"
	  " WHERE activity_id IN (SELECT id FROM activities) AND user_id = ?1 ORDER BY activity_id, day", { 0 }, 0 },
	{ "ledger", NULL, "SELECT activity_id, kind, ref, amount, created_at FROM ledger"
	  " WHERE activity_id IN (SELECT id FROM activities) AND user_id = ?1 ORDER BY id", { 0 }, 0 },
	{ "teams", NULL, "SELECT m.activity_id, m.team_id, t.name AS team_name, t.leader_id = m.user_id AS leader,"
	  " m.joined_at, m.left_at FROM team_members m JOIN teams t ON t.id = m.team_id WHERE m.user_id = ?1"
	  " ORDER BY m.id", { 0 }, 0 },
	{ "draws", NULL, "SELECT id, activity_id, amount_fen, day, created_at FROM draws WHERE user_id = ?1 ORDER BY id",
	  { 0 }, 0 },
	{ "payouts", NULL, "SELECT p.draw_id, p.attempt, p.out_bill_no, p.amount_fen, p.state, p.created_at,"
	  " p.final_at FROM payouts p JOIN draws d ON d.id = p.draw_id WHERE d.user_id = ?1 ORDER BY p.id", { 0 }, 0 },
	{ "awards", "awards", "SELECT id, activity_id, kind, entry_no, team_rank, tier, created_at, recipient, mobile,"
	  " division, detail, address_at, courier, tracking, shipped_at FROM awards WHERE user_id = ?1 ORDER BY id",
	  { "recipient", "mobile", "detail" }, 0 },
	{ "badges", NULL, "SELECT activity_id, kind, earned_at FROM badges WHERE user_id = ?1", { 0 }, 0 },
	{ "checkpoints", NULL, "SELECT activity_id, seq, passed_at FROM checkpoint_passes WHERE user_id = ?1"
	  " ORDER BY activity_id, seq", { 0 }, 0 },
	{ "essays", NULL, "SELECT activity_id, seq, text, state, created_at FROM essays WHERE user_id = ?1 ORDER BY id",
	  { 0 }, 0 },
	{ "photos", NULL, "SELECT activity_id, seq, uploaded_at, check_state FROM checkpoint_photos WHERE user_id = ?1",
	  { 0 }, 0 },
	{ "reminders", NULL, "SELECT activity_id, grants, last_sent_day, last_sent_at FROM reminder_grants"
	  " WHERE user_id = ?1", { 0 }, 0 },
	{ "prize_entries", NULL, "SELECT activity_id, entry_no, badge FROM prize_entries WHERE user_id = ?1", { 0 }, 0 },
};

static bool is_instant(const char *column)
{
	size_t n = strlen(column);
	return n > 3 && strcmp(column + n - 3, "_at") == 0;
}

static cJSON *value_json(sqlite3_stmt *st, int col)
{
	switch (sqlite3_column_type(st, col)) {
	case SQLITE_NULL:
		return cJSON_CreateNull();
	case SQLITE_INTEGER: {
		int64_t v = sqlite3_column_int64(st, col);
		if (is_instant(sqlite3_column_name(st, col))) {
			char at[CAL_INSTANT_BUF];
			cal_format_instant(v, at, sizeof at);
			return cJSON_CreateString(at);
		}
		return cJSON_CreateNumber((double)v);
	}
	default:
		return cJSON_CreateString((const char *)sqlite3_column_text(st, col));
	}
}

/* Opens the section's sealed columns of row o in place. */
static void open_sealed(struct sealer *s, const struct section *sec, int64_t user_id, cJSON *o)
{
	for (int i = 0; i < 3 && sec->sealed[i]; i++) {
		cJSON *v = cJSON_GetObjectItemCaseSensitive(o, sec->sealed[i]);
		if (!cJSON_IsString(v))
			continue;
		char column[64], place[96], plain[SEALED_PLAIN_MAX + 1];
		snprintf(column, sizeof column, "%s.%s", sec->table, sec->sealed[i]);
		double a = cJSON_GetNumberValue(cJSON_GetObjectItem(o, sec->by_activity ? "activity_id" : "id"));
		pii_place(place, sizeof place, column, (int64_t)a, sec->by_activity ? user_id : -1);
		pii_open(s, place, v->valuestring, plain, sizeof plain);
		cJSON_ReplaceItemInObjectCaseSensitive(o, sec->sealed[i], cJSON_CreateString(plain));
	}
}

static int add_section(struct db *db, struct sealer *s, const struct section *sec, int64_t user_id, cJSON *doc)
{
	sqlite3_stmt *st;
	int rc = db_prepare(db, &st, sec->sql, "i", user_id);
	if (rc != SQLITE_OK)
		return rc;
	cJSON *rows = cJSON_AddArrayToObject(doc, sec->name);
	while ((rc = db_step(db, st)) == SQLITE_ROW) {
		cJSON *o = cJSON_CreateObject();
		for (int c = 0; c < sqlite3_column_count(st); c++)
			cJSON_AddItemToObject(o, sqlite3_column_name(st, c), value_json(st, c));
		open_sealed(s, sec, user_id, o);
		cJSON_AddItemToArray(rows, o);
	}
	return db_finish(st, rc);
}

int store_own_data(struct db *db, struct sealer *s, int64_t user_id, cJSON **out)
{
	cJSON *doc = cJSON_CreateObject();
	int rc = SQLITE_OK;
	for (size_t i = 0; i < sizeof sections / sizeof sections[0] && rc == SQLITE_OK; i++)
		rc = add_section(db, s, &sections[i], user_id, doc);
	if (rc != SQLITE_OK) {
		cJSON_Delete(doc);
		return rc;
	}
	/* One person: the profile is an object, not a list of one. */
	cJSON *profile = cJSON_DetachItemFromArray(cJSON_GetObjectItem(doc, "profile"), 0);
	cJSON_ReplaceItemInObjectCaseSensitive(doc, "profile", profile ? profile : cJSON_CreateNull());
	*out = doc;
	return SQLITE_OK;
}
