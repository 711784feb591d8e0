#ifndef WALK_ADMIN_H
#define WALK_ADMIN_H
/*
 * The admin API (API.md "Admin", RULES §11–§12): cookie sessions with a CSRF
 * token, scopes, the dashboard, participants and their export, the audit log.
 *
 * Who may see what is decided in two places only:
 *   - the dispatcher, by the route flags: R_AUTH_ADMIN needs a live session
 *     (401 otherwise), R_CSRF also the session's X-CSRF-Token (403);
 *     admin_auth() below is the hook that checks them;
 *   - admin_scope_union() / admin_require_province(), which every handler
 *     calls before its first query, and whose result every query binds: a
 *     union admin's answers can only ever hold their own union's rows.
 */
#include "http.h"
#include "store_admin.h"

#include <stdbool.h>

/* The admin of the current request, set by admin_auth() (empty otherwise;
 * reset by the worker's before hook). */
struct admin_session {
	int64_t id;                       /* 0: no admin */
	char username[ADMIN_USERNAME_MAX + 1];
	enum admin_role role;
	char union_code[UNION_CODE_SIZE];              /* the union of an ADMIN_UNION; "" for the province */
	char token_hash[CRYPTO_SHA256_HEX_SIZE];              /* the session's row, for logout */
	char csrf[CRYPTO_SHA256_HEX_SIZE];
};

/* The session cookie's name.  It has no Max-Age: the browser drops it when
 * it closes, and the server ends the session after 2 h idle anyway. */
#define ADMIN_COOKIE "walk_admin"

/* The app's auth_admin hook (admin_auth.c): 401 unauthenticated without a
 * live session, 403 forbidden when need_csrf and X-CSRF-Token is not the
 * session's.  Fills the worker's struct admin_session and slides the idle
 * expiry (one short write a minute at most). */
bool admin_auth(struct request *req, struct response *resp, bool need_csrf);

/* Sets the session cookie to token, or clears it (token NULL). */
void admin_set_cookie(struct request *req, struct response *resp, const char *token);

/* The admin of the request (valid in handlers of R_AUTH_ADMIN routes). */
const struct admin_session *admin_of(const struct request *req);

/* The union a request may look at (admin_scope.c).  requested is the
 * ?union= value or path parameter (NULL or "" when absent).  A province
 * admin gets requested (checked to be a top-level union: 400
 * validation_failed naming field when not) or NULL = every union; a union
 * admin gets their own union, whatever they asked, and 403 forbidden when
 * they asked for any other.  Returns false after answering. */
bool admin_scope_union(struct request *req, struct response *resp, const char *requested, const char *field,
                       const char **out);
/* 403 forbidden unless the admin is a province admin.  Returns false after answering. */
bool admin_require_province(struct request *req, struct response *resp);
/* The activity of ?aid= (default: the newest): false after answering 400 or 404. */
struct activity_ctx;
bool admin_activity(struct request *req, struct response *resp, struct activity_ctx *ctx);
/* Appends one audit row for the current admin, inside the handler's write
 * transaction.  before/after are cJSON values (freed here) or NULL. */
int admin_audit(struct request *req, const char *action, const char *target, cJSON *before, cJSON *after);

/* Records, in a write of its own committed before the answer is sent, that
 * the admin is shown personal data whole (a whole mobile, an address, an
 * export): action, target and what (whose; freed here).  Ends the request's
 * read transaction.  False after answering the database's error. */
bool admin_audit_view(struct request *req, struct response *resp, const char *action, const char *target,
                      cJSON *what);
/* The Content-Disposition of an export: kind, scope and day, and the admin's
 * username, so that a file found lying around says whose it was. */
const char *admin_export_disposition(struct request *req, const char *kind, const char *scope, int32_t today);

/* Takes one of the admin pool's PBKDF2 slots (admin_pbkdf2_slots.c) for a
 * password check.  Returns false after answering 429 rate_limited with
 * Retry-After when every slot is taken, or 503 when the slots cannot be
 * used; true with *slot held until admin_pbkdf2_end(). */
