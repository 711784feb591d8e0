-- settle_runs: what became of every settlement run, checked.  A run killed
-- mid-way used to stay 'running' for ever; the next run, which holds the
-- settlement's lock and so knows such a run is dead, marks it 'abandoned'
-- (lib/settle/settle_run.h).  finished_at stays NULL for it: nobody saw it end.
--   running    in progress (only while its process holds the lock)
--   done       the day was settled (its settled_days row names this run)
--   failed     an error stopped it; the day stays unsettled for the next run
--   abandoned  found 'running' by a later run: killed, or gave up unrecorded
CREATE TABLE settle_runs_checked (
  id          INTEGER PRIMARY KEY,
  activity_id INTEGER NOT NULL,
  day         TEXT NOT NULL,
  started_at  INTEGER NOT NULL,
  finished_at INTEGER,
  users       INTEGER,
  teams       INTEGER,
  awards      INTEGER,
  outcome     TEXT NOT NULL DEFAULT 'running'
              CHECK (outcome IN ('running', 'done', 'failed', 'abandoned'))
);
INSERT INTO settle_runs_checked (id, activity_id, day, started_at, finished_at, users, teams, awards, outcome)
  SELECT id, activity_id, day, started_at, finished_at, users, teams, awards, outcome FROM settle_runs;
DROP TABLE settle_runs;
ALTER TABLE settle_runs_checked RENAME TO settle_runs;
