-- 0011_payments: the online payment platform (在线支付). Orders for what the
-- bureau is owed (a handled violation's fine, an item's fee), the channels'
-- notifications as received, and an append-only double-entry ledger.

-- The payment channels and whether each is on. The sandbox is turned on by
-- `seed --demo` only; a real install turns on what it has configured.
CREATE TABLE payment_channels (
  name TEXT PRIMARY KEY,
  enabled INTEGER NOT NULL DEFAULT 0 CHECK (enabled IN (0, 1))
);
INSERT INTO payment_channels (name, enabled) VALUES ('sandbox', 0);
INSERT INTO payment_channels (name, enabled) VALUES ('alipay', 0);

-- One order: an attempt to pay one payable (purpose, ref) through one
-- channel. The amount is the server's, fixed when the order is made.
CREATE TABLE payment_orders (
  id TEXT PRIMARY KEY CHECK (length(id) = 21),          -- P + yyyymmdd + 12 digits: the channel's out_trade_no
  purpose TEXT NOT NULL CHECK (purpose IN ('violation', 'application')),
  ref TEXT NOT NULL,                                    -- violation id / tracking number
  payer_id BIGINT NOT NULL REFERENCES users(id),
  channel TEXT NOT NULL REFERENCES payment_channels(name),
  subject TEXT NOT NULL,                                -- what is paid for, as shown to the payer
  principal_cents BIGINT NOT NULL CHECK (principal_cents > 0),
  late_fee_cents BIGINT NOT NULL DEFAULT 0 CHECK (late_fee_cents >= 0),
  amount_cents BIGINT NOT NULL CHECK (amount_cents = principal_cents + late_fee_cents),
  status TEXT NOT NULL CHECK (status IN ('created', 'paying', 'succeeded', 'failed', 'closed',
                                         'partially_refunded', 'refunded')),
  refunded_cents BIGINT NOT NULL DEFAULT 0 CHECK (refunded_cents >= 0),
  refund_pending_cents BIGINT NOT NULL DEFAULT 0 CHECK (refund_pending_cents >= 0), -- requested or approved, not yet done
  channel_trade_no TEXT,                                -- the channel's own number, once paid
  created_at BIGINT NOT NULL,
  expires_at BIGINT NOT NULL,
  paid_at BIGINT,
  ended_at BIGINT,                                      -- failed or closed
  queried_at BIGINT,                                    -- when the tick last asked the channel about it
  idem_key TEXT,
  idem_hash TEXT,
  updated_at BIGINT NOT NULL,
  UNIQUE (payer_id, idem_key),
  CHECK ((status IN ('succeeded', 'partially_refunded', 'refunded')) = (paid_at IS NOT NULL)),
  -- What is refunded or on its way back never exceeds what was paid, however many refunds race.
  CHECK (refunded_cents + refund_pending_cents <= amount_cents)
);
-- At most one open order and at most one paid order per payable, whatever
-- the number of tabs, devices or instances.
CREATE UNIQUE INDEX payment_orders_one_open ON payment_orders (purpose, ref)
  WHERE status IN ('created', 'paying');
CREATE UNIQUE INDEX payment_orders_one_paid ON payment_orders (purpose, ref)
  WHERE status IN ('succeeded', 'partially_refunded', 'refunded');
CREATE INDEX payment_orders_payer ON payment_orders (payer_id, created_at);
CREATE INDEX payment_orders_due ON payment_orders (status, expires_at);
CREATE INDEX payment_orders_stuck ON payment_orders (status, updated_at);

-- Refunds: a cashier requests one with a reason; a finance approver (never
-- the requester) approves or rejects it; an approved one goes out through
-- the order's channel and its result is applied once.
CREATE TABLE payment_refunds (
  id @ID@,
  order_id TEXT NOT NULL REFERENCES payment_orders(id),
  amount_cents BIGINT NOT NULL CHECK (amount_cents > 0),
  reason TEXT NOT NULL CHECK (length(reason) BETWEEN 1 AND 400),
  status TEXT NOT NULL CHECK (status IN ('requested', 'approved', 'rejected', 'succeeded', 'failed')),
  requested_by BIGINT NOT NULL REFERENCES users(id),
  requested_at BIGINT NOT NULL,
  decided_by BIGINT REFERENCES users(id),
  decided_at BIGINT,
  note TEXT NOT NULL DEFAULT '',
  done_at BIGINT,
  CHECK (decided_by IS NULL OR decided_by <> requested_by),
  CHECK ((status = 'requested') = (decided_by IS NULL))
);
CREATE INDEX payment_refunds_order ON payment_refunds (order_id);
CREATE INDEX payment_refunds_status ON payment_refunds (status, id);

-- Every notification a channel sent, genuine or not, and what became of it.
CREATE TABLE payment_notifications (
  id @ID@,
  channel TEXT NOT NULL,
  order_id TEXT,                                        -- as the notification names it (may be unknown)
  received_at BIGINT NOT NULL,
  outcome TEXT NOT NULL CHECK (outcome IN ('applied', 'duplicate', 'late', 'forged', 'unknown_order',
                                           'amount_mismatch', 'malformed')),
  result TEXT,                                          -- success / fail as the channel said
  amount_cents BIGINT,
  trade_no TEXT,
  detail TEXT NOT NULL DEFAULT ''
);
CREATE INDEX payment_notifications_order ON payment_notifications (order_id, id);

-- The ledger: each movement is two rows (or more) that sum to zero, written
-- in the transaction of the state change. Accounts: 'clearing:<channel>'
-- (money the channel holds for us), 'revenue:<purpose>' (what the bureau
-- was owed and got), 'refunds:<purpose>'. Nothing updates or deletes a row.
CREATE TABLE payment_ledger (
  id @ID@,
  movement TEXT NOT NULL,                               -- 'pay:<order>' / 'refund:<refund id>'
  order_id TEXT NOT NULL REFERENCES payment_orders(id),
  account TEXT NOT NULL,
  amount_cents BIGINT NOT NULL CHECK (amount_cents <> 0),
  at BIGINT NOT NULL,
  UNIQUE (movement, account)
);
CREATE INDEX payment_ledger_order ON payment_ledger (order_id);

-- @sqlite
CREATE TRIGGER payment_ledger_no_update BEFORE UPDATE ON payment_ledger
BEGIN SELECT RAISE(ABORT, 'payment_ledger is append-only'); END;
CREATE TRIGGER payment_ledger_no_delete BEFORE DELETE ON payment_ledger
BEGIN SELECT RAISE(ABORT, 'payment_ledger is append-only'); END;
-- @end
-- @postgres
CREATE FUNCTION payment_ledger_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'payment_ledger is append-only';
END;
$$;
CREATE TRIGGER payment_ledger_no_update BEFORE UPDATE OR DELETE ON payment_ledger
  FOR EACH ROW EXECUTE FUNCTION payment_ledger_append_only();
CREATE TRIGGER payment_ledger_no_truncate BEFORE TRUNCATE ON payment_ledger
  FOR EACH STATEMENT EXECUTE FUNCTION payment_ledger_append_only();
-- @end


-- Notifications refused or late (forged, unknown order, wrong amount, paid
-- after close): each is also an ALERT line in the log.
INSERT INTO counters (name, value) VALUES ('payment_alerts', 0);
