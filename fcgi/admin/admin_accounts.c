/*
 * Admin accounts in the pages, for province admins (RULES §12, README "Admin
 * accounts"):
 *   GET  /admin/api/admins                    every account
 *   POST /admin/api/admins                    {"username","union","password"?}: a union admin
 *   POST /admin/api/admins/{id}/disable       the account's sessions end
 *   POST /admin/api/admins/{id}/enable
 *   POST /admin/api/admins/{id}/password      {"password"?}: a new password, its sessions end
 * Without a password the server makes one, shown once in the answer and
 * never stored but as its hash.  The PBKDF2 of a new password runs outside
 * the write lock (admin_login.c says why); every change is audited, never
 * with a password or a hash.  `walkctl admin` does the same from the shell.
 */
#include "worker.h"

#include "clock.h"
#include "crypto.h"
#include "password.h"
#include "store_enrollment.h"

#include <string.h>

enum { GENERATED_PASSWORD_CHARS = 14 };

/* A random password of letters and digits that cannot be mistaken for one
 * another (no 0/O, 1/l/I): about 80 bits. */
static void generate_password(char out[GENERATED_PASSWORD_CHARS + 1])
{
	static const char alphabet[] = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
	for (int i = 0; i < GENERATED_PASSWORD_CHARS; i++)
		out[i] = alphabet[crypto_random_below(sizeof alphabet - 1)];
	out[GENERATED_PASSWORD_CHARS] = '\0';
}

static cJSON *account_json(const struct admin_account *a)
{
	cJSON *o = admin_account_json(a);
	cJSON_AddBoolToObject(o, "disabled", a->disabled);
	return o;
}

static const char *target_of(struct request *req, const struct admin_account *a)
{
	return arena_printf(req->arena, "admin:%s", a->username);
}

static void add_listed(const struct admin_account *a, void *arg)
{
	cJSON *o = account_json(a);
	cJSON_AddNumberToObject(o, "id", (double)a->id);
	cJSON_AddNumberToObject(o, "created_at", (double)a->created_at);
	cJSON_AddItemToArray(arg, o);
}

void admin_accounts(struct request *req, struct response *resp)
{
	if (!admin_require_province(req, resp))
		return;
	cJSON *o = cJSON_CreateObject();
	int rc = store_admin_each(worker_of(req)->db, add_listed, cJSON_AddArrayToObject(o, "items"));
	if (rc != SQLITE_OK) {
		cJSON_Delete(o);
		worker_db_error(req, resp, rc);
		return;
	}
	resp_json(resp, 200, o);
}

/* The body's "password", or a generated one into spare (*generated true).
 * Returns NULL after answering 400. */
static const char *new_password(struct request *req, struct response *resp, char spare[GENERATED_PASSWORD_CHARS + 1],
                                bool *generated)
{
	const cJSON *given = cJSON_GetObjectItemCaseSensitive(req->json, "password");
	*generated = given == NULL || cJSON_IsNull(given);
	if (*generated) {
		generate_password(spare);
		return spare;
	}
	const char *pw = cJSON_GetStringValue(given);
	if (!pw || !password_acceptable(pw)) {
		worker_invalid(resp, "password", "密码须为8到128个字节的可见字符");
		return NULL;
	}
	return pw;
}

/* Hashes pw in one of the PBKDF2 slots.  Returns false after answering. */
static bool hash_password(struct request *req, struct response *resp, const char *pw, char hash[PASSWORD_HASH_BUF])
{
	int slot;
	if (!admin_pbkdf2_begin(req, resp, &slot))
		return false;
	password_hash(pw, hash);
	admin_pbkdf2_end(req, slot);
	return true;
}

static void answer_account(struct response *resp, int status, const struct admin_account *a, const char *shown)
{
	cJSON *o = cJSON_CreateObject();
	cJSON *acc = account_json(a);
	cJSON_AddNumberToObject(acc, "id", (double)a->id);
	cJSON_AddItemToObject(o, "admin", acc);
	if (shown)   /* a generated password: this answer is the only place it is ever shown */
		cJSON_AddStringToObject(o, "password", shown);
	resp_header(resp, "Cache-Control", "no-store");
	resp_json(resp, status, o);
}

