#include "worker.h"

#include "calendar.h"
#include "clock.h"
#include "log.h"
#include "store_enrollment.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

void worker_db_error(struct request *req, struct response *resp, int rc)
{
	struct worker *w = worker_of(req);
	const char *msg = w->db ? sqlite3_errmsg(db_handle(w->db)) : sqlite3_errstr(rc);
	if (w->db)
		db_note_rc(w->db, rc);
	if (db_rc_unavailable(rc)) {
		log_warn("database unavailable (%d): %s", rc, msg);
		resp_error(resp, 503, "unavailable", "服务暂时不可用，请稍后再试", NULL);
	} else {
		log_error("database error (%d): %s", rc, msg);
		resp_error(resp, 500, "internal_error", "服务器内部错误", NULL);
	}
}

bool worker_found(struct request *req, struct response *resp, int rc, int status, const char *code,
                  const char *message)
{
	if (rc == DB_NOTFOUND)
		resp_error(resp, status, code, message, NULL);
	else if (rc != SQLITE_OK)
		worker_db_error(req, resp, rc);
	return rc == SQLITE_OK;
}

int worker_begin_write(struct worker *w)
{
	/* A read transaction cannot become a write one reliably under WAL (another
	 * writer may have committed since its snapshot): end it, then take the lock. */
	if (!sqlite3_get_autocommit(db_handle(w->db)))
		db_rollback(w->db);
	return db_begin_write(w->db);
}

bool worker_finish_write(struct request *req, struct response *resp, int rc)
{
	struct worker *w = worker_of(req);
	if (rc == SQLITE_OK)
		rc = db_commit(w->db);
	if (rc == SQLITE_OK)
		return true;
	db_rollback(w->db);
	worker_db_error(req, resp, rc);
	return false;
}

void worker_invalid(struct response *resp, const char *field, const char *message)
{
	resp_error(resp, 400, "validation_failed", message, field);
}

bool worker_known_code(struct request *req, struct response *resp, const char *code, size_t size,
                       int (*lookup)(struct db *db, const char *code, bool *found), const char *field,
                       const char *message)
{
	bool found = false;
	int rc = code && strlen(code) < size ? lookup(worker_of(req)->db, code, &found) : SQLITE_OK;
	if (rc != SQLITE_OK) {
		worker_db_error(req, resp, rc);
		return false;
	}
	if (!found)
		worker_invalid(resp, field, message);
	return found;
}

const char *json_str(const struct request *req, const char *name)
{
	return cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(req->json, name));
}

int worker_refresh_config(struct worker *w)
{
	int64_t version;
	int rc = db_get_int(w->db, &version, "SELECT version FROM config_version WHERE id = 1", "");
	if (rc == DB_NOTFOUND) {
		/* schema 004 inserts the row and nothing deletes it: a damaged database. */
		log_error("config_version has no row");
		return SQLITE_ERROR;
	}
	if (rc != SQLITE_OK)
		return rc;
	if (version != w->config_version) {
		w->config_version = version;
		w->cached = 0;
	}
	return SQLITE_OK;
}

/* The slot a new activity goes into: a free one, else the least recently used. */
static int slot_to_fill(const struct worker *w)
{
	if (w->cached < ACTIVITY_CACHE_SIZE)
		return w->cached;
	int oldest = 0;
	for (int i = 1; i < ACTIVITY_CACHE_SIZE; i++)
		if (w->last_used[i] < w->last_used[oldest])
			oldest = i;
	return oldest;
}

int worker_find_activity(struct worker *w, int64_t id, const struct activity **out)
{
	w->uses++;
	for (int i = 0; i < w->cached; i++) {
		if (w->activities[i].id == id) {
			w->last_used[i] = w->uses;
			*out = &w->activities[i];
			return SQLITE_OK;
		}
	}
	int slot = slot_to_fill(w);
	int rc = store_activity_load(w->db, id, &w->activities[slot]);
	if (rc != SQLITE_OK) {
		/* What the failed load left in the slot must never be found. */
		w->activities[slot].id = 0;
		w->last_used[slot] = 0;
		return rc;
	}
	if (slot == w->cached)
		w->cached++;
	w->last_used[slot] = w->uses;
	*out = &w->activities[slot];
	return SQLITE_OK;
}

bool worker_load_activity(struct request *req, struct response *resp, int64_t id, struct activity_ctx *ctx)
{
	int rc = id > 0 ? worker_find_activity(worker_of(req), id, &ctx->activity) : DB_NOTFOUND;
	if (!worker_found(req, resp, rc, 404, "not_found", "活动不存在"))
		return false;
	ctx->rules = &ctx->activity->rules;
	ctx->now = clock_now();
	ctx->today = cal_day_of(ctx->now);
	return true;
}

bool worker_activity(struct request *req, struct response *resp, struct activity_ctx *ctx,
                     bool need_enrollment)
{
	struct worker *w = worker_of(req);
	int64_t id;
	if (!req_param_id(req, resp, "aid", &id) || !worker_load_activity(req, resp, id, ctx))
		return false;
	if (!need_enrollment)
		return true;
	struct enrollment e;
	int rc = store_enrollment_get(w->db, &w->sealer, id, req->user_id, &e);
	return worker_found(req, resp, rc, 403, "not_enrolled", "请先报名参加活动");
}

bool query_int(struct request *req, struct response *resp, const char *name, int64_t min, int64_t max,
               int64_t dflt, int64_t *out)
{
	const char *v = req_query(req, name);
	if (!v || !*v) {
		*out = dflt;
		return true;
	}
	char *end;
	errno = 0;
	long long n = strtoll(v, &end, 10);
	if (errno || *end || n < min || n > max) {
		char *msg = arena_printf(req->arena, "%s 须为 %lld 到 %lld 之间的整数", name, (long long)min,
		                         (long long)max);
		worker_invalid(resp, name, msg);
		return false;
	}
	*out = n;
	return true;
}
