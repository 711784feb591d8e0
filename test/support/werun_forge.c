#include "werun_forge.h"

#include "crypto.h"

#include <cjson/cJSON.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

bool forge_known_init(struct forge_known *k, const char *iv_b64, const char *encrypted_b64, const char *text)
{
	memset(k, 0, sizeof *k);
	long n = crypto_base64_decode(encrypted_b64, strlen(encrypted_b64), k->ct, sizeof k->ct);
	if (crypto_base64_decode(iv_b64, strlen(iv_b64), k->iv, sizeof k->iv) != 16 || n <= 0 || n % 16)
		return false;
	size_t len = strlen(text);
	k->n = (size_t)n / 16;
	if (len >= k->n * 16 || len + 16 < k->n * 16)
		return false;   /* PKCS#7 adds 1 to 16 bytes */
	memcpy(k->plain, text, len);
	memset(k->plain + len, (int)(k->n * 16 - len), k->n * 16 - len);
	k->text_len = len;
	return true;
}

void forge_realize(const struct forge_known *k, const struct forge_block *plan, size_t n,
                   unsigned char iv[16], unsigned char *ct)
{
	memcpy(iv, k->iv, 16);
	for (size_t j = 0; j < n; j++)
		memcpy(ct + 16 * j, k->ct + 16 * plan[j].src, 16);
	for (size_t j = 0; j < n; j++) {
		if (!plan[j].chosen || (j + 1 < n && plan[j + 1].chosen))
			continue;
		/* D(C_src) = P_src XOR C_src-1, all known; the block before gets
		 * D(C_src) XOR text. */
		size_t s = plan[j].src;
		const unsigned char *before_src = s == 0 ? k->iv : k->ct + 16 * (s - 1);
		unsigned char *before = j == 0 ? iv : ct + 16 * (j - 1);
		for (int i = 0; i < 16; i++)
			before[i] = (unsigned char)(k->plain[16 * s + i] ^ before_src[i] ^ plan[j].text[i]);
	}
}

size_t forge_plan_edit(const struct forge_known *k, const unsigned char *text, struct forge_block *plan)
{
	for (size_t j = 0; j < k->n; j++) {
		plan[j].src = j;
		plan[j].chosen = memcmp(text + 16 * j, k->plain + 16 * j, 16) != 0;
		memcpy(plan[j].text, text + 16 * j, 16);
	}
	return k->n;
}

/* ------------------------------------------------------------ where */

enum expect { X_MEMBER, X_COLON, X_VALUE, X_AFTER, X_ITEM, X_END };

void forge_where_init(const struct forge_known *k, struct forge_where *where)
{
	const char *p = (const char *)k->plain;
	struct forge_where now = { .pos = FP_MEMBER, .depth = 0 };
	enum expect expect = X_VALUE;
	bool in_string = false, is_key = false, in_number = false;
	char key[32] = "";
	size_t key_len = 0;
	for (size_t i = 0; i <= k->text_len; i++) {
		char c = i < k->text_len ? p[i] : '\0';
		if (in_number && !(c >= '0' && c <= '9'))
			in_number = false;
		if (in_string)
			now.pos = is_key ? FP_IN_KEY : FP_IN_STRING;
		else if (in_number)
			now.pos = FP_IN_NUMBER;
		else
			now.pos = expect == X_MEMBER ? FP_MEMBER : expect == X_COLON ? FP_COLON
			          : expect == X_VALUE ? FP_VALUE : expect == X_ITEM ? FP_ITEM : expect == X_END ? FP_END
			          : now.depth > 0 && now.stack[now.depth - 1] == FC_LIST ? FP_AFTER_ITEM : FP_AFTER_VALUE;
		where[i] = now;
		if (i == k->text_len)
			break;
		if (in_string) {
			if (c != '"') {
				if (is_key && key_len < sizeof key - 1)
					key[key_len++] = c;
				continue;
			}
			in_string = false;
			key[key_len] = '\0';
			expect = is_key ? X_COLON : X_AFTER;
			continue;
		}
		if (in_number)
			continue;
		switch (c) {
		case '{': {
			enum forge_container kind = now.depth == 0 ? FC_ROOT
			                            : now.stack[now.depth - 1] == FC_LIST ? FC_ENTRY
			                            : strcmp(key, "watermark") == 0 ? FC_MARK : FC_ENTRY;
			now.stack[now.depth++] = kind;
			expect = X_MEMBER;
			break;
		}
		case '[':
			now.stack[now.depth++] = FC_LIST;
			expect = X_ITEM;
			break;
		case '}':
		case ']':
			now.depth--;
			expect = now.depth == 0 ? X_END : X_AFTER;
			break;
		case '"':
			in_string = true;
			is_key = expect == X_MEMBER;
			key_len = 0;
			break;
		case ':':
			expect = X_VALUE;
			break;
		case ',':
			expect = now.stack[now.depth - 1] == FC_LIST ? X_ITEM : X_MEMBER;
			break;
		case ' ':
			break;
		default:   /* a number's first character */
			in_number = true;
			expect = X_AFTER;
			break;
		}
	}
}

