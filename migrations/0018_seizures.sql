-- 0018_seizures: the registry of stolen vehicles (涉赃车辆) and their
-- seizures (查获), and the one rule "is this vehicle stolen?" that inspection
-- check-in and the vehicle records read (the view vehicle_stolen).
--
-- A record follows reported → seized → returned (发还), or reported →
-- cancelled (撤销: found by the owner, a false report); the transitions are
-- conditional UPDATEs (seizures/seizures.c holds the table). One open
-- (reported or seized) record per plate and per VIN: a second report is a
-- conflict.

CREATE TABLE stolen_vehicles (
  id @ID@,
  unit_id BIGINT NOT NULL REFERENCES units(id),   -- the unit that took the report (受理单位)
  unit_path TEXT NOT NULL,                        -- copy of units.path of unit_id
  case_no TEXT NOT NULL DEFAULT '',               -- 案件编号
  kind TEXT NOT NULL CHECK (kind IN ('car', 'motorcycle', 'ebike', 'other')),
  plate_type TEXT NOT NULL DEFAULT '',            -- GA 24.7 code, 'EB' for a Zhejiang electric-bike plate, '' without plate
  plate TEXT NOT NULL DEFAULT '',                 -- normalised, '' when it has none
  vin TEXT NOT NULL DEFAULT '',                   -- 17 characters, checked; '' when unknown
  engine_no TEXT NOT NULL DEFAULT '',             -- engine (or e-bike motor) number, upper case; '' when unknown
  brand TEXT NOT NULL DEFAULT '',
  color TEXT NOT NULL DEFAULT '',
  owner_name TEXT NOT NULL,
  owner_phone TEXT NOT NULL,                      -- shown whole to police in scope only
  reported_at BIGINT NOT NULL,                    -- when the theft was reported
  reported_place TEXT NOT NULL,                   -- where it was stolen
  status TEXT NOT NULL DEFAULT 'reported' CHECK (status IN ('reported', 'seized', 'returned', 'cancelled')),
  cancel_reason TEXT NOT NULL DEFAULT '',
  created_by BIGINT REFERENCES users(id),
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  CHECK (plate <> '' OR vin <> '' OR engine_no <> ''),
  CHECK ((plate = '') = (plate_type = '')),
  CHECK (status <> 'cancelled' OR cancel_reason <> '')
);
CREATE INDEX stolen_vehicles_plate ON stolen_vehicles (plate, plate_type);
CREATE INDEX stolen_vehicles_vin ON stolen_vehicles (vin);
CREATE INDEX stolen_vehicles_engine ON stolen_vehicles (engine_no);
CREATE INDEX stolen_vehicles_scope ON stolen_vehicles (unit_path);
CREATE INDEX stolen_vehicles_status ON stolen_vehicles (status, id);
CREATE UNIQUE INDEX stolen_vehicles_open_plate ON stolen_vehicles (plate_type, plate)
  WHERE plate <> '' AND status IN ('reported', 'seized');
CREATE UNIQUE INDEX stolen_vehicles_open_vin ON stolen_vehicles (vin)
  WHERE vin <> '' AND status IN ('reported', 'seized');

-- A seizure (查获): where and when a registered vehicle was found, by whom,
-- at which hotspot (if any), and its return to the owner. One per record.
CREATE TABLE seizures (
  id @ID@,
  stolen_id BIGINT NOT NULL UNIQUE REFERENCES stolen_vehicles(id),
  unit_id BIGINT NOT NULL REFERENCES units(id),   -- the seizing unit
  unit_path TEXT NOT NULL,                        -- copy of units.path of unit_id
  hotspot_id BIGINT REFERENCES hotspots(id),
  seized_at BIGINT NOT NULL,
  place TEXT NOT NULL,
  officers TEXT NOT NULL,                         -- the officers who seized it, by name
  note TEXT NOT NULL DEFAULT '',
  seized_by BIGINT REFERENCES users(id),
  returned_at BIGINT,                             -- 发还时间
  returned_to TEXT NOT NULL DEFAULT '',           -- who received it
  returned_by BIGINT REFERENCES users(id),
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  CHECK ((returned_at IS NULL) = (returned_to = ''))
);
CREATE INDEX seizures_scope ON seizures (unit_path);
CREATE INDEX seizures_hotspot ON seizures (hotspot_id);

-- @postgres
ALTER TABLE stolen_vehicles ALTER COLUMN unit_path TYPE TEXT COLLATE "C";
ALTER TABLE seizures ALTER COLUMN unit_path TYPE TEXT COLLATE "C";
-- @end
-- @sqlite
SELECT 1;
-- @end

-- Whether a vehicle of the vehicle records is stolen now: a reported record
-- (not yet seized, returned or cancelled) matches its plate, its VIN or its
-- engine number. vehicles.stolen (0004) is no longer read.
CREATE VIEW vehicle_stolen AS
SELECT v.id AS vehicle_id,
       CASE WHEN EXISTS (SELECT 1 FROM stolen_vehicles w WHERE w.status = 'reported'
                           AND ((w.plate = v.plate AND w.plate_type = v.plate_type)
                                OR (v.vin <> '' AND w.vin = v.vin)
                                OR (v.engine_no <> '' AND w.engine_no = v.engine_no)))
            THEN 1 ELSE 0 END AS stolen
FROM vehicles v;
