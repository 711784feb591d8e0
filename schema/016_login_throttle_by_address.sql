-- The admin login throttle keys a username's failures by the address they
-- come from ('user_addr': "username address"), so that failures from one
-- place cannot lock the account everywhere; and it remembers the addresses
-- each username logged in from, so that a username's own address passes a
-- block of that address earned by others.  The counts are transient: the
-- table is made anew.
DROP TABLE admin_login_failures;
CREATE TABLE admin_login_failures (
  kind            TEXT NOT NULL CHECK (kind IN ('user_addr', 'addr')),
  key             TEXT NOT NULL,
  failures        INTEGER NOT NULL,
  last_failure_at INTEGER NOT NULL,
  blocked_until   INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (kind, key)
) WITHOUT ROWID;

CREATE TABLE admin_login_addresses (
  username        TEXT NOT NULL,
  addr            TEXT NOT NULL,
  last_success_at INTEGER NOT NULL,
  PRIMARY KEY (username, addr)
) WITHOUT ROWID;
