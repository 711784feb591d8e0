#ifndef WALK_REMIND_INTERNAL_H
#define WALK_REMIND_INTERNAL_H
/* Between remind.c, which prepares a run, and remind_send.c, which sends. */
#include "remind.h"
#include "rules.h"
#include "wx_subscribe.h"

/* One evening's work, checked and ready: the time is right, the message data
 * valid, the run recorded and the dead runs' rows recovered. */
struct remind_job {
	struct db *db;
	const struct walk_config *cfg;
	int64_t activity_id;
	int32_t day;
	int32_t remind_at;
	const struct activity_rules *rules;
	const struct wx_template *message;   /* rendered for the day */
	volatile sig_atomic_t *stop;
	FILE *log;
};

/* Sends the day's messages (remind.h for what each answer means) and counts
 * them into report.  Returns REMIND_DONE, REMIND_STOPPED (signal, last call),
 * REMIND_TEMPLATE_REJECTED or REMIND_FAILED, with a reason for the last three. */
enum remind_outcome remind_send_all(const struct remind_job *job, struct remind_report *report, char *reason,
                                    size_t reason_size);

#endif
