/*
 * Checkpoint photos and posters through the real stack (API.md "Checkpoints",
 * WECHAT.md §4 and §4a, RULES §7 and §10): uploads as a raw JPEG carrying
 * EXIF orientation 6 and GPS and as wx.uploadFile's multipart PNG, the poster
 * served by nginx to its owner only, the refusals, the image check sent by
 * `walkctl media check` and answered by the fake's pushes (risky deletes,
 * review lists for admins, repeats change nothing), the push's signature and
 * appid refusals, and go-live removing the files.
 *
 * A participant is made "passed" by inserting their checkpoint_passes row
 * with sqlite3: passing by quiz is not what this suite is about.
 */
#include "walker.h"

#include "media_image.h"
#include "photo_forge.h"
#include "wx_push.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define POSTER1 "/api/activities/1/checkpoints/1/poster"
#define PHOTO(n) "/api/activities/1/checkpoints/" #n "/photo"

static struct stack S;
static struct walker A, B;

static int start_stack(void **state)
{
	(void)state;
	if (stack_start(&S, "photos", "WALK_WORKERS=2 ADMIN_LOGIN_RATE=100r/s ADMIN_LOGIN_RATE_ALL=100r/s") != 0)
		return -1;
	stack_clock(&S, "2019-06-25T10:00:00+08:00");   /* the public test */
	char out[512];
	if (stack_sh(&S, out, sizeof out, "echo photos-prov-2019 | walkctl admin add --username prov --role province") != 0 ||
	    stack_sh(&S, out, sizeof out, "echo photos-bj-2019 | walkctl admin add --username bj-admin --role union --union bj") != 0) {
		fprintf(stderr, "walkctl admin add: %s\n", out);
		return -1;
	}
	return 0;
}

static int stop_stack(void **state)
{
	(void)state;
	stack_stop(&S);
	return 0;
}

/* The first value of an SQL query on the stack's database, as text. */
static void sql_text(const char *sql, char *out, int size)
{
	if (stack_sh(&S, out, size, "sqlite3 \"$WALK_VAR/walk.db\" \"%s\"", sql) != 0)
		fail_msg("sqlite3 %s: %s", sql, out);
	out[strcspn(out, "\n")] = '\0';
}

static void pass_checkpoint(struct walker *w, int seq)
{
	char out[256];
	if (stack_sh(&S, out, sizeof out, "sqlite3 \"$WALK_VAR/walk.db\" \"INSERT INTO checkpoint_passes "
	             "(activity_id, user_id, seq, passed_at) VALUES (1, %ld, %d, 1561428000)\"", w->user_id, seq) != 0)
		fail_msg("pass: %s", out);
}

static int put_image(struct walker *w, struct http_reply *r, const char *path, const char *type, const void *body,
                     size_t len)
{
	const char *headers[] = { w->auth, NULL };
	return stack_req(r, &S, WALK, "PUT", path, type, body, (long)len, headers);
}

static char *read_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	*len = 0;
	if (!f)
		return NULL;
	fseek(f, 0, SEEK_END);
	long n = ftell(f);
	rewind(f);
	char *p = malloc((size_t)n + 1);
	*len = fread(p, 1, (size_t)n, f);
	fclose(f);
	return p;
}

/* The path of a stored file of checkpoint seq of w ("" when no row or no file). */
static void stored(struct walker *w, int seq, const char *kind, char *path, size_t size)
{
	char sql[256], id[40];
	snprintf(sql, sizeof sql, "SELECT coalesce(file_id, '') FROM checkpoint_photos WHERE user_id = %ld AND seq = %d",
	         w->user_id, seq);
	sql_text(sql, id, sizeof id);
	if (!id[0]) {
		path[0] = '\0';
		return;
	}
	snprintf(path, size, "%s/media/%.2s/%s.%s.jpg", S.var, id, id, kind);
}

static bool exists(const char *path)
{
	struct stat st;
	return path[0] && stat(path, &st) == 0;
}

