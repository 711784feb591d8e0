#ifndef WALK_WXPAY_AUTH_H
#define WALK_WXPAY_AUTH_H
/*
 * WeChat Pay v3's signing scheme (WECHAT.md §6), both directions, as pure
 * functions over strings plus the SHA256withRSA of rsa_sign.h:
 *
 *   request   the merchant signs  METHOD\nPATH?QUERY\nTIMESTAMP\nNONCE\nBODY\n
 *             and sends  Authorization: WECHATPAY2-SHA256-RSA2048 mchid="…",
 *             nonce_str="…",signature="…",timestamp="…",serial_no="…"
 *   answer    WeChat Pay signs  TIMESTAMP\nNONCE\nBODY\n  (the raw body) of
 *   callback  every answer and callback, in the headers Wechatpay-Timestamp,
 *             Wechatpay-Nonce, Wechatpay-Signature, Wechatpay-Serial
 *
 * and the callbacks' encrypted resource (AEAD_AES_256_GCM under the APIv3
 * key, aead.h).  Time is a parameter (Unix seconds): the window of 5 minutes
 * is about the message in transit, so callers pass the real time
 * (clock_real_now), never the shifted server clock.  Nothing here logs, and
 * no secret is copied anywhere but into the caller's buffers.
 */
#include "buf.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct rsa_key;

#define WXPAY_AUTH_SCHEME "WECHATPAY2-SHA256-RSA2048"
/* A signature starting so is WeChat Pay's deliberate probe: never valid. */
#define WXPAY_SIGNTEST_PREFIX "WECHATPAY/SIGNTEST/"
/* How far a signed timestamp may be from now, either way. */
enum { WXPAY_TIME_WINDOW_SECONDS = 5 * 60 };

/* Field limits of the Authorization header and the Wechatpay-* headers (each
 * size counts the NUL).  mchid: digits; nonce: [0-9A-Za-z]; serial:
 * [0-9A-Za-z_] (a certificate's hex serial or a PUB_KEY_ID_…); timestamp:
 * decimal Unix seconds; signature: standard base64. */
enum {
	WXPAY_MCHID_SIZE = 32 + 1,
	WXPAY_NONCE_SIZE = 32 + 1,
	WXPAY_SERIAL_SIZE = 64 + 1,
	WXPAY_TIMESTAMP_SIZE = 10 + 1,
	WXPAY_SIGNATURE_SIZE = 684 + 1,   /* RSA-4096 at most */
	/* The whole Authorization value as wxpay_authorization_build makes it. */
	WXPAY_AUTHORIZATION_SIZE = 512 + WXPAY_SIGNATURE_SIZE,
};

/* What a check of a signature concludes; only WXPAY_OK is trusted. */
enum wxpay_verdict {
	WXPAY_OK = 0,
	WXPAY_BAD_HEADER,      /* missing, malformed, or a field out of its limits */
	WXPAY_UNKNOWN_SERIAL,  /* no configured key has this serial */
	WXPAY_STALE,           /* the timestamp is more than 5 minutes from now */
	WXPAY_SIGNTEST,        /* the WECHATPAY/SIGNTEST/ probe */
	WXPAY_BAD_SIGNATURE,   /* the signature does not verify */
};
/* A short lower-case name for logs and errors ("bad_signature", ...). */
const char *wxpay_verdict_name(enum wxpay_verdict v);

/* 32 random characters of [0-9A-Za-z] (crypto_random), with the NUL. */
void wxpay_new_nonce(char nonce[WXPAY_NONCE_SIZE]);

/* The messages that are signed, appended to out (which is not emptied first).
 * path_query is the URL's path with its query string, as sent ("/v3/…?a=b");
 * a GET has an empty body. */
void wxpay_request_message(struct buf *out, const char *method, const char *path_query, int64_t timestamp,
                           const char *nonce, const void *body, size_t body_len);
void wxpay_response_message(struct buf *out, const char *timestamp, const char *nonce, const void *body,
                            size_t body_len);

/* ---- requests (the merchant signs, WeChat Pay verifies) ---------------- */

struct wxpay_authorization {
	char mchid[WXPAY_MCHID_SIZE];
	char nonce_str[WXPAY_NONCE_SIZE];
	char signature[WXPAY_SIGNATURE_SIZE];
	char timestamp[WXPAY_TIMESTAMP_SIZE];
	char serial_no[WXPAY_SERIAL_SIZE];
};

/* Signs a request with the merchant's private key and writes the whole
 * Authorization header value ("WECHATPAY2-SHA256-RSA2048 mchid=…") into out.
 * mchid, serial_no and nonce must be within their limits above.  0, or -1
 * (out "") when a field is out of its limits, out is too small or the key
 * cannot sign. */
