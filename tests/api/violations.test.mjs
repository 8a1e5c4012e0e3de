// Violations: the public query (right six → list, wrong six / unknown plate →
// 404, the 6th wrong six for a plate → 429 for that plate), binding vehicles, the
// citizen's list, online handling (allowed acts, the 12-point rule, the
// decision number issued once, twice → 409) and the server-computed late fee.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, assertProblem, assertInvalid, registerCitizen, DEMO_CITIZEN } from './harness.mjs';

let srv;
before(async () => { srv = await startServer(); });
after(async () => { await srv?.stop(); });

const query = (plate, six, type = '02') =>
  `/api/v1/violations?plate_type=${type}&plate=${encodeURIComponent(plate)}&engine6=${six}`;
const idOf = async (number) => Number(await srv.value(`SELECT id FROM violations WHERE number = '${number}'`));

test('the right engine six lists the demo vehicle\'s violations, newest first', async () => {
  const r = await srv.client().get(query('浙J12345', '123456'));
  assert.equal(r.status, 200, r.text);
  assert.deepEqual(r.json.vehicle, { plate_type: '02', plate: '浙J12345' });
  assert.ok(r.json.items.length >= 3);
  assert.ok(r.json.items.some((v) => v.status === 'unhandled'));
  const times = r.json.items.map((v) => Date.parse(v.occurred_at));
  assert.deepEqual(times, [...times].sort((a, b) => b - a));
  for (const v of r.json.items) {
    for (const k of ['id', 'occurred_at', 'place', 'act_code', 'act', 'fine_cents', 'points', 'status']) assert.ok(k in v, k);
    assert.ok(Number.isInteger(v.fine_cents));
    assert.match(v.occurred_at, /\+08:00$/);
  }
  // Lower case and a middle dot are the same plate.
  const again = await srv.client().get(query('浙j·12345', '123456'));
  assert.equal(again.status, 200, again.text);
  assert.equal(again.json.items.length, r.json.items.length);
  // Paging.
  const p1 = await srv.client().get(`${query('浙J12345', '123456')}&limit=2`);
  assert.equal(p1.json.items.length, 2);
  assert.equal(typeof p1.json.next_cursor, 'string');
});

test('the public query says per record whether it may be handled online, and why not (phone13 #4)', async () => {
  const r = await srv.client().get(query('浙J12345', '123456'));
  assert.equal(r.status, 200, r.text);
  const v1603 = r.json.items.find((v) => v.act_code === '1603');
  const v1344 = r.json.items.find((v) => v.act_code === '1344');
  assert.ok(v1603 && v1344, r.text);
  // 12 points / 2000 yuan: a counter, with the reason; the 3-point one online.
  assert.equal(v1603.status, 'unhandled');
  assert.equal(v1603.online_allowed, false);
  assert.equal(v1603.counter_reason, 'points_12');
  assert.equal(v1344.online_allowed, true);
  assert.equal(v1344.counter_reason, null);
  // The rule is the act's, the one the handling endpoint applies; handled records have no reason.
  for (const v of r.json.items) {
    assert.equal(typeof v.online_allowed, 'boolean');
    if (v.status !== 'unhandled' || v.online_allowed) assert.equal(v.counter_reason, null, v.number);
    else assert.ok(['points_12', 'on_site'].includes(v.counter_reason), v.number);
    // Nothing of the owner's side leaks to the public query.
    for (const k of ['plate', 'plate_type', 'vehicle_id']) assert.ok(!(k in v), k);
  }
  const acts = (await srv.client().get('/api/v1/violation-acts')).json.items;
  for (const v of r.json.items) assert.equal(v.online_allowed, acts.find((a) => a.code === v.act_code).online_allowed, v.act_code);
  // A 9-point act decided at a counter says on_site (the 1110 act, added for this test).
  const vid = Number(await srv.value(`SELECT vehicle_id FROM violations WHERE id = ${v1603.id}`));
  await srv.sql(`INSERT INTO violations (number, vehicle_id, occurred_at, place, act_code, fine_cents, points)
    VALUES ('T4-ONSITE-1', ${vid}, 1700000000, '测试路口', '1110', 100000, 9)`);
  const again = await srv.client().get(`${query('浙J12345', '123456')}&limit=100`);
  const v1110 = again.json.items.find((v) => v.number === 'T4-ONSITE-1');
  assert.ok(v1110, again.text);
  assert.equal(v1110.online_allowed, false);
  assert.equal(v1110.counter_reason, 'on_site');
  await srv.sql(`DELETE FROM violations WHERE number = 'T4-ONSITE-1'`);
});

