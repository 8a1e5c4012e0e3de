-- 0012_application_fees: an application whose item carries a fee (工本费)
-- waits for its payment before it reaches the queue. One row per such
-- application, written in the transaction that makes the application; the
-- payment's success transaction sets paid_at.
CREATE TABLE application_fees (
  application_id BIGINT PRIMARY KEY REFERENCES applications(id) ON DELETE CASCADE,
  fee_cents BIGINT NOT NULL CHECK (fee_cents > 0),
  paid_at BIGINT
);
CREATE INDEX application_fees_unpaid ON application_fees (application_id) WHERE paid_at IS NULL;
