/*
 * The content-check rules: tests decide what msg_sec_check (seccheck.c) says
 * about a text.  Test controls like the rest of /fake/..., not recorded.
 *
 * POST /fake/verdicts {"contains":"…","suggest":"pass|review|risky","label":int}
 *   Adds a rule after the existing ones; answers 200 with the stored rule
 *   {"contains","suggest","label"}.  contains: a non-empty string; suggest:
 *   one of the three; label: optional, a whole number in the int range,
 *   default 100 for pass and 20001 (politics) otherwise.  Else 400
 *   validation_failed naming the field, checked in that order.
 * DELETE /fake/verdicts
 *   Removes every rule: 200 {"cleared":n}.
 *
 * The verdict for a text is that of the first rule (insertion order) whose
 * "contains" is a substring of it (case-sensitive, byte for byte); with none,
 * pass/100.  Rules live in the shared state, so every worker applies them.
 */
#include "fakewx.h"

#include <limits.h>
#include <string.h>

enum { LABEL_NORMAL = 100, LABEL_POLITICS = 20001 };

struct fake_verdict fake_verdict_for(struct request *req, const char *content)
{
	struct fake_verdict v = { "pass", LABEL_NORMAL };
	/* instr() on two TEXT values: byte-exact for the UTF-8 that JSON carries. */
	sqlite3_stmt *st = db_stmt(fake_of(req)->state,
	                           "SELECT suggest, label FROM verdicts WHERE instr(?1, contains) > 0 "
	                           "ORDER BY id LIMIT 1");
	if (!st)
		return v;   /* a broken state database is logged by db_stmt; the text passes */
	sqlite3_bind_text(st, 1, content, -1, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_ROW) {
		v.suggest = arena_strdup(req->arena, (const char *)sqlite3_column_text(st, 0));
		v.label = sqlite3_column_int(st, 1);
	}
	sqlite3_reset(st);
	return v;
}

static bool known_suggest(const char *s)
{
	return s && (strcmp(s, "pass") == 0 || strcmp(s, "review") == 0 || strcmp(s, "risky") == 0);
}

void fake_verdicts_add(struct request *req, struct response *resp)
{
	const char *contains = fake_json_str(req, "contains");
	const char *suggest = fake_json_str(req, "suggest");
	const cJSON *label = cJSON_GetObjectItemCaseSensitive(req->json, "label");
	if (!contains || !*contains) {
		resp_error(resp, 400, "validation_failed", "contains must be a non-empty string", "contains");
		return;
	}
	if (!known_suggest(suggest)) {
		resp_error(resp, 400, "validation_failed", "suggest must be pass, review or risky", "suggest");
		return;
	}
	int value = strcmp(suggest, "pass") == 0 ? LABEL_NORMAL : LABEL_POLITICS;
	if (label) {
		double d = cJSON_IsNumber(label) ? label->valuedouble : 0;
		/* The range test comes first: converting an out-of-range double is undefined. */
		if (!cJSON_IsNumber(label) || !(d >= INT_MIN && d <= INT_MAX) || d != (double)(int)d) {
			resp_error(resp, 400, "validation_failed", "label must be an integer", "label");
			return;
		}
		value = (int)d;
	}
	sqlite3_stmt *st = db_stmt(fake_of(req)->state,
	                           "INSERT INTO verdicts(contains, suggest, label) VALUES (?1, ?2, ?3)");
	int rc = SQLITE_ERROR;
	if (st) {
		sqlite3_bind_text(st, 1, contains, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 2, suggest, -1, SQLITE_STATIC);
		sqlite3_bind_int(st, 3, value);
		rc = sqlite3_step(st);
		sqlite3_reset(st);
	}
	if (rc != SQLITE_DONE) {
		resp_error(resp, 500, "internal_error", "cannot store the rule", NULL);
		return;
	}
	cJSON *root = cJSON_CreateObject();
	cJSON_AddStringToObject(root, "contains", contains);
	cJSON_AddStringToObject(root, "suggest", suggest);
	cJSON_AddNumberToObject(root, "label", value);
	resp_json(resp, 200, root);
}

void fake_verdicts_clear(struct request *req, struct response *resp)
{
	struct db *db = fake_of(req)->state;
	sqlite3_stmt *st = db_stmt(db, "DELETE FROM verdicts");
	int rc = st ? sqlite3_step(st) : SQLITE_ERROR;
	if (st)
		sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		resp_error(resp, 500, "internal_error", "cannot clear the rules", NULL);
		return;
	}
	cJSON *root = cJSON_CreateObject();
	cJSON_AddNumberToObject(root, "cleared", sqlite3_changes(db_handle(db)));
	resp_json(resp, 200, root);
}
