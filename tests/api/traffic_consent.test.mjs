// Whose car is whose (issue 7, as in 交管12123): a citizen binds at once only
// the vehicles registered to her ID number; another person's car needs its
// owner's consent in the app (approve / decline, revoke later), the owner is
// told of every handling of her car's violations by someone else, and her
// name is never shown whole to anyone else.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, assertProblem, registerCitizen, DEMO_CITIZEN } from './harness.mjs';

let srv;
before(async () => { srv = await startServer(); });
after(async () => { await srv?.stop(); });

let seq = 0;
async function person() {
  const c = await registerCitizen(srv);
  const client = await srv.signIn(c.phone, c.password);
  const me = await client.get('/api/v1/me');
  return { ...c, client, name: me.json.name ?? me.json.user?.name };
}

/** A car registered to owner's ID number (as the vehicle office would record it). */
async function carOf(owner) {
  const plate = `浙N${String(40000 + seq++).padStart(5, '0')}`;
  const six = `C${String(20000 + seq).padStart(5, '0')}`;
  const id = Number(await srv.value(`INSERT INTO vehicles (plate_type, plate, vin, engine_no, engine6, owner_user_id, owner_name, registered_on, inspection_due, created_at, owner_id_bidx) SELECT '02', '${plate}', '', 'E${six}', '${six}', NULL, u.name, '', '2027-01-01', 0, u.id_bidx FROM users u WHERE u.id = ${owner.id} RETURNING id`));
  return { id, plate, six, body: { plate_type: '02', plate, engine6: six } };
}

async function violation(car, act = '1344', points = 3) {
  return Number(await srv.value(`INSERT INTO violations (number, vehicle_id, occurred_at, place, act_code, fine_cents, points, status) VALUES ('7${String(car.id).padStart(9, '0')}${String(seq++).padStart(6, '0')}', ${car.id}, ${Math.floor(Date.now() / 1000) - 86400}, '台州市椒江区', '${act}', 10000, ${points}, 'unhandled') RETURNING id`));
}

const kinds = async (userId) => (await srv.rows(`SELECT kind FROM notifications WHERE user_id = ${userId} ORDER BY id`)).map((r) => r[0]);