/* GET the poster as w; asserts a JPEG 1080 px wide without EXIF when 200. */
static long get_poster(struct walker *w, const char *path)
{
	struct http_reply r;
	assert_int_equal(walker_req(w, &r, "GET", path, NULL), 0);
	long status = r.status;
	if (status == 200) {
		char ctype[64];
		http_header(&r, "Content-Type", ctype, sizeof ctype);
		assert_string_equal(ctype, "image/jpeg");
		struct media_header h;
		assert_int_equal(media_read_header((const uint8_t *)r.body, r.len, &h), MEDIA_HEADER_OK);
		assert_int_equal(h.format, MEDIA_JPEG);
		assert_int_equal(h.width, 1080);
		assert_true(r.len < 500 * 1024);
		assert_false(forge_has_exif((const uint8_t *)r.body, r.len));
	}
	http_reply_free(&r);
	return status;
}

/* What the participant's checkpoints view says of checkpoint seq's photo:
 * poster, photo_check ("null" for null) and photo_note ("" when absent). */
static void view_of(struct walker *w, int seq, bool *poster, char *check, size_t check_size, char *note,
                    size_t note_size)
{
	struct http_reply r;
	assert_int_equal(walker_req(w, &r, "GET", "/api/activities/1/checkpoints", NULL), 0);
	expect_status(&r, 200);
	cJSON *item = cJSON_GetArrayItem(cJSON_GetObjectItem(r.json, "items"), seq - 1);
	assert_non_null(item);
	cJSON *p = cJSON_GetObjectItem(item, "poster"), *c = cJSON_GetObjectItem(item, "photo_check");
	assert_true(cJSON_IsBool(p));
	*poster = cJSON_IsTrue(p);
	snprintf(check, check_size, "%s", cJSON_IsString(c) ? c->valuestring : cJSON_IsNull(c) ? "null" : "?");
	const char *n = cJSON_GetStringValue(cJSON_GetObjectItem(item, "photo_note"));
	snprintf(note, note_size, "%s", n ? n : "");
	http_reply_free(&r);
}

static void jpeg_with_exif_and_gps_comes_back_upright_without_them(void **state)
{
	(void)state;
	walker_person(&A, &S, "王小明");
	walker_person(&B, &S, "李小红");
	pass_checkpoint(&A, 1);
	uint8_t *jpeg;
	size_t len;
	assert_int_equal(forge_jpeg(640, 320, 6, true, &jpeg, &len), 0);
	struct http_reply r;
	/* Sent as octet-stream: the magic bytes decide, not the Content-Type. */
	assert_int_equal(put_image(&A, &r, PHOTO(1), "application/octet-stream", jpeg, len), 0);
	expect_status(&r, 200);
	assert_string_equal(http_str(&r, "poster"), POSTER1);
	assert_string_equal(http_str(&r, "check"), "pending");
	http_reply_free(&r);
	free(jpeg);
	assert_int_equal(get_poster(&A, POSTER1), 200);
	/* The checkpoints view: a poster, the check pending; none for checkpoint 2. */
	bool poster;
	char check[32], note[256];
	view_of(&A, 1, &poster, check, sizeof check, note, sizeof note);
	assert_true(poster);
	assert_string_equal(check, "pending");
	assert_string_equal(note, "");
	view_of(&A, 2, &poster, check, sizeof check, note, sizeof note);
	assert_false(poster);
	assert_string_equal(check, "null");
	/* The stored photo: upright (320 x 640, red on top), re-encoded without EXIF. */
	char path[1024];
	stored(&A, 1, "photo", path, sizeof path);
	size_t plen = 0;
	char *photo = read_file(path, &plen);
	assert_non_null(photo);
	assert_false(forge_has_exif((const uint8_t *)photo, plen));
	struct media_image img;
	assert_int_equal(media_decode((const uint8_t *)photo, plen, &img), MEDIA_DECODE_OK);
	assert_int_equal(img.width, 320);
	assert_int_equal(img.height, 640);
	const uint8_t *top = img.rgb + ((size_t)100 * img.width + 160) * 3;
	const uint8_t *bottom = img.rgb + ((size_t)540 * img.width + 160) * 3;
	assert_true(top[0] > 150 && top[2] < 100);
	assert_true(bottom[2] > 150 && bottom[0] < 100);
	media_image_free(&img);
	free(photo);
}

