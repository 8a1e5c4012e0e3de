-- 0022_consultations: online consultations (在线咨询) to an officer or a unit,
-- their messages and image attachments, and the per-user event rows the live
-- stream (GET /api/v1/events) replays.

-- A thread. unit_path is a copy of the unit's path (data scope), moved with
-- the unit (SQL_PATH_MOVES in src/directory/store.c).
CREATE TABLE consultations (
  id @ID@,
  citizen_id BIGINT NOT NULL REFERENCES users(id),
  unit_id BIGINT NOT NULL REFERENCES units(id),
  unit_path TEXT NOT NULL,
  officer_id BIGINT REFERENCES officers(id),      -- addressed to this officer (NULL: to the unit)
  assignee_id BIGINT REFERENCES users(id),         -- the staff account working it (NULL: unassigned)
  subject TEXT NOT NULL CHECK (length(subject) > 0),
  status TEXT NOT NULL DEFAULT 'waiting' CHECK (status IN ('waiting', 'answered', 'closed')),
  due_at BIGINT,                                   -- reply deadline while waiting (end of the next working day)
  summary TEXT NOT NULL DEFAULT '',                -- the closing summary
  citizen_read BIGINT NOT NULL DEFAULT 0,          -- the last message id the citizen has read
  staff_read BIGINT NOT NULL DEFAULT 0,            -- the last message id staff have read
  last_message_id BIGINT NOT NULL DEFAULT 0,
  rating_grade INTEGER CHECK (rating_grade BETWEEN 1 AND 5),
  rating_comment TEXT,
  rated_at BIGINT,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  closed_at BIGINT,
  CHECK ((status = 'closed') = (closed_at IS NOT NULL)),
  CHECK (rating_grade IS NULL OR status <> 'waiting')
);
CREATE INDEX consultations_citizen ON consultations (citizen_id, id);
CREATE INDEX consultations_scope ON consultations (unit_path, id);
CREATE INDEX consultations_assignee ON consultations (assignee_id, id);

CREATE TABLE consultation_messages (
  id @ID@,
  consultation_id BIGINT NOT NULL REFERENCES consultations(id),
  author_id BIGINT NOT NULL REFERENCES users(id),
  side TEXT NOT NULL CHECK (side IN ('citizen', 'staff')),
  body TEXT NOT NULL CHECK (length(body) > 0),
  created_at BIGINT NOT NULL
);
CREATE INDEX consultation_messages_thread ON consultation_messages (consultation_id, id);

-- Images of a message: uploads owned by its author (checked on insert).
CREATE TABLE consultation_attachments (
  message_id BIGINT NOT NULL REFERENCES consultation_messages(id),
  upload_id BIGINT NOT NULL REFERENCES uploads(id),
  PRIMARY KEY (message_id, upload_id)
);
CREATE INDEX consultation_attachments_upload ON consultation_attachments (upload_id);

-- What happened for a user, in order: the live stream sends these and
-- replays them after Last-Event-ID. Written in the transaction of the change;
-- pruned by the tick after a retention window.
CREATE TABLE events (
  id @ID@,
  user_id BIGINT NOT NULL,
  kind TEXT NOT NULL,
  data TEXT NOT NULL,
  created_at BIGINT NOT NULL
);
CREATE INDEX events_user ON events (user_id, id);
CREATE INDEX events_created ON events (created_at);

-- @postgres
ALTER TABLE consultations ALTER COLUMN unit_path TYPE TEXT COLLATE "C";
-- @end
