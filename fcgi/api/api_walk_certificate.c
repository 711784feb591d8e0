/*
 * GET …/walks/{wid}/certificate (README "Themed walks"): the JPEG certificate,
 * rendered once the goal is reached.  A render (cairo, pango, librsvg): the
 * outbound pool's route (R_MEDIA), apart from the other walk routes so that
 * walk-worker-lean links none of it.
 */
#include "worker.h"
#include "walk_caller.h"

#include "calendar.h"
#include "log.h"
#include "media_certificate.h"

#include <stdio.h>
#include <stdlib.h>

void api_walk_certificate(struct request *req, struct response *resp)
{
	struct walk_ctx c;
	if (!walk_caller_load(req, resp, &c))
		return;
	int32_t day = 0;
	if (!c.joined || !cal_parse_day(c.p.finished_day, &day)) {
		resp_error(resp, 404, "not_finished", "完成目标后才有证书", NULL);
		return;
	}
	char union_name[128], date[32];
	int rc = store_union_name(worker_of(req)->db, c.e.union_code, union_name, sizeof union_name);
	if (rc == DB_NOTFOUND)
		snprintf(union_name, sizeof union_name, "%s", c.e.union_code);
	else if (rc != SQLITE_OK) {
		worker_db_error(req, resp, rc);
		return;
	}
	cal_format_day_cn(day, date, sizeof date);
	struct certificate_text t = { .walk = c.w.name, .name = c.e.name, .union_name = union_name, .date = date,
	                              .plan = &c.w.plan, .steps = c.p.steps, .days = c.p.active_days };
	uint8_t *jpeg = NULL;
	size_t len = 0;
	if (media_certificate(&t, &jpeg, &len, NULL) != 0) {
		log_error("rid=%s walk %lld: the certificate did not render", req->request_id, (long long)c.w.id);
		resp_error(resp, 500, "internal_error", "服务器内部错误", NULL);
		return;
	}
	resp->status = 200;
	resp->content_type = "image/jpeg";
	resp_header(resp, "Cache-Control", "private, max-age=300");
	buf_append(&resp->body, jpeg, len);
	free(jpeg);
}
