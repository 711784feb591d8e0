/* The fair-play pass (fairplay.h): one INSERT … SELECT per pattern. */
#include "fairplay.h"

#include "config.h"
#include "db.h"
#include "fairplay_passes.h"

#include <stdbool.h>
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
		.same_days = cfg->flag_same_days, .same_window = cfg->flag_same_window,
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

/* ?4 window (settled days), ?5 capped days, ?6 percent of the union's mean.
 * Each enrolled person's days of the window are read by daily_steps' key, in
 * the person's order, so that they group without a sort; the union means are
 * the people's sums (the mean counted steps per participant-day that counted
 * any).  SEEN joins through an automatic index: scanned for every row, as
 * a join in the other order let the planner do, a few thousand earlier flags
 * made the pattern take minutes. */
static const char cap_often_sql[] =
	"WITH win AS (SELECT day FROM settled_days WHERE activity_id = ?1 AND day <= ?2 ORDER BY day DESC LIMIT ?4),"
	" span AS (SELECT min(day) AS f, max(day) AS l, count(*) AS n FROM win),"
	" cap AS (SELECT daily_cap AS c FROM activities WHERE id = ?1),"
	" " SEEN("cap_often") ","
	" steps AS (SELECT e.user_id, e.union_code, d.day,"
	"   d.settled = 1 AND d.raw_steps >= cap.c AND " AFTER_SEEN("d.day") " AS capped,"
	"   CASE WHEN d.settled = 1 THEN min(d.raw_steps, cap.c) ELSE 0 END AS counted"
	"   FROM span CROSS JOIN cap CROSS JOIN enrollments e LEFT JOIN seen ON seen.user_id = e.user_id"
	"   CROSS JOIN daily_steps d ON d.activity_id = ?1 AND d.user_id = e.user_id AND d.day >= span.f AND d.day <= span.l"
	"   WHERE e.activity_id = ?1 AND d.day IN (SELECT day FROM win)),"
	" people AS (SELECT user_id, union_code, sum(counted) AS total, count(*) FILTER (WHERE counted > 0) AS walked,"
	"   count(*) FILTER (WHERE capped) AS capped, json_group_array(day) FILTER (WHERE capped) AS days,"
	"   min(day) FILTER (WHERE capped) AS f, max(day) FILTER (WHERE capped) AS l FROM steps GROUP BY user_id),"
	" unions AS (SELECT union_code, sum(total) * 1.0 / sum(walked) AS mean FROM people GROUP BY union_code) "
	RAISE
	"SELECT ?1, p.user_id, 'cap_often', json_object('window_from', span.f, 'window_to', span.l,"
	" 'window_days', span.n, 'capped_days', json(p.days), 'cap', cap.c, 'mean', p.total / span.n,"
	" 'union', p.union_code, 'union_mean', CAST(u.mean AS INTEGER), 'percent', ?6),"
	" p.f, p.l, p.capped, ?3 "
	"FROM people p JOIN unions u ON u.union_code = p.union_code, span, cap "
	"WHERE p.capped >= ?5 AND p.total * 100 >= ?6 * u.mean * span.n AND" NONE_OPEN("cap_often");

/*
 * The window patterns (same_counts, team_same_counts) look at the days of a
 * window up to ?2 (WINDOW: its first day) and, night by night, only at what is
 * new (fairplay_passes.h): ?7 the first new day, or '' for the whole window;
 * ?8 the instant from which a cleared flag of the kind has its person looked at
 * again over the whole window.  That is the whole window's answer: a count
 * that reaches the threshold tonight is one of tonight's new days (the others
 * only leave the window), unless its person had a flag open that was cleared
 * since.  Reading the whole history each night took minutes at a million
 * participants by day 100.
 */
#define WINDOW(length) "win AS (SELECT date(?2, '-' || (" length " - 1) || ' days') AS f)"
#define CLEARED_SINCE(kind) "?7 <> '' AND x.activity_id = ?1 AND x.kind = '" kind "' AND x.cleared_at >= ?8"

/* ?4 days with the same count among the last ?5 days.  A candidate is a
 * person's count: each of the window's counts held ?4 times, or a new day's;
 * each is then counted by its person's key (a few pages), and only the counts
 * that reach ?4 are read again for their days. */
