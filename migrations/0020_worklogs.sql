-- 0020_worklogs: community officers' work logs (工作日志): patrols (巡逻),
-- household and business visits (走访), information collected (信息采集) and
-- the mediation of disputes (矛盾纠纷调解). One row per log, its kind's
-- columns filled and the others left at their defaults (CHECKs below say
-- which); the parties of a mediation in their own table, their ID numbers
-- encrypted as residents' are.
--
-- Every log belongs to its author's officer record and carries a copy of the
-- officer's unit path (COLLATE "C" on PostgreSQL, listed in SQL_PATH_MOVES in
-- directory/store.c) for data scope: the author edits, the station chief and
-- the unit administrator of that unit read.
CREATE TABLE worklogs (
  id @ID@,
  kind TEXT NOT NULL CHECK (kind IN ('patrol', 'visit', 'info', 'mediation')),
  officer_id BIGINT NOT NULL REFERENCES officers(id),   -- the author's officer record
  author_id BIGINT REFERENCES users(id),                -- the account that wrote it (NULL: the demo seed)
  unit_id BIGINT NOT NULL REFERENCES units(id),         -- the officer's unit when written
  unit_path TEXT NOT NULL,                              -- copy of units.path of unit_id
  grid_id BIGINT REFERENCES grids(id),                  -- the grid worked, if any
  day TEXT NOT NULL,                                    -- YYYY-MM-DD of started_at in the bureau's zone
  started_at BIGINT NOT NULL,                           -- unix seconds
  ended_at BIGINT,                                      -- patrols (required), visits (optional)
  -- patrol (巡逻)
  route TEXT NOT NULL DEFAULT '',                       -- the route or places
  companions TEXT NOT NULL DEFAULT '',                  -- who went along, in words
  findings TEXT NOT NULL DEFAULT '',
  -- visit (走访): a resident and/or a rental house, or a business by name
  resident_id BIGINT REFERENCES residents(id),
  house_id BIGINT REFERENCES rental_houses(id),
  business_name TEXT NOT NULL DEFAULT '',
  business_address TEXT NOT NULL DEFAULT '',
  purpose TEXT NOT NULL DEFAULT '',
  result TEXT NOT NULL DEFAULT '',
  -- information collected (信息采集)
  info_kind TEXT CHECK (info_kind IN ('clue', 'opinion', 'hazard', 'population', 'other')),
  content TEXT NOT NULL DEFAULT '',
  source TEXT NOT NULL DEFAULT '',
  -- mediation (矛盾纠纷调解)
  dispute_type TEXT CHECK (dispute_type IN ('neighbour', 'family', 'marriage', 'property', 'labour', 'consumer',
                                            'traffic', 'other')),
  summary TEXT NOT NULL DEFAULT '',
  outcome TEXT CHECK (outcome IN ('mediated', 'agreement', 'referred', 'failed')),
  agreement_date TEXT,                                  -- YYYY-MM-DD, with outcome agreement
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  CHECK (ended_at IS NULL OR ended_at > started_at),
  CHECK (kind <> 'patrol' OR (ended_at IS NOT NULL AND route <> '')),
  CHECK (kind <> 'visit' OR resident_id IS NOT NULL OR house_id IS NOT NULL OR business_name <> ''),
  CHECK ((kind = 'info') = (info_kind IS NOT NULL)),
  CHECK ((kind = 'mediation') = (dispute_type IS NOT NULL AND outcome IS NOT NULL)),
  CHECK (agreement_date IS NULL OR outcome = 'agreement')
);
CREATE INDEX worklogs_officer ON worklogs (officer_id, day);
CREATE INDEX worklogs_scope ON worklogs (unit_path, day);
CREATE INDEX worklogs_grid ON worklogs (grid_id, kind, day);

-- The parties of a mediation, in the order given. Phone and ID number are
-- personal data: shown masked except to the author and the station chief.
CREATE TABLE worklog_parties (
  worklog_id BIGINT NOT NULL REFERENCES worklogs(id) ON DELETE CASCADE,
  seq INTEGER NOT NULL CHECK (seq BETWEEN 1 AND 10),
  name TEXT NOT NULL,
  phone TEXT NOT NULL DEFAULT '',
  id_enc @BLOB@,                                        -- secretbox(ID number), NULL when not given
  id_masked TEXT NOT NULL DEFAULT '',
  PRIMARY KEY (worklog_id, seq)
);

-- @postgres
ALTER TABLE worklogs ALTER COLUMN unit_path TYPE TEXT COLLATE "C";
-- @end
-- @sqlite
SELECT 1;
-- @end
