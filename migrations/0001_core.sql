-- 0001_core: units, accounts, sessions, officers, audit log, counters, rate limits.
-- Portable SQL; @ID@ and @BLOB@ and the "-- @sqlite"/"-- @postgres" blocks are
-- resolved per database by src/db/db.c. Times are Unix seconds (BIGINT).

CREATE TABLE units (
  id @ID@,
  parent_id BIGINT REFERENCES units(id),
  path TEXT NOT NULL DEFAULT '',          -- "/1/4/17/": ancestors and self, for data scope
  kind TEXT NOT NULL CHECK (kind IN ('bureau', 'branch', 'station', 'community_station',
                                     'village_office', 'traffic_brigade', 'inspection_station')),
  name TEXT NOT NULL,
  address TEXT NOT NULL DEFAULT '',
  phone TEXT NOT NULL DEFAULT '',
  hours TEXT NOT NULL DEFAULT '',
  lat_e6 BIGINT,                          -- latitude in millionths of a degree
  lng_e6 BIGINT,
  sort INTEGER NOT NULL DEFAULT 0,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE INDEX units_parent ON units (parent_id);
CREATE INDEX units_path ON units (path);
CREATE INDEX units_kind ON units (kind);

CREATE TABLE users (
  id @ID@,
  kind TEXT NOT NULL CHECK (kind IN ('citizen', 'staff')),
  role TEXT NOT NULL CHECK (role IN ('citizen', 'auxiliary', 'officer', 'station_chief', 'unit_admin',
                                     'sysadmin', 'secadmin', 'auditor')),
  login TEXT NOT NULL UNIQUE,             -- phone for citizens, user name for staff
  name TEXT NOT NULL,
  phone TEXT,
  id_enc @BLOB@,                          -- secretbox(ID number)
  id_bidx @BLOB@ UNIQUE,                  -- keyed BLAKE2b of the ID number
  id_masked TEXT,                         -- 330102********1234, for lists without decrypting
  unit_id BIGINT REFERENCES units(id),
  pw_hash TEXT NOT NULL,
  failed_logins INTEGER NOT NULL DEFAULT 0,
  locked_until BIGINT NOT NULL DEFAULT 0,
  disabled INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1)),
  is_demo INTEGER NOT NULL DEFAULT 0 CHECK (is_demo IN (0, 1)),
  created_at BIGINT NOT NULL,
  last_login_at BIGINT,
  CHECK ((kind = 'citizen' AND role = 'citizen') OR (kind = 'staff' AND role <> 'citizen'))
);
CREATE INDEX users_unit ON users (unit_id);

CREATE TABLE sessions (
  token_hash @BLOB@ PRIMARY KEY,          -- BLAKE2b of the cookie's token
  user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  csrf TEXT NOT NULL,
  ip TEXT NOT NULL DEFAULT '',
  created_at BIGINT NOT NULL,
  last_seen BIGINT NOT NULL,
  idle_secs INTEGER NOT NULL,             -- ends after this long without a request
  expires_at BIGINT NOT NULL              -- absolute end
);
CREATE INDEX sessions_user ON sessions (user_id);

CREATE TABLE officers (
  id @ID@,
  unit_id BIGINT NOT NULL REFERENCES units(id),
  user_id BIGINT REFERENCES users(id),
  name TEXT NOT NULL,
  badge_no TEXT UNIQUE,                   -- 警号, police only
  title TEXT NOT NULL DEFAULT '',
  kind TEXT NOT NULL CHECK (kind IN ('police', 'auxiliary')),
  rank INTEGER NOT NULL DEFAULT 100,      -- order within a unit: chief first
  duty_area TEXT NOT NULL DEFAULT '',
  office_hours TEXT NOT NULL DEFAULT '',
  accepts_appointments INTEGER NOT NULL DEFAULT 0 CHECK (accepts_appointments IN (0, 1)),
  intro TEXT NOT NULL DEFAULT '',
  search TEXT NOT NULL DEFAULT '',        -- name, badge number and title, for the directory search
  list_order BIGINT NOT NULL DEFAULT 0,   -- police first, then unit, then rank (see directory.c)
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  CHECK ((kind = 'police' AND badge_no IS NOT NULL) OR (kind = 'auxiliary' AND badge_no IS NULL))
);
CREATE INDEX officers_unit ON officers (unit_id, kind, rank);
CREATE INDEX officers_list ON officers (list_order, id);

-- The audit log is a hash chain: each row's hash covers its content and the
-- previous row's hash, keyed with a key outside the database. audit_head is
-- the single row that serialises writers and remembers the chain's end.
CREATE TABLE audit_log (
  id BIGINT PRIMARY KEY,                  -- 1, 2, 3 … without gaps
  at BIGINT NOT NULL,
  actor_id BIGINT,
  actor_login TEXT NOT NULL,
  action TEXT NOT NULL,
  object_type TEXT NOT NULL DEFAULT '',
  object_id TEXT NOT NULL DEFAULT '',
  detail TEXT NOT NULL DEFAULT '',
  ip TEXT NOT NULL DEFAULT '',
  prev_hash TEXT NOT NULL,
  hash TEXT NOT NULL
);
CREATE INDEX audit_log_action ON audit_log (action);
CREATE INDEX audit_log_actor ON audit_log (actor_id);
CREATE TABLE audit_head (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  seq BIGINT NOT NULL,
  last_hash TEXT NOT NULL
);
INSERT INTO audit_head (id, seq, last_hash) VALUES (1, 0, '');

CREATE TABLE rate_limits (
  key TEXT PRIMARY KEY,                   -- "login-ip:1.2.3.4"
  window_start BIGINT NOT NULL,
  count INTEGER NOT NULL
);

CREATE TABLE counters (
  name TEXT PRIMARY KEY,
  value BIGINT NOT NULL DEFAULT 0
);
INSERT INTO counters (name, value) VALUES ('page_views', 0);
INSERT INTO counters (name, value) VALUES ('transactions', 0);
INSERT INTO counters (name, value) VALUES ('directory_version', 0);  -- bumped by every directory change
