/* The v3 signatures: messages, the Authorization header, answers' headers. */
#include "wxpay_auth.h"

#include "crypto.h"
#include "rsa_sign.h"

#include <stdio.h>
#include <string.h>

const char *wxpay_verdict_name(enum wxpay_verdict v)
{
	switch (v) {
	case WXPAY_OK: return "ok";
	case WXPAY_BAD_HEADER: return "bad_header";
	case WXPAY_UNKNOWN_SERIAL: return "unknown_serial";
	case WXPAY_STALE: return "stale_timestamp";
	case WXPAY_SIGNTEST: return "signtest_probe";
	case WXPAY_BAD_SIGNATURE: return "bad_signature";
	}
	return "unknown";
}

static const char alnum[] = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

void wxpay_new_nonce(char nonce[WXPAY_NONCE_SIZE])
{
	for (size_t i = 0; i < WXPAY_NONCE_SIZE - 1; i++)
		nonce[i] = alnum[crypto_random_below(sizeof alnum - 1)];
	nonce[WXPAY_NONCE_SIZE - 1] = '\0';
}

/* Whether s[0..n) is 1 to size-1 characters, each in the set allowed. */
static bool field_ok(const char *s, size_t n, size_t size, const char *allowed)
{
	return n > 0 && n < size && strspn(s, allowed) >= n;
}

#define DIGITS "0123456789"
#define SERIAL_CHARS "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz_"
#define BASE64_CHARS "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/="

static bool str_ok(const char *s, size_t size, const char *allowed)
{
	return s && field_ok(s, strnlen(s, size), size, allowed);
}

void wxpay_response_message(struct buf *out, const char *timestamp, const char *nonce, const void *body,
                            size_t body_len)
{
	buf_printf(out, "%s\n%s\n", timestamp, nonce);
	buf_append(out, body, body_len);
	buf_puts(out, "\n");
}

/* A request's message is its method and URL, then an answer's message. */
static void request_message(struct buf *out, const char *method, const char *path_query, const char *timestamp,
                            const char *nonce, const void *body, size_t body_len)
{
	buf_printf(out, "%s\n%s\n", method, path_query);
	wxpay_response_message(out, timestamp, nonce, body, body_len);
}

void wxpay_request_message(struct buf *out, const char *method, const char *path_query, int64_t timestamp,
                           const char *nonce, const void *body, size_t body_len)
{
	char t[24];
	snprintf(t, sizeof t, "%lld", (long long)timestamp);
	request_message(out, method, path_query, t, nonce, body, body_len);
}

int wxpay_authorization_build(struct rsa_key *merchant_key, const char *mchid, const char *serial_no,
                              const char *method, const char *path_query, const void *body, size_t body_len,
                              int64_t timestamp, const char *nonce, char *out, size_t outsize)
{
	if (outsize)
		out[0] = '\0';
	if (!str_ok(mchid, WXPAY_MCHID_SIZE, DIGITS) || !str_ok(serial_no, WXPAY_SERIAL_SIZE, SERIAL_CHARS) ||
	    !str_ok(nonce, WXPAY_NONCE_SIZE, alnum) || timestamp < 0 || timestamp > 9999999999LL)
		return -1;
	struct buf msg = { 0 };
	char sig[WXPAY_SIGNATURE_SIZE];
	wxpay_request_message(&msg, method, path_query, timestamp, nonce, body, body_len);
	int rc = rsa_sign_sha256_b64(merchant_key, msg.data, msg.len, sig, sizeof sig);
	buf_free(&msg);
	if (rc != 0)
		return -1;
	int len = snprintf(out, outsize,
	                   WXPAY_AUTH_SCHEME " mchid=\"%s\",nonce_str=\"%s\",signature=\"%s\",timestamp=\"%lld\","
	                   "serial_no=\"%s\"",
	                   mchid, nonce, sig, (long long)timestamp, serial_no);
	if (len < 0 || (size_t)len >= outsize) {
		if (outsize)
			out[0] = '\0';
		return -1;
	}
	return 0;
}

/* The five fields of the header: name, where it goes, its limit, its set. */
struct auth_field {
	const char *name;
	size_t offset, size;
	const char *allowed;
};

static const struct auth_field auth_fields[] = {
	{ "mchid", offsetof(struct wxpay_authorization, mchid), WXPAY_MCHID_SIZE, DIGITS },
	{ "nonce_str", offsetof(struct wxpay_authorization, nonce_str), WXPAY_NONCE_SIZE, alnum },
	{ "signature", offsetof(struct wxpay_authorization, signature), WXPAY_SIGNATURE_SIZE, BASE64_CHARS },
	{ "timestamp", offsetof(struct wxpay_authorization, timestamp), WXPAY_TIMESTAMP_SIZE, DIGITS },
	{ "serial_no", offsetof(struct wxpay_authorization, serial_no), WXPAY_SERIAL_SIZE, SERIAL_CHARS },
};
enum { AUTH_FIELDS = sizeof auth_fields / sizeof auth_fields[0] };

static const struct auth_field *find_field(const char *name, size_t n)
{
	for (size_t i = 0; i < AUTH_FIELDS; i++)
		if (strlen(auth_fields[i].name) == n && memcmp(auth_fields[i].name, name, n) == 0)
			return &auth_fields[i];
	return NULL;
}

/* Reads one key="value" at *p (before end); on success stores the value and
 * advances *p past the closing quote.  seen has one bit per field. */
