/*
 * A checkpoint's files, served by nginx (X-Accel-Redirect to the internal
 * location /_media/, nginx/walk-locations.conf) once the worker has checked
 * who asks (RULES §7, API.md "Checkpoints"):
 *   GET /api/activities/{aid}/checkpoints/{no}/poster   the owner's poster
 *   GET /api/media/{token}                              the photo, for WeChat's image check
 * No image work: these are the participants' pool's, apart from the upload
 * (api_photos.c), so that walk-worker-lean links no image library.
 */
#include "worker.h"
#include "checkpoint_route.h"

#include "clock.h"
#include "crypto.h"
#include "media_files.h"
#include "store_media.h"

#include <stdio.h>
#include <string.h>

/* Hands the file to nginx: the body is empty, nginx serves the file. */
static void accel(struct response *resp, const char *id, enum media_kind kind)
{
	char rel[96], path[128];
	media_file_rel(id, kind, rel, sizeof rel);
	snprintf(path, sizeof path, "/_media/%s", rel);
	resp_header(resp, "X-Accel-Redirect", path);
	resp->status = 200;
	resp->content_type = "image/jpeg";
}

void api_poster_get(struct request *req, struct response *resp)
{
	struct activity_ctx ctx;
	int seq;
	if (!worker_activity(req, resp, &ctx, true) || !checkpoint_param(req, resp, &ctx, &seq))
		return;
	struct store_photo p;
	int rc = store_photo_get(worker_of(req)->db, ctx.activity->id, req->user_id, seq, &p);
	if (rc == SQLITE_OK && !p.file_id[0])
		rc = DB_NOTFOUND;   /* deleted after a risky verdict */
	if (!worker_found(req, resp, rc, 404, "not_found", "还没有这一关的海报"))
		return;
	accel(resp, p.file_id, MEDIA_POSTER);
}

void api_media_fetch(struct request *req, struct response *resp)
{
	const char *token = req_param(req, resp, "token");
	if (!token)
		return;
	char id[MEDIA_FILE_ID_CHARS + 1];
	int rc = strlen(token) == CRYPTO_TOKEN_CHARS
	       ? store_media_fetch(worker_of(req)->db, token, clock_now(), id) : DB_NOTFOUND;
	if (!worker_found(req, resp, rc, 404, "not_found", "请求的资源不存在"))
		return;
	accel(resp, id, MEDIA_PHOTO);
}
