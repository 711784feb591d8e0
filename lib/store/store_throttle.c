#include "store_throttle.h"

#include "db.h"

#include <stdio.h>

int64_t throttle_delay(int64_t failures)
{
	if (failures < THROTTLE_FREE_FAILURES)
		return 0;
	int64_t delay = THROTTLE_BASE_S;
	for (int64_t i = THROTTLE_FREE_FAILURES; i < failures && delay < THROTTLE_MAX_S; i++)
		delay *= 2;
	return delay < THROTTLE_MAX_S ? delay : THROTTLE_MAX_S;
}

static const char *kind_name(enum throttle_kind kind)
{
	return kind == THROTTLE_USER_AT_ADDR ? "user_addr" : "addr";
}

void throttle_user_at_addr(const char *username, const char *addr, char *out, size_t size)
{
	/* A space cannot end a username as typed here, nor start an address. */
	snprintf(out, size, "%s %s", addr ? addr : "", username);
}

/* A key cut to THROTTLE_KEY_MAX bytes, as stored. */
struct throttle_key {
	char text[THROTTLE_KEY_MAX + 1];
};

static struct throttle_key cut_key(const char *key)
{
	struct throttle_key k;
	snprintf(k.text, sizeof k.text, "%s", key);
	return k;
}

int store_throttle_blocked_until(struct db *db, enum throttle_kind kind, const char *key, int64_t *until)
{
	int rc = db_get_int(db, until, "SELECT blocked_until FROM admin_login_failures WHERE kind = ?1 AND key = ?2",
	                    "tt", kind_name(kind), cut_key(key).text);
	if (rc == DB_NOTFOUND)
		*until = 0;   /* never failed, or forgotten: not blocked */
	return rc == DB_NOTFOUND ? SQLITE_OK : rc;
}

int store_throttle_fail(struct db *db, enum throttle_kind kind, const char *key, int64_t now)
{
	struct throttle_key k = cut_key(key);
	/* The count after this failure: 1 when the last one is forgotten. */
	int64_t failures;
	int rc = db_get_int(db, &failures,
		"INSERT INTO admin_login_failures (kind, key, failures, last_failure_at) VALUES (?1, ?2, 1, ?3) "
		"ON CONFLICT (kind, key) DO UPDATE SET "
		" failures = CASE WHEN ?3 - last_failure_at >= ?4 AND blocked_until <= ?3 THEN 1 ELSE failures + 1 END,"
		" last_failure_at = ?3 "
		"RETURNING failures", "ttii", kind_name(kind), k.text, now, (int64_t)THROTTLE_FORGET_S);
	if (rc != SQLITE_OK)
		return rc;   /* the upsert's RETURNING always gives the row: no DB_NOTFOUND */
	int64_t delay = throttle_delay(failures);
	if (delay == 0)
		return SQLITE_OK;
	return db_execf(db, "UPDATE admin_login_failures SET blocked_until = ?3 WHERE kind = ?1 AND key = ?2",
	                "tti", kind_name(kind), k.text, now + delay);
}

int store_throttle_clear(struct db *db, enum throttle_kind kind, const char *key)
{
	return db_execf(db, "DELETE FROM admin_login_failures WHERE kind = ?1 AND key = ?2", "tt", kind_name(kind),
	                cut_key(key).text);
}

int store_throttle_purge(struct db *db, int64_t now)
{
	int rc = db_execf(db, "DELETE FROM admin_login_failures WHERE blocked_until <= ?1 AND last_failure_at <= ?1 - ?2",
	                  "ii", now, (int64_t)THROTTLE_FORGET_S);
	if (rc == SQLITE_OK)
		rc = db_execf(db, "DELETE FROM admin_login_addresses WHERE last_success_at <= ?1 - ?2", "ii", now,
		              (int64_t)THROTTLE_KNOWN_ADDRESS_S);
	return rc;
}

int store_throttle_remember_address(struct db *db, const char *username, const char *addr, int64_t now)
{
	return db_execf(db, "INSERT INTO admin_login_addresses (username, addr, last_success_at) VALUES (?1, ?2, ?3) "
	                    "ON CONFLICT (username, addr) DO UPDATE SET last_success_at = excluded.last_success_at",
	                "tti", username, addr ? addr : "", now);
}

int store_throttle_known_address(struct db *db, const char *username, const char *addr, int64_t now, bool *known)
{
	return db_exists(db, known, "SELECT 1 FROM admin_login_addresses WHERE username = ?1 AND addr = ?2 "
	                            "AND last_success_at > ?3 - ?4",
	                 "ttii", username, addr ? addr : "", now, (int64_t)THROTTLE_KNOWN_ADDRESS_S);
}
