/* The merchant transfer's fields, checked as WeChat Pay checks them
 * (WECHAT.md §6): what is wrong with a field is 400 PARAM_ERROR naming it;
 * an amount outside the limits is 400 INVALID_REQUEST "超过单笔转账上下限". */
#include "pay.h"

#include <string.h>

enum {
	MIN_AMOUNT = 10,          /* 0.1 yuan */
	REMARK_MAX_CHARS = 32,
	REPORT_CONTENT_MAX_CHARS = 32,
	OPENID_MAX = 128,
	NOTIFY_URL_MAX = 256,
};

#define ALNUM "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"

bool pay_bill_no_valid(const char *s)
{
	size_t n = s ? strlen(s) : 0;
	return n >= 1 && n <= 32 && strspn(s, ALNUM) == n;
}

/* Characters, as WeChat counts them: UTF-8 sequences, not bytes. */
static size_t utf8_chars(const char *s)
{
	size_t n = 0;
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		n += (*p & 0xC0) != 0x80;
	return n;
}

static const char *str_member(const cJSON *o, const char *name)
{
	return cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(o, name));
}

/* A notify_url as WeChat Pay takes it: https (the fake also takes http to
 * this machine, for the dev stack), no query string, no fragment. */
static bool notify_url_valid(const char *url)
{
	if (strlen(url) > NOTIFY_URL_MAX || strpbrk(url, "?# \t\r\n"))
		return false;
	if (strncmp(url, "https://", 8) == 0)
		return url[8] != '\0' && url[8] != '/';
	return strncmp(url, "http://127.0.0.1:", 17) == 0 || strncmp(url, "http://127.0.0.1/", 17) == 0 ||
	       strncmp(url, "http://localhost:", 17) == 0;
}

/* The scene 1000 report: exactly two entries, 活动名称 and 奖励说明, each with
 * 1..32 characters of content.  Appends them to fields canonically. */
static const char *read_report(const cJSON *infos, struct buf *fields)
{
	static const char *const types[] = { "活动名称", "奖励说明" };
	if (!cJSON_IsArray(infos) || cJSON_GetArraySize(infos) != 2)
		return "transfer_scene_report_infos: 转账场景1000须填写活动名称与奖励说明两项报备信息";
	const char *content[2] = { NULL, NULL };
	const cJSON *item;
	cJSON_ArrayForEach(item, infos) {
		const char *type = str_member(item, "info_type"), *text = str_member(item, "info_content");
		if (!cJSON_IsObject(item) || !type || !text)
			return "transfer_scene_report_infos: 每项须有 info_type 与 info_content";
		int k = strcmp(type, types[0]) == 0 ? 0 : strcmp(type, types[1]) == 0 ? 1 : -1;
		if (k < 0 || content[k])
			return "transfer_scene_report_infos: info_type 须为活动名称与奖励说明各一项";
		size_t chars = utf8_chars(text);
		if (chars < 1 || chars > REPORT_CONTENT_MAX_CHARS)
			return "transfer_scene_report_infos: info_content 长度须为1到32个字符";
		content[k] = text;
	}
	buf_printf(fields, "\x1f%s=%s\x1f%s=%s", types[0], content[0], types[1], content[1]);
	return NULL;
}

/* Whole JSON numbers a double holds exactly. */
static bool whole_number(const cJSON *item, int64_t *v)
{
	if (!cJSON_IsNumber(item))
		return false;
	double d = item->valuedouble;
	if (!(d >= -9007199254740992.0 && d <= 9007199254740992.0) || d != (double)(int64_t)d)
		return false;
	*v = (int64_t)d;
	return true;
}

static int refuse(int *status, const char **code, const char **message, int st, const char *c, const char *m)
{
	*status = st;
	*code = c;
	*message = m;
	return -1;
}

