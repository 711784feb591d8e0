/*
 * Grand prizes, awards and shipping addresses (API.md "Badges, prizes and
 * shipping", RULES §9):
 *   GET …/prizes                 the prizes, the draw's commitment, the entry
 *                                list's SHA-256; after the reveal the seed and
 *                                the winners (masked names)        public
 *   GET …/prizes/entries         the frozen entry list (masked)    public
 *   GET …/prizes/entries.txt     its canonical text, what entries_sha256 hashes
 *   GET …/me/awards              what the caller won, with its shipping
 *   PUT …/me/awards/{id}/address the address, once (409 address_locked)
 */
#include "award_view.h"

#include "calendar.h"
#include "log.h"
#include "store_prizes.h"

#include <string.h>

/* The first character of a name and one "*" for each other ("张**"). */
static const char *mask_name(struct request *req, const char *name)
{
	size_t first = 1, chars = 0;
	while (name[first] && ((unsigned char)name[first] & 0xC0) == 0x80)
		first++;
	for (const char *p = name + first; *p; p++)
		chars += ((unsigned char)*p & 0xC0) != 0x80;
	if (!*name)
		return "";
	char *out = arena_alloc(req->arena, first + chars + 1);
	memcpy(out, name, first);
	memset(out + first, '*', chars);
	out[first + chars] = '\0';
	return out;
}

static void add_prize(const struct grand_prize *p, void *arg)
{
	cJSON *o = cJSON_CreateObject();
	cJSON_AddNumberToObject(o, "id", (double)p->id);
	cJSON_AddStringToObject(o, "name", p->name);
	cJSON_AddNumberToObject(o, "quantity", (double)p->quantity);
	cJSON_AddNumberToObject(o, "won", (double)p->won);
	cJSON_AddItemToArray(arg, o);
}

struct winners {
	struct request *req;
	cJSON *list;
};

static bool add_winner(const struct award_row *a, void *arg)
{
	struct winners *w = arg;
	if (!a->grand)
		return true;
	cJSON *o = cJSON_CreateObject();
	cJSON_AddStringToObject(o, "prize", a->prize);
	cJSON_AddNumberToObject(o, "entry_no", (double)a->entry_no);
	cJSON_AddNumberToObject(o, "person", (double)a->user_id);
	cJSON_AddStringToObject(o, "name", mask_name(w->req, a->name));
	cJSON_AddStringToObject(o, "union", a->union_name);
	cJSON_AddItemToArray(w->list, o);
	return true;
}

int prizes_draw_json(struct request *req, int64_t activity_id, cJSON *o)
{
	struct db *db = worker_of(req)->db;
	struct prize_draw d;
	int rc = store_prize_draw_get(db, activity_id, &d);
	if (rc == DB_NOTFOUND) {
		cJSON_AddNullToObject(o, "draw");
		return SQLITE_OK;
	}
	if (rc != SQLITE_OK)
		return rc;
	cJSON *draw = cJSON_AddObjectToObject(o, "draw");
	char at[CAL_INSTANT_BUF];
	cal_format_instant(d.committed_at, at, sizeof at);
	cJSON_AddStringToObject(draw, "commitment", d.commitment);
	cJSON_AddStringToObject(draw, "entries_sha256", d.entries_sha256);
	cJSON_AddNumberToObject(draw, "entries", (double)d.entries);
	cJSON_AddStringToObject(draw, "committed_at", at);
	cJSON_AddStringToObject(draw, "state", d.revealed_at ? "revealed" : d.drawn_at ? "drawn" : "committed");
	if (!d.revealed_at) {
		cJSON_AddNullToObject(draw, "seed");
		cJSON_AddNullToObject(draw, "winners");
		return SQLITE_OK;
	}
	char seed[2 * PRIZE_SEED_SIZE + 1];
	crypto_hex(d.seed, PRIZE_SEED_SIZE, seed);
	cJSON_AddStringToObject(draw, "seed", seed);
	struct winners w = { req, cJSON_AddArrayToObject(draw, "winners") };
	struct award_filter f = { .activity_id = activity_id };
	return store_awards_each(db, &worker_of(req)->sealer, &f, add_winner, &w);
}

void api_prizes(struct request *req, struct response *resp)
{
	struct activity_ctx ctx;
	if (!worker_activity(req, resp, &ctx, false))
		return;
	cJSON *o = cJSON_CreateObject();
	int rc = store_prizes_each(worker_of(req)->db, ctx.activity->id, add_prize, cJSON_AddArrayToObject(o, "prizes"));
	if (rc == SQLITE_OK)
		rc = prizes_draw_json(req, ctx.activity->id, o);
	if (rc != SQLITE_OK) {
		cJSON_Delete(o);
		worker_db_error(req, resp, rc);
		return;
	}
	resp_json(resp, 200, o);
}

