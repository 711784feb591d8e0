/*
 * POST /cgi-bin/message/subscribe/send?access_token=T — WeChat's subscribe
 * message, WECHAT.md §5, and GET /fake/messages, what it received.
 * Body {touser, template_id, page?, miniprogram_state?, lang?,
 * data:{"thing1":{"value":…},…}}, read raw so that a body that is not JSON
 * gets WeChat's 47001.
 *
 * In order:
 *   1. the call is recorded (api "subscribe_send", the body as sent);
 *   2. an injected fault of api "subscribe_send" is answered (faults.c):
 *      "stale_token" 40001, "no_grant" 43101 (the user has no grant left),
 *      "bad_data" 47003, and the shared "busy", "timeout", "5xx"; "slow"
 *      waits, then the message goes on as usual;
 *   3. T absent: 41001; not a valid token of the fake (token.c): 40001;
 *   4. 47001 when the body is not a JSON object or data is not an object of
 *      {"value": string} members;
 *   5. touser absent or empty: 40003 "invalid openid"; template_id absent or
 *      empty: 40037 "invalid template_id"; miniprogram_state other than
 *      developer, trial or formal: 47003;
 *   6. every field checked by the type its key's letters name, as WeChat
 *      does (this is the fake's own reading of the rules, not the server's):
 *      thing 1..20 characters, phrase 1..5 Chinese characters, time a 24-hour
 *      time with an optional date, date a date with an optional time (either
 *      may be a span "a~b"), number / letter / character_string 1..32; a
 *      breach answers 47003 "argument invalid! data.KEY.value …";
 *   7. the message is kept and {"errcode":0,"errmsg":"ok","msgid":N} answered.
 * The fake keeps no count of grants (the mini-program side grants them):
 * tests inject 43101.
 */
#include "fakewx.h"

#include "clock.h"

#include <string.h>

static const struct fake_errcode_fault send_faults[] = {
	{ "stale_token", 40001, "invalid credential, access_token is invalid or not latest" },
	{ "no_grant", 43101, "user refuse to accept the msg" },
	{ "bad_data", 47003, "argument invalid! data.thing1.value exceeds limit" },
};

/* Code points of UTF-8 text, and whether all are CJK ideographs. */
static size_t characters(const char *s, bool *all_chinese)
{
	size_t n = 0;
	*all_chinese = true;
	for (const unsigned char *p = (const unsigned char *)s; *p;) {
		unsigned c = *p;
		int len = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
		unsigned cp = len == 1 ? c : len == 2 ? c & 0x1F : len == 3 ? c & 0x0F : c & 0x07;
		for (int i = 1; i < len && p[i]; i++)
			cp = cp << 6 | (p[i] & 0x3F);
		if (!((cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0x3400 && cp <= 0x4DBF)))
			*all_chinese = false;
		for (int i = 0; i < len && *p; i++)
			p++;
		n++;
	}
	return n;
}

static size_t skip_digits(const char *s, size_t max)
{
	size_t n = 0;
	while (n < max && s[n] >= '0' && s[n] <= '9')
		n++;
	return n;
}

static int number(const char *s, size_t n)
{
	int v = 0;
	for (size_t i = 0; i < n; i++)
		v = v * 10 + (s[i] - '0');
	return v;
}

/* One point: ["YYYY年M月D日" | "YYYY-MM-DD"] [" "] ["H:MM"]; the date and
 * the time parts found are reported.  Returns the text after it. */
static const char *point(const char *s, bool *date, bool *time)
{
	*date = *time = false;
	size_t y = skip_digits(s, 4);
	if (y == 4 && strncmp(s + 4, "年", 3) == 0) {
		const char *p = s + 7;
		size_t m = skip_digits(p, 2);
		if (m && strncmp(p + m, "月", 3) == 0) {
			p += m + 3;
			size_t d = skip_digits(p, 2);
			if (d && strncmp(p + d, "日", 3) == 0) {
				s = p + d + 3;
				*date = true;
			}
		}
	} else if (y == 4 && s[4] == '-' && skip_digits(s + 5, 2) == 2 && s[7] == '-' && skip_digits(s + 8, 2) == 2) {
		s += 10;
		*date = true;
	}
	const char *t = *date && *s == ' ' ? s + 1 : s;
	size_t h = skip_digits(t, 2);
	if (h && t[h] == ':' && skip_digits(t + h + 1, 2) == 2 && number(t, h) <= 23 && number(t + h + 1, 2) <= 59) {
		s = t + h + 3;
		*time = true;
	}
	return s;
}

static bool when_ok(const char *s, bool need_date, bool need_time)
{
	for (int part = 0; part < 2; part++) {
		bool date, time;
		s = point(s, &date, &time);
		if ((need_date && !date) || (need_time && !time) || (!date && !time))
			return false;
		if (*s != '~')
			break;
		s++;
	}
	return *s == '\0';
}