static const char same_counts_sql[] =
	"WITH " SEEN("same_counts") ", " WINDOW("?5") ","
	" cand AS (SELECT d.user_id, d.raw_steps FROM win CROSS JOIN daily_steps d WHERE ?7 = '' AND d.activity_id = ?1"
	"   AND d.day >= win.f AND d.day <= ?2 AND d.raw_steps > 0 GROUP BY d.user_id, d.raw_steps HAVING count(*) >= ?4"
	" UNION ALL SELECT d.user_id, d.raw_steps FROM win CROSS JOIN daily_steps d WHERE ?7 <> '' AND d.activity_id = ?1"
	"   AND d.day >= max(?7, win.f) AND d.day <= ?2 AND d.raw_steps > 0"
	" UNION ALL SELECT d.user_id, d.raw_steps FROM win CROSS JOIN fairplay_flags x CROSS JOIN daily_steps d"
	"   ON d.activity_id = ?1 AND d.user_id = x.user_id AND d.day >= win.f AND d.day <= ?2 AND d.raw_steps > 0"
	"   WHERE " CLEARED_SINCE("same_counts") "),"
	" hit AS (SELECT DISTINCT c.user_id, c.raw_steps, coalesce(seen.l, '') AS seen_l"
	"   FROM win CROSS JOIN cand c LEFT JOIN seen ON seen.user_id = c.user_id"
	"   WHERE (SELECT count(*) FROM daily_steps d WHERE d.activity_id = ?1 AND d.user_id = c.user_id"
	"     AND d.day >= win.f AND d.day <= ?2 AND d.day > coalesce(seen.l, '') AND d.raw_steps = c.raw_steps) >= ?4),"
	" rep AS (SELECT h.user_id, h.raw_steps AS steps, count(*) AS n, min(d.day) AS f, max(d.day) AS l,"
	"   json_group_array(d.day) AS days FROM win CROSS JOIN hit h CROSS JOIN daily_steps d ON d.activity_id = ?1"
	"   AND d.user_id = h.user_id AND d.day >= win.f AND d.day <= ?2 AND d.day > h.seen_l AND d.raw_steps = h.raw_steps"
	"   GROUP BY h.user_id, h.raw_steps),"
	" people AS (SELECT user_id, sum(n) AS n, min(f) AS f, max(l) AS l,"
	"   json_group_array(json_object('steps', steps, 'days', json(days))) AS counts FROM rep GROUP BY user_id) "
	RAISE
	"SELECT ?1, p.user_id, 'same_counts', json_object('counts', json(p.counts)), p.f, p.l, p.n, ?3 "
	"FROM people p " ENROLLED "WHERE" NONE_OPEN("same_counts");

/* ?4 members with the same count on a day, on ?5 of the last ?6 days.  A
 * member is in a team on day D when their span covers D's end (as the
 * settlement judges).  CROSS JOIN keeps the order: each membership span, then
 * its person's days by daily_steps' key (team_members has no index a day's
 * rows could use).  The teams looked at: all over the whole window, else
 * every team of anyone in such a group on a new day (their days in a team they
 * left count too), or whose flag was cleared since. */
#define MEMBER_DAYS(from)                                                                                    \
	" SELECT d.day, m.team_id, d.user_id, d.raw_steps FROM win CROSS JOIN team_members m"                   \
	" CROSS JOIN daily_steps d ON d.activity_id = m.activity_id AND d.user_id = m.user_id"                  \
	" AND m.joined_at < unixepoch(d.day) + 57600 AND (m.left_at IS NULL OR m.left_at >= unixepoch(d.day) + 57600)" \
	" WHERE d.activity_id = ?1 AND d.day >= " from " AND d.day <= ?2 AND d.raw_steps > 0"
static const char team_same_counts_sql[] =
	"WITH " SEEN("team_same_counts") ", " WINDOW("?6") ","
	" fresh AS (" MEMBER_DAYS("max(?7, win.f)") " AND ?7 <> ''),"
	" news AS (SELECT team_id, day, raw_steps FROM fresh GROUP BY team_id, day, raw_steps HAVING count(*) >= ?4),"
	" who AS (SELECT f.user_id FROM news g JOIN fresh f ON f.team_id = g.team_id AND f.day = g.day"
	"   AND f.raw_steps = g.raw_steps UNION SELECT x.user_id FROM fairplay_flags x"
	"   WHERE " CLEARED_SINCE("team_same_counts") "),"
	" teams AS (SELECT DISTINCT m.team_id FROM team_members m WHERE m.activity_id = ?1"
	"   AND m.user_id IN (SELECT user_id FROM who)),"
	" mem AS (" MEMBER_DAYS("win.f") " AND (?7 = '' OR m.team_id IN (SELECT team_id FROM teams))),"
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
 * eight characters, which tell the mobiles apart and give none away.
 * Both counts grow only by a new row of enrollment_mobiles, so a night looks
 * at the accounts of the rows added since the previous pass (?8), at the
 * accounts sharing their mobiles, and at those whose flag was cleared since
 * (their count may have grown while it was open); everyone when ?7 is ''. */
