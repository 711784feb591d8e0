/*
 * The one route table of the worker.  The flags are enforced by the dispatcher
 * (dispatch.c) before a handler runs; handlers never check them again.
 * R_CALLS_OUT marks every participant route that waits on WeChat or WeChat
 * Pay inside its request, R_MEDIA every one that decodes or renders an image,
 * R_PAY_CLIENT the one that needs the WeChat Pay client without calling out:
 * nginx sends exactly those to the outbound pool (fcgi/pool.h;
 * snippets/walk-http.conf's $walk_api_pool), and t_pools checks that nginx
 * and this table agree.  The checkpoint photo's image check is not
 * R_CALLS_OUT: walkctl media check sends it later.
 *
 * The participants' pool runs walk-worker-lean, this file compiled with
 * WALK_LEAN: every row stays (the metrics label the routes by the whole
 * table, in its order), but the rows of the other pools have no handler
 * there (FULL), so that their code, and with it libcurl and the image
 * libraries, is not linked into it at all.
 */
#include "worker.h"
#include "admin.h"

#define AID "/api/activities/{aid}"

/* A handler only walk-worker links: served by the outbound or the admin pool. */
#ifdef WALK_LEAN
#define FULL(handler) NULL
#else
#define FULL(handler) handler
#endif

const struct route walk_routes[] = {
	/* service */
	{ "GET",  "/api/hello",                 R_BARE,                          api_hello },
	{ "GET",  "/api/health",                0,                               api_health },
	{ "GET",  "/metrics",                   0,                               api_metrics },   /* the local-only listener's */
	{ "POST", "/api/dev/echo",              R_JSON_BODY,                     api_dev_echo },
	{ "POST", "/api/dev/clock",             R_JSON_BODY,                     api_dev_clock },   /* dev and test only */
	{ "POST", "/api/dev/settle",            0,                               api_dev_settle },  /* dev and test only */
	/* identity and reference data */
	{ "POST", "/api/login",                 R_JSON_BODY | R_CALLS_OUT,       FULL(api_login) },   /* code2Session */
	{ "GET",  "/api/unions",                0,                               api_unions },
	{ "GET",  "/api/regions",               0,                               api_regions },
	{ "GET",  "/api/activities",            0,                               api_activities },
	{ "GET",  AID,                          0,                               api_activity },
	/* the participant's daily loop */
	{ "GET",  AID "/enrollment",            R_AUTH_USER,                     api_enrollment_get },
	{ "PUT",  AID "/enrollment",            R_AUTH_USER | R_JSON_BODY | R_WRITE, api_enrollment_put },
	/* personal information (README "Personal information") */
	{ "GET",  AID "/privacy",               0,                               api_privacy },
	{ "GET",  "/api/me/data",               R_AUTH_USER,                     api_me_data },
	{ "DELETE", "/api/me",                  R_AUTH_USER | R_JSON_BODY | R_WRITE, api_me_erase },
	{ "POST", AID "/steps/sync",            R_AUTH_USER | R_JSON_BODY,       api_steps_sync },   /* its own short write */
	{ "POST", AID "/checkin",               R_AUTH_USER | R_WRITE,           api_checkin },
	{ "GET",  AID "/me",                    R_AUTH_USER,                     api_me },
	{ "GET",  AID "/me/days",               R_AUTH_USER,                     api_me_days },
	{ "GET",  AID "/me/ledger",             R_AUTH_USER,                     api_me_ledger },
	/* teams: create and announce call WeChat's text check, so they count it
	 * in a short write of their own before (rate_limit.h) and write what it
	 * allowed in another after it answers */
	{ "POST", AID "/teams",                 R_AUTH_USER | R_JSON_BODY | R_CALLS_OUT, FULL(api_team_create) },
	{ "GET",  AID "/teams/mine",            R_AUTH_USER,                     api_team_mine },
	{ "POST", AID "/teams/mine/invites",    R_AUTH_USER | R_WRITE,           api_team_invite },
	{ "POST", AID "/teams/join",            R_AUTH_USER | R_JSON_BODY | R_WRITE, api_team_join },
	{ "POST", AID "/teams/mine/leave",      R_AUTH_USER | R_WRITE,           api_team_leave },
	{ "PUT",  AID "/teams/mine/targets",    R_AUTH_USER | R_JSON_BODY | R_WRITE, api_team_targets },
	{ "POST", AID "/teams/mine/announcements", R_AUTH_USER | R_JSON_BODY | R_CALLS_OUT, FULL(api_announcement_post) },
	{ "GET",  AID "/teams/mine/announcements", R_AUTH_USER,                  api_announcements },
	/* reminders (RULES §13) */
	{ "POST", AID "/reminders",             R_AUTH_USER | R_JSON_BODY | R_WRITE, api_reminders_grant },
	{ "GET",  AID "/reminders",             R_AUTH_USER,                     api_reminders_get },
	{ "DELETE", AID "/reminders",           R_AUTH_USER | R_WRITE,           api_reminders_stop },
	/* invite codes (WECHAT.md §5a): the code is asked of WeChat outside any
	 * transaction, after its scene is saved in a short write */
	{ "GET",  AID "/teams/mine/invites/{invite}/code", R_AUTH_USER | R_CALLS_OUT, FULL(api_invite_code) },
	{ "GET",  "/api/invites/{scene}",       R_AUTH_USER,                     api_invite_resolve },
	/* checkpoints (RULES §7): the essay calls WeChat's text check, so it counts
	 * it in a short write of its own before and writes what it allowed after */
	{ "GET",  AID "/checkpoints",           R_AUTH_USER,                     api_checkpoints },
	{ "POST", AID "/checkpoints/{no}/question", R_AUTH_USER | R_WRITE,       api_checkpoint_question },
	{ "POST", AID "/checkpoints/{no}/answer", R_AUTH_USER | R_JSON_BODY | R_WRITE, api_checkpoint_answer },
	{ "POST", AID "/checkpoints/{no}/essay", R_AUTH_USER | R_JSON_BODY | R_CALLS_OUT, FULL(api_checkpoint_essay) },
	/* checkpoint photos and posters: decoded and composed outside any write,
	 * recorded in a short write of their own (api_photos.c); the files are
	 * served by nginx after api_photo_files.c's check */
	{ "PUT",  AID "/checkpoints/{no}/photo", R_AUTH_USER | R_RAW_BODY | R_MEDIA, FULL(api_photo_put) },
	{ "GET",  AID "/checkpoints/{no}/poster", R_AUTH_USER,                   api_poster_get },
	/* WeChat's side: the photo it fetches for the image check (an
	 * unguessable, expiring token), and its message push (WECHAT.md §4a) */
	{ "GET",  "/api/media/{token}",         0,                               api_media_fetch },
	{ "GET",  "/api/wx/events",             0,                               api_wx_events_verify },
	{ "POST", "/api/wx/events",             R_RAW_BODY,                      api_wx_events },
	/* red envelopes (RULES §8): a draw and a claim write in their own
	 * transaction, then call WeChat Pay outside it (pay_payout.h) */
	{ "GET",  AID "/draws",                 R_AUTH_USER,                     api_draws_list },
	{ "POST", AID "/draws",                 R_AUTH_USER | R_CALLS_OUT,       FULL(api_draw_make) },
	{ "POST", AID "/draws/{id}/refresh",    R_AUTH_USER | R_CALLS_OUT,       FULL(api_draw_refresh) },
	{ "POST", AID "/draws/{id}/claim",      R_AUTH_USER | R_CALLS_OUT,       FULL(api_draw_claim) },
	{ "POST", "/api/pay/notify",            R_JSON_BODY | R_PAY_CLIENT,      FULL(api_pay_notify) },
	/* boards */
	{ "GET",  AID "/boards/teams",          R_AUTH_USER,                     api_board_teams },
	{ "GET",  AID "/boards/people",         R_AUTH_USER,                     api_board_people },
	/* badges, prizes and shipping (RULES §8–§9): the draw's data is public */
	{ "GET",  AID "/prizes",                0,                               api_prizes },
	{ "GET",  AID "/prizes/entries",        0,                               api_prize_entries },
	{ "GET",  AID "/prizes/entries.txt",    R_STREAM,                        api_prize_entries_text },
	{ "GET",  AID "/me/awards",             R_AUTH_USER,                     api_me_awards },
	{ "PUT",  AID "/me/awards/{id}/address", R_AUTH_USER | R_JSON_BODY | R_WRITE, api_me_award_address },
	{ "GET",  "/api/divisions",             0,                               api_divisions },
	/* themed walks (api_walks.c): the settled steps, no points */
	{ "GET",  AID "/walks",                 R_AUTH_USER,                     api_walks_list },
	{ "GET",  AID "/walks/{wid}",           R_AUTH_USER,                     api_walk_get },
	{ "POST", AID "/walks/{wid}/join",      R_AUTH_USER | R_WRITE,           api_walk_join },
	{ "GET",  AID "/walks/{wid}/board",     R_AUTH_USER,                     api_walk_board },
	{ "GET",  AID "/walks/{wid}/certificate", R_AUTH_USER | R_MEDIA,         FULL(api_walk_certificate) },
	/* admin (fcgi/admin.h): login and password run PBKDF2 outside the write
	 * lock and open their own short write; every reader binds the admin's scope */
	{ "POST", "/admin/api/login",           R_JSON_BODY,                     FULL(admin_login) },
	{ "POST", "/admin/api/logout",          R_AUTH_ADMIN | R_CSRF | R_WRITE, FULL(admin_logout) },
	{ "GET",  "/admin/api/session",         R_AUTH_ADMIN,                    FULL(admin_session_get) },
	{ "POST", "/admin/api/password",        R_AUTH_ADMIN | R_CSRF | R_JSON_BODY, FULL(admin_password) },
	{ "GET",  "/admin/api/unions/stats",    R_AUTH_ADMIN,                    FULL(admin_union_stats) },
	{ "GET",  "/admin/api/unions/{code}/daily", R_AUTH_ADMIN,                FULL(admin_union_daily) },
	{ "GET",  "/admin/api/participants",    R_AUTH_ADMIN,                    FULL(admin_participants) },
	{ "GET",  "/admin/api/participants.csv", R_AUTH_ADMIN | R_STREAM,        FULL(admin_participants_csv) },
	{ "GET",  "/admin/api/participants/{uid}", R_AUTH_ADMIN,                 FULL(admin_participant) },
	{ "GET",  "/admin/api/audit",           R_AUTH_ADMIN,                    FULL(admin_audit_log) },
	{ "GET",  "/admin/api/participants/{uid}/mobile", R_AUTH_ADMIN,          FULL(admin_participant_mobile) },   /* audited */
	{ "PUT",  "/admin/api/privacy",         R_AUTH_ADMIN | R_CSRF | R_JSON_BODY | R_WRITE, FULL(admin_privacy_put) },
	{ "PUT",  "/admin/api/retention",       R_AUTH_ADMIN | R_CSRF | R_JSON_BODY | R_WRITE, FULL(admin_retention_put) },
	/* the quiz bank (province admins) and the essay queue (scoped) */
	{ "GET",  "/admin/api/quiz",            R_AUTH_ADMIN,                    FULL(admin_quiz_list) },
	{ "POST", "/admin/api/quiz",            R_AUTH_ADMIN | R_CSRF | R_JSON_BODY | R_WRITE, FULL(admin_quiz_add) },
	{ "PUT",  "/admin/api/quiz/{qid}",      R_AUTH_ADMIN | R_CSRF | R_JSON_BODY | R_WRITE, FULL(admin_quiz_edit) },
	{ "POST", "/admin/api/quiz/{qid}/retire", R_AUTH_ADMIN | R_CSRF | R_WRITE, FULL(admin_quiz_retire) },
	{ "GET",  "/admin/api/essays",          R_AUTH_ADMIN,                    FULL(admin_essays) },
	{ "POST", "/admin/api/essays/{eid}/approve", R_AUTH_ADMIN | R_CSRF | R_WRITE, FULL(admin_essay_approve) },
	{ "POST", "/admin/api/essays/{eid}/reject", R_AUTH_ADMIN | R_CSRF | R_JSON_BODY | R_WRITE, FULL(admin_essay_reject) },
	{ "GET",  "/admin/api/prizes",          R_AUTH_ADMIN,                    FULL(admin_prizes) },
	{ "POST", "/admin/api/prizes",          R_AUTH_ADMIN | R_CSRF | R_JSON_BODY | R_WRITE, FULL(admin_prize_add) },
	{ "POST", "/admin/api/prizes/commit",   R_AUTH_ADMIN | R_CSRF | R_WRITE, FULL(admin_prize_commit) },
	{ "POST", "/admin/api/prizes/draw",     R_AUTH_ADMIN | R_CSRF | R_WRITE, FULL(admin_prize_draw) },
	{ "POST", "/admin/api/prizes/reveal",   R_AUTH_ADMIN | R_CSRF | R_WRITE, FULL(admin_prize_reveal) },
	{ "GET",  "/admin/api/shipping",        R_AUTH_ADMIN,                    FULL(admin_shipping) },
	{ "GET",  "/admin/api/shipping.csv",    R_AUTH_ADMIN | R_STREAM,         FULL(admin_shipping_csv) },
	{ "POST", "/admin/api/shipping/import", R_AUTH_ADMIN | R_CSRF | R_RAW_BODY | R_WRITE, FULL(admin_shipping_import) },
	{ "PUT",  "/admin/api/awards/{id}/shipment", R_AUTH_ADMIN | R_CSRF | R_JSON_BODY | R_WRITE, FULL(admin_award_shipment) },
	{ "PUT",  "/admin/api/awards/{id}/address", R_AUTH_ADMIN | R_CSRF | R_JSON_BODY | R_WRITE, FULL(admin_award_address) },
	{ "GET",  "/admin/api/photos/review",   R_AUTH_ADMIN,                    FULL(admin_photos_review) },
	/* red envelopes: the pool and the payouts (admin_payouts.c) */
	{ "GET",  "/admin/api/payouts",         R_AUTH_ADMIN,                    FULL(admin_payouts) },
	{ "GET",  "/admin/api/payouts.csv",     R_AUTH_ADMIN | R_STREAM,         FULL(admin_payouts_csv) },
	{ "PUT",  "/admin/api/pool",            R_AUTH_ADMIN | R_CSRF | R_JSON_BODY | R_WRITE, FULL(admin_pool_put) },
	{ "POST", "/admin/api/payouts/resume",  R_AUTH_ADMIN | R_CSRF | R_WRITE, FULL(admin_payouts_resume) },
	/* corrections of teams and points (admin_teams.c, admin_team_name.c,
	 * admin_adjust.c): the name is checked by WeChat outside any
	 * transaction and written in a short write of its own */
	{ "GET",  "/admin/api/teams",           R_AUTH_ADMIN,                    FULL(admin_teams) },
	{ "GET",  "/admin/api/teams/{tid}",     R_AUTH_ADMIN,                    FULL(admin_team) },
	{ "POST", "/admin/api/teams/{tid}/move", R_AUTH_ADMIN | R_CSRF | R_JSON_BODY | R_WRITE, FULL(admin_team_move) },
	{ "POST", "/admin/api/teams/{tid}/leader", R_AUTH_ADMIN | R_CSRF | R_JSON_BODY | R_WRITE, FULL(admin_team_leader) },
	{ "PUT",  "/admin/api/teams/{tid}/name", R_AUTH_ADMIN | R_CSRF | R_JSON_BODY, FULL(admin_team_rename) },
	{ "POST", "/admin/api/teams/{tid}/dissolve", R_AUTH_ADMIN | R_CSRF | R_JSON_BODY | R_WRITE, FULL(admin_team_dissolve) },
	{ "POST", "/admin/api/participants/{uid}/adjust", R_AUTH_ADMIN | R_CSRF | R_JSON_BODY | R_WRITE, FULL(admin_participant_adjust) },
	{ "GET",  "/admin/api/participants/{uid}/ledger", R_AUTH_ADMIN,          FULL(admin_participant_ledger) },
	/* activity settings, admin accounts, the organisation award (province
	 * admins): a new password is hashed outside the write lock */
	{ "GET",  "/admin/api/activities/{aid}/settings", R_AUTH_ADMIN,          FULL(admin_settings_get) },
	{ "PUT",  "/admin/api/activities/{aid}/settings", R_AUTH_ADMIN | R_CSRF | R_JSON_BODY | R_WRITE, FULL(admin_settings_put) },
	{ "POST", "/admin/api/activities",      R_AUTH_ADMIN | R_CSRF | R_JSON_BODY | R_WRITE, FULL(admin_activity_copy) },
	{ "GET",  "/admin/api/admins",          R_AUTH_ADMIN,                    FULL(admin_accounts) },
	{ "POST", "/admin/api/admins",          R_AUTH_ADMIN | R_CSRF | R_JSON_BODY, FULL(admin_account_add) },
	{ "POST", "/admin/api/admins/{id}/disable", R_AUTH_ADMIN | R_CSRF | R_WRITE, FULL(admin_account_disable) },
	{ "POST", "/admin/api/admins/{id}/enable", R_AUTH_ADMIN | R_CSRF | R_WRITE, FULL(admin_account_enable) },
	{ "POST", "/admin/api/admins/{id}/password", R_AUTH_ADMIN | R_CSRF | R_JSON_BODY, FULL(admin_account_password) },
	{ "GET",  "/admin/api/award/organisation", R_AUTH_ADMIN,                 FULL(admin_award_organisation) },
	{ "GET",  "/admin/api/award/organisation.csv", R_AUTH_ADMIN,             FULL(admin_award_organisation_csv) },
	/* themed walks (admin_walks.c), scoped like the participants */
	{ "GET",  "/admin/api/walks",           R_AUTH_ADMIN,                    FULL(admin_walks) },
	{ "POST", "/admin/api/walks",           R_AUTH_ADMIN | R_CSRF | R_JSON_BODY | R_WRITE, FULL(admin_walk_create) },
	{ "GET",  "/admin/api/walks/{wid}",     R_AUTH_ADMIN,                    FULL(admin_walk) },
	{ "PUT",  "/admin/api/walks/{wid}",     R_AUTH_ADMIN | R_CSRF | R_JSON_BODY | R_WRITE, FULL(admin_walk_edit) },
	{ "POST", "/admin/api/walks/{wid}/cancel", R_AUTH_ADMIN | R_CSRF | R_JSON_BODY | R_WRITE, FULL(admin_walk_cancel) },
	{ "GET",  "/admin/api/walks/{wid}/participation.csv", R_AUTH_ADMIN,      FULL(admin_walk_csv) },
	/* fair play (RULES §14, admin_fairplay.c): scoped, audited */
	{ "GET",  "/admin/api/flags",           R_AUTH_ADMIN,                    FULL(admin_flags) },
	{ "POST", "/admin/api/flags/{id}/clear", R_AUTH_ADMIN | R_CSRF | R_JSON_BODY | R_WRITE, FULL(admin_flag_clear) },
	{ "POST", "/admin/api/participants/{uid}/disqualify", R_AUTH_ADMIN | R_CSRF | R_JSON_BODY | R_WRITE, FULL(admin_participant_disqualify) },
	{ "POST", "/admin/api/participants/{uid}/requalify", R_AUTH_ADMIN | R_CSRF | R_JSON_BODY | R_WRITE, FULL(admin_participant_requalify) },
};

const size_t walk_route_count = sizeof walk_routes / sizeof walk_routes[0];
