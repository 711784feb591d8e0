-- Passing a checkpoint (RULES §7): one row per participant and checkpoint,
-- written once, in route order (the handler checks the order; the key makes a
-- second pass impossible).  What follows a pass (the poster's photo, the
-- essay) refers to this row.
CREATE TABLE checkpoint_passes (
  activity_id INTEGER NOT NULL REFERENCES activities(id),
  user_id     INTEGER NOT NULL REFERENCES users(id),
  seq         INTEGER NOT NULL CHECK (seq >= 1),
  passed_at   INTEGER NOT NULL,
  PRIMARY KEY (activity_id, user_id, seq)
) WITHOUT ROWID;
