#ifndef WALK_WX_SUBSCRIBE_H
#define WALK_WX_SUBSCRIBE_H
/*
 * The reminder's subscribe message (WECHAT.md §5): its template, page and
 * field values from the configuration, WeChat's rules for each field, and the
 * body of one POST cgi-bin/message/subscribe/send.
 *
 * remind_data lists the template's fields as "key=value" pairs separated by
 * ';', in the template's order: "thing1={activity};thing2=…;time3={deadline}".
 * A key is WeChat's keyword name, whose letters give its type (thing, phrase,
 * time, date, number, letter, character_string, name) and WeChat's limits for
 * it (wx_subscribe_value_check).  A value may hold placeholders, replaced for
 * each evening:
 *   {activity}   the activity's name
 *   {date}       the day, "2019年7月21日"
 *   {deadline}   the end of the day's settle window, "2019年7月21日 23:59"
 *                (WeChat's time is a 24-hour clock time: 24:00 is written 23:59)
 * Nothing here talks to WeChat or allocates beyond the body's cJSON text.
 */
#include "config.h"

#include <stdint.h>

enum {
	WX_TEMPLATE_FIELDS_MAX = 8,
	WX_FIELD_KEY_MAX = 32,
	WX_FIELD_VALUE_MAX = 256,
};

struct wx_template_field {
	char key[WX_FIELD_KEY_MAX];       /* "thing1": keyword type and number */
	char value[WX_FIELD_VALUE_MAX];   /* configured: with placeholders; rendered: the text sent */
};

struct wx_template {
	char template_id[128];
	char page[256];
	char miniprogram_state[16];   /* formal, trial or developer: wx_env_version in WeChat's words */
	int nfields;
	struct wx_template_field fields[WX_TEMPLATE_FIELDS_MAX];
};

/* What the placeholders stand for on one evening. */
struct wx_template_vars {
	const char *activity;     /* the activity's name */
	int32_t day;              /* calendar.h day number */
	int32_t deadline_s;       /* seconds of the day the settle window ends (86400: 24:00) */
};

/* Reads remind_template_id, remind_page, remind_data and wx_env_version into
 * *out.  Refuses (-1 with a one-line reason in err) an empty template id, the
 * dev template in production mode, a page with a leading '/', a malformed or
 * empty field list, a key twice, an unknown keyword type or placeholder.
 * Returns 0 otherwise. */
int wx_template_from_config(const struct walk_config *cfg, struct wx_template *out, char *err, size_t errlen);

/* The template with its placeholders replaced, every value checked against
 * WeChat's rules for its keyword type: 0, or -1 with a reason naming the
 * field and the rule (so that walkctl remind refuses to run rather than have
 * WeChat answer 47003 to every message). */
int wx_template_render(const struct wx_template *t, const struct wx_template_vars *vars, struct wx_template *out,
                       char *err, size_t errlen);

/* NULL when value suits keyword key under WeChat's rules (WECHAT.md §5: thing
 * at most 20 characters, phrase at most 5 Chinese characters, time a 24-hour
 * time with an optional date, date a date with an optional time, either as a
 * span "a~b"; number, letter and character_string at most 32, name at most 10
 * Chinese characters or 20 letters; none empty), else why not. */
const char *wx_subscribe_value_check(const char *key, const char *value);

/* {touser, template_id, page, miniprogram_state, lang, data:{key:{value}}}
 * for openid, as compact JSON text to free with cJSON_free (NULL only when
 * memory runs out). */
char *wx_subscribe_body(const struct wx_template *rendered, const char *openid);

/* SHA-256 (hex) of everything a message says but its addressee, to tell one
 * evening's template data from another. */
void wx_template_fingerprint(const struct wx_template *rendered, char out[65]);

#endif
