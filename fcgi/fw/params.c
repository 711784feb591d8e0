/* The matched route's path parameters, by the names its pattern declares. */
#include "http.h"

#include "log.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

/* Longer would not fit an int64_t; ids are far shorter anyway. */
enum { ID_MAX_DIGITS = 18 };

const char *req_param(const struct request *req, struct response *resp, const char *name)
{
	size_t len = strlen(name);
	for (int i = 0; i < req->nparams; i++)
		if (req->params[i].name_len == len && memcmp(req->params[i].name, name, len) == 0)
			return req->params[i].value;
	log_error("%s %s: the handler asks for {%s}, which its route does not declare", req->method, req->path,
	          name);
	resp_error(resp, 500, "internal_error", "服务器内部错误", NULL);
	return NULL;
}

bool req_param_id(const struct request *req, struct response *resp, const char *name, int64_t *out)
{
	const char *value = req_param(req, resp, name);
	if (!value)
		return false;
	size_t len = strlen(value);
	bool digits = len > 0 && len <= ID_MAX_DIGITS && strspn(value, "0123456789") == len;
	int64_t id = digits ? strtoll(value, NULL, 10) : 0;
	if (id <= 0) {
		resp_error(resp, 404, "not_found", "请求的资源不存在", NULL);
		return false;
	}
	*out = id;
	return true;
}
