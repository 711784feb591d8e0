-- The quiz of each checkpoint and the essays written after a pass (RULES §7).
--
-- quiz_questions: an activity's bank, single choice of four options; the
-- right one (answer, 0..3) never leaves the server in a participant's answer.
-- A question is retired rather than deleted, so that what was asked stays
-- explainable; only questions with retired_at NULL are drawn.
CREATE TABLE quiz_questions (
  id          INTEGER PRIMARY KEY,
  activity_id INTEGER NOT NULL REFERENCES activities(id),
  seq         INTEGER NOT NULL CHECK (seq >= 1),
  text        TEXT NOT NULL CHECK (length(text) BETWEEN 1 AND 300),
  option_a    TEXT NOT NULL CHECK (length(option_a) BETWEEN 1 AND 100),
  option_b    TEXT NOT NULL CHECK (length(option_b) BETWEEN 1 AND 100),
  option_c    TEXT NOT NULL CHECK (length(option_c) BETWEEN 1 AND 100),
  option_d    TEXT NOT NULL CHECK (length(option_d) BETWEEN 1 AND 100),
  answer      INTEGER NOT NULL CHECK (answer BETWEEN 0 AND 3),
  created_at  INTEGER NOT NULL,
  retired_at  INTEGER
);
CREATE INDEX quiz_questions_in_use ON quiz_questions(activity_id, seq) WHERE retired_at IS NULL;

-- Every question a participant was given, once per question (asked_at is the
-- last time): the draw prefers questions not in here.
CREATE TABLE quiz_asked (
  activity_id INTEGER NOT NULL,
  user_id     INTEGER NOT NULL REFERENCES users(id),
  seq         INTEGER NOT NULL,
  question_id INTEGER NOT NULL REFERENCES quiz_questions(id),
  asked_at    INTEGER NOT NULL,
  PRIMARY KEY (activity_id, user_id, seq, question_id)
) WITHOUT ROWID;

-- Where a participant stands at one checkpoint: the one question that may be
-- answered now (NULL once it was answered), the last one given (the next draw
-- avoids it), and the last wrong answer, from which quiz_retry_s runs.
CREATE TABLE quiz_attempts (
  activity_id     INTEGER NOT NULL,
  user_id         INTEGER NOT NULL REFERENCES users(id),
  seq             INTEGER NOT NULL,
  question_id     INTEGER REFERENCES quiz_questions(id),
  last_given_id   INTEGER NOT NULL REFERENCES quiz_questions(id),
  issued_at       INTEGER NOT NULL,
  last_wrong_at   INTEGER,
  wrong_answers   INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (activity_id, user_id, seq)
) WITHOUT ROWID;

-- One essay per participant and passed checkpoint.  state: 'accepted' (the
-- points are in the ledger, kind essay, ref the checkpoint), 'review' (held
-- for an admin), 'rejected' (reason is shown to the writer).  A text WeChat
-- found risky is never stored.
CREATE TABLE essays (
  id          INTEGER PRIMARY KEY,
  activity_id INTEGER NOT NULL REFERENCES activities(id),
  user_id     INTEGER NOT NULL REFERENCES users(id),
  seq         INTEGER NOT NULL CHECK (seq >= 1),
  text        TEXT NOT NULL,
  state       TEXT NOT NULL CHECK (state IN ('accepted', 'review', 'rejected')),
  reason      TEXT,
  created_at  INTEGER NOT NULL,
  decided_at  INTEGER,
  decided_by  INTEGER REFERENCES admins(id),
  UNIQUE (activity_id, user_id, seq)
);
CREATE INDEX essays_by_state ON essays(activity_id, state, id);
