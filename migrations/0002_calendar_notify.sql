-- 0002_calendar_notify: the holiday calendar shared by every time limit, and
-- the citizen's in-site inbox with its SMS outbox.

-- Days that differ from the Monday-to-Friday rule: public holidays
-- (kind 'holiday', also when they fall on a weekday) and the weekend days
-- that are worked instead (kind 'workday', 调休上班).
CREATE TABLE calendar_days (
  day TEXT PRIMARY KEY CHECK (length(day) = 10),   -- YYYY-MM-DD
  kind TEXT NOT NULL CHECK (kind IN ('holiday', 'workday')),
  name TEXT NOT NULL DEFAULT ''
);

-- 2026, as announced by the General Office of the State Council.
INSERT INTO calendar_days (day, kind, name) VALUES
  ('2026-01-01', 'holiday', '元旦'), ('2026-01-02', 'holiday', '元旦'), ('2026-01-03', 'holiday', '元旦'),
  ('2026-01-04', 'workday', '元旦调休'),
  ('2026-02-14', 'workday', '春节调休'),
  ('2026-02-15', 'holiday', '春节'), ('2026-02-16', 'holiday', '春节'), ('2026-02-17', 'holiday', '春节'),
  ('2026-02-18', 'holiday', '春节'), ('2026-02-19', 'holiday', '春节'), ('2026-02-20', 'holiday', '春节'),
  ('2026-02-21', 'holiday', '春节'), ('2026-02-22', 'holiday', '春节'), ('2026-02-23', 'holiday', '春节'),
  ('2026-02-28', 'workday', '春节调休'),
  ('2026-04-04', 'holiday', '清明节'), ('2026-04-05', 'holiday', '清明节'), ('2026-04-06', 'holiday', '清明节'),
  ('2026-05-01', 'holiday', '劳动节'), ('2026-05-02', 'holiday', '劳动节'), ('2026-05-03', 'holiday', '劳动节'),
  ('2026-05-04', 'holiday', '劳动节'), ('2026-05-05', 'holiday', '劳动节'),
  ('2026-05-09', 'workday', '劳动节调休'),
  ('2026-06-19', 'holiday', '端午节'), ('2026-06-20', 'holiday', '端午节'), ('2026-06-21', 'holiday', '端午节'),
  ('2026-09-20', 'workday', '国庆节调休'),
  ('2026-09-25', 'holiday', '中秋节'), ('2026-09-26', 'holiday', '中秋节'), ('2026-09-27', 'holiday', '中秋节'),
  ('2026-10-01', 'holiday', '国庆节'), ('2026-10-02', 'holiday', '国庆节'), ('2026-10-03', 'holiday', '国庆节'),
  ('2026-10-04', 'holiday', '国庆节'), ('2026-10-05', 'holiday', '国庆节'), ('2026-10-06', 'holiday', '国庆节'),
  ('2026-10-07', 'holiday', '国庆节'),
  ('2026-10-10', 'workday', '国庆节调休');

-- The inbox. sms_state: 0 no SMS wanted, 1 waiting for the dispatcher,
-- 2 handed to the SMS driver. The dispatcher sends after the transaction
-- that wrote the row has committed, so a rolled-back change sends nothing.
CREATE TABLE notifications (
  id @ID@,
  user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  kind TEXT NOT NULL,                     -- "application.status", "inspection.reminder", …
  title TEXT NOT NULL,
  body TEXT NOT NULL DEFAULT '',
  link TEXT NOT NULL DEFAULT '',          -- a path in the web app
  created_at BIGINT NOT NULL,
  read_at BIGINT,
  sms_state INTEGER NOT NULL DEFAULT 0 CHECK (sms_state IN (0, 1, 2))
);
CREATE INDEX notifications_user ON notifications (user_id, id);
CREATE INDEX notifications_sms ON notifications (sms_state, id);
