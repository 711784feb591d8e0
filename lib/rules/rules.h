#ifndef WALK_RULES_H
#define WALK_RULES_H
/*
 * The business rules of RULES.md §1–§8 as pure functions: no I/O, no clock
 * (callers pass `now`, read from clock.h), no globals, no allocation.  Every
 * number the rules name `like_this` comes from a struct activity_rules that
 * the caller loads from the database (or fills with rules_defaults()).
 * Handlers, the nightly settlement and the reports call these functions and
 * never re-implement a rule.
 *
 * Instants are int64 Unix seconds; days are int32 day numbers in UTC+8
 * (calendar.h).  Steps and points are int64.
 *
 * Where each rule lives (RULES.md section → function):
 *
 * §1 Time
 *   UTC+8 days, day start, "YYYY-MM-DD", ISO 8601 ..... calendar.h (cal_*)
 *   defaults of the plan, config consistency ......... rules_defaults, rules_check
 *   activity day 1..total_days ....................... rules_day_index, rules_is_activity_day
 *   public test days; days that score ................ rules_is_test_day, rules_is_scoring_day
 *   settle_window 20:00–24:00 ........................ rules_in_settle_window
 *   upcoming / test / running / ended ................ rules_phase, rules_phase_name
 *   enrollment from enroll_opens ..................... rules_enrollment_open
 *   board_freeze_at; days the board covers ........... rules_board_frozen, rules_board_last_day
 *   redeem_deadline .................................. rules_redeem_open
 * §2 Steps
 *   only today's entry of a sync ..................... rules_pick_today_steps
 *   watermark appid and sync_max_skew ................ rules_check_watermark
 *   all of a sync at once (what the handler calls) ... rules_read_sync
 *   negative / absurd raw values ..................... rules_sanitize_raw_steps
 *   settled day (a sync inside the window of D) ...... rules_sync_settles
 *   counted steps = min(daily_cap, raw) if settled ... rules_counted_steps
 *   displayed steps, never above daily_cap ........... rules_displayed_steps
 *   provisional before the window opens .............. rules_steps_provisional
 *   days outside first_day..last_day score nothing ... rules_counted_steps (uses rules_is_scoring_day)
 * §3 Check-in
 *   on activity and test days, +1 .................... rules_checkin_allowed, rules_checkin_points
 * §4 Points
 *   ledger kinds and their stable names .............. enum rules_ledger_kind, rules_ledger_kind_name,
 *                                                       rules_ledger_kind_parse
 *   natural key ref of a kind ........................ rules_ledger_ref
 *   steps points floor(counted/2000) max 5 ........... rules_step_points
 *   personal target +1 ............................... rules_personal_target_met, rules_personal_target_points
 *   team target +2 ................................... rules_team_target_points
 *   a user's whole settlement of day D (max 9) ....... rules_settle_user_day
 *   nightly settlement of D only once D is over ...... cal_day_is_over
 *   balance never below 0 ............................ rules_can_spend
 *   leader_full_team +20, once ....................... rules_leader_full_team_due
 * §5 Teams
 *   at most team_size members ........................ rules_team_has_room
 *   no leaving / dissolving once first day began ..... rules_first_day_begun
 *   target bounds, never below defaults .............. rules_target_limits, rules_validate_targets
 *   a change takes effect the next day ............... rules_target_effective_from
 *   targets in force on day D, defaults without team . rules_targets_in_force, rules_default_targets
 *   team target met on D ............................. rules_team_target_met
 * §6 Team ranking
 *   compliance_rate = compliant days / total_days .... rules_compliance_basis_points (display);
 *                                                       compared exactly in rules_team_standing_cmp
 *   per_capita = team_steps / member count ........... rules_per_capita, rules_compare_per_capita
 *   board order (rate, per capita, steps, creation) .. rules_team_standing_cmp
 *   prize bands 3/10/20 .............................. rules_prize_of_rank, rules_prize_name
 *   personal ranks, equal values share a rank ........ rules_competition_ranks, rules_rank_of,
 *                                                       rules_int64_desc_cmp
 * §7 Checkpoints
 *   the default route of 13 .......................... rules_default_route
 *   lit when cumulative >= threshold ................. rules_checkpoints_lit
 *   passed in route order, only when lit ............. rules_next_checkpoint, rules_may_attempt
 *   one quiz attempt every quiz_retry_seconds ........ rules_quiz_attempt_allowed
 *   poster photo limits (5 MB, 4096 px) .............. rules_check_photo
 *   essay 20–2000 characters; pass/review/risky ...... rules_check_essay, rules_essay_decision
 *   essay +2 ......................................... rules_essay_points
 * §8 Red envelopes and badges
 *   points_per_draw, until redeem_deadline ........... rules_can_afford_draw, rules_redeem_open
 *   tier weighted by remaining count, daily_release .. rules_draw_tier
 *   the whole redemption check, refused before paying  rules_redeem_check
 *   全勤奖 full attendance ............................ rules_full_attendance
 *   与祖国同行 all checkpoints ........................ rules_all_checkpoints_badge
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define RULES_MAX_CHECKPOINTS 32
#define RULES_DRAW_TIERS 8
/* Bound on total_days, so that attendance fits a bitmap on the stack. */
#define RULES_MAX_TOTAL_DAYS 1024
/* No phone walks a billion steps a day; clamping there keeps any sum of raw
 * values far from overflow. */
