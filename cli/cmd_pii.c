/*
 * Personal information on the command line (README "Personal information"):
 *   walkctl pii rotate-key   every sealed value still under data_key_previous
 *                            (or in the clear) resealed under data_key, in
 *                            short chunks while the API runs
 *   walkctl purge            the retention periods of every activity (cron)
 * Both print and audit (actor walkctl) what they did.
 */
#include "cli.h"

#include "calendar.h"
#include "clock.h"
#include "store_activity.h"
#include "store_audit.h"
#include "store_pii_erase.h"
#include "store_pii_migrate.h"
#include "store_user_seal.h"

#include <mbedtls/platform_util.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int cli_seal_pii(struct cli *cli, struct db *db, bool rotating)
{
	struct sealer sealer, previous;
	int rc = sealer_init_rotating(&sealer, &previous, cli->cfg.data_key, cli->cfg.data_key_previous);
	mbedtls_platform_zeroize(cli->cfg.data_key, sizeof cli->cfg.data_key);
	mbedtls_platform_zeroize(cli->cfg.data_key_previous, sizeof cli->cfg.data_key_previous);
	if (rc != 0)
		return cli_fail("data_key or data_key_previous is not usable");
	if (rotating && !sealer.previous) {
		sealer_free(&sealer);
		return cli_fail("rotate-key needs data_key_previous (the key rotated away from) in the configuration");
	}
	struct pii_sealing progress = { 0 };
	struct key_sealing keys = { 0 };
	/* A rotation moves the session keys too (migrate has sealed them already). */
	rc = rotating ? store_user_seal_all(db, &sealer, STORE_USER_SEAL_CHUNK, &keys) : SQLITE_OK;
	if (rc == SQLITE_OK)
		rc = store_pii_seal_all(db, &sealer, STORE_USER_SEAL_CHUNK, &progress);
	if (rotating)
		printf("session keys: %lld resealed, of %lld users\n", (long long)keys.sealed, (long long)keys.read);
	sealer_free(&sealer);
	sealer_free(&previous);
	if (rc != SQLITE_OK)
		return cli_fail("sealing personal fields: %s (%lld sealed before)", sqlite3_errmsg(db_handle(db)),
		                (long long)progress.sealed);
	printf("personal fields: %lld sealed now, of %lld read\n", (long long)progress.sealed, (long long)progress.read);
	if (progress.unopened > 0)
		fprintf(stderr, "walkctl: %lld personal fields are under neither key or do not open: left as they are\n",
		        (long long)progress.unopened);
	if (progress.sealed > 0) {
		struct audit_entry e = { .at = clock_now(), .actor = AUDIT_ACTOR_WALKCTL, .remote_addr = "",
		                         .action = rotating ? "pii.rotate_key" : "pii.seal", .target = "pii" };
		cJSON *after = cJSON_CreateObject();
		cJSON_AddNumberToObject(after, "sealed", (double)progress.sealed);
		rc = db_begin_write(db);
		if (rc == SQLITE_OK)
			rc = store_audit_add_json(db, &e, NULL, after);
		else
			cJSON_Delete(after);
		rc = rc == SQLITE_OK ? db_commit(db) : rc;
		if (rc != SQLITE_OK)
			db_rollback(db);
	}
	/* Earlier copies of the pages in the WAL: a truncating checkpoint drops
	 * them when the database is quiet enough (a later run tries again). */
	if (sqlite3_wal_checkpoint_v2(db_handle(db), NULL, SQLITE_CHECKPOINT_TRUNCATE, NULL, NULL) != SQLITE_OK)
		fprintf(stderr, "walkctl: the WAL could not be truncated now: it may still hold earlier copies\n");
	return 0;
}

static int cmd_rotate_key(struct cli *cli)
{
	struct db *db;
	if (cli_open_db(cli, &db, false, true) != 0)
		return 1;
	int rc = cli_seal_pii(cli, db, true);
	db_close(db);
	if (rc == 0)
		printf("done: every personal field is under data_key; remove data_key_previous and reload the workers\n");
	return rc;
}

