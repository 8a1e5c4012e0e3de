-- 0014_community: the ground the community-policing back office (社区警务)
-- stands on: grids and their people, self-managed groups, rental houses and
-- residents, and the registry of public-order hotspots (治安乱点). The work
-- on them (logs, rectification reports, citizen reports, seizures) lives in
-- later migrations that refer to these tables.
--
-- Every table with a copy of a unit path (unit_path) is COLLATE "C" on
-- PostgreSQL (see 0009) and listed in SQL_PATH_MOVES (directory/store.c), so
-- data scope follows a unit when it moves.

-- A grid (网格): a piece of a community police station's or a village police
-- office's area, with one responsible officer (责任区民警) and auxiliaries.
-- The area is a polygon of [lng_e6, lat_e6] points (JSON text) with its
-- bounding box kept in columns, so a point is matched by an index range
-- first and by the polygon after.
CREATE TABLE grids (
  id @ID@,
  unit_id BIGINT NOT NULL REFERENCES units(id),
  unit_path TEXT NOT NULL,                -- copy of units.path of unit_id
  code TEXT NOT NULL UNIQUE,              -- 网格编号, e.g. BY-WH-01
  name TEXT NOT NULL,
  officer_id BIGINT REFERENCES officers(id), -- 责任区民警 (police)
  area TEXT NOT NULL DEFAULT '',          -- the streets and buildings it covers, in words
  polygon TEXT NOT NULL DEFAULT '[]',     -- JSON [[lng_e6, lat_e6], ...], empty when not drawn
  min_lat_e6 BIGINT, max_lat_e6 BIGINT, min_lng_e6 BIGINT, max_lng_e6 BIGINT,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE INDEX grids_scope ON grids (unit_path);
CREATE INDEX grids_officer ON grids (officer_id);
CREATE INDEX grids_box ON grids (min_lat_e6, max_lat_e6);

-- The auxiliaries (辅警) who work a grid with its officer.
CREATE TABLE grid_members (
  grid_id BIGINT NOT NULL REFERENCES grids(id) ON DELETE CASCADE,
  officer_id BIGINT NOT NULL REFERENCES officers(id),
  PRIMARY KEY (grid_id, officer_id)
);
CREATE INDEX grid_members_officer ON grid_members (officer_id);

-- A rental house (出租屋): an address in a grid, its landlord, how many
-- rooms; tenants are residents whose house_id points here.
CREATE TABLE rental_houses (
  id @ID@,
  grid_id BIGINT NOT NULL REFERENCES grids(id),
  unit_path TEXT NOT NULL,                -- copy of the grid's unit path
  address TEXT NOT NULL,
  landlord_name TEXT NOT NULL,
  landlord_phone TEXT NOT NULL DEFAULT '',
  rooms INTEGER NOT NULL DEFAULT 1 CHECK (rooms BETWEEN 1 AND 1000),
  note TEXT NOT NULL DEFAULT '',
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE INDEX rental_houses_grid ON rental_houses (grid_id);
CREATE INDEX rental_houses_scope ON rental_houses (unit_path);

-- A resident: a registered (户籍) or migrant (流动人口) person. One person
-- is one row: the blind index of the ID number is unique.
CREATE TABLE residents (
  id @ID@,
  grid_id BIGINT NOT NULL REFERENCES grids(id),
  unit_path TEXT NOT NULL,                -- copy of the grid's unit path
  kind TEXT NOT NULL CHECK (kind IN ('registered', 'migrant')),
  name TEXT NOT NULL,
  gender TEXT NOT NULL CHECK (gender IN ('M', 'F')),        -- from the ID number
  birth_date TEXT NOT NULL,               -- YYYY-MM-DD, from the ID number
  id_enc @BLOB@ NOT NULL,                 -- secretbox(ID number)
  id_bidx @BLOB@ NOT NULL UNIQUE,         -- keyed BLAKE2b of the ID number
  id_masked TEXT NOT NULL,                -- 330102********1234
  phone TEXT NOT NULL DEFAULT '',
  address TEXT NOT NULL DEFAULT '',
  house_id BIGINT REFERENCES rental_houses(id), -- the rental house a tenant lives in
  employer TEXT NOT NULL DEFAULT '',
  native_place TEXT NOT NULL DEFAULT '',  -- 籍贯 / where a migrant comes from
  -- migrants only: residence registration (居住登记) and the residence permit (居住证)
  registered_on TEXT,                     -- YYYY-MM-DD
  permit_status TEXT NOT NULL DEFAULT 'none'
    CHECK (permit_status IN ('none', 'applied', 'valid', 'expired')),
  permit_expires TEXT,                    -- YYYY-MM-DD
  note TEXT NOT NULL DEFAULT '',
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  CHECK (kind = 'migrant' OR (registered_on IS NULL AND permit_status = 'none' AND permit_expires IS NULL))
);
CREATE INDEX residents_grid ON residents (grid_id, kind);
CREATE INDEX residents_scope ON residents (unit_path);
CREATE INDEX residents_house ON residents (house_id);
CREATE INDEX residents_phone ON residents (phone);
CREATE INDEX residents_permit ON residents (permit_expires);

-- A self-managed group (新民小组 / 片组) inside a grid, led by a resident.
CREATE TABLE resident_groups (
  id @ID@,
  grid_id BIGINT NOT NULL REFERENCES grids(id),
  unit_path TEXT NOT NULL,                -- copy of the grid's unit path
  name TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('xinmin', 'pianzu')),  -- 新民小组 / 片组
  leader_id BIGINT REFERENCES residents(id),
  note TEXT NOT NULL DEFAULT '',
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  UNIQUE (grid_id, name)
);
CREATE INDEX resident_groups_scope ON resident_groups (unit_path);

CREATE TABLE resident_group_members (
  group_id BIGINT NOT NULL REFERENCES resident_groups(id) ON DELETE CASCADE,
  resident_id BIGINT NOT NULL REFERENCES residents(id),
  joined_on TEXT NOT NULL,                -- YYYY-MM-DD
  PRIMARY KEY (group_id, resident_id)
);
CREATE INDEX resident_group_members_resident ON resident_group_members (resident_id);

-- A public-order hotspot (治安乱点): where, what is wrong there, who must put
-- it right and who listed it. Its state follows the rectification workflow
-- identified → listed (挂牌) → rectifying → checking (验收) → delisted (摘牌)
-- or back to rectifying; the transitions and the monthly progress reports
-- are in the hotspots migration.
CREATE TABLE hotspots (
  id @ID@,
  unit_id BIGINT NOT NULL REFERENCES units(id),   -- the responsible unit
  unit_path TEXT NOT NULL,                        -- copy of units.path of unit_id
  name TEXT NOT NULL,                             -- 四号桥
  place TEXT NOT NULL,                            -- address or description of the place
  lat_e6 BIGINT,
  lng_e6 BIGINT,
  kind TEXT NOT NULL CHECK (kind IN ('theft', 'robbery', 'gambling', 'drugs', 'prostitution', 'fighting',
                                     'fraud', 'traffic', 'disorder', 'other')),
  problems TEXT NOT NULL DEFAULT '',              -- the problems, in words
  listed_level TEXT NOT NULL CHECK (listed_level IN ('bureau', 'branch', 'station')), -- who listed it
  campaign TEXT NOT NULL DEFAULT '',              -- the campaign (专项行动) that listed it, if any
  status TEXT NOT NULL DEFAULT 'identified'
    CHECK (status IN ('identified', 'listed', 'rectifying', 'checking', 'delisted')),
  listed_on TEXT,                                 -- YYYY-MM-DD
  deadline TEXT,                                  -- YYYY-MM-DD: rectify by
  delisted_on TEXT,                               -- YYYY-MM-DD
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE INDEX hotspots_status ON hotspots (status, listed_on);
CREATE INDEX hotspots_scope ON hotspots (unit_path);

-- @postgres
ALTER TABLE grids ALTER COLUMN unit_path TYPE TEXT COLLATE "C";
ALTER TABLE rental_houses ALTER COLUMN unit_path TYPE TEXT COLLATE "C";
ALTER TABLE residents ALTER COLUMN unit_path TYPE TEXT COLLATE "C";
ALTER TABLE resident_groups ALTER COLUMN unit_path TYPE TEXT COLLATE "C";
ALTER TABLE hotspots ALTER COLUMN unit_path TYPE TEXT COLLATE "C";
-- @end
-- @sqlite
SELECT 1;
-- @end