static int parse_pair(const char **p, const char *end, struct wxpay_authorization *out, unsigned *seen)
{
	const char *name = *p;
	const char *eq = memchr(name, '=', (size_t)(end - name));
	if (!eq || end - eq < 2 || eq[1] != '"')
		return -1;
	const struct auth_field *f = find_field(name, (size_t)(eq - name));
	if (!f)
		return -1;
	unsigned bit = 1u << (f - auth_fields);
	if (*seen & bit)
		return -1;
	const char *value = eq + 2;
	const char *close = memchr(value, '"', (size_t)(end - value));
	if (!close)
		return -1;
	size_t n = (size_t)(close - value);
	/* field_ok reads through the set with strspn, so check on a copy. */
	char *dst = (char *)out + f->offset;
	if (n == 0 || n >= f->size)
		return -1;
	memcpy(dst, value, n);
	dst[n] = '\0';
	if (!field_ok(dst, n, f->size, f->allowed))
		return -1;
	*seen |= bit;
	*p = close + 1;
	return 0;
}

int wxpay_authorization_parse(const char *value, size_t n, struct wxpay_authorization *out)
{
	memset(out, 0, sizeof *out);
	static const char scheme[] = WXPAY_AUTH_SCHEME " ";
	if (!value || n < sizeof scheme - 1 || memcmp(value, scheme, sizeof scheme - 1) != 0)
		return -1;
	const char *p = value + sizeof scheme - 1, *end = value + n;
	unsigned seen = 0;
	for (;;) {
		if (parse_pair(&p, end, out, &seen) != 0)
			break;
		if (p == end) {
			if (seen == (1u << AUTH_FIELDS) - 1)
				return 0;
			break;
		}
		if (*p++ != ',')
			break;
	}
	memset(out, 0, sizeof *out);
	return -1;
}

/* A timestamp field (decimal digits, already checked) within the window. */
static bool timestamp_fresh(const char *timestamp, int64_t now)
{
	int64_t t = 0;
	for (const char *c = timestamp; *c; c++)
		t = t * 10 + (*c - '0');
	int64_t d = t > now ? t - now : now - t;
	return d <= WXPAY_TIME_WINDOW_SECONDS;
}

static bool is_signtest(const char *signature)
{
	return strncmp(signature, WXPAY_SIGNTEST_PREFIX, sizeof WXPAY_SIGNTEST_PREFIX - 1) == 0;
}

enum wxpay_verdict wxpay_request_verify(const struct wxpay_authorization *auth, struct rsa_key *merchant_pub,
                                        const char *method, const char *path_query, const void *body,
                                        size_t body_len, int64_t now)
{
	if (!str_ok(auth->timestamp, WXPAY_TIMESTAMP_SIZE, DIGITS) ||
	    !str_ok(auth->nonce_str, WXPAY_NONCE_SIZE, alnum) ||
	    !str_ok(auth->signature, WXPAY_SIGNATURE_SIZE, BASE64_CHARS))
		return WXPAY_BAD_HEADER;
	if (is_signtest(auth->signature))
		return WXPAY_SIGNTEST;
	if (!timestamp_fresh(auth->timestamp, now))
		return WXPAY_STALE;
	struct buf msg = { 0 };
	request_message(&msg, method, path_query, auth->timestamp, auth->nonce_str, body, body_len);
	bool ok = rsa_verify_sha256_b64(merchant_pub, msg.data, msg.len, auth->signature);
	buf_free(&msg);
	return ok ? WXPAY_OK : WXPAY_BAD_SIGNATURE;
}

int wxpay_response_sign(struct rsa_key *wxpay_key, const char *serial, int64_t timestamp, const char *nonce,
                        const void *body, size_t body_len, struct wxpay_signed_headers *out)
{
	memset(out, 0, sizeof *out);
	if (!str_ok(serial, WXPAY_SERIAL_SIZE, SERIAL_CHARS) || !str_ok(nonce, WXPAY_NONCE_SIZE, alnum) ||
	    timestamp < 0 || timestamp > 9999999999LL)
		return -1;
	snprintf(out->timestamp, sizeof out->timestamp, "%lld", (long long)timestamp);
	snprintf(out->nonce, sizeof out->nonce, "%s", nonce);
	snprintf(out->serial, sizeof out->serial, "%s", serial);
	struct buf msg = { 0 };
	wxpay_response_message(&msg, out->timestamp, nonce, body, body_len);
	int rc = rsa_sign_sha256_b64(wxpay_key, msg.data, msg.len, out->signature, sizeof out->signature);
	buf_free(&msg);
	if (rc != 0)
		memset(out, 0, sizeof *out);
	return rc;
}

enum wxpay_verdict wxpay_response_verify(const struct wxpay_public_key *keys, size_t nkeys, const char *timestamp,
                                         const char *nonce, const char *signature, const char *serial,
                                         const void *body, size_t body_len, int64_t now)
{
	if (!str_ok(timestamp, WXPAY_TIMESTAMP_SIZE, DIGITS) || !str_ok(nonce, WXPAY_NONCE_SIZE, alnum) ||
	    !str_ok(signature, WXPAY_SIGNATURE_SIZE, BASE64_CHARS) ||
	    !str_ok(serial, WXPAY_SERIAL_SIZE, SERIAL_CHARS))
		return WXPAY_BAD_HEADER;
	if (is_signtest(signature))
		return WXPAY_SIGNTEST;
	struct rsa_key *key = NULL;
	for (size_t i = 0; i < nkeys && !key; i++)
		if (keys[i].serial && strcmp(keys[i].serial, serial) == 0)
			key = keys[i].key;
	if (!key)
		return WXPAY_UNKNOWN_SERIAL;
	if (!timestamp_fresh(timestamp, now))
		return WXPAY_STALE;
	struct buf msg = { 0 };
	wxpay_response_message(&msg, timestamp, nonce, body, body_len);
	bool ok = rsa_verify_sha256_b64(key, msg.data, msg.len, signature);
	buf_free(&msg);
	return ok ? WXPAY_OK : WXPAY_BAD_SIGNATURE;
}