test('bad input is 422 and names the field', async () => {
  const c = srv.client();
  assertInvalid(await c.get(query('浙J1234O', '123456')), 'plate', 'O in the plate');
  assertInvalid(await c.get(query('哈J12345', '123456')), 'plate', 'no such province');
  assertInvalid(await c.get(query('浙J12345', '12345')), 'engine6', 'five characters');
  assertInvalid(await c.get(query('浙J12345', '123456', '99')), 'plate_type', 'unknown type');
  assertInvalid(await c.get('/api/v1/violations?plate=x'), 'plate_type', 'missing');
  const acts = await c.get('/api/v1/violation-acts');
  assert.equal(acts.status, 200);
  assert.ok(acts.json.items.every((a) => [0, 1, 3, 6, 9, 12].includes(a.points)));
  assert.ok(acts.json.items.some((a) => a.points === 12 && a.online_allowed === false));
  const types = await c.get('/api/v1/plate-types');
  assert.ok(types.json.items.some((t) => t.code === '52'));
});

test('binding: wrong six → 404, twice → 409, list and unbind; another citizen cannot see or unbind it', async () => {
  const me = await srv.signIn(DEMO_CITIZEN);
  assertProblem(await me.post('/api/v1/me/vehicles', { plate_type: '52', plate: '浙JD12345', engine6: '000000' }), 404, 'not-found');
  // (Without engine6 her own car binds: traffic_guard.test.mjs.) A six of the wrong type is refused.
  assertProblem(await me.post('/api/v1/me/vehicles', { plate_type: '52', plate: '浙JD12345', engine6: 654321 }), 422, 'validation');
  assertProblem(await me.post('/api/v1/me/vehicles', { plate_type: '52', plate: '浙JD12345', engine6: '654321', x: 1 }), 422);
  assertProblem(await me.post('/api/v1/me/vehicles', { plate_type: '52', plate: '浙JD12345', engine6: '654321' }, { csrf: false }), 403, 'csrf');
  const b = await me.post('/api/v1/me/vehicles', { plate_type: '52', plate: '浙JD12345', engine6: '654321' });
  assert.equal(b.status, 201, b.text);
  assert.equal(b.json.plate, '浙JD12345');
  assert.equal(b.json.inspection_state, 'due');
  assert.match(b.json.vin_masked, /^\w{3}\*{10}\w{4}$/);
  assertProblem(await me.post('/api/v1/me/vehicles', { plate_type: '52', plate: '浙JD12345', engine6: '654321' }), 409, 'conflict');
  const list = await me.get('/api/v1/me/vehicles');
  assert.deepEqual(list.json.items.map((v) => v.plate).sort(), ['浙J12345', '浙JD12345']);

  const other = await registerCitizen(srv);
  const o = await srv.signIn(other.phone, other.password);
  assert.equal((await o.get('/api/v1/me/vehicles')).json.items.length, 0);
  assertProblem(await o.del(`/api/v1/me/vehicles/${b.json.id}`), 404, 'not-found');
  const mine = await o.get('/api/v1/me/violations');
  assert.equal(mine.json.items.length, 0, 'another citizen sees none of them');
  assertProblem(await srv.client().get('/api/v1/me/vehicles'), 401, 'unauthenticated');
  const staff = await srv.signIn('traffic');
  assertProblem(await staff.get('/api/v1/me/vehicles'), 403, 'forbidden');
});