int pay_transfer_read(struct request *req, const cJSON *body, struct pay_transfer *t, int *status,
                      const char **code, const char **message)
{
	memset(t, 0, sizeof *t);
	if (!cJSON_IsObject(body))
		return refuse(status, code, message, 400, "PARAM_ERROR", "请求体不是合法的JSON对象");
	t->appid = str_member(body, "appid");
	t->out_bill_no = str_member(body, "out_bill_no");
	t->scene_id = str_member(body, "transfer_scene_id");
	t->openid = str_member(body, "openid");
	t->remark = str_member(body, "transfer_remark");
	t->notify_url = str_member(body, "notify_url");
	t->perception = str_member(body, "user_recv_perception");
	const cJSON *amount = cJSON_GetObjectItemCaseSensitive(body, "transfer_amount");
	const cJSON *perception = cJSON_GetObjectItemCaseSensitive(body, "user_recv_perception");
	const cJSON *notify = cJSON_GetObjectItemCaseSensitive(body, "notify_url");

	if (!t->appid || !*t->appid)
		return refuse(status, code, message, 400, "PARAM_ERROR", "appid: 必填参数缺失");
	if (strcmp(t->appid, fake_of(req)->cfg.appid) != 0)
		return refuse(status, code, message, 400, "PARAM_ERROR", "appid: 与商户号不匹配");
	if (!pay_bill_no_valid(t->out_bill_no))
		return refuse(status, code, message, 400, "PARAM_ERROR", "out_bill_no: 须为1到32位数字或大小写字母");
	if (!t->scene_id)
		return refuse(status, code, message, 400, "PARAM_ERROR", "transfer_scene_id: 必填参数缺失");
	if (strcmp(t->scene_id, "1000") != 0)
		return refuse(status, code, message, 400, "PARAM_ERROR", "transfer_scene_id: 商户未开通该转账场景");
	size_t openid_len = t->openid ? strlen(t->openid) : 0;
	if (openid_len < 1 || openid_len > OPENID_MAX ||
	    strspn(t->openid, ALNUM "-_") != openid_len)
		return refuse(status, code, message, 400, "PARAM_ERROR", "openid: 格式错误");
	if (!whole_number(amount, &t->amount))
		return refuse(status, code, message, 400, "PARAM_ERROR", "transfer_amount: 须为整数，单位为分");
	if (t->amount < MIN_AMOUNT || t->amount > fake_pay()->max_amount)
		return refuse(status, code, message, 400, "INVALID_REQUEST", "超过单笔转账上下限");
	size_t remark_chars = t->remark ? utf8_chars(t->remark) : 0;
	if (remark_chars < 1 || remark_chars > REMARK_MAX_CHARS)
		return refuse(status, code, message, 400, "PARAM_ERROR", "transfer_remark: 长度须为1到32个字符");
	if (notify && (!t->notify_url || !notify_url_valid(t->notify_url)))
		return refuse(status, code, message, 400, "PARAM_ERROR",
		              "notify_url: 须为https地址，且不能携带查询参数");
	if (perception && (!t->perception || (strcmp(t->perception, "活动奖励") != 0 &&
	                                      strcmp(t->perception, "现金奖励") != 0)))
		return refuse(status, code, message, 400, "PARAM_ERROR", "user_recv_perception: 须为活动奖励或现金奖励");
	struct buf fields = { 0 };
	buf_printf(&fields, "%s\x1f%s\x1f%s\x1f%lld\x1f%s\x1f%s\x1f%s", t->appid, t->scene_id, t->openid,
	           (long long)t->amount, t->remark, t->notify_url ? t->notify_url : "",
	           t->perception ? t->perception : "");
	const char *report_error = read_report(cJSON_GetObjectItemCaseSensitive(body, "transfer_scene_report_infos"),
	                                       &fields);
	if (!report_error)
		t->fields = arena_strdup(req->arena, buf_str(&fields));
	buf_free(&fields);
	if (report_error)
		return refuse(status, code, message, 400, "PARAM_ERROR", report_error);
	if (!t->notify_url)
		t->notify_url = "";
	return 0;
}
