/* Service routes: the hello-world baseline of the benchmarks, and health. */
#include "worker.h"

#include "clock.h"
#include "migrate.h"
#include "calendar.h"

void api_hello(struct request *req, struct response *resp)
{
	(void)req;
	cJSON *root = cJSON_CreateObject();
	cJSON_AddStringToObject(root, "hello", "world");
	resp_json(resp, 200, root);
}

void api_health(struct request *req, struct response *resp)
{
	struct worker *w = worker_of(req);
	int version = migrate_db_version(w->db);
	if (version < 0) {
		worker_db_error(req, resp, sqlite3_errcode(db_handle(w->db)));
		return;
	}
	char now[40];
	cal_format_instant(clock_now(), now, sizeof now);
	cJSON *root = cJSON_CreateObject();
	cJSON_AddBoolToObject(root, "ok", true);
	cJSON_AddNumberToObject(root, "schema_version", version);
	cJSON_AddStringToObject(root, "server_time", now);
	cJSON_AddStringToObject(root, "mode", config_mode_name(w->cfg.mode));
	resp_json(resp, 200, root);
}
