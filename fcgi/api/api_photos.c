/*
 * A checkpoint's photo and its poster (RULES §7, API.md "Checkpoints"):
 *   PUT /api/activities/{aid}/checkpoints/{no}/photo    multipart (file part "photo") or a raw image
 *
 * The upload decodes and composes outside any write (a few hundred
 * milliseconds), writes both files, then records them in one short write;
 * the files it replaced are removed after that commits, and its own files if
 * it does not.  The image work makes it the outbound pool's route (R_MEDIA);
 * the files are served by api_photo_files.c.
 */
#include "worker.h"
#include "checkpoint_route.h"

#include "calendar.h"
#include "crypto.h"
#include "log.h"
#include "media_files.h"
#include "media_multipart.h"
#include "media_poster.h"
#include "store_checkpoints.h"
#include "store_enrollment.h"
#include "store_media.h"
#include "store_steps.h"

#include <stdio.h>
#include <stdlib.h>

enum { PHOTO_QUALITY = 85 };

static void bad_image(struct response *resp, const char *message)
{
	resp_error(resp, 400, "bad_image", message, "photo");
}

/* The image's bytes: the file part "photo" of a multipart body, else the
 * whole body (whatever its Content-Type: the magic bytes decide). */
static bool image_bytes(struct request *req, struct response *resp, const uint8_t **data, size_t *len)
{
	if (!multipart_is_form_data(req->content_type)) {
		*data = (const uint8_t *)req->body;
		*len = req->body_len;
		return true;
	}
	enum multipart_result r = multipart_file(req->content_type, (const uint8_t *)req->body, req->body_len,
	                                         "photo", data, len);
	if (r == MULTIPART_OK)
		return true;
	bad_image(resp, r == MULTIPART_NO_FILE ? "上传内容中没有名为 photo 的图片文件" : "上传内容的格式不正确");
	return false;
}

static bool decode(struct response *resp, const uint8_t *data, size_t len, struct media_image *img)
{
	switch (media_decode(data, len, img)) {
	case MEDIA_DECODE_OK:
		return true;
	case MEDIA_DECODE_UNKNOWN:
		bad_image(resp, "只支持 JPEG 或 PNG 格式的照片");
		return false;
	case MEDIA_DECODE_TOO_LARGE:
		bad_image(resp, "照片尺寸不能超过 4096 × 4096 像素");
		return false;
	case MEDIA_DECODE_CORRUPT:
		bad_image(resp, "照片已损坏或不完整，请重新选择");
		return false;
	case MEDIA_DECODE_NOMEM:
		break;
	}
	resp_error(resp, 503, "unavailable", "服务暂时不可用，请稍后再试", NULL);
	return false;
}

/* The poster's words: the enrolled name, the checkpoint, today and the steps. */
static int poster_text(struct db *db, struct sealer *sealer, const struct activity_ctx *ctx, int64_t uid, int seq,
                       struct enrollment *e,
                       char *date, size_t date_size, struct poster_text *t)
{
	int64_t steps = 0;
	int rc = store_enrollment_get(db, sealer, ctx->activity->id, uid, e);
	if (rc == SQLITE_OK)
		rc = store_steps_cumulative(db, ctx->rules, ctx->activity->id, uid, &steps);
	cal_format_day_cn(ctx->today, date, date_size);
	*t = (struct poster_text){ seq, ctx->activity->checkpoint_name[seq - 1],
	                           ctx->activity->checkpoint_landmark[seq - 1], e->name, date, steps };
	return rc;
}

/* The photo and its poster as files of a new id.  Returns 0, or -1 after answering. */
static int write_files(struct request *req, struct response *resp, const struct media_image *img,
                       const struct poster_text *t, char id[MEDIA_FILE_ID_CHARS + 1])
{
	const struct walk_config *cfg = &worker_of(req)->cfg;
	uint8_t *photo = NULL, *poster = NULL;
	size_t photo_len = 0, poster_len = 0;
	int rc = media_encode_jpeg(img, PHOTO_QUALITY, &photo, &photo_len);
	if (rc == 0)
		rc = media_poster(img, t, &poster, &poster_len, NULL);
	media_new_file_id(id);
	if (rc == 0)
		rc = media_file_write(cfg, id, MEDIA_PHOTO, photo, photo_len);
	if (rc == 0)
		rc = media_file_write(cfg, id, MEDIA_POSTER, poster, poster_len);
	free(photo);
	free(poster);
	if (rc != 0) {
		log_error("rid=%s photo %s: cannot make or write its files", req->request_id, id);
		media_files_remove(cfg, id);
		resp_error(resp, 503, "unavailable", "服务暂时不可用，请稍后再试", NULL);
	}
	return rc;
}

static void remove_files(const struct request *req, const char *id)
{
	if (id[0] && media_files_remove(&worker_of(req)->cfg, id) != 0)
		log_error("rid=%s cannot remove the files of %s", req->request_id, id);
}

void api_photo_put(struct request *req, struct response *resp)
{
	struct worker *w = worker_of(req);
	struct activity_ctx ctx;
	int seq;
	if (!worker_activity(req, resp, &ctx, true) || !checkpoint_param(req, resp, &ctx, &seq))
		return;
	bool passed = false;
	int rc = store_checkpoint_passed(w->db, ctx.activity->id, req->user_id, seq, &passed, NULL);
	if (rc != SQLITE_OK) {
		worker_db_error(req, resp, rc);
		return;
	}
	if (!passed) {
		resp_error(resp, 409, "not_passed", "闯过这一关后才能上传照片", NULL);
		return;
	}
	const uint8_t *data;
	size_t len;
	struct media_image img;
	if (!image_bytes(req, resp, &data, &len) || !decode(resp, data, len, &img))
		return;
	struct enrollment e;
	struct poster_text t;
	char date[32], id[MEDIA_FILE_ID_CHARS + 1];
	rc = poster_text(w->db, &w->sealer, &ctx, req->user_id, seq, &e, date, sizeof date, &t);
	if (rc != SQLITE_OK) {
		media_image_free(&img);
		worker_db_error(req, resp, rc);
		return;
	}
	rc = media_shrink(&img, MEDIA_STORED_MAX_SIDE) == 0 ? write_files(req, resp, &img, &t, id) : -1;
	if (rc != 0 && resp->status == 0)
		resp_error(resp, 503, "unavailable", "服务暂时不可用，请稍后再试", NULL);
	media_image_free(&img);
	if (rc != 0)
		return;
	/* The URL WeChat fetches the photo from carries the token itself (the sender
	 * reads it back to build that URL); the hash is not needed. */
	char token[CRYPTO_TOKEN_CHARS + 1], hash[CRYPTO_SHA256_HEX_SIZE], old[MEDIA_FILE_ID_CHARS + 1] = "";
	crypto_new_token(token, hash);
	rc = worker_begin_write(w);
	if (rc == SQLITE_OK)
		rc = store_photo_put(w->db, ctx.activity->id, req->user_id, seq, id, token, ctx.now, old);
	if (!worker_finish_write(req, resp, rc)) {
		remove_files(req, id);
		return;
	}
	remove_files(req, old);
	char poster[128];
	snprintf(poster, sizeof poster, "/api/activities/%lld/checkpoints/%d/poster", (long long)ctx.activity->id, seq);
	cJSON *o = cJSON_CreateObject();
	cJSON_AddStringToObject(o, "poster", poster);
	cJSON_AddStringToObject(o, "check", "pending");
	resp_json(resp, 200, o);
}
