#include "store_essays.h"

#include "db.h"

#include <stdio.h>
#include <string.h>

static const char *const state_names[] = {
	[ESSAY_ACCEPTED] = "accepted",
	[ESSAY_REVIEW] = "review",
	[ESSAY_REJECTED] = "rejected",
};

const char *essay_state_name(enum essay_state s)
{
	return s > ESSAY_NONE && s <= ESSAY_REJECTED ? state_names[s] : NULL;
}

enum essay_state essay_state_from(const char *name)
{
	for (int s = ESSAY_ACCEPTED; s <= ESSAY_REJECTED; s++)
		if (name && strcmp(name, state_names[s]) == 0)
			return (enum essay_state)s;
	return ESSAY_NONE;
}

static const char *text_or_empty(sqlite3_stmt *st, int col)
{
	const char *s = (const char *)sqlite3_column_text(st, col);
	return s ? s : "";
}

int store_essay_add(struct db *db, int64_t activity_id, int64_t user_id, int seq, const char *text,
                    enum essay_state state, int64_t now, int64_t *id)
{
	int rc = db_execf(db, "INSERT INTO essays (activity_id, user_id, seq, text, state, created_at)"
	                      " VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
	                  "iintti", activity_id, user_id, seq, text, essay_state_name(state), now);
	if (rc == SQLITE_OK && id)
		*id = sqlite3_last_insert_rowid(db_handle(db));
	return rc;
}

int store_essay_states(struct db *db, int64_t activity_id, int64_t user_id, enum essay_state *states,
                       char (*reasons)[ESSAY_REASON_BUF], int max)
{
	for (int i = 0; i < max; i++) {
		states[i] = ESSAY_NONE;
		reasons[i][0] = '\0';
	}
	sqlite3_stmt *st;
	int rc = db_prepare(db, &st, "SELECT seq, state, reason FROM essays WHERE activity_id = ?1 AND user_id = ?2",
	                    "ii", activity_id, user_id);
	if (rc != SQLITE_OK)
		return rc;
	while ((rc = db_step(db, st)) == SQLITE_ROW) {
		int seq = sqlite3_column_int(st, 0);
		if (seq < 1 || seq > max)
			continue;
		states[seq - 1] = essay_state_from((const char *)sqlite3_column_text(st, 1));
		snprintf(reasons[seq - 1], ESSAY_REASON_BUF, "%s", text_or_empty(st, 2));
	}
	return db_finish(st, rc);
}

#define ESSAY_COLUMNS                                                                              \
	"SELECT e.id, e.user_id, e.seq, e.state, e.text, coalesce(e.reason, ''), n.name, n.union_code," \
	" e.created_at, coalesce(e.decided_at, 0) FROM essays e JOIN enrollments n"                    \
	" ON n.activity_id = e.activity_id AND n.user_id = e.user_id"

static void read_essay(sqlite3_stmt *st, struct essay *e)
{
	e->id = sqlite3_column_int64(st, 0);
	e->user_id = sqlite3_column_int64(st, 1);
	e->seq = sqlite3_column_int(st, 2);
	e->state = essay_state_from((const char *)sqlite3_column_text(st, 3));
	e->text = text_or_empty(st, 4);
	e->reason = text_or_empty(st, 5);
	snprintf(e->writer, sizeof e->writer, "%s", text_or_empty(st, 6));
	snprintf(e->union_code, sizeof e->union_code, "%s", text_or_empty(st, 7));
	e->created_at = sqlite3_column_int64(st, 8);
	e->decided_at = sqlite3_column_int64(st, 9);
}

int store_essay_get(struct db *db, int64_t activity_id, int64_t id, struct essay *out)
{
	sqlite3_stmt *st;
	int rc = db_row(db, &st, ESSAY_COLUMNS " WHERE e.activity_id = ?1 AND e.id = ?2", "ii", activity_id, id);
	if (rc != SQLITE_ROW)
		return rc;
	read_essay(st, out);
	out->text = out->reason = "";   /* they die with the statement's reset */
	sqlite3_reset(st);
	return SQLITE_OK;
}

int store_essay_decide(struct db *db, int64_t activity_id, int64_t id, enum essay_state to, const char *reason,
                       int64_t admin_id, int64_t now)
{
	int rc = db_execf(db, "UPDATE essays SET state = ?3, reason = ?4, decided_at = ?5, decided_by = ?6"
	                      " WHERE activity_id = ?1 AND id = ?2 AND state = 'review'",
	                  "iittii", activity_id, id, essay_state_name(to), reason, now, admin_id);
	return rc == SQLITE_OK && sqlite3_changes(db_handle(db)) == 0 ? DB_NOTFOUND : rc;
}

int store_essay_page(struct db *db, int64_t activity_id, enum essay_state state, const char *union_code,
                     int64_t before, int limit, void (*fn)(const struct essay *e, void *arg), void *arg)
{
	sqlite3_stmt *st;
	int rc = db_prepare(db, &st, ESSAY_COLUMNS " WHERE e.activity_id = ?1 AND (?2 IS NULL OR e.state = ?2)"
	                                           " AND (?3 IS NULL OR n.union_code = ?3) AND (?4 <= 0 OR e.id < ?4)"
	                                           " ORDER BY e.id DESC LIMIT ?5",
	                    "ittin", activity_id, essay_state_name(state), union_code, before, limit);
	if (rc != SQLITE_OK)
		return rc;
	struct essay e;
	while ((rc = db_step(db, st)) == SQLITE_ROW) {
		read_essay(st, &e);
		fn(&e, arg);
	}
	return db_finish(st, rc);
}
