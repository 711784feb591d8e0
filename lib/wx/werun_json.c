#include "werun_json.h"

#include "calendar.h"

#include <stdbool.h>
#include <stdint.h>
#include <string.h>
#include <strings.h>

/* ------------------------------------------------------------ the text */

/* Decodes the UTF-8 sequence at p (at most end - p bytes): its length, with
 * the scalar value in *cp; 0 if it is not the shortest-form encoding of a
 * scalar value (no surrogates, nothing beyond U+10FFFF). */
static size_t utf8_decode(const unsigned char *p, const unsigned char *end, uint32_t *cp)
{
	static const uint32_t least[5] = { 0, 0, 0x80, 0x800, 0x10000 };
	unsigned c = p[0];
	size_t n = c < 0x80 ? 1 : (c & 0xe0) == 0xc0 ? 2 : (c & 0xf0) == 0xe0 ? 3 : (c & 0xf8) == 0xf0 ? 4 : 0;
	if (n == 0 || (size_t)(end - p) < n)
		return 0;
	uint32_t v = n == 1 ? c : c & (0x7f >> n);
	for (size_t i = 1; i < n; i++) {
		if ((p[i] & 0xc0) != 0x80)
			return 0;
		v = v << 6 | (p[i] & 0x3f);
	}
	if (v < least[n] || v > 0x10ffff || (v >= 0xd800 && v <= 0xdfff))
		return 0;
	*cp = v;
	return n;
}

/* WECHAT.md §2: valid UTF-8 without control characters anywhere (C0, DEL,
 * C1).  Garbage blocks almost never are, and this says so before any grammar
 * is tried. */
static const char *check_text(const unsigned char *p, size_t len)
{
	const unsigned char *end = p + len;
	while (p < end) {
		if (*p >= 0x20 && *p < 0x7f) {   /* printable ASCII, nearly all of it */
			p++;
			continue;
		}
		uint32_t cp;
		size_t n = utf8_decode(p, end, &cp);
		if (n == 0)
			return "not UTF-8";
		if (cp < 0x20 || (cp >= 0x7f && cp <= 0x9f))
			return "control character";
		p += n;
	}
	return NULL;
}

/* ------------------------------------------------------------ tokens */

struct reader {
	const char *p, *end;
	const char *refusal;     /* the first fault; NULL while all is well */
	struct werun_data *out;
};

/* Records the first fault and returns false, so that a reader's functions
 * can `return refuse(r, "...")`. */
static bool refuse(struct reader *r, const char *why)
{
	if (!r->refusal)
		r->refusal = why;
	return false;
}

static void skip_spaces(struct reader *r)
{
	while (r->p < r->end && *r->p == ' ')
		r->p++;
}

static bool at(struct reader *r, char c)
{
	skip_spaces(r);
	return r->p < r->end && *r->p == c;
}

/* Consumes c if it comes next (after spaces). */
static bool accept(struct reader *r, char c)
{
	if (!at(r, c))
		return false;
	r->p++;
	return true;
}

static bool expect(struct reader *r, char c)
{
	if (!at(r, c))
		return refuse(r, "syntax");
	r->p++;
	return true;
}

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* The digits of a plain non-negative integer at r->p: 0, or 1-9 followed by
 * digits, within int64, and not followed by what would make it another
 * number ('.', 'e', 'E'; a digit after a leading 0). */
static bool read_digits(struct reader *r, int64_t *v)
{
	if (r->p == r->end || !is_digit(*r->p))
		return refuse(r, r->p < r->end && (*r->p == '-' || *r->p == '+') ? "number sign" : "syntax");
	int64_t value = 0;
	const char *start = r->p;
	for (; r->p < r->end && is_digit(*r->p); r->p++) {
		int digit = *r->p - '0';
		if (value > (INT64_MAX - digit) / 10)
			return refuse(r, "number range");
		value = value * 10 + digit;
	}
	if (*start == '0' && r->p - start > 1)
		return refuse(r, "number form");   /* a leading zero */
	if (r->p < r->end && (*r->p == '.' || *r->p == 'e' || *r->p == 'E'))
		return refuse(r, "number form");
	*v = value;
	return true;
}

/* A plain non-negative integer: where WECHAT.md §2 has numbers (timestamps,
 * steps), a sign never belongs. */
static bool read_uint(struct reader *r, int64_t *v)
{
	skip_spaces(r);
	return read_digits(r, v);
}

