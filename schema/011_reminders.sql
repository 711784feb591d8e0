-- Reminders (RULES §13, WECHAT.md §5): the one-time subscriptions a
-- participant granted, every reminder message we tried to send, and every
-- run of `walkctl remind`.

-- When an activity's reminders go out, as seconds of the day (UTC+8):
-- 21:30 by default, inside the settle window.
ALTER TABLE activities ADD COLUMN remind_at_s INTEGER NOT NULL DEFAULT 77400
  CHECK (remind_at_s >= 0 AND remind_at_s < 86400);

-- Grants not used yet: each "allow" in wx.requestSubscribeMessage permits one
-- message.  WeChat keeps the real count and tells us only when it is zero
-- (43101); this is our own count, bounded by the reminders that can still be
-- sent (rules_remind_grant_cap).  The last message sent is kept here, in the
-- row its grant came from, so that showing it needs no index on the sends.
CREATE TABLE reminder_grants (
  activity_id   INTEGER NOT NULL REFERENCES activities(id),
  user_id       INTEGER NOT NULL REFERENCES users(id),
  grants        INTEGER NOT NULL CHECK (grants >= 0),
  last_sent_day TEXT,
  last_sent_at  INTEGER,
  updated_at    INTEGER NOT NULL,
  PRIMARY KEY (activity_id, user_id)
) WITHOUT ROWID;

-- At most one message per participant and day: the row is written, state
-- 'sending', before WeChat is called, so that no later run sends that day
-- again.  States:
--   sending   claimed; the call to WeChat is under way (or its run died)
--   sent      WeChat accepted it; the grant was used in the same transaction
--   unknown   a run died during the call: maybe sent, never sent again
--   retry     WeChat was busy, failed or did not answer: a later run of the
--             same evening tries again (attempts counts the tries)
--   no_grant  43101: WeChat says the person has no grant left (ours dropped)
--   rejected  WeChat refused the message for good (47003 bad template data,
--             an unknown openid …): not tried again
CREATE TABLE reminder_sends (
  activity_id INTEGER NOT NULL,
  user_id     INTEGER NOT NULL,
  day         TEXT NOT NULL,
  state       TEXT NOT NULL CHECK (state IN ('sending', 'sent', 'unknown', 'retry', 'no_grant', 'rejected')),
  attempts    INTEGER NOT NULL DEFAULT 1,
  errcode     INTEGER,
  created_at  INTEGER NOT NULL,
  updated_at  INTEGER NOT NULL,
  PRIMARY KEY (activity_id, day, user_id)
) WITHOUT ROWID;
-- Keyed by day first: a run finds the rows a dead run left in 'sending' among
-- the day's rows, and no other index has to follow each row's state.

-- Every run: its day, the fingerprint of the message data it sent (so that a
-- template WeChat rejected is not tried again the same evening), its counts
-- and how it ended (running: still going, or killed).
CREATE TABLE reminder_runs (
  id              INTEGER PRIMARY KEY,
  activity_id     INTEGER NOT NULL,
  day             TEXT NOT NULL,
  template_sha256 TEXT NOT NULL,
  started_at      INTEGER NOT NULL,
  finished_at     INTEGER,
  sent            INTEGER NOT NULL DEFAULT 0,
  retry_later     INTEGER NOT NULL DEFAULT 0,
  no_grant        INTEGER NOT NULL DEFAULT 0,
  rejected        INTEGER NOT NULL DEFAULT 0,
  unknown         INTEGER NOT NULL DEFAULT 0,
  outcome         TEXT NOT NULL DEFAULT 'running'
                  CHECK (outcome IN ('running', 'done', 'stopped', 'template_rejected', 'failed'))
);
CREATE INDEX reminder_runs_by_day ON reminder_runs(activity_id, day);