#define MASKED(m) "'#' || substr(" m ", 1, 8)"
static const char multi_mobile_sql[] =
	"WITH fresh AS (SELECT user_id, mobile_index FROM enrollment_mobiles WHERE ?7 <> '' AND activity_id = ?1"
	"   AND first_at >= ?8),"
	" scope AS (SELECT user_id FROM enrollments WHERE ?7 = '' AND activity_id = ?1 UNION SELECT user_id FROM fresh"
	"   UNION SELECT o.user_id FROM fresh f JOIN enrollment_mobiles o ON o.activity_id = ?1"
	"   AND o.mobile_index = f.mobile_index"
	"   UNION SELECT x.user_id FROM fairplay_flags x WHERE " CLEARED_SINCE("multi_mobile") "),"
	" held AS (SELECT m.user_id, m.mobile_index FROM scope s JOIN enrollment_mobiles m ON m.activity_id = ?1"
	"   AND m.user_id = s.user_id),"
	" mine AS (SELECT user_id, count(*) AS mobiles, json_group_array(" MASKED("mobile_index") ") AS list"
	"   FROM held GROUP BY user_id),"
	" per_mobile AS (SELECT h.mobile_index, (SELECT count(*) FROM enrollment_mobiles o WHERE o.activity_id = ?1"
	"   AND o.mobile_index = h.mobile_index) AS accounts FROM (SELECT DISTINCT mobile_index FROM held) h),"
	" shared AS (SELECT h.user_id, max(p.accounts) - 1 AS others,"
	"   json_group_array(json_object('mobile', " MASKED("h.mobile_index") ", 'accounts', p.accounts)) AS list"
	"   FROM held h JOIN per_mobile p ON p.mobile_index = h.mobile_index WHERE p.accounts >= 2 GROUP BY h.user_id),"
	" people AS (SELECT m.user_id, m.mobiles, m.list, coalesce(s.others, 0) AS others,"
	"   coalesce(s.list, '[]') AS shared FROM mine m LEFT JOIN shared s ON s.user_id = m.user_id"
	"   WHERE m.mobiles >= ?4 OR coalesce(s.others, 0) + 1 >= ?4) "
	RAISE
	"SELECT ?1, p.user_id, 'multi_mobile', json_object('mobiles', json(p.list), 'shared', json(p.shared)),"
	" NULL, NULL, p.mobiles + p.others, ?3 "
	"FROM people p " ENROLLED "WHERE" NONE_OPEN("multi_mobile")
	" AND NOT EXISTS (SELECT 1 FROM fairplay_flags x WHERE x.activity_id = ?1 AND x.user_id = p.user_id"
	"   AND x.kind = 'multi_mobile' AND x.amount >= p.mobiles + p.others)";

/* One pattern: sql with its thresholds (?4, ?5, ?6: as many as it names);
 * a pattern that reads only what is new since its previous pass also takes
 * that (?7, ?8: fairplay_passes.h). */
struct pattern {
	enum fairplay_kind kind;
	const char *sql;
	int nthresholds;
	int threshold[3];
	bool since;
};

static void thresholds_text(const struct pattern *p, char *out, size_t len)
{
	fairplay_thresholds_text(p->threshold, p->nthresholds, out, len);
}

static int run_pattern(struct db *db, const struct pattern *p, int64_t activity_id, const char *day, int64_t now,
                       int64_t *raised)
{
	const char *kind = fairplay_kind_name(p->kind);
	struct fairplay_since since = { .new_from = "" };
	char thresholds[64];
	thresholds_text(p, thresholds, sizeof thresholds);
	int rc = p->since ? fairplay_since_read(db, activity_id, kind, thresholds, day, &since) : SQLITE_OK;
	if (rc == SQLITE_OK) {
		char fmt[16];
		snprintf(fmt, sizeof fmt, "%.*s%s", 3 + (p->since ? 3 : p->nthresholds), "itinnn", p->since ? "ti" : "");
		rc = db_execf(db, p->sql, fmt, activity_id, day, now, p->threshold[0], p->threshold[1], p->threshold[2],
		              since.new_from, since.since);
	}
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

static int raise_staged(struct db *db, const struct pattern *patterns, int64_t activity_id, const char *day,
                        int64_t now, int64_t raised[FLAG_KINDS])
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
	for (int k = 0; k < FLAG_KINDS && rc == SQLITE_OK; k++) {
		if (!patterns[k].since)
			continue;
		char thresholds[64];
		thresholds_text(&patterns[k], thresholds, sizeof thresholds);
		rc = fairplay_since_note(db, activity_id, fairplay_kind_name(patterns[k].kind), thresholds, day, now);
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
		[FLAG_CAP_OFTEN] = { FLAG_CAP_OFTEN, cap_often_sql, 3, { t->cap_window, t->cap_days, t->cap_mean_percent },
		                     false },
		[FLAG_SAME_COUNTS] = { FLAG_SAME_COUNTS, same_counts_sql, 2, { t->same_days, t->same_window, 0 }, true },
		[FLAG_TEAM_SAME_COUNTS] = { FLAG_TEAM_SAME_COUNTS, team_same_counts_sql, 3,
		                            { t->team_same_members, t->team_same_days, t->same_window }, true },
		[FLAG_BAD_PAYLOADS] = { FLAG_BAD_PAYLOADS, bad_payloads_sql, 1, { t->bad_payloads, 0, 0 }, false },
		[FLAG_MULTI_MOBILE] = { FLAG_MULTI_MOBILE, multi_mobile_sql, 1, { t->multi_mobile, 0, 0 }, true },
	};
	memset(raised, 0, FLAG_KINDS * sizeof *raised);
	int rc = stage_patterns(db, patterns, activity_id, day, now);
	if (rc == SQLITE_OK)
		rc = raise_staged(db, patterns, activity_id, day, now, raised);
	if (rc != SQLITE_OK) {
		db_rollback(db);
		memset(raised, 0, FLAG_KINDS * sizeof *raised);
	}
	return rc;
}
