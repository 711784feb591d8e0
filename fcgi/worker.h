#ifndef WALK_WORKER_H
#define WALK_WORKER_H
/*
 * The walk worker's long-lived state and the helpers its handlers share.
 * One worker process = one struct worker, created at start, reached by
 * handlers through req->ctx.
 */
#include "config.h"
#include "db.h"
#include "http.h"

struct worker {
	struct walk_config cfg;
	struct db *db;            /* NULL while the database cannot be opened */
};

static inline struct worker *worker_of(const struct request *req)
{
	return (struct worker *)req->ctx;
}

/* Answers a failed SQLite call: 503 unavailable when the database cannot serve
 * now, else 500 (a bug: logged with the request id). */
void worker_db_error(struct request *req, struct response *resp, int rc);

/* The route table (routes.c). */
extern const struct route walk_routes[];
extern const size_t walk_route_count;

/* Handlers, one file per area. */
void api_hello(struct request *req, struct response *resp);
void api_health(struct request *req, struct response *resp);
void api_dev_echo(struct request *req, struct response *resp);

#endif
