/* What WeChat answers, as text we cannot trust (a proxy, a fault, a changed
 * API): wx_answer_read() and the readers of code2Session, msg_sec_check and
 * the access_token (wx_answer.h), the PNG check of a mini-program code and
 * the scene validator (wx_qrcode.h).  Properties beyond "no crash, no
 * undefined behaviour" (a huge errcode once was one): the status is one of
 * three; an errcode is a non-zero 32-bit integer exactly when the status
 * says WX_ERRCODE; what a reader accepts fits its buffer and its limits; a
 * plausible PNG starts with the signature; a scene is valid exactly when a
 * second reading of WECHAT.md §5a's rule (1..32 characters, each a letter, a
 * digit or one of !#$&'()*+,/:;=?@-._~) says so. */
#include "fuzz.h"

#include "wx_answer.h"
#include "wx_qrcode.h"

#include <stdbool.h>

static bool scene_char(char c)
{
	if ((c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'))
		return true;
	switch (c) {
	case '!': case '#': case '$': case '&': case '\'': case '(': case ')': case '*': case '+':
	case ',': case '/': case ':': case ';': case '=': case '?': case '@': case '-': case '.':
	case '_': case '~':
		return true;
	default:
		return false;
	}
}

static bool reference_scene_valid(const char *s)
{
	size_t n = 0;
	for (; s[n]; n++)
		if (!scene_char(s[n]))
			return false;
	return n >= 1 && n <= 32;
}

static bool fits(const char *s, size_t size)
{
	return memchr(s, '\0', size) != NULL;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = fuzz_strndup(data, size);

	long errcode = 12345;
	cJSON *json = NULL;
	enum wx_status st = wx_answer_read(text, &json, &errcode);
	FUZZ_CHECK(st == WX_OK || st == WX_ERRCODE || st == WX_TRANSPORT);
	FUZZ_CHECK((st == WX_ERRCODE) == (errcode != 0));
	FUZZ_CHECK(errcode >= -2147483648L && errcode <= 2147483647L);
	FUZZ_CHECK((st == WX_TRANSPORT) == (json == NULL));
	cJSON_Delete(json);

	struct wx_session session;
	wx_session_read(text, &session);
	FUZZ_CHECK(fits(session.openid, sizeof session.openid) && fits(session.unionid, sizeof session.unionid) &&
	           fits(session.session_key, sizeof session.session_key));
	if (session.status == WX_OK)
		FUZZ_CHECK(session.openid[0] && session.session_key[0] && session.errcode == 0);

	struct wx_check check;
	wx_check_read(text, &check);
	FUZZ_CHECK(check.verdict == WX_PASS || check.verdict == WX_REVIEW || check.verdict == WX_RISKY);
	FUZZ_CHECK((check.status == WX_ERRCODE) == (check.errcode != 0));

	char token[WX_TOKEN_MAX] = "";
	int64_t expires_in = 0;
	if (wx_token_read(text, token, &expires_in, &errcode) == WX_OK)
		FUZZ_CHECK(token[0] && fits(token, sizeof token) && expires_in >= 1 && expires_in <= 86400);

	FUZZ_CHECK(wx_scene_valid(text) == reference_scene_valid(text));

	/* The PNG check reads the raw bytes, exactly size of them. */
	if (wx_png_plausible(data, size))
		FUZZ_CHECK(size >= 33 && memcmp(data, "\x89PNG\r\n\x1a\n", 8) == 0);

	free(text);
	return 0;
}