#define RULES_RAW_STEPS_MAX 1000000000
/* Bound on team_size, so that team_size * daily_cap cannot overflow. */
#define RULES_MAX_TEAM_SIZE 1000
/* Buffer size for rules_ledger_ref(): an int64 in decimal and a NUL. */
#define RULES_REF_BUF 21

/* The configuration of one activity: every number RULES.md writes
 * `like_this`, plus the point amounts of §4 and the route of §7. */
struct activity_rules {
	/* §1 time */
	int64_t enroll_opens;          /* instant enrollment opens */
	int32_t test_from, test_to;    /* public test days, inclusive; test_to < test_from: none */
	int32_t first_day, last_day;   /* activity days, inclusive */
	int32_t total_days;            /* = last_day - first_day + 1, the §6 denominator */
	int32_t settle_window_start;   /* seconds of day, inclusive: 72000 = 20:00 */
	int32_t settle_window_end;     /* seconds of day, exclusive: 86400 = 24:00 */
	int64_t board_freeze_at;       /* instant the board becomes final */
	int64_t redeem_deadline;       /* instant draws stop (exclusive) */
	/* §2 steps */
	int64_t daily_cap;
	int64_t sync_max_skew;         /* seconds */
	/* §3–§4 points */
	int64_t steps_per_point;
	int64_t max_step_points;
	int64_t points_checkin;
	int64_t points_personal_target;
	int64_t points_team_target;
	int64_t points_essay;
	int64_t points_leader_full_team;
	/* §5 teams */
	int team_size;                 /* members including the leader */
	int64_t member_target;         /* default and minimum */
	int64_t team_target;           /* default and minimum */
	/* §6 ranking */
	int team_prizes[3];            /* teams in the first, second, third band */
	/* §7 checkpoints */
	int checkpoint_count;
	int64_t checkpoint_threshold[RULES_MAX_CHECKPOINTS]; /* cumulative, ascending */
	int64_t quiz_retry_seconds;
	int essay_min_chars, essay_max_chars;
	int64_t photo_max_bytes;
	int photo_max_px;              /* per side */
	/* §8 red envelopes */
	int64_t points_per_draw;
	int64_t draw_tier_fen[RULES_DRAW_TIERS]; /* amount of each tier, in fen */
	int64_t daily_release;         /* draws per day; 0 = unlimited */
};

/* ---------------------------------------------------------------- config */

/* Fills r with the plan's 2019 activity: first_day 2019-07-01, last_day
 * 2019-10-08, total_days 100, test 2019-06-18..2019-06-30, enroll_opens
 * 2019-06-18 00:00, window 72000..86400, daily_cap 10000, sync_max_skew 600,
 * steps_per_point 2000, max_step_points 5, points 1/1/2/2/20, team_size 6,
 * member_target 6000, team_target 36000, team_prizes 3/10/20, the 13
 * thresholds of rules_default_route(), quiz_retry_seconds 3, essay 20..2000
 * characters, photos up to 5 MiB and 4096 px, points_per_draw 20, tiers
 * 30/50/100/300/500/1000/2000/5000 fen, daily_release 0, and board_freeze_at
 * = redeem_deadline = 2019-10-08 00:00 +08:00. */
