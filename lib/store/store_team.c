#include "store_team.h"

#include "calendar.h"
#include "crypto.h"
#include "db.h"

#include <stdio.h>
#include <string.h>

#define TEAM_COLUMNS "t.id, t.activity_id, t.leader_id, t.created_at, t.name, t.name_flagged," \
	" (SELECT count(*) FROM team_members m WHERE m.team_id = t.id AND m.left_at IS NULL)"

/* Reads TEAM_COLUMNS of the row st is on into out, and resets st. */
static int read_team(sqlite3_stmt *st, struct team *out)
{
	out->id = sqlite3_column_int64(st, 0);
	out->activity_id = sqlite3_column_int64(st, 1);
	out->leader_id = sqlite3_column_int64(st, 2);
	out->created_at = sqlite3_column_int64(st, 3);
	snprintf(out->name, sizeof out->name, "%s", sqlite3_column_text(st, 4));
	out->name_flagged = sqlite3_column_int(st, 5) != 0;
	out->member_count = sqlite3_column_int(st, 6);
	return db_finish(st, SQLITE_ROW);
}

int store_team_get(struct db *db, int64_t team_id, struct team *out)
{
	sqlite3_stmt *st;
	int rc = db_row(db, &st, "SELECT " TEAM_COLUMNS " FROM teams t WHERE t.id = ?1", "i", team_id);
	return rc == SQLITE_ROW ? read_team(st, out) : rc;
}

int store_team_of_user(struct db *db, int64_t activity_id, int64_t user_id, struct team *out)
{
	sqlite3_stmt *st;
	int rc = db_row(db, &st, "SELECT " TEAM_COLUMNS " FROM team_members me JOIN teams t ON t.id = me.team_id "
	                         "WHERE me.activity_id = ?1 AND me.user_id = ?2 AND me.left_at IS NULL",
	                "ii", activity_id, user_id);
	return rc == SQLITE_ROW ? read_team(st, out) : rc;
}

int store_team_name_taken(struct db *db, int64_t activity_id, const char *name, bool *taken)
{
	return db_exists(db, taken, "SELECT 1 FROM teams WHERE activity_id = ?1 AND name = ?2", "it", activity_id, name);
}

int store_team_create(struct db *db, int64_t activity_id, int64_t leader_id, const char *name, bool flagged,
                      int64_t now, int64_t *team_id)
{
	int rc = db_get_int(db, team_id, "INSERT INTO teams (activity_id, name, leader_id, name_flagged, created_at) "
	                                 "VALUES (?1, ?2, ?3, ?4, ?5) RETURNING id",
	                    "itini", activity_id, name, leader_id, flagged ? 1 : 0, now);
	if ((rc & 0xff) == SQLITE_CONSTRAINT)
		return SQLITE_CONSTRAINT;   /* the name is taken: whichever constraint said so */
	return rc == SQLITE_OK ? store_team_add_member(db, activity_id, *team_id, leader_id, now) : rc;
}

int store_team_add_member(struct db *db, int64_t activity_id, int64_t team_id, int64_t user_id, int64_t now)
{
	return db_execf(db, "INSERT INTO team_members (activity_id, team_id, user_id, joined_at) VALUES (?1, ?2, ?3, ?4)",
	                "iiii", activity_id, team_id, user_id, now);
}

int store_team_leave(struct db *db, int64_t activity_id, int64_t user_id, int64_t now)
{
	return db_execf(db, "UPDATE team_members SET left_at = ?3 "
	                    "WHERE activity_id = ?1 AND user_id = ?2 AND left_at IS NULL",
	                "iii", activity_id, user_id, now);
}

int store_team_dissolve(struct db *db, int64_t team_id)
{
	static const char *const sql[] = {
		"DELETE FROM team_invites WHERE team_id = ?1",
		"DELETE FROM team_targets WHERE team_id = ?1",
		"DELETE FROM team_announcements WHERE team_id = ?1",
		"DELETE FROM team_members WHERE team_id = ?1",
		"DELETE FROM teams WHERE id = ?1",
	};
	int rc = SQLITE_OK;
	for (size_t i = 0; i < sizeof sql / sizeof sql[0] && rc == SQLITE_OK; i++)
		rc = db_execf(db, sql[i], "i", team_id);
	return rc;
}

int store_team_members(struct db *db, int64_t team_id, void (*fn)(const struct team_member *m, void *arg),
                       void *arg)
{
	sqlite3_stmt *st;
	int rc = db_prepare(db, &st,
		"SELECT m.user_id, coalesce(e.name, ''), m.joined_at FROM team_members m "
		"JOIN teams t ON t.id = m.team_id "
		"LEFT JOIN enrollments e ON e.activity_id = m.activity_id AND e.user_id = m.user_id "
		"WHERE m.team_id = ?1 AND m.left_at IS NULL "
		"ORDER BY m.user_id != t.leader_id, m.joined_at, m.id", "i", team_id);
	if (rc != SQLITE_OK)
		return rc;
	while ((rc = db_step(db, st)) == SQLITE_ROW) {
		struct team_member m = { .user_id = sqlite3_column_int64(st, 0), .joined_at = sqlite3_column_int64(st, 2) };
		snprintf(m.name, sizeof m.name, "%s", sqlite3_column_text(st, 1));
		fn(&m, arg);
	}
	return db_finish(st, rc);
}

