#include "store_awards.h"

#include "calendar.h"
#include "db.h"
#include "store_fairplay.h"
#include "store_pii_seal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const state_names[] = { "", "address_needed", "address_given", "shipped" };

const char *award_state_name(enum award_state s)
{
	return s >= AWARD_ANY && s <= AWARD_SHIPPED ? state_names[s] : "";
}

bool award_state_parse(const char *name, enum award_state *out)
{
	for (int s = AWARD_ANY; s <= AWARD_SHIPPED; s++)
		if (strcmp(name ? name : "", state_names[s]) == 0) {
			*out = (enum award_state)s;
			return true;
		}
	return false;
}

int store_awards_team_prizes(struct db *db, int64_t activity_id, const struct activity_rules *r, int64_t now,
                             int64_t *recorded)
{
	*recorded = 0;
	sqlite3_stmt *st;
	int rc = db_row(db, &st, "SELECT as_of FROM boards WHERE activity_id = ?1 AND final = 1", "i", activity_id);
	if (rc == DB_NOTFOUND)
		return SQLITE_OK;
	if (rc != SQLITE_ROW)
		return rc;
	char as_of[CAL_DAY_BUF];
	snprintf(as_of, sizeof as_of, "%s", (const char *)sqlite3_column_text(st, 0));
	sqlite3_reset(st);
	int32_t last_day;
	if (!cal_parse_day(as_of, &last_day))
		return SQLITE_CORRUPT;
	int64_t prizes = (int64_t)r->team_prizes[0] + r->team_prizes[1] + r->team_prizes[2];
	/* Ranks are positions in the board's total order: ties at a band's edge
	 * are already broken. */
	for (int64_t rank = 1; rank <= prizes && rc != DB_NOTFOUND; rank++) {
		int64_t team_id = 0;
		rc = db_get_int(db, &team_id, "SELECT team_id FROM team_board WHERE activity_id = ?1 AND as_of = ?2"
		                              " AND rank = ?3", "iti", activity_id, as_of, rank);
		if (rc == DB_NOTFOUND)
			break;
		if (rc == SQLITE_OK)
			rc = db_execf(db, "INSERT INTO awards (activity_id, user_id, kind, team_id, team_rank, tier, created_at)"
			                  " SELECT ?1, user_id, 'team', ?2, ?3, ?4, ?5 FROM team_members WHERE activity_id = ?1"
			                  " AND team_id = ?2 AND joined_at < ?6 AND (left_at IS NULL OR left_at >= ?6)"
			                  " AND NOT " FAIRPLAY_DISQUALIFIED_NOW("?1", "team_members.user_id") " ON CONFLICT DO NOTHING",
			              "iiinii", activity_id, team_id, rank, (int)rules_prize_of_rank(r, rank), now,
			              cal_day_start(last_day + 1));
		if (rc != SQLITE_OK)
			return rc;
		*recorded += sqlite3_changes(db_handle(db));
	}
	return rc == DB_NOTFOUND ? SQLITE_OK : rc;
}

#define AWARD_COLUMNS                                                                                          \
	"SELECT a.id, a.user_id, a.kind = 'grand', coalesce(g.name, ''), coalesce(a.entry_no, 0),"              \
	" coalesce(a.team_id, 0), coalesce(a.team_rank, 0), coalesce(a.tier, 0), coalesce(t.name, ''),"         \
	" coalesce(e.name, ''), coalesce(e.union_code, ''), coalesce(u.name, ''), coalesce(a.recipient, ''),"   \
	" coalesce(a.mobile, ''), coalesce(a.division, ''),"                                                    \
	" coalesce(d1.name, '') || CASE WHEN d2.name IN ('市辖区', '县') THEN '' ELSE coalesce(d2.name, '') END" \
	" || coalesce(d3.name, ''), coalesce(a.detail, ''), coalesce(a.address_at, 0), coalesce(a.courier, ''),"\
	" coalesce(a.tracking, ''), coalesce(a.shipped_at, 0), a.created_at"                                    \
	" FROM awards a LEFT JOIN enrollments e ON e.activity_id = a.activity_id AND e.user_id = a.user_id"      \
	" LEFT JOIN unions u ON u.code = e.union_code LEFT JOIN grand_prizes g ON g.id = a.grand_prize_id"        \
	" LEFT JOIN teams t ON t.id = a.team_id LEFT JOIN divisions d3 ON d3.code = a.division"                   \
	" LEFT JOIN divisions d2 ON d2.code = d3.parent LEFT JOIN divisions d1 ON d1.code = d2.parent"

static void text_col(sqlite3_stmt *st, int col, char *dst, size_t size)
{
	const unsigned char *s = sqlite3_column_text(st, col);
	snprintf(dst, size, "%s", s ? (const char *)s : "");
}

/* Opens the sealed column col (its place's prefix column) into dst. */
static void sealed_col(struct sealer *s, sqlite3_stmt *st, int col, const char *column, int64_t id, char *dst,
                       size_t size)
{
	char place[64];
	pii_place(place, sizeof place, column, id, -1);
	const unsigned char *v = sqlite3_column_text(st, col);
	pii_open(s, place, v ? (const char *)v : "", dst, size);
}