void rules_defaults(struct activity_rules *r);

/* Checks that a configuration (e.g. loaded from the database) is usable by
 * every function here: first_day <= last_day, total_days consistent and at
 * most RULES_MAX_TOTAL_DAYS, a test period (if any) before first_day,
 * 0 <= window start < end <= 86400, daily_cap in 1..RULES_RAW_STEPS_MAX,
 * team_size in 1..RULES_MAX_TEAM_SIZE, positive steps_per_point and draw
 * cost, targets within [1, daily_cap] and [member_target, team_size *
 * daily_cap], 1..RULES_MAX_CHECKPOINTS strictly ascending positive
 * thresholds, positive tier amounts, nothing negative.  Returns NULL when
 * fine, else the name of the first offending field (a string literal).
 * Every other function assumes a configuration that passed this check. */
const char *rules_check(const struct activity_rules *r);

/* ---------------------------------------------------------------- §1 time */

bool rules_is_activity_day(const struct activity_rules *r, int32_t day);
bool rules_is_test_day(const struct activity_rules *r, int32_t day);
/* Activity days and public-test days: the days steps, check-ins and targets
 * score on (test results are wiped at go-live, §10, by the caller). */
bool rules_is_scoring_day(const struct activity_rules *r, int32_t day);
/* 1 for first_day .. total_days for last_day; 0 for any other day. */
int rules_day_index(const struct activity_rules *r, int32_t day);

/* Whether instant t is inside the settle window of its own day:
 * settle_window_start <= cal_seconds_of_day(t) < settle_window_end. */
bool rules_in_settle_window(const struct activity_rules *r, int64_t t);

enum rules_phase {
	RULES_PHASE_UPCOMING,   /* before the test, or between test and first_day */
	RULES_PHASE_TEST,       /* a public-test day */
	RULES_PHASE_RUNNING,    /* an activity day */
	RULES_PHASE_ENDED       /* after last_day */
};
/* The phase by the day of now: ended after last_day, running on an activity
 * day, test on a test day, else upcoming. */
enum rules_phase rules_phase(const struct activity_rules *r, int64_t now);
/* "upcoming", "test", "running", "ended" (the API's state); "?" otherwise. */
const char *rules_phase_name(enum rules_phase phase);

/* Enrollment is open from enroll_opens until the end of last_day (late
 * enrollment is allowed; after the activity it serves no purpose). */
bool rules_enrollment_open(const struct activity_rules *r, int64_t now);
/* §5/§11: once first_day 00:00 has come, members cannot leave, a team cannot
 * be dissolved and a user's union cannot change. */
bool rules_first_day_begun(const struct activity_rules *r, int64_t now);
/* now >= board_freeze_at: the board settled at that instant is final. */
bool rules_board_frozen(const struct activity_rules *r, int64_t now);
/* The last day the team board includes at now: the last day that was over
 * both at now and at board_freeze_at, i.e. min(day_of(now),
 * day_of(board_freeze_at)) - 1, at most last_day.  By default 2019-10-07
 * from the freeze on.  A result before the first scoring day means the board
 * is empty. */
int32_t rules_board_last_day(const struct activity_rules *r, int64_t now);
/* now < redeem_deadline. */
bool rules_redeem_open(const struct activity_rules *r, int64_t now);

/* ---------------------------------------------------------------- §2 steps */

/* One element of WeRun's stepInfoList. */
struct rules_step_entry {
	int64_t timestamp;      /* 00:00 UTC+8 of the entry's day */
	int64_t step;
};

enum rules_sync_status {
	RULES_SYNC_OK,
	RULES_SYNC_WRONG_APP,       /* watermark appid is not ours: werun_wrong_app */
	RULES_SYNC_STALE,           /* watermark too far from now: werun_stale */
	RULES_SYNC_NO_ENTRY_TODAY   /* valid data, but nothing for today */
};

/* The watermark check: RULES_SYNC_WRONG_APP unless both strings are non-NULL
 * and equal; else RULES_SYNC_STALE if |watermark_ts - now| > sync_max_skew
 * (computed without overflow); else RULES_SYNC_OK. */
