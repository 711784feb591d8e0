-- Themed walks (主题健步走): walks a union (or the province) runs on the
-- platform over some of the activity's days, with a goal of their own, from
-- the counted steps the nightly settlement already has (RULES §2).  No
-- points: a walk writes nothing to the ledger.

-- One walk.  union_code NULL: the whole province (a province admin's).
-- goal_kind 'total': goal_steps counted steps over its days; 'days':
-- goal_days days at or above goal_steps counted steps.  frozen_at: set by
-- the nightly pass that folded in its last day; nothing changes it after.
CREATE TABLE walks (
  id            INTEGER PRIMARY KEY,
  activity_id   INTEGER NOT NULL REFERENCES activities(id),
  union_code    TEXT REFERENCES unions(code),
  name          TEXT NOT NULL,
  description   TEXT NOT NULL,
  first_day     TEXT NOT NULL,
  last_day      TEXT NOT NULL CHECK (last_day >= first_day),
  goal_kind     TEXT NOT NULL CHECK (goal_kind IN ('total', 'days')),
  goal_steps    INTEGER NOT NULL CHECK (goal_steps >= 1),
  goal_days     INTEGER CHECK ((goal_kind = 'days') = (goal_days IS NOT NULL AND goal_days >= 1)),
  created_by    INTEGER NOT NULL,
  created_at    INTEGER NOT NULL,
  updated_at    INTEGER NOT NULL,
  cancelled_at  INTEGER,
  cancel_reason TEXT,
  frozen_at     INTEGER,
  CHECK ((cancelled_at IS NULL) = (cancel_reason IS NULL))
);
CREATE INDEX walks_by_activity ON walks(activity_id, union_code);

-- The work units a walk is open to (enrollments.unit, as typed); none: the
-- whole union.
CREATE TABLE walk_units (
  walk_id INTEGER NOT NULL REFERENCES walks(id),
  unit    TEXT NOT NULL,
  PRIMARY KEY (walk_id, unit)
) WITHOUT ROWID;

-- Who joined, from which day they count (the walk's first day, or the day
-- they joined when later), and their progress as of the last day folded in
-- (as_of): counted steps, days with any counted steps, days at or above the
-- goal's daily count, and the day the goal was reached (once).
CREATE TABLE walk_joins (
  walk_id      INTEGER NOT NULL REFERENCES walks(id),
  user_id      INTEGER NOT NULL REFERENCES users(id),
  joined_at    INTEGER NOT NULL,
  from_day     TEXT NOT NULL,
  steps        INTEGER NOT NULL DEFAULT 0,
  active_days  INTEGER NOT NULL DEFAULT 0,
  good_days    INTEGER NOT NULL DEFAULT 0,
  as_of        TEXT,
  finished_day TEXT,
  PRIMARY KEY (walk_id, user_id)
) WITHOUT ROWID;
CREATE INDEX walk_joins_by_user ON walk_joins(user_id, walk_id);
-- The board: a walk's participants by counted steps.
CREATE INDEX walk_joins_board ON walk_joins(walk_id, steps DESC, user_id);
