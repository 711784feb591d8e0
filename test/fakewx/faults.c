/* Injected faults (WECHAT.md §7): POST /fake/faults (control.c) queues them
 * per API in the faults table; each WeChat endpoint, right after recording
 * its call, takes at most one and answers it instead of doing its job.  What
 * all APIs share is answered here; an endpoint passes only its own errcodes. */
#include "fakewx.h"

#include <string.h>
#include <unistd.h>

enum { DEFAULT_TIMEOUT_S = 10 };

const char *fake_take_fault(struct request *req, const char *api, int *seconds)
{
	struct db *db = fake_of(req)->state;
	/* One statement consumes and reads, so that two workers never take the same one. */
	sqlite3_stmt *st = db_stmt(db,
		"UPDATE faults SET remaining = remaining - 1 WHERE id = "
		" (SELECT id FROM faults WHERE api = ?1 AND remaining > 0 ORDER BY id LIMIT 1) "
		"RETURNING fault, seconds");
	if (!st)
		return NULL;
	sqlite3_bind_text(st, 1, api, -1, SQLITE_STATIC);
	const char *fault = NULL;
	if (sqlite3_step(st) == SQLITE_ROW) {
		fault = arena_strdup(req->arena, (const char *)sqlite3_column_text(st, 0));
		*seconds = sqlite3_column_int(st, 1);
	}
	sqlite3_reset(st);
	return fault;
}

/* What a gateway in front of WeChat sends when the service behind it fails:
 * an HTML page, not JSON, so that a client that parses blindly notices. */
static void answer_bad_gateway(struct response *resp)
{
	resp_error(resp, 502, "bad_gateway", "upstream failure", NULL);
	resp->content_type = "text/html";
	buf_reset(&resp->body, 0);
	buf_puts(&resp->body, "<html><body><h1>502 Bad Gateway</h1></body></html>");
}

bool fake_apply_fault(struct request *req, struct response *resp, const char *api,
                      const struct fake_errcode_fault *specific, size_t n)
{
	int seconds = 0;
	const char *fault = fake_take_fault(req, api, &seconds);
	if (!fault)
		return false;
	if (strcmp(fault, "5xx") == 0) {
		answer_bad_gateway(resp);
		return true;
	}
	if (strcmp(fault, "slow") == 0) {
		/* A WeChat that answers, late: the call goes on as usual afterwards. */
		sleep((unsigned)(seconds > 0 ? seconds : 1));
		return false;
	}
	if (strcmp(fault, "timeout") == 0) {
		/* Holds the worker, as a hung WeChat holds the connection: the client's
		 * own timeout is what is being tested. */
		sleep((unsigned)(seconds > 0 ? seconds : DEFAULT_TIMEOUT_S));
	} else {
		for (size_t i = 0; i < n; i++) {
			if (strcmp(fault, specific[i].fault) == 0) {
				fake_wx_error(req, resp, specific[i].errcode, specific[i].errmsg);
				return true;
			}
		}
	}
	/* "busy", the end of a "timeout", and a fault this API has no answer for. */
	fake_wx_error(req, resp, -1, "system error");
	return true;
}
