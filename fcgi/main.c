/*
 * walk-worker: one FastCGI worker process.  spawn-fcgi hands it the listening
 * socket as fd 0 and multiwatch restarts it if it dies.  It serves requests one
 * at a time until SIGTERM, which lets the request in flight finish.
 *
 * Compiled with WALK_LEAN, this is walk-worker-lean, the participants' pool's
 * (pool.h): no WeChat Pay client, no libcurl.
 */
#include "worker.h"

#include "clock.h"
#include "log.h"
#include "migrate.h"
#include "pay_client.h"
#include "pool.h"
#include "worker_metrics.h"

#ifndef WALK_LEAN
#include <curl/curl.h>
#endif
#include <mbedtls/platform_util.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifdef WALK_LEAN
#define WORKER_NAME "walk-worker-lean"
#else
#define WORKER_NAME "walk-worker"
#endif

enum { MAX_JSON_BODY = 64 * 1024, MAX_RAW_BODY = 6 * 1024 * 1024 };

/* Opens the database when there is no usable connection.  A failure is logged
 * and the request gets 503; the next request tries again. */
static bool ensure_database(struct worker *w)
{
	if (w->db && !db_failed(w->db))
		return true;
	if (w->db) {
		log_warn("database connection failed; reopening");
		db_close(w->db);
		w->db = NULL;
	}
	char err[512];
	struct db *db;
	if (db_open(&db, w->cfg.db_path, w->cfg.db_busy_timeout_ms, false, err, sizeof err) != 0) {
		log_error("%s", err);
		return false;
	}
	if (migrate_check(db, err, sizeof err) != 0) {
		log_error("%s", err);
		db_close(db);
		return false;
	}
	w->db = db;
	return true;
}

static bool before_request(struct request *req, struct response *resp)
{
	struct worker *w = worker_of(req);
	memset(&w->admin, 0, sizeof w->admin);   /* no admin until admin_auth() says so */
	if (!ensure_database(w)) {
		resp_error(resp, 503, "unavailable", "服务暂时不可用，请稍后再试", NULL);
		return false;
	}
	/* One read transaction for the whole request: a consistent snapshot, and one
	 * set of lock calls instead of one per statement.  A handler that writes
	 * ends it first (worker_begin_write). */
	int rc = db_begin_read(w->db);
	if (rc == SQLITE_OK)
		rc = clock_refresh(w->db, config_clock_shift_allowed(&w->cfg));
	if (rc == SQLITE_OK)
		rc = worker_refresh_config(w);
	if (rc != 0) {
		worker_db_error(req, resp, rc);
		return false;
	}
	return true;
}

static bool begin_write(struct request *req, struct response *resp)
{
	int rc = worker_begin_write(worker_of(req));
	if (rc != SQLITE_OK) {
		worker_db_error(req, resp, rc);
		return false;
	}
	return true;
}

static void end_write(struct request *req, struct response *resp, bool ok)
{
	struct db *db = worker_of(req)->db;
	if (!ok) {
		db_rollback(db);
		return;
	}
	int rc = db_commit(db);
	if (rc != SQLITE_OK) {
		db_rollback(db);
		resp_reset(resp);
		worker_db_error(req, resp, rc);
	}
}

static void after_request(struct request *req, struct response *resp)
{
	(void)resp;
	struct worker *w = worker_of(req);
	if (!w->db)
		return;
	int state = sqlite3_txn_state(db_handle(w->db), NULL);
	if (state == SQLITE_TXN_WRITE) {
		log_error("a write transaction was left open by %s %s: rolled back", req->method, req->path);
		db_rollback(w->db);
	} else if (!sqlite3_get_autocommit(db_handle(w->db))) {
		db_rollback(w->db);   /* the request's read transaction: nothing to keep */
	}
}

int main(void)
{
	static struct worker w;
	char err[512];
	if (config_load(&w.cfg, err, sizeof err) != 0) {
		log_error("configuration: %s", err);
		return 2;
	}
	log_configure(w.cfg.log_level, w.cfg.log_levels, err, sizeof err);   /* checked by config_load */
#ifdef WALK_LEAN
	if (strcmp(w.cfg.pool, "participants") != 0) {
		log_error("configuration: " WORKER_NAME " serves only the participants' pool, not %s: run walk-worker",
		          w.cfg.pool);
		return 2;
	}
#endif
	/* config_load checked the key's form, so this does not fail; the sealer
	 * keeps the only copy the worker needs. */
	if (sealer_init_rotating(&w.sealer, &w.sealer_previous, w.cfg.data_key, w.cfg.data_key_previous) != 0) {
		log_error("configuration: data_key is not usable");
		return 2;
	}
	mbedtls_platform_zeroize(w.cfg.data_key, sizeof w.cfg.data_key);
	mbedtls_platform_zeroize(w.cfg.data_key_previous, sizeof w.cfg.data_key_previous);
#ifndef WALK_LEAN
	curl_global_init(CURL_GLOBAL_DEFAULT);   /* once, before any WeChat call */
	if (pay_configured(&w.cfg) && pay_client_open(&w.cfg, &w.pay, err, sizeof err) != 0)
		log_error("WeChat Pay: %s; payouts wait for the reconciler", err);
#endif
	ensure_database(&w);   /* not fatal: requests answer 503 until it works */
	slots_init(&w.pbkdf2_slots, w.cfg.run_dir, "admin-pbkdf2", w.cfg.admin_pbkdf2_slots);
	struct route *routes = malloc(walk_route_count * sizeof *routes);   /* for the worker's life */
	if (!routes)
		return 1;
	size_t nroutes = pool_routes(w.cfg.pool, walk_routes, walk_route_count, routes);
	log_info(WORKER_NAME ": %s pool, %zu routes", w.cfg.pool, nroutes);
	worker_metrics_open(&w.cfg, routes, nroutes);
	/* Which pool answered, for the test that nginx sends each route where the
	 * table says (t_pools); production does not tell. */
	char pool_header[64] = "";
	if (w.cfg.mode != MODE_PRODUCTION)
		snprintf(pool_header, sizeof pool_header, "X-Walk-Pool: %s\r\n", w.cfg.pool);

	struct app app = {
		.name = WORKER_NAME,
		.routes = routes,
		.nroutes = nroutes,
		.max_json_body = MAX_JSON_BODY,
		.max_raw_body = MAX_RAW_BODY,
		.ctx = &w,
		.before = before_request,
		.auth_user = worker_auth_user,
		.auth_admin = admin_auth,
		.begin_write = begin_write,
		.end_write = end_write,
		.after = after_request,
		.finished = worker_metrics_finished,
		.every_answer_headers = pool_header,
	};
	int rc = server_run(&app);
	slots_close(&w.pbkdf2_slots);
	free(routes);
	db_close(w.db);
	sealer_free(&w.sealer);
	sealer_free(&w.sealer_previous);
#ifndef WALK_LEAN
	pay_client_close(w.pay);
	curl_global_cleanup();
#endif
	return rc;
}