/* A plain integer where a sign may belong (an unknown member's value): an
 * optional '-' right before read_digits' form, "-0" excluded. */
static bool read_int(struct reader *r)
{
	skip_spaces(r);
	bool negative = r->p < r->end && *r->p == '-';
	if (negative)
		r->p++;
	int64_t v;
	if (!read_digits(r, &v))
		return false;
	return !(negative && v == 0) || refuse(r, "number form");
}

/* A plain string: '"', printable ASCII other than '"' and '\', '"'.  Copies
 * at most cap - 1 bytes and a NUL into buf when buf is not NULL; longer
 * content is refused. */
static bool read_plain_string(struct reader *r, char *buf, size_t cap)
{
	if (!expect(r, '"'))
		return false;
	const char *start = r->p;
	for (; r->p < r->end && *r->p != '"'; r->p++) {
		unsigned char c = (unsigned char)*r->p;
		if (c == '\\')
			return refuse(r, "escape in a string");
		if (c < 0x20 || c > 0x7e)
			return refuse(r, "not a plain string");
	}
	if (r->p == r->end)
		return refuse(r, "syntax");
	size_t len = (size_t)(r->p - start);
	r->p++;
	if (len >= cap)
		return refuse(r, "string too long");
	if (buf) {
		memcpy(buf, start, len);
		buf[len] = '\0';
	}
	return true;
}

/* A member's name and its ':': '"', 1 to WERUN_KEY_MAX letters, digits or
 * '_', '"', ':'. */
