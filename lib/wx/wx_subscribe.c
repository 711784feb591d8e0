/* The reminder's subscribe message: template, WeChat's field rules, body
 * (wx_subscribe.h, WECHAT.md §5). */
#include "wx_subscribe.h"

#include "calendar.h"
#include "crypto.h"
#include "validate.h"

#include <cjson/cJSON.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

/* ---------------------------------------------------------- WeChat's rules */

/* The next code point of well-formed UTF-8 (checked by valid_text first). */
static unsigned next_code_point(const char **p)
{
	const unsigned char *s = (const unsigned char *)*p;
	unsigned c = s[0];
	int extra = c >= 0xF0 ? 3 : c >= 0xE0 ? 2 : c >= 0xC0 ? 1 : 0;
	c &= extra == 3 ? 0x07 : extra == 2 ? 0x0F : extra == 1 ? 0x1F : 0x7F;
	for (int i = 1; i <= extra; i++)
		c = (c << 6) | (s[i] & 0x3F);
	*p += extra + 1;
	return c;
}

static bool is_cjk_ideograph(unsigned c)
{
	return (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0x3400 && c <= 0x4DBF) || (c >= 0xF900 && c <= 0xFAFF) ||
	       (c >= 0x20000 && c <= 0x3134F);
}

static bool all_chinese(const char *s)
{
	while (*s)
		if (!is_cjk_ideograph(next_code_point(&s)))
			return false;
	return true;
}

static bool all_in(const char *s, bool (*ok)(unsigned char c))
{
	for (; *s; s++)
		if (!ok((unsigned char)*s))
			return false;
	return true;
}

