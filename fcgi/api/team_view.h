#ifndef WALK_TEAM_VIEW_H
#define WALK_TEAM_VIEW_H
/* Shared by the team handlers: the team as its members see it. */
#include "store_team.h"
#include "worker.h"

/* {"id","name","leader_id","is_leader","created_at","size","member_count",
 *  "members":[{"user_id","name","is_leader","steps","settled"}],
 *  "targets":{"today":{…},"tomorrow":{…}},"compliant_days","board_rank"}.
 * Returns an SQLite code; *out is the caller's on success. */
int team_view_json(struct request *req, const struct activity_ctx *ctx, const struct team *team, cJSON **out);
/* Adds "targets":{"today","tomorrow"} of the team to into. */
int team_targets_json(struct request *req, const struct activity_ctx *ctx, int64_t team_id, cJSON *into);

/* The caller's current team: false after answering 404 not_found (none) or an
 * error.  team_of_leader also answers 403 not_leader for a member. */
bool team_of_caller(struct request *req, struct response *resp, const struct activity_ctx *ctx, struct team *team);
bool team_of_leader(struct request *req, struct response *resp, const struct activity_ctx *ctx, struct team *team);

/* Answers with the team view of team_id (status 200 or 201). */
void team_answer(struct request *req, struct response *resp, const struct activity_ctx *ctx, int64_t team_id,
                 int status);

/* Whether the caller is in no team of the activity yet: false after answering
 * 409 already_in_team, or the lookup's error.  Inside the write transaction
 * when the answer decides a write. */
bool team_none_of_caller(struct request *req, struct response *resp, const struct activity_ctx *ctx);

/* A team name: 2–16 characters, no control characters, no white space at
 * either end (two names differing only there would look the same).  The
 * participant's name and an admin's replacement obey the same rule. */
bool team_name_valid(const char *name);
/* The message of 400 validation_failed for a name that is not. */
#define TEAM_NAME_RULE "团队名称须为2到16个字，首尾不能有空格"

#endif
