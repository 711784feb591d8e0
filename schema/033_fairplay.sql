-- Fair play (RULES §14): the flags the nightly pass raises for an admin to
-- look at, the mobiles each enrollment has held, and disqualifications.
-- A flag never changes points by itself.

-- One flag: a participant, a pattern (kind) and its evidence as JSON (the
-- days and the numbers).  first_day..last_day is the stretch of days the
-- evidence covers (NULL for the patterns that are counts, not days); amount
-- is the size of the evidence (days, refusals, mobiles and accounts).  They
-- make the pass idempotent: a person has at most one open flag of a kind, and
-- after a clear a new one is raised only for evidence beyond the cleared
-- one's (days after its last day, or a larger count), so a rerun, or the next
-- night's look at the same days, raises nothing twice.
CREATE TABLE fairplay_flags (
  id           INTEGER PRIMARY KEY,
  activity_id  INTEGER NOT NULL REFERENCES activities(id),
  user_id      INTEGER NOT NULL REFERENCES users(id),
  kind         TEXT NOT NULL CHECK (kind IN ('cap_often', 'same_counts', 'team_same_counts',
                                             'bad_payloads', 'multi_mobile')),
  evidence     TEXT NOT NULL CHECK (json_valid(evidence)),
  first_day    TEXT,
  last_day     TEXT,
  amount       INTEGER NOT NULL,
  raised_at    INTEGER NOT NULL,
  state        TEXT NOT NULL DEFAULT 'open' CHECK (state IN ('open', 'cleared')),
  cleared_at   INTEGER,
  cleared_by   INTEGER REFERENCES admins(id),
  clear_reason TEXT,
  CHECK ((state = 'open') = (cleared_at IS NULL))
);
CREATE UNIQUE INDEX fairplay_flags_one_open ON fairplay_flags(activity_id, user_id, kind) WHERE state = 'open';
CREATE INDEX fairplay_flags_by_user ON fairplay_flags(activity_id, user_id, kind);
CREATE INDEX fairplay_flags_newest ON fairplay_flags(activity_id, state, id);

-- Every mobile an enrollment has held (an enrollment keeps only its latest):
-- one WeChat account enrolling with several mobiles, or one mobile on several
-- accounts, is a pattern of the pass.  Kept by the triggers below (not INSERT OR IGNORE: an
-- upsert's conflict policy would override theirs).
CREATE TABLE enrollment_mobiles (
  activity_id INTEGER NOT NULL,
  user_id     INTEGER NOT NULL,
  mobile      TEXT NOT NULL,
  first_at    INTEGER NOT NULL,
  PRIMARY KEY (activity_id, user_id, mobile)
) WITHOUT ROWID;
CREATE INDEX enrollment_mobiles_by_mobile ON enrollment_mobiles(activity_id, mobile, user_id);
INSERT INTO enrollment_mobiles (activity_id, user_id, mobile, first_at)
  SELECT activity_id, user_id, mobile, created_at FROM enrollments;
CREATE TRIGGER enrollment_mobile_added AFTER INSERT ON enrollments
BEGIN
  INSERT INTO enrollment_mobiles (activity_id, user_id, mobile, first_at)
  SELECT NEW.activity_id, NEW.user_id, NEW.mobile, NEW.updated_at
  WHERE NOT EXISTS (SELECT 1 FROM enrollment_mobiles WHERE activity_id = NEW.activity_id
                    AND user_id = NEW.user_id AND mobile = NEW.mobile);
END;
CREATE TRIGGER enrollment_mobile_changed AFTER UPDATE OF mobile ON enrollments
BEGIN
  INSERT INTO enrollment_mobiles (activity_id, user_id, mobile, first_at)
  SELECT NEW.activity_id, NEW.user_id, NEW.mobile, NEW.updated_at
  WHERE NOT EXISTS (SELECT 1 FROM enrollment_mobiles WHERE activity_id = NEW.activity_id
                    AND user_id = NEW.user_id AND mobile = NEW.mobile);
END;

-- Disqualifications, one row per spell.  from_day is the first day the
-- participant's team is judged without them (the day of the action); to_day
-- the last (the day of the requalification), NULL while it lasts.  In force
-- now (no red envelope, no prize entry, off the people board at the next
-- settlement): lifted_at IS NULL.
CREATE TABLE disqualifications (
  id             INTEGER PRIMARY KEY,
  activity_id    INTEGER NOT NULL REFERENCES activities(id),
  user_id        INTEGER NOT NULL REFERENCES users(id),
  from_day       TEXT NOT NULL,
  to_day         TEXT,
  reason         TEXT NOT NULL,
  at             INTEGER NOT NULL,
  by_admin       INTEGER REFERENCES admins(id),
  lifted_at      INTEGER,
  lift_reason    TEXT,
  lifted_by      INTEGER REFERENCES admins(id),
  CHECK ((lifted_at IS NULL) = (to_day IS NULL))
);
CREATE UNIQUE INDEX disqualifications_one_open ON disqualifications(activity_id, user_id) WHERE lifted_at IS NULL;
CREATE INDEX disqualifications_by_user ON disqualifications(activity_id, user_id, from_day);