/* The text that takes a reader from "after a value in the containers
 * from[0..from_depth)" to what comes at `to`, into out; false if no text can. */
static bool bridge(const enum forge_container *from, int from_depth, const struct forge_where *to, char *out)
{
	int common = 0;
	while (common < from_depth && common < to->depth && from[common] == to->stack[common])
		common++;
	out[0] = '\0';
	for (int i = from_depth - 1; i >= common; i--)
		strcat(out, from[i] == FC_LIST ? "]" : "}");
	if (common == 0)
		return to->depth == 0;   /* after the top object only its end may come */
	bool fresh = false;
	for (int i = common; i < to->depth; i++) {
		if (!fresh)
			strcat(out, ",");
		if (to->stack[i - 1] == FC_LIST)
			strcat(out, "{");
		else   /* under the names a reader looks for */
			strcat(out, to->stack[i] == FC_LIST ? "\"stepInfoList\":[" : to->stack[i] == FC_MARK
			       ? "\"watermark\":{" : "\"z\":{");
		fresh = true;
	}
	bool in_list = to->stack[to->depth - 1] == FC_LIST;
	const char *sep = fresh ? "" : ",";
	char tail[16] = "";
	switch (to->pos) {
	case FP_IN_KEY: snprintf(tail, sizeof tail, "%s\"", sep); break;
	case FP_IN_STRING: snprintf(tail, sizeof tail, "%s\"z\":\"", sep); break;
	case FP_IN_NUMBER:
	case FP_VALUE: snprintf(tail, sizeof tail, "%s\"z\":", sep); break;
	case FP_COLON: snprintf(tail, sizeof tail, "%s\"z\"", sep); break;
	case FP_MEMBER:
	case FP_ITEM: snprintf(tail, sizeof tail, "%s", sep); break;
	case FP_AFTER_VALUE:
	case FP_AFTER_ITEM:
		if (fresh)
			snprintf(tail, sizeof tail, in_list ? "{\"z\":0}" : "\"z\":0");
		break;
	case FP_END: return false;
	}
	strcat(out, tail);
	return true;
}

size_t forge_splice(const struct forge_known *k, const struct forge_where *where, size_t g, size_t b,
                    const char *content, struct forge_block *plan, char *ideal)
{
	size_t at = 16 * g, resume = 16 * (b + 1);
	if (g == 0 || g + 1 >= FORGE_MAX_BLOCKS || b + 1 >= k->n || at >= k->text_len || resume > k->text_len)
		return 0;
	const struct forge_where *w = &where[at];
	if (w->pos != FP_IN_KEY && w->pos != FP_IN_STRING)
		return 0;
	char link[64];
	if (!bridge(w->stack, w->depth, &where[resume], link))
		return 0;
	const char *close = w->pos == FP_IN_KEY ? "\":0" : "\"";
	size_t used = strlen(close) + strlen(content) + strlen(link);
	if (used > 16)
		return 0;
	size_t n = g + 2 + (k->n - b - 1);
	if (n > FORGE_MAX_BLOCKS)
		return 0;
	/* The chosen block: the close, spaces to fill it, the content, the bridge. */
	char x[16];
	size_t len = strlen(close);
	memcpy(x, close, len);
	memset(x + len, ' ', 16 - used);
	len += 16 - used;
	memcpy(x + len, content, strlen(content));
	len += strlen(content);
	memcpy(x + len, link, strlen(link));
	for (size_t j = 0; j < n; j++) {
		plan[j].src = j <= g ? j : b + (j - g - 1);
		plan[j].chosen = j == g + 1;
		memcpy(plan[j].text, j == g + 1 ? (const unsigned char *)x : k->plain + 16 * plan[j].src, 16);
	}
	memcpy(ideal, k->plain, at);
	memset(ideal + at, 'a', 16);
	memcpy(ideal + at + 16, x, 16);
	memcpy(ideal + at + 32, k->plain + resume, k->text_len - resume);
	ideal[at + 32 + k->text_len - resume] = '\0';
	return n;
}

