-- 0007_auth_hardening: password resets of the administrator roles need a
-- second person (三员分立), temporary passwords must be changed, and the
-- clean-up of expired sessions uses an index.

-- 1 after a temporary password was set (a two-person reset): the holder is
-- asked to choose their own at the next sign-in.
ALTER TABLE users ADD COLUMN pw_must_change INTEGER NOT NULL DEFAULT 0 CHECK (pw_must_change IN (0, 1));

-- A reset of the password of a sysadmin, secadmin or auditor account. One
-- administrator requests it and receives the first half of the temporary
-- password; another approves it and receives the second half; only the
-- account holder is given both. The rules that make it two people are
-- CHECKs, so no code path can skip them.
CREATE TABLE password_resets (
  id @ID@,
  user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  requested_by BIGINT NOT NULL REFERENCES users(id),
  approved_by BIGINT REFERENCES users(id),
  status TEXT NOT NULL CHECK (status IN ('pending', 'approved', 'cancelled', 'expired')),
  pending_user BIGINT UNIQUE,             -- = user_id while pending, else NULL: one open request per account
  part_enc @BLOB@,                        -- secretbox(the requester's half), erased once decided
  created_at BIGINT NOT NULL,
  expires_at BIGINT NOT NULL,
  decided_at BIGINT,
  CHECK (requested_by <> user_id),
  CHECK (approved_by IS NULL OR (approved_by <> requested_by AND approved_by <> user_id)),
  CHECK ((status = 'pending') = (pending_user IS NOT NULL)),
  CHECK (pending_user IS NULL OR pending_user = user_id),
  CHECK ((status = 'approved') = (approved_by IS NOT NULL))
);
CREATE INDEX password_resets_user ON password_resets (user_id);

CREATE INDEX sessions_expires ON sessions (expires_at);