static void png_through_multipart_and_a_replacement_removes_the_old_files(void **state)
{
	(void)state;
	pass_checkpoint(&A, 2);
	uint8_t *png;
	size_t len;
	assert_int_equal(forge_png(300, 200, &png, &len), 0);
	static const char head[] = "--wxUpload9f2\r\nContent-Disposition: form-data; name=\"photo\"; filename=\"wx.png\"\r\n"
	                           "Content-Type: image/png\r\n\r\n";
	static const char tail[] = "\r\n--wxUpload9f2--\r\n";
	size_t n = sizeof head - 1 + len + sizeof tail - 1;
	char *body = malloc(n);
	memcpy(body, head, sizeof head - 1);
	memcpy(body + sizeof head - 1, png, len);
	memcpy(body + sizeof head - 1 + len, tail, sizeof tail - 1);
	struct http_reply r;
	for (int i = 0; i < 2; i++) {
		char before[1024];
		stored(&A, 2, "poster", before, sizeof before);
		assert_int_equal(put_image(&A, &r, PHOTO(2), "multipart/form-data; boundary=wxUpload9f2", body, n), 0);
		expect_status(&r, 200);
		http_reply_free(&r);
		char after[1024];
		stored(&A, 2, "poster", after, sizeof after);
		assert_true(exists(after));
		if (i == 1) {   /* the second upload replaced the first: its files are gone */
			assert_string_not_equal(before, after);
			assert_false(exists(before));
		}
	}
	assert_int_equal(get_poster(&A, "/api/activities/1/checkpoints/2/poster"), 200);
	free(body);
	free(png);
}

static void bad_uploads_are_refused_and_change_nothing(void **state)
{
	(void)state;
	long rows = stack_sql_int(&S, "SELECT count(*) FROM checkpoint_photos");
	uint8_t *jpeg, bomb[128];
	size_t len;
	assert_int_equal(forge_jpeg(64, 64, 0, false, &jpeg, &len), 0);
	struct http_reply r;
	assert_int_equal(put_image(&A, &r, PHOTO(3), "image/jpeg", jpeg, len), 0);
	expect_error(&r, 409, "not_passed", NULL);
	assert_int_equal(put_image(&A, &r, PHOTO(99), "image/jpeg", jpeg, len), 0);
	expect_error(&r, 404, "not_found", NULL);
	/* A PNG claiming 100,000 x 100,000 pixels in a few bytes. */
	size_t n = forge_png_header(100000, 100000, bomb);
	assert_int_equal(put_image(&A, &r, PHOTO(1), "image/png", bomb, n), 0);
	expect_error(&r, 400, "bad_image", "photo");
	/* A GIF sent as image/jpeg. */
	static const char gif[] = "GIF89a\x01\x00\x01\x00\x80\x00\x00\x00\x00\x00\xff\xff\xff!\xf9\x04\x01\x00\x00\x00\x00,"
	                          "\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02D\x01\x00;";
	assert_int_equal(put_image(&A, &r, PHOTO(1), "image/jpeg", gif, sizeof gif - 1), 0);
	expect_error(&r, 400, "bad_image", "photo");
	/* A truncated JPEG. */
	assert_int_equal(put_image(&A, &r, PHOTO(1), "image/jpeg", jpeg, len / 2), 0);
	expect_error(&r, 400, "bad_image", "photo");
	/* Multipart without the photo part. */
	static const char other[] = "--b\r\nContent-Disposition: form-data; name=\"pic\"; filename=\"a.jpg\"\r\n\r\nx\r\n--b--";
	assert_int_equal(put_image(&A, &r, PHOTO(1), "multipart/form-data; boundary=b", other, sizeof other - 1), 0);
	expect_error(&r, 400, "bad_image", "photo");
	free(jpeg);
	/* 6 MB: nginx refuses it before a worker reads it. */
	size_t big = 6 * 1024 * 1024;
	char *six = calloc(1, big);
	memcpy(six, "\xff\xd8\xff", 3);
	assert_int_equal(put_image(&A, &r, PHOTO(1), "image/jpeg", six, big), 0);
	expect_error(&r, 413, "body_too_large", NULL);
	free(six);
	assert_int_equal(stack_sql_int(&S, "SELECT count(*) FROM checkpoint_photos"), rows);
	assert_int_equal(get_poster(&A, POSTER1), 200);   /* the earlier photo stays */
}

