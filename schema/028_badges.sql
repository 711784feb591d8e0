-- Badges (RULES §8): each recorded once per participant, with the moment it
-- was earned as its source says (与祖国同行: the 13th pass's passed_at;
-- 全勤奖: the check-in of the last missing activity day).  One badge is one
-- entry to the grand-prize draw.
CREATE TABLE badges (
  activity_id INTEGER NOT NULL REFERENCES activities(id),
  user_id     INTEGER NOT NULL REFERENCES users(id),
  kind        TEXT NOT NULL CHECK (kind IN ('all_checkpoints', 'full_attendance')),
  earned_at   INTEGER NOT NULL,
  PRIMARY KEY (activity_id, user_id, kind)
) WITHOUT ROWID;
