#include "http.h"

#include <stdlib.h>
#include <string.h>

const char *http_status_text(int status)
{
	switch (status) {
	case 200: return "OK";
	case 201: return "Created";
	case 204: return "No Content";
	case 400: return "Bad Request";
	case 401: return "Unauthorized";
	case 403: return "Forbidden";
	case 404: return "Not Found";
	case 405: return "Method Not Allowed";
	case 409: return "Conflict";
	case 410: return "Gone";
	case 413: return "Payload Too Large";
	case 415: return "Unsupported Media Type";
	case 422: return "Unprocessable Entity";
	case 429: return "Too Many Requests";
	case 500: return "Internal Server Error";
	case 502: return "Bad Gateway";
	case 503: return "Service Unavailable";
	default: return "Unknown";
	}
}

void resp_header(struct response *resp, const char *name, const char *value)
{
	/* A header value with a line break would let input forge headers. */
	if (strpbrk(name, "\r\n:") || strpbrk(value, "\r\n"))
		return;
	buf_printf(&resp->headers, "%s: %s\r\n", name, value);
}

void resp_json(struct response *resp, int status, cJSON *root)
{
	char *text = cJSON_PrintUnformatted(root);
	cJSON_Delete(root);
	if (!text)
		abort();   /* cJSON fails only on out-of-memory */
	buf_reset(&resp->body, 0);
	buf_puts(&resp->body, text);
	free(text);
	resp->status = status;
	resp->content_type = "application/json; charset=utf-8";
}

void resp_error(struct response *resp, int status, const char *code, const char *message,
                const char *field)
{
	cJSON *root = cJSON_CreateObject();
	cJSON *err = cJSON_AddObjectToObject(root, "error");
	cJSON_AddStringToObject(err, "code", code);
	cJSON_AddStringToObject(err, "message", message);
	if (field)
		cJSON_AddStringToObject(err, "field", field);
	resp_json(resp, status, root);
}

void resp_reset(struct response *resp)
{
	resp->status = 0;
	resp->content_type = NULL;
	resp->may_stream = false;
	resp->streamed = false;
	/* Keep the usual capacity; give back what one huge response took. */
	buf_reset(&resp->headers, 64 * 1024);
	buf_reset(&resp->body, 1024 * 1024);
}
