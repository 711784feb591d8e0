-- The foundation: server clock, reference data (unions, regions), activities with
-- every rule number of RULES.md, and the checkpoint route.
--
-- Conventions: instants are INTEGER Unix seconds; days are TEXT 'YYYY-MM-DD' in
-- UTC+8; money is INTEGER fen.

-- The dev/test clock offset (RULES §1), one row, read by every process.
CREATE TABLE server_clock (
  id             INTEGER PRIMARY KEY CHECK (id = 1),
  offset_seconds INTEGER NOT NULL DEFAULT 0,
  set_at         INTEGER
);
INSERT INTO server_clock (id, offset_seconds) VALUES (1, 0);

-- The union tree (RULES §11): the province at the root, 23 top-level unions.
CREATE TABLE unions (
  code          TEXT PRIMARY KEY,
  name          TEXT NOT NULL UNIQUE,
  category      TEXT NOT NULL CHECK (category IN ('province', 'city', 'industry', 'direct')),
  parent_code   TEXT REFERENCES unions(code),
  members       INTEGER NOT NULL CHECK (members >= 0),
  share_percent TEXT NOT NULL,
  quota_people  INTEGER NOT NULL CHECK (quota_people >= 0),   -- the minimum to bring
  sort_order    INTEGER NOT NULL
);

-- Regions (地区): the cities and the Yangling district.
CREATE TABLE regions (
  code       TEXT PRIMARY KEY,
  name       TEXT NOT NULL UNIQUE,
  sort_order INTEGER NOT NULL
);

-- One walking event.  Every number RULES.md writes `like_this` is a column here.
CREATE TABLE activities (
  id                     INTEGER PRIMARY KEY,
  name                   TEXT NOT NULL,
  enroll_opens_at        INTEGER NOT NULL,
  test_from              TEXT NOT NULL,
  test_to                TEXT NOT NULL,
  first_day              TEXT NOT NULL,
  last_day               TEXT NOT NULL,
  total_days             INTEGER NOT NULL CHECK (total_days > 0),
  settle_window_start_s  INTEGER NOT NULL DEFAULT 72000,  -- 20:00 as seconds of the day
  settle_window_end_s    INTEGER NOT NULL DEFAULT 86400,  -- 24:00, exclusive
  daily_cap              INTEGER NOT NULL DEFAULT 10000,
  steps_per_point        INTEGER NOT NULL DEFAULT 2000,
  max_step_points        INTEGER NOT NULL DEFAULT 5,
  checkin_points         INTEGER NOT NULL DEFAULT 1,
  personal_target_points INTEGER NOT NULL DEFAULT 1,
  team_target_points     INTEGER NOT NULL DEFAULT 2,
  essay_points           INTEGER NOT NULL DEFAULT 2,
  leader_bonus_points    INTEGER NOT NULL DEFAULT 20,
  points_per_draw        INTEGER NOT NULL DEFAULT 20,
  team_size              INTEGER NOT NULL DEFAULT 6,
  member_target          INTEGER NOT NULL DEFAULT 6000,
  team_target            INTEGER NOT NULL DEFAULT 36000,
  sync_max_skew_s        INTEGER NOT NULL DEFAULT 600,
  quiz_retry_s           INTEGER NOT NULL DEFAULT 3,
  essay_min_chars        INTEGER NOT NULL DEFAULT 20,
  essay_max_chars        INTEGER NOT NULL DEFAULT 2000,
  board_freeze_at        INTEGER NOT NULL,
  redeem_deadline        INTEGER NOT NULL,
  team_prizes_first      INTEGER NOT NULL DEFAULT 3,
  team_prizes_second     INTEGER NOT NULL DEFAULT 10,
  team_prizes_third      INTEGER NOT NULL DEFAULT 20,
  created_at             INTEGER NOT NULL,
  CHECK (first_day <= last_day AND test_from <= test_to)
);

-- The route of virtual checkpoints (RULES §7).
CREATE TABLE checkpoints (
  activity_id      INTEGER NOT NULL REFERENCES activities(id),
  seq              INTEGER NOT NULL CHECK (seq >= 1),
  name             TEXT NOT NULL,
  stage_steps      INTEGER NOT NULL CHECK (stage_steps > 0),
  cumulative_steps INTEGER NOT NULL CHECK (cumulative_steps > 0),
  landmark         TEXT NOT NULL,
  PRIMARY KEY (activity_id, seq)
);
