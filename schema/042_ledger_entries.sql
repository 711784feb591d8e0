-- The points ledger (RULES §4) in its natural key: one row per award or
-- spend, stored WITHOUT ROWID under (activity, user, kind, ref), with the
-- kind as its code and the ref as a number.  Schema 003's table kept a rowid
-- and, for the same key, a unique index that was as large as the table
-- itself, with the kind and a day ref written out as text in both: about 76
-- bytes a row, three quarters of which this layout does without.
--
-- The kinds' codes are rules_ledger_kind's values (lib/rules/rules.h); a
-- unit test holds the two to each other.  A ref is a day's number (days
-- since 1970-01-01) for the kinds keyed by a day, else the essay's
-- checkpoint number, the team's, the draw's or the correction's id.
CREATE TABLE ledger_kinds (
  code       INTEGER PRIMARY KEY,
  name       TEXT NOT NULL UNIQUE,
  ref_is_day INTEGER NOT NULL CHECK (ref_is_day IN (0, 1))
);
INSERT INTO ledger_kinds (code, name, ref_is_day) VALUES
  (0, 'checkin', 1), (1, 'steps', 1), (2, 'personal_target', 1), (3, 'team_target', 1),
  (4, 'essay', 0), (5, 'leader_full_team', 0), (6, 'redeem', 0), (7, 'adjust', 0);

-- id orders a participant's rows for their pages, newest first (the id of
-- the last row shown is the next page's `before`); it comes from ledger_ids,
-- which every writer advances in the transaction of its rows.
CREATE TABLE ledger_entries (
  activity_id INTEGER NOT NULL REFERENCES activities(id),
  user_id     INTEGER NOT NULL REFERENCES users(id),
  kind        INTEGER NOT NULL CHECK (kind BETWEEN 0 AND 7),
  ref         INTEGER NOT NULL,
  id          INTEGER NOT NULL,
  amount      INTEGER NOT NULL,
  created_at  INTEGER NOT NULL,
  PRIMARY KEY (activity_id, user_id, kind, ref)
) WITHOUT ROWID;
CREATE TABLE ledger_ids (next INTEGER NOT NULL);

-- The rows of schema 003's table, read in its unique index's order: by
-- participant, so that the new table grows at its end (dense pages) without
-- a sort of the whole ledger in memory.  A ref that does not read back as
-- what it was (not a day, not a decimal number) is NULL here and fails the
-- migration rather than changing a key.
INSERT INTO ledger_entries (activity_id, user_id, kind, ref, id, amount, created_at)
  SELECT l.activity_id, l.user_id, k.code,
         CASE WHEN k.ref_is_day THEN
                CASE WHEN date(CAST(strftime('%s', l.ref) AS INTEGER) / 86400 * 86400, 'unixepoch') = l.ref
                     THEN CAST(strftime('%s', l.ref) AS INTEGER) / 86400 END
              WHEN CAST(CAST(l.ref AS INTEGER) AS TEXT) = l.ref THEN CAST(l.ref AS INTEGER) END,
         l.id, l.amount, l.created_at
  FROM ledger l JOIN ledger_kinds k ON k.name = l.kind
  ORDER BY l.activity_id, l.user_id;
INSERT INTO ledger_ids (next) SELECT coalesce(max(id), 0) + 1 FROM ledger;

DROP TRIGGER ledger_is_append_only;
DROP TRIGGER ledger_rows_stay;
DROP TABLE ledger;

CREATE TRIGGER ledger_is_append_only BEFORE UPDATE ON ledger_entries
BEGIN
  SELECT RAISE(ABORT, 'the ledger is append-only');
END;
CREATE TRIGGER ledger_rows_stay BEFORE DELETE ON ledger_entries
WHEN NOT EXISTS (SELECT 1 FROM ledger_wipe WHERE open = 1)
BEGIN
  SELECT RAISE(ABORT, 'the ledger is append-only');
END;

-- The ledger as people read it: kinds by name, refs as schema 003 wrote them
-- ("YYYY-MM-DD" for a day, the number in decimal otherwise).  For operators
-- at the sqlite3 prompt, exports and tests; the code reads ledger_entries.
CREATE VIEW ledger (id, activity_id, user_id, kind, ref, amount, created_at) AS
  SELECT e.id, e.activity_id, e.user_id, k.name,
         CASE WHEN k.ref_is_day THEN date(e.ref * 86400, 'unixepoch') ELSE CAST(e.ref AS TEXT) END,
         e.amount, e.created_at
  FROM ledger_entries e JOIN ledger_kinds k ON k.code = e.kind;

-- A row written through the view, as by hand at the sqlite3 prompt: its kind
-- by name and its ref as the view shows it (an unknown kind or a ref that is
-- neither is NULL, which the table refuses), with the next id.
CREATE TRIGGER ledger_insert INSTEAD OF INSERT ON ledger
BEGIN
  INSERT INTO ledger_entries (activity_id, user_id, kind, ref, id, amount, created_at)
    SELECT NEW.activity_id, NEW.user_id, (SELECT code FROM ledger_kinds WHERE name = NEW.kind),
           CASE WHEN (SELECT ref_is_day FROM ledger_kinds WHERE name = NEW.kind) THEN
                  CASE WHEN date(CAST(strftime('%s', NEW.ref) AS INTEGER) / 86400 * 86400, 'unixepoch') = NEW.ref
                       THEN CAST(strftime('%s', NEW.ref) AS INTEGER) / 86400 END
                WHEN CAST(CAST(NEW.ref AS INTEGER) AS TEXT) = CAST(NEW.ref AS TEXT) THEN CAST(NEW.ref AS INTEGER) END,
           next, NEW.amount, NEW.created_at
    FROM ledger_ids;
  UPDATE ledger_ids SET next = next + 1;
END;
