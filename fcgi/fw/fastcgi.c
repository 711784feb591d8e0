#include "fastcgi.h"

#include <stdlib.h>
#include <string.h>

enum { FCGI_VERSION_1 = 1, FCGI_RESPONDER = 1, FCGI_KEEP_CONN = 1 };

static void put_record(struct buf *out, uint8_t type, uint16_t id, const void *content, size_t n)
{
	/* Padded to a multiple of 8, as the specification recommends. */
	static const uint8_t zeros[8];
	uint8_t pad = (uint8_t)((8 - n % 8) % 8);
	uint8_t head[FCGI_HEADER_LEN] = { FCGI_VERSION_1, type, (uint8_t)(id >> 8), (uint8_t)id,
	                                  (uint8_t)(n >> 8), (uint8_t)n, pad, 0 };
	buf_append(out, head, sizeof head);
	if (n)
		buf_append(out, content, n);
	if (pad)
		buf_append(out, zeros, pad);
}

void fcgi_put_stdout(struct buf *out, uint16_t id, const void *data, size_t n)
{
	const uint8_t *p = data;
	while (n) {
		size_t chunk = n < FCGI_MAX_CONTENT - 7 ? n : FCGI_MAX_CONTENT - 7;   /* 65528: no padding */
		put_record(out, FCGI_STDOUT, id, p, chunk);
		p += chunk;
		n -= chunk;
	}
}

void fcgi_put_end(struct buf *out, uint16_t id, uint32_t app_status, uint8_t protocol_status)
{
	uint8_t body[8] = { (uint8_t)(app_status >> 24), (uint8_t)(app_status >> 16), (uint8_t)(app_status >> 8),
	                    (uint8_t)app_status, protocol_status, 0, 0, 0 };
	put_record(out, FCGI_STDOUT, id, NULL, 0);
	put_record(out, FCGI_END_REQUEST, id, body, sizeof body);
}

/* A name-value pair's length: one byte below 128, else four with the top bit set. */
static bool read_length(const uint8_t *p, size_t len, size_t *at, size_t *out)
{
	if (*at >= len)
		return false;
	if (p[*at] < 0x80) {
		*out = p[(*at)++];
		return true;
	}
	if (len - *at < 4)
		return false;
	*out = ((size_t)(p[*at] & 0x7f) << 24) | ((size_t)p[*at + 1] << 16) | ((size_t)p[*at + 2] << 8) | p[*at + 3];
	*at += 4;
	return true;
}

/* Walks the encoded pairs of p[0, len); with index, records each one in r. */
static bool decode_pairs(struct fcgi_request *r, const uint8_t *p, size_t len)
{
	size_t at = 0;
	while (at < len) {
		size_t nl, vl;
		if (!read_length(p, len, &at, &nl) || !read_length(p, len, &at, &vl) || nl > len - at ||
		    vl > len - at - nl)
			return false;
		if (r->npairs == r->index_cap) {
			r->index_cap = r->index_cap ? r->index_cap * 2 : 32;
			r->index = realloc(r->index, r->index_cap * sizeof *r->index);
			if (!r->index)
				abort();
		}
		struct fcgi_pair *pair = &r->index[r->npairs++];
		pair->name = r->pairs.len;
		pair->name_len = nl;
		buf_append(&r->pairs, p + at, nl);
		buf_append(&r->pairs, "", 1);
		pair->value = r->pairs.len;
		pair->value_len = vl;
		buf_append(&r->pairs, p + at + nl, vl);
		buf_append(&r->pairs, "", 1);
		at += nl + vl;
	}
	return true;
}

const char *fcgi_param(const struct fcgi_request *r, const char *name)
{
	if (r->phase != FCGI_COMPLETE)
		return NULL;
	size_t n = strlen(name);
	for (size_t i = 0; i < r->npairs; i++)
		if (r->index[i].name_len == n && memcmp(r->pairs.data + r->index[i].name, name, n) == 0)
			return r->pairs.data + r->index[i].value;
	return NULL;
}

void fcgi_request_reset(struct fcgi_request *r)
{
	r->phase = FCGI_IDLE;
	r->id = 0;
	r->keep_conn = false;
	r->npairs = 0;
	r->body_total = 0;
	buf_reset(&r->params_raw, 64 * 1024);
	buf_reset(&r->pairs, 64 * 1024);
	buf_reset(&r->body, 256 * 1024);
}

void fcgi_request_free(struct fcgi_request *r)
{
	buf_free(&r->params_raw);
	buf_free(&r->pairs);
	buf_free(&r->body);
	free(r->index);
	memset(r, 0, sizeof *r);
}

