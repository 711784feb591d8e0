/*
 * walkctl quiz import [--activity A] [--replace] FILE   a question bank (RULES §7)
 *
 * FILE is the CSV of store_quiz_file.h (README "The quiz bank").  Every line
 * is checked first; a file with any bad line is refused whole, each problem
 * printed as "FILE: line N: reason", and nothing changes.  A good file's
 * questions are added to the activity's bank (default: the newest activity)
 * in one transaction with its audit row; --replace first retires the
 * questions in use of every checkpoint the file has questions for, so the
 * file becomes those checkpoints' bank.
 */
#include "cli.h"

#include "clock.h"
#include "store_activity.h"
#include "store_audit.h"
#include "store_quiz.h"
#include "store_quiz_file.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { MAX_FILE_BYTES = 8 * 1024 * 1024 };

struct import_args {
	int64_t activity_id;   /* 0: the newest */
	bool replace;
	const char *file;
};

static int parse_args(int argc, char **argv, struct import_args *args)
{
	memset(args, 0, sizeof *args);
	for (int i = 0; i < argc; i++) {
		if (strcmp(argv[i], "--activity") == 0 && i + 1 < argc) {
			char *end;
			args->activity_id = strtoll(argv[++i], &end, 10);
			if (*end || args->activity_id <= 0)
				return cli_fail("--activity takes an activity id");
		} else if (strcmp(argv[i], "--replace") == 0) {
			args->replace = true;
		} else if (argv[i][0] == '-' || args->file) {
			return cli_fail("usage: walkctl quiz import [--activity A] [--replace] FILE");
		} else {
			args->file = argv[i];
		}
	}
	return args->file ? 0 : cli_fail("usage: walkctl quiz import [--activity A] [--replace] FILE");
}

/* The whole of path into *data (malloc'd, the caller frees) or a failure. */
static int read_file(const char *path, char **data, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return cli_fail("%s: cannot open it", path);
	*data = malloc(MAX_FILE_BYTES + 1);
	*len = *data ? fread(*data, 1, MAX_FILE_BYTES + 1, f) : 0;
	bool failed = !*data || ferror(f);
	fclose(f);
	if (failed)
		return cli_fail("%s: cannot read it", path);
	if (*len > MAX_FILE_BYTES)
		return cli_fail("%s: larger than %d bytes", path, MAX_FILE_BYTES);
	return 0;
}

/* Writes the bank: retires what --replace replaces, adds every row, audits. */
static int import_rows(struct db *db, const struct activity *a, const struct import_args *args,
                       const struct quiz_file *f, int64_t *retired)
{
	int64_t now = clock_now();
	bool in_file[RULES_MAX_CHECKPOINTS] = { false };
	for (size_t i = 0; i < f->n; i++)
		in_file[f->rows[i].seq - 1] = true;
	int rc = SQLITE_OK;
	*retired = 0;
	for (int seq = 1; args->replace && seq <= a->rules.checkpoint_count && rc == SQLITE_OK; seq++) {
		int64_t n = 0;
		if (in_file[seq - 1])
			rc = store_quiz_retire_checkpoint(db, a->id, seq, now, &n);
		*retired += n;
	}
	for (size_t i = 0; i < f->n && rc == SQLITE_OK; i++)
		rc = store_quiz_add(db, a->id, &f->rows[i], now, NULL);
	if (rc != SQLITE_OK)
		return rc;
	char target[48];
	snprintf(target, sizeof target, "activity:%lld", (long long)a->id);
	cJSON *after = cJSON_CreateObject();
	cJSON_AddStringToObject(after, "file", args->file);
	cJSON_AddNumberToObject(after, "added", (double)f->n);
	cJSON_AddNumberToObject(after, "retired", (double)*retired);
	struct audit_entry e = { .at = now, .actor = AUDIT_ACTOR_WALKCTL, .action = "quiz.import", .target = target };
	return store_audit_add_json(db, &e, NULL, after);
}

static int quiz_import(struct cli *cli, int argc, char **argv)
{
	struct import_args args;
	if (parse_args(argc, argv, &args) != 0)
		return 1;
	char *data = NULL;
	size_t len = 0;
	if (read_file(args.file, &data, &len) != 0) {
		free(data);
		return 1;
	}
	struct db *db;
	if (cli_open_db(cli, &db, false, true) != 0) {
		free(data);
		return 1;
	}
	struct activity *a = malloc(sizeof *a);
	int rc = args.activity_id ? SQLITE_OK : store_activity_newest(db, &args.activity_id);
	if (rc == SQLITE_OK)
		rc = store_activity_load(db, args.activity_id, a);
	int status = 0;
	struct quiz_file f;
	struct buf errors = { 0 };
	int bad = 0;
	if (rc != SQLITE_OK) {
		status = cli_fail("activity %lld: %s", (long long)args.activity_id,
		                  rc == DB_NOTFOUND ? "no such activity" : sqlite3_errstr(rc));
		memset(&f, 0, sizeof f);
	} else if ((bad = quiz_file_parse(data, len, a->rules.checkpoint_count, &f, &errors)) > 0) {
		for (const char *line = buf_str(&errors); *line;) {
			size_t n = strcspn(line, "\n");
			fprintf(stderr, "walkctl: %s: %.*s\n", args.file, (int)n, line);
			line += n + (line[n] == '\n');
		}
		status = cli_fail("%s: %d bad line(s), nothing imported", args.file, bad);
	} else {
		int64_t retired = 0;
		rc = db_begin_write(db);
		if (rc == SQLITE_OK)
			rc = import_rows(db, a, &args, &f, &retired);
		if (rc == SQLITE_OK)
			rc = db_commit(db);
		if (rc != SQLITE_OK) {
			db_rollback(db);
			status = cli_fail("%s: nothing imported: %s", args.file, sqlite3_errstr(rc));
		} else {
			printf("activity %lld: %zu question(s) added from %s, %lld retired\n", (long long)a->id, f.n,
			       args.file, (long long)retired);
		}
	}
	quiz_file_free(&f);
	buf_free(&errors);
	free(a);
	free(data);
	db_close(db);
	return status;
}

int cmd_quiz(struct cli *cli, int argc, char **argv)
{
	if (argc >= 1 && strcmp(argv[0], "import") == 0)
		return quiz_import(cli, argc - 1, argv + 1);
	return cli_fail("usage: walkctl quiz import [--activity A] [--replace] FILE");
}
