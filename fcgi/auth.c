/* Participants' authentication: "Authorization: Bearer <token>" from /api/login. */
#include "worker.h"

#include "clock.h"
#include "store_user.h"

#include <string.h>
#include <strings.h>

bool worker_auth_user(struct request *req, struct response *resp)
{
	const char *header = req_header(req, "HTTP_AUTHORIZATION");
	if (!header || strncasecmp(header, "Bearer ", 7) != 0) {
		resp_error(resp, 401, "unauthenticated", "请先登录", NULL);
		return false;
	}
	int64_t user_id;
	int rc = store_session_user(worker_of(req)->db, header + 7, clock_now(), &user_id);
	if (!worker_found(req, resp, rc, 401, "unauthenticated", "登录已失效，请重新登录"))
		return false;
	req->user_id = user_id;
	return true;
}
