-- The by-day index of daily_steps held raw_steps and settled, so every sync
-- (which raises raw_steps) rewrote its entry as well as the row: measured, a
-- third of the sync path's write cost.  Keyed by day and user only, an entry is
-- written once per user and day; the readers (the dashboard's per-day sums)
-- fetch the two columns from the row.
DROP INDEX daily_steps_by_day;
CREATE INDEX daily_steps_by_day ON daily_steps(activity_id, day, user_id);
