-- The nightly settlement (RULES §2, §4–§6, §10): per-day team results, running
-- totals, the boards, and the record of every run.

-- Settling day D scans that day's rows of every user.
CREATE INDEX daily_steps_by_day ON daily_steps(activity_id, day, user_id, raw_steps, settled);

-- One row per team and settled day: who counted, what they walked, whether
-- the team met its target (the members of that day, the targets in force).
CREATE TABLE team_days (
  activity_id INTEGER NOT NULL,
  team_id     INTEGER NOT NULL,
  day         TEXT NOT NULL,
  members     INTEGER NOT NULL,
  team_steps  INTEGER NOT NULL,
  met         INTEGER NOT NULL CHECK (met IN (0, 1)),
  PRIMARY KEY (activity_id, team_id, day)
) WITHOUT ROWID;

-- Running totals per user, as of the last day settled for them.  Their ranks
-- are read from the personal boards (people_board), not stored twice.
CREATE TABLE user_totals (
  activity_id   INTEGER NOT NULL,
  user_id       INTEGER NOT NULL,
  union_code    TEXT NOT NULL,
  cumulative    INTEGER NOT NULL,
  as_of         TEXT NOT NULL,
  PRIMARY KEY (activity_id, user_id)
) WITHOUT ROWID;

-- The personal boards of the last settlement, in board order: scope is
-- 'province' or a union's code, pos the place in that list (1, 2, 3, …), rank
-- the competition rank (equal steps share it).  Written in order, read by
-- ranges: no index to maintain on a million changing totals.
CREATE TABLE people_board (
  activity_id INTEGER NOT NULL,
  scope       TEXT NOT NULL,
  pos         INTEGER NOT NULL,
  user_id     INTEGER NOT NULL,
  rank        INTEGER NOT NULL,
  cumulative  INTEGER NOT NULL,
  PRIMARY KEY (activity_id, scope, pos)
) WITHOUT ROWID;

-- Running totals per team, as of the last day settled for it.
CREATE TABLE team_totals (
  activity_id    INTEGER NOT NULL,
  team_id        INTEGER NOT NULL,
  compliant_days INTEGER NOT NULL,
  team_steps     INTEGER NOT NULL,
  as_of          TEXT NOT NULL,
  PRIMARY KEY (activity_id, team_id)
) WITHOUT ROWID;

-- The team board of a settlement: the latest one, and the final one (settled
-- at board_freeze_at) which never changes afterwards.
CREATE TABLE team_board (
  activity_id    INTEGER NOT NULL,
  as_of          TEXT NOT NULL,
  rank           INTEGER NOT NULL,
  team_id        INTEGER NOT NULL,
  name           TEXT NOT NULL,
  members        INTEGER NOT NULL,
  compliant_days INTEGER NOT NULL,
  team_steps     INTEGER NOT NULL,
  per_capita     INTEGER NOT NULL,
  PRIMARY KEY (activity_id, as_of, rank)
) WITHOUT ROWID;
CREATE INDEX team_board_by_team ON team_board(activity_id, as_of, team_id);

-- Which boards exist: as_of, whether final.
CREATE TABLE boards (
  activity_id INTEGER NOT NULL,
  as_of       TEXT NOT NULL,
  final       INTEGER NOT NULL DEFAULT 0,
  teams       INTEGER NOT NULL,
  people      INTEGER NOT NULL,
  created_at  INTEGER NOT NULL,
  PRIMARY KEY (activity_id, as_of)
);

-- Days settled to the end, and every run (day, start, end, counts, outcome).
CREATE TABLE settled_days (
  activity_id INTEGER NOT NULL,
  day         TEXT NOT NULL,
  run_id      INTEGER NOT NULL,
  PRIMARY KEY (activity_id, day)
);
CREATE TABLE settle_runs (
  id          INTEGER PRIMARY KEY,
  activity_id INTEGER NOT NULL,
  day         TEXT NOT NULL,
  started_at  INTEGER NOT NULL,
  finished_at INTEGER,
  users       INTEGER,
  teams       INTEGER,
  awards      INTEGER,
  outcome     TEXT NOT NULL DEFAULT 'running'   -- running, done, skipped, failed (killed runs stay 'running')
);

-- Go-live (RULES §10): done once per activity.
CREATE TABLE golive (
  activity_id INTEGER PRIMARY KEY,
  done_at     INTEGER NOT NULL,
  wiped_steps INTEGER NOT NULL,
  wiped_ledger INTEGER NOT NULL
);
