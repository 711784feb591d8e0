-- A checkpoint's photo and its poster (RULES §7, API.md "Checkpoints"): one row
-- per participant and passed checkpoint.  The images are files under media_dir
-- (lib/media/media_files.h), never rows: file_id names both files, and is NULL
-- once a risky verdict has deleted them.  A new upload replaces the row's
-- file_id, so that its check starts again.
--
-- The row is also the image check's queue (WECHAT.md §4): check is
--   queued   waiting for `walkctl media check`, which sends the oldest first
--   sent     media_check_async accepted it; trace_id awaits the push event
--   pass | review | risky   WeChat's verdict (risky: files deleted, reason set)
-- fetch_token is the unguessable part of the URL WeChat fetches the photo
-- from, valid until fetch_expires_at.
CREATE TABLE checkpoint_photos (
  activity_id      INTEGER NOT NULL REFERENCES activities(id),
  user_id          INTEGER NOT NULL REFERENCES users(id),
  seq              INTEGER NOT NULL CHECK (seq >= 1),
  file_id          TEXT,
  uploaded_at      INTEGER NOT NULL,
  check_state      TEXT NOT NULL DEFAULT 'queued'
                   CHECK (check_state IN ('queued', 'sent', 'pass', 'review', 'risky')),
  attempts         INTEGER NOT NULL DEFAULT 0,
  fetch_token      TEXT,
  fetch_expires_at INTEGER,
  trace_id         TEXT,
  sent_at          INTEGER,
  label            INTEGER,
  checked_at       INTEGER,
  PRIMARY KEY (activity_id, user_id, seq)
) WITHOUT ROWID;

CREATE INDEX checkpoint_photos_queue ON checkpoint_photos (check_state, uploaded_at);
CREATE UNIQUE INDEX checkpoint_photos_trace ON checkpoint_photos (trace_id) WHERE trace_id IS NOT NULL;
CREATE UNIQUE INDEX checkpoint_photos_fetch ON checkpoint_photos (fetch_token) WHERE fetch_token IS NOT NULL;

-- Every media_check_async call made, for WeChat's limits (2,000 a minute,
-- 200,000 a day): counted over the last 60 s and the last 24 h, rows older
-- than a day removed by the sender.
CREATE TABLE media_check_sends (
  id      INTEGER PRIMARY KEY,
  sent_at INTEGER NOT NULL
);
CREATE INDEX media_check_sends_at ON media_check_sends (sent_at);

-- Files whose rows are gone (go-live's wipe, lib/settle/settle_golive.c),
-- removed from media_dir after that transaction committed, by
-- `walkctl media check` (cron, every minute), which deletes each row once its
-- files are gone.
CREATE TABLE media_trash (
  file_id    TEXT PRIMARY KEY,
  trashed_at INTEGER NOT NULL
) WITHOUT ROWID;
