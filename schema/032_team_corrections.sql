-- Admin corrections of teams (RULES §5, §12): a team an admin dissolved once
-- it was empty keeps its rows (the membership spans still say who walked for
-- it on the days before), leaves the board and takes nobody in again.  The
-- names WeChat's text check held for review are listed for admins.
ALTER TABLE teams ADD COLUMN dissolved_at INTEGER;
CREATE INDEX teams_flagged ON teams(activity_id, id) WHERE name_flagged = 1;
