#ifndef WALK_WERUN_H
#define WALK_WERUN_H
/*
 * The WeRun payload of WECHAT.md §2: what wx.getWeRunData gives the client
 * (encryptedData + iv, both base64), decrypted with the user's session_key
 * (AES-128-CBC, PKCS#7, cipher.h) and parsed into typed values.  What the
 * values mean (today's entry, the watermark's appid and freshness) is decided
 * by rules_read_sync() in rules.h, not here.
 *
 * The input is hostile: any string may arrive as encryptedData or iv, and the
 * participant, who knows nearly all of their plaintext, can flip ciphertext
 * bits to choose blocks of it (the cipher has no authentication).  The
 * plaintext is therefore read strictly, as WECHAT.md §2 asks: werun_json.h
 * says exactly what is accepted and why.  "Base64" means standard base64 with
 * padding, nothing but its 64 characters and '='.
 *
 * Nothing is allocated for the caller; secrets are wiped from the stack and
 * the heap after use.
 */
#include "buf.h"
#include "rules.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define WERUN_MAX_ENTRIES 31      /* 30 days and today (WECHAT.md §2); more is refused */
#define WERUN_APPID_MAX 64
#define WERUN_KEY_MAX 32          /* the longest member name tolerated (werun_json.h) */

enum werun_status { WERUN_OK, WERUN_BAD_KEY, WERUN_BAD_IV, WERUN_UNDECRYPTABLE };

struct werun_data {
	struct rules_step_entry entries[WERUN_MAX_ENTRIES];   /* in the payload's order */
	size_t n;
	char appid[WERUN_APPID_MAX + 1];   /* watermark.appid ("" if absent) */
	int64_t watermark_ts;             /* watermark.timestamp */
	int unknown_keys;                 /* members tolerated without being known */
	char unknown_key[WERUN_KEY_MAX + 1];   /* the first of them, for the log ("" if none) */
	/* Set when werun_decrypt refuses: what was wrong ("bad padding",
	 * "duplicate key", ...), a static text for the log and the fair-play
	 * flags, never for the participant.  NULL on WERUN_OK. */
	const char *refusal;
};

/* Decrypts and parses what wx.getWeRunData gave the client.  The statuses are
 * checked in this order, so a bad key wins over a bad iv:
 * WERUN_BAD_KEY: session_key NULL or not strict base64 of exactly 16 bytes;
 * WERUN_BAD_IV: iv NULL or not strict base64 of exactly 16 bytes;
 * WERUN_UNDECRYPTABLE: encryptedData NULL, empty or not base64, not a multiple
 * of 16 bytes, bad PKCS#7 padding (checked strictly: every padding byte), or
 * a plaintext that werun_json_read() refuses.
 * Unknown members that were tolerated are logged (their names only).  Never
 * reads out of bounds whatever the input.  *out is filled on WERUN_OK and
 * zeroed otherwise, except for out->refusal. */
enum werun_status werun_decrypt(const char *session_key_b64, const char *iv_b64,
                                const char *encrypted_b64, struct werun_data *out);

/* WECHAT.md §2: "the last entry is today".  Whether d's last entry is the day
 * that starts at day_start (cal_day_start of today).  werun_decrypt has made
 * the list consecutive, so a list that holds today but does not end there
 * runs into days that have not begun: no data WeChat makes. */
bool werun_ends_on(const struct werun_data *d, int64_t day_start);

/* The client-side inverse, for the fake WeChat and the tests: serialises `in`
 * as WeChat does, compactly, with every number written out in full,
 *   {"stepInfoList":[{"timestamp":T,"step":N},...],"watermark":{"timestamp":W,"appid":"..."}}
 * (the "appid" member is left out when in->appid is ""; '"', '\' and control
 * characters in it are escaped, so that such an appid decrypts to valid JSON
 * that werun_decrypt refuses), encrypts it under session_key with a fresh
 * random IV (crypto_random), appends the base64 ciphertext to encrypted_b64
 * and writes the base64 IV (24 chars + NUL) into iv_b64.  in->n must be <=
 * WERUN_MAX_ENTRIES and in->appid NUL-terminated; in->unknown_keys and
 * in->refusal are not used.  Returns 0, or -1 (touching neither output) if
 * the key is not base64 of 16 bytes. */
int werun_encrypt(const char *session_key_b64, const struct werun_data *in,
                  struct buf *encrypted_b64, char iv_b64[25]);

#endif
