/* lib/media: the multipart reader, the image headers, decoding upright
 * without metadata, the posters (the 13 samples are written to
 * test-out/posters/ to be looked at), and the poster state of the
 * checkpoints view on a scratch database. */
#include "media_header.h"
#include "media_image.h"
#include "media_multipart.h"
#include "media_poster.h"
#include "media_view.h"
#include "store_media.h"

#include "photo_forge.h"
#include "scratch_db.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define CT "multipart/form-data; boundary=----WxBoundary7MA4YWxk"
#define DELIM "------WxBoundary7MA4YWxk"

static enum multipart_result parse(const char *ct, const char *body, const char **data, size_t *len)
{
	return multipart_file(ct, (const uint8_t *)body, strlen(body), "photo", (const uint8_t **)data, len);
}

static void test_multipart_one_file(void **state)
{
	(void)state;
	const char *body = DELIM "\r\nContent-Disposition: form-data; name=\"user\"\r\n\r\nabc\r\n" DELIM
	                   "\r\nContent-Disposition: form-data; name=\"photo\"; filename=\"tmp.jpg\"\r\n"
	                   "Content-Type: image/jpeg\r\n\r\nJPEG\r\n--BYTES\r\n" DELIM "--\r\n";
	const char *data;
	size_t len;
	assert_int_equal(parse(CT, body, &data, &len), MULTIPART_OK);
	assert_int_equal(len, 13);
	assert_memory_equal(data, "JPEG\r\n--BYTES", 13);   /* a near-delimiter inside stays content */
	/* The boundary quoted, a preamble before the first delimiter. */
	const char *quoted = "preamble\r\n--b1\r\nContent-Disposition: form-data; name=photo; filename=a.png\r\n\r\nPNG\r\n--b1--";
	assert_int_equal(parse("multipart/form-data; boundary=\"b1\"", quoted, &data, &len), MULTIPART_OK);
	assert_int_equal(len, 3);
}

static void test_multipart_refusals(void **state)
{
	(void)state;
	const char *data;
	size_t len;
	const char *file = DELIM "\r\nContent-Disposition: form-data; name=\"photo\"; filename=\"a\"\r\n\r\nX\r\n";
	char body[4096];
	assert_int_equal(parse("image/jpeg", "x", &data, &len), MULTIPART_NOT_MULTIPART);
	assert_int_equal(parse("multipart/form-data", "x", &data, &len), MULTIPART_BAD_BOUNDARY);
	assert_int_equal(parse("multipart/form-data; boundary=a\x01", "x", &data, &len), MULTIPART_BAD_BOUNDARY);
	assert_int_equal(parse("multipart/form-data; boundary=\"open", "x", &data, &len), MULTIPART_BAD_BOUNDARY);
	/* No close delimiter. */
	assert_int_equal(parse(CT, file, &data, &len), MULTIPART_MALFORMED);
	/* Two files, or the file under another name. */
	snprintf(body, sizeof body, "%s%s" DELIM "--", file, file);
	assert_int_equal(parse(CT, body, &data, &len), MULTIPART_NO_FILE);
	assert_int_equal(parse(CT, DELIM "\r\nContent-Disposition: form-data; name=\"pic\"; filename=\"a\"\r\n\r\nX\r\n" DELIM "--",
	                       &data, &len), MULTIPART_NO_FILE);
	/* A part without Content-Disposition, a folded header line. */
	assert_int_equal(parse(CT, DELIM "\r\nContent-Type: image/jpeg\r\n\r\nX\r\n" DELIM "--", &data, &len),
	                 MULTIPART_MALFORMED);
	assert_int_equal(parse(CT, DELIM "\r\nContent-Disposition: form-data;\r\n name=\"photo\"\r\n\r\nX\r\n" DELIM "--",
	                       &data, &len), MULTIPART_MALFORMED);
	/* Headers over the limit. */
	int n = snprintf(body, sizeof body, DELIM "\r\nContent-Disposition: form-data; name=\"photo\"; filename=\"a\"\r\nX-Pad: ");
	memset(body + n, 'a', MULTIPART_MAX_HEADER);
	snprintf(body + n + MULTIPART_MAX_HEADER, sizeof body - (size_t)n - MULTIPART_MAX_HEADER, "\r\n\r\nX\r\n" DELIM "--");
	assert_int_equal(parse(CT, body, &data, &len), MULTIPART_MALFORMED);
	/* More parts than allowed. */
	body[0] = '\0';
	for (int i = 0; i <= MULTIPART_MAX_PARTS; i++)
		strcat(body, DELIM "\r\nContent-Disposition: form-data; name=\"f\"\r\n\r\nv\r\n");
	strcat(body, DELIM "--");
	assert_int_equal(parse(CT, body, &data, &len), MULTIPART_MALFORMED);
}

