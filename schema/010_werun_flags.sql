-- Refused WeRun payloads per participant and activity (RULES §14 fair play,
-- WECHAT.md §2).  Each sync refused as undecryptable (forged payloads land
-- here), of another app, stale or with a bad iv counts one, written in its own
-- short transaction even though the request fails.  The counts of the current
-- window (it starts at its first refusal and lasts store_werun_flags.h's
-- WERUN_REFUSAL_WINDOW_S) slow the participant down; flagged_at is set once
-- the refusals reach that header's thresholds, for an admin to look at.  A
-- flag never changes points by itself.
CREATE TABLE werun_flags (
  activity_id     INTEGER NOT NULL REFERENCES activities(id),
  user_id         INTEGER NOT NULL REFERENCES users(id),
  refusals        INTEGER NOT NULL,          -- every refusal in the activity
  first_at        INTEGER NOT NULL,
  last_at         INTEGER NOT NULL,
  last_reason     TEXT NOT NULL,             -- e.g. 'werun_undecryptable: duplicate key'
  window_start    INTEGER NOT NULL,
  window_refusals INTEGER NOT NULL,
  flagged_at      INTEGER,                   -- NULL until a threshold is reached
  PRIMARY KEY (activity_id, user_id)
) WITHOUT ROWID;
-- What the admins read: an activity's flagged participants, newest first.
CREATE INDEX werun_flags_flagged ON werun_flags(activity_id, flagged_at) WHERE flagged_at IS NOT NULL;