static void nobody_else_gets_the_poster(void **state)
{
	(void)state;
	assert_int_equal(get_poster(&B, POSTER1), 404);   /* B asks for their own: none */
	struct http_reply r;
	assert_int_equal(stack_get(&r, &S, WALK, POSTER1), 0);   /* no token */
	assert_int_equal(r.status, 401);
	http_reply_free(&r);
	/* The files' internal location is not reachable from outside. */
	char path[1024], url[700];
	stored(&A, 1, "poster", path, sizeof path);
	snprintf(url, sizeof url, "/_media/%s", path + strlen(S.var) + strlen("/media/"));
	assert_int_equal(stack_get(&r, &S, WALK, url), 0);
	assert_int_equal(r.status, 404);
	http_reply_free(&r);
}

/* walkctl media check; its output into out. */
static int media_check(char *out, int size)
{
	return stack_sh(&S, out, size, "walkctl media check");
}

static void push(const char *json, const char *answer)
{
	struct http_reply r;
	assert_int_equal(stack_post(&r, &S, FAKE, "/fake/media_check", json), 0);
	expect_status(&r, 200);
	cJSON *a = cJSON_GetArrayItem(cJSON_GetObjectItem(r.json, "answers"), 0);
	assert_string_equal(cJSON_GetStringValue(a), answer);
	http_reply_free(&r);
}

static void trace_of(int seq, char *trace, int size)
{
	char sql[160];
	snprintf(sql, sizeof sql, "SELECT trace_id FROM checkpoint_photos WHERE user_id = %ld AND seq = %d", A.user_id, seq);
	sql_text(sql, trace, size);
	assert_int_equal(strlen(trace), 32);
}

static void risky_verdict_deletes_photo_and_poster(void **state)
{
	(void)state;
	char out[512], token[128], sql[256];
	snprintf(sql, sizeof sql, "SELECT fetch_token FROM checkpoint_photos WHERE user_id = %ld AND seq = 1", A.user_id);
	sql_text(sql, token, sizeof token);
	/* The photo's URL for WeChat answers the photo; a wrong token nothing. */
	struct http_reply r;
	char url[256];
	snprintf(url, sizeof url, "/api/media/%s", token);
	assert_int_equal(stack_get(&r, &S, WALK, url), 0);
	assert_int_equal(r.status, 200);
	assert_int_equal(media_sniff((const uint8_t *)r.body, r.len), MEDIA_JPEG);
	http_reply_free(&r);
	url[strlen(url) - 1] = url[strlen(url) - 1] == 'A' ? 'B' : 'A';
	assert_int_equal(stack_get(&r, &S, WALK, url), 0);
	assert_int_equal(r.status, 404);
	http_reply_free(&r);
	/* Both photos go out; the fake fetched each (it refuses what it cannot download). */
	assert_int_equal(media_check(out, sizeof out), 0);
	if (!strstr(out, "2 photo(s) sent, 0 not accepted"))
		fail_msg("walkctl media check: %s", out);
	assert_int_equal(stack_fake_calls(&S, "media_check_async"), 2);
	assert_int_equal(stack_sql_int(&S, "SELECT count(*) FROM checkpoint_photos WHERE check_state = 'sent'"), 2);
	assert_int_equal(stack_sql_int(&S, "SELECT count(*) FROM media_check_sends"), 2);
	assert_int_equal(media_check(out, sizeof out), 0);   /* nothing queued: nothing sent again */
	assert_int_equal(stack_fake_calls(&S, "media_check_async"), 2);
	char trace[64], photo[1024], poster[1024], json[160];
	trace_of(1, trace, sizeof trace);
	stored(&A, 1, "photo", photo, sizeof photo);
	stored(&A, 1, "poster", poster, sizeof poster);
	snprintf(json, sizeof json, "{\"trace_id\":\"%s\",\"suggest\":\"risky\",\"label\":20002}", trace);
	push(json, "success");
	assert_false(exists(photo));
	assert_false(exists(poster));
	assert_int_equal(get_poster(&A, POSTER1), 404);
	/* The view says why. */
	bool has_poster;
	char check[32], note[256];
	view_of(&A, 1, &has_poster, check, sizeof check, note, sizeof note);
	assert_false(has_poster);
	assert_string_equal(check, "risky");
	assert_true(note[0] != '\0');
	snprintf(sql, sizeof sql, "SELECT check_state || ':' || label FROM checkpoint_photos WHERE trace_id = '%s'", trace);
	sql_text(sql, out, sizeof out);
	assert_string_equal(out, "risky:20002");
	assert_int_equal(stack_get(&r, &S, WALK, "/api/media/x"), 0);   /* and its URL is gone */
	assert_int_equal(r.status, 404);
	http_reply_free(&r);
	/* The same event again, or a pass after it, changes nothing. */
	push(json, "success");
	snprintf(json, sizeof json, "{\"trace_id\":\"%s\",\"suggest\":\"pass\"}", trace);
	push(json, "success");
	sql_text(sql, out, sizeof out);
	assert_string_equal(out, "risky:20002");
}