static void read_row(struct sealer *s, sqlite3_stmt *st, struct award_row *a)
{
	memset(a, 0, sizeof *a);
	a->id = sqlite3_column_int64(st, 0);
	a->user_id = sqlite3_column_int64(st, 1);
	a->grand = sqlite3_column_int(st, 2) != 0;
	text_col(st, 3, a->prize, sizeof a->prize);
	a->entry_no = sqlite3_column_int64(st, 4);
	a->team_id = sqlite3_column_int64(st, 5);
	a->team_rank = sqlite3_column_int64(st, 6);
	a->tier = sqlite3_column_int64(st, 7);
	text_col(st, 8, a->team_name, sizeof a->team_name);
	text_col(st, 9, a->name, sizeof a->name);
	text_col(st, 10, a->union_code, sizeof a->union_code);
	text_col(st, 11, a->union_name, sizeof a->union_name);
	sealed_col(s, st, 12, "awards.recipient", a->id, a->recipient, sizeof a->recipient);
	sealed_col(s, st, 13, "awards.mobile", a->id, a->mobile, sizeof a->mobile);
	text_col(st, 14, a->division, sizeof a->division);
	text_col(st, 15, a->division_name, sizeof a->division_name);
	sealed_col(s, st, 16, "awards.detail", a->id, a->detail, sizeof a->detail);
	a->address_at = sqlite3_column_int64(st, 17);
	text_col(st, 18, a->courier, sizeof a->courier);
	text_col(st, 19, a->tracking, sizeof a->tracking);
	a->shipped_at = sqlite3_column_int64(st, 20);
	a->created_at = sqlite3_column_int64(st, 21);
	a->state = a->shipped_at ? AWARD_SHIPPED : a->address_at ? AWARD_ADDRESS_GIVEN : AWARD_ADDRESS_NEEDED;
}

int store_awards_each(struct db *db, struct sealer *s, const struct award_filter *f,
                      bool (*fn)(const struct award_row *a, void *arg), void *arg)
{
	sqlite3_stmt *st;
	int rc = db_prepare(db, &st, AWARD_COLUMNS " WHERE a.activity_id = ?1 AND (?2 IS NULL OR e.union_code = ?2)"
	                    " AND (?3 = 0 OR a.user_id = ?3) AND (?4 = 0"
	                    " OR (?4 = 1 AND a.address_at IS NULL)"
	                    " OR (?4 = 2 AND a.address_at IS NOT NULL AND a.shipped_at IS NULL)"
	                    " OR (?4 = 3 AND a.shipped_at IS NOT NULL)) ORDER BY a.id",
	                    "itin", f->activity_id, f->union_code, f->user_id, (int)f->state);
	bool more = true;
	while ((rc == SQLITE_OK || rc == SQLITE_ROW) && more && (rc = db_step(db, st)) == SQLITE_ROW) {
		struct award_row a;
		read_row(s, st, &a);
		more = fn(&a, arg);
	}
	return st ? db_finish(st, rc) : rc;
}

int store_award_get(struct db *db, struct sealer *s, int64_t activity_id, int64_t user_id, int64_t award_id,
                    struct award_row *out)
{
	sqlite3_stmt *st;
	int rc = db_row(db, &st, AWARD_COLUMNS " WHERE a.activity_id = ?1 AND a.id = ?2 AND (?3 = 0 OR a.user_id = ?3)",
	                "iii", activity_id, award_id, user_id);
	if (rc != SQLITE_ROW)
		return rc;
	read_row(s, st, out);
	sqlite3_reset(st);
	return SQLITE_OK;
}

/* The address of award_id sealed by s into out. */
struct sealed_address {
	char recipient[PII_SEALED_SIZE], mobile[PII_SEALED_SIZE], detail[PII_SEALED_SIZE];
};

static int seal_address(struct sealer *s, int64_t award_id, const struct award_address *addr,
                        struct sealed_address *out)
{
	char place[64];
	pii_place(place, sizeof place, "awards.recipient", award_id, -1);
	int bad = pii_seal(s, place, addr->recipient, out->recipient);
	pii_place(place, sizeof place, "awards.mobile", award_id, -1);
	bad |= pii_seal(s, place, addr->mobile, out->mobile);
	pii_place(place, sizeof place, "awards.detail", award_id, -1);
	bad |= pii_seal(s, place, addr->detail, out->detail);
	return bad ? SQLITE_TOOBIG : SQLITE_OK;
}

int store_award_give_address(struct db *db, struct sealer *s, int64_t award_id, const struct award_address *addr,
                             int64_t now)
{
	struct sealed_address x;
	int rc = seal_address(s, award_id, addr, &x);
	if (rc == SQLITE_OK)
		rc = db_execf(db, "UPDATE awards SET recipient = ?2, mobile = ?3, division = ?4, detail = ?5,"
		                  " address_at = ?6 WHERE id = ?1 AND address_at IS NULL",
		              "itttti", award_id, x.recipient, x.mobile, addr->division, x.detail, now);
	if (rc == SQLITE_OK && sqlite3_changes(db_handle(db)) == 0)
		return DB_NOTFOUND;
	return rc;
}

int store_award_correct_address(struct db *db, struct sealer *s, int64_t award_id, const struct award_address *addr)
{
	struct sealed_address x;
	int rc = seal_address(s, award_id, addr, &x);
	if (rc == SQLITE_OK)
		rc = db_execf(db, "UPDATE awards SET recipient = ?2, mobile = ?3, division = ?4, detail = ?5 WHERE id = ?1",
		              "itttt", award_id, x.recipient, x.mobile, addr->division, x.detail);
	return rc;
}

int store_award_ship(struct db *db, int64_t award_id, const char *courier, const char *tracking, int64_t now)
{
	return db_execf(db, "UPDATE awards SET courier = ?2, tracking = ?3, shipped_at = ?4 WHERE id = ?1"
	                    " AND address_at IS NOT NULL",
	                "itti", award_id, courier, tracking, now);
}
