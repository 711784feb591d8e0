#ifndef WALK_WERUN_JSON_H
#define WALK_WERUN_JSON_H
/*
 * The strict reader of a decrypted WeRun plaintext (WECHAT.md §2).
 *
 * Why strict: the ciphertext is AES-CBC without authentication.  Flipping bits
 * of one ciphertext block chooses the plaintext of the next block, and turns
 * the block itself into 16 bytes of garbage; the iv chooses the first block at
 * no cost.  A participant knows nearly all of their own plaintext, so the only
 * thing between them and a step count of their choosing is that every
 * forgery of more than the first block leaves garbage somewhere.  This reader
 * accepts exactly the shape WeChat sends and nothing a garbage block is likely
 * to look like:
 *
 *   {"stepInfoList":[{"timestamp":T,"step":N},...],"watermark":{"timestamp":W,"appid":"wx..."}}
 *
 * - the text is valid UTF-8 (shortest forms, no surrogates) without a control
 *   character anywhere (C0, DEL, C1; so no tab or line break either): spaces
 *   are the only white space allowed between tokens;
 * - members in any order, none twice in one object; "stepInfoList" and
 *   "watermark" at the top, "timestamp" and "step" in every entry,
 *   "timestamp" in the watermark are required; "appid" may be missing (the
 *   sync then fails as another app's data);
 * - numbers are plain non-negative integers: 0 or a digit 1-9 followed by
 *   digits, within int64; no sign, fraction, exponent or leading zero;
 * - strings ("appid", and the string values of unknown members) are plain:
 *   printable ASCII without '"' and '\', so no escapes;
 * - the list holds 1 to WERUN_MAX_ENTRIES entries whose timestamps are day
 *   starts (00:00 UTC+8), each one day after the one before: oldest first, no
 *   gap.  That the last one is today is for the caller, who knows the day
 *   (werun_ends_on in werun.h);
 * - a member we do not know is tolerated (WeChat may add fields one day) only
 *   if its name is 1 to WERUN_KEY_MAX letters, digits or '_' and is none of
 *   the names above in any case, and its value is a plain string of at most
 *   WERUN_UNKNOWN_STRING_MAX bytes or a plain integer (here a '-' may lead);
 *   at most WERUN_UNKNOWN_PER_OBJECT such members per object.  They are
 *   counted in out->unknown_keys and the first one's name is kept for the log.
 *
 * Garbage has little chance against this: 16 random bytes are identifier
 * characters with probability (63/256)^16 < 2e-10 and plain string content
 * with (93/256)^16 < 1e-7, and only an unknown member's name or string value
 * can hold them at all.
 */
#include "werun.h"

#include <stddef.h>

#define WERUN_UNKNOWN_STRING_MAX 256
#define WERUN_UNKNOWN_PER_OBJECT 4

/* Reads the len bytes of text (NUL bytes included: they are refused like any
 * control character) into *out, which the caller has zeroed.  Returns NULL
 * when the text is accepted, or a short static text saying what was refused
 * ("duplicate key", "number form", ...): for the log and the fair-play flags,
 * never shown to the participant.  On refusal *out holds whatever was read
 * before the fault: the caller discards it. */
const char *werun_json_read(const char *text, size_t len, struct werun_data *out);

#endif
