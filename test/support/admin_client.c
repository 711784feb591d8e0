#include "admin_client.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

void admin_client_add(struct admin_client *a, const struct stack *s, const char *user, const char *pw,
                      const char *union_code)
{
	memset(a, 0, sizeof *a);
	a->s = s;
	char out[512], role[64];
	snprintf(role, sizeof role, union_code ? "union --union %s" : "province", union_code);
	if (stack_sh(s, out, sizeof out, "printf '%%s\\n' '%s' | walkctl admin add --username %s --role %s", pw, user,
	             role) != 0)
		fail_msg("walkctl admin add %s: %s", user, out);
	long status = admin_client_login(a, s, user, pw);
	if (status != 200)
		fail_msg("login %s: %ld", user, status);
}

long admin_client_login(struct admin_client *a, const struct stack *s, const char *user, const char *pw)
{
	memset(a, 0, sizeof *a);
	a->s = s;
	char body[256];
	snprintf(body, sizeof body, "{\"username\":\"%s\",\"password\":\"%s\"}", user, pw);
	struct http_reply r;
	assert_int_equal(stack_req(&r, s, WALK, "POST", "/admin/api/login", "application/json", body, -1, NULL), 0);
	long status = r.status;
	if (status != 200) {
		http_reply_free(&r);
		return status;
	}
	char set[256];
	http_header(&r, "Set-Cookie", set, sizeof set);
	snprintf(a->cookie, sizeof a->cookie, "Cookie: %.*s", (int)strcspn(set, ";"), set);
	snprintf(a->csrf, sizeof a->csrf, "X-CSRF-Token: %s", http_str(&r, "csrf"));
	http_reply_free(&r);
	return status;
}

void admin_client_req(const struct admin_client *a, const struct stack *s, struct http_reply *r, const char *method,
                      const char *path, const char *content_type, const char *body, enum admin_csrf csrf)
{
	const char *headers[3] = { NULL, NULL, NULL };
	int n = 0;
	if (a)
		headers[n++] = a->cookie;
	if (a && csrf == ADMIN_WITH_CSRF)
		headers[n++] = a->csrf;
	else if (csrf == ADMIN_BAD_CSRF)
		headers[n++] = "X-CSRF-Token: 0123456789012345678901234567890123456789012345678901234567890123";
	const char *type = content_type ? content_type : body ? "text/csv" : NULL;
	assert_int_equal(stack_req(r, s, WALK, method, path, type, body, -1, headers), 0);
}