/* NULL when value suits the keyword, else what WeChat's errmsg says. */
static const char *field_problem(const char *key, const char *value)
{
	bool chinese;
	size_t n = characters(value, &chinese);
	if (n == 0)
		return "is empty";
	if (strncmp(key, "thing", 5) == 0)
		return n <= 20 ? NULL : "exceeds limit";
	if (strncmp(key, "phrase", 6) == 0)
		return n <= 5 && chinese ? NULL : "exceeds limit";
	if (strncmp(key, "time", 4) == 0)
		return when_ok(value, false, true) ? NULL : "invalid time format";
	if (strncmp(key, "date", 4) == 0)
		return when_ok(value, true, false) ? NULL : "invalid date format";
	if (strncmp(key, "number", 6) == 0 || strncmp(key, "letter", 6) == 0 ||
	    strncmp(key, "character_string", 16) == 0)
		return n <= 32 ? NULL : "exceeds limit";
	return NULL;   /* a type the fake does not model */
}

/* Answers the first problem of data; true when there is none. */
static bool data_ok(struct request *req, struct response *resp, const cJSON *data)
{
	const cJSON *field;
	cJSON_ArrayForEach(field, data) {
		const char *value = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(field, "value"));
		if (!cJSON_IsObject(field) || !value) {
			fake_wx_error(req, resp, 47001, "data format error");
			return false;
		}
		const char *problem = field_problem(field->string, value);
		if (problem) {
			fake_wx_error(req, resp, 47003,
			              arena_printf(req->arena, "argument invalid! data.%s.value %s", field->string, problem));
			return false;
		}
	}
	return true;
}

void fake_subscribe_send(struct request *req, struct response *resp)
{
	fake_record_call(req, "subscribe_send");
	if (fake_apply_fault(req, resp, "subscribe_send", send_faults, sizeof send_faults / sizeof send_faults[0]))
		return;
	if (!fake_require_token(req, resp))
		return;
	const cJSON *json = fake_parse_body(req);
	const cJSON *data = cJSON_GetObjectItemCaseSensitive(json, "data");
	if (!json || !cJSON_IsObject(data)) {
		fake_wx_error(req, resp, 47001, "data format error");
		return;
	}
	const char *touser = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(json, "touser"));
	const char *template_id = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(json, "template_id"));
	const char *page = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(json, "page"));
	const char *state = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(json, "miniprogram_state"));
	if (!touser || !*touser) {
		fake_wx_error(req, resp, 40003, "invalid openid");
		return;
	}
	if (!template_id || !*template_id) {
		fake_wx_error(req, resp, 40037, "invalid template_id");
		return;
	}
	if (state && strcmp(state, "developer") != 0 && strcmp(state, "trial") != 0 && strcmp(state, "formal") != 0) {
		fake_wx_error(req, resp, 47003, "argument invalid! miniprogram_state");
		return;
	}
	if (!data_ok(req, resp, data))
		return;
	char *data_text = cJSON_PrintUnformatted(data);
	sqlite3_stmt *st = db_stmt(fake_of(req)->state,
	                           "INSERT INTO messages (touser, template_id, page, miniprogram_state, data, at) "
	                           "VALUES (?1, ?2, ?3, ?4, ?5, ?6) RETURNING id");
	int64_t id = 0;
	if (st && data_text) {
		sqlite3_bind_text(st, 1, touser, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 2, template_id, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 3, page ? page : "", -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 4, state ? state : "formal", -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 5, data_text, -1, SQLITE_STATIC);
		sqlite3_bind_int64(st, 6, clock_now());
		if (sqlite3_step(st) == SQLITE_ROW)
			id = sqlite3_column_int64(st, 0);
		sqlite3_reset(st);
	}
	cJSON_free(data_text);
	if (!id) {
		fake_wx_error(req, resp, -1, "system error");
		return;
	}
	cJSON *root = cJSON_CreateObject();
	cJSON_AddNumberToObject(root, "errcode", 0);
	cJSON_AddStringToObject(root, "errmsg", "ok");
	cJSON_AddNumberToObject(root, "msgid", (double)id);
	fake_wx_reply(resp, 200, root);
}

/* GET /fake/messages[?touser=OPENID]: the messages kept, oldest first. */
void fake_messages(struct request *req, struct response *resp)
{
	const char *touser = req_query(req, "touser");
	sqlite3_stmt *st = db_stmt(fake_of(req)->state,
	                           "SELECT id, touser, template_id, page, miniprogram_state, data, at FROM messages "
	                           "WHERE ?1 IS NULL OR touser = ?1 ORDER BY id");
	if (!st) {
		resp_error(resp, 500, "internal_error", "cannot read the messages", NULL);
		return;
	}
	sqlite3_bind_text(st, 1, touser, -1, SQLITE_STATIC);
	cJSON *list = cJSON_CreateArray();
	while (sqlite3_step(st) == SQLITE_ROW) {
		cJSON *m = cJSON_CreateObject();
		cJSON_AddNumberToObject(m, "msgid", (double)sqlite3_column_int64(st, 0));
		static const char *const cols[] = { NULL, "touser", "template_id", "page", "miniprogram_state" };
		for (int i = 1; i < 5; i++)
			cJSON_AddStringToObject(m, cols[i], (const char *)sqlite3_column_text(st, i));
		cJSON *data = cJSON_Parse((const char *)sqlite3_column_text(st, 5));
		cJSON_AddItemToObject(m, "data", data ? data : cJSON_CreateNull());
		cJSON_AddNumberToObject(m, "at", (double)sqlite3_column_int64(st, 6));
		cJSON_AddItemToArray(list, m);
	}
	sqlite3_reset(st);
	resp_json(resp, 200, list);
}
