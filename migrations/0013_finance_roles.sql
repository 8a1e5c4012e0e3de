-- 0013_finance_roles: two staff roles for the payment platform (issue 9):
-- the cashier (收费员), who requests refunds, and the finance approver
-- (财务审核), who approves them — never the same person. The role column's
-- CHECK lists every role, so it is widened: PostgreSQL alters the
-- constraint; SQLite rebuilds the table (foreign keys off for the rebuild,
-- then checked, as SQLite's documentation prescribes).
-- @foreign-keys-off

-- @postgres
ALTER TABLE users DROP CONSTRAINT users_role_check;
ALTER TABLE users ADD CONSTRAINT users_role_check CHECK (role IN ('citizen', 'auxiliary', 'officer',
  'station_chief', 'unit_admin', 'sysadmin', 'secadmin', 'auditor', 'cashier', 'finance_approver'));
-- @end

-- @sqlite
CREATE TABLE users_new (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  kind TEXT NOT NULL CHECK (kind IN ('citizen', 'staff')),
  role TEXT NOT NULL CHECK (role IN ('citizen', 'auxiliary', 'officer', 'station_chief', 'unit_admin',
                                     'sysadmin', 'secadmin', 'auditor', 'cashier', 'finance_approver')),
  login TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  phone TEXT,
  id_enc BLOB,
  id_bidx BLOB UNIQUE,
  id_masked TEXT,
  unit_id BIGINT REFERENCES units(id),
  pw_hash TEXT NOT NULL,
  failed_logins INTEGER NOT NULL DEFAULT 0,
  locked_until BIGINT NOT NULL DEFAULT 0,
  disabled INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1)),
  is_demo INTEGER NOT NULL DEFAULT 0 CHECK (is_demo IN (0, 1)),
  created_at BIGINT NOT NULL,
  last_login_at BIGINT,
  pw_must_change INTEGER NOT NULL DEFAULT 0 CHECK (pw_must_change IN (0, 1)),
  CHECK ((kind = 'citizen' AND role = 'citizen') OR (kind = 'staff' AND role <> 'citizen'))
);
INSERT INTO users_new (id, kind, role, login, name, phone, id_enc, id_bidx, id_masked, unit_id, pw_hash,
                       failed_logins, locked_until, disabled, is_demo, created_at, last_login_at, pw_must_change)
  SELECT id, kind, role, login, name, phone, id_enc, id_bidx, id_masked, unit_id, pw_hash,
         failed_logins, locked_until, disabled, is_demo, created_at, last_login_at, pw_must_change FROM users;
DROP TABLE users;
ALTER TABLE users_new RENAME TO users;
CREATE INDEX users_unit ON users (unit_id);
-- @end