enum rules_sync_status rules_check_watermark(const struct activity_rules *r, const char *our_appid,
					     const char *watermark_appid, int64_t watermark_ts,
					     int64_t now);

/* Negative values become 0 and values above RULES_RAW_STEPS_MAX become that. */
int64_t rules_sanitize_raw_steps(int64_t raw);

/* Today's raw steps from a stepInfoList in any order: only entries whose
 * timestamp is exactly cal_day_start(cal_day_of(now)) count (earlier days are
 * ignored, RULES §2); several such entries give their largest step.  Sets
 * *raw (sanitized) and returns RULES_SYNC_OK, or returns
 * RULES_SYNC_NO_ENTRY_TODAY leaving *raw alone.  entries may be NULL if n = 0. */
enum rules_sync_status rules_pick_today_steps(const struct rules_step_entry *entries, size_t n,
					      int64_t now, int64_t *raw);

/* What one sync means, for the sync handler. */
struct rules_sync_reading {
	int32_t day;            /* today, cal_day_of(now) */
	int64_t raw_steps;      /* today's entry, sanitized; store max(stored, this) */
	int64_t displayed;      /* rules_displayed_steps(raw_steps) */
	bool settles;           /* this sync settles today (inside the window) */
	bool provisional;       /* before the window opens: mark the steps so */
};
/* rules_check_watermark(), then rules_pick_today_steps(), then fills *out
 * (only when RULES_SYNC_OK; *out is untouched otherwise). */
enum rules_sync_status rules_read_sync(const struct activity_rules *r, const char *our_appid,
				       const char *watermark_appid, int64_t watermark_ts,
				       const struct rules_step_entry *entries, size_t n, int64_t now,
				       struct rules_sync_reading *out);

/* Whether a sync at instant sync_at settles day: it happened on that day and
 * inside the settle window. */
bool rules_sync_settles(const struct activity_rules *r, int32_t day, int64_t sync_at);
/* Before today's window opens: cal_seconds_of_day(now) < settle_window_start. */
bool rules_steps_provisional(const struct activity_rules *r, int64_t now);
/* min(daily_cap, sanitized raw) on a settled scoring day; 0 on any other day. */
int64_t rules_counted_steps(const struct activity_rules *r, int32_t day, int64_t raw_steps,
			    bool settled);
/* min(daily_cap, sanitized raw), whether settled or not. */
int64_t rules_displayed_steps(const struct activity_rules *r, int64_t raw_steps);

/* ---------------------------------------------------------------- §3, §4 points */

enum rules_ledger_kind {
	RULES_LEDGER_CHECKIN,
	RULES_LEDGER_STEPS,
	RULES_LEDGER_PERSONAL_TARGET,
	RULES_LEDGER_TEAM_TARGET,
	RULES_LEDGER_ESSAY,
	RULES_LEDGER_LEADER_FULL_TEAM,
	RULES_LEDGER_REDEEM,
	RULES_LEDGER_ADJUST,
	RULES_LEDGER_KIND_COUNT
};
/* The stable name stored in the ledger: "checkin", "steps",
 * "personal_target", "team_target", "essay", "leader_full_team", "redeem",
 * "adjust"; NULL for a value outside the enum. */
const char *rules_ledger_kind_name(enum rules_ledger_kind kind);
/* The inverse; false (leaving *kind alone) for an unknown or NULL name. */
bool rules_ledger_kind_parse(const char *name, enum rules_ledger_kind *kind);
/* The ref of a ledger row's natural key (activity, user, kind, ref): for
 * checkin, steps, personal_target and team_target, value is a day number and
 * the ref is "YYYY-MM-DD"; for essay the checkpoint number, leader_full_team
 * the team id, redeem the draw id, adjust the admin action id, written in
 * decimal.  buf needs RULES_REF_BUF bytes.  Returns false (buf "" if size >
 * 0) for an unknown kind, a day outside int32 or years 0..9999, or a small
 * buffer. */
bool rules_ledger_ref(enum rules_ledger_kind kind, int64_t value, char *buf, size_t size);

