#ifndef WALK_UNION_REPORT_H
#define WALK_UNION_REPORT_H
/*
 * The per-union figures of RULES §11 as the dashboard (admin_stats.c) and the
 * organisation award (admin_award.c) report them: loaded in the request's
 * snapshot after the days over are cached (store_admin_stats.h), ranked for
 * 优秀组织奖 among all the unions whoever asks.
 */
#include "worker.h"

#include "store_admin_stats.h"

/* One sentence: how the organisation award ranks (RULES §11). */
#define UNION_AWARD_METHOD "按指标完成率（报名人数÷分配指标）从高到低排名，完成率相同的按日均活跃率（已结束的活动日中每天结束计步的人数之和÷报名人数÷天数）从高到低排名，两项都相同的并列。"

struct union_report {
	struct union_figures u[STATS_MAX_UNIONS];
	int n;
	int rank[STATS_MAX_UNIONS];   /* of u[i], 1 = first; equal unions share */
	int32_t settled;              /* the day compliant teams are counted on; INT32_MIN: none */
	int32_t ndays;                /* activity days over */
};

/* The activity days that are over at ctx->now: first_day .. min(yesterday,
 * last_day); *to < *from when none is. */
void union_days_over(const struct activity_ctx *ctx, int32_t *from, int32_t *to);
/* Caches the days over not cached yet (a short write of its own) and reads
 * on from a fresh snapshot.  Returns false after answering. */
bool union_cache_days(struct request *req, struct response *resp, const struct activity_ctx *ctx);
/* union_cache_days(), then every union's figures, badges and award rank into
 * *r.  Returns false after answering. */
bool union_report_load(struct request *req, struct response *resp, const struct activity_ctx *ctx,
                       struct union_report *r);
/* A share in percent with two decimals (floored): num / den, 0 when den is 0. */
double union_percent(int64_t num, int64_t den);
/* {"code","name","quota","enrolled","completion",…,"badges"} of f. */
cJSON *union_figures_json(const struct union_figures *f, int32_t ndays);

/* o[name] = day as "YYYY-MM-DD", or null for INT32_MIN. */
void union_add_day(cJSON *o, const char *name, int32_t day);
/* o[name] = t as ISO 8601 (+08:00). */
void union_add_instant(cJSON *o, const char *name, int64_t t);
/* {"id","name","state","first_day","last_day"} of ctx's activity. */
cJSON *union_activity_json(const struct activity_ctx *ctx);

#endif