int store_team_targets(struct db *db, int64_t team_id, struct rules_target_setting *out, int max, int *n)
{
	/* The newest max changes, returned oldest first. */
	sqlite3_stmt *st;
	int rc = db_prepare(db, &st, "SELECT effective_from, member_target, team_target FROM "
	                             "(SELECT * FROM team_targets WHERE team_id = ?1 ORDER BY id DESC LIMIT ?2) "
	                             "ORDER BY id", "in", team_id, max);
	if (rc != SQLITE_OK)
		return rc;
	*n = 0;
	while (*n < max && (rc = db_step(db, st)) == SQLITE_ROW) {
		struct rules_target_setting *s = &out[*n];
		if (!cal_parse_day((const char *)sqlite3_column_text(st, 0), &s->effective_from))
			continue;
		s->member_target = sqlite3_column_int64(st, 1);
		s->team_target = sqlite3_column_int64(st, 2);
		(*n)++;
	}
	return db_finish(st, rc);
}

int store_team_set_targets(struct db *db, int64_t team_id, int32_t effective_from, int64_t member_target,
                           int64_t team_target, int64_t set_by, int64_t now)
{
	char day[CAL_DAY_BUF];
	cal_format_day(effective_from, day, sizeof day);
	return db_execf(db, "INSERT INTO team_targets (team_id, effective_from, member_target, team_target,"
	                    " set_by, set_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
	                "itiiii", team_id, day, member_target, team_target, set_by, now);
}

int store_invite_create(struct db *db, int64_t team_id, int64_t created_by, int64_t now, int64_t expires_at,
                        char token[CRYPTO_TOKEN_CHARS + 1])
{
	char hash[CRYPTO_SHA256_HEX_SIZE];
	crypto_new_token(token, hash);
	return db_execf(db, "INSERT INTO team_invites (token_hash, team_id, created_by, created_at, expires_at) "
	                    "VALUES (?1, ?2, ?3, ?4, ?5)", "tiiii", hash, team_id, created_by, now, expires_at);
}

int store_invite_find(struct db *db, const char *token, int64_t *team_id, int64_t *expires_at)
{
	char hash[CRYPTO_SHA256_HEX_SIZE];
	if (!crypto_token_hash(token, hash))
		return DB_NOTFOUND;   /* not a token's shape: no invite can have it */
	sqlite3_stmt *st;
	int rc = db_row(db, &st, "SELECT team_id, expires_at FROM team_invites WHERE token_hash = ?1", "t", hash);
	if (rc != SQLITE_ROW)
		return rc;
	*team_id = sqlite3_column_int64(st, 0);
	*expires_at = sqlite3_column_int64(st, 1);
	return db_finish(st, rc);
}

int store_announcement_add(struct db *db, int64_t team_id, int64_t author_id, const char *body, bool flagged,
                           int64_t now, int64_t *id)
{
	return db_get_int(db, id, "INSERT INTO team_announcements (team_id, author_id, body, flagged, created_at) "
	                          "VALUES (?1, ?2, ?3, ?4, ?5) RETURNING id",
	                  "iitni", team_id, author_id, body, flagged ? 1 : 0, now);
}

int store_announcements(struct db *db, int64_t team_id, int64_t before, int limit,
                        void (*fn)(const struct announcement *a, void *arg), void *arg)
{
	sqlite3_stmt *st;
	int rc = db_prepare(db, &st,
		"SELECT a.id, a.author_id, a.created_at, coalesce(e.name, ''), a.body, a.flagged "
		"FROM team_announcements a JOIN teams t ON t.id = a.team_id "
		"LEFT JOIN enrollments e ON e.activity_id = t.activity_id AND e.user_id = a.author_id "
		"WHERE a.team_id = ?1 AND (?2 <= 0 OR a.id < ?2) ORDER BY a.id DESC LIMIT ?3",
		"iin", team_id, before, limit);
	if (rc != SQLITE_OK)
		return rc;
	while ((rc = db_step(db, st)) == SQLITE_ROW) {
		struct announcement a = {
			.id = sqlite3_column_int64(st, 0),
			.author_id = sqlite3_column_int64(st, 1),
			.created_at = sqlite3_column_int64(st, 2),
			.body = (const char *)sqlite3_column_text(st, 4),
			.flagged = sqlite3_column_int(st, 5) != 0,
		};
		snprintf(a.author_name, sizeof a.author_name, "%s", sqlite3_column_text(st, 3));
		fn(&a, arg);
	}
	return db_finish(st, rc);
}
