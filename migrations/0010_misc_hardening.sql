-- 0010_misc_hardening: what keeps one citizen from filling the disk or a
-- queue, SMS that are retried until the driver takes them, and page views
-- counted once per visitor, page and half hour.

-- Each account's uploads per day (the bureau's local date): the quota is a
-- conditional upsert on this row, which also serialises one account's
-- uploads so that the unattached total is checked against committed rows.
CREATE TABLE upload_usage (
  user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  day TEXT NOT NULL CHECK (length(day) = 10),   -- YYYY-MM-DD
  bytes BIGINT NOT NULL CHECK (bytes >= 0),
  files INTEGER NOT NULL CHECK (files >= 0),
  PRIMARY KEY (user_id, day)
);

-- One row per stored file (uploads share a file when their SHA-256 is the
-- same). An upload touches its row in the transaction that adds the upload;
-- the clean-up deletes the row, and then the file, only when no upload
-- refers to it and nobody touched it since, so a file is never removed
-- under an upload that is being added.
CREATE TABLE upload_blobs (
  sha256 TEXT PRIMARY KEY CHECK (length(sha256) = 64),
  size BIGINT NOT NULL,
  last_used_at BIGINT NOT NULL
);
INSERT INTO upload_blobs (sha256, size, last_used_at)
  SELECT sha256, MAX(size), MAX(created_at) FROM uploads GROUP BY sha256;
CREATE INDEX uploads_sha256 ON uploads (sha256);
CREATE INDEX uploads_created ON uploads (created_at);
CREATE INDEX application_files_upload ON application_files (upload_id);

-- Each citizen's applications per day: the daily limit is a conditional
-- upsert on this row, which also serialises one citizen's applications so
-- that the open ones per item are counted from committed rows.
CREATE TABLE application_usage (
  user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  day TEXT NOT NULL CHECK (length(day) = 10),   -- YYYY-MM-DD
  n INTEGER NOT NULL CHECK (n >= 0),
  PRIMARY KEY (user_id, day)
);
CREATE INDEX applications_open ON applications (applicant_id, service_id, status);

-- SMS: sms_state 1 waits (again) from sms_next_at on, 2 was taken by the
-- driver, 3 failed sms_attempts times and was given up. A dispatcher leases
-- a message by moving sms_next_at past the send, so a crash mid-send makes
-- it due again after the lease rather than lost.
-- @sqlite
CREATE TABLE notifications_new (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  kind TEXT NOT NULL,
  title TEXT NOT NULL,
  body TEXT NOT NULL DEFAULT '',
  link TEXT NOT NULL DEFAULT '',
  created_at BIGINT NOT NULL,
  read_at BIGINT,
  sms_state INTEGER NOT NULL DEFAULT 0 CHECK (sms_state IN (0, 1, 2, 3)),
  sms_attempts INTEGER NOT NULL DEFAULT 0,
  sms_next_at BIGINT NOT NULL DEFAULT 0,
  sms_sent_at BIGINT
);
INSERT INTO notifications_new (id, user_id, kind, title, body, link, created_at, read_at, sms_state)
  SELECT id, user_id, kind, title, body, link, created_at, read_at, sms_state FROM notifications;
DROP TABLE notifications;
ALTER TABLE notifications_new RENAME TO notifications;
CREATE INDEX notifications_user ON notifications (user_id, id);
-- @end
-- @postgres
ALTER TABLE notifications DROP CONSTRAINT IF EXISTS notifications_sms_state_check;
ALTER TABLE notifications ADD CONSTRAINT notifications_sms_state_check CHECK (sms_state IN (0, 1, 2, 3));
ALTER TABLE notifications ADD COLUMN sms_attempts INTEGER NOT NULL DEFAULT 0;
ALTER TABLE notifications ADD COLUMN sms_next_at BIGINT NOT NULL DEFAULT 0;
ALTER TABLE notifications ADD COLUMN sms_sent_at BIGINT;
DROP INDEX IF EXISTS notifications_sms;
-- @end
CREATE INDEX notifications_sms_due ON notifications (sms_state, sms_next_at, id);

-- Page views already counted: one row per visitor, page and window. The
-- counter moves only when the row is new; the tick removes old windows.
CREATE TABLE page_views_seen (
  visitor TEXT NOT NULL,                  -- keyed hash of the visitor id, the session or the address
  path TEXT NOT NULL,
  window_start BIGINT NOT NULL,
  PRIMARY KEY (visitor, path, window_start)
);
CREATE INDEX page_views_seen_window ON page_views_seen (window_start);
