/* The count of every call to WeChat by its outcome (metrics.h). */
#include "wx.h"

#include "metrics.h"

#include <curl/curl.h>

void wx_count_call(const char *what, int curl_rc, long http_status)
{
	enum metrics_wx_outcome o = MX_OK;
	if (curl_rc == CURLE_OPERATION_TIMEDOUT)
		o = MX_TIMEOUT;
	else if (curl_rc != CURLE_OK)
		o = MX_TRANSPORT;
	else if (http_status != 200)
		o = MX_HTTP_ERROR;
	metrics_wechat_record(what, o);
}
