/*
 * Searches of participants by mobile number (README "Admin", "Participants"):
 * each is audited, and an admin may make ADMIN_MOBILE_SEARCHES_PER_HOUR of
 * them an hour.  A mobile number is what links a participant to a person; an
 * account that looks numbers up by the hundred (a stolen session, a curious
 * official) is slowed down and leaves a trace the province can read.  The
 * count is read from the admin's own audit rows, so the trace and the limit
 * are one record.
 */
#include "admin_mobile_search.h"

#include "clock.h"
#include "store_audit.h"
#include "worker.h"

#include <stdio.h>

#define MOBILE_SEARCH_ACTION "participants.mobile_search"

/* What the audit row names: the number as the admin pages show it, masked,
 * so that the log does not become a list of numbers. */
static void masked_query(const struct participant_filter *f, char out[12])
{
	if (f->search == SEARCH_MOBILE)
		participant_mask_mobile(f->q, out);
	else
		snprintf(out, 12, "****%.4s", f->q);
}

bool admin_mobile_search_admit(struct request *req, struct response *resp, const struct participant_filter *f)
{
	if (f->search != SEARCH_MOBILE && f->search != SEARCH_MOBILE_TAIL)
		return true;
	struct worker *w = worker_of(req);
	const struct admin_session *me = admin_of(req);
	int64_t now = clock_now(), count = 0, oldest = 0;
	int rc = worker_begin_write(w);
	if (rc == SQLITE_OK)
		rc = store_audit_count_since(w->db, me->username, MOBILE_SEARCH_ACTION, now - 3600 + 1, &count,
		                             &oldest);
	if (rc == SQLITE_OK && count >= ADMIN_MOBILE_SEARCHES_PER_HOUR) {
		db_rollback(w->db);
		long long wait = (long long)(oldest + 3600 - now);
		resp_error(resp, 429, "rate_limited",
		           arena_printf(req->arena, "按手机号查询过于频繁，请 %lld 秒后再试", wait), NULL);
		resp_header(resp, "Retry-After", arena_printf(req->arena, "%lld", wait));
		return false;
	}
	if (rc == SQLITE_OK) {
		char masked[12];
		masked_query(f, masked);
		cJSON *what = cJSON_CreateObject();
		cJSON_AddStringToObject(what, "q", masked);
		cJSON_AddStringToObject(what, "kind", f->search == SEARCH_MOBILE ? "mobile" : "last_four");
		rc = admin_audit(req, MOBILE_SEARCH_ACTION, arena_printf(req->arena, "mobile:%s", masked), NULL, what);
	}
	return worker_finish_write(req, resp, rc);
}