test('handling online: decision number once, twice → 409, acts that need a visit → 422, the 12-point rule → 409', async () => {
  const me = await srv.signIn(DEMO_CITIZEN);
  const list = await me.get('/api/v1/me/violations?status=unhandled');
  assert.equal(list.status, 200, list.text);
  const v1344 = list.json.items.find((v) => v.act_code === '1344');
  const v1603 = list.json.items.find((v) => v.act_code === '1603');
  assert.ok(v1344 && v1603, list.text);
  assert.equal(v1344.online_allowed, true);
  assert.equal(v1603.online_allowed, false);

  const other = await registerCitizen(srv);
  const o = await srv.signIn(other.phone, other.password);
  assertProblem(await o.post(`/api/v1/me/violations/${v1344.id}/handle`), 404, 'not-found', 'not her vehicle');
  assertProblem(await me.post(`/api/v1/me/violations/${v1344.id}/handle`, undefined, { csrf: false }), 403, 'csrf');

  const h = await me.post(`/api/v1/me/violations/${v1344.id}/handle`);
  assert.equal(h.status, 200, h.text);
  assert.equal(h.json.status, 'handled');
  assert.equal(h.json.payment_status, 'to_pay');
  assert.match(h.json.decision_no, /^\d{18}$/);
  assert.equal(h.json.amount_due_cents, h.json.fine_cents);
  const twice = await me.post(`/api/v1/me/violations/${v1344.id}/handle`);
  assertProblem(twice, 409, 'conflict');
  assert.equal(await srv.value(`SELECT decision_no FROM violations WHERE id = ${v1344.id}`), h.json.decision_no);
  const lic = await me.get('/api/v1/me/licence');
  assert.equal(lic.json.points, 3);
  assert.equal(lic.json.limit, 12);

  const visit = await me.post(`/api/v1/me/violations/${v1603.id}/handle`);
  assertProblem(visit, 422, 'validation');
  assert.match(visit.json.detail, /cannot be handled online/);
  assert.equal(await srv.value(`SELECT status FROM violations WHERE id = ${v1603.id}`), 'unhandled');

  // 9 points held: a 3-point act would reach 12 → refused; a 1-point act is fine.
  await srv.sql(`UPDATE licences SET points = 9 WHERE user_id = (SELECT id FROM users WHERE login = '${DEMO_CITIZEN}')`);
  const three = await idOf('3310020000000006');
  const one = await idOf('3310020000000005');
  const refused = await me.post(`/api/v1/me/violations/${three}/handle`);
  assertProblem(refused, 409, 'conflict');
  assert.match(refused.json.detail, /reach 12/);
  assert.equal(await srv.value(`SELECT status FROM violations WHERE id = ${three}`), 'unhandled');
  const ok = await me.post(`/api/v1/me/violations/${one}/handle`);
  assert.equal(ok.status, 200, ok.text);
  assert.equal((await me.get('/api/v1/me/licence')).json.points, 10);
  const inbox = await me.get('/api/v1/me/notifications');
  assert.ok(inbox.json.items.some((n) => n.kind === 'violation.handled'));
});

test('the late fee is computed by the server: 3 % a day after 15 days, capped at the fine', async () => {
  const id = await idOf('3310020000000003');
  const now = Math.floor(Date.now() / 1000);
  await srv.sql(`UPDATE violations SET handled_at = ${now - 20 * 86400 - 60} WHERE id = ${id}`);
  const me = await srv.signIn(DEMO_CITIZEN);
  let v = (await me.get('/api/v1/me/violations?status=handled')).json.items.find((x) => x.id === id);
  assert.equal(v.late_fee_cents, Math.floor((v.fine_cents * 3 * 5) / 100));
  assert.equal(v.amount_due_cents, v.fine_cents + v.late_fee_cents);
  await srv.sql(`UPDATE violations SET handled_at = ${now - 100 * 86400} WHERE id = ${id}`);
  v = (await me.get('/api/v1/me/violations?status=handled')).json.items.find((x) => x.id === id);
  assert.equal(v.late_fee_cents, v.fine_cents);
  const paid = (await me.get('/api/v1/me/violations?status=paid')).json.items;
  assert.ok(paid.length >= 1 && paid.every((x) => x.amount_due_cents === 0 && x.payment_status === 'paid'));
  assertInvalid(await me.get('/api/v1/me/violations?status=lost'), 'status');
});

test('unknown plate → 404; 5 wrong sixes for a plate → 404 each, then 429 with a challenge for that plate only, even the right six', async () => {
  // The per-address challenge is tested in traffic_guard.test.mjs.
  await srv.sql("DELETE FROM rate_limits WHERE key LIKE 'plate-%'");
  const c = srv.client();
  assertProblem(await c.get(query('浙J99999', '123456')), 404, 'not-found', 'unknown plate');
  for (let i = 0; i < 5; i++) {
    const r = await c.get(query('浙J12345', String(200000 + i)));
    assertProblem(r, 404, 'not-found', `attempt ${i + 1}`);
    assert.equal(r.json.detail, 'No vehicle matches this plate and engine number.', 'the same words for both');
  }
  const locked = await c.get(query('浙J12345', '123456'));
  assertProblem(locked, 429, 'rate-limited', 'right six after the plate\'s limit');
  assert.match(locked.headers.get('retry-after') || '', /^\d+$/);
  assert.ok(locked.json.challenge?.nonce, 'the owner can go on by solving the challenge (traffic_guard.test.mjs)');
  const other = await c.get(query('浙JD12345', '654321', '52'));
  assert.equal(other.status, 200, 'another plate from the same address');
});