test('one\'s own car binds at once; another person\'s car only becomes a request to its owner', async () => {
  const owner = await person();
  const other = await person();
  const car = await carOf(owner);

  const own = await owner.client.post('/api/v1/me/vehicles', car.body);
  assert.equal(own.status, 201, own.text);
  assert.equal(own.json.relation, 'own');
  assert.equal(own.json.owner_name, owner.name, 'the owner sees her own name');

  const ask = await other.client.post('/api/v1/me/vehicles', car.body);
  assert.equal(ask.status, 202, `knowing plate and six is not enough: ${ask.text}`);
  assert.equal(ask.json.status, 'pending');
  assert.equal(ask.json.vehicle.plate, car.plate);
  assert.equal((await other.client.get('/api/v1/me/vehicles')).json.items.length, 0);
  assert.equal((await other.client.get('/api/v1/me/violations')).json.items.length, 0);
  const v = await violation(car);
  assertProblem(await other.client.post(`/api/v1/me/violations/${v}/handle`), 404, 'not-found');
  assertProblem(await other.client.post('/api/v1/me/vehicles', car.body), 409, 'conflict', 'asked twice');
  assert.ok((await kinds(owner.id)).includes('vehicle.consent_request'), 'the owner is told');

  // The owner sees who asks, masked; the requester sees the owner's name masked.
  const inc = await owner.client.get('/api/v1/me/vehicle-consents');
  assert.equal(inc.status, 200, inc.text);
  const req = inc.json.incoming.find((x) => x.id === ask.json.consent_id);
  assert.ok(req, inc.text);
  assert.equal(req.status, 'pending');
  assert.equal(req.requester.name_masked, `${[...other.name][0]}${'*'.repeat([...other.name].length - 1)}`);
  assert.match(req.requester.phone_masked, /^1\d{2}\*{4}\d{4}$/);
  const out = await other.client.get('/api/v1/me/vehicle-consents');
  const mine = out.json.outgoing.find((x) => x.id === ask.json.consent_id);
  assert.ok(mine && mine.status === 'pending');
  assert.notEqual(mine.owner_name_masked, owner.name);
  assert.ok(!JSON.stringify(out.json).includes(owner.name), 'the owner\'s name never whole');

  // Only the owner decides.
  assertProblem(await other.client.post(`/api/v1/me/vehicle-consents/${ask.json.consent_id}/approve`), 404, 'not-found');
  const stranger = await person();
  assertProblem(await stranger.client.post(`/api/v1/me/vehicle-consents/${ask.json.consent_id}/approve`), 404, 'not-found');
  assertProblem(await owner.client.post(`/api/v1/me/vehicle-consents/${ask.json.consent_id}/approve`, undefined, { csrf: false }), 403, 'csrf');

  const ok = await owner.client.post(`/api/v1/me/vehicle-consents/${ask.json.consent_id}/approve`);
  assert.equal(ok.status, 200, ok.text);
  assert.equal(ok.json.status, 'approved');
  assertProblem(await owner.client.post(`/api/v1/me/vehicle-consents/${ask.json.consent_id}/approve`), 409, 'conflict');
  const list = await other.client.get('/api/v1/me/vehicles');
  const bound = list.json.items.find((x) => x.plate === car.plate);
  assert.ok(bound, list.text);
  assert.equal(bound.relation, 'consented');
  assert.notEqual(bound.owner_name, owner.name);
  assert.equal(bound.owner_name, `${[...owner.name][0]}${'*'.repeat([...owner.name].length - 1)}`);
  assert.ok((await kinds(other.id)).includes('vehicle.consent'));

  // Handling by the consented binder: points on her licence, the owner told.
  const h = await other.client.post(`/api/v1/me/violations/${v}/handle`);
  assert.equal(h.status, 200, h.text);
  assert.equal((await other.client.get('/api/v1/me/licence')).json.points, 3);
  assert.equal((await owner.client.get('/api/v1/me/licence')).json.points, 0);
  assert.ok((await kinds(owner.id)).includes('violation.handled_by_other'), 'the owner is told of the handling');
  // The owner handling her own car is not told about herself.
  const v2 = await violation(car, '1223', 1);
  assert.equal((await owner.client.post(`/api/v1/me/violations/${v2}/handle`)).status, 200);
  assert.equal((await kinds(owner.id)).filter((k) => k === 'violation.handled_by_other').length, 1);

  // Revoked: the binding goes.
  const rv = await owner.client.post(`/api/v1/me/vehicle-consents/${ask.json.consent_id}/revoke`);
  assert.equal(rv.status, 200, rv.text);
  assert.equal(rv.json.status, 'revoked');
  assert.ok(!(await other.client.get('/api/v1/me/vehicles')).json.items.some((x) => x.plate === car.plate));
  const v3 = await violation(car);
  assertProblem(await other.client.post(`/api/v1/me/violations/${v3}/handle`), 404, 'not-found');
  assertProblem(await owner.client.post(`/api/v1/me/vehicle-consents/${ask.json.consent_id}/revoke`), 409, 'conflict');
  // A new request is possible after a revocation.
  assert.equal((await other.client.post('/api/v1/me/vehicles', car.body)).status, 202);
});

