#ifndef WALK_FAIRPLAY_H
#define WALK_FAIRPLAY_H
/*
 * The fair-play pass (RULES §14): the patterns a walker rarely shows, each
 * one set-based statement over the activity's data, raising flags
 * (schema 033, fairplay_flags) for an admin to look at.  A flag never changes
 * points: the pass writes fairplay_flags and nothing else.
 *
 * Patterns (thresholds: README "Fair play", configuration keys flag_*):
 *   cap_often         the cap reached on >= cap_days of the last cap_window
 *                     settled days, while the person's mean counted steps
 *                     over those days is >= cap_mean_percent % of their
 *                     union's mean (per settled participant-day, same days);
 *   same_counts       the same raw step count (> 0) on >= same_days of the
 *                     last same_window days;
 *   team_same_counts  >= team_same_members members of one team with the same
 *                     raw count on one day, on >= team_same_days of the last
 *                     same_window days: each of those members is flagged;
 *   bad_payloads      >= bad_payloads refused WeRun payloads (undecryptable,
 *                     stale, another app's, bad iv: werun_flags.refusals);
 *   multi_mobile      an account that enrolled with >= multi_mobile mobiles
 *                     over time, or a mobile held by >= multi_mobile accounts.
 *
 * Idempotent: a person has at most one open flag of a kind.  Day patterns
 * only count days after the last day of the person's previous flag of the
 * kind, count patterns only raise again when the count has grown past the
 * previous flag's (by bad_payloads refusals, or by one mobile or account),
 * so a rerun over the same data, or over the same days after a clear,
 * raises nothing.  The two window patterns read, night by night, only the
 * new days' counts (and the windows of people whose flag was cleared since):
 * fairplay_passes.h.
 */
#include <stdint.h>

struct db;

enum fairplay_kind {
	FLAG_CAP_OFTEN,
	FLAG_SAME_COUNTS,
	FLAG_TEAM_SAME_COUNTS,
	FLAG_BAD_PAYLOADS,
	FLAG_MULTI_MOBILE,
	FLAG_KINDS
};

struct fairplay_thresholds {
	int cap_days, cap_window, cap_mean_percent;
	int same_days, same_window;
	int team_same_members, team_same_days;
	int bad_payloads;
	int multi_mobile;
};

struct walk_config;
/* The thresholds of the configuration (keys flag_*, README "Fair play"). */
struct fairplay_thresholds fairplay_thresholds_of(const struct walk_config *cfg);

/* The kind's name as stored ("cap_often", …), and back (FLAG_KINDS for an
 * unknown name). */
const char *fairplay_kind_name(enum fairplay_kind kind);
enum fairplay_kind fairplay_kind_from(const char *name);

/* The pass for activity_id, looking at days up to day ("YYYY-MM-DD"): the
 * patterns read one snapshot in a read transaction, which takes no write lock
 * however long it runs, and their flags are written in one short write
 * transaction after it (on an error either is rolled back: then nothing is
 * raised).  raised[kind] gets the flags raised.  Returns SQLITE_OK or the
 * SQLite error. */
int fairplay_flags_pass(struct db *db, int64_t activity_id, const char *day, const struct fairplay_thresholds *t,
                        int64_t now, int64_t raised[FLAG_KINDS]);

#endif
