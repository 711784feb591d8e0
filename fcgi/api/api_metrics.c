/*
 * GET /metrics: Prometheus' text format, for the local-only listener alone.
 * nginx's metrics server (127.0.0.1, or a unix socket in the dev stack) sets
 * the FastCGI parameter WALK_METRICS=1; any other way in gets 404, so that a
 * location added by mistake on the public site still shows nothing.
 *
 * The counters come from the files every worker shares (metrics.h); the
 * gauges below are read at scrape time, in the request's read snapshot, by
 * statements that touch a few rows through an index each.
 */
#include "worker.h"

#include "metrics.h"

#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

/* One gauge family read from the database.  With a label, sql returns rows of
 * (label value, number); without, one row of one number (no row or NULL: the
 * gauge is left out).  A new gauge — payouts by state, the image-check queue —
 * is one more line here. */
struct db_gauge {
	const char *name;
	const char *help;
	const char *label;
	const char *sql;
};

static const struct db_gauge db_gauges[] = {
	{ "walk_settle_last_success_timestamp_seconds", "When the last settlement that succeeded finished (Unix time).",
	  NULL, "SELECT max(finished_at) FROM settle_runs WHERE outcome = 'done'" },
	{ "walk_settle_last_run_duration_seconds", "How long the last successful settlement ran.",
	  NULL, "SELECT finished_at - started_at FROM settle_runs WHERE outcome = 'done' ORDER BY id DESC LIMIT 1" },
	{ "walk_settle_last_run_started_timestamp_seconds", "When the last settlement run started, whatever its outcome.",
	  NULL, "SELECT started_at FROM settle_runs ORDER BY id DESC LIMIT 1" },
	{ "walk_settle_last_run", "The last settlement run's outcome (1 for the outcome it had).",
	  "outcome", "SELECT outcome, 1 FROM settle_runs ORDER BY id DESC LIMIT 1" },
	{ "walk_reminder_last_run_timestamp_seconds", "When the last reminder run started.",
	  NULL, "SELECT started_at FROM reminder_runs ORDER BY id DESC LIMIT 1" },
	{ "walk_reminder_last_run_messages", "The last reminder run's messages by result (retry_later: the queue of the next run).",
	  "result", "WITH r AS (SELECT * FROM reminder_runs ORDER BY id DESC LIMIT 1) "
	            "SELECT 'sent', sent FROM r UNION ALL SELECT 'retry_later', retry_later FROM r "
	            "UNION ALL SELECT 'no_grant', no_grant FROM r UNION ALL SELECT 'rejected', rejected FROM r "
	            "UNION ALL SELECT 'unknown', unknown FROM r" },
	{ "walk_payouts", "Red-envelope payout bills by state (paying and wait_confirm are not final).",
	  "state", "SELECT state, count(*) FROM payouts GROUP BY state" },
	{ "walk_image_checks", "Checkpoint photos by the state of WeChat's image check (queued: the queue).",
	  "state", "SELECT check_state, count(*) FROM checkpoint_photos GROUP BY check_state" },
};

/* Appends one family; returns an SQLite code. */
static int render_db_gauge(struct db *db, const struct db_gauge *g, struct buf *out)
{
	sqlite3_stmt *st;
	int rc = db_prepare(db, &st, g->sql, "");
	if (rc != SQLITE_OK)
		return rc;
	metrics_family(out, g->name, "gauge", g->help);
	while ((rc = db_step(db, st)) == SQLITE_ROW) {
		int col = g->label ? 1 : 0;
		if (sqlite3_column_type(st, col) == SQLITE_NULL)
			continue;
		if (g->label) {
			buf_printf(out, "%s{%s=\"", g->name, g->label);
			metrics_label_value(out, (const char *)sqlite3_column_text(st, 0));
			buf_printf(out, "\"} %lld\n", (long long)sqlite3_column_int64(st, col));
		} else {
			buf_printf(out, "%s %lld\n", g->name, (long long)sqlite3_column_int64(st, col));
		}
	}
	return db_finish(st, rc);
}

static void render_file_size(struct buf *out, const char *which, const char *path)
{
	struct stat st;
	buf_printf(out, "walk_db_file_bytes{file=\"%s\"} %lld\n", which, stat(path, &st) == 0 ? (long long)st.st_size : 0LL);
}

void api_metrics(struct request *req, struct response *resp)
{
	const char *listener = req_header(req, "WALK_METRICS");
	if (!listener || strcmp(listener, "1") != 0) {
		resp_error(resp, 404, "not_found", "请求的资源不存在", NULL);
		return;
	}
	struct worker *w = worker_of(req);
	struct buf *out = &resp->body;
	metrics_http_render(out);
	metrics_wechat_render(out);
	for (size_t i = 0; i < sizeof db_gauges / sizeof db_gauges[0]; i++) {
		int rc = render_db_gauge(w->db, &db_gauges[i], out);
		if (rc != SQLITE_OK) {
			resp_reset(resp);
			worker_db_error(req, resp, rc);
			return;
		}
	}
	metrics_family(out, "walk_db_file_bytes", "gauge", "The database's files: the database itself and its write-ahead log.");
	char wal[600];
	snprintf(wal, sizeof wal, "%s-wal", w->cfg.db_path);
	render_file_size(out, "db", w->cfg.db_path);
	render_file_size(out, "wal", wal);
	resp->status = 200;
	resp->content_type = "text/plain; version=0.0.4; charset=utf-8";
}
