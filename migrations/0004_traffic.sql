-- 0004_traffic: vehicles and their owners' bindings, the dictionary of
-- violation acts, violations, drivers' licence points, and road conditions.

CREATE TABLE vehicles (
  id @ID@,
  plate_type TEXT NOT NULL CHECK (length(plate_type) = 2),   -- 号牌种类 (GA 24.7): 01, 02, 51, 52 …
  plate TEXT NOT NULL,                                       -- 浙J12345 (GA 36), no I or O
  vin TEXT NOT NULL DEFAULT '',                              -- 17 characters, no I/O/Q
  engine_no TEXT NOT NULL,
  engine6 TEXT NOT NULL CHECK (length(engine6) = 6),         -- last six characters, upper case
  owner_user_id BIGINT REFERENCES users(id),
  owner_name TEXT NOT NULL DEFAULT '',
  registered_on TEXT NOT NULL DEFAULT '',                    -- YYYY-MM-DD
  inspection_due TEXT NOT NULL,                              -- 检验有效期止, YYYY-MM-DD
  status TEXT NOT NULL DEFAULT 'normal' CHECK (status IN ('normal', 'scrapped', 'deregistered')),
  stolen INTEGER NOT NULL DEFAULT 0 CHECK (stolen IN (0, 1)), -- 被盗抢
  due_reminded TEXT NOT NULL DEFAULT '',                     -- the inspection_due a reminder was sent for
  created_at BIGINT NOT NULL,
  UNIQUE (plate, plate_type)
);
CREATE INDEX vehicles_due ON vehicles (inspection_due);

CREATE TABLE vehicle_bindings (
  user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  vehicle_id BIGINT NOT NULL REFERENCES vehicles(id),
  created_at BIGINT NOT NULL,
  PRIMARY KEY (user_id, vehicle_id)
);
CREATE INDEX vehicle_bindings_vehicle ON vehicle_bindings (vehicle_id);

CREATE TABLE violation_acts (
  code TEXT PRIMARY KEY,                                     -- 违法代码, e.g. 1344
  text TEXT NOT NULL,
  points INTEGER NOT NULL CHECK (points IN (0, 1, 3, 6, 9, 12)),
  fine_min_cents BIGINT NOT NULL CHECK (fine_min_cents >= 0),
  fine_max_cents BIGINT NOT NULL,
  legal_basis TEXT NOT NULL,
  online_allowed INTEGER NOT NULL CHECK (online_allowed IN (0, 1)),
  CHECK (fine_max_cents >= fine_min_cents)
);

INSERT INTO violation_acts (code, text, points, fine_min_cents, fine_max_cents, legal_basis, online_allowed) VALUES
  ('1625', '驾驶机动车违反道路交通信号灯通行的', 6, 20000, 20000, '《道路交通安全法》第26条、第90条', 1),
  ('1344', '机动车违反禁令标志指示的', 3, 10000, 10000, '《道路交通安全法》第38条、第90条', 1),
  ('1352', '机动车超过规定时速10%以上未达20%的', 3, 20000, 20000, '《道路交通安全法》第42条、第90条', 1),
  ('1636', '机动车超过规定时速20%以上未达50%的', 6, 20000, 20000, '《道路交通安全法》第42条、第90条', 1),
  ('1603', '驾驶中型以上载客载货汽车超过规定时速50%以上的', 12, 200000, 200000, '《道路交通安全法》第99条', 0),
  ('1039', '机动车违反规定停放、临时停车且驾驶人不在现场妨碍其他车辆、行人通行的', 0, 15000, 15000, '《道路交通安全法》第56条、第93条', 1),
  ('1223', '驾驶机动车不按规定使用安全带的', 1, 5000, 5000, '《道路交通安全法》第51条、第90条', 1),
  ('1363', '驾驶时拨打接听手持电话的', 3, 5000, 5000, '《道路交通安全法实施条例》第62条', 1),
  ('1357', '驾驶机动车不按规定避让行人的', 3, 5000, 5000, '《道路交通安全法》第47条、第90条', 1),
  ('1301', '机动车逆向行驶的', 3, 20000, 20000, '《道路交通安全法》第35条、第90条', 1),
  ('1345', '机动车违反禁止标线指示的', 1, 10000, 10000, '《道路交通安全法》第38条、第90条', 1),
  ('6050', '驾驶机动车在高速公路上倒车、逆行、穿越中央分隔带掉头的', 12, 20000, 20000, '《道路交通安全法》第90条', 0),
  ('1110', '驾驶与准驾车型不符的机动车的', 9, 100000, 200000, '《道路交通安全法》第99条', 0),
  ('1211', '机动车未按规定定期进行安全技术检验的', 0, 20000, 20000, '《道路交通安全法》第13条、第90条', 1);

CREATE TABLE violations (
  id @ID@,
  number TEXT NOT NULL UNIQUE,                               -- 违法编号
  vehicle_id BIGINT NOT NULL REFERENCES vehicles(id),
  occurred_at BIGINT NOT NULL,
  place TEXT NOT NULL,
  act_code TEXT NOT NULL REFERENCES violation_acts(code),
  fine_cents BIGINT NOT NULL CHECK (fine_cents >= 0),
  points INTEGER NOT NULL CHECK (points BETWEEN 0 AND 12),
  unit_id BIGINT REFERENCES units(id),                       -- discovering unit
  status TEXT NOT NULL DEFAULT 'unhandled' CHECK (status IN ('unhandled', 'handled', 'paid')),
  decision_no TEXT UNIQUE,                                   -- 决定书编号, issued once
  handled_at BIGINT,
  handled_by BIGINT REFERENCES users(id),
  paid_at BIGINT,
  CHECK ((status = 'unhandled' AND decision_no IS NULL) OR (status <> 'unhandled' AND decision_no IS NOT NULL))
);
CREATE INDEX violations_vehicle ON violations (vehicle_id, occurred_at);

-- A driver's licence: points (记分) in the current twelve-month cycle.
CREATE TABLE licences (
  user_id BIGINT PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
  cycle_start TEXT NOT NULL,                                 -- YYYY-MM-DD
  points INTEGER NOT NULL DEFAULT 0 CHECK (points >= 0)
);

CREATE TABLE road_segments (
  id @ID@,
  district TEXT NOT NULL,
  road TEXT NOT NULL,
  section TEXT NOT NULL DEFAULT '',
  status TEXT NOT NULL CHECK (status IN ('smooth', 'slow', 'congested')),
  note TEXT NOT NULL DEFAULT '',
  updated_at BIGINT NOT NULL,
  updated_by BIGINT REFERENCES users(id)
);
CREATE INDEX road_segments_district ON road_segments (district, id);

CREATE TABLE road_incidents (
  id @ID@,
  district TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('accident', 'roadworks', 'closure', 'weather')),
  place TEXT NOT NULL,
  starts_at BIGINT NOT NULL,
  ends_at BIGINT NOT NULL,                                   -- the incident ends by itself then
  detour TEXT NOT NULL DEFAULT '',
  note TEXT NOT NULL DEFAULT '',
  created_at BIGINT NOT NULL,
  created_by BIGINT REFERENCES users(id),
  CHECK (ends_at > starts_at)
);
CREATE INDEX road_incidents_end ON road_incidents (ends_at);