/* §3: points_checkin on a scoring day (the caller refuses a second one). */
bool rules_checkin_allowed(const struct activity_rules *r, int64_t now);
int64_t rules_checkin_points(const struct activity_rules *r);
/* floor(counted / steps_per_point), at most max_step_points; 0 if counted <= 0. */
int64_t rules_step_points(const struct activity_rules *r, int64_t counted);
/* counted >= member_target (a target below 1 counts as 1: a day without
 * steps never meets a target). */
bool rules_personal_target_met(int64_t counted, int64_t member_target);
/* points_personal_target if met, else 0. */
int64_t rules_personal_target_points(const struct activity_rules *r, int64_t counted,
				     int64_t member_target);
/* points_team_target if the user's team met its target on the day, else 0. */
int64_t rules_team_target_points(const struct activity_rules *r, bool team_met);
/* §7: points_essay for an accepted essay. */
int64_t rules_essay_points(const struct activity_rules *r);

/* What the nightly settlement awards one user for one day. */
struct rules_day_award {
	int64_t counted;            /* counted steps of the day */
	int64_t steps;              /* ledger kind steps */
	int64_t personal_target;    /* ledger kind personal_target */
	int64_t team_target;        /* ledger kind team_target */
};
/* Fills *out for day: counted = rules_counted_steps(); the three amounts from
 * rules_step_points(), rules_personal_target_points(counted, member_target)
 * and rules_team_target_points(team_met); all 0 on a day that does not score.
 * member_target is the user's target in force on day (rules_targets_in_force,
 * or rules_default_targets without a team).  A zero amount writes no row. */
void rules_settle_user_day(const struct activity_rules *r, int32_t day, int64_t raw_steps,
			   bool settled, int64_t member_target, bool team_met,
			   struct rules_day_award *out);

/* balance - amount >= 0, for a spend of amount >= 0 (false for amount < 0). */
bool rules_can_spend(int64_t balance, int64_t amount);

/* ---------------------------------------------------------------- §5 teams */

/* A team of member_count members (leader included) may take one more. */
bool rules_team_has_room(const struct activity_rules *r, int member_count);
/* leader_full_team is due when the team has reached team_size members and the
 * leader has no leader_full_team row in this activity yet (RULES §4: once per
 * leader per activity, whatever team).  Its ref is the team id. */
bool rules_leader_full_team_due(const struct activity_rules *r, int member_count,
				bool leader_already_awarded);

/* Team target met on a day: n >= 1 members (those in the team at the end of
 * the day), every member meets member_target (rules_personal_target_met on
 * counted[i]), and the sum >= team_target.
 * The sum saturates instead of overflowing.  n = 0 is never met. */
bool rules_team_target_met(const int64_t *counted, size_t n, int64_t member_target,
			   int64_t team_target);

struct rules_targets {
	int64_t member_target;
	int64_t team_target;
};
struct rules_target_limits {
	int64_t member_min, member_max;   /* member_target .. daily_cap */
	int64_t team_min, team_max;       /* team_target .. team_size * daily_cap */
};
struct rules_target_limits rules_target_limits(const struct activity_rules *r);
/* member_target and team_target, for a user without a team. */
struct rules_targets rules_default_targets(const struct activity_rules *r);

enum rules_targets_status {
	RULES_TARGETS_OK,
	RULES_MEMBER_TARGET_TOO_LOW,
	RULES_MEMBER_TARGET_TOO_HIGH,
	RULES_TEAM_TARGET_TOO_LOW,
	RULES_TEAM_TARGET_TOO_HIGH
};
/* A leader's request, checked against rules_target_limits(), member first. */
enum rules_targets_status rules_validate_targets(const struct activity_rules *r,
						 int64_t member_target, int64_t team_target);
/* The first day a change made at instant changed_at applies: the next day. */
int32_t rules_target_effective_from(int64_t changed_at);

/* One stored change of a team's targets. */
struct rules_target_setting {
	int32_t effective_from;
	int64_t member_target;
	int64_t team_target;
};
/* The targets in force on day: those of the setting with the greatest
 * effective_from <= day (among equal ones, the last in the array, so pass
 * them in the order they were made); the defaults if none applies. */
struct rules_targets rules_targets_in_force(const struct activity_rules *r,
					    const struct rules_target_setting *settings, size_t n,
					    int32_t day);