static void review_stays_with_its_owner_and_is_listed_for_admins(void **state)
{
	(void)state;
	char trace[64], json[160];
	trace_of(2, trace, sizeof trace);
	snprintf(json, sizeof json, "{\"trace_id\":\"%s\",\"suggest\":\"review\",\"label\":21000}", trace);
	push(json, "success");
	assert_int_equal(get_poster(&A, "/api/activities/1/checkpoints/2/poster"), 200);
	const char *who[][3] = { { "prov", "photos-prov-2019", "1" }, { "bj-admin", "photos-bj-2019", "0" } };
	for (int i = 0; i < 2; i++) {
		char body[128], set[256], cookie[300];
		snprintf(body, sizeof body, "{\"username\":\"%s\",\"password\":\"%s\"}", who[i][0], who[i][1]);
		struct http_reply r;
		assert_int_equal(stack_post(&r, &S, WALK, "/admin/api/login", body), 0);
		expect_status(&r, 200);
		http_header(&r, "Set-Cookie", set, sizeof set);
		http_reply_free(&r);
		snprintf(cookie, sizeof cookie, "Cookie: %.*s", (int)strcspn(set, ";"), set);
		const char *headers[] = { cookie, NULL };
		assert_int_equal(stack_req(&r, &S, WALK, "GET", "/admin/api/photos/review?aid=1", NULL, NULL, 0, headers), 0);
		expect_status(&r, 200);
		assert_int_equal((long)http_num(&r, "total"), atol(who[i][2]));
		if (i == 0) {
			cJSON *item = cJSON_GetArrayItem(cJSON_GetObjectItem(r.json, "items"), 0);
			assert_string_equal(cJSON_GetStringValue(cJSON_GetObjectItem(item, "name")), "王小明");
			assert_int_equal(cJSON_GetObjectItem(item, "no")->valueint, 2);
		}
		http_reply_free(&r);
		if (i == 1) {   /* a union admin asking for another union */
			assert_int_equal(stack_req(&r, &S, WALK, "GET", "/admin/api/photos/review?aid=1&union=xa", NULL, NULL, 0,
			                           headers), 0);
			expect_error(&r, 403, "forbidden", NULL);
		}
	}
}

/* POST /api/wx/events signed with token over encrypt (or a wrong signature). */
static void post_event(const char *encrypt, bool good_signature, struct http_reply *r)
{
	char sig[WX_PUSH_SIG_HEX], path[512], body[4096];
	const char *parts[] = { "dev-push-token", "1561428000", "n0nce", encrypt };
	wx_push_signature(parts, 4, sig);
	if (!good_signature)
		sig[0] = sig[0] == '0' ? '1' : '0';
	snprintf(path, sizeof path, "/api/wx/events?signature=x&timestamp=1561428000&nonce=n0nce&encrypt_type=aes"
	         "&msg_signature=%s", sig);
	snprintf(body, sizeof body, "{\"ToUserName\":\"gh_x\",\"Encrypt\":\"%s\"}", encrypt);
	assert_int_equal(stack_req(r, &S, WALK, "POST", path, "application/json", body, -1, NULL), 0);
}

