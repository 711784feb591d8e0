/*
 * The PBKDF2 slots of admin logins and password changes: a password is
 * checked only while its worker holds one of admin_pbkdf2_slots lock files
 * under run_dir (lib/base/slots.h), so that however many admin workers run and
 * however many logins arrive at once, no more than that many cores ever spend
 * their time on PBKDF2 — the participants' workers share the machine.  A login
 * that finds every slot taken is answered at once, 429 rate_limited with
 * Retry-After, instead of waiting for one: a waiting worker would be a worker
 * taken from every other admin request.
 */
#include "worker.h"

#include "log.h"

#include <errno.h>
#include <string.h>

bool admin_pbkdf2_begin(struct request *req, struct response *resp, int *slot)
{
	struct slots *slots = &worker_of(req)->pbkdf2_slots;
	switch (slots_take(slots, slot)) {
	case SLOT_TAKEN:
		return true;
	case SLOTS_BUSY:
		resp_error(resp, 429, "rate_limited", "登录请求过多，请稍后再试", NULL);
		resp_header(resp, "Retry-After", "1");
		return false;
	case SLOTS_BROKEN:
		break;
	}
	/* Without the lock files nothing bounds the work: refuse rather than run unbounded. */
	log_error("the PBKDF2 slots in %s cannot be used: %s", slots->dir, strerror(errno));
	resp_error(resp, 503, "unavailable", "服务暂时不可用，请稍后再试", NULL);
	return false;
}

void admin_pbkdf2_end(struct request *req, int slot)
{
	slots_give(&worker_of(req)->pbkdf2_slots, slot);
}
