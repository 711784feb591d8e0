/* The poster state of a checkpoint item (photo_view.h). */
#include "media_view.h"

#include "db.h"
#include "store_media.h"

#include <string.h>

/* What the participant reads after a risky verdict. */
#define RISKY_NOTE "照片未通过微信内容安全检测，照片和海报已删除，请换一张照片重新上传"

int media_view_add(struct db *db, int64_t activity_id, int64_t user_id, int seq, cJSON *item)
{
	struct store_photo p;
	int rc = store_photo_get(db, activity_id, user_id, seq, &p);
	if (rc != SQLITE_OK && rc != DB_NOTFOUND)
		return rc;
	bool found = rc == SQLITE_OK;
	cJSON_AddBoolToObject(item, "poster", found && p.file_id[0] != '\0');
	if (!found) {
		cJSON_AddNullToObject(item, "photo_check");
		return SQLITE_OK;
	}
	/* queued and sent are one state to the participant: the verdict is awaited. */
	bool waiting = strcmp(p.check, "queued") == 0 || strcmp(p.check, "sent") == 0;
	cJSON_AddStringToObject(item, "photo_check", waiting ? "pending" : p.check);
	if (strcmp(p.check, "risky") == 0)
		cJSON_AddStringToObject(item, "photo_note", RISKY_NOTE);
	return SQLITE_OK;
}
