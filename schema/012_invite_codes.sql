-- Mini-program codes of team invites (RULES §5, WECHAT.md §5a).
--
-- A code carries a scene of at most 32 characters, too short for an invite
-- token (43) and printed where anyone can read it: whoever scans it may join,
-- so a scene is as good as its invite, and is made as unguessable (128 bits,
-- derived one way from the token: the scene does not give the token away).
-- The scene itself is not stored: only its SHA-256, and the invite token
-- sealed under a key derived from the scene, so that GET /api/invites/{scene}
-- can hand the token to whoever holds the scene and to nobody else (a copy of
-- the database gives neither).  The PNG is cached as a file (invite_code_dir).
CREATE TABLE invite_codes (
  scene_hash    TEXT PRIMARY KEY,
  invite_hash   TEXT NOT NULL UNIQUE REFERENCES team_invites(token_hash) ON DELETE CASCADE,
  sealed_invite BLOB NOT NULL,
  created_at    INTEGER NOT NULL
) WITHOUT ROWID;