test('decline, withdraw, unbinding ends the consent; a car whose owner has no account cannot be bound online', async () => {
  const owner = await person();
  const a = await person();
  const b = await person();
  const car = await carOf(owner);
  const ra = await a.client.post('/api/v1/me/vehicles', car.body);
  const rb = await b.client.post('/api/v1/me/vehicles', car.body);
  assert.equal(ra.status, 202);
  assert.equal(rb.status, 202);
  const d = await owner.client.post(`/api/v1/me/vehicle-consents/${ra.json.consent_id}/decline`);
  assert.equal(d.json.status, 'declined');
  assert.equal((await a.client.get('/api/v1/me/vehicles')).json.items.length, 0);
  assertProblem(await owner.client.post(`/api/v1/me/vehicle-consents/${ra.json.consent_id}/approve`), 409, 'conflict');
  assertProblem(await owner.client.post(`/api/v1/me/vehicle-consents/${rb.json.consent_id}/withdraw`), 404, 'not-found', 'only the requester withdraws');
  const w = await b.client.post(`/api/v1/me/vehicle-consents/${rb.json.consent_id}/withdraw`);
  assert.equal(w.json.status, 'withdrawn');
  assert.equal((await owner.client.get('/api/v1/me/vehicle-consents')).json.incoming.length, 0);

  // Approved, then the binder unbinds herself: the owner's list no longer shows her.
  const again = await a.client.post('/api/v1/me/vehicles', car.body);
  assert.equal((await owner.client.post(`/api/v1/me/vehicle-consents/${again.json.consent_id}/approve`)).status, 200);
  assert.equal((await owner.client.get('/api/v1/me/vehicle-consents')).json.incoming.length, 1);
  const vid = (await a.client.get('/api/v1/me/vehicles')).json.items[0].id;
  assert.equal((await a.client.del(`/api/v1/me/vehicles/${vid}`)).status, 204);
  assert.equal((await owner.client.get('/api/v1/me/vehicle-consents')).json.incoming.length, 0);

  // No owner account to consent: refused, nothing written.
  await srv.sql("INSERT INTO vehicles (plate_type, plate, vin, engine_no, engine6, owner_name, registered_on, inspection_due, created_at) VALUES ('02', '浙N99999', '', 'EZ99999', 'Z99999', '某某某', '', '2027-01-01', 0)");
  assertProblem(await a.client.post('/api/v1/me/vehicles', { plate_type: '02', plate: '浙N99999', engine6: 'Z99999' }), 409, 'conflict');
  assert.equal(await srv.value("SELECT COUNT(*) FROM vehicle_bindings b JOIN vehicles v ON v.id = b.vehicle_id WHERE v.plate = '浙N99999'"), '0');
});

test('the demo citizen owns both demo cars: 浙J12345 is bound, 浙JD12345 binds at once', async () => {
  const me = await srv.signIn(DEMO_CITIZEN);
  const list = await me.get('/api/v1/me/vehicles');
  const j = list.json.items.find((x) => x.plate === '浙J12345');
  assert.ok(j && j.relation === 'own' && j.owner_name === '王小明', list.text);
  const b = await me.post('/api/v1/me/vehicles', { plate_type: '52', plate: '浙JD12345', engine6: '654321' });
  assert.equal(b.status, 201, b.text);
  assert.equal(b.json.relation, 'own');
  // Someone else asking for the demo car goes to the demo citizen.
  const other = await person();
  const ask = await other.client.post('/api/v1/me/vehicles', { plate_type: '02', plate: '浙J12345', engine6: '123456' });
  assert.equal(ask.status, 202, ask.text);
  assert.ok((await me.get('/api/v1/me/vehicle-consents')).json.incoming.some((x) => x.id === ask.json.consent_id));
});

test('wrong guesses by others lock the plate for them, not for its owner binding it', async () => {
  const owner = await person();
  const stranger = await person();
  const car = await carOf(owner);
  for (let i = 0; i < 5; i++) {
    assertProblem(await srv.client().get(`/api/v1/violations?plate_type=02&plate=${encodeURIComponent(car.plate)}&engine6=00000${i}`), 404, 'not-found');
  }
  assertProblem(await stranger.client.post('/api/v1/me/vehicles', car.body), 429, 'rate-limited', 'the plate is locked');
  const own = await owner.client.post('/api/v1/me/vehicles', car.body);
  assert.equal(own.status, 201, own.text);
  // Even the owner needs the right six.
  const other = await carOf(owner);
  assertProblem(await owner.client.post('/api/v1/me/vehicles', { ...other.body, engine6: '000000' }), 404, 'not-found');
});
