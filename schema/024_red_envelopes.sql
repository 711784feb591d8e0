-- Red envelopes (RULES §8, WECHAT.md §6).
--
-- The pool: one row per activity and tier.  `count` is what the tier holds in
-- all, `drawn` what draws took; a count may grow, and shrink only down to what
-- was drawn (the CHECK makes any other change fail).
CREATE TABLE pool_tiers (
  activity_id INTEGER NOT NULL REFERENCES activities(id),
  amount_fen  INTEGER NOT NULL CHECK (amount_fen IN (30, 50, 100, 300, 500, 1000, 2000, 5000)),
  count       INTEGER NOT NULL CHECK (count >= 0),
  drawn       INTEGER NOT NULL DEFAULT 0 CHECK (drawn >= 0 AND drawn <= count),
  PRIMARY KEY (activity_id, amount_fen)
) WITHOUT ROWID;

-- The pool's daily release: draws a day across the activity (0: no limit).
CREATE TABLE pools (
  activity_id   INTEGER PRIMARY KEY REFERENCES activities(id),
  daily_release INTEGER NOT NULL DEFAULT 0 CHECK (daily_release >= 0),
  updated_at    INTEGER NOT NULL
);

-- One row per draw, written in the transaction that takes its points (ledger
-- kind 'redeem', ref = the draw's id).  The key a client sent makes a retried
-- request find its draw instead of making another.  AUTOINCREMENT: an id, and
-- so a bill number, is never used twice, also after go-live wipes the test's.
CREATE TABLE draws (
  id          INTEGER PRIMARY KEY AUTOINCREMENT,
  activity_id INTEGER NOT NULL REFERENCES activities(id),
  user_id     INTEGER NOT NULL REFERENCES users(id),
  idem_key    TEXT NOT NULL,
  amount_fen  INTEGER NOT NULL CHECK (amount_fen > 0),
  day         TEXT NOT NULL,            -- YYYY-MM-DD (UTC+8), for the daily release
  created_at  INTEGER NOT NULL,
  UNIQUE (activity_id, user_id, idem_key)
);
CREATE INDEX draws_by_day ON draws (activity_id, day);
CREATE INDEX draws_by_user ON draws (activity_id, user_id, id);

-- The bills of a draw at WeChat Pay: the first is made with the draw; another
-- only after the one before is final and did not pay (attempt 2, 3 …).  The
-- bill number never changes for an attempt: every retry sends the same one.
--   state: paying (sent, or to be sent, no final answer), wait_confirm (the
--   participant must confirm in WeChat), paid, failed (WeChat said FAIL, or our
--   request was refused), expired (CANCELLED: not confirmed in time)
--   wx_state: WeChat's last word (ACCEPTED, WAIT_USER_CONFIRM, SUCCESS, …), or
--   NULL before any answer
CREATE TABLE payouts (
  id               INTEGER PRIMARY KEY,
  draw_id          INTEGER NOT NULL REFERENCES draws(id),
  attempt          INTEGER NOT NULL CHECK (attempt >= 1),
  out_bill_no      TEXT NOT NULL UNIQUE,
  openid           TEXT NOT NULL,
  amount_fen       INTEGER NOT NULL CHECK (amount_fen > 0),
  test_mode        INTEGER NOT NULL DEFAULT 0,   -- the public test: completed without WeChat Pay
  state            TEXT NOT NULL CHECK (state IN ('paying', 'wait_confirm', 'paid', 'failed', 'expired')),
  wx_state         TEXT,
  transfer_bill_no TEXT,
  package_info     TEXT,
  fail_code        TEXT,
  fail_message     TEXT,
  tries            INTEGER NOT NULL DEFAULT 0,
  next_try_at      INTEGER NOT NULL,
  created_at       INTEGER NOT NULL,
  updated_at       INTEGER NOT NULL,
  final_at         INTEGER,
  UNIQUE (draw_id, attempt)
);
CREATE INDEX payouts_due ON payouts (next_try_at) WHERE state IN ('paying', 'wait_confirm');
CREATE INDEX payouts_by_state ON payouts (state, updated_at);

-- All payouts stop while WeChat Pay says the merchant's balance is short
-- (NOT_ENOUGH): one row while paused; `walkctl payouts resume` removes it, and
-- the reconciler tries again by itself once `retry_at` has come.
CREATE TABLE payout_pause (
  id        INTEGER PRIMARY KEY CHECK (id = 1),
  reason    TEXT NOT NULL,
  paused_at INTEGER NOT NULL,
  retry_at  INTEGER NOT NULL
);
