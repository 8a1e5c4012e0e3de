-- 0026_chief_mailbox_qa: the chief's mailbox (局长信箱) and the public Q&A
-- (anonymised answered consultations).
--
-- A mailbox is addressed to the bureau's head (an officer) and files its
-- threads under a unit (the bureau): the consultation staff of that unit (its
-- office) work them, as any unit's inbox. consultations.mailbox marks them.
CREATE TABLE mailboxes (
  id TEXT PRIMARY KEY CHECK (id IN ('chief')),
  unit_id BIGINT NOT NULL REFERENCES units(id),       -- its threads file under this unit
  officer_id BIGINT REFERENCES officers(id),          -- the head the letters are addressed to
  office TEXT NOT NULL DEFAULT '',                    -- who answers, as the citizen is told
  created_at BIGINT NOT NULL
);

ALTER TABLE consultations ADD COLUMN mailbox TEXT;    -- 'chief': written to the chief's mailbox
CREATE INDEX consultations_mailbox ON consultations (mailbox, id);

-- The public copy of an answered thread: question and answer with personal
-- data removed by staff (editor), published by a second person (publisher),
-- never the one who wrote or last edited it (enforced here and in C).
CREATE TABLE consultation_qa (
  id @ID@,
  consultation_id BIGINT NOT NULL UNIQUE REFERENCES consultations(id),
  title TEXT NOT NULL CHECK (length(title) > 0),
  question TEXT NOT NULL CHECK (length(question) > 0),
  answer TEXT NOT NULL CHECK (length(answer) > 0),
  status TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'published')),
  created_by BIGINT NOT NULL REFERENCES users(id),
  editor_id BIGINT NOT NULL REFERENCES users(id),     -- the last to change the text
  publisher_id BIGINT REFERENCES users(id),
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  published_at BIGINT,
  CHECK ((status = 'published') = (publisher_id IS NOT NULL)),
  CHECK ((status = 'published') = (published_at IS NOT NULL)),
  CHECK (publisher_id IS NULL OR (publisher_id <> editor_id AND publisher_id <> created_by))
);
CREATE INDEX consultation_qa_public ON consultation_qa (status, id);