int cmd_pii(struct cli *cli, int argc, char **argv)
{
	if (argc == 1 && strcmp(argv[0], "rotate-key") == 0)
		return cmd_rotate_key(cli);
	return cli_fail("usage: walkctl pii rotate-key");
}

/* ---------------------------------------------------------------- purge */

static int purge_one(struct db *db, const struct activity *a, int64_t address_days, int64_t person_days,
                     bool purged, int64_t now, struct pii_removed *r)
{
	int rc = db_begin_write(db);
	if (rc == SQLITE_OK)
		rc = store_pii_purge_addresses(db, a->id, now - address_days * 86400, r);
	/* The evaluation ends with the last activity day's settlement, the final
	 * board: names and mobiles are kept person_keep_days after it. */
	bool due = !purged && now >= cal_day_start(a->rules.last_day + 1) + person_days * 86400;
	if (rc == SQLITE_OK && due)
		rc = store_pii_purge_people(db, a->id, now, r);
	if (rc == SQLITE_OK && (r->addresses || r->people || r->essays || r->photos || r->sessions)) {
		struct audit_entry e = { .at = now, .actor = AUDIT_ACTOR_WALKCTL, .remote_addr = "", .action = "pii.purge" };
		char target[48];
		snprintf(target, sizeof target, "activity:%lld", (long long)a->id);
		e.target = target;
		rc = store_audit_add_json(db, &e, NULL, pii_removed_json(r));
	}
	if (rc == SQLITE_OK)
		rc = db_commit(db);
	if (rc != SQLITE_OK)
		db_rollback(db);
	return rc;
}

int cmd_purge(struct cli *cli, int argc, char **argv)
{
	(void)argv;
	if (argc != 0)
		return cli_fail("purge takes no arguments");
	struct db *db;
	if (cli_open_db(cli, &db, false, true) != 0)
		return 1;
	clock_refresh(db, config_clock_shift_allowed(&cli->cfg));
	int64_t now = clock_now();
	int rc = db_exec(db, "PRAGMA secure_delete = ON");
	sqlite3_stmt *st = NULL;
	if (rc == SQLITE_OK)
		rc = db_prepare(db, &st, "SELECT id, address_keep_days, person_keep_days, purged_at IS NOT NULL"
		                         " FROM activities ORDER BY id", "");
	struct { int64_t id, address_days, person_days, purged; } rows[64];
	int n = 0;
	while (rc == SQLITE_OK && n < 64 && db_step(db, st) == SQLITE_ROW) {
		rows[n].id = sqlite3_column_int64(st, 0);
		rows[n].address_days = sqlite3_column_int64(st, 1);
		rows[n].person_days = sqlite3_column_int64(st, 2);
		rows[n].purged = sqlite3_column_int64(st, 3);
		n++;
	}
	if (st)
		sqlite3_reset(st);
	struct activity *a = malloc(sizeof *a);
	if (!a)
		abort();
	for (int i = 0; i < n && rc == SQLITE_OK; i++) {
		struct pii_removed r = { 0 };
		rc = store_activity_load(db, rows[i].id, a);
		if (rc == SQLITE_OK)
			rc = purge_one(db, a, rows[i].address_days, rows[i].person_days, rows[i].purged != 0, now, &r);
		if (rc == SQLITE_OK)
			printf("activity %lld: %lld addresses deleted, %lld people pseudonymised, %lld essays and %lld photos "
			       "deleted, %lld sessions dropped\n", (long long)a->id, (long long)r.addresses,
			       (long long)r.people, (long long)r.essays, (long long)r.photos, (long long)r.sessions);
	}
	free(a);
	if (rc == SQLITE_OK &&
	    sqlite3_wal_checkpoint_v2(db_handle(db), NULL, SQLITE_CHECKPOINT_TRUNCATE, NULL, NULL) != SQLITE_OK)
		fprintf(stderr, "walkctl: the WAL could not be truncated now: it may still hold what was purged\n");
	if (rc != SQLITE_OK)
		rc = cli_fail("purge: %s", sqlite3_errmsg(db_handle(db)));
	db_close(db);
	return rc;
}
