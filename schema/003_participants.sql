-- Participants: WeChat identities, our session tokens, enrollments, daily steps
-- and the points ledger (RULES §2–§4, §11).

-- One WeChat user of the mini-program.  session_key is WeChat's newest key for
-- the user: it decrypts their WeRun data and never leaves the server.
CREATE TABLE users (
  id            INTEGER PRIMARY KEY,
  openid        TEXT NOT NULL UNIQUE,
  unionid       TEXT,
  session_key   TEXT NOT NULL,
  created_at    INTEGER NOT NULL,
  last_login_at INTEGER NOT NULL
);

-- Our bearer tokens: only their SHA-256 is kept, so a copy of the database
-- lets nobody act as a participant.
CREATE TABLE sessions (
  token_hash TEXT PRIMARY KEY,
  user_id    INTEGER NOT NULL REFERENCES users(id),
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX sessions_by_user ON sessions(user_id);

-- 报名: a user's registration in one activity, strings as the user sent them.
CREATE TABLE enrollments (
  activity_id INTEGER NOT NULL REFERENCES activities(id),
  user_id     INTEGER NOT NULL REFERENCES users(id),
  name        TEXT NOT NULL,
  mobile      TEXT NOT NULL,
  region_code TEXT NOT NULL REFERENCES regions(code),
  union_code  TEXT NOT NULL REFERENCES unions(code),
  unit        TEXT NOT NULL,
  department  TEXT NOT NULL,
  created_at  INTEGER NOT NULL,
  updated_at  INTEGER NOT NULL,
  PRIMARY KEY (activity_id, user_id)
) WITHOUT ROWID;
CREATE INDEX enrollments_by_union ON enrollments(activity_id, union_code);

-- Per user and day: the largest raw count seen that day and whether a sync
-- happened inside the settle window (RULES §2).  Counted steps are derived
-- from these by the rules, never stored here.
CREATE TABLE daily_steps (
  activity_id  INTEGER NOT NULL,
  user_id      INTEGER NOT NULL,
  day          TEXT NOT NULL,
  raw_steps    INTEGER NOT NULL CHECK (raw_steps >= 0),
  settled      INTEGER NOT NULL DEFAULT 0 CHECK (settled IN (0, 1)),
  first_sync_at INTEGER NOT NULL,
  last_sync_at INTEGER NOT NULL,
  PRIMARY KEY (activity_id, user_id, day)
) WITHOUT ROWID;

-- The points ledger (RULES §4): one row per award or spend.  The natural key
-- makes every award idempotent; the triggers make the table append-only.
-- (The go-live wipe of the public-test data is the one sanctioned deletion:
-- it opens ledger_wipe for the duration of its transaction.)
CREATE TABLE ledger (
  id          INTEGER PRIMARY KEY,
  activity_id INTEGER NOT NULL REFERENCES activities(id),
  user_id     INTEGER NOT NULL REFERENCES users(id),
  kind        TEXT NOT NULL CHECK (kind IN ('checkin', 'steps', 'personal_target', 'team_target',
                                            'essay', 'leader_full_team', 'redeem', 'adjust')),
  ref         TEXT NOT NULL,
  amount      INTEGER NOT NULL,
  created_at  INTEGER NOT NULL,
  UNIQUE (activity_id, user_id, kind, ref)
);
CREATE TABLE ledger_wipe (open INTEGER NOT NULL);
CREATE TRIGGER ledger_is_append_only BEFORE UPDATE ON ledger
BEGIN
  SELECT RAISE(ABORT, 'the ledger is append-only');
END;
CREATE TRIGGER ledger_rows_stay BEFORE DELETE ON ledger
WHEN NOT EXISTS (SELECT 1 FROM ledger_wipe WHERE open = 1)
BEGIN
  SELECT RAISE(ABORT, 'the ledger is append-only');
END;
