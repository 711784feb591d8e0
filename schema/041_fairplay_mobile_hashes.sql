-- The mobiles an enrollment has held (schema 033), kept as their keyed hashes
-- (schema 040's mobile_index) rather than as numbers: a mobile is sealed at
-- rest, and a history of clear numbers beside it would undo that.  The
-- fair-play pass only compares and counts them (multi_mobile); an admin who
-- must see a number uses the audited view of the participant's mobile.
DROP TRIGGER enrollment_mobile_added;
DROP TRIGGER enrollment_mobile_changed;
DROP TABLE enrollment_mobiles;
CREATE TABLE enrollment_mobiles (
  activity_id  INTEGER NOT NULL,
  user_id      INTEGER NOT NULL,
  mobile_index TEXT NOT NULL,
  first_at     INTEGER NOT NULL,
  PRIMARY KEY (activity_id, user_id, mobile_index)
) WITHOUT ROWID;
CREATE INDEX enrollment_mobiles_by_mobile ON enrollment_mobiles(activity_id, mobile_index, user_id);
INSERT INTO enrollment_mobiles (activity_id, user_id, mobile_index, first_at)
  SELECT activity_id, user_id, mobile_index, created_at FROM enrollments
  WHERE mobile_index IS NOT NULL AND mobile_index <> '';

-- Open (a row) only inside the write transactions of walkctl that hash the
-- same numbers anew: sealing the clear rows of before schema 040 and rotating
-- the data key (store_pii_migrate.c); never committed with a row.  Then a new
-- hash replaces the old one instead of counting as another mobile.
CREATE TABLE pii_rehashing (open INTEGER NOT NULL);

-- A new number adds a row (not INSERT OR IGNORE: an upsert's conflict policy
-- would override it).
CREATE TRIGGER enrollment_mobile_added AFTER INSERT ON enrollments
WHEN NEW.mobile_index IS NOT NULL AND NEW.mobile_index <> ''
BEGIN
  INSERT INTO enrollment_mobiles (activity_id, user_id, mobile_index, first_at)
  SELECT NEW.activity_id, NEW.user_id, NEW.mobile_index, NEW.updated_at
  WHERE NOT EXISTS (SELECT 1 FROM enrollment_mobiles WHERE activity_id = NEW.activity_id
                    AND user_id = NEW.user_id AND mobile_index = NEW.mobile_index);
END;
CREATE TRIGGER enrollment_mobile_changed AFTER UPDATE OF mobile_index ON enrollments
WHEN NEW.mobile_index IS NOT NULL AND NEW.mobile_index <> '' AND NOT EXISTS (SELECT 1 FROM pii_rehashing)
BEGIN
  INSERT INTO enrollment_mobiles (activity_id, user_id, mobile_index, first_at)
  SELECT NEW.activity_id, NEW.user_id, NEW.mobile_index, NEW.updated_at
  WHERE NOT EXISTS (SELECT 1 FROM enrollment_mobiles WHERE activity_id = NEW.activity_id
                    AND user_id = NEW.user_id AND mobile_index = NEW.mobile_index);
END;
-- The same number hashed anew: the hash is replaced, so that a new data key
-- gives nobody a second mobile.
CREATE TRIGGER enrollment_mobile_rehashed AFTER UPDATE OF mobile_index ON enrollments
WHEN NEW.mobile_index IS NOT NULL AND NEW.mobile_index <> '' AND EXISTS (SELECT 1 FROM pii_rehashing)
BEGIN
  DELETE FROM enrollment_mobiles WHERE activity_id = NEW.activity_id AND user_id = NEW.user_id
    AND mobile_index = OLD.mobile_index AND OLD.mobile_index IS NOT NULL;
  INSERT INTO enrollment_mobiles (activity_id, user_id, mobile_index, first_at)
  SELECT NEW.activity_id, NEW.user_id, NEW.mobile_index, NEW.updated_at
  WHERE NOT EXISTS (SELECT 1 FROM enrollment_mobiles WHERE activity_id = NEW.activity_id
                    AND user_id = NEW.user_id AND mobile_index = NEW.mobile_index);
END;
