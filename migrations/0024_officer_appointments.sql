-- 0024_officer_appointments: appointments with a named officer (预约民警).
-- Officers who accept appointments (officers.accepts_appointments) publish
-- office hours: a weekly template and per-date exceptions, closed on the
-- bureau's public holidays (calendar). A date's slots are made from them the
-- first time someone looks at that date, as inspection slots are (0006).

CREATE TABLE officer_hours (
  officer_id BIGINT NOT NULL REFERENCES officers(id),
  weekday INTEGER NOT NULL CHECK (weekday BETWEEN 0 AND 6),  -- 0 Monday … 6 Sunday
  open_min INTEGER NOT NULL,                                 -- minutes after local midnight
  close_min INTEGER NOT NULL,
  slot_min INTEGER NOT NULL CHECK (slot_min BETWEEN 10 AND 240),
  capacity INTEGER NOT NULL CHECK (capacity BETWEEN 1 AND 20),
  PRIMARY KEY (officer_id, weekday),
  CHECK (close_min > open_min AND close_min <= 1440 AND open_min >= 0)
);

CREATE TABLE officer_hours_exceptions (
  officer_id BIGINT NOT NULL REFERENCES officers(id),
  day TEXT NOT NULL CHECK (length(day) = 10),
  closed INTEGER NOT NULL CHECK (closed IN (0, 1)),
  note TEXT NOT NULL DEFAULT '',
  PRIMARY KEY (officer_id, day)
);

CREATE TABLE officer_slots (
  id @ID@,
  officer_id BIGINT NOT NULL REFERENCES officers(id),
  day TEXT NOT NULL,
  starts_at BIGINT NOT NULL,
  ends_at BIGINT NOT NULL,
  capacity INTEGER NOT NULL CHECK (capacity >= 0),
  booked INTEGER NOT NULL DEFAULT 0,
  UNIQUE (officer_id, starts_at),
  CHECK (booked >= 0 AND booked <= capacity)
);
CREATE INDEX officer_slots_day ON officer_slots (officer_id, day);

-- status: requested (waiting for the officer), confirmed, proposed (the
-- officer offered proposed_slot_id, a place of which is held), declined,
-- cancelled, no_show, attended. Only requested/confirmed/proposed hold places.
CREATE TABLE officer_appointments (
  id @ID@,
  confirmation_no TEXT NOT NULL UNIQUE,
  officer_id BIGINT NOT NULL REFERENCES officers(id),
  slot_id BIGINT NOT NULL REFERENCES officer_slots(id),
  user_id BIGINT NOT NULL REFERENCES users(id),
  day TEXT NOT NULL,                                  -- the slot's date, for one booking per officer a day
  starts_at BIGINT NOT NULL,
  ends_at BIGINT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('requested', 'confirmed', 'proposed', 'declined', 'cancelled',
                                         'no_show', 'attended')),
  topic TEXT NOT NULL,
  description TEXT NOT NULL DEFAULT '',
  reason TEXT NOT NULL DEFAULT '',                    -- why declined / cancelled / proposed
  proposed_slot_id BIGINT REFERENCES officer_slots(id),
  cancelled_by TEXT NOT NULL DEFAULT '' CHECK (cancelled_by IN ('', 'citizen', 'staff')),
  idem_key TEXT,
  idem_hash TEXT,
  reminded INTEGER NOT NULL DEFAULT 0 CHECK (reminded IN (0, 1)),
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  UNIQUE (user_id, idem_key)
);
-- One open booking per citizen, officer and day, whatever the threads and instances do.
CREATE UNIQUE INDEX officer_appt_one_a_day ON officer_appointments (user_id, officer_id, day)
  WHERE status IN ('requested', 'confirmed', 'proposed');
CREATE INDEX officer_appt_user ON officer_appointments (user_id, id);
CREATE INDEX officer_appt_officer ON officer_appointments (officer_id, starts_at);
CREATE INDEX officer_appt_remind ON officer_appointments (status, reminded, starts_at);
CREATE INDEX officer_appt_noshow ON officer_appointments (user_id, status, starts_at);

-- The citizen's uploads attached to a booking (their own, checked on booking).
CREATE TABLE officer_appointment_files (
  appointment_id BIGINT NOT NULL REFERENCES officer_appointments(id),
  upload_id BIGINT NOT NULL REFERENCES uploads(id),
  PRIMARY KEY (appointment_id, upload_id)
);
