#include "store_rate_limits.h"

#include "db.h"

#include <assert.h>
#include <stdbool.h>

static const struct rate_limit limits[] = {
	[RATE_TEAM_CREATE] = { "team_create", RATE_TEAM_CREATE_MAX, RATE_TEAM_CREATE_WINDOW_S },
	[RATE_ANNOUNCEMENT_POST] = { "announcement_post", RATE_ANNOUNCEMENT_POST_MAX,
	                             RATE_ANNOUNCEMENT_POST_WINDOW_S },
	[RATE_ESSAY_POST] = { "essay_post", RATE_ESSAY_POST_MAX, RATE_ESSAY_POST_WINDOW_S },
};

const struct rate_limit *rate_limit_of(enum rate_action action)
{
	assert((size_t)action < sizeof limits / sizeof limits[0]);
	return &limits[action];
}

int store_rate_limit_take(struct db *db, enum rate_action action, int64_t user_id, int64_t now,
                          int64_t *retry_at)
{
	const struct rate_limit *limit = rate_limit_of(action);
	*retry_at = 0;
	sqlite3_stmt *st;
	int rc = db_row(db, &st, "SELECT window_start, used FROM rate_limits WHERE user_id = ?1 AND action = ?2",
	                "it", user_id, limit->action);
	if (rc != SQLITE_ROW && rc != DB_NOTFOUND)
		return rc;
	int64_t start = now, used = 0;
	if (rc == SQLITE_ROW) {
		int64_t row_start = sqlite3_column_int64(st, 0), row_used = sqlite3_column_int64(st, 1);
		sqlite3_reset(st);
		bool open = now >= row_start && now < row_start + limit->window_s;
		if (open && row_used >= limit->max) {
			*retry_at = row_start + limit->window_s;
			return SQLITE_OK;
		}
		if (open) {
			start = row_start;
			used = row_used;
		}
	}
	return db_execf(db,
		"INSERT INTO rate_limits (user_id, action, window_start, used) VALUES (?1, ?2, ?3, ?4)"
		" ON CONFLICT (user_id, action) DO UPDATE SET window_start = ?3, used = ?4",
		"itii", user_id, limit->action, start, used + 1);
}
