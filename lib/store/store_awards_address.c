#include "store_awards_address.h"

#include "validate.h"

#include <string.h>

enum { DETAIL_MIN_CHARS = 4, DETAIL_MAX_CHARS = 120 };

static const char *string_member(const cJSON *body, const char *name)
{
	return cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(body, name));
}

static bool problem(struct address_problem *p, const char *code, const char *field, const char *message)
{
	*p = (struct address_problem){ code, field, message };
	return false;
}

bool award_address_fields(const cJSON *body, struct award_address *out, struct address_problem *p)
{
	out->recipient = string_member(body, "recipient");
	out->mobile = string_member(body, "mobile");
	out->division = string_member(body, "division");
	out->detail = string_member(body, "detail");
	const char *code = out->division;
	if (!out->recipient || !valid_real_name(out->recipient))
		return problem(p, "validation_failed", "recipient", "收件人须为2到20个汉字的姓名");
	if (!out->mobile || !valid_mobile(out->mobile))
		return problem(p, "validation_failed", "mobile", "请填写11位手机号");
	if (!code || strlen(code) != 6 || strspn(code, "0123456789") != 6)
		return problem(p, "validation_failed", "division", "请选择区县一级的行政区划（6位代码）");
	if (strncmp(code, "71", 2) == 0 || strncmp(code, "81", 2) == 0 || strncmp(code, "82", 2) == 0)
		return problem(p, "not_mainland", "division", "奖品仅寄送中国大陆地址，台湾、香港、澳门及境外地址无法寄送");
	if (!out->detail || !valid_free_text(out->detail, DETAIL_MIN_CHARS, DETAIL_MAX_CHARS))
		return problem(p, "validation_failed", "detail", "详细地址须为4到120个字");
	return true;
}
