/* The message push (wx_push.h): the input as the Encrypt text, opened under
 * the dev key for the dev appid, and the message read as an event; and the
 * input as a message, sealed and opened again.  Properties: what opens is
 * at most the input's size; a sealed message opens to itself. */
#include "fuzz.h"

#include "config.h"
#include "wx_push.h"

#include <stdbool.h>

#define APPID "wxd0e1a2b3c4d5e6f7"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static uint8_t key[WX_PUSH_KEY];
	static bool keyed;
	if (!keyed)
		keyed = wx_push_key(CONFIG_DEV_PUSH_AES_KEY, key) == 0;
	char *text = malloc(size + 1);
	memcpy(text, data, size);
	text[size] = '\0';
	char *msg = NULL;
	size_t len = 0;
	if (wx_push_decrypt(key, text, APPID, &msg, &len) == WX_PUSH_OK) {
		FUZZ_CHECK(len <= size);
		struct wx_media_event ev;
		wx_push_media_event(msg, &ev);
		free(msg);
	}
	struct wx_media_event ev;
	if (wx_push_media_event(text, &ev) == WX_EVENT_MEDIA_CHECK)
		FUZZ_CHECK(ev.trace_id[0] != '\0');
	char *sealed = NULL;
	FUZZ_CHECK(wx_push_encrypt(key, (const uint8_t *)"0123456789abcdef", (const char *)data, size, APPID, &sealed) == 0);
	if (strlen(sealed) <= WX_PUSH_MAX) {   /* longer envelopes are refused unread */
		FUZZ_CHECK(wx_push_decrypt(key, sealed, APPID, &msg, &len) == WX_PUSH_OK);
		FUZZ_CHECK(len == size && memcmp(msg, data, size) == 0);
		free(msg);
	}
	free(sealed);
	free(text);
	return 0;
}