bool admin_pbkdf2_begin(struct request *req, struct response *resp, int *slot);
void admin_pbkdf2_end(struct request *req, int slot);

/* Handlers (the routes' table is fcgi/routes.c). */
void admin_login(struct request *req, struct response *resp);
void admin_logout(struct request *req, struct response *resp);
void admin_session_get(struct request *req, struct response *resp);
void admin_password(struct request *req, struct response *resp);
void admin_union_stats(struct request *req, struct response *resp);
void admin_union_daily(struct request *req, struct response *resp);
void admin_participants(struct request *req, struct response *resp);
void admin_participants_csv(struct request *req, struct response *resp);
void admin_participant(struct request *req, struct response *resp);
void admin_participant_mobile(struct request *req, struct response *resp);
void admin_privacy_put(struct request *req, struct response *resp);
void admin_retention_put(struct request *req, struct response *resp);
void admin_audit_log(struct request *req, struct response *resp);
void admin_quiz_list(struct request *req, struct response *resp);
void admin_quiz_add(struct request *req, struct response *resp);
void admin_quiz_edit(struct request *req, struct response *resp);
void admin_quiz_retire(struct request *req, struct response *resp);
void admin_essays(struct request *req, struct response *resp);
void admin_essay_approve(struct request *req, struct response *resp);
void admin_essay_reject(struct request *req, struct response *resp);
void admin_prizes(struct request *req, struct response *resp);
void admin_prize_add(struct request *req, struct response *resp);
void admin_prize_commit(struct request *req, struct response *resp);
void admin_prize_draw(struct request *req, struct response *resp);
void admin_prize_reveal(struct request *req, struct response *resp);
void admin_shipping(struct request *req, struct response *resp);
void admin_shipping_csv(struct request *req, struct response *resp);
void admin_shipping_import(struct request *req, struct response *resp);
void admin_award_shipment(struct request *req, struct response *resp);
void admin_award_address(struct request *req, struct response *resp);
void admin_photos_review(struct request *req, struct response *resp);
void admin_teams(struct request *req, struct response *resp);
void admin_team(struct request *req, struct response *resp);
void admin_team_move(struct request *req, struct response *resp);
void admin_team_leader(struct request *req, struct response *resp);
void admin_team_rename(struct request *req, struct response *resp);
void admin_team_dissolve(struct request *req, struct response *resp);
void admin_participant_adjust(struct request *req, struct response *resp);
void admin_participant_ledger(struct request *req, struct response *resp);
void admin_settings_get(struct request *req, struct response *resp);
void admin_settings_put(struct request *req, struct response *resp);
void admin_activity_copy(struct request *req, struct response *resp);
void admin_accounts(struct request *req, struct response *resp);
void admin_account_add(struct request *req, struct response *resp);
void admin_account_disable(struct request *req, struct response *resp);
void admin_account_enable(struct request *req, struct response *resp);
void admin_account_password(struct request *req, struct response *resp);
void admin_award_organisation(struct request *req, struct response *resp);
void admin_award_organisation_csv(struct request *req, struct response *resp);
void admin_walks(struct request *req, struct response *resp);
void admin_walk_create(struct request *req, struct response *resp);
void admin_walk(struct request *req, struct response *resp);
void admin_walk_edit(struct request *req, struct response *resp);
void admin_walk_cancel(struct request *req, struct response *resp);
void admin_walk_csv(struct request *req, struct response *resp);
void admin_flags(struct request *req, struct response *resp);
void admin_flag_clear(struct request *req, struct response *resp);
void admin_participant_disqualify(struct request *req, struct response *resp);
void admin_participant_requalify(struct request *req, struct response *resp);

/* The participant's disqualification state as the admin pages show it
 * (admin_fairplay.c): {"disqualified":bool} with the latest spell's
 * from_day, to_day, reason, at, lifted_at, lift_reason when there was one.
 * *out is the caller's to free.  SQLITE_OK or the error (*out NULL). */
struct db;
int admin_fairplay_state(struct db *db, int64_t activity_id, int64_t user_id, cJSON **out);

#endif