/* ---------------------------------------------------------------- §6 ranking */

/* One team's figures on the board. */
struct rules_team_standing {
	int64_t team_id;
	int64_t created_at;         /* instant */
	int32_t compliant_days;     /* days the team target was met */
	int32_t member_count;       /* current members */
	int64_t team_steps;         /* Σ counted steps of members while in the team */
};

/* compliant_days / total_days in basis points (1/10000), rounded down, for
 * display (100 days: 37 days = 3700 = 37.00 %).  Never compare these; the
 * board compares compliant_days, exact since total_days is fixed. */
int64_t rules_compliance_basis_points(const struct activity_rules *r, int32_t compliant_days);
/* floor(team_steps / member_count), for display; 0 if member_count <= 0 or
 * team_steps <= 0. */
int64_t rules_per_capita(int64_t team_steps, int32_t member_count);
/* Exact comparison of the rationals a_steps/a_members and b_steps/b_members
 * (<0, 0, >0 like strcmp), without overflow; a count <= 0 or negative steps
 * count as per capita 0. */
int rules_compare_per_capita(int64_t a_steps, int32_t a_members, int64_t b_steps,
			     int32_t b_members);
/* qsort comparator over struct rules_team_standing, board order: compliant
 * days desc, per capita desc (exact), team_steps desc, created_at asc, team_id
 * asc.  The order is total, so the board rank is the 1-based position. */
int rules_team_standing_cmp(const void *a, const void *b);

enum rules_prize {
	RULES_PRIZE_NONE,
	RULES_PRIZE_FIRST,
	RULES_PRIZE_SECOND,
	RULES_PRIZE_THIRD
};
/* With team_prizes 3/10/20: ranks 1–3 first, 4–13 second, 14–33 third, any
 * other rank (including <= 0) none. */
enum rules_prize rules_prize_of_rank(const struct activity_rules *r, int64_t rank);
/* "none", "first", "second", "third"; "?" otherwise. */
const char *rules_prize_name(enum rules_prize prize);

/* qsort comparator over int64_t, descending. */
int rules_int64_desc_cmp(const void *a, const void *b);
/* Competition ranks ("1,2,2,4") of values sorted descending: ranks[i] = 1 +
 * the number of values greater than values[i].  ranks has n elements; it may
 * not alias values. */
void rules_competition_ranks(const int64_t *sorted_desc, size_t n, int64_t *ranks);
/* The competition rank value would have among values sorted descending:
 * 1 + the number of elements greater than value (binary search). */
int64_t rules_rank_of(const int64_t *sorted_desc, size_t n, int64_t value);

/* ---------------------------------------------------------------- §7 checkpoints */

struct rules_checkpoint {
	int number;                 /* 1-based, route order */
	const char *name;
	int64_t stage_steps;
	int64_t cumulative;         /* lit at this many cumulative counted steps */
	const char *landmark;
};
/* The default route of RULES §7 (西安 30,000 … 陕西省总工会 700,000): a static
 * read-only table of 13 entries; *count is set to 13 if count is not NULL. */
const struct rules_checkpoint *rules_default_route(int *count);

/* Number of checkpoints lit by cumulative counted steps: thresholds <= it. */
int rules_checkpoints_lit(const struct activity_rules *r, int64_t cumulative);
/* The checkpoint that may be attempted next (passed + 1) if it exists and is
 * lit, else 0. */
int rules_next_checkpoint(const struct activity_rules *r, int passed, int lit);

enum rules_attempt {
	RULES_ATTEMPT_OK,
	RULES_ATTEMPT_NO_SUCH_CHECKPOINT,   /* not in 1..checkpoint_count */
	RULES_ATTEMPT_ALREADY_PASSED,       /* checkpoint <= passed */
	RULES_ATTEMPT_NOT_NEXT,             /* a later one: route order */
	RULES_ATTEMPT_NOT_LIT               /* the next one, but not lit yet */
};
/* Whether the user, having passed `passed` checkpoints and lit `lit`, may
 * answer a question of checkpoint (1-based). */
enum rules_attempt rules_may_attempt(const struct activity_rules *r, int checkpoint, int passed,
				     int lit);
