/* GET /admin/api/audit?before=&limit= (RULES §12): the audit log,
 * newest first, for province admins only. */
#include "worker.h"

#include "calendar.h"
#include "store_audit.h"

struct page {
	cJSON *items;
	int64_t last_id;
	int count;
};

/* Stored JSON text as a value (it was written by cJSON, so it parses). */
static cJSON *json_or_null(const char *text)
{
	cJSON *v = text ? cJSON_Parse(text) : NULL;
	return v ? v : cJSON_CreateNull();
}

static void add_entry(const struct audit_entry *e, void *arg)
{
	struct page *p = arg;
	char at[CAL_INSTANT_BUF];
	cal_format_instant(e->at, at, sizeof at);
	cJSON *o = cJSON_CreateObject();
	cJSON_AddNumberToObject(o, "id", (double)e->id);
	cJSON_AddStringToObject(o, "at", at);
	cJSON_AddStringToObject(o, "actor", e->actor);
	cJSON_AddStringToObject(o, "remote_addr", e->remote_addr);
	cJSON_AddStringToObject(o, "action", e->action);
	cJSON_AddStringToObject(o, "target", e->target);
	cJSON_AddItemToObject(o, "before", json_or_null(e->before));
	cJSON_AddItemToObject(o, "after", json_or_null(e->after));
	cJSON_AddItemToArray(p->items, o);
	p->last_id = e->id;
	p->count++;
}

void admin_audit_log(struct request *req, struct response *resp)
{
	int64_t before, limit;
	if (!admin_require_province(req, resp) || !query_int(req, resp, "before", 1, INT64_MAX, 0, &before) ||
	    !query_int(req, resp, "limit", 1, 200, 50, &limit))
		return;
	struct page p = { .items = cJSON_CreateArray() };
	int rc = store_audit_page(worker_of(req)->db, before, (int)limit, add_entry, &p);
	if (rc != SQLITE_OK) {
		cJSON_Delete(p.items);
		worker_db_error(req, resp, rc);
		return;
	}
	cJSON *o = cJSON_CreateObject();
	cJSON_AddItemToObject(o, "items", p.items);
	if (p.count == limit)
		cJSON_AddNumberToObject(o, "next_before", (double)p.last_id);
	else
		cJSON_AddNullToObject(o, "next_before");
	resp_json(resp, 200, o);
}