struct entries {
	struct request *req;
	cJSON *list;
};

static void add_entry(const struct prize_entry *e, void *arg)
{
	struct entries *x = arg;
	cJSON *o = cJSON_CreateObject();
	cJSON_AddNumberToObject(o, "entry_no", (double)e->entry_no);
	cJSON_AddNumberToObject(o, "person", (double)e->user_id);
	cJSON_AddStringToObject(o, "badge", e->badge);
	cJSON_AddStringToObject(o, "name", mask_name(x->req, e->name));
	cJSON_AddStringToObject(o, "union", e->union_code);
	cJSON_AddItemToArray(x->list, o);
}

void api_prize_entries(struct request *req, struct response *resp)
{
	struct activity_ctx ctx;
	if (!worker_activity(req, resp, &ctx, false))
		return;
	struct entries x = { req, cJSON_CreateArray() };
	int rc = store_prize_entries_each(worker_of(req)->db, ctx.activity->id, add_entry, &x);
	if (rc != SQLITE_OK) {
		cJSON_Delete(x.list);
		worker_db_error(req, resp, rc);
		return;
	}
	cJSON *o = cJSON_CreateObject();
	cJSON_AddItemToObject(o, "items", x.list);
	resp_json(resp, 200, o);
}

/* The canonical text, byte for byte what entries_sha256 hashes (store_prizes.h). */
void api_prize_entries_text(struct request *req, struct response *resp)
{
	struct activity_ctx ctx;
	if (!worker_activity(req, resp, &ctx, false))
		return;
	struct buf text = { 0 };
	int rc = store_prize_entries_text(worker_of(req)->db, ctx.activity->id, &text);
	if (rc != SQLITE_OK) {
		buf_free(&text);
		worker_db_error(req, resp, rc);
		return;
	}
	if (!resp_stream_begin(req, resp, 200, "text/plain; charset=utf-8") ||
	    (text.len && !resp_stream_write(req, text.data, text.len)))
		log_warn("entry list cut short: the client went away");
	buf_free(&text);
}

struct mine {
	int32_t today;
	cJSON *list;
};

static bool add_mine(const struct award_row *a, void *arg)
{
	struct mine *m = arg;
	cJSON_AddItemToArray(m->list, award_json(a, m->today, false));
	return true;
}

void api_me_awards(struct request *req, struct response *resp)
{
	struct activity_ctx ctx;
	if (!worker_activity(req, resp, &ctx, true))
		return;
	struct mine m = { ctx.today, cJSON_CreateArray() };
	struct award_filter f = { .activity_id = ctx.activity->id, .user_id = req->user_id };
	int rc = store_awards_each(worker_of(req)->db, &worker_of(req)->sealer, &f, add_mine, &m);
	if (rc != SQLITE_OK) {
		cJSON_Delete(m.list);
		worker_db_error(req, resp, rc);
		return;
	}
	cJSON *o = cJSON_CreateObject();
	cJSON_AddItemToObject(o, "items", m.list);
	resp_json(resp, 200, o);
}

void api_me_award_address(struct request *req, struct response *resp)
{
	struct activity_ctx ctx;
	int64_t id;
	struct award_address addr;
	if (!worker_activity(req, resp, &ctx, true) || !req_param_id(req, resp, "id", &id) ||
	    !award_read_address(req, resp, &addr))
		return;
	struct db *db = worker_of(req)->db;
	struct award_row a;
	int rc = store_award_get(db, &worker_of(req)->sealer, ctx.activity->id, req->user_id, id, &a);
	if (!worker_found(req, resp, rc, 404, "not_found", "没有这个奖项"))
		return;
	rc = store_award_give_address(db, &worker_of(req)->sealer, id, &addr, ctx.now);
	if (rc == DB_NOTFOUND) {
		resp_error(resp, 409, "address_locked", "收货地址已提交，不能修改；如需更正请联系工会", NULL);
		return;
	}
	if (rc == SQLITE_OK)
		rc = store_award_get(db, &worker_of(req)->sealer, ctx.activity->id, req->user_id, id, &a);
	if (rc != SQLITE_OK) {
		worker_db_error(req, resp, rc);
		return;
	}
	resp_json(resp, 201, award_json(&a, ctx.today, false));
}
