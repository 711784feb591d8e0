/*
 * The one route table of the worker.  The flags are enforced by the dispatcher
 * (dispatch.c) before a handler runs; handlers never check them again.
 */
#include "worker.h"
#include "admin.h"

#define AID "/api/activities/{aid}"

const struct route walk_routes[] = {
	/* service */
	{ "GET",  "/api/hello",                 R_BARE,                          api_hello },
	{ "GET",  "/api/health",                0,                               api_health },
	{ "GET",  "/metrics",                   0,                               api_metrics },   /* the local-only listener's */
	{ "POST", "/api/dev/echo",              R_JSON_BODY,                     api_dev_echo },
	/* identity and reference data */
	{ "POST", "/api/login",                 R_JSON_BODY,                     api_login },
	{ "GET",  "/api/unions",                0,                               api_unions },
	{ "GET",  "/api/regions",               0,                               api_regions },
	{ "GET",  "/api/activities",            0,                               api_activities },
	{ "GET",  AID,                          0,                               api_activity },
	/* the participant's daily loop */
	{ "GET",  AID "/enrollment",            R_AUTH_USER,                     api_enrollment_get },
	{ "PUT",  AID "/enrollment",            R_AUTH_USER | R_JSON_BODY | R_WRITE, api_enrollment_put },
	{ "POST", AID "/steps/sync",            R_AUTH_USER | R_JSON_BODY,       api_steps_sync },   /* its own short write */
	{ "POST", AID "/checkin",               R_AUTH_USER | R_WRITE,           api_checkin },
	{ "GET",  AID "/me",                    R_AUTH_USER,                     api_me },
	{ "GET",  AID "/me/days",               R_AUTH_USER,                     api_me_days },
	{ "GET",  AID "/me/ledger",             R_AUTH_USER,                     api_me_ledger },
	/* teams: create and announce call WeChat's text check, so they count it
	 * in a short write of their own before (rate_limit.h) and write what it
	 * allowed in another after it answers */
	{ "POST", AID "/teams",                 R_AUTH_USER | R_JSON_BODY,       api_team_create },
	{ "GET",  AID "/teams/mine",            R_AUTH_USER,                     api_team_mine },
	{ "POST", AID "/teams/mine/invites",    R_AUTH_USER | R_WRITE,           api_team_invite },
	{ "POST", AID "/teams/join",            R_AUTH_USER | R_JSON_BODY | R_WRITE, api_team_join },
	{ "POST", AID "/teams/mine/leave",      R_AUTH_USER | R_WRITE,           api_team_leave },
	{ "PUT",  AID "/teams/mine/targets",    R_AUTH_USER | R_JSON_BODY | R_WRITE, api_team_targets },
	{ "POST", AID "/teams/mine/announcements", R_AUTH_USER | R_JSON_BODY,    api_announcement_post },
	{ "GET",  AID "/teams/mine/announcements", R_AUTH_USER,                  api_announcements },
	/* reminders (RULES §13) */
	{ "POST", AID "/reminders",             R_AUTH_USER | R_JSON_BODY | R_WRITE, api_reminders_grant },
	{ "GET",  AID "/reminders",             R_AUTH_USER,                     api_reminders_get },
	{ "DELETE", AID "/reminders",           R_AUTH_USER | R_WRITE,           api_reminders_stop },
	/* invite codes (WECHAT.md §5a): the code is asked of WeChat outside any
	 * transaction, after its scene is saved in a short write */
	{ "GET",  AID "/teams/mine/invites/{invite}/code", R_AUTH_USER,          api_invite_code },
	{ "GET",  "/api/invites/{scene}",       R_AUTH_USER,                     api_invite_resolve },
	/* boards */
	{ "GET",  AID "/boards/teams",          R_AUTH_USER,                     api_board_teams },
	{ "GET",  AID "/boards/people",         R_AUTH_USER,                     api_board_people },
	/* admin (fcgi/admin.h): login and password run PBKDF2 outside the write
	 * lock and open their own short write; every reader binds the admin's scope */
	{ "POST", "/admin/api/login",           R_JSON_BODY,                     admin_login },
	{ "POST", "/admin/api/logout",          R_AUTH_ADMIN | R_CSRF | R_WRITE, admin_logout },
	{ "GET",  "/admin/api/session",         R_AUTH_ADMIN,                    admin_session_get },
	{ "POST", "/admin/api/password",        R_AUTH_ADMIN | R_CSRF | R_JSON_BODY, admin_password },
	{ "GET",  "/admin/api/unions/stats",    R_AUTH_ADMIN,                    admin_union_stats },
	{ "GET",  "/admin/api/unions/{code}/daily", R_AUTH_ADMIN,                admin_union_daily },
	{ "GET",  "/admin/api/participants",    R_AUTH_ADMIN,                    admin_participants },
	{ "GET",  "/admin/api/participants.csv", R_AUTH_ADMIN | R_STREAM,        admin_participants_csv },
	{ "GET",  "/admin/api/participants/{uid}", R_AUTH_ADMIN,                 admin_participant },
	{ "GET",  "/admin/api/audit",           R_AUTH_ADMIN,                    admin_audit_log },
};

const size_t walk_route_count = sizeof walk_routes / sizeof walk_routes[0];
