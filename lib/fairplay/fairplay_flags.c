/* The fair-play pass (fairplay.h): one INSERT … SELECT per pattern. */
#include "fairplay.h"

#include "config.h"
#include "db.h"

#include <stdio.h>
#include <string.h>

static const char *const kind_names[FLAG_KINDS] = {
	[FLAG_CAP_OFTEN] = "cap_often",
	[FLAG_SAME_COUNTS] = "same_counts",
	[FLAG_TEAM_SAME_COUNTS] = "team_same_counts",
	[FLAG_BAD_PAYLOADS] = "bad_payloads",
	[FLAG_MULTI_MOBILE] = "multi_mobile",
};

const char *fairplay_kind_name(enum fairplay_kind kind)
{
	return kind >= 0 && kind < FLAG_KINDS ? kind_names[kind] : "?";
}

enum fairplay_kind fairplay_kind_from(const char *name)
{
	for (int k = 0; k < FLAG_KINDS; k++)
		if (name && strcmp(name, kind_names[k]) == 0)
			return (enum fairplay_kind)k;
	return FLAG_KINDS;
}

struct fairplay_thresholds fairplay_thresholds_of(const struct walk_config *cfg)
{
	return (struct fairplay_thresholds){
		.cap_days = cfg->flag_cap_days, .cap_window = cfg->flag_cap_window,
		.cap_mean_percent = cfg->flag_cap_mean_percent,
		.same_days = cfg->flag_same_days,
		.team_same_members = cfg->flag_team_same_members, .team_same_days = cfg->flag_team_same_days,
		.bad_payloads = cfg->flag_bad_payloads,
		.multi_mobile = cfg->flag_multi_mobile,
	};
}

/*
 * The pieces every statement shares.  Parameters: ?1 the activity, ?2 the
 * last day looked at, ?3 now, ?4… the pattern's thresholds.
 *
 * SEEN(kind): per person, the last day of their latest flag of the kind; the
 * day patterns count only the days after it.
 * RAISE: the columns of a new flag, staged in temp.flag_candidates (below).
 * ENROLLED / NONE_OPEN(kind): the person is enrolled in the activity and has
 * no open flag of the kind.
 */
#define SEEN(kind) "seen AS (SELECT user_id, max(last_day) AS l FROM fairplay_flags" \
	" WHERE activity_id = ?1 AND kind = '" kind "' GROUP BY user_id)"
#define AFTER_SEEN(day) day " > coalesce(seen.l, '')"
#define FLAG_COLUMNS "(activity_id, user_id, kind, evidence, first_day, last_day, amount, raised_at)"
#define RAISE "INSERT INTO temp.flag_candidates " FLAG_COLUMNS " "
#define ENROLLED "JOIN enrollments e ON e.activity_id = ?1 AND e.user_id = p.user_id "
#define NONE_OPEN(kind) " NOT EXISTS (SELECT 1 FROM fairplay_flags x WHERE x.activity_id = ?1" \
	" AND x.user_id = p.user_id AND x.kind = '" kind "' AND x.state = 'open')"
/* An instant as README's API writes them (UTC+8). */
#define INSTANT(x) "strftime('%Y-%m-%dT%H:%M:%S+08:00', " x " + 28800, 'unixepoch')"

