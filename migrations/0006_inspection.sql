-- 0006_inspection: vehicle-inspection stations' weekly slot templates and
-- date exceptions, the slots themselves (made from the template when a date
-- is first looked at), appointments, stolen-vehicle alerts.

CREATE TABLE inspection_templates (
  station_id BIGINT NOT NULL REFERENCES units(id),
  weekday INTEGER NOT NULL CHECK (weekday BETWEEN 0 AND 6),  -- 0 Monday … 6 Sunday
  open_min INTEGER NOT NULL,                                 -- minutes after midnight, local
  close_min INTEGER NOT NULL,
  lunch_start_min INTEGER NOT NULL DEFAULT 0,                -- 0/0: no lunch break
  lunch_end_min INTEGER NOT NULL DEFAULT 0,
  slot_min INTEGER NOT NULL CHECK (slot_min BETWEEN 10 AND 240),
  capacity INTEGER NOT NULL CHECK (capacity BETWEEN 1 AND 1000),
  PRIMARY KEY (station_id, weekday),
  CHECK (close_min > open_min AND close_min <= 1440 AND open_min >= 0)
);

-- A date that differs from the template: closed, or another capacity.
CREATE TABLE inspection_exceptions (
  station_id BIGINT NOT NULL REFERENCES units(id),
  day TEXT NOT NULL CHECK (length(day) = 10),
  closed INTEGER NOT NULL CHECK (closed IN (0, 1)),
  capacity INTEGER CHECK (capacity BETWEEN 1 AND 1000),
  note TEXT NOT NULL DEFAULT '',
  PRIMARY KEY (station_id, day)
);

CREATE TABLE inspection_slots (
  id @ID@,
  station_id BIGINT NOT NULL REFERENCES units(id),
  day TEXT NOT NULL,
  starts_at BIGINT NOT NULL,
  ends_at BIGINT NOT NULL,
  capacity INTEGER NOT NULL CHECK (capacity >= 0),
  booked INTEGER NOT NULL DEFAULT 0,
  UNIQUE (station_id, starts_at),
  CHECK (booked >= 0 AND booked <= capacity)
);
CREATE INDEX inspection_slots_day ON inspection_slots (station_id, day);

CREATE TABLE inspection_appointments (
  id @ID@,
  confirmation_no TEXT NOT NULL UNIQUE,
  slot_id BIGINT NOT NULL REFERENCES inspection_slots(id),
  station_id BIGINT NOT NULL REFERENCES units(id),
  vehicle_id BIGINT NOT NULL REFERENCES vehicles(id),
  user_id BIGINT NOT NULL REFERENCES users(id),
  status TEXT NOT NULL CHECK (status IN ('booked', 'cancelled', 'checked_in', 'no_show')),
  starts_at BIGINT NOT NULL,                                 -- the slot's, kept for the reminder and the bar
  idem_key TEXT,
  idem_hash TEXT,
  reminded INTEGER NOT NULL DEFAULT 0 CHECK (reminded IN (0, 1)),
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  UNIQUE (user_id, idem_key)
);
-- One active appointment per vehicle, whatever the threads and instances do.
CREATE UNIQUE INDEX inspection_one_active ON inspection_appointments (vehicle_id) WHERE status = 'booked';
CREATE INDEX inspection_appt_user ON inspection_appointments (user_id, status, starts_at);
CREATE INDEX inspection_appt_station ON inspection_appointments (station_id, starts_at);
CREATE INDEX inspection_appt_remind ON inspection_appointments (status, reminded, starts_at);

CREATE TABLE inspection_alerts (
  id @ID@,
  station_id BIGINT NOT NULL REFERENCES units(id),
  appointment_id BIGINT NOT NULL REFERENCES inspection_appointments(id),
  vehicle_id BIGINT NOT NULL REFERENCES vehicles(id),
  raised_at BIGINT NOT NULL,
  raised_by BIGINT REFERENCES users(id)
);
CREATE INDEX inspection_alerts_station ON inspection_alerts (station_id, id);
