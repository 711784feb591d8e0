#ifndef WALK_AWARD_VIEW_H
#define WALK_AWARD_VIEW_H
/* Shared by the participants' and the admins' award handlers: an award as
 * JSON, its shipping deadline, and the checks of a shipping address. */
#include "store_awards.h"
#include "worker.h"

/* Working days the union has to ship a parcel once the address is given (RULES §9). */
enum { AWARD_SHIP_WORKING_DAYS = 15 };

/* The day a parcel is due (the 15th working day after the day its address
 * was given) into *due: false before an address, or when the official
 * calendar does not cover the days. */
bool award_due_day(const struct award_row *a, int32_t *due);
/* Whether a parcel with an address, not shipped, is past its due day on today. */
bool award_overdue(const struct award_row *a, int32_t today);

/* {"id","kind","prize","team":{…}|null,"state","address":{…}|null,
 *  "due_by","overdue","courier","tracking","shipped_at"}; with for_admin the
 * winner's name, union and the entry number as well. */
cJSON *award_json(const struct award_row *a, int32_t today, bool for_admin);

/* The address of the JSON body, checked: false after answering 400
 * validation_failed (naming the field) or not_mainland (71, 81, 82), or an
 * error.  Strings point into the request's body. */
bool award_read_address(struct request *req, struct response *resp, struct award_address *out);

/* Adds "draw" to o: null before the commit; else the commitment, the entry
 * list's SHA-256 and size, the state, and after the reveal the seed (hex)
 * and the grand-prize winners, names masked.  Returns an SQLite code. */
int prizes_draw_json(struct request *req, int64_t activity_id, cJSON *o);

#endif