/* ?4 window (settled days), ?5 capped days, ?6 percent of the union's mean. */
static const char cap_often_sql[] =
	"WITH win AS (SELECT day FROM settled_days WHERE activity_id = ?1 AND day <= ?2 ORDER BY day DESC LIMIT ?4),"
	" span AS (SELECT min(day) AS f, max(day) AS l, count(*) AS n FROM win),"
	" cap AS (SELECT daily_cap AS c FROM activities WHERE id = ?1),"
	" " SEEN("cap_often") ","
	" steps AS (SELECT d.user_id, d.day, d.settled = 1 AND d.raw_steps >= cap.c AS capped,"
	"   CASE WHEN d.settled = 1 THEN min(d.raw_steps, cap.c) ELSE 0 END AS counted"
	"   FROM daily_steps d, cap WHERE d.activity_id = ?1 AND d.day IN (SELECT day FROM win)),"
	" unions AS (SELECT e.union_code, avg(s.counted) AS mean FROM steps s"
	"   JOIN enrollments e ON e.activity_id = ?1 AND e.user_id = s.user_id WHERE s.counted > 0"
	"   GROUP BY e.union_code),"
	" people AS (SELECT s.user_id, sum(s.counted) AS total,"
	"   count(*) FILTER (WHERE s.capped AND " AFTER_SEEN("s.day") ") AS capped,"
	"   json_group_array(s.day) FILTER (WHERE s.capped AND " AFTER_SEEN("s.day") ") AS days,"
	"   min(s.day) FILTER (WHERE s.capped AND " AFTER_SEEN("s.day") ") AS f,"
	"   max(s.day) FILTER (WHERE s.capped AND " AFTER_SEEN("s.day") ") AS l"
	"   FROM steps s LEFT JOIN seen ON seen.user_id = s.user_id GROUP BY s.user_id) "
	RAISE
	"SELECT ?1, p.user_id, 'cap_often', json_object('window_from', span.f, 'window_to', span.l,"
	" 'window_days', span.n, 'capped_days', json(p.days), 'cap', cap.c, 'mean', p.total / span.n,"
	" 'union', e.union_code, 'union_mean', CAST(u.mean AS INTEGER), 'percent', ?6),"
	" p.f, p.l, p.capped, ?3 "
	"FROM people p " ENROLLED "JOIN unions u ON u.union_code = e.union_code, span, cap "
	"WHERE p.capped >= ?5 AND p.total * 100 >= ?6 * u.mean * span.n AND" NONE_OPEN("cap_often");

/* ?4 days with the same count. */
static const char same_counts_sql[] =
	"WITH " SEEN("same_counts") ","
	" rep AS (SELECT d.user_id, d.raw_steps AS steps, count(*) AS n, min(d.day) AS f, max(d.day) AS l,"
	"   json_group_array(d.day) AS days FROM daily_steps d LEFT JOIN seen ON seen.user_id = d.user_id"
	"   WHERE d.activity_id = ?1 AND d.day <= ?2 AND d.raw_steps > 0 AND " AFTER_SEEN("d.day")
	"   GROUP BY d.user_id, d.raw_steps HAVING count(*) >= ?4),"
	" people AS (SELECT user_id, sum(n) AS n, min(f) AS f, max(l) AS l,"
	"   json_group_array(json_object('steps', steps, 'days', json(days))) AS counts FROM rep GROUP BY user_id) "
	RAISE
	"SELECT ?1, p.user_id, 'same_counts', json_object('counts', json(p.counts)), p.f, p.l, p.n, ?3 "
	"FROM people p " ENROLLED "WHERE" NONE_OPEN("same_counts");

/* ?4 members with the same count on a day, ?5 such days.  A member is in a
 * team on day D when their span covers D's end (as the settlement judges).
 * CROSS JOIN keeps the order: each membership span, then its person's days
 * by daily_steps' key (team_members has no index a day's rows could use). */
static const char team_same_counts_sql[] =
	"WITH " SEEN("team_same_counts") ","
	" mem AS (SELECT d.day, m.team_id, d.user_id, d.raw_steps FROM team_members m"
	"   CROSS JOIN daily_steps d ON d.activity_id = m.activity_id AND d.user_id = m.user_id"
	"   AND m.joined_at < unixepoch(d.day) + 57600 AND (m.left_at IS NULL OR m.left_at >= unixepoch(d.day) + 57600)"
	"   WHERE d.activity_id = ?1 AND d.day <= ?2 AND d.raw_steps > 0),"
	" grp AS (SELECT team_id, day, raw_steps, json_group_array(user_id) AS members FROM mem"
	"   GROUP BY team_id, day, raw_steps HAVING count(*) >= ?4),"
	" hit AS (SELECT g.team_id, g.day, g.raw_steps, g.members, m.user_id FROM grp g"
	"   JOIN mem m ON m.team_id = g.team_id AND m.day = g.day AND m.raw_steps = g.raw_steps"
	"   LEFT JOIN seen ON seen.user_id = m.user_id WHERE " AFTER_SEEN("g.day") "),"
	" people AS (SELECT user_id, count(*) AS n, min(day) AS f, max(day) AS l,"
	"   json_group_array(json_object('day', day, 'team', team_id, 'steps', raw_steps, 'members', json(members)))"
	"   AS days FROM hit GROUP BY user_id HAVING count(*) >= ?5) "
	RAISE
	"SELECT ?1, p.user_id, 'team_same_counts', json_object('days', json(p.days)), p.f, p.l, p.n, ?3 "
	"FROM people p " ENROLLED "WHERE" NONE_OPEN("team_same_counts");