void forge_b64(const unsigned char iv[16], const unsigned char *ct, size_t n, char iv_b64[25], char *enc_b64)
{
	crypto_base64_encode(iv, 16, iv_b64, 25);
	crypto_base64_encode(ct, 16 * n, enc_b64, 4 * ((16 * n + 2) / 3) + 1);
}

/* ------------------------------------------------------------ the old reading */

/* A JSON number that is an integer inside int64 (as a double). */
static bool json_int64(const cJSON *item, int64_t *v)
{
	if (!cJSON_IsNumber(item))
		return false;
	double d = item->valuedouble;
	if (!(d >= -9223372036854775808.0 && d < 9223372036854775808.0))
		return false;
	int64_t i = (int64_t)d;
	if ((double)i != d)
		return false;
	*v = i;
	return true;
}

static bool lenient_entries(const cJSON *list, struct werun_data *out)
{
	const cJSON *item;
	if (!cJSON_IsArray(list))
		return false;
	cJSON_ArrayForEach(item, list) {
		if (out->n == WERUN_MAX_ENTRIES || !cJSON_IsObject(item))
			return false;
		struct rules_step_entry *e = &out->entries[out->n];
		if (!json_int64(cJSON_GetObjectItemCaseSensitive(item, "timestamp"), &e->timestamp)
		    || !json_int64(cJSON_GetObjectItemCaseSensitive(item, "step"), &e->step))
			return false;
		out->n++;
	}
	return true;
}

static bool lenient_watermark(const cJSON *mark, struct werun_data *out)
{
	if (!cJSON_IsObject(mark)
	    || !json_int64(cJSON_GetObjectItemCaseSensitive(mark, "timestamp"), &out->watermark_ts))
		return false;
	const cJSON *appid = cJSON_GetObjectItemCaseSensitive(mark, "appid");
	if (!appid)
		return true;
	if (!cJSON_IsString(appid) || strlen(appid->valuestring) > WERUN_APPID_MAX)
		return false;
	strcpy(out->appid, appid->valuestring);
	return true;
}

bool forge_lenient_read(const char *text, size_t len, struct werun_data *out)
{
	memset(out, 0, sizeof *out);
	char *copy = malloc(len + 1);
	if (!copy)
		abort();
	memcpy(copy, text, len);
	copy[len] = '\0';
	bool ok = false;
	if (strlen(copy) == len) {
		cJSON *root = cJSON_ParseWithOpts(copy, NULL, true);
		ok = cJSON_IsObject(root)
		     && lenient_entries(cJSON_GetObjectItemCaseSensitive(root, "stepInfoList"), out)
		     && lenient_watermark(cJSON_GetObjectItemCaseSensitive(root, "watermark"), out);
		cJSON_Delete(root);
	}
	free(copy);
	if (!ok)
		memset(out, 0, sizeof *out);
	return ok;
}

bool forge_raises(const struct werun_data *genuine, const struct werun_data *forged)
{
	if (strcmp(genuine->appid, forged->appid) != 0)
		return false;
	if (genuine->watermark_ts != forged->watermark_ts)
		return true;
	for (size_t i = 0; i < forged->n; i++) {
		int64_t was = 0;
		for (size_t j = 0; j < genuine->n; j++)
			if (genuine->entries[j].timestamp == forged->entries[i].timestamp)
				was = genuine->entries[j].step;
		if (forged->entries[i].step > was)
			return true;
	}
	return false;
}
