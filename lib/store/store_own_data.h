#ifndef WALK_STORE_OWN_DATA_H
#define WALK_STORE_OWN_DATA_H
/*
 * Everything held about one participant, as one JSON document (GET
 * /api/me/data, README "Personal information"): one member per aggregate
 * (profile, enrollments, days, ledger, teams, draws, payouts, awards, badges,
 * checkpoints, essays, photos, reminders, prize entries), each an array of
 * the caller's rows with the columns' names.  Instants (columns "…_at") are
 * ISO 8601 in UTC+8; sealed fields are opened.  Never another person's row:
 * every query is bound to the user id; a team is named, its members are not.
 *
 * Returns SQLITE_OK with *out (the caller's to free) or the SQLite error.
 */
#include "sealed.h"

#include <cjson/cJSON.h>
#include <stdint.h>

struct db;

int store_own_data(struct db *db, struct sealer *s, int64_t user_id, cJSON **out);

#endif
