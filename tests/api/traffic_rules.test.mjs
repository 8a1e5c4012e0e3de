// Traffic rules that must hold at the edges (issue 7): the 12-point rule under
// many concurrent handlings, late fees counted in the bureau's local days,
// the audited staff read of one appointment, rescheduling held to the same
// checks as booking, and "today"/"tomorrow" in the appointment reminder.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, assertProblem, registerCitizen } from './harness.mjs';

let srv;
let station;
before(async () => {
  srv = await startServer();
  const st = await srv.client().get('/api/v1/inspection/stations');
  station = st.json.items[0].id;
});
after(async () => { await srv?.stop(); });

const DAY = 86400;
const now = () => Math.floor(Date.now() / 1000);
const localDate = (t) => new Date((t + 8 * 3600) * 1000).toISOString().slice(0, 10);
const midnight = (date) => Date.parse(`${date}T00:00:00+08:00`) / 1000;
let seq = 0;

/** A signed-in new citizen with n vehicles bound to her (inserted by SQL), due in dueDays. */
async function citizenWithCars(n, dueDays = 30) {
  const c = await registerCitizen(srv);
  const client = await srv.signIn(c.phone, c.password);
  const due = localDate(now() + dueDays * DAY);
  const plates = [];
  for (let i = 0; i < n; i++) plates.push(`浙L${String(20000 + seq++).padStart(5, '0')}`);
  const values = plates.map((p, i) => `('02', '${p}', '', 'E${i}000000', '${String(i).padStart(6, '0')}', '', '', '${due}', 0)`);
  await srv.sql(`INSERT INTO vehicles (plate_type, plate, vin, engine_no, engine6, owner_name, registered_on, inspection_due, created_at) VALUES ${values.join(',')}`);
  await srv.sql(`INSERT INTO vehicle_bindings (user_id, vehicle_id, created_at) SELECT ${c.id}, id, 0 FROM vehicles WHERE plate IN (${plates.map((p) => `'${p}'`).join(',')})`);
  const ids = [];
  for (const p of plates) ids.push(Number(await srv.value(`SELECT id FROM vehicles WHERE plate = '${p}'`)));
  return { client, id: c.id, plates, vehicleIds: ids };
}

test('the 12-point rule holds under 10 concurrent handlings by one licence (conditional UPDATE → 409)', async () => {
  const { client, id: userId, vehicleIds } = await citizenWithCars(2);
  const t = now() - 5 * DAY;
  const values = [];
  for (let i = 0; i < 10; i++) {
    values.push(`('9${String(userId).padStart(7, '0')}${String(i).padStart(8, '0')}', ${vehicleIds[i % 2]}, ${t - i * 60}, '台州市椒江区测试路${i}号', '1344', 10000, 3, 'unhandled')`);
  }
  await srv.sql(`INSERT INTO violations (number, vehicle_id, occurred_at, place, act_code, fine_cents, points, status) VALUES ${values.join(',')}`);
  const ids = (await srv.rows(`SELECT v.id FROM violations v JOIN vehicles h ON h.id = v.vehicle_id WHERE h.id IN (${vehicleIds.join(',')}) ORDER BY v.id`)).map((r) => Number(r[0]));
  assert.equal(ids.length, 10);
  const results = await Promise.all(ids.map((id) => client.post(`/api/v1/me/violations/${id}/handle`)));
  const ok = results.filter((r) => r.status === 200);
  const refused = results.filter((r) => r.status === 409);
  assert.equal(ok.length + refused.length, 10, results.map((r) => `${r.status} ${r.text}`).join('\n'));
  // 0 → 3 → 6 → 9; a fourth 3-point act would reach 12.
  assert.equal(ok.length, 3, results.map((r) => r.status).join(','));
  for (const r of refused) {
    assertProblem(r, 409, 'conflict');
    assert.match(r.json.detail, /would reach 12/);
  }
  assert.equal(Number(await srv.value(`SELECT points FROM licences WHERE user_id = ${userId}`)), 9);
  assert.equal(Number(await srv.value(`SELECT COUNT(*) FROM violations WHERE id IN (${ids.join(',')}) AND status = 'handled'`)), 3);
  assert.equal((await client.get('/api/v1/me/licence')).json.points, 9);
});