static void push_handshake_signature_and_appid(void **state)
{
	(void)state;
	struct http_reply r;
	assert_int_equal(stack_post(&r, &S, FAKE, "/fake/push_verify", "{}"), 0);
	expect_status(&r, 200);
	assert_true(cJSON_IsTrue(cJSON_GetObjectItem(r.json, "ok")));
	http_reply_free(&r);
	assert_int_equal(stack_get(&r, &S, WALK, "/api/wx/events?signature=0000000000000000000000000000000000000000"
	                                         "&timestamp=1&nonce=2&echostr=hello"), 0);
	expect_error(&r, 403, "bad_signature", NULL);
	/* A well-formed verdict for the photo in review, sealed three ways. */
	char trace[64], msg[512];
	trace_of(2, trace, sizeof trace);
	snprintf(msg, sizeof msg, "{\"Event\":\"wxa_media_check\",\"appid\":\"wxd0e1a2b3c4d5e6f7\",\"trace_id\":\"%s\","
	         "\"version\":2,\"result\":{\"suggest\":\"risky\",\"label\":20002},\"errcode\":0}", trace);
	uint8_t key[WX_PUSH_KEY];
	assert_int_equal(wx_push_key("ZGV2LXB1c2gtYWVzLWtleS1ub3QtZm9yLXByb2R1Y3Q", key), 0);
	char *sealed, *other_app;
	assert_int_equal(wx_push_encrypt(key, NULL, msg, strlen(msg), "wxd0e1a2b3c4d5e6f7", &sealed), 0);
	assert_int_equal(wx_push_encrypt(key, NULL, msg, strlen(msg), "wx0000000000000000", &other_app), 0);
	post_event(sealed, false, &r);
	expect_error(&r, 403, "bad_signature", NULL);
	post_event(other_app, true, &r);
	expect_error(&r, 403, "bad_appid", NULL);
	post_event("bm90IGEgYmxvY2s=", true, &r);
	expect_error(&r, 400, "bad_event", NULL);
	assert_int_equal(get_poster(&A, "/api/activities/1/checkpoints/2/poster"), 200);   /* none of them counted */
	post_event(sealed, true, &r);   /* the good one does */
	expect_status(&r, 200);
	assert_string_equal(r.body, "success");
	http_reply_free(&r);
	assert_int_equal(get_poster(&A, "/api/activities/1/checkpoints/2/poster"), 404);
	free(sealed);
	free(other_app);
}

static void golive_wipes_photos_and_their_files(void **state)
{
	(void)state;
	pass_checkpoint(&B, 1);
	uint8_t *jpeg;
	size_t len;
	assert_int_equal(forge_jpeg(200, 150, 1, false, &jpeg, &len), 0);
	struct http_reply r;
	assert_int_equal(put_image(&B, &r, PHOTO(1), "image/jpeg", jpeg, len), 0);
	expect_status(&r, 200);
	http_reply_free(&r);
	free(jpeg);
	char photo[1024], poster[1024], out[512];
	stored(&B, 1, "photo", photo, sizeof photo);
	stored(&B, 1, "poster", poster, sizeof poster);
	assert_true(exists(photo) && exists(poster));
	stack_clock(&S, "2019-07-01T00:05:00+08:00");
	assert_int_equal(stack_sh(&S, out, sizeof out, "walkctl settle"), 0);
	assert_int_equal(stack_sql_int(&S, "SELECT count(*) FROM checkpoint_photos"), 0);
	assert_true(stack_sql_int(&S, "SELECT count(*) FROM media_trash") >= 1);
	assert_int_equal(media_check(out, sizeof out), 0);
	assert_int_equal(stack_sql_int(&S, "SELECT count(*) FROM media_trash"), 0);
	assert_false(exists(photo));
	assert_false(exists(poster));
	assert_int_equal(get_poster(&B, POSTER1), 404);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(jpeg_with_exif_and_gps_comes_back_upright_without_them),
		cmocka_unit_test(png_through_multipart_and_a_replacement_removes_the_old_files),
		cmocka_unit_test(bad_uploads_are_refused_and_change_nothing),
		cmocka_unit_test(nobody_else_gets_the_poster),
		cmocka_unit_test(risky_verdict_deletes_photo_and_poster),
		cmocka_unit_test(review_stays_with_its_owner_and_is_listed_for_admins),
		cmocka_unit_test(push_handshake_signature_and_appid),
		cmocka_unit_test(golive_wipes_photos_and_their_files),
	};
	return cmocka_run_group_tests(tests, start_stack, stop_stack);
}
