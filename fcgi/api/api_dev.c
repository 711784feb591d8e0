/*
 * Development aids, answered only in dev and test modes (404 in production):
 * POST /api/dev/echo returns the JSON object it was sent, which lets the tests
 * exercise the dispatcher's body checks (415, 413, 400 invalid_json) on their own.
 */
#include "worker.h"

void api_dev_echo(struct request *req, struct response *resp)
{
	if (worker_of(req)->cfg.mode == MODE_PRODUCTION) {
		resp_error(resp, 404, "not_found", "请求的资源不存在", NULL);
		return;
	}
	resp_json(resp, 200, cJSON_Duplicate(req->json, true));
}