/* ?4 refusals; again only after ?4 more than the previous flag counted. */
static const char bad_payloads_sql[] =
	"WITH people AS (SELECT user_id, refusals, first_at, last_at, last_reason, flagged_at FROM werun_flags"
	"   WHERE activity_id = ?1 AND refusals >= ?4) "
	RAISE
	"SELECT ?1, p.user_id, 'bad_payloads', json_object('refusals', p.refusals, 'first_at', " INSTANT("p.first_at") ","
	" 'last_at', " INSTANT("p.last_at") ", 'last_reason', p.last_reason,"
	" 'throttled_at', CASE WHEN p.flagged_at IS NOT NULL THEN " INSTANT("p.flagged_at") " END),"
	" NULL, NULL, p.refusals, ?3 "
	"FROM people p " ENROLLED "WHERE" NONE_OPEN("bad_payloads")
	" AND NOT EXISTS (SELECT 1 FROM fairplay_flags x WHERE x.activity_id = ?1 AND x.user_id = p.user_id"
	"   AND x.kind = 'bad_payloads' AND x.amount + ?4 > p.refusals)";

/* ?4 mobiles of one account, or accounts of one mobile (the account itself
 * among them); again only when the mobiles and accounts have grown.  Counted
 * per mobile first: a number typed by thousands (13800000000) joined with
 * itself account by account would be millions of rows.  The mobiles are their
 * keyed hashes (schema 041): the evidence names each by the hash's first
 * eight characters, which tell the mobiles apart and give none away. */
#define MASKED(m) "'#' || substr(" m ", 1, 8)"
static const char multi_mobile_sql[] =
	"WITH mine AS (SELECT user_id, count(*) AS mobiles, json_group_array(" MASKED("mobile_index") ") AS list"
	"   FROM enrollment_mobiles WHERE activity_id = ?1 GROUP BY user_id),"
	" per_mobile AS (SELECT mobile_index, count(*) AS accounts FROM enrollment_mobiles WHERE activity_id = ?1"
	"   GROUP BY mobile_index HAVING count(*) >= 2),"
	" shared AS (SELECT a.user_id, max(p.accounts) - 1 AS others,"
	"   json_group_array(json_object('mobile', " MASKED("a.mobile_index") ", 'accounts', p.accounts)) AS list"
	"   FROM enrollment_mobiles a JOIN per_mobile p ON p.mobile_index = a.mobile_index WHERE a.activity_id = ?1"
	"   GROUP BY a.user_id),"
	" people AS (SELECT m.user_id, m.mobiles, m.list, coalesce(s.others, 0) AS others,"
	"   coalesce(s.list, '[]') AS shared FROM mine m LEFT JOIN shared s ON s.user_id = m.user_id"
	"   WHERE m.mobiles >= ?4 OR coalesce(s.others, 0) + 1 >= ?4) "
	RAISE
	"SELECT ?1, p.user_id, 'multi_mobile', json_object('mobiles', json(p.list), 'shared', json(p.shared)),"
	" NULL, NULL, p.mobiles + p.others, ?3 "
	"FROM people p " ENROLLED "WHERE" NONE_OPEN("multi_mobile")
	" AND NOT EXISTS (SELECT 1 FROM fairplay_flags x WHERE x.activity_id = ?1 AND x.user_id = p.user_id"
	"   AND x.kind = 'multi_mobile' AND x.amount >= p.mobiles + p.others)";

/* One pattern: sql with its thresholds (?4, ?5, ?6: as many as it names). */
struct pattern {
	const char *sql;
	int nthresholds;
	int threshold[3];
};

