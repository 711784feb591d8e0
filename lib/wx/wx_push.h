#ifndef WALK_WX_PUSH_H
#define WALK_WX_PUSH_H
/*
 * WeChat's message push in safe mode (WECHAT.md §4a): the signatures, the
 * envelope's AES-256-CBC, and the image check's verdict event.  No I/O and no
 * database: the handler (fcgi/api/api_wx_events.c) and the fake WeChat, which
 * seals what it pushes with wx_push_encrypt(), share it.
 *
 * The envelope: base64 of AES-256-CBC under the 32-byte key (the
 * EncodingAESKey decoded), iv = the key's first 16 bytes, PKCS#7 padding to
 * 32-byte blocks, over random(16) | msg_len (4 bytes, network order) | msg |
 * appid.  The signature is checked before anything is decrypted, and the
 * appid after.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum { WX_PUSH_KEY = 32, WX_PUSH_SIG_HEX = 41, WX_PUSH_MAX = 64 * 1024 };

/* The 32-byte key of a 43-character EncodingAESKey.  Returns 0 or -1. */
int wx_push_key(const char *encoding_aes_key, uint8_t key[WX_PUSH_KEY]);
/* SHA-1 in hex of the sorted concatenation of the given strings (Token,
 * timestamp, nonce and, for events, Encrypt); n at most 4. */
void wx_push_signature(const char *const *parts, size_t n, char out[WX_PUSH_SIG_HEX]);
/* Whether sig (any case) is that signature, compared in constant time. */
bool wx_push_signature_ok(const char *const *parts, size_t n, const char *sig);

enum wx_push_result {
	WX_PUSH_OK,
	WX_PUSH_BAD_BASE64,    /* not base64, or not a whole number of 32-byte blocks */
	WX_PUSH_BAD_PADDING,   /* the padding is not 1..32 bytes of its length */
	WX_PUSH_BAD_LENGTH,    /* msg_len runs past the end */
	WX_PUSH_BAD_APPID,     /* what follows the message is not our appid */
	WX_PUSH_NOMEM,
};

/* Opens the envelope encrypt (NUL-terminated base64, at most WX_PUSH_MAX
 * characters): *msg gets a malloc'ed copy of the message, NUL-terminated, and
 * *msg_len its length. */
enum wx_push_result wx_push_decrypt(const uint8_t key[WX_PUSH_KEY], const char *encrypt, const char *appid,
                                    char **msg, size_t *msg_len);
/* Seals msg (len bytes) for appid with 16 random bytes first (random16, or
 * fresh ones when NULL); *out gets malloc'ed, NUL-terminated base64.
 * Returns 0 or -1. */
int wx_push_encrypt(const uint8_t key[WX_PUSH_KEY], const uint8_t *random16, const char *msg, size_t len,
                    const char *appid, char **out);

/* The image check's verdict event (Event "wxa_media_check"). */
enum wx_media_verdict { WX_MEDIA_PASS, WX_MEDIA_REVIEW, WX_MEDIA_RISKY };
struct wx_media_event {
	char trace_id[129];
	char appid[64];
	enum wx_media_verdict verdict;
	long label;
	long errcode;     /* the event's own errcode: not 0 means WeChat could not check the image */
};
enum wx_event_kind { WX_EVENT_MEDIA_CHECK, WX_EVENT_OTHER, WX_EVENT_MALFORMED };
/* Reads the decrypted JSON message.  A verdict without a known suggest counts
 * as review (a person decides), as for the text check. */
enum wx_event_kind wx_push_media_event(const char *msg, struct wx_media_event *ev);

#endif
