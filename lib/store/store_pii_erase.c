#include "store_pii_erase.h"

#include "db.h"

/* Runs sql for (activity ?1, user ?2; 0 for any) and adds its changes to *n. */
static int scoped(struct db *db, const char *sql, int64_t activity_id, int64_t user_id, int64_t *n)
{
	int rc = db_execf(db, sql, "ii", activity_id, user_id);
	if (rc == SQLITE_OK && n)
		*n += sqlite3_changes(db_handle(db));
	return rc;
}

#define ANY_ACTIVITY "(?1 = 0 OR activity_id = ?1)"
#define ANY_USER "(?2 = 0 OR user_id = ?2)"

/* What both the erasure and the purge remove of (activity, user). */
static int remove_person(struct db *db, int64_t activity_id, int64_t user_id, int64_t now, struct pii_removed *out)
{
	int rc = scoped(db, "UPDATE enrollments SET name = '" PII_PSEUDONYM "', mobile = '', unit = '', department = '',"
	                    " mobile_index = NULL, mobile_tail_index = NULL"
	                    " WHERE " ANY_ACTIVITY " AND " ANY_USER " AND name <> '" PII_PSEUDONYM "'",
	                activity_id, user_id, &out->people);
	if (rc == SQLITE_OK)   /* the hashes of the mobiles it held (schema 041) */
		rc = db_execf(db, "DELETE FROM enrollment_mobiles WHERE " ANY_ACTIVITY " AND " ANY_USER, "ii",
		              activity_id, user_id);
	if (rc == SQLITE_OK)
		rc = scoped(db, "DELETE FROM essays WHERE " ANY_ACTIVITY " AND " ANY_USER, activity_id, user_id,
		            &out->essays);
	/* The files go once this commits: walkctl media check removes what
	 * media_trash names. */
	if (rc == SQLITE_OK)
		rc = db_execf(db, "INSERT OR IGNORE INTO media_trash (file_id, trashed_at) SELECT file_id, ?3"
		                  " FROM checkpoint_photos WHERE " ANY_ACTIVITY " AND " ANY_USER " AND file_id IS NOT NULL",
		              "iii", activity_id, user_id, now);
	if (rc == SQLITE_OK)
		rc = scoped(db, "DELETE FROM checkpoint_photos WHERE " ANY_ACTIVITY " AND " ANY_USER, activity_id, user_id,
		            &out->photos);
	if (rc == SQLITE_OK)
		rc = scoped(db, "UPDATE awards SET recipient = NULL, mobile = NULL, detail = NULL"
		                " WHERE " ANY_ACTIVITY " AND " ANY_USER " AND recipient IS NOT NULL",
		            activity_id, user_id, &out->addresses);
	if (rc == SQLITE_OK)
		rc = scoped(db, "DELETE FROM reminder_grants WHERE " ANY_ACTIVITY " AND " ANY_USER, activity_id, user_id,
		            NULL);
	return rc;
}

cJSON *pii_removed_json(const struct pii_removed *r)
{
	cJSON *o = cJSON_CreateObject();
	cJSON_AddNumberToObject(o, "people", (double)r->people);
	cJSON_AddNumberToObject(o, "essays", (double)r->essays);
	cJSON_AddNumberToObject(o, "photos", (double)r->photos);
	cJSON_AddNumberToObject(o, "addresses", (double)r->addresses);
	cJSON_AddNumberToObject(o, "sessions", (double)r->sessions);
	return o;
}

int store_pii_pending_payouts(struct db *db, int64_t user_id, int64_t *n)
{
	return db_get_int(db, n, "SELECT count(*) FROM payouts p JOIN draws d ON d.id = p.draw_id"
	                         " WHERE d.user_id = ?1 AND p.state IN ('paying', 'wait_confirm')", "i", user_id);
}

int store_pii_forfeits(struct db *db, int64_t user_id, int64_t *awards, int64_t *payouts)
{
	int rc = db_get_int(db, awards, "SELECT count(*) FROM awards WHERE user_id = ?1 AND shipped_at IS NULL",
	                    "i", user_id);
	if (rc == SQLITE_OK)
		rc = db_get_int(db, payouts, "SELECT count(*) FROM payouts p JOIN draws d ON d.id = p.draw_id"
		                             " WHERE d.user_id = ?1 AND p.state = 'expired' AND NOT EXISTS (SELECT 1"
		                             " FROM payouts q WHERE q.draw_id = p.draw_id AND q.attempt > p.attempt)",
		                "i", user_id);
	return rc;
}

int store_pii_erase_user(struct db *db, int64_t user_id, int64_t now, struct pii_removed *out)
{
	int rc = remove_person(db, 0, user_id, now, out);
	if (rc == SQLITE_OK)
		rc = scoped(db, "DELETE FROM sessions WHERE ?1 = ?1 AND user_id = ?2", 0, user_id, &out->sessions);
	if (rc == SQLITE_OK)
		rc = scoped(db, "DELETE FROM rate_limits WHERE ?1 = ?1 AND user_id = ?2", 0, user_id, NULL);
	/* The final payouts' openid is WeChat's name of the person; the bill
	 * numbers stay for the merchant's records. */
	if (rc == SQLITE_OK)
		rc = scoped(db, "UPDATE payouts SET openid = '' WHERE ?1 = ?1 AND draw_id IN"
		                " (SELECT id FROM draws WHERE user_id = ?2)", 0, user_id, NULL);
	if (rc == SQLITE_OK)
		rc = db_execf(db, "UPDATE users SET openid = 'erased:' || id, unionid = NULL, session_key = '',"
		                  " erased_at = ?2 WHERE id = ?1", "ii", user_id, now);
	return rc;
}

int store_pii_purge_addresses(struct db *db, int64_t activity_id, int64_t cutoff, struct pii_removed *out)
{
	int rc = db_execf(db, "UPDATE awards SET recipient = NULL, mobile = NULL, detail = NULL"
	                      " WHERE activity_id = ?1 AND shipped_at < ?2 AND recipient IS NOT NULL",
	                  "ii", activity_id, cutoff);
	if (rc == SQLITE_OK)
		out->addresses += sqlite3_changes(db_handle(db));
	return rc;
}

/* A user still enrolled in an activity not purged keeps their login. */
#define NOT_ENROLLED_ELSEWHERE                                                                            \
	" NOT EXISTS (SELECT 1 FROM enrollments e JOIN activities a ON a.id = e.activity_id"              \
	" WHERE e.user_id = u.id AND a.purged_at IS NULL)"

int store_pii_purge_people(struct db *db, int64_t activity_id, int64_t now, struct pii_removed *out)
{
	int rc = remove_person(db, activity_id, 0, now, out);
	if (rc == SQLITE_OK)
		rc = db_execf(db, "UPDATE activities SET purged_at = ?2 WHERE id = ?1", "ii", activity_id, now);
	if (rc == SQLITE_OK)
		rc = scoped(db, "DELETE FROM sessions WHERE ?2 = ?2 AND user_id IN (SELECT u.id FROM users u"
		                " JOIN enrollments x ON x.user_id = u.id AND x.activity_id = ?1 WHERE" NOT_ENROLLED_ELSEWHERE ")",
		            activity_id, 0, &out->sessions);
	if (rc == SQLITE_OK)
		rc = db_execf(db, "UPDATE users AS u SET session_key = '' WHERE u.id IN (SELECT user_id FROM enrollments"
		                  " WHERE activity_id = ?1) AND session_key <> '' AND" NOT_ENROLLED_ELSEWHERE,
		              "i", activity_id);
	return rc;
}