test('the late fee counts the bureau\'s local days: decided at 23:59, the 16th day starts at midnight', async () => {
  const { client, vehicleIds } = await citizenWithCars(1);
  const today = localDate(now());
  // 23:59 Beijing time, 16 calendar days ago: the 16th day after it is today,
  // although fewer than 16 × 86,400 seconds have passed.
  const decided = midnight(today) - 15 * DAY - 60;
  const id = Number(await srv.value(`INSERT INTO violations (number, vehicle_id, occurred_at, place, act_code, fine_cents, points, status, decision_no, handled_at) VALUES ('8${String(vehicleIds[0]).padStart(15, '0')}', ${vehicleIds[0]}, ${decided - DAY}, '台州市椒江区', '1344', 10000, 3, 'handled', '8${String(vehicleIds[0]).padStart(17, '0')}', ${decided}) RETURNING id`));
  const v = (await client.get('/api/v1/me/violations?status=handled')).json.items.find((x) => x.id === id);
  assert.ok(v);
  assert.equal(v.late_fee_cents, 300, '3 % for the one day past the 15th');
  assert.equal(v.amount_due_cents, 10300);
  // One minute later the same evening: still day 15 → no fee.
  await srv.sql(`UPDATE violations SET handled_at = ${midnight(today) - 14 * DAY - 60} WHERE id = ${id}`);
  const w = (await client.get('/api/v1/me/violations?status=handled')).json.items.find((x) => x.id === id);
  assert.equal(w.late_fee_cents, 0);
});

/** A hand-made slot (at 07:00, a time the template never uses) on the first non-holiday day ≥ daysAhead. */
async function slotOn(daysAhead, capacity = 5) {
  for (let n = daysAhead; n < daysAhead + 10; n++) {
    const d = localDate(now() + n * DAY);
    if (await srv.value(`SELECT kind FROM calendar_days WHERE day = '${d}'`)) continue;
    const startsAt = midnight(d) + 7 * 3600 + seq++ * 60;
    return { id: Number(await srv.value(`INSERT INTO inspection_slots (station_id, day, starts_at, ends_at, capacity, booked) VALUES (${station}, '${d}', ${startsAt}, ${startsAt + 1800}, ${capacity}, 0) RETURNING id`)), day: d, startsAt };
  }
  throw new Error('no working day');
}

test('rescheduling is held to the booking checks: holiday, not due, barred after no-shows', async () => {
  const { client, id: userId, plates, vehicleIds } = await citizenWithCars(1);
  const first = await slotOn(3);
  const b = await client.post('/api/v1/inspection/appointments', { slot_id: first.id, plate_type: '02', plate: plates[0] });
  assert.equal(b.status, 201, b.text);

  // A slot made before its day was declared a public holiday.
  const holiday = await slotOn(6);
  await srv.sql(`INSERT INTO calendar_days (day, kind, name) VALUES ('${holiday.day}', 'holiday', '测试假日')`);
  const h = await client.put(`/api/v1/inspection/appointments/${b.json.id}`, { slot_id: holiday.id });
  assertProblem(h, 409, 'conflict', 'holiday');
  assert.match(h.json.detail, /public holiday/);
  await srv.sql(`DELETE FROM calendar_days WHERE day = '${holiday.day}'`);

  // The vehicle's inspection is no longer due (valid for 200 more days).
  const other = await slotOn(4);
  const due = await srv.value(`SELECT inspection_due FROM vehicles WHERE id = ${vehicleIds[0]}`);
  await srv.sql(`UPDATE vehicles SET inspection_due = '${localDate(now() + 200 * DAY)}' WHERE id = ${vehicleIds[0]}`);
  const nd = await client.put(`/api/v1/inspection/appointments/${b.json.id}`, { slot_id: other.id });
  assertProblem(nd, 422, 'validation', 'not due');
  assert.match(nd.json.detail, /^Not due yet/);
  await srv.sql(`UPDATE vehicles SET inspection_due = '${due}' WHERE id = ${vehicleIds[0]}`);

  // Three no-shows within 90 days bar online booking, and so rescheduling.
  const t = now();
  for (const ago of [40, 20, 3]) {
    const sid = Number(await srv.value(`INSERT INTO inspection_slots (station_id, day, starts_at, ends_at, capacity, booked) VALUES (${station}, '${localDate(t - ago * DAY)}', ${t - ago * DAY + seq++}, ${t - ago * DAY + 1800}, 5, 0) RETURNING id`));
    await srv.sql(`INSERT INTO inspection_appointments (confirmation_no, slot_id, station_id, vehicle_id, user_id, status, starts_at, created_at, updated_at) VALUES ('RS${sid}', ${sid}, ${station}, ${vehicleIds[0]}, ${userId}, 'no_show', ${t - ago * DAY}, 0, 0)`);
  }
  const barred = await client.put(`/api/v1/inspection/appointments/${b.json.id}`, { slot_id: other.id });
  assertProblem(barred, 403, 'forbidden', 'barred');
  // Nothing moved.
  assert.equal(Number(await srv.value(`SELECT slot_id FROM inspection_appointments WHERE id = ${b.json.id}`)), first.id);
  assert.equal(await srv.value(`SELECT booked FROM inspection_slots WHERE id = ${other.id}`), '0');
  await srv.sql(`DELETE FROM inspection_appointments WHERE user_id = ${userId} AND status = 'no_show'`);
  const moved = await client.put(`/api/v1/inspection/appointments/${b.json.id}`, { slot_id: other.id });
  assert.equal(moved.status, 200, moved.text);
});

