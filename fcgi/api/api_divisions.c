/* GET /api/divisions?parent= (API.md): the administrative divisions, level by
 * level: the provinces without parent, then a province's cities, a city's
 * county-level divisions (mainland only, GB/T 2260). */
#include "worker.h"

#include "store_divisions.h"

#include <string.h>

static void add_division(const struct division *d, void *arg)
{
	cJSON *o = cJSON_CreateObject();
	cJSON_AddStringToObject(o, "code", d->code);
	cJSON_AddStringToObject(o, "name", d->name);
	cJSON_AddNumberToObject(o, "level", d->level);
	cJSON_AddItemToArray(arg, o);
}

void api_divisions(struct request *req, struct response *resp)
{
	const char *parent = req_query(req, "parent");
	if (!parent)
		parent = "";
	size_t len = strlen(parent);
	if ((len != 0 && len != 2 && len != 4) || strspn(parent, "0123456789") != len) {
		worker_invalid(resp, "parent", "parent 须为省（2位）或市（4位）的代码，或不填");
		return;
	}
	cJSON *items = cJSON_CreateArray();
	int rc = store_divisions_children(worker_of(req)->db, parent, add_division, items);
	if (rc != SQLITE_OK) {
		cJSON_Delete(items);
		worker_db_error(req, resp, rc);
		return;
	}
	if (len && cJSON_GetArraySize(items) == 0) {
		cJSON_Delete(items);
		resp_error(resp, 404, "not_found", "没有这个行政区划", "parent");
		return;
	}
	cJSON *o = cJSON_CreateObject();
	cJSON_AddItemToObject(o, "items", items);
	resp_json(resp, 200, o);
}