static bool is_letter(unsigned char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
static bool is_digit(unsigned char c) { return c >= '0' && c <= '9'; }
static bool is_visible_ascii(unsigned char c) { return c > ' ' && c < 0x7F; }

/* Reads n digits into *v; false if fewer. */
static bool digits(const char **p, int min, int max, int *v)
{
	int n = 0, value = 0;
	while (n < max && is_digit((unsigned char)(*p)[n]))
		value = value * 10 + ((*p)[n++] - '0');
	if (n < min)
		return false;
	*p += n;
	*v = value;
	return true;
}

static bool literal(const char **p, const char *text)
{
	size_t n = strlen(text);
	if (strncmp(*p, text, n) != 0)
		return false;
	*p += n;
	return true;
}

/* "2019年7月21日" or "2019-07-21", a real date. */
static bool read_date(const char **p)
{
	const char *s = *p;
	int y, m, d;
	if (!digits(&s, 4, 4, &y))
		return false;
	bool chinese = literal(&s, "年");
	if (!chinese && !literal(&s, "-"))
		return false;
	if (!digits(&s, chinese ? 1 : 2, 2, &m) || !literal(&s, chinese ? "月" : "-") ||
	    !digits(&s, chinese ? 1 : 2, 2, &d) || (chinese && !literal(&s, "日")))
		return false;
	if (!cal_is_valid_date(y, m, d))
		return false;
	*p = s;
	return true;
}

/* "21:30", a 24-hour clock time (":SS" allowed). */
static bool read_clock(const char **p)
{
	const char *s = *p;
	int h = 0, m = 0, sec = 0;
	if (!digits(&s, 1, 2, &h) || h > 23 || !literal(&s, ":") || !digits(&s, 2, 2, &m) || m > 59)
		return false;
	if (*s == ':') {
		s++;
		if (!digits(&s, 2, 2, &sec) || sec > 59)
			return false;
	}
	*p = s;
	return true;
}

/* One point of a time or date field: a date and/or a clock time (a space
 * between them), the one the type requires present. */
static bool read_point(const char **p, bool need_date, bool need_clock)
{
	bool date = read_date(p), clock = false;
	if (date && **p == ' ') {
		const char *after = *p + 1;
		if ((clock = read_clock(&after)))
			*p = after;
	} else {
		clock = read_clock(p);
	}
	return (date || clock) && (date || !need_date) && (clock || !need_clock);
}

/* A point, or a span of two points joined by '~'. */
static bool valid_when(const char *s, bool need_date, bool need_clock)
{
	if (!read_point(&s, need_date, need_clock))
		return false;
	if (*s == '~') {
		s++;
		if (!read_point(&s, need_date, need_clock))
			return false;
	}
	return *s == '\0';
}

static bool valid_number(const char *s)
{
	bool dot = false, digit = false;
	for (; *s; s++) {
		if (*s == '.' && !dot)
			dot = true;
		else if (is_digit((unsigned char)*s))
			digit = true;
		else
			return false;
	}
	return digit;
}

/* WeChat's rule of each keyword type (WECHAT.md §5), given a non-empty value
 * of valid text and its number of characters: NULL, or why not. */
static const char *thing_rule(const char *v, size_t chars)
{
	(void)v;
	return chars <= 20 ? NULL : "has more than 20 characters (thing: at most 20)";
}

static const char *phrase_rule(const char *v, size_t chars)
{
	if (chars > 5)
		return "has more than 5 characters (phrase: at most 5 Chinese characters)";
	return all_chinese(v) ? NULL : "is not only Chinese characters (phrase: at most 5 Chinese characters)";
}

static const char *time_rule(const char *v, size_t chars)
{
	(void)chars;
	return valid_when(v, false, true) ? NULL : "is not a time such as 21:30 or 2019年7月21日 23:59";
}

static const char *date_rule(const char *v, size_t chars)
{
	(void)chars;
	return valid_when(v, true, false) ? NULL : "is not a date such as 2019年7月21日";
}

static const char *number_rule(const char *v, size_t chars)
{
	return chars <= 32 && valid_number(v) ? NULL : "is not a number of at most 32 characters";
}

static const char *letter_rule(const char *v, size_t chars)
{
	return chars <= 32 && all_in(v, is_letter) ? NULL : "is not at most 32 letters";
}

static const char *character_string_rule(const char *v, size_t chars)
{
	return chars <= 32 && all_in(v, is_visible_ascii) ? NULL : "is not at most 32 letters, digits and symbols";
}

static const char *name_rule(const char *v, size_t chars)
{
	return (all_chinese(v) && chars <= 10) || (all_in(v, is_letter) && chars <= 20)
	     ? NULL : "is not a name of at most 10 Chinese characters or 20 letters";
}

static const struct keyword_rule {
	const char *type;
	const char *(*check)(const char *value, size_t chars);
} keyword_rules[] = {
	{ "thing", thing_rule }, { "phrase", phrase_rule }, { "time", time_rule }, { "date", date_rule },
	{ "number", number_rule }, { "letter", letter_rule }, { "character_string", character_string_rule },
	{ "name", name_rule },
};

/* The rule of a keyword by its type, the key's letters before its number
 * ("thing" for thing1); NULL for a type this server does not know. */
static const struct keyword_rule *rule_of(const char *key)
{
	size_t n = strcspn(key, "0123456789");
	for (size_t i = 0; i < sizeof keyword_rules / sizeof keyword_rules[0]; i++)
		if (strlen(keyword_rules[i].type) == n && strncmp(key, keyword_rules[i].type, n) == 0)
			return &keyword_rules[i];
	return NULL;
}

const char *wx_subscribe_value_check(const char *key, const char *value)
{
	const struct keyword_rule *rule = rule_of(key);
	if (!rule)
		return "has a keyword type this server does not know (thing, phrase, time, date, number, letter, "
		       "character_string, name)";
	size_t chars = 0;
	if (!valid_text(value, &chars))
		return "is not valid UTF-8 text without control characters";
	if (chars == 0)
		return "is empty";
	return rule->check(value, chars);
}

/* ---------------------------------------------------------- configuration */

static const char *const placeholders[] = { "{activity}", "{date}", "{deadline}" };

/* The length of the placeholder at s, 0 if none is. */
static size_t placeholder_at(const char *s)
{
	for (size_t i = 0; i < sizeof placeholders / sizeof placeholders[0]; i++)
		if (strncmp(s, placeholders[i], strlen(placeholders[i])) == 0)
			return strlen(placeholders[i]);
	return 0;
}

static bool valid_key(const char *key)
{
	size_t letters = strspn(key, "abcdefghijklmnopqrstuvwxyz_");
	size_t number = strspn(key + letters, "0123456789");
	return letters > 0 && number > 0 && key[letters + number] == '\0';
}

/* Copies [s, s+n) with the white space at both ends dropped. */
static void copy_trimmed(char *out, size_t size, const char *s, size_t n)
{
	while (n && (*s == ' ' || *s == '\t'))
		s++, n--;
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		n--;
	if (n >= size)
		n = size - 1;
	memcpy(out, s, n);
	out[n] = '\0';
}

static int parse_field(const char *text, size_t n, struct wx_template *t, char *err, size_t errlen)
{
	const char *eq = memchr(text, '=', n);
	if (!eq) {
		snprintf(err, errlen, "remind_data: '%.*s' is not key=value", (int)n, text);
		return -1;
	}
	if (t->nfields == WX_TEMPLATE_FIELDS_MAX) {
		snprintf(err, errlen, "remind_data: more than %d fields", WX_TEMPLATE_FIELDS_MAX);
		return -1;
	}
	struct wx_template_field *f = &t->fields[t->nfields];
	size_t key_len = (size_t)(eq - text), value_len = n - key_len - 1;
	copy_trimmed(f->key, sizeof f->key, text, key_len);
	if (!valid_key(f->key)) {
		snprintf(err, errlen, "remind_data: '%s' is not a keyword name such as thing1", f->key);
		return -1;
	}
	for (int i = 0; i < t->nfields; i++) {
		if (strcmp(t->fields[i].key, f->key) == 0) {
			snprintf(err, errlen, "remind_data: %s appears twice", f->key);
			return -1;
		}
	}
	if (value_len >= sizeof f->value) {
		snprintf(err, errlen, "remind_data: the value of %s is too long", f->key);
		return -1;
	}
	copy_trimmed(f->value, sizeof f->value, eq + 1, value_len);
	for (const char *p = strchr(f->value, '{'); p; p = strchr(p + 1, '{')) {
		if (!placeholder_at(p)) {
			snprintf(err, errlen, "remind_data: %s has an unknown placeholder (known: {activity}, {date}, "
			         "{deadline})", f->key);
			return -1;
		}
	}
	if (!rule_of(f->key)) {
		snprintf(err, errlen, "remind_data: %s %s", f->key, wx_subscribe_value_check(f->key, ""));
		return -1;
	}
	t->nfields++;
	return 0;
}

int wx_template_from_config(const struct walk_config *cfg, struct wx_template *out, char *err, size_t errlen)
{
	memset(out, 0, sizeof *out);
	if (!cfg->remind_template_id[0]) {
		snprintf(err, errlen, "remind_template_id is empty");
		return -1;
	}
	if (cfg->mode == MODE_PRODUCTION && strcmp(cfg->remind_template_id, CONFIG_DEV_REMIND_TEMPLATE) == 0) {
		snprintf(err, errlen, "production mode needs the real remind_template_id");
		return -1;
	}
	if (cfg->remind_page[0] == '/' || strchr(cfg->remind_page, ' ')) {
		snprintf(err, errlen, "remind_page must be a page path such as pages/index/index (no leading '/')");
		return -1;
	}
	snprintf(out->template_id, sizeof out->template_id, "%s", cfg->remind_template_id);
	snprintf(out->page, sizeof out->page, "%s", cfg->remind_page);
	snprintf(out->miniprogram_state, sizeof out->miniprogram_state, "%s",
	         strcmp(cfg->wx_env_version, "develop") == 0 ? "developer"
	         : strcmp(cfg->wx_env_version, "trial") == 0 ? "trial" : "formal");
	for (const char *p = cfg->remind_data; *p;) {
		size_t n = strcspn(p, ";");
		if (strspn(p, " \t") < n && parse_field(p, n, out, err, errlen) != 0)
			return -1;
		p += n + (p[n] == ';');
	}
	if (out->nfields == 0) {
		snprintf(err, errlen, "remind_data has no field (e.g. thing1=今日步数尚未结算)");
		return -1;
	}
	return 0;
}

/* ---------------------------------------------------------- one evening */

static void format_date(int32_t day, char *out, size_t size)
{
	int32_t y;
	int m, d;
	cal_civil_from_days(day, &y, &m, &d);
	snprintf(out, size, "%d年%d月%d日", (int)y, m, d);
}

/* The value of one placeholder (the text at p) on that evening. */
static void placeholder_value(const char *p, const struct wx_template_vars *v, char *out, size_t size)
{
	if (strncmp(p, "{activity}", 10) == 0) {
		snprintf(out, size, "%s", v->activity ? v->activity : "");
		return;
	}
	char date[32];
	format_date(v->day, date, sizeof date);
	if (strncmp(p, "{date}", 6) == 0) {
		snprintf(out, size, "%s", date);
		return;
	}
	int32_t end = v->deadline_s >= 86400 ? 86400 - 60 : v->deadline_s;   /* 24:00 is written 23:59 */
	snprintf(out, size, "%s %02d:%02d", date, (int)(end / 3600), (int)(end / 60 % 60));
}

int wx_template_render(const struct wx_template *t, const struct wx_template_vars *vars, struct wx_template *out,
                       char *err, size_t errlen)
{
	*out = *t;
	for (int i = 0; i < t->nfields; i++) {
		char text[WX_FIELD_VALUE_MAX * 2] = "";
		size_t used = 0;
		for (const char *p = t->fields[i].value; *p && used < sizeof text - 1;) {
			size_t n = *p == '{' ? placeholder_at(p) : 0;
			if (n) {
				char value[WX_FIELD_VALUE_MAX];
				placeholder_value(p, vars, value, sizeof value);
				used += (size_t)snprintf(text + used, sizeof text - used, "%s", value);
				p += n;
			} else {
				text[used++] = *p++;
				text[used] = '\0';
			}
		}
		if (used >= sizeof out->fields[i].value) {
			snprintf(err, errlen, "remind_data: %s is too long once filled in", t->fields[i].key);
			return -1;
		}
		memcpy(out->fields[i].value, text, used + 1);
		const char *why = wx_subscribe_value_check(out->fields[i].key, out->fields[i].value);
		if (why) {
			snprintf(err, errlen, "remind_data: %s \"%s\" %s (WeChat would answer 47003)", out->fields[i].key,
			         out->fields[i].value, why);
			return -1;
		}
	}
	return 0;
}

static cJSON *message_json(const struct wx_template *t, const char *openid)
{
	cJSON *root = cJSON_CreateObject();
	if (openid)
		cJSON_AddStringToObject(root, "touser", openid);
	cJSON_AddStringToObject(root, "template_id", t->template_id);
	if (t->page[0])
		cJSON_AddStringToObject(root, "page", t->page);
	cJSON_AddStringToObject(root, "miniprogram_state", t->miniprogram_state);
	cJSON_AddStringToObject(root, "lang", "zh_CN");
	cJSON *data = cJSON_AddObjectToObject(root, "data");
	for (int i = 0; i < t->nfields; i++) {
		cJSON *field = cJSON_AddObjectToObject(data, t->fields[i].key);
		cJSON_AddStringToObject(field, "value", t->fields[i].value);
	}
	return root;
}

char *wx_subscribe_body(const struct wx_template *rendered, const char *openid)
{
	cJSON *root = message_json(rendered, openid);
	char *text = cJSON_PrintUnformatted(root);
	cJSON_Delete(root);
	return text;
}

void wx_template_fingerprint(const struct wx_template *rendered, char out[65])
{
	cJSON *root = message_json(rendered, NULL);
	char *text = cJSON_PrintUnformatted(root);
	cJSON_Delete(root);
	crypto_sha256_hex(text ? text : "", text ? strlen(text) : 0, out);
	cJSON_free(text);
}
