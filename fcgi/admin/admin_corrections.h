#ifndef WALK_ADMIN_CORRECTIONS_H
#define WALK_ADMIN_CORRECTIONS_H
/*
 * What the corrections of teams and points share (admin_teams.c,
 * admin_team_name.c, admin_adjust.c): the team or participant of a path in
 * the admin's scope, the reason every correction carries, and JSON numbers
 * of the body.
 *
 * Scope (RULES §12): a team is its leader's union's, a participant their
 * enrollment's.  A union admin asking for another union's gets 403
 * forbidden; an id the activity does not have is 404 not_found for everyone.
 */
#include "store_enrollment.h"
#include "store_team_admin.h"
#include "worker.h"

#include <stdbool.h>

enum { CORRECTION_REASON_MAX_CHARS = 200 };

/* The team of the activity with id tid in the admin's scope into *row:
 * false after answering 404 not_found (field names where the id came from:
 * NULL for the path) or 403 forbidden.  Inside the write transaction when
 * the answer decides a write. */
bool admin_team_in_scope(struct request *req, struct response *resp, const struct activity_ctx *ctx, int64_t tid,
                         const char *field, struct team_admin_row *row);
/* The enrollment of user uid in the admin's scope into *e: false after
 * answering 404 not_found (field as above) or 403 forbidden. */
bool admin_participant_in_scope(struct request *req, struct response *resp, const struct activity_ctx *ctx,
                                int64_t uid, const char *field, struct enrollment *e);
/* The body's "reason", 1 to 200 characters: false after answering 400
 * validation_failed naming reason. */
bool admin_reason(struct request *req, struct response *resp, const char **reason);
/* The body's integral number name within [min, max]: false after answering
 * 400 validation_failed naming it with message. */
bool admin_json_int(struct request *req, struct response *resp, const char *name, int64_t min, int64_t max,
                    const char *message, int64_t *out);
/* {"id","name","name_flagged","leader_id","leader_name","union",
 *  "member_count","size","created_at","dissolved_at"|null} */
cJSON *admin_team_json(const struct activity_ctx *ctx, const struct team_admin_row *row);

#endif
