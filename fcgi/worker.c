#include "worker.h"

#include "log.h"

void worker_db_error(struct request *req, struct response *resp, int rc)
{
	struct worker *w = worker_of(req);
	const char *msg = w->db ? sqlite3_errmsg(db_handle(w->db)) : sqlite3_errstr(rc);
	if (w->db)
		db_note_rc(w->db, rc);
	if (db_rc_unavailable(rc)) {
		log_warn("database unavailable (%d): %s", rc, msg);
		resp_error(resp, 503, "unavailable", "服务暂时不可用，请稍后再试", NULL);
	} else {
		log_error("database error (%d): %s", rc, msg);
		resp_error(resp, 500, "internal_error", "服务器内部错误", NULL);
	}
}
