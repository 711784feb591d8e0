/*
 * Team invites as mini-program codes (RULES §5, WECHAT.md §5a, API.md "Teams").
 *
 *   GET …/teams/mine/invites/{invite}/code   (leader) the PNG of the invite's
 *       code: its scene (store_invite_codes.h), opening invite_code_page.
 *       Asked of WeChat once per invite, then served from the file cached in
 *       invite_code_dir.
 * What a scanned code joins is api_invite_resolve.c's.
 */
#include "team_view.h"

#include "log.h"
#include "store_invite_codes.h"
#include "wx_qrcode.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* ------------------------------------------------------------ the cache */

enum { CACHE_PATH_SIZE = 800 };

/* The cached file of a scene: invite_code_dir, or invite-codes/ beside the
 * database, and the scene's SHA-256 (the scene itself joins a team). */
static void cache_path(const struct walk_config *cfg, const char *scene, char *out, size_t size)
{
	char hash[CRYPTO_SHA256_HEX_SIZE];
	crypto_sha256_hex(scene, strlen(scene), hash);
	if (cfg->invite_code_dir[0]) {
		snprintf(out, size, "%s/%s.png", cfg->invite_code_dir, hash);
		return;
	}
	const char *slash = strrchr(cfg->db_path, '/');
	int dir_len = slash ? (int)(slash - cfg->db_path) : 1;
	snprintf(out, size, "%.*s/invite-codes/%s.png", dir_len, slash ? cfg->db_path : ".", hash);
}

/* Reads a cached code into body: true when there is one. */
static bool read_cached(const char *path, struct buf *body)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return false;
	char chunk[16384];
	ssize_t n;
	while ((n = read(fd, chunk, sizeof chunk)) > 0 && body->len + (size_t)n <= WX_QRCODE_MAX_BYTES)
		buf_append(body, chunk, (size_t)n);
	close(fd);
	return n == 0 && wx_png_plausible(body->data, body->len);
}

/* Writes the code to a temporary file renamed into place, so that a reader
 * never sees half a PNG.  The folder is the service's alone: a scene read
 * from a file joins a team. */
static bool write_cached(const char path[CACHE_PATH_SIZE], const struct buf *png)
{
	char dir[CACHE_PATH_SIZE], tmp[CACHE_PATH_SIZE + 32];
	snprintf(dir, sizeof dir, "%s", path);
	char *slash = strrchr(dir, '/');
	if (slash) {
		*slash = '\0';
		if (mkdir(dir, 0700) != 0 && errno != EEXIST)
			return false;
	}
	snprintf(tmp, sizeof tmp, "%s.%d.tmp", path, (int)getpid());
	int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	if (fd < 0)
		return false;
	bool ok = write(fd, png->data, png->len) == (ssize_t)png->len;
	ok = close(fd) == 0 && ok;
	if (ok && rename(tmp, path) == 0)
		return true;
	unlink(tmp);
	return false;
}

static void answer_png(struct response *resp, const struct buf *png)
{
	buf_reset(&resp->body, 0);
	buf_append(&resp->body, png->data, png->len);
	resp->status = 200;
	resp->content_type = "image/png";
	resp_header(resp, "Cache-Control", "private, max-age=86400");
}

/* ------------------------------------------------------------ handlers */

static void answer_wechat_failure(struct response *resp, enum wx_status st, long errcode)
{
	if (st == WX_ERRCODE && errcode == 41030) {
		log_error("WeChat refused invite_code_page (41030): the page is not in the published mini-program");
		resp_error(resp, 502, "wechat_error", "小程序码生成失败（页面配置有误），请稍后再试", NULL);
		return;
	}
	resp_error(resp, 502, "wechat_error", "小程序码暂时无法生成，请稍后再试", NULL);
}

void api_invite_code(struct request *req, struct response *resp)
{
	struct worker *w = worker_of(req);
	struct activity_ctx ctx;
	struct team team;
	if (!worker_activity(req, resp, &ctx, true) || !team_of_leader(req, resp, &ctx, &team))
		return;
	const char *token = req_param(req, resp, "invite");
	if (!token)
		return;
	int64_t team_id = 0, expires_at = 0;
	int rc = store_invite_code_invite(w->db, token, &team_id, &expires_at);
	if (rc == DB_NOTFOUND || (rc == SQLITE_OK && team_id != team.id)) {
		resp_error(resp, 404, "not_found", "邀请不存在", NULL);
		return;
	}
	if (rc != SQLITE_OK) {
		worker_db_error(req, resp, rc);
		return;
	}
	if (expires_at <= ctx.now) {
		resp_error(resp, 410, "invite_expired", "邀请已过期，请重新邀请", NULL);
		return;
	}
	char scene[INVITE_SCENE_CHARS + 1], path[CACHE_PATH_SIZE];
	invite_scene_of(token, scene);
	cache_path(&w->cfg, scene, path, sizeof path);
	struct buf png = { 0 };
	if (read_cached(path, &png)) {
		answer_png(resp, &png);
		buf_free(&png);
		return;
	}
	buf_reset(&png, 0);
	/* The scene is recorded before it is printed: a code never exists that
	 * GET /api/invites/{scene} would not know. */
	rc = worker_begin_write(w);
	if (rc == SQLITE_OK)
		rc = store_invite_code_save(w->db, token, scene, ctx.now);
	if (!worker_finish_write(req, resp, rc)) {
		buf_free(&png);
		return;
	}
	long errcode = 0;
	enum wx_status st = wx_unlimited_code(&w->cfg, w->db, scene, w->cfg.invite_code_page, &png, &errcode);
	if (st != WX_OK) {
		answer_wechat_failure(resp, st, errcode);
	} else {
		if (!write_cached(path, &png))
			log_warn("cannot cache an invite code in %s: %s (it is asked of WeChat again next time)", path,
			         strerror(errno));
		answer_png(resp, &png);
	}
	buf_free(&png);
}
