#include "wx_answer.h"

#include <math.h>
#include <stddef.h>

enum wx_status wx_answer_read(const char *text, cJSON **json, long *errcode)
{
	*errcode = 0;
	if (json)
		*json = NULL;
	cJSON *o = text ? cJSON_Parse(text) : NULL;
	if (!cJSON_IsObject(o)) {
		cJSON_Delete(o);
		return WX_TRANSPORT;
	}
	enum wx_status st = WX_OK;
	cJSON *code = cJSON_GetObjectItemCaseSensitive(o, "errcode");
	if (code) {
		/* A double cast to long is undefined beyond its range: an errcode is
		 * a 32-bit integer, anything else is an answer we do not understand. */
		double v = cJSON_IsNumber(code) ? code->valuedouble : NAN;
		if (!(v >= -2147483648.0 && v <= 2147483647.0) || v != floor(v))
			st = WX_TRANSPORT;
		else if (v != 0) {
			*errcode = (long)v;
			st = WX_ERRCODE;
		}
	}
	if (st == WX_TRANSPORT || !json)
		cJSON_Delete(o);
	else
		*json = o;
	return st;
}

const char *wx_answer_string(const cJSON *object, const char *name)
{
	return cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(object, name));
}

enum wx_again wx_answer_again(enum wx_status st, long errcode, struct wx_tries *tries)
{
	if (st != WX_ERRCODE)
		return WX_AGAIN_NO;
	if (errcode == 40001 && !tries->refreshed) {
		tries->refreshed = true;
		return WX_AGAIN_NEW_TOKEN;
	}
	if (errcode == -1 && !tries->retried_busy) {
		tries->retried_busy = true;
		return WX_AGAIN_SAME;
	}
	return WX_AGAIN_NO;
}