static int run_pattern(struct db *db, const struct pattern *p, int64_t activity_id, const char *day, int64_t now,
                       int64_t *raised)
{
	char fmt[8];
	snprintf(fmt, sizeof fmt, "%.*s", 3 + p->nthresholds, "itinnn");
	int rc = db_execf(db, p->sql, fmt, activity_id, day, now, p->threshold[0], p->threshold[1], p->threshold[2]);
	*raised = rc == SQLITE_OK ? sqlite3_changes(db_handle(db)) : 0;
	return rc;
}

/* The patterns read the activity's history, seconds of it at a million
 * participants, so they run in a read transaction and stage what they find in
 * a temporary table, which takes no lock of the database: syncs and the
 * settlement go on writing meanwhile.  The flags are then written in a short
 * write transaction, each only if its person still has no open flag of the
 * kind (an admin's or another pass's flag since the snapshot). */
static const char stage_schema[] =
	"CREATE TEMP TABLE IF NOT EXISTS flag_candidates (activity_id INTEGER, user_id INTEGER, kind TEXT,"
	" evidence TEXT, first_day TEXT, last_day TEXT, amount INTEGER, raised_at INTEGER);"
	"DELETE FROM temp.flag_candidates;";

static int stage_patterns(struct db *db, const struct pattern *patterns, int64_t activity_id, const char *day,
                          int64_t now)
{
	int64_t staged = 0;
	int rc = db_begin_read(db);
	if (rc == SQLITE_OK)
		rc = db_exec(db, stage_schema);
	for (int k = 0; k < FLAG_KINDS && rc == SQLITE_OK; k++)
		rc = run_pattern(db, &patterns[k], activity_id, day, now, &staged);
	if (rc == SQLITE_OK)
		rc = db_commit(db);
	return rc;
}

static int raise_staged(struct db *db, int64_t raised[FLAG_KINDS])
{
	int rc = db_begin_write(db);
	for (int k = 0; k < FLAG_KINDS && rc == SQLITE_OK; k++) {
		rc = db_execf(db, "INSERT INTO fairplay_flags " FLAG_COLUMNS " SELECT activity_id, user_id, kind, evidence,"
		                  " first_day, last_day, amount, raised_at FROM temp.flag_candidates c WHERE c.kind = ?1"
		                  " AND NOT EXISTS (SELECT 1 FROM fairplay_flags x WHERE x.activity_id = c.activity_id"
		                  " AND x.user_id = c.user_id AND x.kind = c.kind AND x.state = 'open') ORDER BY c.rowid",
		              "t", fairplay_kind_name((enum fairplay_kind)k));
		raised[k] = rc == SQLITE_OK ? sqlite3_changes(db_handle(db)) : 0;
	}
	if (rc == SQLITE_OK)
		rc = db_exec(db, "DELETE FROM temp.flag_candidates");
	if (rc == SQLITE_OK)
		rc = db_commit(db);
	return rc;
}

int fairplay_flags_pass(struct db *db, int64_t activity_id, const char *day, const struct fairplay_thresholds *t,
                        int64_t now, int64_t raised[FLAG_KINDS])
{
	const struct pattern patterns[FLAG_KINDS] = {
		[FLAG_CAP_OFTEN] = { cap_often_sql, 3, { t->cap_window, t->cap_days, t->cap_mean_percent } },
		[FLAG_SAME_COUNTS] = { same_counts_sql, 1, { t->same_days } },
		[FLAG_TEAM_SAME_COUNTS] = { team_same_counts_sql, 2, { t->team_same_members, t->team_same_days } },
		[FLAG_BAD_PAYLOADS] = { bad_payloads_sql, 1, { t->bad_payloads } },
		[FLAG_MULTI_MOBILE] = { multi_mobile_sql, 1, { t->multi_mobile } },
	};
	memset(raised, 0, FLAG_KINDS * sizeof *raised);
	int rc = stage_patterns(db, patterns, activity_id, day, now);
	if (rc == SQLITE_OK)
		rc = raise_staged(db, raised);
	if (rc != SQLITE_OK) {
		db_rollback(db);
		memset(raised, 0, FLAG_KINDS * sizeof *raised);
	}
	return rc;
}