void admin_account_add(struct request *req, struct response *resp)
{
	struct worker *w = worker_of(req);
	if (!admin_require_province(req, resp))
		return;
	struct admin_account a = { .role = ADMIN_UNION };
	const char *username = json_str(req, "username"), *union_code = json_str(req, "union");
	if (!username || !admin_username_valid(username)) {
		worker_invalid(resp, "username", "用户名须为3到32个小写字母、数字或 . _ -，以字母或数字开头");
		return;
	}
	if (!worker_known_code(req, resp, union_code, UNION_CODE_SIZE, store_union_selectable, "union", "没有这个工会"))
		return;
	char spare[GENERATED_PASSWORD_CHARS + 1];
	bool generated;
	const char *pw = new_password(req, resp, spare, &generated);
	if (!pw || !hash_password(req, resp, pw, a.password_hash))
		return;
	strcpy(a.username, username);
	strcpy(a.union_code, union_code);
	struct admin_account existing;
	int rc = worker_begin_write(w);
	int found = rc == SQLITE_OK ? store_admin_by_name(w->db, username, &existing) : rc;
	if (found == SQLITE_OK) {
		db_rollback(w->db);
		resp_error(resp, 409, "username_taken", "这个用户名已经有人用了", "username");
		return;
	}
	rc = found == DB_NOTFOUND ? store_admin_add(w->db, &a, clock_now(), &a.id) : found;
	if (rc == SQLITE_OK)
		rc = admin_audit(req, "admin.add", target_of(req, &a), NULL, account_json(&a));
	if (worker_finish_write(req, resp, rc))
		answer_account(resp, 201, &a, generated ? pw : NULL);
}

/* The account of the path's {id}, read in the request's transaction.
 * Returns false after answering (403 for a union admin, 404 for no such). */
static bool path_account(struct request *req, struct response *resp, struct admin_account *a)
{
	int64_t id;
	if (!admin_require_province(req, resp) || !req_param_id(req, resp, "id", &id))
		return false;
	return worker_found(req, resp, store_admin_by_id(worker_of(req)->db, id, a), 404, "not_found", "没有这个管理员");
}

static void set_disabled(struct request *req, struct response *resp, bool disable)
{
	struct admin_account a;
	if (!path_account(req, resp, &a))
		return;
	if (disable && a.id == admin_of(req)->id) {
		resp_error(resp, 409, "cannot_disable_self", "不能停用自己的账号", NULL);
		return;
	}
	if (a.disabled != disable) {
		struct db *db = worker_of(req)->db;
		cJSON *before = account_json(&a);
		a.disabled = disable;
		int rc = store_admin_set_disabled(db, a.id, disable, clock_now());
		if (rc == SQLITE_OK && disable)
			rc = store_admin_sessions_end(db, a.id, NULL);
		if (rc == SQLITE_OK)
			rc = admin_audit(req, disable ? "admin.disable" : "admin.enable", target_of(req, &a), before,
			                 account_json(&a));
		else
			cJSON_Delete(before);
		if (rc != SQLITE_OK) {
			worker_db_error(req, resp, rc);
			return;
		}
	}
	answer_account(resp, 200, &a, NULL);
}

void admin_account_disable(struct request *req, struct response *resp)
{
	set_disabled(req, resp, true);
}

void admin_account_enable(struct request *req, struct response *resp)
{
	set_disabled(req, resp, false);
}

void admin_account_password(struct request *req, struct response *resp)
{
	struct worker *w = worker_of(req);
	struct admin_account a;
	char spare[GENERATED_PASSWORD_CHARS + 1], hash[PASSWORD_HASH_BUF];
	bool generated;
	if (!path_account(req, resp, &a))
		return;
	const char *pw = new_password(req, resp, spare, &generated);
	if (!pw || !hash_password(req, resp, pw, hash))
		return;
	int rc = worker_begin_write(w);
	if (rc == SQLITE_OK)
		rc = store_admin_set_password(w->db, a.id, hash, clock_now());
	if (rc == SQLITE_OK)   /* whoever held the old password is out */
		rc = store_admin_sessions_end(w->db, a.id, NULL);
	if (rc == SQLITE_OK) {
		cJSON *after = cJSON_CreateObject();
		cJSON_AddTrueToObject(after, "password_reset");
		rc = admin_audit(req, "admin.reset_password", target_of(req, &a), NULL, after);
	}
	if (worker_finish_write(req, resp, rc))
		answer_account(resp, 200, &a, generated ? pw : NULL);
}