test('staff reading one appointment (owner name and phone unmasked) leave an audit row; the owner does not', async () => {
  const { client, plates } = await citizenWithCars(1);
  const s = await slotOn(3);
  const b = await client.post('/api/v1/inspection/appointments', { slot_id: s.id, plate_type: '02', plate: plates[0] });
  assert.equal(b.status, 201, b.text);
  const count = async () => Number(await srv.value(`SELECT COUNT(*) FROM audit_log WHERE action = 'inspection.appointment_view' AND object_id = '${b.json.id}'`));
  const own = await client.get(`/api/v1/inspection/appointments/${b.json.id}`);
  assert.equal(own.status, 200);
  assert.ok(!('owner_phone' in own.json));
  assert.equal(await count(), 0);
  const insp = await srv.signIn('inspector');
  const r = await insp.get(`/api/v1/inspection/appointments/${b.json.id}`);
  assert.equal(r.status, 200, r.text);
  assert.match(r.json.owner_phone, /^1\d{10}$/);
  assert.equal(await count(), 1, 'the unmasked read is audited');
  const row = await srv.rows(`SELECT actor_login, object_type FROM audit_log WHERE action = 'inspection.appointment_view' AND object_id = '${b.json.id}'`);
  assert.deepEqual(row[0], ['inspector', 'appointment']);
  // Out of scope: 404 and no row.
  const officer = await srv.signIn('officer');
  assertProblem(await officer.get(`/api/v1/inspection/appointments/${b.json.id}`), 404, 'not-found');
  assert.equal(await count(), 1);
});

test('the appointment reminder says today for a slot today and tomorrow for one tomorrow', async () => {
  const { id: userId, vehicleIds } = await citizenWithCars(2);
  const t = now();
  // Later today (if today has a few minutes left), and 10:05 tomorrow.
  const todayAt = t + 300;
  const tomorrowAt = midnight(localDate(t + DAY)) + 10 * 3600 + 300;
  const ids = [];
  for (const [i, at] of [[0, todayAt], [1, tomorrowAt]]) {
    const sid = Number(await srv.value(`INSERT INTO inspection_slots (station_id, day, starts_at, ends_at, capacity, booked) VALUES (${station}, '${localDate(at)}', ${at}, ${at + 1800}, 5, 1) RETURNING id`));
    ids.push(Number(await srv.value(`INSERT INTO inspection_appointments (confirmation_no, slot_id, station_id, vehicle_id, user_id, status, starts_at, created_at, updated_at) VALUES ('RM${sid}', ${sid}, ${station}, ${vehicleIds[i]}, ${userId}, 'booked', ${at}, 0, 0) RETURNING id`)));
  }
  const reminders = async () => srv.rows(`SELECT title, body FROM notifications WHERE user_id = ${userId} AND kind = 'inspection.reminder' ORDER BY id`);
  const deadline = Date.now() + 15000;
  while (Date.now() < deadline && (await reminders()).length < 2) await new Promise((r) => setTimeout(r, 400));
  const got = await reminders();
  assert.equal(got.length, 2, JSON.stringify(got));
  const expect = (at) => (localDate(at) === localDate(t) ? '今日' : '明日');
  const byDay = (at) => got.find(([, body]) => body.includes(localDate(at)));
  const today = byDay(todayAt);
  const tomorrow = byDay(tomorrowAt);
  assert.ok(today && tomorrow, JSON.stringify(got));
  assert.equal(today[0], `${expect(todayAt)}机动车检验预约提醒`);
  assert.ok(today[1].includes(expect(todayAt) === '今日' ? '今天' : '明天'), today[1]);
  assert.equal(tomorrow[0], '明日机动车检验预约提醒');
  assert.ok(tomorrow[1].includes('明天'), tomorrow[1]);
});
