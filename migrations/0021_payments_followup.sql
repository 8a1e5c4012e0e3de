-- 0021_payments_followup: the leftovers of issue 9.
--
-- * An order whose payable became void (a withdrawn case) is closed here at
--   once and marked close_at_channel until the tick has closed it at its
--   channel too (a channel's cashier could still take the money meanwhile).
-- * Money a channel took for an order after it had closed or failed ("late"
--   money) is recorded on the order (late_cents, late_trade_no, late_at),
--   in the ledger (clearing:<channel> against suspense:late) and goes back
--   through a refund the system itself requests: requested_by is NULL for
--   the system (origin 'late'); a finance approver still approves it.
-- * Reconciliation uploads are audited (audit_log); only one runs at a time.
-- @foreign-keys-off

ALTER TABLE payment_orders ADD COLUMN close_at_channel INTEGER NOT NULL DEFAULT 0;
ALTER TABLE payment_orders ADD COLUMN late_cents BIGINT NOT NULL DEFAULT 0;
ALTER TABLE payment_orders ADD COLUMN late_trade_no TEXT;
ALTER TABLE payment_orders ADD COLUMN late_at BIGINT;
CREATE INDEX payment_orders_close_at_channel ON payment_orders (close_at_channel) WHERE close_at_channel = 1;
CREATE INDEX payment_orders_late ON payment_orders (late_at) WHERE late_at IS NOT NULL;

-- @postgres
ALTER TABLE payment_orders ADD CONSTRAINT payment_orders_late_check
  CHECK (late_cents >= 0 AND (late_cents = 0 OR (late_cents = amount_cents AND late_at IS NOT NULL
    AND status IN ('closed', 'failed'))));
ALTER TABLE payment_refunds ALTER COLUMN requested_by DROP NOT NULL;
ALTER TABLE payment_refunds ADD COLUMN origin TEXT NOT NULL DEFAULT 'staff' CHECK (origin IN ('staff', 'late'));
ALTER TABLE payment_refunds ADD CONSTRAINT payment_refunds_system_check
  CHECK ((requested_by IS NULL) = (origin = 'late'));
-- @end

-- @sqlite
CREATE TABLE payment_refunds_new (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  order_id TEXT NOT NULL REFERENCES payment_orders(id),
  amount_cents BIGINT NOT NULL CHECK (amount_cents > 0),
  reason TEXT NOT NULL CHECK (length(reason) BETWEEN 1 AND 400),
  status TEXT NOT NULL CHECK (status IN ('requested', 'approved', 'rejected', 'succeeded', 'failed')),
  requested_by BIGINT REFERENCES users(id),             -- NULL: the system (origin 'late')
  requested_at BIGINT NOT NULL,
  decided_by BIGINT REFERENCES users(id),
  decided_at BIGINT,
  note TEXT NOT NULL DEFAULT '',
  done_at BIGINT,
  origin TEXT NOT NULL DEFAULT 'staff' CHECK (origin IN ('staff', 'late')),
  CHECK (decided_by IS NULL OR requested_by IS NULL OR decided_by <> requested_by),
  CHECK ((status = 'requested') = (decided_by IS NULL)),
  CHECK ((requested_by IS NULL) = (origin = 'late'))
);
INSERT INTO payment_refunds_new (id, order_id, amount_cents, reason, status, requested_by, requested_at, decided_by,
                                 decided_at, note, done_at, origin)
  SELECT id, order_id, amount_cents, reason, status, requested_by, requested_at, decided_by, decided_at, note, done_at,
         'staff' FROM payment_refunds;
DROP TABLE payment_refunds;
ALTER TABLE payment_refunds_new RENAME TO payment_refunds;
CREATE INDEX payment_refunds_order ON payment_refunds (order_id);
CREATE INDEX payment_refunds_status ON payment_refunds (status, id);
-- @end
