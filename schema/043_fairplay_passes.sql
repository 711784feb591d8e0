-- How far the fair-play pass has looked, per activity and pattern that reads
-- only what is new.  same_counts and team_same_counts look at a window of the
-- last days (flag_same_window), and a night's pass needs to read only the
-- counts of the days after last_day, and the window of anyone whose flag of
-- the kind was cleared since looked_at; multi_mobile only the accounts of the
-- mobiles added since looked_at.  With no row, or other thresholds than the
-- row's, the pass reads everything again.
CREATE TABLE fairplay_passes (
  activity_id INTEGER NOT NULL REFERENCES activities(id),
  kind        TEXT NOT NULL,
  last_day    TEXT NOT NULL,      -- the latest day looked at
  thresholds  TEXT NOT NULL,      -- the pattern's thresholds then, as "5/30"
  looked_at   INTEGER NOT NULL,   -- when (the pass's clock)
  PRIMARY KEY (activity_id, kind)
) WITHOUT ROWID;

-- A new data key hashes every mobile anew (schema 041), the rows keeping
-- their first_at: until the last one is rehashed, a mobile shared by several
-- accounts counts fewer of them, and one rehashed later is no new row.  A
-- rehash therefore has multi_mobile read everything again.
CREATE TRIGGER enrollment_mobile_rehashed_reads_all_again AFTER UPDATE OF mobile_index ON enrollments
WHEN EXISTS (SELECT 1 FROM pii_rehashing)
BEGIN
  DELETE FROM fairplay_passes WHERE activity_id = NEW.activity_id AND kind = 'multi_mobile';
END;
