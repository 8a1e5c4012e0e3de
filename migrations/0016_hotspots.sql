-- 0016_hotspots: the rectification (挂牌整治) of the public-order hotspots
-- registered in hotspots (0014): the log of every transition of the
-- workflow identified → listed → rectifying → checking → delisted (or back
-- to rectifying), the monthly progress reports with their figures, and the
-- acceptance checks (验收). The allowed transitions are a table in
-- src/hotspots/lifecycle.c; the database keeps the state consistent with
-- conditional UPDATEs (… WHERE id = ? AND status = ?).
--
-- Linking (the hook for other domains): a citizen report (Open311) or a
-- seizure of a stolen vehicle names its hotspot with a nullable
-- hotspot_id BIGINT REFERENCES hotspots(id) column in ITS OWN table, after
-- checking the id with jw_hotspot_linkable() (src/hotspots/hotspots.h).
-- Nothing here refers to those tables.

-- One row per transition: who moved the hotspot from what to what, when.
CREATE TABLE hotspot_events (
  id @ID@,
  hotspot_id BIGINT NOT NULL REFERENCES hotspots(id),
  at BIGINT NOT NULL,                         -- Unix seconds
  event TEXT NOT NULL,                        -- create, list, start, request_check, pass, fail
  from_status TEXT,                           -- NULL for create
  to_status TEXT NOT NULL,
  actor_id BIGINT NOT NULL REFERENCES users(id),
  note TEXT NOT NULL DEFAULT ''
);
CREATE INDEX hotspot_events_hotspot ON hotspot_events (hotspot_id, id);

-- A monthly progress report (整治进展月报) of the responsible unit: one per
-- hotspot and month; the public results are the sums of these figures.
CREATE TABLE hotspot_reports (
  id @ID@,
  hotspot_id BIGINT NOT NULL REFERENCES hotspots(id),
  month TEXT NOT NULL,                        -- YYYY-MM
  cases INTEGER NOT NULL CHECK (cases BETWEEN 0 AND 100000),       -- cases solved (破案)
  arrests INTEGER NOT NULL CHECK (arrests BETWEEN 0 AND 100000),   -- people caught (抓获)
  seizures INTEGER NOT NULL CHECK (seizures BETWEEN 0 AND 100000), -- stolen vehicles and goods seized (缴获)
  measures INTEGER NOT NULL CHECK (measures BETWEEN 0 AND 100000), -- other measures (cameras, lights, patrols added)
  summary TEXT NOT NULL DEFAULT '',           -- what was done, in words (internal)
  reported_by BIGINT NOT NULL REFERENCES users(id),
  created_at BIGINT NOT NULL,
  UNIQUE (hotspot_id, month)
);

-- An acceptance check (验收): who checked, on what day, passed or not, what they found.
CREATE TABLE hotspot_checks (
  id @ID@,
  hotspot_id BIGINT NOT NULL REFERENCES hotspots(id),
  checked_on TEXT NOT NULL,                   -- YYYY-MM-DD
  checked_by BIGINT NOT NULL REFERENCES users(id),
  passed INTEGER NOT NULL CHECK (passed IN (0, 1)),
  findings TEXT NOT NULL,
  created_at BIGINT NOT NULL
);
CREATE INDEX hotspot_checks_hotspot ON hotspot_checks (hotspot_id, id);
