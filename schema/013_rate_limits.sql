-- Per-participant limits on the requests that make the server call WeChat on
-- a participant's behalf (WECHAT.md §4: every text check holds a worker for
-- as long as WeChat takes to answer, and draws on the app's daily quota).
-- One row per user and action ('team_create', 'announcement_post'); the
-- limits themselves are named in lib/store/store_rate_limits.h.  A window
-- opens at the first counted request when none is open and lasts that
-- action's length; `used` counts the requests let through in it.  Each count
-- is written in its own short transaction before WeChat is called, so that
-- it holds however the request ends.
CREATE TABLE rate_limits (
  user_id      INTEGER NOT NULL REFERENCES users(id),
  action       TEXT NOT NULL,
  window_start INTEGER NOT NULL,
  used         INTEGER NOT NULL,
  PRIMARY KEY (user_id, action)
) WITHOUT ROWID;