int wxpay_authorization_build(struct rsa_key *merchant_key, const char *mchid, const char *serial_no,
                              const char *method, const char *path_query, const void *body, size_t body_len,
                              int64_t timestamp, const char *nonce, char *out, size_t outsize);

/* Parses an Authorization value strictly: the scheme, one space, then the
 * five fields key="value" separated by single commas, in any order, each
 * exactly once, no other key, no white space, each value within its limits.
 * The value is n bytes (no NUL needed).  0 with *out filled, or -1 (*out
 * zeroed). */
int wxpay_authorization_parse(const char *value, size_t n, struct wxpay_authorization *out);

/* Verifies a parsed request against the merchant's public key: the probe
 * prefix, the time window around now, then the signature over the request's
 * message.  Which merchant and serial are expected is the caller's check. */
enum wxpay_verdict wxpay_request_verify(const struct wxpay_authorization *auth, struct rsa_key *merchant_pub,
                                        const char *method, const char *path_query, const void *body,
                                        size_t body_len, int64_t now);

/* ---- answers and callbacks (WeChat Pay signs, the merchant verifies) --- */

struct wxpay_signed_headers {
	char timestamp[WXPAY_TIMESTAMP_SIZE];
	char nonce[WXPAY_NONCE_SIZE];
	char signature[WXPAY_SIGNATURE_SIZE];
	char serial[WXPAY_SERIAL_SIZE];
};

/* Signs a body with WeChat Pay's private key, filling the four headers'
 * values.  0, or -1 (when serial or nonce are out of limits or the key
 * cannot sign). */
int wxpay_response_sign(struct rsa_key *wxpay_key, const char *serial, int64_t timestamp, const char *nonce,
                        const void *body, size_t body_len, struct wxpay_signed_headers *out);

/* One key WeChat Pay may sign with: its public key id (PUB_KEY_ID_…) or a
 * platform certificate's serial, and the public key. */
struct wxpay_public_key {
	const char *serial;
	struct rsa_key *key;
};

/* Verifies an answer or callback.  The four header values may be NULL
 * (missing: WXPAY_BAD_HEADER); the key is the one of keys[0..nkeys) whose
 * serial equals the Wechatpay-Serial; the timestamp must be decimal and within
 * the window around now; a WECHATPAY/SIGNTEST/ signature is refused before
 * any check of the signature. */
enum wxpay_verdict wxpay_response_verify(const struct wxpay_public_key *keys, size_t nkeys, const char *timestamp,
                                         const char *nonce, const char *signature, const char *serial,
                                         const void *body, size_t body_len, int64_t now);

/* ---- the callbacks' encrypted resource --------------------------------- */

/* The APIv3 key: 32 ASCII characters, used as the AES-256 key bytes as they
 * are.  Its file holds exactly those characters ([0-9A-Za-z]; one trailing
 * newline is tolerated).  0, or -1 with a reason in err. */
enum { WXPAY_APIV3_KEY_BYTES = 32 };
int wxpay_apiv3_key_load_file(const char *path, unsigned char key[WXPAY_APIV3_KEY_BYTES], char *err,
                              size_t errsize);

/* The associated data and the nonce's length of MCHTRANSFER callbacks. */
#define WXPAY_RESOURCE_AD "mch_payment"
enum { WXPAY_RESOURCE_NONCE_CHARS = 12 };

/* Seals plain as the "resource" object of a callback and appends it to out
 * as JSON: {"original_type":…,"algorithm":"AEAD_AES_256_GCM","ciphertext":
 * base64(ciphertext ‖ tag),"associated_data":ad,"nonce":nonce}.  nonce is 12
 * characters of [0-9A-Za-z]; original_type and ad are plain ASCII without
 * quotes or backslashes.  0, or -1 (out unchanged). */
int wxpay_resource_seal(struct buf *out, const unsigned char key[WXPAY_APIV3_KEY_BYTES], const char *nonce,
                        const char *ad, const char *original_type, const void *plain, size_t n);

/* Reads a callback's body (JSON, n bytes, no NUL needed): it must be an
 * object with resource_type "encrypt-resource" and a resource object whose
 * algorithm is "AEAD_AES_256_GCM", nonce a string of 12 characters,
 * associated_data a string, ciphertext strict base64 of at least the tag;
 * the ciphertext must authenticate under key with that nonce and associated
 * data.  The plaintext (JSON of the bill, not parsed here) replaces the
 * contents of plain, and the event_type (e.g. MCHTRANSFER.BILL.FINISHED) is
 * copied into event_type.  0, or -1 (plain emptied) for anything else. */
enum { WXPAY_EVENT_TYPE_SIZE = 64 };
int wxpay_callback_open(const char *body, size_t n, const unsigned char key[WXPAY_APIV3_KEY_BYTES],
                        struct buf *plain, char event_type[WXPAY_EVENT_TYPE_SIZE]);

#endif
