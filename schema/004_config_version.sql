-- A counter that every change to an activity's rules or route moves, so that
-- workers may keep activities in memory and reload one only when it changed
-- (they read the counter with the clock, once per request).
CREATE TABLE config_version (
  id      INTEGER PRIMARY KEY CHECK (id = 1),
  version INTEGER NOT NULL
);
INSERT INTO config_version (id, version) VALUES (1, 1);

CREATE TRIGGER activities_inserted AFTER INSERT ON activities
BEGIN UPDATE config_version SET version = version + 1; END;
CREATE TRIGGER activities_updated AFTER UPDATE ON activities
BEGIN UPDATE config_version SET version = version + 1; END;
CREATE TRIGGER activities_deleted AFTER DELETE ON activities
BEGIN UPDATE config_version SET version = version + 1; END;
CREATE TRIGGER checkpoints_inserted AFTER INSERT ON checkpoints
BEGIN UPDATE config_version SET version = version + 1; END;
CREATE TRIGGER checkpoints_updated AFTER UPDATE ON checkpoints
BEGIN UPDATE config_version SET version = version + 1; END;
CREATE TRIGGER checkpoints_deleted AFTER DELETE ON checkpoints
BEGIN UPDATE config_version SET version = version + 1; END;
