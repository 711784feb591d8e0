-- Admin (RULES §11–§12, API.md "Admin"): accounts with a role and a scope,
-- their cookie sessions, the login throttle, the append-only audit log, and a
-- per-union, per-day cache of figures that no longer change.

-- An admin account.  role 'province' sees everything; role 'union' sees one
-- top-level union.  password_hash is "pbkdf2_sha256$ITERATIONS$SALT$HASH"
-- (lib/password.h); the password itself is never stored.
CREATE TABLE admins (
  id            INTEGER PRIMARY KEY,
  username      TEXT NOT NULL UNIQUE,
  role          TEXT NOT NULL CHECK (role IN ('province', 'union')),
  union_code    TEXT REFERENCES unions(code),
  password_hash TEXT NOT NULL,
  disabled      INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1)),
  created_at    INTEGER NOT NULL,
  updated_at    INTEGER NOT NULL,
  CHECK ((role = 'province' AND union_code IS NULL) OR (role = 'union' AND union_code IS NOT NULL))
);

-- Cookie sessions: only the SHA-256 of the cookie's token is kept, so a copy
-- of the database lets nobody act as an admin.  A session ends after 2 hours
-- without a request (last_seen_at) or 12 hours after login (created_at).
CREATE TABLE admin_sessions (
  token_hash   TEXT PRIMARY KEY,
  admin_id     INTEGER NOT NULL REFERENCES admins(id),
  created_at   INTEGER NOT NULL,
  last_seen_at INTEGER NOT NULL,
  remote_addr  TEXT NOT NULL
) WITHOUT ROWID;
CREATE INDEX admin_sessions_by_admin ON admin_sessions(admin_id);

-- Failed logins per username ('user', as typed, whether it exists or not) and
-- per client address ('addr').  From the 5th failure on, the key is refused
-- until blocked_until; the count restarts an hour after the last failure.
CREATE TABLE admin_login_failures (
  kind            TEXT NOT NULL CHECK (kind IN ('user', 'addr')),
  key             TEXT NOT NULL,
  failures        INTEGER NOT NULL,
  last_failure_at INTEGER NOT NULL,
  blocked_until   INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (kind, key)
) WITHOUT ROWID;

-- Every admin write: who (an admin's username, or 'walkctl'), when, what
-- (action and target), and the state before and after as JSON (NULL when
-- there is none).  Secrets never go in here.  Append-only, like the ledger.
CREATE TABLE audit_log (
  id          INTEGER PRIMARY KEY,
  at          INTEGER NOT NULL,
  actor       TEXT NOT NULL,
  admin_id    INTEGER REFERENCES admins(id),
  remote_addr TEXT,
  action      TEXT NOT NULL,
  target      TEXT NOT NULL,
  before      TEXT,
  after       TEXT
);
CREATE TRIGGER audit_log_is_append_only BEFORE UPDATE ON audit_log
BEGIN
  SELECT RAISE(ABORT, 'the audit log is append-only');
END;
CREATE TRIGGER audit_log_rows_stay BEFORE DELETE ON audit_log
BEGIN
  SELECT RAISE(ABORT, 'the audit log is append-only');
END;

-- The dashboard's figures of one union on one activity day that is over:
-- participants active (settled) that day and the sum of their counted steps
-- (rules_counted_steps).  A day that is over never changes (a sync only ever
-- records today, and the union is fixed from the first day), so each
-- (activity, day) is computed once from daily_steps, for every union at once,
-- by the first dashboard request that needs it.  A day computed with no
-- active participant has no rows: admin_days_done says which days are done.
CREATE TABLE admin_union_days (
  activity_id   INTEGER NOT NULL,
  day           TEXT NOT NULL,
  union_code    TEXT NOT NULL,
  active        INTEGER NOT NULL,
  counted_steps INTEGER NOT NULL,
  PRIMARY KEY (activity_id, day, union_code)
) WITHOUT ROWID;
CREATE TABLE admin_days_done (
  activity_id INTEGER NOT NULL,
  day         TEXT NOT NULL,
  computed_at INTEGER NOT NULL,
  PRIMARY KEY (activity_id, day)
) WITHOUT ROWID;
