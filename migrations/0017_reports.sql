-- 0017_reports: citizen reports of public-order problems (群众举报), taken
-- through Open311 GeoReport v2 (/open311/v2) and the portal's form, triaged
-- to the unit whose grid holds the place (or the nearest community station),
-- worked by that unit's staff and answered in public.
--
-- The reporter's contact fields are never shown publicly; the Open311 list
-- shows only what the specification names for a service request.

-- A report (Open311 "service request"). state is the internal workflow
-- (reports/reports.c has its transition table); Open311's status is
-- 'closed' for state closed and 'open' for every other state.
CREATE TABLE reports (
  id @ID@,
  token TEXT NOT NULL UNIQUE,                -- random handle returned on POST (GET /tokens/{token})
  service_code TEXT NOT NULL,                -- reports/services.c: noise, gambling, parking, …
  description TEXT NOT NULL DEFAULT '',
  attributes TEXT NOT NULL DEFAULT '{}',     -- JSON {attribute code: value} (attribute[code]= in the POST)
  lat_e6 BIGINT,                             -- WGS84, millionths of a degree; NULL with an address only
  lng_e6 BIGINT,
  address TEXT NOT NULL DEFAULT '',          -- address_string as sent
  address_id TEXT NOT NULL DEFAULT '',
  zipcode TEXT NOT NULL DEFAULT '',
  media_url TEXT NOT NULL DEFAULT '',
  upload_id BIGINT REFERENCES uploads(id),  -- the photo a signed-in citizen attached (staff and reporter only)
  -- who reported: a signed-in citizen of the portal's form, or the contact
  -- fields an Open311 client sent (all optional: anonymous reports are allowed)
  user_id BIGINT REFERENCES users(id),
  email TEXT NOT NULL DEFAULT '',
  first_name TEXT NOT NULL DEFAULT '',
  last_name TEXT NOT NULL DEFAULT '',
  phone TEXT NOT NULL DEFAULT '',
  device_id TEXT NOT NULL DEFAULT '',
  account_id TEXT NOT NULL DEFAULT '',
  client_id BIGINT,                          -- open311_clients.id of the api_key, NULL for the portal
  source TEXT NOT NULL CHECK (source IN ('open311', 'portal', 'seed')),
  -- triage: the unit that works it, the grid that holds the place, the officer assigned
  unit_id BIGINT NOT NULL REFERENCES units(id),
  unit_path TEXT NOT NULL,                   -- copy of units.path of unit_id
  grid_id BIGINT REFERENCES grids(id),
  officer_id BIGINT REFERENCES officers(id),
  hotspot_id BIGINT REFERENCES hotspots(id),
  routed_by TEXT NOT NULL CHECK (routed_by IN ('grid', 'nearest', 'address', 'default')),
  state TEXT NOT NULL DEFAULT 'new' CHECK (state IN ('new', 'accepted', 'assigned', 'answered', 'closed')),
  status_notes TEXT NOT NULL DEFAULT '',     -- the public answer
  requested_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  expected_at BIGINT,                        -- when the unit expects to have dealt with it
  closed_at BIGINT,
  CHECK ((lat_e6 IS NULL) = (lng_e6 IS NULL)),
  CHECK (lat_e6 IS NULL OR (lat_e6 BETWEEN -90000000 AND 90000000 AND lng_e6 BETWEEN -180000000 AND 180000000)),
  CHECK ((state = 'closed') = (closed_at IS NOT NULL))
);
CREATE INDEX reports_requested ON reports (requested_at, id);
CREATE INDEX reports_scope ON reports (unit_path, state, id);
CREATE INDEX reports_user ON reports (user_id, id);
CREATE INDEX reports_hotspot ON reports (hotspot_id);

-- What staff did on a report: accepted, assigned, notes (internal), the
-- answer (public), closed, reopened, linked to a hotspot.
CREATE TABLE report_events (
  id @ID@,
  report_id BIGINT NOT NULL REFERENCES reports(id),
  actor_id BIGINT REFERENCES users(id),
  action TEXT NOT NULL CHECK (action IN ('filed', 'accept', 'assign', 'note', 'answer', 'close', 'reopen', 'link')),
  body TEXT NOT NULL DEFAULT '',
  public INTEGER NOT NULL DEFAULT 0 CHECK (public IN (0, 1)),
  created_at BIGINT NOT NULL
);
CREATE INDEX report_events_report ON report_events (report_id, id);

-- The Open311 clients allowed to POST: api_key is what a client sends; only
-- its hash is kept. Issued by a sysadmin (POST /api/v1/reports/api-keys).
CREATE TABLE open311_clients (
  id @ID@,
  name TEXT NOT NULL,
  key_hash TEXT NOT NULL UNIQUE,             -- hex BLAKE2b-256 of the key
  created_by BIGINT REFERENCES users(id),
  created_at BIGINT NOT NULL,
  revoked_at BIGINT
);

-- @postgres
ALTER TABLE reports ALTER COLUMN unit_path TYPE TEXT COLLATE "C";
-- @end
-- @sqlite
SELECT 1;
-- @end
