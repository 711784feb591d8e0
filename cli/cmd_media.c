/*
 * walkctl media check [--max N]   (cron, every minute)
 *   1. removes the files of media_trash (go-live's wipe), each row once its
 *      files are gone;
 *   2. sends queued photos to WeChat's image check (media_check_async,
 *      WECHAT.md §4), oldest first, within WeChat's limits: 2,000 calls in
 *      the last minute and 200,000 in the last day, counted from the sends
 *      recorded, so that runs by cron and by hand share one budget.  Each call
 *      is made outside any transaction; its answer is recorded in a short
 *      write of its own.  A photo WeChat did not accept stays queued for the
 *      next run, with the same URL.
 * walkctl media bench [--runs N] [--width W] [--height H] [--out FILE]
 *   times the poster of a W x H JPEG (4096 x 3072 by default) as an upload
 *   makes it: decoding, shrinking to the stored size, composing and
 *   encoding; median and p99, and the process's peak memory;
 *   with --out, writes that test JPEG to FILE instead.
 */
#include "cli.h"

#include "clock.h"
#include "media_files.h"
#include "media_poster.h"
#include "store_media.h"
#include "wx_media_check.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

enum { TRASH_BATCH = 1000 };

static int sweep_trash(struct cli *cli, struct db *db, int *removed)
{
	static char ids[TRASH_BATCH][MEDIA_FILE_ID_CHARS + 1];
	int n = 0, rc;
	*removed = 0;
	do {
		rc = store_media_trash(db, TRASH_BATCH, ids, &n);
		int done = 0;
		for (int i = 0; i < n && rc == SQLITE_OK; i++) {
			if (media_files_remove(&cli->cfg, ids[i]) != 0) {
				fprintf(stderr, "walkctl: cannot remove the files of %s (kept for the next run)\n", ids[i]);
				continue;
			}
			rc = store_media_trash_done(db, ids[i]);
			done++;
		}
		*removed += done;
		if (done == 0)
			break;   /* nothing could go: the next run tries again */
	} while (rc == SQLITE_OK && n == TRASH_BATCH);
	return rc;
}

static int send_queue(struct cli *cli, struct db *db, int max, int *sent, int *failed, int *allowed)
{
	int minute = 0, day = 0;
	*sent = *failed = *allowed = 0;
	int rc = db_begin_write(db);
	if (rc == SQLITE_OK)
		rc = store_media_budget(db, clock_now(), &minute, &day);
	rc = rc == SQLITE_OK ? db_commit(db) : (db_rollback(db), rc);
	if (rc != SQLITE_OK)
		return rc;
	int room = MEDIA_CHECKS_PER_MINUTE - minute;
	if (MEDIA_CHECKS_PER_DAY - day < room)
		room = MEDIA_CHECKS_PER_DAY - day;
	if (max < room)
		room = max;
	*allowed = room > 0 ? room : 0;
	if (*allowed == 0)
		return SQLITE_OK;
	struct store_media_job *jobs = calloc((size_t)*allowed, sizeof *jobs);
	int n = 0;
	rc = jobs ? store_media_queue(db, *allowed, jobs, &n) : SQLITE_NOMEM;
	for (int i = 0; i < n && rc == SQLITE_OK; i++) {
		char url[512];
		snprintf(url, sizeof url, "%s/api/media/%s", cli->cfg.public_base_url, jobs[i].fetch_token);
		struct wx_media_submit out;
		bool ok = wx_media_check_async(&cli->cfg, db, jobs[i].openid, url, &out) == WX_OK;
		rc = db_begin_write(db);
		if (rc == SQLITE_OK)
			rc = store_media_sent(db, &jobs[i], ok ? out.trace_id : NULL, clock_now());
		rc = rc == SQLITE_OK ? db_commit(db) : (db_rollback(db), rc);
		*(ok ? sent : failed) += 1;
	}
	free(jobs);
	return rc;
}

static int media_check(struct cli *cli, int argc, char **argv)
{
	int max = MEDIA_CHECKS_PER_MINUTE;
	for (int i = 0; i < argc; i++) {
		if (strcmp(argv[i], "--max") == 0 && i + 1 < argc)
			max = atoi(argv[++i]);
		else
			return cli_fail("unexpected argument '%s'", argv[i]);
	}
	if (max < 1)
		return cli_fail("--max must be a positive number");
	/* WeChat fetches the photos from public_base_url: in production it must be
	 * the real site (the default is the dev stack's). */
	if (cli->cfg.mode == MODE_PRODUCTION && strncmp(cli->cfg.public_base_url, "https://", 8) != 0)
		return cli_fail("production mode needs public_base_url over https: WeChat fetches the photos from it");
	struct db *db;
	if (cli_open_db(cli, &db, false, true) != 0)
		return 1;
	clock_refresh(db, config_clock_shift_allowed(&cli->cfg));
	int removed = 0, sent = 0, failed = 0, allowed = 0;
	int rc = sweep_trash(cli, db, &removed);
	if (rc == SQLITE_OK)
		rc = send_queue(cli, db, max, &sent, &failed, &allowed);
	if (rc != SQLITE_OK) {
		cli_fail("media check: %s", sqlite3_errmsg(db_handle(db)));
		db_close(db);
		return 1;
	}
	printf("media check: %d trashed upload(s) removed; %d photo(s) sent, %d not accepted (budget %d)\n", removed,
	       sent, failed, allowed);
	db_close(db);
	return failed ? 3 : 0;
}