static void test_headers(void **state)
{
	(void)state;
	uint8_t *jpeg, png[128];
	size_t len;
	struct media_header h;
	assert_int_equal(forge_jpeg(64, 32, 6, true, &jpeg, &len), 0);
	assert_int_equal(media_read_header(jpeg, len, &h), MEDIA_HEADER_OK);
	assert_int_equal(h.format, MEDIA_JPEG);
	assert_int_equal(h.width, 64);
	assert_int_equal(h.height, 32);
	/* A file cut before its frame header. */
	assert_int_equal(media_read_header(jpeg, 40, &h), MEDIA_HEADER_MALFORMED);
	free(jpeg);
	size_t n = forge_png_header(100000, 100000, png);
	assert_int_equal(media_read_header(png, n, &h), MEDIA_HEADER_TOO_LARGE);
	n = forge_png_header(4096, 4097, png);
	assert_int_equal(media_read_header(png, n, &h), MEDIA_HEADER_TOO_LARGE);
	n = forge_png_header(4096, 4096, png);
	assert_int_equal(media_read_header(png, n, &h), MEDIA_HEADER_OK);
	assert_int_equal(media_read_header((const uint8_t *)"GIF89a\x01\x00\x01\x00", 10, &h), MEDIA_HEADER_UNKNOWN);
}

/* The pixel at (x, y) is mostly red (1), mostly blue (2) or neither (0). */
static int colour_at(const struct media_image *img, int x, int y)
{
	const uint8_t *p = img->rgb + ((size_t)y * img->width + x) * 3;
	return p[0] > 150 && p[2] < 100 ? 1 : p[2] > 150 && p[0] < 100 ? 2 : 0;
}

static void test_decode_upright(void **state)
{
	(void)state;
	uint8_t *jpeg, *out;
	size_t len, out_len;
	struct media_image img;
	/* Stored 64 x 32, left red, right blue, orientation 6 (turn clockwise):
	 * upright it is 32 x 64, red on top. */
	assert_int_equal(forge_jpeg(64, 32, 6, true, &jpeg, &len), 0);
	assert_true(forge_has_exif(jpeg, len));
	assert_int_equal(media_exif_orientation(jpeg, len), 6);
	assert_int_equal(media_decode(jpeg, len, &img), MEDIA_DECODE_OK);
	assert_int_equal(img.width, 32);
	assert_int_equal(img.height, 64);
	assert_int_equal(colour_at(&img, 16, 8), 1);
	assert_int_equal(colour_at(&img, 16, 56), 2);
	/* Re-encoded: no EXIF at all, so no GPS. */
	assert_int_equal(media_encode_jpeg(&img, 85, &out, &out_len), 0);
	assert_false(forge_has_exif(out, out_len));
	assert_int_equal(media_exif_orientation(out, out_len), 1);
	free(out);
	media_image_free(&img);
	/* Cut in half: refused, not filled with grey. */
	assert_int_equal(media_decode(jpeg, len / 2, &img), MEDIA_DECODE_CORRUPT);
	free(jpeg);
	/* Orientation 8 turns the other way: blue on top. */
	assert_int_equal(forge_jpeg(64, 32, 8, false, &jpeg, &len), 0);
	assert_int_equal(media_decode(jpeg, len, &img), MEDIA_DECODE_OK);
	assert_int_equal(colour_at(&img, 16, 8), 2);
	media_image_free(&img);
	free(jpeg);
	/* A PNG, and a PNG that claims more than it holds. */
	assert_int_equal(forge_png(40, 30, &jpeg, &len), 0);
	assert_int_equal(media_decode(jpeg, len, &img), MEDIA_DECODE_OK);
	assert_int_equal(img.width, 40);
	assert_int_equal(colour_at(&img, 5, 5), 1);
	media_image_free(&img);
	assert_int_equal(media_decode(jpeg, len - 20, &img), MEDIA_DECODE_CORRUPT);
	free(jpeg);
	uint8_t bomb[128];
	size_t n = forge_png_header(100000, 100000, bomb);
	assert_int_equal(media_decode(bomb, n, &img), MEDIA_DECODE_TOO_LARGE);
	n = forge_png_header(2000, 2000, bomb);
	assert_int_equal(media_decode(bomb, n, &img), MEDIA_DECODE_CORRUPT);   /* its data is short */
}

static void test_shrink(void **state)
{
	(void)state;
	uint8_t *jpeg;
	size_t len;
	struct media_image img;
	assert_int_equal(forge_jpeg(4000, 100, 0, false, &jpeg, &len), 0);
	assert_int_equal(media_decode(jpeg, len, &img), MEDIA_DECODE_OK);
	free(jpeg);
	assert_int_equal(media_shrink(&img, 1920), 0);
	assert_int_equal(img.width, 1920);
	assert_int_equal(img.height, 48);
	assert_int_equal(colour_at(&img, 100, 24), 1);
	assert_int_equal(colour_at(&img, 1800, 24), 2);
	assert_int_equal(media_shrink(&img, 1920), 0);   /* small enough: unchanged */
	assert_int_equal(img.width, 1920);
	media_image_free(&img);
}

