-- Teams (RULES §5): teams, their members over time, targets, invites,
-- announcements; and the WeChat access_token shared by all workers.

CREATE TABLE teams (
  id           INTEGER PRIMARY KEY,
  activity_id  INTEGER NOT NULL REFERENCES activities(id),
  name         TEXT NOT NULL,
  leader_id    INTEGER NOT NULL REFERENCES users(id),
  name_flagged INTEGER NOT NULL DEFAULT 0,   -- WeChat's text check said "review": for admins to look at
  created_at   INTEGER NOT NULL,
  UNIQUE (activity_id, name)
);

-- Membership spans: a row per stay in a team; left_at NULL while it lasts.
-- At most one open span per user and activity (one team at a time).  The
-- settlement reads who was in a team on a given day from here.
CREATE TABLE team_members (
  id          INTEGER PRIMARY KEY,
  activity_id INTEGER NOT NULL REFERENCES activities(id),
  team_id     INTEGER NOT NULL REFERENCES teams(id),
  user_id     INTEGER NOT NULL REFERENCES users(id),
  joined_at   INTEGER NOT NULL,
  left_at     INTEGER
);
CREATE UNIQUE INDEX team_members_one_team ON team_members(activity_id, user_id) WHERE left_at IS NULL;
CREATE INDEX team_members_by_team ON team_members(team_id, left_at);

-- Target changes, each effective from the day after it was made (RULES §5).
CREATE TABLE team_targets (
  id             INTEGER PRIMARY KEY,   -- the order changes were made in
  team_id        INTEGER NOT NULL REFERENCES teams(id),
  effective_from TEXT NOT NULL,
  member_target  INTEGER NOT NULL,
  team_target    INTEGER NOT NULL,
  set_by         INTEGER NOT NULL REFERENCES users(id),
  set_at         INTEGER NOT NULL
);
CREATE INDEX team_targets_by_team ON team_targets(team_id, id);

-- Invites: only the hash of the token is kept.
CREATE TABLE team_invites (
  token_hash TEXT PRIMARY KEY,
  team_id    INTEGER NOT NULL REFERENCES teams(id),
  created_by INTEGER NOT NULL REFERENCES users(id),
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL
) WITHOUT ROWID;

CREATE TABLE team_announcements (
  id         INTEGER PRIMARY KEY,
  team_id    INTEGER NOT NULL REFERENCES teams(id),
  author_id  INTEGER NOT NULL REFERENCES users(id),
  body       TEXT NOT NULL,
  flagged    INTEGER NOT NULL DEFAULT 0,     -- text check said "review"
  created_at INTEGER NOT NULL
);
CREATE INDEX team_announcements_by_team ON team_announcements(team_id, id);

-- WeChat's access_token (WECHAT.md §3): one for all workers.  refreshing_until
-- is a lease, so that one process at a time asks WeChat for a new one.
CREATE TABLE wx_access_token (
  id               INTEGER PRIMARY KEY CHECK (id = 1),
  token            TEXT,
  expires_at       INTEGER NOT NULL DEFAULT 0,
  refreshing_until INTEGER NOT NULL DEFAULT 0
);
INSERT INTO wx_access_token (id) VALUES (1);
