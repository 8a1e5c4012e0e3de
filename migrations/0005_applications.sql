-- 0005_applications: uploads, applications (办件) with their history, ratings
-- and the chief's follow-up tasks, and the per-day tracking-number sequence.

-- A file a signed-in user uploaded; the bytes live in the upload directory
-- under their SHA-256, outside the web root. Its type was read from the content.
CREATE TABLE uploads (
  id @ID@,
  user_id BIGINT NOT NULL REFERENCES users(id),
  sha256 TEXT NOT NULL CHECK (length(sha256) = 64),
  content_type TEXT NOT NULL CHECK (content_type IN ('image/jpeg', 'image/png', 'application/pdf')),
  size BIGINT NOT NULL CHECK (size > 0),
  name TEXT NOT NULL,                     -- the file name the user gave (display only)
  created_at BIGINT NOT NULL
);
CREATE INDEX uploads_user ON uploads (user_id, id);

-- Tracking numbers TZ<yyyymmdd><nnnnnn>: one counter per day.
CREATE TABLE application_seq (
  day TEXT PRIMARY KEY,                   -- yyyymmdd
  n BIGINT NOT NULL
);

CREATE TABLE applications (
  id @ID@,
  tracking_no TEXT NOT NULL UNIQUE,
  service_id BIGINT NOT NULL REFERENCES services(id),
  service_version INTEGER NOT NULL,       -- the catalogue version the application was made under
  applicant_id BIGINT NOT NULL REFERENCES users(id),
  unit_id BIGINT NOT NULL REFERENCES units(id),
  unit_path TEXT NOT NULL,                -- the handling unit's path, for data scope
  status TEXT NOT NULL CHECK (status IN ('submitted', 'accepted', 'not_accepted', 'supplement_requested',
                                         'under_review', 'approved', 'refused', 'completed', 'withdrawn')),
  form TEXT NOT NULL,                     -- the validated form (JSON)
  submitted_at BIGINT NOT NULL,
  submitted_month TEXT NOT NULL,          -- yyyy-mm, for the disclosure by month
  due_date TEXT NOT NULL,                 -- YYYY-MM-DD: promised working days from submission
  paused_on TEXT,                         -- YYYY-MM-DD while waiting for 补正 (the clock stands)
  assignee_id BIGINT REFERENCES users(id),
  result TEXT CHECK (result IN ('pickup', 'post', 'electronic')),
  reason TEXT NOT NULL DEFAULT '',        -- of the last refusal, non-acceptance or supplement request
  completed_at BIGINT,
  completed_month TEXT,
  on_time INTEGER CHECK (on_time IN (0, 1)),
  idem_key TEXT,                          -- Idempotency-Key of the request that created it
  idem_hash TEXT,                         -- hash of that request's body
  updated_at BIGINT NOT NULL,
  UNIQUE (applicant_id, idem_key)
);
CREATE INDEX applications_applicant ON applications (applicant_id, id);
CREATE INDEX applications_scope ON applications (unit_path, status, due_date);
CREATE INDEX applications_service ON applications (service_id, status);

CREATE TABLE application_files (
  application_id BIGINT NOT NULL REFERENCES applications(id),
  name TEXT NOT NULL,                     -- the attachment's name in the item's form
  upload_id BIGINT NOT NULL REFERENCES uploads(id),
  PRIMARY KEY (application_id, name, upload_id)
);

-- Every transition: who, when, from where to where, why.
CREATE TABLE application_events (
  id @ID@,
  application_id BIGINT NOT NULL REFERENCES applications(id),
  at BIGINT NOT NULL,
  event TEXT NOT NULL,
  from_status TEXT,
  to_status TEXT NOT NULL,
  actor_id BIGINT NOT NULL REFERENCES users(id),
  reason TEXT NOT NULL DEFAULT ''
);
CREATE INDEX application_events_app ON application_events (application_id, id);
CREATE INDEX application_events_actor ON application_events (actor_id);

CREATE TABLE application_ratings (
  application_id BIGINT PRIMARY KEY REFERENCES applications(id),   -- one rating per application
  grade INTEGER NOT NULL CHECK (grade BETWEEN 1 AND 5),
  comment TEXT NOT NULL DEFAULT '',
  created_at BIGINT NOT NULL
);

-- A bad rating (不满意, 非常不满意) becomes a task for the handling unit's chief.
CREATE TABLE application_followups (
  id @ID@,
  application_id BIGINT NOT NULL UNIQUE REFERENCES applications(id),
  unit_path TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  closed_at BIGINT
);
CREATE INDEX application_followups_scope ON application_followups (unit_path);