/* GET_VALUES: the variables asked for that this side knows, with their values. */
static void answer_get_values(const uint8_t *p, size_t len, struct buf *out)
{
	static const char *const known[][2] = { { "FCGI_MAX_CONNS", "1024" }, { "FCGI_MAX_REQS", "1024" },
	                                        { "FCGI_MPXS_CONNS", "0" } };
	struct buf result = { 0 };
	size_t at = 0, nl, vl;
	while (read_length(p, len, &at, &nl) && read_length(p, len, &at, &vl) && nl <= len - at &&
	       vl <= len - at - nl) {
		for (size_t k = 0; k < sizeof known / sizeof known[0]; k++) {
			size_t kl = strlen(known[k][0]), kv = strlen(known[k][1]);
			if (kl == nl && memcmp(p + at, known[k][0], nl) == 0) {
				uint8_t lens[2] = { (uint8_t)kl, (uint8_t)kv };
				buf_append(&result, lens, 2);
				buf_append(&result, known[k][0], kl);
				buf_append(&result, known[k][1], kv);
			}
		}
		at += nl + vl;
	}
	put_record(out, FCGI_GET_VALUES_RESULT, 0, result.data, result.len);
	buf_free(&result);
}

static void answer_management(uint8_t type, const uint8_t *content, size_t len, struct buf *out)
{
	if (type == FCGI_GET_VALUES) {
		answer_get_values(content, len, out);
	} else {
		uint8_t body[8] = { type };
		put_record(out, FCGI_UNKNOWN_TYPE, 0, body, sizeof body);
	}
}

static void begin_request(struct fcgi_request *r, uint16_t id, const uint8_t *content, size_t len,
                          struct buf *out)
{
	if (r->phase != FCGI_IDLE) {
		fcgi_put_end(out, id, 0, FCGI_CANT_MPX_CONN);
		return;
	}
	unsigned role = len >= 3 ? (unsigned)content[0] << 8 | content[1] : 0;
	if (role != FCGI_RESPONDER) {
		fcgi_put_end(out, id, 0, FCGI_UNKNOWN_ROLE);
		return;
	}
	fcgi_request_reset(r);
	r->phase = FCGI_IN_PARAMS;
	r->id = id;
	r->keep_conn = (content[2] & FCGI_KEEP_CONN) != 0;
}

/* One record of the open request.  Returns FCGI_NEED_MORE to go on. */
static enum fcgi_feed_result request_record(struct fcgi_request *r, const struct fcgi_limits *limits,
                                            uint8_t type, const uint8_t *content, size_t len,
                                            struct buf *out)
{
	if (type == FCGI_ABORT_REQUEST) {
		bool keep = r->keep_conn;
		fcgi_put_end(out, r->id, 0, FCGI_REQUEST_COMPLETE);
		fcgi_request_reset(r);
		return keep ? FCGI_NEED_MORE : FCGI_CLOSE;
	}
	if (type == FCGI_PARAMS && r->phase == FCGI_IN_PARAMS) {
		if (len == 0) {
			if (!decode_pairs(r, (const uint8_t *)r->params_raw.data, r->params_raw.len))
				return FCGI_PROTOCOL_ERROR;
			r->phase = FCGI_IN_STDIN;
			return FCGI_NEED_MORE;
		}
		if (r->params_raw.len + len > limits->max_params)
			return FCGI_PROTOCOL_ERROR;
		buf_append(&r->params_raw, content, len);
		return FCGI_NEED_MORE;
	}
	if (type == FCGI_STDIN && r->phase == FCGI_IN_STDIN) {
		if (len == 0) {
			r->phase = FCGI_COMPLETE;
			return FCGI_REQUEST_READY;
		}
		size_t room = r->body.len < limits->max_stdin ? limits->max_stdin - r->body.len : 0;
		buf_append(&r->body, content, len < room ? len : room);
		r->body_total += len;
		return FCGI_NEED_MORE;
	}
	if (type == FCGI_DATA)
		return FCGI_NEED_MORE;   /* the filter role's stream: a responder ignores it */
	return FCGI_PROTOCOL_ERROR;      /* out of order (STDIN before the end of PARAMS, ...) */
}

enum fcgi_feed_result fcgi_feed(struct fcgi_request *r, const struct fcgi_limits *limits,
                                const uint8_t *data, size_t len, size_t *used, struct buf *out)
{
	size_t at = 0;
	enum fcgi_feed_result result = FCGI_NEED_MORE;
	while (result == FCGI_NEED_MORE && r->phase != FCGI_COMPLETE && len - at >= FCGI_HEADER_LEN) {
		const uint8_t *h = data + at;
		if (h[0] != FCGI_VERSION_1) {
			result = FCGI_PROTOCOL_ERROR;
			break;
		}
		uint8_t type = h[1];
		uint16_t id = (uint16_t)(h[2] << 8 | h[3]);
		size_t clen = (size_t)h[4] << 8 | h[5], total = FCGI_HEADER_LEN + clen + h[6];
		if (len - at < total)
			break;
		const uint8_t *content = h + FCGI_HEADER_LEN;
		at += total;
		if (id == 0)
			answer_management(type, content, clen, out);
		else if (type == FCGI_BEGIN_REQUEST)
			begin_request(r, id, content, clen, out);
		else if (r->phase != FCGI_IDLE && id == r->id)
			result = request_record(r, limits, type, content, clen, out);
		/* else: a record of no open request (one refused, or aborted): ignored */
	}
	*used = at;
	return result;
}
