/* The FastCGI reader (fcgi/fw/fastcgi.h) on a byte stream from the web
 * server, fed in pieces: the input's first byte picks the piece size, so that
 * records split anywhere.  Properties: what is consumed is whole records and
 * never more than was given; a stop for more bytes leaves no whole record
 * unread; a complete request's parameters are NUL-terminated strings inside
 * their buffer and found by name; its body is at most the limit and at most
 * what was sent; everything written back is well-formed records. */
#include "fuzz.h"

#include "fastcgi.h"

/* Small, so that inputs of a few hundred bytes reach them. */
static const struct fcgi_limits limits = { .max_params = 256, .max_stdin = 8 };

static size_t record_len(const uint8_t *p)
{
	return FCGI_HEADER_LEN + ((size_t)p[4] << 8 | p[5]) + p[6];
}

static void check_records(const struct buf *out)
{
	const uint8_t *p = (const uint8_t *)out->data;
	size_t at = 0;
	while (at < out->len) {
		FUZZ_CHECK(out->len - at >= FCGI_HEADER_LEN);
		FUZZ_CHECK(p[at] == 1 && p[at + 6] < 8 && p[at + 7] == 0);
		FUZZ_CHECK(record_len(p + at) % 8 == 0 && record_len(p + at) <= out->len - at);
		at += record_len(p + at);
	}
}

static void check_request(const struct fcgi_request *r)
{
	FUZZ_CHECK(r->phase == FCGI_COMPLETE && r->id != 0);
	FUZZ_CHECK(r->body.len <= limits.max_stdin && r->body.len <= r->body_total);
	FUZZ_CHECK(r->body.len == 0 || r->body.data[r->body.len] == '\0');
	for (size_t i = 0; i < r->npairs; i++) {
		const struct fcgi_pair *pair = &r->index[i];
		FUZZ_CHECK(pair->name + pair->name_len < r->pairs.len && r->pairs.data[pair->name + pair->name_len] == '\0');
		FUZZ_CHECK(pair->value + pair->value_len < r->pairs.len && r->pairs.data[pair->value + pair->value_len] == '\0');
		const char *name = r->pairs.data + pair->name;
		if (strlen(name) == pair->name_len) {   /* a name with a NUL in it cannot be asked for */
			const char *v = fcgi_param(r, name);
			FUZZ_CHECK(v && v >= r->pairs.data && v < r->pairs.data + r->pairs.len);
			FUZZ_CHECK(strlen(v) <= r->pairs.len);
		}
	}
	FUZZ_CHECK(fcgi_param(r, "NOT\nA\nNAME") == NULL || r->npairs > 0);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	size_t piece = (size_t)data[0] + 1;
	data++;
	size--;
	struct fcgi_request r = { 0 };
	struct buf pending = { 0 }, out = { 0 };
	size_t given = 0;
	bool open = true;
	while (open && given < size) {
		size_t n = size - given < piece ? size - given : piece;
		buf_append(&pending, data + given, n);
		given += n;
		size_t at = 0;
		for (;;) {
			size_t used = 0;
			enum fcgi_feed_result res = fcgi_feed(&r, &limits, (const uint8_t *)pending.data + at,
			                                      pending.len - at, &used, &out);
			FUZZ_CHECK(used <= pending.len - at);
			at += used;
			check_records(&out);
			buf_reset(&out, 0);
			if (res == FCGI_PROTOCOL_ERROR || res == FCGI_CLOSE) {
				open = false;
				break;
			}
			if (res == FCGI_NEED_MORE) {
				size_t rest = pending.len - at;
				FUZZ_CHECK(rest < FCGI_HEADER_LEN || record_len((const uint8_t *)pending.data + at) > rest);
				break;
			}
			check_request(&r);
			fcgi_put_stdout(&out, r.id, r.body.data, r.body.len);
			fcgi_put_end(&out, r.id, 0, FCGI_REQUEST_COMPLETE);
			check_records(&out);
			buf_reset(&out, 0);
			fcgi_request_reset(&r);
		}
		/* Keep the unread rest for the next piece. */
		struct buf rest = { 0 };
		buf_append(&rest, pending.data + at, pending.len - at);
		buf_free(&pending);
		pending = rest;
	}
	buf_free(&pending);
	buf_free(&out);
	fcgi_request_free(&r);
	return 0;
}
