#ifndef WALK_MEDIA_VIEW_H
#define WALK_MEDIA_VIEW_H
/*
 * A checkpoint's poster state in the participant's checkpoints view (API.md
 * "Checkpoints"), added to that checkpoint's item:
 *   "poster": true|false          a poster can be fetched (GET …/poster)
 *   "photo_check": null | "pending" | "pass" | "review" | "risky"
 *                                 where WeChat's image check of the photo stands
 *   "photo_note": "…"             after a risky verdict only: why the photo
 *                                 and its poster were deleted
 */
#include <cjson/cJSON.h>
#include <stdint.h>

struct db;

/* Adds the fields above to item.  Returns SQLITE_OK or the SQLite error
 * (item then unchanged). */
int media_view_add(struct db *db, int64_t activity_id, int64_t user_id, int seq, cJSON *item);

#endif
