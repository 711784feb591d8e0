#ifndef WALK_ADMIN_MOBILE_SEARCH_H
#define WALK_ADMIN_MOBILE_SEARCH_H
#include "admin.h"
#include "store_participants.h"

#include <stdbool.h>

/* Mobile-number searches an admin may make in any hour. */
enum { ADMIN_MOBILE_SEARCHES_PER_HOUR = 30 };

/* For a filter that searches by mobile number (all 11 digits or the last
 * four): records the search in the audit log, in a write of its own committed
 * before the search runs, and returns true; or returns false after answering
 * 429 rate_limited with Retry-After (the admin's hour is full) or the
 * database's error.  Any other filter passes untouched.  Ends the request's
 * read transaction. */
bool admin_mobile_search_admit(struct request *req, struct response *resp, const struct participant_filter *f);

#endif
