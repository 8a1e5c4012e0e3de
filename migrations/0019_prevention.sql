-- 0019_prevention: the crime-prevention bus (防范宣传车). Visit requests
-- from villages, companies and schools (a public form), and the events the
-- bus holds, on a public calendar with monthly totals.
--
-- A request follows pending → approved (an event is scheduled for it) or
-- pending → declined (with a reason); an event follows scheduled → held
-- (visitors reached recorded afterwards) or scheduled → cancelled. The
-- transitions are conditional UPDATEs (prevention/prevention.c).

CREATE TABLE prevention_requests (
  id @ID@,
  unit_id BIGINT NOT NULL REFERENCES units(id),   -- the police unit asked to come
  unit_path TEXT NOT NULL,                        -- copy of units.path of unit_id
  org_kind TEXT NOT NULL CHECK (org_kind IN ('village', 'company', 'school', 'community', 'other')),
  org_name TEXT NOT NULL,
  contact_name TEXT NOT NULL,
  phone TEXT NOT NULL,                            -- shown whole to police in scope only
  date_from TEXT NOT NULL,                        -- preferred dates: YYYY-MM-DD .. YYYY-MM-DD
  date_to TEXT NOT NULL,
  topic TEXT NOT NULL,
  audience INTEGER NOT NULL CHECK (audience BETWEEN 1 AND 100000),
  note TEXT NOT NULL DEFAULT '',
  status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'approved', 'declined')),
  decline_reason TEXT NOT NULL DEFAULT '',
  decided_by BIGINT REFERENCES users(id),
  decided_at BIGINT,
  client_ip TEXT NOT NULL DEFAULT '',
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  CHECK (date_to >= date_from),
  CHECK (status <> 'declined' OR decline_reason <> '')
);
CREATE INDEX prevention_requests_scope ON prevention_requests (unit_path, status);
CREATE INDEX prevention_requests_status ON prevention_requests (status, id);

CREATE TABLE prevention_events (
  id @ID@,
  unit_id BIGINT NOT NULL REFERENCES units(id),   -- the unit that runs it
  unit_path TEXT NOT NULL,                        -- copy of units.path of unit_id
  request_id BIGINT UNIQUE REFERENCES prevention_requests(id), -- the request it answers, if any
  day TEXT NOT NULL,                              -- YYYY-MM-DD
  starts TEXT NOT NULL,                           -- HH:MM, the bureau's time
  ends TEXT NOT NULL,                             -- HH:MM
  place TEXT NOT NULL,
  org_kind TEXT NOT NULL CHECK (org_kind IN ('village', 'company', 'school', 'community', 'other')),
  org_name TEXT NOT NULL,
  topic TEXT NOT NULL,
  officers TEXT NOT NULL,                         -- who goes, by name
  visitors INTEGER CHECK (visitors BETWEEN 0 AND 1000000), -- reached; set when held
  status TEXT NOT NULL DEFAULT 'scheduled' CHECK (status IN ('scheduled', 'held', 'cancelled')),
  cancel_reason TEXT NOT NULL DEFAULT '',
  created_by BIGINT REFERENCES users(id),
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  CHECK (ends > starts),
  CHECK ((status = 'held') = (visitors IS NOT NULL))
);
CREATE INDEX prevention_events_day ON prevention_events (day);
CREATE INDEX prevention_events_scope ON prevention_events (unit_path, day);

-- @postgres
ALTER TABLE prevention_requests ALTER COLUMN unit_path TYPE TEXT COLLATE "C";
ALTER TABLE prevention_events ALTER COLUMN unit_path TYPE TEXT COLLATE "C";
-- @end
-- @sqlite
SELECT 1;
-- @end