static const char *const names[13][2] = {
	{ "西安", "大雁塔" }, { "咸阳", "咸阳博物院" }, { "杨凌", "杨凌农业博览园" }, { "宝鸡", "宝鸡青铜器博物院" },
	{ "汉中", "古汉台" }, { "安康", "瀛湖" }, { "商洛", "金丝峡" }, { "渭南", "华山" }, { "韩城", "司马迁祠" },
	{ "铜川", "药王山" }, { "延安", "宝塔山" }, { "榆林", "镇北台" }, { "陕西省总工会", "陕西省总工会" },
};

static void test_posters(void **state)
{
	(void)state;
	mkdir("test-out", 0755);
	assert_true(mkdir("test-out/posters", 0755) == 0 || errno == EEXIST);
	uint8_t *jpeg;
	size_t len;
	struct media_image photo;
	/* A landscape photo, turned upright into a portrait one. */
	assert_int_equal(forge_jpeg(1600, 1200, 6, true, &jpeg, &len), 0);
	assert_int_equal(media_decode(jpeg, len, &photo), MEDIA_DECODE_OK);
	free(jpeg);
	for (int seq = 1; seq <= POSTER_TEMPLATES; seq++) {
		struct poster_text t = { seq, names[seq - 1][0], names[seq - 1][1], "欧阳明月", "2019年7月5日",
			                     30000 + 55000 * (int64_t)(seq - 1) };
		uint8_t *poster;
		size_t plen;
		int missing = -1;
		assert_int_equal(media_poster(&photo, &t, &poster, &plen, &missing), 0);
		assert_int_equal(missing, 0);   /* every character drawn by a real font, no boxes */
		assert_true(plen < 500 * 1024);
		struct media_header h;
		assert_int_equal(media_read_header(poster, plen, &h), MEDIA_HEADER_OK);
		assert_int_equal(h.format, MEDIA_JPEG);
		assert_int_equal(h.width, POSTER_WIDTH);
		assert_int_equal(h.height, POSTER_HEIGHT);
		assert_false(forge_has_exif(poster, plen));
		char path[64];
		snprintf(path, sizeof path, "test-out/posters/%02d.jpg", seq);
		FILE *f = fopen(path, "wb");
		assert_non_null(f);
		assert_int_equal(fwrite(poster, 1, plen, f), plen);
		fclose(f);
		free(poster);
	}
	media_image_free(&photo);
}

static void test_view(void **state)
{
	struct scratch_users *f = *state;
	cJSON *item = cJSON_CreateObject();
	assert_int_equal(media_view_add(f->db, 1, 1, 1, item), SQLITE_OK);
	assert_true(cJSON_IsFalse(cJSON_GetObjectItem(item, "poster")));
	assert_true(cJSON_IsNull(cJSON_GetObjectItem(item, "photo_check")));
	cJSON_Delete(item);
	char old[MEDIA_FILE_ID_CHARS + 1];
	const char *id = "0123456789abcdef0123456789abcdef";
	assert_int_equal(store_photo_put(f->db, 1, 1, 1, id, "tok", 100, old), SQLITE_OK);
	assert_string_equal(old, "");
	item = cJSON_CreateObject();
	assert_int_equal(media_view_add(f->db, 1, 1, 1, item), SQLITE_OK);
	assert_true(cJSON_IsTrue(cJSON_GetObjectItem(item, "poster")));
	assert_string_equal(cJSON_GetStringValue(cJSON_GetObjectItem(item, "photo_check")), "pending");
	cJSON_Delete(item);
	/* Sent, then risky: the files go, the view says why. */
	struct store_media_job job;
	int n = 0;
	assert_int_equal(store_media_queue(f->db, 10, &job, &n), SQLITE_OK);
	assert_int_equal(n, 1);
	assert_string_equal(job.file_id, id);
	assert_int_equal(store_media_sent(f->db, &job, "trace-1", 200), SQLITE_OK);
	char removed[MEDIA_FILE_ID_CHARS + 1];
	bool matched = false;
	assert_int_equal(store_media_verdict(f->db, "trace-1", "risky", 20002, 300, removed, &matched), SQLITE_OK);
	assert_true(matched);
	assert_string_equal(removed, id);
	assert_int_equal(store_media_verdict(f->db, "trace-1", "risky", 20002, 301, removed, &matched), SQLITE_OK);
	assert_false(matched);   /* repeated: harmless */
	item = cJSON_CreateObject();
	assert_int_equal(media_view_add(f->db, 1, 1, 1, item), SQLITE_OK);
	assert_true(cJSON_IsFalse(cJSON_GetObjectItem(item, "poster")));
	assert_string_equal(cJSON_GetStringValue(cJSON_GetObjectItem(item, "photo_check")), "risky");
	assert_non_null(cJSON_GetStringValue(cJSON_GetObjectItem(item, "photo_note")));
	cJSON_Delete(item);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_multipart_one_file),
		cmocka_unit_test(test_multipart_refusals),
		cmocka_unit_test(test_headers),
		cmocka_unit_test(test_decode_upright),
		cmocka_unit_test(test_shrink),
		cmocka_unit_test(test_posters),
		cmocka_unit_test_setup_teardown(test_view, scratch_users_setup, scratch_users_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
