-- Grand prizes, their verifiable draw, team prizes and shipping (RULES §6, §9).

-- The prizes an admin defines for the draw, in the order they are drawn.
CREATE TABLE grand_prizes (
  id          INTEGER PRIMARY KEY,   -- the draw's order: lowest first
  activity_id INTEGER NOT NULL REFERENCES activities(id),
  name        TEXT NOT NULL,
  quantity    INTEGER NOT NULL CHECK (quantity BETWEEN 1 AND 100000),
  created_at  INTEGER NOT NULL,
  UNIQUE (activity_id, name)
);

-- One draw per activity: committed (seed drawn, its SHA-256 and the frozen
-- entry list's SHA-256 published), drawn, revealed.  The seed stays secret
-- (never answered) until revealed_at.
CREATE TABLE prize_draws (
  activity_id    INTEGER PRIMARY KEY REFERENCES activities(id),
  seed           BLOB NOT NULL CHECK (length(seed) = 32),
  commitment     TEXT NOT NULL,
  entries_sha256 TEXT NOT NULL,
  entries        INTEGER NOT NULL,
  committed_at   INTEGER NOT NULL,
  drawn_at       INTEGER,
  revealed_at    INTEGER,
  CHECK (revealed_at IS NULL OR drawn_at IS NOT NULL)
);

-- The frozen entry list: one entry per badge, numbered from 1 in the
-- published order (README "The grand-prize draw").
CREATE TABLE prize_entries (
  activity_id INTEGER NOT NULL REFERENCES activities(id),
  entry_no    INTEGER NOT NULL CHECK (entry_no >= 1),
  user_id     INTEGER NOT NULL REFERENCES users(id),
  badge       TEXT NOT NULL,
  PRIMARY KEY (activity_id, entry_no)
) WITHOUT ROWID;

-- What a participant won: a grand prize (at most one) or a team prize (at
-- most one), with its shipping: the address once given (address_at), and
-- the courier and tracking number once shipped.
CREATE TABLE awards (
  id             INTEGER PRIMARY KEY,
  activity_id    INTEGER NOT NULL REFERENCES activities(id),
  user_id        INTEGER NOT NULL REFERENCES users(id),
  kind           TEXT NOT NULL CHECK (kind IN ('grand', 'team')),
  grand_prize_id INTEGER REFERENCES grand_prizes(id),
  entry_no       INTEGER,
  team_id        INTEGER REFERENCES teams(id),
  team_rank      INTEGER,
  tier           INTEGER CHECK (tier IN (1, 2, 3)),
  created_at     INTEGER NOT NULL,
  recipient      TEXT,
  mobile         TEXT,
  division       TEXT,
  detail         TEXT,
  address_at     INTEGER,
  courier        TEXT,
  tracking       TEXT,
  shipped_at     INTEGER,
  UNIQUE (activity_id, user_id, kind),
  CHECK ((kind = 'grand') = (grand_prize_id IS NOT NULL AND entry_no IS NOT NULL)),
  CHECK ((kind = 'team') = (team_id IS NOT NULL AND team_rank IS NOT NULL AND tier IS NOT NULL)),
  CHECK (shipped_at IS NULL OR address_at IS NOT NULL)
);
CREATE INDEX awards_by_activity ON awards(activity_id, kind);
