-- 0008_traffic_hardening: vehicles belong to an ID number, another person's
-- car is bound only with its owner's consent, and spent proof-of-work
-- challenges of the plate guard (issue 7).

-- The owner's ID number as the same keyed blind index users.id_bidx holds:
-- a citizen's own vehicles are those registered to her ID number.
ALTER TABLE vehicles ADD COLUMN owner_id_bidx @BLOB@;
UPDATE vehicles SET owner_id_bidx = (SELECT u.id_bidx FROM users u WHERE u.id = vehicles.owner_user_id)
  WHERE owner_user_id IS NOT NULL;
CREATE INDEX vehicles_owner_bidx ON vehicles (owner_id_bidx);

-- A request to bind another person's vehicle: the owner approves or
-- declines it in her account, and may revoke an approval later. While it is
-- approved the requester has a row in vehicle_bindings.
CREATE TABLE vehicle_consents (
  id @ID@,
  vehicle_id BIGINT NOT NULL REFERENCES vehicles(id),
  requester_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  status TEXT NOT NULL CHECK (status IN ('pending', 'approved', 'declined', 'revoked', 'withdrawn')),
  created_at BIGINT NOT NULL,
  decided_at BIGINT,
  decided_by BIGINT REFERENCES users(id)
);
-- At most one open (pending or approved) request per vehicle and requester.
CREATE UNIQUE INDEX vehicle_consents_open ON vehicle_consents (vehicle_id, requester_id)
  WHERE status IN ('pending', 'approved');
CREATE INDEX vehicle_consents_vehicle ON vehicle_consents (vehicle_id, status);
CREATE INDEX vehicle_consents_requester ON vehicle_consents (requester_id, id);

-- Bindings of another person's vehicle made before consent existed become
-- requests its owner decides; until then the binder loses access.
INSERT INTO vehicle_consents (vehicle_id, requester_id, status, created_at)
  SELECT b.vehicle_id, b.user_id, 'pending', b.created_at
  FROM vehicle_bindings b JOIN vehicles v ON v.id = b.vehicle_id JOIN users u ON u.id = b.user_id
  WHERE v.owner_id_bidx IS NOT NULL AND (u.id_bidx IS NULL OR u.id_bidx <> v.owner_id_bidx);
DELETE FROM vehicle_bindings WHERE EXISTS (
  SELECT 1 FROM vehicles v JOIN users u ON u.id = vehicle_bindings.user_id
  WHERE v.id = vehicle_bindings.vehicle_id AND v.owner_id_bidx IS NOT NULL
    AND (u.id_bidx IS NULL OR u.id_bidx <> v.owner_id_bidx));

-- Proof-of-work challenges already answered (single use); a row lives
-- until its challenge expires.
CREATE TABLE pow_spent (
  mac TEXT PRIMARY KEY,
  expires_at BIGINT NOT NULL
);
CREATE INDEX pow_spent_expires ON pow_spent (expires_at);
