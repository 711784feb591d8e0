#ifndef WALK_STORE_PII_ERASE_H
#define WALK_STORE_PII_ERASE_H
/*
 * Removing personal data (README "Personal information"): a participant
 * erasing their account (DELETE /api/me) and the retention periods `walkctl
 * purge` enforces.  Steps, the ledger, teams, boards and badges stay, under
 * the same user ids, as anonymous statistics: the boards and every union's
 * figures are what they were.  What goes:
 *   - names pseudonymised (PII_PSEUDONYM), mobiles, units and departments
 *     emptied, with the mobile's search hashes;
 *   - essays deleted, checkpoint photos and posters deleted (their rows, and
 *     their files queued in media_trash for `walkctl media check`);
 *   - shipping addresses emptied;
 *   - session keys and bearer tokens dropped, reminder grants removed;
 *   - on erasure, also the WeChat identity (openid, unionid) and the openid
 *     the final payouts were made to.
 *
 * Every function expects the caller's write transaction and adds what it did
 * to a struct pii_removed.  Return codes: SQLITE_OK or the SQLite error.
 */
#include <cjson/cJSON.h>
#include <stdint.h>

struct db;

#define PII_PSEUDONYM "匿名用户"

struct pii_removed {
	int64_t people;      /* enrollments pseudonymised */
	int64_t essays, photos, addresses, sessions;
};

/* The counts of r as a JSON object (what the audit and the answers keep:
 * how much went, never what). */
cJSON *pii_removed_json(const struct pii_removed *r);

/* Payouts of the user still on their way (paying, wait_confirm) into *n:
 * an erasure waits for them to be final. */
int store_pii_pending_payouts(struct db *db, int64_t user_id, int64_t *n);
/* Awards of the user not shipped yet, and expired payouts (which could be
 * claimed again), into the counts: what an erasure forfeits. */
int store_pii_forfeits(struct db *db, int64_t user_id, int64_t *awards, int64_t *payouts);
/* Erases the user's account everywhere (see above). */
int store_pii_erase_user(struct db *db, int64_t user_id, int64_t now, struct pii_removed *out);

/* Empties the addresses of the activity's awards shipped before cutoff. */
int store_pii_purge_addresses(struct db *db, int64_t activity_id, int64_t cutoff, struct pii_removed *out);
/* Pseudonymises the activity's people and removes their essays and photos;
 * drops the session keys and tokens of users enrolled in no activity left
 * unpurged; marks the activity purged at now. */
int store_pii_purge_people(struct db *db, int64_t activity_id, int64_t now, struct pii_removed *out);

#endif
