#ifndef WALK_WERUN_H
#define WALK_WERUN_H
/*
 * The WeRun payload of WECHAT.md §2: what wx.getWeRunData gives the client
 * (encryptedData + iv, both base64), decrypted with the user's session_key
 * (AES-128-CBC, PKCS#7, cipher.h) and parsed into typed values.  What the
 * values mean (today's entry, the watermark's appid and freshness) is decided
 * by rules_read_sync() in rules.h, not here.
 *
 * The input is hostile: any string may arrive as encryptedData or iv.  Parsing
 * is tolerant of what WeChat may add (unknown fields are ignored) and strict
 * about what we use.  Integers are JSON numbers that cJSON holds as doubles:
 * accepted when finite, integral and inside int64; beyond 2^53 they are
 * whatever double cJSON rounded them to (no real timestamp or step is).
 * "Base64" means standard base64 with padding, nothing but its 64 characters
 * and '=' (crypto_base64_decode() also tolerates line breaks and spaces, which
 * WeChat never sends; they are refused here).
 *
 * Nothing is allocated for the caller; secrets are wiped from the stack and
 * the heap after use.
 */
#include "buf.h"
#include "rules.h"

#include <stddef.h>
#include <stdint.h>

#define WERUN_MAX_ENTRIES 64      /* WeChat sends 31; more is refused as undecryptable */
#define WERUN_APPID_MAX 64

enum werun_status { WERUN_OK, WERUN_BAD_KEY, WERUN_BAD_IV, WERUN_UNDECRYPTABLE };

struct werun_data {
	struct rules_step_entry entries[WERUN_MAX_ENTRIES];   /* in the payload's order */
	size_t n;
	char appid[WERUN_APPID_MAX + 1];   /* watermark.appid ("" if absent) */
	int64_t watermark_ts;             /* watermark.timestamp */
};

/* Decrypts and parses what wx.getWeRunData gave the client.  The statuses are
 * checked in this order, so a bad key wins over a bad iv:
 * WERUN_BAD_KEY: session_key NULL or not strict base64 of exactly 16 bytes;
 * WERUN_BAD_IV: iv NULL or not strict base64 of exactly 16 bytes;
 * WERUN_UNDECRYPTABLE: encryptedData NULL, empty or not base64, not a multiple
 * of 16 bytes, bad PKCS#7 padding (checked strictly: every padding byte), or
 * a plaintext that is not exactly one JSON object (no NUL byte inside, nothing
 * but whitespace after it) with
 *   - "stepInfoList": an array of at most WERUN_MAX_ENTRIES objects (0 is
 *     allowed), each with integer "timestamp" and "step" (negative steps are
 *     kept: rules_sanitize_raw_steps() judges them), and
 *   - "watermark": an object with an integer "timestamp" and, if present, a
 *     string "appid" of at most WERUN_APPID_MAX bytes.
 * Never reads out of bounds whatever the input.  *out is filled on WERUN_OK
 * and zeroed otherwise. */
enum werun_status werun_decrypt(const char *session_key_b64, const char *iv_b64,
                                const char *encrypted_b64, struct werun_data *out);

/* The client-side inverse, for the fake WeChat and the tests: serialises `in`
 * as WeChat does, compactly,
 *   {"stepInfoList":[{"timestamp":T,"step":N},...],"watermark":{"timestamp":W,"appid":"..."}}
 * (the "appid" member is left out when in->appid is ""), encrypts it under
 * session_key with a fresh random IV (crypto_random), appends the base64
 * ciphertext to encrypted_b64 and writes the base64 IV (24 chars + NUL) into
 * iv_b64.  in->n must be <= WERUN_MAX_ENTRIES and in->appid NUL-terminated;
 * numbers beyond 2^53 lose precision as JSON numbers do.  Returns 0, or -1
 * (touching neither output) if the key is not base64 of 16 bytes. */
int werun_encrypt(const char *session_key_b64, const struct werun_data *in,
                  struct buf *encrypted_b64, char iv_b64[25]);

#endif
