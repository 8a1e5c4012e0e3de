-- 0023: spreadsheet imports of residents (社区人口导入), previewed before they
-- are written. A preview keeps the rows that passed the checks until the
-- officer who uploaded them confirms (then one transaction writes them all),
-- cancels, or an hour passes. The rows hold ID numbers, phones and names, so
-- they are kept only encrypted (rows_enc: secretbox of their JSON, as
-- residents.id_enc), and the confirm or cancel empties rows_enc; expired
-- previews are emptied when the next import is made.
CREATE TABLE resident_imports (
  id @ID@,
  user_id BIGINT NOT NULL REFERENCES users(id),   -- who uploaded it; nobody else sees it
  status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'done', 'cancelled')),
  format TEXT NOT NULL,                           -- xlsx / xls / csv
  encoding TEXT NOT NULL DEFAULT '',              -- CSV: UTF-8 / UTF-8 BOM / GB18030
  file_sha256 TEXT NOT NULL,                      -- hex, for the audit trail
  total_rows INTEGER NOT NULL,
  valid_rows INTEGER NOT NULL,
  error_rows INTEGER NOT NULL,
  rows_enc @BLOB@,                                -- secretbox(JSON of the valid rows); NULL once done
  inserted INTEGER NOT NULL DEFAULT 0,
  updated INTEGER NOT NULL DEFAULT 0,
  created_at BIGINT NOT NULL,
  expires_at BIGINT NOT NULL,
  finished_at BIGINT
);
CREATE INDEX resident_imports_user ON resident_imports (user_id, created_at);
CREATE INDEX resident_imports_expiry ON resident_imports (expires_at);