/* A quiz attempt is allowed if there was none before, or now - last_attempt_at
 * >= quiz_retry_seconds (no overflow; a clock going back refuses). */
bool rules_quiz_attempt_allowed(const struct activity_rules *r, bool attempted_before,
				int64_t last_attempt_at, int64_t now);

enum rules_essay_status {
	RULES_ESSAY_OK,
	RULES_ESSAY_TOO_SHORT,
	RULES_ESSAY_TOO_LONG,
	RULES_ESSAY_BAD_ENCODING     /* not UTF-8, or contains NUL */
};
/* Length check of an essay of len bytes: strict UTF-8 (no overlong forms,
 * surrogates or code points above U+10FFFF), and between essay_min_chars and
 * essay_max_chars code points once leading and trailing white space (ASCII
 * and U+3000) is left out. */
enum rules_essay_status rules_check_essay(const struct activity_rules *r, const char *text,
					  size_t len);

enum rules_essay_decision {
	RULES_ESSAY_ACCEPT,          /* +points_essay now */
	RULES_ESSAY_HOLD,            /* for an admin; points on approval */
	RULES_ESSAY_REFUSE           /* content_rejected */
};
/* WeChat's text-check suggestion: "pass" accept, "risky" refuse, anything
 * else ("review", unknown, NULL) hold for an admin. */
enum rules_essay_decision rules_essay_decision(const char *suggest);

enum rules_photo_status {
	RULES_PHOTO_OK,
	RULES_PHOTO_EMPTY,           /* no bytes or a side <= 0 */
	RULES_PHOTO_TOO_LARGE,       /* more than photo_max_bytes */
	RULES_PHOTO_TOO_MANY_PIXELS  /* a side above photo_max_px */
};
enum rules_photo_status rules_check_photo(const struct activity_rules *r, int64_t bytes,
					  int64_t width, int64_t height);

/* ---------------------------------------------------------------- §8 red envelopes, badges */

/* balance >= points_per_draw. */
bool rules_can_afford_draw(const struct activity_rules *r, int64_t balance);

enum rules_draw_status {
	RULES_DRAW_OK,
	RULES_DRAW_CLOSED,            /* now >= redeem_deadline */
	RULES_DRAW_NOT_ENOUGH_POINTS, /* balance < points_per_draw */
	RULES_DRAW_POOL_EMPTY,        /* no envelope left in any tier */
	RULES_DRAW_DAILY_LIMIT,       /* daily_release draws already made today */
	RULES_DRAW_BAD_POOL           /* a negative count, or a total above 2^64: a bug */
};
/* Picks a tier (0..RULES_DRAW_TIERS-1, amount r->draw_tier_fen[tier]) with
 * probability remaining[tier] / Σ remaining.  random must be uniform over
 * uint64; the pick is floor(random * total / 2^64) located in the cumulative
 * counts, so each tier's probability is within total / 2^64 of exact (no
 * modulo bias).  Refuses with BAD_POOL, POOL_EMPTY, then DAILY_LIMIT (if
 * daily_release > 0 and drawn_today >= daily_release), leaving *tier alone. */
enum rules_draw_status rules_draw_tier(const struct activity_rules *r,
				       const int64_t remaining[RULES_DRAW_TIERS], int64_t drawn_today,
				       uint64_t random, int *tier);
/* The whole check of a redemption, before any point is taken: CLOSED, then
 * NOT_ENOUGH_POINTS, then rules_draw_tier(). */
enum rules_draw_status rules_redeem_check(const struct activity_rules *r, int64_t now,
					  int64_t balance, const int64_t remaining[RULES_DRAW_TIERS],
					  int64_t drawn_today, uint64_t random, int *tier);

/* 全勤奖: the user checked in on every activity day.  checkin_days are the
 * days of the user's check-ins, in any order; duplicates and days outside
 * first_day..last_day (test days) are ignored.  A user who enrolled late and
 * missed any day does not get it. */
bool rules_full_attendance(const struct activity_rules *r, const int32_t *checkin_days, size_t n);
/* 与祖国同行: all checkpoint_count checkpoints passed. */
bool rules_all_checkpoints_badge(const struct activity_rules *r, int passed);

#endif
