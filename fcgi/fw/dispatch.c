#include "http.h"

#include "log.h"
#include "validate.h"

#include <string.h>
#include <strings.h>

bool http_is_json_type(const char *ct)
{
	size_t n = strlen("application/json");
	if (strncasecmp(ct, "application/json", n) != 0)
		return false;
	ct += n;
	while (*ct == ' ')
		ct++;
	return *ct == '\0' || *ct == ';';
}

cJSON *http_parse_json_object(const char *body, size_t len)
{
	/* A JSON text as RFC 8259 defines it first (validate.h): no NUL byte (cJSON
	 * reads one inside a string as part of it, the handler's C string then
	 * ending there, and skips one between tokens as white space), no raw
	 * control byte inside a string, no \u0000 escape, only UTF-8. */
	if (!valid_json_text(body, len))
		return NULL;
	/* The body must be one JSON object and nothing else: the length includes the
	 * terminating NUL so that cJSON checks for trailing bytes, and the end must be
	 * the real end. */
	const char *end = NULL;
	cJSON *json = cJSON_ParseWithLengthOpts(body, len + 1, &end, true);
	if (!json || !cJSON_IsObject(json) || end != body + len) {
		cJSON_Delete(json);
		return NULL;
	}
	return json;
}

/* Reads and checks the body the route's flags ask for.  Returns false after
 * answering the request with the matching 4xx error. */
static bool take_body(const struct app *app, const struct route *route, struct request *req,
                      struct response *resp)
{
	if (route->flags & R_JSON_BODY) {
		if (!http_is_json_type(req->content_type)) {
			resp_error(resp, 415, "unsupported_media_type",
			           "请求内容须为 JSON（Content-Type: application/json）", NULL);
			return false;
		}
		int rc = req_read_body(req, app->max_json_body);
		if (rc == 1) {
			resp_error(resp, 413, "body_too_large", "请求内容过大", NULL);
			return false;
		}
		if (rc < 0) {
			resp_error(resp, 400, "bad_request", "请求内容读取失败", NULL);
			return false;
		}
		req->json = http_parse_json_object(req->body, req->body_len);
		if (!req->json) {
			resp_error(resp, 400, "invalid_json", "请求内容不是有效的 JSON 对象", NULL);
			return false;
		}
		return true;
	}
	if (route->flags & R_RAW_BODY) {
		int rc = req_read_body(req, app->max_raw_body);
		if (rc != 0) {
			resp_error(resp, rc == 1 ? 413 : 400, rc == 1 ? "body_too_large" : "bad_request",
			           rc == 1 ? "请求内容过大" : "请求内容读取失败", NULL);
			return false;
		}
		return true;
	}
	return true;   /* a body of any other route is ignored (the server has read it whole) */
}

void dispatch(const struct app *app, struct request *req, struct response *resp)
{
	const struct route *route = NULL;
	struct buf allow = { 0 };
	enum route_match m = router_match(app->routes, app->nroutes, req->method, req->path, req,
	                                  &route, &allow);
	if (m != ROUTE_FOUND) {
		if (m == ROUTE_BAD_METHOD) {
			resp_error(resp, 405, "method_not_allowed", "不支持该请求方法", NULL);
			resp_header(resp, "Allow", buf_str(&allow));
		} else {
			resp_error(resp, 404, "not_found", "请求的资源不存在", NULL);
		}
		buf_free(&allow);
		return;
	}
	buf_free(&allow);
	req->route = route;

	if (!take_body(app, route, req, resp))
		return;
	if (!(route->flags & R_BARE) && app->before && !app->before(req, resp))
		return;
	if ((route->flags & R_AUTH_USER) && (!app->auth_user || !app->auth_user(req, resp))) {
		if (!resp->status)
			resp_error(resp, 401, "unauthenticated", "请先登录", NULL);
		return;
	}
	if ((route->flags & (R_AUTH_ADMIN | R_CSRF)) &&
	    (!app->auth_admin || !app->auth_admin(req, resp, route->flags & R_CSRF))) {
		if (!resp->status)
			resp_error(resp, 401, "unauthenticated", "请先登录", NULL);
		return;
	}
	if (route->flags & R_WRITE) {
		if (!app->begin_write || !app->begin_write(req, resp)) {
			if (!resp->status)
				resp_error(resp, 503, "unavailable", "服务暂时不可用，请稍后再试", NULL);
			return;
		}
		route->handler(req, resp);
		app->end_write(req, resp, resp->status > 0 && resp->status < 400);
		return;
	}
	resp->may_stream = (route->flags & R_STREAM) != 0;
	route->handler(req, resp);
}
