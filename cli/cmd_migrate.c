/* walkctl migrate: the schema migrations, then the sealing of the session keys
 * that rows from before sealing hold in the clear (store_user_seal.h). */
#include "cli.h"

#include "migrate.h"
#include "store_user_seal.h"

#include <mbedtls/platform_util.h>
#include <stdio.h>

/* Seals every key still in the clear, and says how many it did. */
static int seal_keys(struct cli *cli, struct db *db)
{
	struct sealer sealer;
	int rc = sealer_init(&sealer, cli->cfg.data_key);
	if (rc != 0)
		return cli_fail("data_key is not usable");
	struct key_sealing progress = { 0 };
	rc = store_user_seal_all(db, &sealer, STORE_USER_SEAL_CHUNK, &progress);
	sealer_free(&sealer);
	if (rc != SQLITE_OK)
		return cli_fail("sealing session keys after user %lld: %s (%lld sealed before)",
		                (long long)progress.after_id, sqlite3_errmsg(db_handle(db)),
		                (long long)progress.sealed);
	printf("session keys: %lld sealed now, of %lld users\n", (long long)progress.sealed,
	       (long long)progress.read);
	/* The WAL may still hold pages as they were with keys in the clear: a
	 * truncating checkpoint drops them.  It waits for a moment without
	 * writers and with every reader on the newest snapshot, so it may fail
	 * on a busy database; a later run tries again. */
	int log_frames = 0, done_frames = 0;
	if (sqlite3_wal_checkpoint_v2(db_handle(db), NULL, SQLITE_CHECKPOINT_TRUNCATE, &log_frames, &done_frames)
	    != SQLITE_OK)
		fprintf(stderr, "walkctl: the WAL could not be truncated now (%s): it may still hold keys that "
		        "were in the clear; run walkctl migrate again when the database is quieter\n",
		        sqlite3_errmsg(db_handle(db)));
	/* Such rows answer werun_bad_key until their user logs in again. */
	if (progress.left > 0)
		fprintf(stderr, "walkctl: %lld session keys are sealed under another data_key or in an unknown "
		        "form: left as they are\n", (long long)progress.left);
	return 0;
}

int cmd_migrate(struct cli *cli, int argc, char **argv)
{
	(void)argv;
	if (argc != 0)
		return cli_fail("migrate takes no arguments");
	struct db *db;
	if (cli_open_db(cli, &db, true, false) != 0)
		return 1;
	char err[512];
	int applied = migrate_apply(db, err, sizeof err);
	int version = migrate_db_version(db);
	if (applied < 0) {
		db_close(db);
		return cli_fail("%s", err);
	}
	printf("schema version %d (%d migration%s applied)\n", version, applied, applied == 1 ? "" : "s");
	int rc = seal_keys(cli, db);
	if (rc == 0)
		rc = cli_seal_pii(cli, db, false);   /* mobiles and addresses; wipes the key */
	else
		mbedtls_platform_zeroize(cli->cfg.data_key, sizeof cli->cfg.data_key);
	db_close(db);
	return rc;
}