static bool read_key(struct reader *r, char name[WERUN_KEY_MAX + 1])
{
	if (!expect(r, '"'))
		return false;
	size_t len = 0;
	for (; r->p < r->end && *r->p != '"'; r->p++, len++) {
		char c = *r->p;
		if (!(is_digit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'))
			return refuse(r, "key not an identifier");
		if (len == WERUN_KEY_MAX)
			return refuse(r, "key too long");
		name[len] = c;
	}
	if (r->p == r->end)
		return refuse(r, "syntax");
	if (len == 0)
		return refuse(r, "key not an identifier");
	r->p++;
	name[len] = '\0';
	return expect(r, ':');
}

/* ------------------------------------------------------------ objects */

/* The members of the schema, one bit each, so that an object can tell which
 * it has seen. */
enum member {
	M_STEP_INFO_LIST = 1 << 0,
	M_WATERMARK = 1 << 1,
	M_TIMESTAMP = 1 << 2,
	M_STEP = 1 << 3,
	M_APPID = 1 << 4,
};

static const struct { const char *name; enum member bit; } schema_names[] = {
	{ "stepInfoList", M_STEP_INFO_LIST },
	{ "watermark", M_WATERMARK },
	{ "timestamp", M_TIMESTAMP },
	{ "step", M_STEP },
	{ "appid", M_APPID },
};

/* The schema member called exactly name, or 0.  *reserved tells whether name
 * is a schema name in some other case ("Step"): such a name is no field
 * WeChat would add, only a forger's near miss. */
static enum member member_named(const char *name, bool *reserved)
{
	*reserved = false;
	const size_t names = sizeof schema_names / sizeof schema_names[0];
	for (size_t i = 0; i < names; i++)
		if (strcmp(name, schema_names[i].name) == 0)
			return schema_names[i].bit;
	/* Only a name that is none of them exactly needs the slower look. */
	for (size_t i = 0; i < names; i++)
		if (strcasecmp(name, schema_names[i].name) == 0)
			*reserved = true;
	return 0;
}

/* What one object has seen: its schema members and its unknown ones. */
struct object_seen {
	unsigned members;
	int unknown;
	char unknown_names[WERUN_UNKNOWN_PER_OBJECT][WERUN_KEY_MAX + 1];
};

/* An unknown member (its name read, its value next): tolerated with a plain
 * value, once per object, a few per object (WECHAT.md §2). */
static bool read_unknown(struct reader *r, struct object_seen *seen, const char *name, bool reserved)
{
	if (reserved)
		return refuse(r, "known key out of place");
	for (int i = 0; i < seen->unknown; i++)
		if (strcmp(seen->unknown_names[i], name) == 0)
			return refuse(r, "duplicate key");
	if (seen->unknown == WERUN_UNKNOWN_PER_OBJECT)
		return refuse(r, "too many unknown keys");
	strcpy(seen->unknown_names[seen->unknown++], name);
	struct werun_data *out = r->out;
	if (out->unknown_keys++ == 0)
		strcpy(out->unknown_key, name);
	skip_spaces(r);
	if (r->p < r->end && *r->p == '"')
		return read_plain_string(r, NULL, WERUN_UNKNOWN_STRING_MAX + 1);
	if (r->p < r->end && (*r->p == '-' || is_digit(*r->p)))
		return read_int(r);
	return refuse(r, "unknown key with a value that is not plain");
}

/* Reads one member of an object whose schema members are `allowed`: the
 * name, then the value through read_member for a schema member, or
 * read_unknown.  A member seen before is refused. */
typedef bool (*member_reader)(struct reader *r, enum member m, void *ctx);

static bool read_object(struct reader *r, unsigned allowed, unsigned required, member_reader read_member,
                        void *ctx)
{
	struct object_seen seen;   /* the names are written before they are read */
	seen.members = 0;
	seen.unknown = 0;
	char name[WERUN_KEY_MAX + 1];
	if (!expect(r, '{'))
		return false;
	if (at(r, '}'))
		return refuse(r, "missing key");
	do {
		bool reserved;
		if (!read_key(r, name))
			return false;
		enum member m = member_named(name, &reserved);
		if (m && (allowed & m)) {
			if (seen.members & m)
				return refuse(r, "duplicate key");
			seen.members |= m;
			if (!read_member(r, m, ctx))
				return false;
		} else if (!read_unknown(r, &seen, name, reserved || m)) {
			return false;
		}
	} while (accept(r, ','));
	if (!expect(r, '}'))
		return false;
	return (seen.members & required) == required || refuse(r, "missing key");
}

/* ------------------------------------------------------------ the schema */

static bool read_entry_member(struct reader *r, enum member m, void *ctx)
{
	struct rules_step_entry *e = ctx;
	return read_uint(r, m == M_TIMESTAMP ? &e->timestamp : &e->step);
}

/* WECHAT.md §2: each timestamp is a day's 00:00 UTC+8, one day after the
 * entry before it. */
static bool check_day(struct reader *r, size_t i)
{
	const struct rules_step_entry *list = r->out->entries;
	if (cal_seconds_of_day(list[i].timestamp) != 0)
		return refuse(r, "timestamp not a day start");
	/* Both are non-negative, so the difference cannot overflow. */
	if (i > 0 && list[i].timestamp - list[i - 1].timestamp != CAL_SECONDS_PER_DAY)
		return refuse(r, "days not consecutive");
	return true;
}

static bool read_list(struct reader *r)
{
	struct werun_data *out = r->out;
	if (!expect(r, '['))
		return false;
	if (at(r, ']'))
		return refuse(r, "empty stepInfoList");
	do {
		if (out->n == WERUN_MAX_ENTRIES)
			return refuse(r, "too many entries");
		struct rules_step_entry *e = &out->entries[out->n];
		if (!read_object(r, M_TIMESTAMP | M_STEP, M_TIMESTAMP | M_STEP, read_entry_member, e)
		    || !check_day(r, out->n))
			return false;
		out->n++;
	} while (accept(r, ','));
	return expect(r, ']');
}

static bool read_watermark_member(struct reader *r, enum member m, void *ctx)
{
	struct werun_data *out = ctx;
	if (m == M_TIMESTAMP)
		return read_uint(r, &out->watermark_ts);
	return read_plain_string(r, out->appid, sizeof out->appid);
}

static bool read_root_member(struct reader *r, enum member m, void *ctx)
{
	(void)ctx;
	if (m == M_STEP_INFO_LIST)
		return read_list(r);
	return read_object(r, M_TIMESTAMP | M_APPID, M_TIMESTAMP, read_watermark_member, r->out);
}

const char *werun_json_read(const char *text, size_t len, struct werun_data *out)
{
	const char *why = check_text((const unsigned char *)text, len);
	if (why)
		return why;
	struct reader r = { .p = text, .end = text + len, .out = out };
	if (read_object(&r, M_STEP_INFO_LIST | M_WATERMARK, M_STEP_INFO_LIST | M_WATERMARK, read_root_member,
	                NULL)) {
		skip_spaces(&r);
		if (r.p != r.end)
			refuse(&r, "data after the object");
	}
	return r.refusal;
}