/* ---------------------------------------------------------------- bench */

static double now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static int by_value(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

/* A photo-like test image: smooth gradients with some detail, so that the
 * JPEG is of a camera's size rather than a flat colour's. */
static int test_jpeg(int w, int h, uint8_t **jpeg, size_t *len)
{
	struct media_image img = { w, h, malloc((size_t)w * h * 3) };
	if (!img.rgb)
		return -1;
	for (int y = 0; y < h; y++)
		for (int x = 0; x < w; x++) {
			uint8_t *p = img.rgb + ((size_t)y * w + x) * 3;
			p[0] = (uint8_t)(x * 255 / w);
			p[1] = (uint8_t)(y * 255 / h);
			p[2] = (uint8_t)((x ^ y) & 0xff);
		}
	int rc = media_encode_jpeg(&img, 90, jpeg, len);
	media_image_free(&img);
	return rc;
}

static int media_bench(int argc, char **argv)
{
	int runs = 20, w = 4096, h = 3072;
	const char *out = NULL;
	for (int i = 0; i < argc; i++) {
		if (i + 1 < argc && strcmp(argv[i], "--runs") == 0)
			runs = atoi(argv[++i]);
		else if (i + 1 < argc && strcmp(argv[i], "--width") == 0)
			w = atoi(argv[++i]);
		else if (i + 1 < argc && strcmp(argv[i], "--height") == 0)
			h = atoi(argv[++i]);
		else if (i + 1 < argc && strcmp(argv[i], "--out") == 0)
			out = argv[++i];
		else
			return cli_fail("unexpected argument '%s'", argv[i]);
	}
	if (runs < 1 || runs > 10000 || w < 1 || h < 1 || w > MEDIA_MAX_SIDE || h > MEDIA_MAX_SIDE)
		return cli_fail("--runs 1..10000, --width and --height 1..%d", MEDIA_MAX_SIDE);
	uint8_t *jpeg;
	size_t len;
	if (test_jpeg(w, h, &jpeg, &len) != 0)
		return cli_fail("cannot make the test JPEG");
	if (out) {   /* the test photo itself, for the upload benchmark */
		FILE *f = fopen(out, "wb");
		bool written = f && fwrite(jpeg, 1, len, f) == len;
		if (f && fclose(f) != 0)
			written = false;
		free(jpeg);
		return written ? 0 : cli_fail("cannot write %s", out);
	}
	double *ms = calloc((size_t)runs, sizeof *ms);
	size_t poster_len = 0;
	for (int i = 0; i < runs && ms; i++) {
		double t0 = now_ms();
		struct media_image img;
		uint8_t *poster = NULL;
		struct poster_text t = { 1 + i % POSTER_TEMPLATES, "西安", "大雁塔", "张三", "2019年7月5日", 123456 };
		/* What an upload does: decode upright, shrink to the stored size, compose. */
		if (media_decode(jpeg, len, &img) != MEDIA_DECODE_OK || media_shrink(&img, MEDIA_STORED_MAX_SIDE) != 0 ||
		    media_poster(&img, &t, &poster, &poster_len, NULL) != 0) {
			free(jpeg);
			free(ms);
			return cli_fail("the poster failed");
		}
		media_image_free(&img);
		free(poster);
		ms[i] = now_ms() - t0;
	}
	qsort(ms, (size_t)runs, sizeof *ms, by_value);
	struct rusage ru;
	getrusage(RUSAGE_SELF, &ru);
	int p99 = (int)((runs - 1) * 0.99 + 0.5);
	printf("poster from a %dx%d JPEG (%zu KB): %d runs, median %.1f ms, p99 %.1f ms, poster %zu KB, peak RSS %ld MB\n",
	       w, h, len / 1024, runs, ms[(runs - 1) / 2], ms[p99], poster_len / 1024, ru.ru_maxrss / 1024);
	free(ms);
	free(jpeg);
	return 0;
}

int cmd_media(struct cli *cli, int argc, char **argv)
{
	if (argc >= 1 && strcmp(argv[0], "check") == 0)
		return media_check(cli, argc - 1, argv + 1);
	if (argc >= 1 && strcmp(argv[0], "bench") == 0)
		return media_bench(argc - 1, argv + 1);
	return cli_fail("usage: walkctl media check [--max N] | bench [--runs N] [--width W] [--height H] [--out FILE]");
}
